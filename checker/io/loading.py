"""Read articles from files, directories and standard input (.txt, .md, .html, .json, .jsonl).

Bad input never raises out of :func:`load_articles`: each unreadable file (or
JSONL line) becomes an ``ArticleError(stage="load")`` with a one-line message,
and the other articles still load. Only a broken ``--metadata`` sidecar, which
is an option rather than an article, raises ``InputError``. Files under a
directory that are not read (hidden, other extensions) are listed as ``Skipped``.
Text that is not UTF-8 is decoded as cp1252 (or charset-normalizer's guess) with a
note in ``Article.notes``; a text longer than :data:`PIECE_CHARS` is checked in pieces.

Metadata, strongest first (given values are marked ``origin="metadata"``, and
``Article.metadata_from`` says where each was read):

1. the sidecar passed as ``metadata`` (CSV, TSV, JSON, JSONL or YAML rows keyed by
   ``path`` -- as given, relative or basename, with ``#N`` for a record -- or by ``id``);
2. a per-file sidecar next to the file: ``<file>.meta.yaml``, ``.meta.yml`` or
   ``.meta.json`` (e.g. ``a.txt.meta.yaml``), applied to every record of that file;
3. metadata inside the file: YAML front matter (.md, .txt), HTML JSON-LD ``NewsArticle``,
   then ``<meta>`` tags, JSON keys;
4. inferred from the text by :mod:`checker.io.metadata`; otherwise unknown.

Keys: ``title``, ``outlet`` (or ``source``: a name or ``{"name": ...}``),
``published`` (or ``date``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ConfigError, InputError
from ..models import Article, ArticleError, Skipped, Sourced
from .metadata import infer_all, parse_date
from .readers import KNOWN_KEYS, decode, front_matter, given, html_article, one_line, tagged
from .sidecars import SIDECAR_SUFFIXES, STDIN, file_sidecar, lookup, read_metadata_file

#: Largest file read, in bytes (override with ``max_bytes`` or ``CHECKER_MAX_BYTES``).
DEFAULT_MAX_BYTES = 2_000_000
#: Longest text parsed in one go: spaCy's default ``Language.max_length``. A longer text is cut at
#: paragraph (else line, else sentence) breaks into pieces, each checked as its own article.
PIECE_CHARS = 1_000_000
FORMATS = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
_TEXT_KEYS = ("text", "body", "content")

Record = tuple[str, str, dict[str, Any], list[str]]  # (path label, text, metadata given in the file, notes)


@dataclass
class Loaded:
    """What loading found: articles, per-file errors, and files left out on purpose."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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
    loaded = load(paths, metadata, max_bytes=max_bytes)
    return loaded.articles, loaded.errors


def load(
    paths: Iterable[str | Path],
    metadata: str | Path | None = None,
    *,
    max_bytes: int | None = None,
    stdin_format: str = "txt",
    stdin: BinaryIO | None = None,
    on_file: Callable[[str], None] | None = None,
) -> Loaded:
    """Like :func:`load_articles`, and also the skipped files. A path ``-`` reads one input from
    ``stdin`` (default ``sys.stdin``) as ``stdin_format`` (``txt``, ``md``, ``html``, ``json``,
    ``jsonl``). ``on_file`` is called with each file's path once it was read."""
    limit = _max_bytes(max_bytes)
    rows = read_metadata_file(metadata) if metadata else {}
    skip = {Path(metadata).resolve()} if metadata else set()
    out = Loaded()
    by_id: dict[str, Article] = {}
    for item in _records(paths, limit, skip, out.skipped, stdin_format, stdin, on_file):
        if isinstance(item, ArticleError):
            out.errors.append(item)
            continue
        label, text, inside, notes = item
        row = lookup(rows, label, article_id(normalise(text)))
        if row:
            row = tagged(row, f"--metadata {Path(metadata).name}")  # type: ignore[arg-type]
        try:
            built = _build_pieces(label, text, notes, inside, row)
        except InputError as exc:
            out.errors.append(ArticleError(path=label, stage="load", message=str(exc)))
            continue
        for article, warnings in built:
            if article.id in by_id:
                msg = f"duplicate of {by_id[article.id].path} (same text): skipped"
                out.errors.append(ArticleError(path=article.path or label, article_id=article.id, stage="load", message=msg))
                continue
            by_id[article.id] = article
            out.articles.append(article)
            out.errors.extend(ArticleError(path=label, article_id=article.id, stage="load", message=w) for w in warnings)
    return out


