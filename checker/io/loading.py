"""Read articles from files and directories (.txt, .md, .html, .json, .jsonl) with their metadata.

Bad input never raises out of :func:`load_articles`: each unreadable file (or
JSONL line) becomes an ``ArticleError(stage="load")`` with a one-line message,
and the other articles still load. Only a broken ``--metadata`` sidecar, which
is an option rather than an article, raises ``InputError``.

Metadata, strongest first (given values are marked ``origin="metadata"``):

1. the sidecar passed as ``metadata`` (CSV, JSON, JSONL or YAML rows keyed by
   ``path`` -- as given, relative or basename, with ``#N`` for a record -- or by ``id``);
2. a per-file sidecar next to the file: ``<file>.meta.yaml``, ``.meta.yml`` or
   ``.meta.json`` (e.g. ``a.txt.meta.yaml``), applied to every record of that file;
3. metadata inside the file: Markdown front matter, HTML ``<meta>`` tags, JSON keys;
4. inferred from the text by :mod:`checker.io.metadata`; otherwise unknown.

Keys: ``title``, ``outlet`` (or ``source``: a name or ``{"name": ...}``),
``published`` (or ``date``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from selectolax.lexbor import LexborHTMLParser

from .. import lexicons
from ..errors import ConfigError, InputError
from ..models import Article, ArticleError, Sourced
from .metadata import infer_all, parse_date

#: Largest file read, in bytes (override with ``max_bytes`` or ``CHECKER_MAX_BYTES``).
DEFAULT_MAX_BYTES = 2_000_000
FORMATS = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
_TEXT_KEYS = ("text", "body", "content")
_DROP_TAGS = ", ".join(lexicons.ordered("html_tags", "dropped"))  # a CSS selector list
_BLOCK_TAGS = lexicons.words("html_tags", "block")

Record = tuple[str, str, dict[str, Any]]  # (path label, text, metadata given in the file)


def normalise(text: str) -> str:
    """NFC and \\n newlines: offsets are computed on this form only."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def article_id(text: str) -> str:
    """Content hash of the normalised text: sha256, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_articles(
    paths: Iterable[str | Path], metadata: str | Path | None = None, *, max_bytes: int | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """Articles from files and directories (recursive, sorted, hidden files skipped), and per-file errors."""
    limit = _max_bytes(max_bytes)
    rows = read_metadata_file(metadata) if metadata else {}
    skip = {Path(metadata).resolve()} if metadata else set()
    articles: list[Article] = []
    errors: list[ArticleError] = []
    by_id: dict[str, Article] = {}
    for item in _records(paths, limit, skip):
        if isinstance(item, ArticleError):
            errors.append(item)
            continue
        label, text, given = item
        try:
            article, warnings = build_article(label, text, given, _lookup(rows, label, article_id(normalise(text))))
        except InputError as exc:
            errors.append(ArticleError(path=label, stage="load", message=str(exc)))
            continue
        if article.id in by_id:
            msg = f"duplicate of {by_id[article.id].path} (same text): skipped"
            errors.append(ArticleError(path=label, article_id=article.id, stage="load", message=msg))
            continue
        by_id[article.id] = article
        articles.append(article)
        errors.extend(ArticleError(path=label, article_id=article.id, stage="load", message=w) for w in warnings)
    return articles, errors


def build_article(label: str, text: str, *given: dict[str, Any]) -> tuple[Article, list[str]]:
    """An Article from its text; given metadata (later dicts win) beats inference. Returns warnings too."""
    text = normalise(text)
    if not text.strip():
        raise InputError("no article text")
    merged: dict[str, Any] = {}
    for layer in given:
        merged.update({k: v for k, v in _given(layer).items() if v is not None})
    fields, warnings = {}, []
    for key in ("title", "outlet"):
        if merged.get(key):
            fields[key] = Sourced(value=str(merged[key]).strip(), origin="metadata")
    if "published" in merged:
        day = parse_date(merged["published"])
        if day is None:
            warnings.append(f"metadata 'published' is not a complete date: {str(merged['published'])[:40]!r}; ignored")
        else:
            fields["published"] = Sourced(value=day, origin="metadata")
    inferred = infer_all(text)
    if "published" in fields:
        inferred["year_frame"] = Sourced(value=fields["published"].value.year, origin="metadata")
    return Article(id=article_id(text), path=label, text=text, **{**inferred, **fields}), warnings


def read_metadata_file(path: str | Path) -> dict[str, dict[str, Any]]:
    """Rows of a metadata sidecar (CSV, JSON, JSONL, YAML), keyed by their ``path`` or ``id``."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
        ext = p.suffix.lower()
        if ext == ".csv":
            rows: Any = list(csv.DictReader(raw.splitlines()))
        elif ext == ".jsonl":
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
        elif ext == ".json":
            rows = json.loads(raw)
        elif ext in (".yaml", ".yml"):
            rows = yaml.safe_load(raw)
        else:
            raise InputError(f"metadata file {p}: unsupported format {ext or '(none)'!r} (use .csv, .json, .jsonl or .yaml)")
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"metadata file {p}: {_one_line(exc)}") from None
    if isinstance(rows, dict) and not {"path", "id"} & rows.keys():
        rows = [{"path": k, **v} for k, v in rows.items() if isinstance(v, dict)]
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"metadata file {p}: expected rows of objects with a 'path' or 'id'")
    keyed = {}
    for row in rows:
        keys = [str(row[k]) for k in ("id", "path") if row.get(k)]
        if not keys:
            raise InputError(f"metadata file {p}: a row has neither 'path' nor 'id'")
        keyed.update({_key(k): row for k in keys})
    return keyed


