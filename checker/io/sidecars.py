"""Metadata kept beside the articles: the ``--metadata`` file (rows for many articles) and a
per-file sidecar (``<file>.meta.yaml``, ``.meta.yml``, ``.meta.json``)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .readers import one_line, tagged

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
#: The label of an article read from standard input (``checker run -``).
STDIN = "<stdin>"


def read_metadata_file(path: str | Path) -> dict[str, dict[str, Any]]:
    """Rows of a metadata sidecar (CSV, TSV, JSON, JSONL, YAML), keyed by their ``path`` or ``id``."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
        ext = p.suffix.lower()
        if ext in (".csv", ".tsv"):
            rows: Any = list(csv.DictReader(raw.splitlines(), delimiter="\t" if ext == ".tsv" else ","))
        elif ext == ".jsonl":
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
        elif ext == ".json":
            rows = json.loads(raw)
        elif ext in (".yaml", ".yml"):
            rows = yaml.safe_load(raw)
        else:
            raise InputError(f"metadata file {p}: unsupported format {ext or '(none)'!r} (use .csv, .tsv, .json, .jsonl or .yaml)")
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"metadata file {p}: {one_line(exc)}") from None
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


def _key(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def lookup(rows: dict[str, dict[str, Any]], label: str, aid: str) -> dict[str, Any]:
    """The sidecar row for an article: by id, path as given, path relative to cwd, or basename."""
    if not rows:
        return {}
    file, sep, rec = label.partition("#")
    candidates = [aid, _key(label), _key(Path(file).name) + sep + rec]
    if file != STDIN:
        try:
            candidates.append(_key(os.path.relpath(Path(file).resolve())) + sep + rec)
        except ValueError:  # another drive on Windows
            pass
    return next((rows[c] for c in candidates if c in rows), {})


def file_sidecar(path: Path, read) -> dict[str, Any]:
    """Metadata from ``<file>.meta.yaml|.meta.yml|.meta.json`` next to the file, if there is one."""
    for suffix in SIDECAR_SUFFIXES:
        side = path.with_name(path.name + suffix)
        if side.is_file():
            try:
                data = yaml.safe_load(read(side))  # YAML is a superset of JSON
            except (InputError, yaml.YAMLError) as exc:
                raise InputError(f"sidecar {side.name}: {one_line(exc)}") from None
            if not isinstance(data, dict):
                raise InputError(f"sidecar {side.name}: expected a mapping of metadata keys")
            return tagged(data, f"sidecar {side.name}")
    return {}
