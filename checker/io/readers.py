"""Turn the bytes of one input into text and the metadata the file itself carries.

- :func:`decode`: UTF-8 (a BOM is dropped); otherwise Windows-1252 (which covers the printable
  Latin-1 range), otherwise the best guess of charset-normalizer, each with a note saying so.
  Bytes with NUL in them are binary and stay an error.
- :func:`front_matter`: a YAML ``---`` block at the top of a ``.md`` or ``.txt`` file.
- :func:`html_article`: the readable text of an HTML page, and its metadata from a schema.org
  ``NewsArticle`` (JSON-LD), the Open Graph tags, ``<title>`` and ``<time datetime>``.

Every metadata dict returned here carries a ``"__from__"`` entry: for each key, where it was read
(``"front matter"``, ``"HTML JSON-LD NewsArticle"``, ...); ``checker.io.loading`` keeps it in
``Article.metadata_from``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import frontmatter
import yaml
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from .. import lexicons
from ..errors import InputError

_DROP_TAGS = ", ".join(lexicons.ordered("html_tags", "dropped"))  # a CSS selector list
_BLOCK_TAGS = lexicons.words("html_tags", "block")
#: schema.org types whose JSON-LD gives an article's metadata (NewsArticle and its relatives).
ARTICLE_TYPES = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "Article", "BlogPosting", "Report")  # fmt: skip
KNOWN_KEYS = ("title", "outlet", "published")


def decode(data: bytes) -> tuple[str, str | None]:
    """``(text, note)``: the note says which encoding was used when it was not UTF-8."""
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        return data.decode("cp1252"), f"not UTF-8 ({where}): decoded as cp1252 (Windows Latin-1)"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise InputError(f"not text in any known encoding ({where})")
    return str(best), f"not UTF-8 ({where}): decoded as {best.encoding} (guessed by charset-normalizer)"


def tagged(values: dict[str, Any], where: str) -> dict[str, Any]:
    """``values`` with a ``__from__`` entry naming ``where`` for each metadata key it gives."""
    keys = [k for k, v in given(values).items() if v is not None]
    return {**values, "__from__": {k: where for k in keys}}


def given(layer: dict[str, Any]) -> dict[str, Any]:
    """The metadata keys checker knows, from a row, front matter, JSON object or HTML page."""
    source = layer.get("source")
    if isinstance(source, dict):
        source = source.get("name")
    values = {"title": layer.get("title"), "outlet": layer.get("outlet") or source,
              "published": layer.get("published") or layer.get("date")}  # fmt: skip
    return {k: None if isinstance(v, str) and not v.strip() else v for k, v in values.items()}


def front_matter(text: str, *, strict: bool) -> tuple[str, dict[str, Any]]:
    """The text after a YAML front matter block, and the block's metadata.

    ``strict`` (Markdown): bad YAML is an error. Otherwise (plain text) a block that is not a
    YAML mapping is left in the text, as a ``---`` line may just be a rule.
    """
    if not text.startswith("---"):
        return text, {}
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError) as exc:
        if strict:
            raise InputError(f"bad YAML front matter: {one_line(exc)}") from None
        return text, {}
    if not strict and not post.metadata:
        return text, {}
    return post.content, tagged(dict(post.metadata), "front matter")


def html_article(html: str) -> tuple[str, dict[str, Any]]:
    """Readable text of an HTML page (scripts, styles, navigation dropped) and its metadata."""
    tree = LexborHTMLParser(html)

    def meta(selector: str, attr: str = "content") -> str | None:
        node = tree.css_first(selector)
        value = node.attributes.get(attr) if node is not None else None
        return value.strip() if value and value.strip() else None

    title_node = tree.css_first("title")
    ld = json_ld_article(tree)
    candidates = {
        "title": [(ld.get("title"), "HTML JSON-LD NewsArticle"), (meta('meta[property="og:title"]'), "HTML og:title"),
                  ((title_node.text(strip=True) if title_node else None) or None, "HTML <title>")],
        "outlet": [(ld.get("outlet"), "HTML JSON-LD NewsArticle"), (meta('meta[property="og:site_name"]'), "HTML og:site_name")],
        "published": [(ld.get("published"), "HTML JSON-LD NewsArticle"),
                      (meta('meta[property="article:published_time"]'), "HTML article:published_time"),
                      (meta("time[datetime]", "datetime"), "HTML <time datetime>")],
    }  # fmt: skip
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, options in candidates.items():
        for value, where in options:
            if value:
                values[key], origins[key] = value, where
                break
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise InputError("no article text in the HTML")
    parts: list[str] = []
    try:
        _walk_html(root, parts)
    except RecursionError:
        raise InputError("HTML nested too deeply to read") from None
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line), {**values, "__from__": origins}


def json_ld_article(tree: LexborHTMLParser) -> dict[str, str]:
    """title, outlet and published of the first schema.org article object in the page's JSON-LD."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = (node.text(deep=True) or "").strip()
        raw = re.sub(r"^\s*<!--|-->\s*$", "", raw).strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(isinstance(t, str) and t.rsplit("/", 1)[-1] in ARTICLE_TYPES for t in types):
                continue
            out = {"title": _ld_text(obj.get("headline") or obj.get("name")),
                   "outlet": _ld_text(obj.get("publisher")), "published": _ld_text(obj.get("datePublished"))}  # fmt: skip
            return {k: v for k, v in out.items() if v}
    return {}


def _ld_objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every object of a JSON-LD document: top level, lists and ``@graph`` (not deeper)."""
    if depth > 3:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _ld_objects(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    return [data, *_ld_objects(data.get("@graph", []), depth + 1)]


def _ld_text(value: Any) -> str | None:
    """A plain string from a JSON-LD value: a string, an object's ``name``, or a list's first."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _walk_html(node: Any, parts: list[str]) -> None:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(re.sub(r"\s+", " ", child.text(deep=False) or ""))
        elif child.tag in _BLOCK_TAGS:
            parts.append("\n")
            _walk_html(child, parts)
            parts.append("\n")
        else:
            _walk_html(child, parts)


def one_line(exc: BaseException) -> str:
    """A short one-line message: YAML errors as 'problem at line L, column C'."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem and mark is not None:
        return f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())[:200]
