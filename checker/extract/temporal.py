"""Time expressions: find them (spaCy DATE entities) and normalise them to ISO 8601
against the article's date.

The anchor is the article's publication date when known; otherwise its year
frame (the year the article is about, inferred by the loader), which resolves
"October 15" to a day in that year and "last week" only to that year. What
cannot be resolved keeps ``value=None``: an unknown date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

from .. import lexicons
from ..models import Article, Span, TimeRef

_WEEKDAYS = lexicons.ordered("weekdays")
_DAY_WORDS = lexicons.ordered("time_words", "day_words")
_NUMBERS = lexicons.mapping("number_words", "numbers")
_DAYS_PER = lexicons.mapping("time_words", "calendar_units")
_SHIFTS = lexicons.mapping("time_words", "shifts")
_CALENDAR_UNIT = lexicons.alternation(_DAYS_PER) + "s?"  # year(s), month(s), week(s), day(s)
_ANY_UNIT = lexicons.alternation([*_DAYS_PER, *lexicons.ordered("time_words", "clock_units")]) + "s?"
_COUNT = lexicons.alternation([*lexicons.ordered("time_words", "quantities"), *_NUMBERS])

_YEAR = re.compile(r"^(?:in\s+|the\s+|since\s+)?((?:19|20)\d{2})$", re.I)
_DECADE = re.compile(r"\b((?:19|20)\d)0'?s\b", re.I)
_EMBEDDED_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_LAST_N = re.compile(
    rf"\b(?:the\s+)?{lexicons.alternation(lexicons.ordered('time_words', 'looking_back'))}\s+(\w+)\s+({_CALENDAR_UNIT})\b", re.I)
_AGO = re.compile(r"\b(\w+)\s+(years?)\s+ago\b", re.I)
_THIS_LAST = re.compile(rf"\b({lexicons.alternation(_SHIFTS)})\s+(year|month)\b", re.I)
_AGE = re.compile(r"-year-old|\byears? old\b", re.I)
_DURATION = re.compile(
    rf"^(?:{lexicons.alternation(lexicons.ordered('time_words', 'duration_openings'))}\s+)?(?:\d+|{_COUNT})\s+{_ANY_UNIT}$", re.I)
_RELATIVE = re.compile(
    rf"\b{lexicons.alternation([*_DAY_WORDS, *_WEEKDAYS, *lexicons.ordered('time_words', 'relative')])}\b", re.I)
_DAY_WORD = re.compile(rf"\b{lexicons.alternation([*_DAY_WORDS, *_WEEKDAYS])}\b", re.I)
_DESCRIPTIVE = lexicons.words("time_words", "descriptive_prepositions")
_COPULA_CONTRACTIONS = lexicons.words("time_words", "copula_contractions")
_PREDICATE_DEPS = {"attr", "dobj", "acomp", "oprd"}


def anchor_of(article: Article) -> tuple[date | None, int | None, str]:
    """The article's reference date, reference year and a label saying where they came from."""
    pub = article.published.value
    if pub is not None:
        return pub, pub.year, f"published {pub.isoformat()} ({article.published.origin})"
    year = article.year_frame.value
    if year is not None:
        return None, year, f"year frame {year} ({article.year_frame.origin})"
    return None, None, "no article date"


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def normalise(expression: str, article: Article, span: Span | None = None) -> TimeRef | None:
    """A TimeRef for one expression; None for ages and bare durations ('81-year-old', 'three years')."""
    expr = expression.strip()
    if not expr or _AGE.search(expr) or _DURATION.match(expr):
        return None
    pub, year, anchor = anchor_of(article)

    def ref(value: str | None, granularity: str, anchored: str = anchor) -> TimeRef:
        return TimeRef(expression=expr, span=span, value=value, granularity=granularity, anchor=anchored)

    if m := _YEAR.match(expr):
        return ref(m.group(1), "year", "explicit")
    if m := _DECADE.search(expr):
        return ref(f"{m.group(1)}0/{m.group(1)}9", "interval", "explicit")
    if (m := _LAST_N.search(expr)) and (n := _count(m.group(1))):
        unit = m.group(2).rstrip("s").lower()
        if pub is not None:
            return ref(f"{(pub - timedelta(days=n * _DAYS_PER[unit])).isoformat()}/{pub.isoformat()}", "interval")
        if year is not None and unit == "year":
            return ref(f"{year - n}/{year}", "interval")
        return ref(None, "unknown")
    if (m := _AGO.search(expr)) and (n := _count(m.group(1))) and year is not None:
        return ref(str(year - n), "year")
    if m := _THIS_LAST.search(expr):
        shift = _SHIFTS[m.group(1).lower()]
        if m.group(2).lower() == "year" and year is not None:
            return ref(str(year + shift), "year")
        if pub is not None:
            first = date(pub.year, pub.month, 1)  # next month: a day past it; last month: the day before
            month = first + timedelta(days=31) if shift > 0 else first - timedelta(days=-shift)
            return ref(month.strftime("%Y-%m"), "month")
        return ref(str(year) if year else None, "year" if year else "unknown")

    explicit = _EMBEDDED_YEAR.search(expr)
    if pub is None and not explicit:
        if year is None or not re.search(r"[A-Za-z]{3}", expr):
            return ref(None, "unknown")
        if _RELATIVE.search(expr):
            # Only the year is known: a weekday or "last week" resolves to that year, no finer.
            return ref(str(year), "year")
    base = datetime.combine(pub, datetime.min.time()) if pub else datetime(year or 2000, 12, 31)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)
    if parsed is None:
        return ref(explicit.group(1), "year", "explicit") if explicit else ref(None, "unknown")
    anchored = "explicit" if explicit else anchor
    if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", _EMBEDDED_YEAR.sub("", expr)) or _DAY_WORD.search(expr):
        return ref(parsed.date().isoformat(), "day", anchored)
    if re.search(r"[A-Za-z]{3}", expr):
        return ref(parsed.strftime("%Y-%m"), "month", anchored)
    return ref(str(parsed.year), "year", anchored)