def _build_pieces(label: str, text: str, notes: list[str], *layers: dict[str, Any]) -> list[tuple[Article, list[str]]]:
    """One article, or one per piece of a text longer than :data:`PIECE_CHARS`; pieces after the
    first take the first one's metadata (inferred values without their evidence span)."""
    pieces = split_text(normalise(text), PIECE_CHARS)
    if len(pieces) == 1:
        article, warnings = build_article(label, text, *layers)
        return [(article.model_copy(update={"notes": notes}), warnings)]
    out: list[tuple[Article, list[str]]] = []
    for n, piece in enumerate(pieces, 1):
        note = f"piece {n} of {len(pieces)} of a {len(text):,}-character text (longest parsed at once: {PIECE_CHARS:,})"
        article, warnings = build_article(f"{label}#part{n}", piece, *layers)
        update: dict[str, Any] = {"notes": [*notes, note]}
        if out:
            first = out[0][0]
            for key in ("title", "outlet", "published", "year_frame"):
                value = getattr(first, key)
                update[key] = value if value.origin == "metadata" else value.model_copy(update={"evidence": None})
            warnings = []
        out.append((article.model_copy(update=update), warnings))
    return out


def split_text(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at the last paragraph break, else
    line break, else sentence end, else space before the limit; the pieces join back to ``text``."""
    pieces: list[str] = []
    while len(text) > size:
        window = text[:size]
        cut = next((i + len(sep) for sep in ("\n\n", "\n", ". ", " ") if (i := window.rfind(sep)) > size // 2), size)
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text or not pieces else pieces


def build_article(label: str, text: str, *given_layers: dict[str, Any]) -> tuple[Article, list[str]]:
    """An Article from its text; given metadata (later dicts win) beats inference. Returns warnings too.

    A layer's ``"__from__"`` entry (see :mod:`checker.io.readers`) says where its values were read."""
    text = normalise(text)
    if not text.strip():
        raise InputError("no article text")
    merged: dict[str, Any] = {}
    where: dict[str, str] = {}
    for layer in given_layers:
        origins = layer.get("__from__", {})
        for key, value in given(layer).items():
            if value is not None:
                merged[key], where[key] = value, origins.get(key, "metadata")
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
    from_ = {k: where[k] for k in KNOWN_KEYS if k in fields}
    return Article(id=article_id(text), path=label, text=text, metadata_from=from_, **{**inferred, **fields}), warnings


def _max_bytes(max_bytes: int | None) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get("CHECKER_MAX_BYTES")
    if not env:
        return DEFAULT_MAX_BYTES
    if not env.isdigit():
        raise ConfigError(f"CHECKER_MAX_BYTES must be a number of bytes, not {env!r}")
    return int(env)


def _records(
    paths: Iterable[str | Path], limit: int, skip: set[Path], skipped: list[Skipped], stdin_format: str,
    stdin: BinaryIO | None, on_file: Callable[[str], None] | None,
) -> Iterator[Record | ArticleError]:
    """Every record of every file under the paths, or an error for each one that cannot be read."""
    seen: set[Path] = set()
    for raw in paths:
        if str(raw) == "-":
            yield from _stdin_records(stdin or sys.stdin.buffer, stdin_format, limit)
            if on_file:
                on_file(STDIN)
            continue
        root = Path(raw)
        if not root.exists():
            yield ArticleError(path=str(raw), stage="load", message="no such file or directory")
            continue
        if root.is_dir():
            files, left_out = _walk(root, skip)
            skipped.extend(left_out)
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
            if on_file:
                on_file(str(f))


def _stdin_records(stream: BinaryIO, fmt: str, limit: int) -> Iterator[Record | ArticleError]:
    ext = "." + fmt.lower().lstrip(".")
    try:
        if ext not in FORMATS:
            raise InputError(f"unsupported stdin format {fmt!r} (use {', '.join(f[1:] for f in FORMATS)})")
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"standard input is over the {limit / 1e6:g} MB limit (set CHECKER_MAX_BYTES to raise it)")
        if not data.strip():
            raise InputError("empty standard input")
        text, note = decode(data)
        yield from _parse_text(STDIN, text, ext, {}, [note] if note else [])
    except InputError as exc:
        yield ArticleError(path=STDIN, stage="load", message=str(exc))


