"""When a fact's events happened: date expressions read through the extractor's temporal
normaliser, and undated events dated from their own article only.

An undated event gets a time from (1) a dated mention of the same event elsewhere in its
article, (2) a definite description of its object that the article dates once ("his exit from
the race" where the article names "the 2024 election" and no other year for such a contest), or
(3) the publication date, for a present-tense report; otherwise its time stays unknown and it is
never compared on time. Recency words ("recently", "now") and ages ("Ortiz, 58,") date nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import lexicons
from ..extract.temporal import normalise
from ..models import Article, Sourced

if TYPE_CHECKING:
    from .facts import Fact

WEEKDAYS = {day: i for i, day in enumerate(lexicons.ordered("weekdays"))}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class When:
    """A point in time at year, month or day precision; ``inferred`` when not written in the claim."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    inferred: bool = False
    anchor: str = "explicit"
    text: str = ""

    def label(self) -> str:
        parts = [f"{self.year:04d}" if self.year else "????"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts) if self.year or self.month else (self.text or "unknown")

    def conflicts(self, other: When) -> bool:
        """True when the two times cannot be the same moment at their shared precision."""
        if self.year and other.year and self.year != other.year:
            return True
        if self.month and other.month and self.month != other.month and (self.year == other.year or not (self.year and other.year)):
            return True
        if self.month == other.month and self.month and self.day and other.day and self.day != other.day:
            return True
        return self.weekday is not None and other.weekday is not None and self.weekday != other.weekday and not (self.day and other.day)

    def agrees(self, other: When) -> bool:
        """True when both name the same day or month (and no part conflicts)."""
        return bool(self.month and self.month == other.month and self.day and self.day == other.day) and not self.conflicts(other)


def _anchor(frame: When | None) -> Article:
    """A stand-in article carrying only the date a time expression is resolved against."""
    if frame and frame.year and frame.month and frame.day:
        pub = Sourced[date](value=date(frame.year, frame.month, frame.day), origin="inferred" if frame.inferred else "metadata")
        return Article(id="anchor", text="", published=pub)
    if frame and frame.year:
        return Article(id="anchor", text="", year_frame=Sourced[int](value=frame.year, origin="inferred"))
    return Article(id="anchor", text="")


@lru_cache(maxsize=4096)
def parse_when(text: str, frame: When | None = None) -> When | None:
    """The time of a date expression ("Oct. 15", "in 2020", "Sunday"), normalised by the extractor's
    :func:`checker.extract.temporal.normalise` against ``frame`` (the article's date)."""
    words = re.findall(r"[a-z]+", text.lower())
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    ref = normalise(text, _anchor(frame))
    year = month = day = None
    if ref is not None and ref.value and "/" not in ref.value:
        parts = [int(p) for p in ref.value.split("-")]
        year, month, day = (parts + [None, None])[:3]
    if not (year or weekday is not None):
        return None
    inferred = ref is not None and ref.anchor != "explicit"
    if inferred and ref.granularity == "year" and weekday is None and not _YEAR.search(text):
        return None  # "last week" with only a year known: no time of its own
    return When(year, month, day, weekday, inferred, ref.anchor if ref is not None and inferred else "explicit", text)


_LABELLED = re.compile(r"\b((?:19|20)\d\d)\s+((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)")
_NOT_LABEL = re.compile(r"\b(?:in|on|by|since|until|till|before|after|from|to|of|during|through)\s+$", re.I)


def labelled_years(text: str) -> dict[str, set[int]]:
    """Nouns a year labels in a text ("the 2024 election race" -> election, race: {2024}); a year
    that dates something ("in 2020 voters ...") labels nothing."""
    out: dict[str, set[int]] = {}
    for m in _LABELLED.finditer(text):
        if _NOT_LABEL.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        for word in m.group(2).split():
            out.setdefault(word.rstrip("s") if word.endswith("ions") else word, set()).add(int(m.group(1)))
    return out


@lru_cache(maxsize=None)
def _noun_group(noun: str) -> frozenset[str]:
    """The nouns that can name the same contest or occasion as ``noun`` (itself included)."""
    for group in lexicons.mapping("events", "interchangeable_nouns").values():
        if noun in group:
            return frozenset(group)
    return frozenset({noun})


def date_events(facts: list[Fact], texts: dict[str, str]) -> None:
    """Give an undated event a time from its own article, else leave it unknown:

    1. a dated mention of the same event (predicate and subject) elsewhere in the article;
    2. a definite description of its object that the article dates once ("his exit from the
       race" where the article names "the 2024 election" and no other year for such a contest);
    3. the publication date, for a present-tense report.
    Each such time is marked inferred, with the reason as its anchor.
    """
    dated: dict[tuple[str, str, str], set[When]] = {}
    for f in facts:
        for e in f.events:
            if e.when and not e.when.inferred and e.when.year:
                for s in e.subj:
                    dated.setdefault((f.article_id, e.lemma, s), set()).add(e.when)
    labels = {aid: labelled_years(text) for aid, text in texts.items()}
    for f in facts:
        for e in f.events:
            if e.when is not None:
                continue
            same = set().union(*(dated.get((f.article_id, e.lemma, s), set()) for s in e.subj)) if e.subj else set()
            if len({w.year for w in same}) == 1:
                w = min(same, key=lambda w: (w.month is None, w.day is None))
                e.when = When(w.year, w.month, w.day, inferred=True, anchor=f"dated mention of the same event ({w.text})")
                continue
            years = {(y, o) for o in e.objs for n in _noun_group(o) for y in labels.get(f.article_id, {}).get(n, ())}
            if len({y for y, _ in years}) == 1:
                year, obj = min(years)
                e.when = When(year, inferred=True, anchor=f"'the {obj}' read as the {year} {obj} the article names")
                continue
            if e.present and f.frame and f.frame.day:
                e.when = When(f.frame.year, f.frame.month, f.frame.day, inferred=True,
                              anchor=f"present tense, {f.frame.anchor}")