def times_in(entities, article: Article, start: int, end: int) -> list[TimeRef]:
    """Normalised times of the DATE entities inside [start, end)."""
    out = []
    for ent in entities:
        if ent.label == "DATE" and start <= ent.span.start and ent.span.end <= end:
            t = normalise(ent.text, article, ent.span)
            if t is not None:
                out.append(t)
    return out


def inherited(article: Article) -> TimeRef | None:
    """The article's own time frame, for a claim that states no time (marked inferred)."""
    pub, year, anchor = anchor_of(article)
    if pub is None and year is None:
        return None
    value, granularity = (pub.isoformat(), "day") if pub else (str(year), "year")
    return TimeRef(expression="(article date)", value=value, granularity=granularity, anchor=anchor, inferred=True)


def _is_copula(token) -> bool:
    return token.lemma_.lower() == "be" or token.lower_.replace("’", "'") in _COPULA_CONTRACTIONS


def describes_predicate(tokens) -> bool:
    """Whether a time expression (its spaCy tokens) only describes the predicate noun of
    "be" through "of" ("He is a reminder of the last four years", "It was the worst storm
    of the past decade"): it says what the noun is about, not when the statement holds. A
    time that is the predicate itself ("The deadline is October 15"), an adverbial ("She
    was a senator in 2019") or part of the subject ("The 2020 race was close") dates it."""
    inside = {t.i for t in tokens}
    node = next((t for t in tokens if t.head.i not in inside), None)
    described, steps = False, 0
    while node is not None and node.head.i != node.i and steps < 8:
        head = node.head
        if node.dep_ == "pobj" and head.lower_ in _DESCRIPTIVE and head.head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            described = True
        if head.pos_ in ("VERB", "AUX"):
            return described and node.dep_ in _PREDICATE_DEPS and _is_copula(head)
        node, steps = head, steps + 1
    return False