def _max_bytes(max_bytes: int | None) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get("CHECKER_MAX_BYTES")
    if not env:
        return DEFAULT_MAX_BYTES
    if not env.isdigit():
        raise ConfigError(f"CHECKER_MAX_BYTES must be a number of bytes, not {env!r}")
    return int(env)


def _key(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def _lookup(rows: dict[str, dict[str, Any]], label: str, aid: str) -> dict[str, Any]:
    """The sidecar row for an article: by id, path as given, path relative to cwd, or basename."""
    if not rows:
        return {}
    file, sep, rec = label.partition("#")
    candidates = [aid, _key(label), _key(Path(file).name) + sep + rec]
    try:
        candidates.append(_key(os.path.relpath(Path(file).resolve())) + sep + rec)
    except ValueError:  # another drive on Windows
        pass
    return next((rows[c] for c in candidates if c in rows), {})


def _given(layer: dict[str, Any]) -> dict[str, Any]:
    """The metadata keys checker knows, from a row, front matter or JSON object."""
    source = layer.get("source")
    if isinstance(source, dict):
        source = source.get("name")
    values = {"title": layer.get("title"), "outlet": layer.get("outlet") or source,
              "published": layer.get("published") or layer.get("date")}  # fmt: skip
    return {k: None if isinstance(v, str) and not v.strip() else v for k, v in values.items()}


def _records(paths: Iterable[str | Path], limit: int, skip: set[Path]) -> Iterator[Record | ArticleError]:
    """Every record of every file under the paths, or an error for each one that cannot be read."""
    seen: set[Path] = set()
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            yield ArticleError(path=str(raw), stage="load", message="no such file or directory")
            continue
        if root.is_dir():
            files = _walk(root, skip)
            if not files:
                yield ArticleError(path=str(raw), stage="load", message=f"no {', '.join(FORMATS)} files in directory")
        else:
            files = [root]
        for f in files:
            resolved = f.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            try:
                yield from _parse_file(f, limit)
            except InputError as exc:
                yield ArticleError(path=str(f), stage="load", message=str(exc))


def _walk(root: Path, skip: set[Path]) -> list[Path]:
    """Supported, non-hidden files under a directory, sorted by relative path; sidecars left out."""
    found = []
    for f in root.rglob("*"):
        rel = f.relative_to(root)
        name = f.name.lower()
        if any(part.startswith(".") for part in rel.parts) or not f.is_file():
            continue
        if name.endswith(SIDECAR_SUFFIXES) or not name.endswith(FORMATS) or f.resolve() in skip:
            continue
        found.append(f)
    return sorted(found, key=lambda f: f.relative_to(root).as_posix())


def _read(path: Path, limit: int) -> str:
    """The file's text, or InputError saying in one line why it is not a readable text file."""
    try:
        if not path.is_file():
            raise InputError("not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit (set CHECKER_MAX_BYTES to raise it)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _parse_file(path: Path, limit: int) -> Iterator[Record | ArticleError]:
    """The records of one file, by its extension, with its per-file sidecar applied."""
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(f"unsupported format {ext or '(none)'!r} (use {', '.join(FORMATS)})")
    text = _read(path, limit)
    side = _sidecar(path, limit)
    label = str(path)
    if ext in (".md", ".markdown"):
        try:
            post = frontmatter.loads(text)
        except (yaml.YAMLError, ValueError) as exc:
            raise InputError(f"bad YAML front matter: {_one_line(exc)}") from None
        yield label, post.content, {**post.metadata, **side}
    elif ext in (".html", ".htm"):
        body, given = _html(text)
        yield label, body, {**given, **side}
    elif ext == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"invalid JSON: {_one_line(exc)}") from None
        if isinstance(data, list):
            for n, obj in enumerate(data, 1):
                yield _json_record(f"{label}#{n}", obj, side)
        else:
            yield _json_record(label, data, side)
    elif ext == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield ArticleError(path=f"{label}#{n}", stage="load", message=f"invalid JSON: {_one_line(exc)}")
                continue
            yield _json_record(f"{label}#{n}", obj, side)
    else:
        yield label, text, side


def _json_record(label: str, obj: Any, side: dict[str, Any]) -> Record | ArticleError:
    if not isinstance(obj, dict):
        return ArticleError(path=label, stage="load", message="expected a JSON object with a 'text' field")
    body = next((obj[k] for k in _TEXT_KEYS if k in obj), None)
    if not isinstance(body, str):
        return ArticleError(path=label, stage="load", message="no 'text', 'body' or 'content' string in the JSON object")
    return label, body, {**obj, **side}


def _sidecar(path: Path, limit: int) -> dict[str, Any]:
    """Metadata from ``<file>.meta.yaml|.meta.yml|.meta.json`` next to the file, if there is one."""
    for suffix in SIDECAR_SUFFIXES:
        side = path.with_name(path.name + suffix)
        if side.is_file():
            try:
                data = yaml.safe_load(_read(side, limit))  # YAML is a superset of JSON
            except (InputError, yaml.YAMLError) as exc:
                raise InputError(f"sidecar {side.name}: {_one_line(exc)}") from None
            if not isinstance(data, dict):
                raise InputError(f"sidecar {side.name}: expected a mapping of metadata keys")
            return data
    return {}


def _html(html: str) -> tuple[str, dict[str, Any]]:
    """Readable text of an HTML page (scripts, styles, navigation dropped) and its metadata tags."""
    tree = LexborHTMLParser(html)

    def meta(selector: str, attr: str = "content") -> str | None:
        node = tree.css_first(selector)
        value = node.attributes.get(attr) if node is not None else None
        return value.strip() if value and value.strip() else None

    title_node = tree.css_first("title")
    given = {
        "title": meta('meta[property="og:title"]') or (title_node.text(strip=True) if title_node else None) or None,
        "outlet": meta('meta[property="og:site_name"]'),
        "published": meta('meta[property="article:published_time"]') or meta("time[datetime]", "datetime"),
    }
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
    return "\n".join(line for line in lines if line), given


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


def _one_line(exc: BaseException) -> str:
    """A short one-line message: YAML errors as 'problem at line L, column C'."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem and mark is not None:
        return f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())[:200]
