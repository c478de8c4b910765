"""Candidate pairs of facts from different articles, without comparing every pair.

An inverted index maps blocking keys to facts: resolved entities (``e:``), events on a subject
(``v:exit|joe biden``, one key per WordNet synonym of the predicate), quotations (``q:`` first words), explicit days (``d:``) and content
words (``w:``). Keys held by more than ``cap`` facts are dropped (too common to block on), each
key is weighted by its rarity, and each fact keeps its ``top_k`` best-scoring partners, so the
number of judged pairs grows at most linearly with the number of facts. A key held by more
than ``cap`` facts is not dropped but blocked by sorted neighbourhood: its facts, sorted by
text, are paired only with their next ``window`` neighbours (near-duplicates sort together).
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache
from itertools import combinations

from . import lexical
from .facts import Fact

WEIGHTS = {"q": 4.0, "v": 2.0, "d": 1.5, "e": 1.0, "w": 0.4}


def keys(f: Fact) -> set[str]:
    """The blocking keys of one fact."""
    out = {f"e:{e}" for e in f.entities if e}
    out |= {f"v:{lemma}|{s}" for ev in f.events for lemma in _predicates(ev.lemma) for s in ev.subj if s in f.entities}
    out |= {"q:" + " ".join(q.split()[:4]) for q in f.quotes}
    out |= {f"q:{' '.join(q.split()[i:i + 3])}" for q in f.quotes for i in range(0, max(1, len(q.split()) - 2))}
    out |= {f"d:{d.label()}" for d in f.dates if d.month and d.day}
    out |= {f"w:{w}" for w in f.lemmas if len(w) > 3}
    return out


@lru_cache(maxsize=4096)
def _predicates(lemma: str) -> frozenset[str]:
    """A predicate and its WordNet synonyms: "quit" and "resign" share a key."""
    return frozenset({lemma}) | lexical.synonyms(lemma, "VERB")


def total_pairs(facts: list[Fact]) -> int:
    """All pairs of facts from different articles."""
    sizes = defaultdict(int)
    for f in facts:
        sizes[f.article_id] += 1
    n = sum(sizes.values())
    return (n * n - sum(s * s for s in sizes.values())) // 2


def _block_pairs(ids: list[int], facts: list[Fact], cap: int, window: int):
    """All pairs of a small block; sorted-neighbourhood pairs of a large one."""
    if len(ids) <= cap:
        yield from combinations(ids, 2)
        return
    ordered = sorted(ids, key=lambda i: facts[i].text)
    for pos, i in enumerate(ordered):
        for j in ordered[pos + 1 : pos + 1 + window]:
            yield i, j


def candidates(facts: list[Fact], top_k: int = 6, cap: int = 48, window: int = 6, min_score: float = 2.0) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, of facts from different articles worth judging."""
    index: dict[str, list[int]] = defaultdict(list)
    fkeys = [keys(f) for f in facts]
    for i, ks in enumerate(fkeys):
        for k in ks:
            index[k].append(i)
    n = max(len(facts), 2)
    weight = {k: WEIGHTS[k[0]] * math.log(1 + n / len(ids)) for k, ids in index.items() if len(ids) > 1}
    scores: list[dict[int, float]] = [defaultdict(float) for _ in facts]
    for k, w in weight.items():
        for i, j in _block_pairs(index[k], facts, cap, window):
            if facts[i].article_id != facts[j].article_id:
                scores[i][j] += w
                scores[j][i] += w
    pairs = set()
    for i, sc in enumerate(scores):
        best = sorted(((s, j) for j, s in sc.items() if s >= min_score), reverse=True)[:top_k]
        pairs.update((min(i, j), max(i, j)) for _, j in best)
    return sorted(pairs)
