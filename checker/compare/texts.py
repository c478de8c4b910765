"""One text against a source text: is text B consistent with, contradicted by, or unsupported by text A?

``compare_texts(doc, summary)`` splits B into sentences, aligns each with its best source
sentences and applies the cross-article rules plus the single-edit checks below (a swapped
name, number, date, a negation or an antonym in an otherwise aligned sentence). The
consistency eval (SummEdits) calls it; so can anyone relating a short text to an article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import Literal

from pydantic import BaseModel, Field

from ..engines import Engine
from ..models import Finding, Span
from .crosscheck import _fid, ref
from .entities import build_resolver
from .facts import Fact, FactInput, build_facts, nlp
from .judging import Verdict, _fmt, antonyms, judge, overlap

_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")



class PairVerdict(BaseModel):
    """How text B (a summary, a second article) stands against text A (the source document)."""

    label: Literal["contradicted", "unsupported", "consistent"]
    findings: list[Finding] = Field(default_factory=list)
    explanation: str = ""


def sentence_facts(text: str, article_id: str) -> list[FactInput]:
    """Every sentence of a text as a fact input (no claim selection); entities by spaCy."""
    out = []
    for k, s in enumerate(nlp()(text).sents):
        if len(s.text.strip()) > 2:
            span = Span(text=s.text, start=s.start_char, end=s.end_char)
            out.append(FactInput(f"{article_id}:s{k}", article_id, s.text.strip(), span, label=f"text {article_id}"))
    return out


def compare_texts(doc: str, summary: str, engine: Engine | None = None, top: int = 3) -> PairVerdict:
    """Judge ``summary`` (article B) against ``doc`` (article A); the function the consistency eval calls.

    ``contradicted``: a sentence of B conflicts with A (a swapped name, number, date, a negation
    or an antonym); ``unsupported``: B says something A does not contain (an inserted fact) but
    nothing conflicts; ``consistent``: every sentence of B is covered by A. Offline rules only
    for now: ``engine`` is accepted for interface stability and not used yet.
    """
    source, resolver = _source_facts(doc)
    findings: list[Finding] = []
    for b in build_facts(sentence_facts(summary, "B"), resolver):
        aligned = sorted(source, key=lambda a: overlap(a, b), reverse=True)[:top]
        aligned = [a for a in aligned if overlap(a, b) > 0]
        v = judge_against_source(b, aligned, doc)
        if v is None:
            continue
        relation = v.relation
        claims = [ref(b)] + ([ref(aligned[0])] if aligned and relation == "contradicts" else [])
        findings.append(Finding(id=_fid(relation, b.claim_id), relation=relation, attribute=v.attribute, claims=claims,
                                explanation=v.explanation, confidence=v.confidence, engine=v.engine))
    if any(f.relation == "contradicts" for f in findings):
        label = "contradicted"
    elif findings:
        label = "unsupported"
    else:
        label = "consistent"
    return PairVerdict(label=label, findings=findings, explanation="; ".join(f.explanation for f in findings[:3]))


@lru_cache(maxsize=8)
def _source_facts(doc: str):
    """Facts of every sentence of a source text and its name resolver (cached: one source, many texts)."""
    inputs = sentence_facts(doc, "A")
    persons = [(e.text, e.text, "A", None, "") for e in nlp()(doc).ents if e.label_ == "PERSON"]
    resolver = build_resolver(persons)
    return build_facts(inputs, resolver), resolver




def _values(text: str) -> set[float]:
    """Numbers written in digits in a text ("1,200" -> 1200.0)."""
    out = set()
    for m in _DIGITS.findall(text):
        try:
            out.add(float(m.replace(",", "")))
        except ValueError:
            pass
    return out


def _in_text(name: str, text: str) -> bool:
    """A name (or, for a person, the surname) written in the source text."""
    low = text.lower().replace("’", "'")
    name = name.rstrip("?")
    return name in low or (len(name.split()) > 1 and name.split()[-1] in low and len(name.split()[-1]) > 3)


def judge_against_source(b: Fact, aligned: list[Fact], source_text: str) -> Verdict | None:
    """How sentence ``b`` stands against its best-aligned source sentences (best first).

    Contradicts when an aligned sentence says the same thing with one element swapped: a
    name, a number, a date, a negation or an antonym. Unsupported when ``b`` names things
    the source never mentions, or no source sentence covers it. None when supported.
    """
    if not aligned:
        return Verdict("unsupported_elsewhere", "none", "No sentence of the source covers this.", 0.5)
    for a in aligned:
        v = judge(a, b)
        if v and v.relation == "contradicts" and not _elsewhere_in_source(v, b, source_text):
            return v
        v = _swap(a, b, source_text)
        if v:
            return v
    best = aligned[0]
    novel = sorted(e for e in b.entities if not _in_text(e, source_text))
    novel_figs = [x for x in b.figures if not _values(x) <= _values(source_text)]
    if novel or novel_figs:
        return Verdict("unsupported_elsewhere", "entity" if novel else "number",
                       f"The source never mentions {', '.join((novel + novel_figs)[:3])}.", 0.5)
    if overlap(best, b) < 0.34:
        return Verdict("unsupported_elsewhere", "none", "No sentence of the source covers this.", 0.4)
    return None


def _elsewhere_in_source(v: Verdict, b: Fact, source_text: str) -> bool:
    """True when the differing number or date of ``b`` is written elsewhere in the source (no conflict then)."""
    if v.attribute == "number":
        return bool(b.figures) and set().union(*(_values(x) for x in b.figures)) <= _values(source_text)
    if v.attribute == "time":
        return all(d.text.lower() in source_text.lower() for d in b.dates) and bool(b.dates)
    return False


def _swap(a: Fact, b: Fact, source_text: str) -> Verdict | None:
    """One element of an aligned sentence replaced: the contradiction edits of SummEdits."""
    ov = overlap(a, b)
    if ov < 0.3:
        return None
    if ov < 0.5:  # loosely aligned: only a figure swap is clear enough
        novel = _values(b.text) - _values(source_text)
        others = _values(a.text) - _values(b.text)
        if novel and others:
            return Verdict("contradicts", "number", f"{_fmt(min(novel))} where the source says {', '.join(_fmt(v) for v in sorted(others))}.", 0.55)
        return None
    # negation added or removed on a shared predicate
    for x, y in product(a.events, b.events):
        if x.lemma == y.lemma and x.negated != y.negated and (x.objs & y.objs or x.subj & y.subj):
            return Verdict("contradicts", "polarity", f"'{y.lemma}' is {'negated' if y.negated else 'asserted'} here but "
                           f"{'negated' if x.negated else 'asserted'} in the source.", 0.65)
    # an antonym of a source word in its place
    for w in b.words - a.words:
        opposite = {x for x in a.words - b.words if antonyms(w, x)}
        if opposite:
            return Verdict("contradicts", "polarity", f"'{w}' where the source says '{sorted(opposite)[0]}'.", 0.6)
    # a number replaced: a figure the source never writes, where the aligned sentence has another
    novel = _values(b.text) - _values(source_text)
    others = _values(a.text) - _values(b.text)
    if novel and others:
        return Verdict("contradicts", "number", f"{_fmt(min(novel))} where the source says {', '.join(_fmt(v) for v in sorted(others))}.", 0.6)
    # a name replaced by another of the same kind (one the source never uses, or in a near-identical sentence)
    for e in b.entities - a.entities:
        if _in_text(e, a.text) or (_in_text(e, source_text) and ov < 0.7):
            continue
        label = b.names.get(e)
        rivals = [x for x in a.entities - b.entities if a.names.get(x) == label and not _in_text(x, b.text)]
        if rivals:
            return Verdict("contradicts", "entity", f"'{e}' where the source says '{rivals[0]}'.", 0.55)
    # a date replaced
    for x, y in product(a.dates, b.dates):
        if x.conflicts(y) and not any(z.label() == y.label() for z in a.dates):
            return Verdict("contradicts", "time", f"{y.text} where the source says {x.text}.", 0.6)
    return None
