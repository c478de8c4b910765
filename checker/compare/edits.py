"""Typed single edits of a sentence of B against its aligned source sentences: the record a check
returns (:class:`Edit`) and the checks on figures and dates.

* number: a figure the source never writes for the thing it counts ("30 years" where the aligned
  sentence says "35 years"), or the same figure counting another unit ("one-month anniversary"
  where it says "one-year anniversary");
* date: a date the source never writes that cannot be the moment the source gives the same event,
  in the best aligned sentence or in another sentence naming that event.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pydantic import BaseModel

from ..models import Attribute, Relation
from . import align as al
from .align import KIND, Sent, Source, covered, norm, number_value
from .dating import When, parse_when

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_RELATIVE = re.compile(r"\b(?:last|this|next)\s+(?:year|month|week)\b", re.I)


class Edit(BaseModel):
    """What one check found in one sentence of B: the relation, its kind and the source sentence."""

    relation: Relation
    attribute: Attribute
    explanation: str
    confidence: float
    source: int | None = None  # index of the source sentence it concerns


def counted(t):
    """The noun a number counts ("35 years" -> years), or None."""
    head = t
    while head.head.i != head.i and head.dep_ in {"nummod", "quantmod", "compound", "amod", "npadvmod"} \
            and head.head.pos_ in {"NUM", "SYM", "NOUN", "PROPN"}:
        head = head.head
        if head.pos_ in {"NOUN", "PROPN"}:
            return head
    return None


def unit(t) -> str:
    """The thing a number counts ("year" for "35 years"), else its entity kind."""
    noun = counted(t)
    return noun.lemma_.lower() if noun is not None else KIND.get(t.ent_type_, "")


def governor(t) -> str:
    """The word the counted phrase depends on ("killed" in "killed three people")."""
    noun = counted(t)
    return (noun if noun is not None else t).head.lemma_.lower()


def number_edit(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """A figure of B where the aligned sentence counts the same thing with another figure, the
    source never writing B's figure for that thing."""
    b_vals = {v for t in b.span if (v := number_value(t)) is not None}
    a_vals = {v for s in aligned for t in s.span if (v := number_value(t)) is not None}
    for t in b.span:
        v = number_value(t)
        if v is None or v in a_vals or t.ent_type_ in {"DATE", "TIME"} and v > 1000:
            continue
        u = unit(t)
        for s in aligned:
            for x in s.span:
                w = number_value(x)
                if w is None or w in b_vals or (unit(x) != u and (governor(x) != governor(t) or v in src.values)):
                    continue
                if any(number_value(y) == v and unit(y) == u and governor(y) == governor(t)
                       for z in src.sents for y in z.span):
                    return None  # the source writes this figure for this thing elsewhere
                return Edit(relation="contradicts", attribute="number", confidence=0.6, source=s.idx,
                            explanation=f"'{t.text} {u}' where the source says '{x.text}'.")
    return _unit_edit(src, b, aligned)


def _unit_edit(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """The same figure counting another unit under the same word ("one-month anniversary" where
    the source says "one-year anniversary"), the source never writing B's figure and unit."""
    for t in b.span:
        v, noun = number_value(t), counted(t)
        if v is None or noun is None or covered(noun, aligned):
            continue
        for s in aligned:
            for x in s.span:
                other = counted(x)
                if number_value(x) == v and other is not None and other.lemma_ != noun.lemma_ \
                        and governor(x) == governor(t) and not covered(other, [b]) \
                        and not al.close_in_meaning(noun.lemma_.lower(), other.lemma_.lower(), "n"):
                    return Edit(relation="contradicts", attribute="number", confidence=0.5, source=s.idx,
                                explanation=f"'{t.text} {noun.text}' where the source says '{x.text} {other.text}'.")
    return None


def date_edit(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """A date the source never writes that cannot be the moment the source dates the same event:
    in the best aligned sentence, or in a sentence that names the event the date is attached to
    ("transferred ... in September" where the source says "the transfers started on 17 August")."""
    for e in b.span.ents:
        if e.label_ != "DATE" or all(norm(t.text) in src.words for t in e if t.is_alpha or t.is_digit):
            continue
        if (when := _when(e.text)) is None:
            continue
        event = e.root.head
        for _ in range(3):  # the verb the date is attached to
            if event.pos_ == "VERB" or event.head.i == event.i:
                break
            event = event.head
        others = [z for z in src.sents if z is not aligned[0] and event.pos_ in {"VERB", "NOUN"}
                  and covered(event, [z]) and al.bm25(src, b.terms, z) > 0]
        for s in [aligned[0], *others]:
            for r in s.span.ents:
                other = _when(r.text) if r.label_ == "DATE" else None
                if other is not None and _dates_conflict(when, other):
                    return Edit(relation="contradicts", attribute="time", confidence=0.6 if s is aligned[0] else 0.5,
                                source=s.idx, explanation=f"{e.text} where the source says {r.text}.")
    return None


#: A stand-in year to read a date written without one ("12 March"); never compared as a year.
_SOME_YEAR = When(year=2001)


def _when(text: str) -> When | None:
    """The date a text writes; its year only where written."""
    when = parse_when(text, _SOME_YEAR) or parse_when(_RELATIVE.sub(" ", text).strip(), _SOME_YEAR)
    if when is None or (when.inferred and when.month is None and when.weekday is None):
        return None
    return replace(when, year=None) if not _YEAR.search(text) else when


def _dates_conflict(a: When, b: When) -> bool:
    """The two dates cannot be one moment, compared on what both write (the year only if both do)."""
    if a.year is None or b.year is None:
        a, b = replace(a, year=None), replace(b, year=None)
    return a.conflicts(b)
