"""Grounding and repair of spans, shared by the offline and the LLM engine.

    ground(text, quote, near=None) -> Span | None
        exact match first (nearest to ``near``: an offset or a (start, end) range), then a
        match on quote/dash/whitespace/case-normalised text, then a rapidfuzz alignment
        scoring at least ``threshold`` (0-100), snapped to word boundaries.
    validate_claim(claim, text) -> Claim | None
        every span of the claim verbatim at its offsets, else re-aligned (flag
        ``repaired:<field>``), else removed (``dropped:<field>``); None when the evidence
        itself cannot be found (the caller counts the claim as dropped_ungrounded).
        A hedging label that contradicts an explicit cue in the evidence is flagged; a
        statement sharing under ``MIN_SUPPORT`` of its words with the evidence is replaced by
        the verbatim content (``repaired:statement``).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..models import Claim, Span
from .hedging import find_cues

FUZZY_THRESHOLD = 85.0
MIN_FUZZY_CHARS = 8
MIN_SUPPORT = 0.3
_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ",
}
_STRIP = " \t\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"

Near = int | tuple[int, int] | None


def normalise(s: str) -> tuple[str, list[int]]:
    """Lower-cased text with typographic quotes/dashes folded and whitespace collapsed,
    plus the index in ``s`` of every output character."""
    out: list[str] = []
    idx: list[int] = []
    prev_space = False
    for i, ch in enumerate(s):
        rep = _MAP.get(ch, ch)
        if rep.isspace():
            if prev_space:
                continue
            rep, prev_space = " ", True
        else:
            prev_space = False
        for c in rep.lower():
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def _distance(start: int, end: int, near: Near) -> float:
    if near is None:
        return start
    lo, hi = (near, near) if isinstance(near, int) else near
    if start >= lo and end <= max(hi, lo):
        return -1  # inside the hinted range: best
    return min(abs(start - lo), abs(end - hi))


def _occurrences(hay: str, needle: str) -> list[int]:
    found, i = [], hay.find(needle)
    while i != -1:
        found.append(i)
        i = hay.find(needle, i + 1)
    return found


def _span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text=text[start:end], start=start, end=end) if end > start else None


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither starts nor ends inside a word."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def ground(text: str, quote: str | None, near: Near = None, *, threshold: float = FUZZY_THRESHOLD) -> Span | None:
    """The exact ``Span`` of ``text`` that ``quote`` refers to, or None."""
    if not quote or not quote.strip():
        return None
    for q in dict.fromkeys((quote, quote.strip(), quote.strip(_STRIP))):
        hits = _occurrences(text, q) if q else []
        if hits:
            start = min(hits, key=lambda s: _distance(s, s + len(q), near))
            return _span(text, start, start + len(q))
    ntext, idx = normalise(text)
    nquote = normalise(quote.strip(_STRIP).rstrip(".,;:"))[0].strip()
    if not nquote:
        return None
    hits = _occurrences(ntext, nquote)
    if hits:
        ns = min(hits, key=lambda s: _distance(idx[s], idx[s + len(nquote) - 1] + 1, near))
        return _span(text, idx[ns], idx[ns + len(nquote) - 1] + 1)
    if len(nquote) < MIN_FUZZY_CHARS:
        return None
    return _fuzzy(text, ntext, idx, nquote, near, threshold)


def _fuzzy(text: str, ntext: str, idx: list[int], nquote: str, near: Near, threshold: float) -> Span | None:
    windows: list[tuple[int, int]] = []
    if near is not None:
        lo, hi = (near, near) if isinstance(near, int) else near
        pad = len(nquote) + 20
        a = next((k for k, i in enumerate(idx) if i >= lo - pad), 0)
        b = next((k for k, i in enumerate(idx) if i >= hi + pad), len(ntext))
        windows.append((a, b))
    windows.append((0, len(ntext)))
    for a, b in windows:
        hay = ntext[a:b]
        if len(hay) < len(nquote):
            continue
        res = fuzz.partial_ratio_alignment(nquote, hay, score_cutoff=threshold)
        if res is None:
            continue
        start, end = idx[a + res.dest_start], idx[a + res.dest_end - 1] + 1
        if nquote[0].isalnum():  # the window may start on punctuation the quote does not have
            while start < end and not text[start].isalnum():
                start += 1
        if nquote[-1].isalnum():
            while end > start and not text[end - 1].isalnum():
                end -= 1
        return _span(text, *_snap(text, start, end))
    return None


def check(text: str, span: Span | None) -> bool:
    """True when ``span`` is verbatim at its offsets."""
    return span is not None and span.end <= len(text) and text[span.start:span.end] == span.text


def repair(text: str, span: Span, near: Near = None) -> Span | None:
    """``span`` if exact, else the re-aligned span (searched near its claimed offset), else None."""
    if check(text, span):
        return span
    return ground(text, span.text, near if near is not None else span.start)


# ---- whole claims -------------------------------------------------------------------

def hedging_conflict(claim: Claim, text: str) -> str | None:
    """A flag when the hedging label contradicts an explicit cue in the evidence, else None.

    Contradictions: 'asserted' with a hedge/speculation/denial cue ("reportedly", "may",
    "denied") or with an attribution cue ("said") for another speaker; 'asserted' or
    'reported' next to a denial cue; 'denied' with no denial cue at all."""
    ev = claim.evidence
    cues = find_cues(text[ev.start:ev.end])
    level = claim.hedging.level
    denial = next((c for c in cues if c.level == "denied"), None)
    if level == "denied":
        return None if denial else "hedging_conflict:denied_without_denial_cue"
    if denial is not None:
        return f"hedging_conflict:{level}_but_denial_cue:{denial.text}"
    if level == "asserted":
        hedge = next((c for c in cues if c.level != "asserted"), None)
        if hedge is not None:
            return f"hedging_conflict:asserted_but_{hedge.level}_cue:{hedge.text}"
        if claim.cue is not None and claim.speaker.kind != "author":
            return f"hedging_conflict:asserted_but_attributed:{claim.cue.text}"
    return None


_WORD = re.compile(r"[^\W_]{4,}")


def support(statement: str, evidence: str) -> float:
    """Share (0..1) of the statement's words of 4+ letters that occur in the evidence."""
    words = {w.lower() for w in _WORD.findall(normalise(statement)[0])}
    if not words:
        return 1.0
    have = {w.lower() for w in _WORD.findall(normalise(evidence)[0])}
    return len(words & have) / len(words)


