"""Word lists the rules read, loaded from the YAML files in ``checker/data/``.

One file per kind of word (speech verbs, hedge cues, months, outlets...); each file's
header comment says what it holds, how its entries are written and where they come from.
A file is read once per process (through ``importlib.resources``, so it works from an
installed wheel too). Callers never share mutable state with the cache: they get
frozensets for sets of words, tuples for ordered lists and fresh copies of mappings.

    words("speech_verbs", "deny")    -> frozenset({"deny", "dispute", ...})
    ordered("months")                -> ("january", "february", ...)
    mapping("number_words", "numbers") -> {"one": 1, ...}
    alternation(["sign up", "click here"]) -> r"(?:click\\s+here|sign\\s+up)"
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml


@lru_cache(maxsize=None)
def _load(name: str) -> dict[str, Any]:
    """The parsed mapping of ``checker/data/<name>.yaml``, read once."""
    text = (files("checker") / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise TypeError(f"checker/data/{name}.yaml: expected a mapping at the top level")
    return data


def _entry(name: str, key: str | None) -> Any:
    data = _load(name)
    return data if key is None else data[key]


def words(name: str, *keys: str) -> frozenset[str]:
    """The entries under ``keys`` (all of them together), or the whole file's, as a set.

    A mapping contributes its keys, so ``words("months")`` is the set of month names."""
    found: set[str] = set()
    for key in keys or (None,):
        found.update(_entry(name, key))
    return frozenset(found)


def ordered(name: str, key: str | None = None) -> tuple[str, ...]:
    """The entries under ``key`` (or the file's top-level keys) in file order."""
    return tuple(_entry(name, key))


def mapping(name: str, key: str | None = None) -> dict[str, Any]:
    """A copy of the mapping under ``key`` (or of the whole file)."""
    return copy.deepcopy(dict(_entry(name, key)))


def alternation(phrases: Iterable[str], case: str = "lower") -> str:
    """A regex group matching any of ``phrases``, longest first.

    Phrases are literal text except for three marks: a space matches any run of
    whitespace, ``(a|b)`` matches either word and ``[a]`` is an optional word with its
    space. ``case="title"`` capitalises each word (entries are stored lower-case)."""
    return "(?:" + "|".join(sorted((_phrase(p, case) for p in phrases), key=len, reverse=True)) + ")"


def _phrase(phrase: str, case: str) -> str:
    parts = []
    for word in phrase.split():
        optional = word.startswith("[") and word.endswith("]")
        word = word.strip("[]")
        if word.startswith("(") and word.endswith(")"):
            body = "(?:" + "|".join(_word(w, case) for w in word[1:-1].split("|")) + ")"
        else:
            body = _word(word, case)
        parts.append((body, optional))
    first = next(i for i, (_, optional) in enumerate(parts) if not optional)
    pattern = "".join(f"(?:{body}\\s+)?" for body, _ in parts[:first]) + parts[first][0]
    for body, optional in parts[first + 1 :]:
        pattern += f"(?:\\s+{body})?" if optional else f"\\s+{body}"
    return pattern


def _word(word: str, case: str) -> str:
    return re.escape(word.capitalize() if case == "title" else word)
