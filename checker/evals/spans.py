"""Span matching for attribution, as BBC Citron scores it, on regex tokens.

Tokens are the matches of ``\\w+|[^\\w\\s]`` in the article text (words and single
punctuation marks; Citron uses spaCy tokens). A span - a list of character
fragments, possibly discontinuous - *covers* every token it shares at least one
character with.

* **Exact match**: two span lists match when they cover the same token ranges
  (fragments whose token ranges touch are merged first, so a gold span cut only
  at whitespace equals the unbroken span). As in Citron, a cue matches a cue
  directly; a predicted source (content) matches a gold one only if the two
  attributions' cues share a token *and* the source (content) spans match
  exactly. Empty source lists match each other (an attribution without source).
  Precision = matched predictions / predictions, recall = matched gold / gold.
* **Overlap match** (token level, Citron's "overlap metrics"): precision = the
  share of predicted tokens of that role that lie inside some gold span of the
  same role in the article; recall = the share of gold tokens covered by some
  predicted span of that role. Equal to Citron's pairwise sums when spans of one
  side do not overlap each other; unlike those sums it cannot exceed 1.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

Fragment = tuple[int, int]
ROLES = ("source", "cue", "content")

_TOKEN = re.compile(r"\w+|[^\w\s]")


class Tokens:
    """Token positions of one text, for mapping character fragments to token ranges."""

    def __init__(self, text: str):
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        """(first, last) index of tokens overlapping [start, end), or None if none do."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end) - 1
        return (first, last) if first <= last else None

    def ranges(self, fragments: list[Fragment]) -> tuple[tuple[int, int], ...]:
        """Sorted token ranges of fragments, touching or overlapping ranges merged."""
        rs = sorted(r for r in (self.range(a, b) for a, b in fragments) if r is not None)
        merged: list[list[int]] = []
        for a, b in rs:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return tuple((a, b) for a, b in merged)

    def set(self, fragments: list[Fragment]) -> set[int]:
        return {i for a, b in self.ranges(fragments) for i in range(a, b + 1)}


@dataclass
class Attr:
    """An attribution as spans: source, cue and content fragment lists; ``direct`` if known."""

    source: list[Fragment] = field(default_factory=list)
    cue: list[Fragment] = field(default_factory=list)
    content: list[Fragment] = field(default_factory=list)
    direct: bool | None = None


def exact_counts(pred: list[Attr], gold: list[Attr], tokens: Tokens, role: str) -> tuple[int, int, int, int]:
    """(matched predictions, predictions, matched gold, gold) for exact match of ``role``.

    For ``cue`` only attributions that have a cue take part.
    """
    if role == "cue":
        pred = [p for p in pred if p.cue]
        gold = [g for g in gold if g.cue]
    pr = [(tokens.set(p.cue), tokens.ranges(getattr(p, role))) for p in pred]
    gr = [(tokens.set(g.cue), tokens.ranges(getattr(g, role))) for g in gold]

    def match(p, g) -> bool:
        if role == "cue":
            return bool(p[1]) and p[1] == g[1]
        return bool(p[0] & g[0]) and p[1] == g[1]

    mp = sum(any(match(p, g) for g in gr) for p in pr)
    mg = sum(any(match(p, g) for p in pr) for g in gr)
    return mp, len(pr), mg, len(gr)


def overlap_counts(pred: list[Attr], gold: list[Attr], tokens: Tokens, role: str) -> tuple[int, int, int, int]:
    """(predicted tokens inside gold, predicted tokens, gold tokens covered, gold tokens) for ``role``."""
    p_sets = [tokens.set(getattr(p, role)) for p in pred]
    g_sets = [tokens.set(getattr(g, role)) for g in gold]
    g_all = set().union(*g_sets) if g_sets else set()
    p_all = set().union(*p_sets) if p_sets else set()
    return (
        sum(len(s & g_all) for s in p_sets),
        sum(len(s) for s in p_sets),
        sum(len(s & p_all) for s in g_sets),
        sum(len(s) for s in g_sets),
    )


def best_content_match(gold: Attr, pred: list[Attr], tokens: Tokens) -> Attr | None:
    """The prediction whose content shares most tokens with the gold content (None if none)."""
    g = tokens.set(gold.content)
    best, best_n = None, 0
    for p in pred:
        n = len(g & tokens.set(p.content))
        if n > best_n:
            best, best_n = p, n
    return best


_QUOTED = re.compile(r"''.*?''|[“\"„][^”\"“]*[”\"]|‘.*?’(?![A-Za-z])|«[^»]*»", re.S)
_OPEN, _CLOSE = "“\"‘„«", "”\"’»"


def is_direct(text: str, fragments: list[Fragment]) -> bool:
    """Gold direct quote: every fragment lies inside quotation marks.

    A fragment is widened over adjacent whitespace to a preceding opening mark
    and over trailing ``,.;:!?`` to a following closing mark; what remains once
    quoted passages are removed must hold no word character. Content that is
    only partly quoted ("said that X was 'unacceptable'") is not direct.
    """
    if not fragments:
        return False
    for a, b in fragments:
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        if text[max(0, a - 2) : a] == "''":  # old wire style: ''quoted''
            a -= 2
        elif a > 0 and text[a - 1] in _OPEN:
            a -= 1
        while b < len(text) and text[b] in ",.;:!? ":
            b += 1
        if text[b : b + 2] == "''":
            b += 2
        elif b < len(text) and text[b] in _CLOSE:
            b += 1
        piece = text[a:b]
        if not _QUOTED.search(piece) or re.search(r"\w", _QUOTED.sub("", piece)):
            return False
    return True