def validate_claim(claim: Claim, text: str) -> Claim | None:
    """The claim with every span verified or repaired; None if its evidence is not in ``text``."""
    claim = claim.model_copy(deep=True)
    flags = list(claim.flags)
    evidence = repair(text, claim.evidence)
    if evidence is None:
        return None
    if evidence != claim.evidence:
        flags.append("repaired:evidence")
    claim.evidence = evidence
    near = (evidence.start, evidence.end)

    def fix(field: str, span: Span | None) -> Span | None:
        if span is None:
            return None
        fixed = repair(text, span, near)
        if fixed is None:
            flags.append(f"dropped:{field}")
        elif fixed != span:
            flags.append(f"repaired:{field}")
        return fixed

    claim.content = fix("content", claim.content)
    claim.cue = fix("cue", claim.cue)
    claim.speaker.span = fix("speaker", claim.speaker.span)
    for link in claim.source:
        link.span = fix("source", link.span)
    if claim.time is not None:
        claim.time.span = fix("time", claim.time.span)
    claim.hedging.cues = [s for s in (fix("hedging_cue", c) for c in claim.hedging.cues) if s is not None]
    kept = []
    for ent in claim.entities:
        ent.span = fix("entity", ent.span)
        if ent.span is not None:
            kept.append(ent)
    claim.entities = kept
    if claim.content is not None and not (evidence.start <= claim.content.start and claim.content.end <= evidence.end):
        flags.append("content_outside_evidence")
    basis = claim.content or evidence
    if support(claim.statement, evidence.text) < MIN_SUPPORT and basis.text != claim.statement:
        claim.statement = basis.text
        flags.append("repaired:statement")
    conflict = hedging_conflict(claim, text)
    if conflict:
        flags.append(conflict)
    claim.flags = list(dict.fromkeys(flags))
    return claim
