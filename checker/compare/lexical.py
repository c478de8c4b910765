"""Lexical relations from the Open English WordNet: antonyms, synonyms, derivations, places.

The relations come from ``checker/data/wordnet.json.gz``, a compact file derived from the Open
English WordNet (CC BY 4.0, itself derived from Princeton WordNet; see
``checker/data/WORDNET-LICENSE.md``) by ``scripts/build_lexical.py``. The file is read once, on
the first lookup. Lookups take lemmas, matched without regard to case, with multi-word lemmas
spelled with spaces ("prop up"), and answer in lower case; a word that the file does not know
gives an empty set or ``None``.

Parts of speech are WordNet's: ``"n"``, ``"v"``, ``"a"`` (adjectives, satellites included) and
``"r"`` (adverbs); spaCy's ``NOUN``/``PROPN``/``VERB``/``ADJ``/``ADV`` are accepted too.

Synonyms use only the first three senses of a lemma in a part of speech, categories the first
two (OEWN lists the most frequent first): "quit" ~ "step down" ~ "depart" are kept, the rarer
"quit" ~ "renounce" is not.
"""

from __future__ import annotations

import gzip
import json
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

__all__ = [
    "antonyms",
    "are_antonyms",
    "country_of",
    "derivations",
    "metadata",
    "pertainym",
    "same_kind",
    "synonyms",
]

_POS = {"n": "n", "noun": "n", "propn": "n", "v": "v", "verb": "v", "aux": "v", "a": "a", "s": "a", "adj": "a", "r": "r", "adv": "r"}
# Categories this close to a root of the noun hierarchy ("entity", "abstraction", "object",
# "act") or this large ("person", "organization", "group action", "time period" hold 600 to
# 7600 synsets) say little about two words being the same kind of thing.
_MIN_DEPTH = 4
_MAX_SIZE = 600
# Noun senses of each word looked at for a category (of the three in the file).
_KIND_SENSES = 2
# How far up from each word a shared category is looked for (1: siblings; 2: also cousins,
# as "senator" < "legislator" < "politician" > "governor").
_MAX_UP = 2


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with (files("checker") / "data" / "wordnet.json.gz").open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()))


def metadata() -> dict[str, Any]:
    """The file's header: source, licence, attribution, the command that rebuilds it."""
    return dict(_data()["meta"])


def _pos(pos: str | None) -> str | None:
    return None if pos is None else _POS.get(pos.lower(), pos.lower())


def _key(word: str) -> str:
    return " ".join(word.replace("_", " ").lower().split())


@lru_cache(maxsize=1)
def _synset_rows() -> list[str]:
    return _data()["synsets"].split("\n")


@cache
def _sense_table(pos: str) -> dict[str, str]:
    text = _data()["senses"].get(pos, "")
    return dict(line.split("\t", 1) for line in text.split("\n")) if text else {}


@lru_cache(maxsize=65536)
def _synset(index: int) -> tuple[tuple[str, ...], tuple[int, ...], int, int]:
    """(members, hypernym indices, depth, number of synsets below) of one synset."""
    members, hypers, depth, size = _synset_rows()[index].split("|")
    return tuple(members.split(";")), tuple(int(h) for h in hypers.split()), int(depth or 0), int(size or 0)


def _senses(lemma: str, pos: str | None) -> tuple[int, ...]:
    """Synset indices of the first senses of ``lemma`` in ``pos``, most frequent first."""
    row = _sense_table(pos).get(lemma) if pos else None
    return tuple(int(i) for i in row.split()) if row else ()


@lru_cache(maxsize=8192)
def antonyms(lemma: str, pos: str | None = None) -> frozenset[str]:
    """Antonyms of ``lemma`` (in ``pos``, or in any part of speech): direct sense antonyms,
    indirect ones for adjectives ("wet" ~ "arid": "arid" is similar to "dry") and ones carried
    across derivation (the nouns "decline" ~ "improvement" give the verbs "decline" ~
    "improve"; the verbs "buy" ~ "sell" give the nouns "buyer" ~ "seller")."""
    lemma, pos = _key(lemma), _pos(pos)
    table = _data()["antonyms"]
    if pos is not None:
        return frozenset(table.get(pos, {}).get(lemma, ()))
    return frozenset(a for by in table.values() for a in by.get(lemma, ()))