def _walk(root: Path, skip: set[Path]) -> tuple[list[Path], list[Skipped]]:
    """Supported, non-hidden files under a directory, sorted by relative path (sidecars and the
    metadata file left out), and the files skipped with the reason."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        skipped += [Skipped(path=f"{here / d}{os.sep}", reason="hidden directory") for d in dirnames if d.startswith(".")]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            f = here / name
            low = name.lower()
            if name.startswith("."):
                skipped.append(Skipped(path=str(f), reason="hidden file"))
            elif low.endswith(SIDECAR_SUFFIXES) or f.resolve() in skip:
                continue  # read as metadata
            elif not low.endswith(FORMATS):
                ext = Path(name).suffix or "(none)"
                skipped.append(Skipped(path=str(f), reason=f"unsupported extension {ext!r} (reads {', '.join(FORMATS)})"))
            elif not f.is_file():
                skipped.append(Skipped(path=str(f), reason="not a regular file"))
            else:
                found.append(f)
    key = lambda p: Path(p).relative_to(root).as_posix()  # noqa: E731
    return sorted(found, key=key), sorted(skipped, key=lambda s: key(s.path.rstrip(os.sep)))


def _read(path: Path, limit: int) -> tuple[str, str | None]:
    """The file's text and a note on its encoding when not UTF-8; InputError saying in one line
    why it is not a readable text file."""
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
    return decode(data)


def _parse_file(path: Path, limit: int) -> Iterator[Record | ArticleError]:
    """The records of one file, by its extension, with its per-file sidecar applied."""
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(f"unsupported format {ext or '(none)'!r} (use {', '.join(FORMATS)})")
    text, note = _read(path, limit)
    yield from _parse_text(str(path), text, ext, file_sidecar(path, lambda side: _read(side, limit)[0]), [note] if note else [])


def _parse_text(label: str, text: str, ext: str, side: dict[str, Any], notes: list[str]) -> Iterator[Record | ArticleError]:
    """The records of one input's text, read as ``ext``; ``side`` (a sidecar's values) wins."""
    if ext in (".md", ".markdown", ".txt"):
        body, inside = front_matter(text, strict=ext != ".txt")
        yield label, body, _merge(inside, side), notes
    elif ext in (".html", ".htm"):
        body, inside = html_article(text)
        yield label, body, _merge(inside, side), notes
    elif ext == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"invalid JSON: {one_line(exc)}") from None
        if isinstance(data, list):
            for n, obj in enumerate(data, 1):
                yield _json_record(f"{label}#{n}", obj, side, notes)
        else:
            yield _json_record(label, data, side, notes)
    elif ext == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield ArticleError(path=f"{label}#{n}", stage="load", message=f"invalid JSON: {one_line(exc)}")
                continue
            yield _json_record(f"{label}#{n}", obj, side, notes)


def _merge(inside: dict[str, Any], side: dict[str, Any]) -> dict[str, Any]:
    """File metadata overridden by its sidecar, with both ``__from__`` maps merged likewise."""
    return {**inside, **side, "__from__": {**inside.get("__from__", {}), **side.get("__from__", {})}}


def _json_record(label: str, obj: Any, side: dict[str, Any], notes: list[str]) -> Record | ArticleError:
    if not isinstance(obj, dict):
        return ArticleError(path=label, stage="load", message="expected a JSON object with a 'text' field")
    body = next((obj[k] for k in _TEXT_KEYS if k in obj), None)
    if not isinstance(body, str):
        return ArticleError(path=label, stage="load", message="no 'text', 'body' or 'content' string in the JSON object")
    return label, body, _merge(tagged(obj, "JSON keys"), side), notes