def are_antonyms(a: str, b: str, pos: str | None = None) -> bool:
    """Whether ``a`` and ``b`` are antonyms (see :func:`antonyms`)."""
    return _key(b) in antonyms(a, pos)


@lru_cache(maxsize=8192)
def synonyms(lemma: str, pos: str) -> frozenset[str]:
    """Lemmas sharing one of the first three senses of ``lemma`` in ``pos``, the lemma excluded
    ("buy" -> "purchase"; "quit" -> "leave office", "step down", "resign", "depart", ...)."""
    lemma, pos = _key(lemma), _pos(pos)
    out = {m for i in _senses(lemma, pos) for m in _synset(i)[0]}
    out.discard(lemma)
    return frozenset(out)


@lru_cache(maxsize=8192)
def derivations(lemma: str) -> frozenset[str]:
    """Lemmas derivationally related to ``lemma`` across parts of speech ("announce" <->
    "announcement"); holds ``lemma`` itself where another part of speech is spelled the same
    ("exit" n. <-> "exit" v.)."""
    return frozenset(_data()["derivations"].get(_key(lemma), ()))


def pertainym(adj: str) -> str | None:
    """What an adjective (or adverb) pertains to, from its most frequent sense that has a
    pertainym ("federal" -> "federal government"), else the place its gloss names ("chinese"
    -> "china")."""
    key = _key(adj)
    targets = _data()["pertainyms"].get(key)
    return targets[0] if targets else _data()["places"].get(key)


def country_of(word: str) -> str | None:
    """The place a demonym or place adjective names, read from its gloss ("italian" -> "italy",
    "french" -> "france", "texan" -> "texas", "parisian" -> "paris"): a country, region or
    city."""
    return _data()["places"].get(_key(word))


def _ancestors(index: int) -> dict[int, int]:
    """Hypernyms of a synset up to ``_MAX_UP`` steps away -> the number of steps."""
    out: dict[int, int] = {}
    frontier = [index]
    for step in range(1, _MAX_UP + 1):
        nxt = []
        for i in frontier:
            for h in _synset(i)[1]:
                if h not in out:
                    out[h] = step
                    nxt.append(h)
        frontier = nxt
    return out


@lru_cache(maxsize=8192)
def same_kind(a: str, b: str) -> str | None:
    """The category two different nouns are both kinds or instances of ("wednesday",
    "thursday" -> "weekday"; "senator", "governor" -> "politician"; places by their people:
    "france", "italy" -> "european"), else ``None``.

    Looks at most two hypernym steps up from each of the first two noun senses of both words,
    prefers the nearest shared category, and skips categories near the root or with more than
    600 synsets below them ("person", "organization"). ``None`` also where the two share a
    sense (synonyms) or one is a category of the other ("senator", "legislator").
    """
    a, b = _key(a), _key(b)
    if a == b:
        return None
    kinds = _data()["place_kinds"]
    if a in kinds and b in kinds:
        return kinds[a] if kinds[a] == kinds[b] else None
    sa, sb = _senses(a, "n")[:_KIND_SENSES], _senses(b, "n")[:_KIND_SENSES]
    if not sa or not sb or set(sa) & set(sb):
        return None
    up_a = {i: _ancestors(i) for i in sa}
    up_b = {j: _ancestors(j) for j in sb}
    if any(j in anc for anc in up_a.values() for j in sb) or any(i in anc for anc in up_b.values() for i in sa):
        return None
    best: tuple[int, int, int, int] | None = None
    for ra, (_i, anc_a) in enumerate(up_a.items()):
        for rb, (_j, anc_b) in enumerate(up_b.items()):
            for h in anc_a.keys() & anc_b.keys():
                if _synset(h)[2] < _MIN_DEPTH or _synset(h)[3] > _MAX_SIZE:
                    continue
                rank = (anc_a[h] + anc_b[h], ra + rb, -_synset(h)[2], h)
                if best is None or rank < best:
                    best = rank
    return _synset(best[3])[0][0] if best else None
