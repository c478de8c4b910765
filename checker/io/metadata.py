"""Infer an article's title, outlet, publication date and year frame from its text.

Each value comes back as a ``Sourced`` with ``origin="inferred"`` and the exact
evidence span it was read from, or stays unknown: nothing is invented. Values
given as metadata are applied by ``checker.io.loading`` and always win.

Rules, in short:

- **title**: the first non-empty line when it reads like a headline: more text
  follows it, 3-30 words, at most 200 characters, no terminal period or colon,
  not a date line or a wire dateline. A Markdown ``# `` marker is not part of it.
- **outlet**: only lines that credit the publisher itself: a closing credit
  ("Read the original article on Business Insider", "This article originally
  appeared on ..."), a copyright line, or a wire dateline
  ("WASHINGTON (Reuters) -"). Outlets the article merely cites ("Axios
  reported", "told The Hill") are never taken.
- **published**: a date line (a short line among the first or last three that
  is a complete date, optionally after "Published"/"Updated"/"Posted"/"Date:"
  or a dateline city); otherwise the latest complete date (day, month and year)
  written anywhere in the text, e.g. an embedded tweet's "August 30, 2019". A
  text with no complete date keeps ``published`` unknown. Candidates are found
  with a pattern and parsed by dateparser, which also rejects impossible dates.
- **year_frame**: see :func:`infer_year_frame`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

from .. import lexicons
from ..models import Sourced, Span

_MONTH = lexicons.alternation([w for month, short in lexicons.mapping("months").items() for w in (month, *short)], case="title")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
#: Complete dates only: "August 30, 2019", "Oct. 15, 2024", "15 October 2024", "2024-10-15".
_FULL_DATE = re.compile(
    rf"\b{_MONTH}\.?\s+{_DAY},?\s+(?:19|20)\d\d\b"
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\b"
)
_DATE_LINE_PREFIX = re.compile(
    rf"^{lexicons.alternation(lexicons.ordered('page_furniture', 'date_line_labels'))}\s*:?\s*"
    r"|^[A-Z][A-Z .'-]+,\s*",  # a dateline city: "WASHINGTON, "
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    rf"^{lexicons.alternation([w for day, short in lexicons.mapping('weekdays').items() for w in (day, *short)])}\.?,?\s+",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    rf"^{lexicons.alternation(lexicons.ordered('page_furniture', 'credit_lines'))}\s+(?P<outlet>.+?)\s*\.?\s*$", re.IGNORECASE
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*)?(?P<outlet>[A-Z][\w&.' -]*?)\s*(?:\.|,|All rights\b|$)"
)
#: A wire dateline: "WASHINGTON (Reuters) -", "NEW YORK, Oct 5 (AP) —".
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^()\n]{0,40})?\s*\((?P<outlet>[A-Z][A-Za-z&.' -]{0,40})\)\s*[-–—]")
_YEAR = re.compile(r"(?<![\d$£€.])\b(?:19|20)\d\d\b(?![\d%]|\.\d)")
#: "Biden's 2020 campaign", "her 2020 campaign": a year labelling an earlier, finished event.
_RETRO_YEAR = re.compile(
    rf"(?:\w['’]s|\b(?i:{lexicons.alternation(lexicons.ordered('pronouns', 'possessive'))}))\s+(?:[a-z-]+\s+)?"
    rf"(?P<phrase>(?P<year>(?:19|20)\d\d)\s+(?P<event>{lexicons.alternation(lexicons.ordered('elections', 'events'))}))\b"
)
_TARGET_YEAR = re.compile(rf"\b{lexicons.alternation(lexicons.ordered('time_words', 'targets'))}\s+$", re.IGNORECASE)
_DATE_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}


def parse_date(value: object) -> date | None:
    """A complete calendar date from a date, datetime or string ('2024-10-15', 'Oct. 15, 2024'); else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if re.match(r"^\d{4}-\d\d-\d\d", text) else _parse(text)
    except ValueError:
        return None


def _parse(text: str) -> date | None:
    parsed = dateparser.parse(text, languages=["en"], settings=_DATE_SETTINGS)
    return parsed.date() if parsed else None


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines as (offset of first non-space char, stripped line)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            out.append((m.start() + line.index(stripped), stripped))
    return out


def _span(text: str, start: int, end: int) -> Span:
    return Span(text=text[start:end], start=start, end=end)


def infer_title(text: str) -> Sourced[str]:
    """The first line when it reads like a headline (see module docstring), else unknown."""
    lines = _lines(text)
    if len(lines) < 2:
        return Sourced()
    start, line = lines[0]
    if line.startswith("#"):
        heading = line.lstrip("#").strip()
        start, line = start + line.index(heading), heading
    words = line.split()
    if not (3 <= len(words) <= 30 and len(line) <= 200) or line[-1] in ".:;,":
        return Sourced()
    if _DATELINE.match(line) or _is_date_line(line):
        return Sourced()
    return Sourced(value=line, origin="inferred", evidence=_span(text, start, start + len(line)))


def infer_outlet(text: str) -> Sourced[str]:
    """The publisher named by a closing credit, copyright line or wire dateline, else unknown."""
    lines = _lines(text)
    for start, line in reversed(lines[-5:]):
        m = _CREDIT.match(line) or _COPYRIGHT.match(line)
        if m and m.group("outlet").strip():
            return _outlet(text, start, m)
    for start, line in lines[:3]:
        m = _DATELINE.match(line)
        if m and m.group("outlet").strip():
            return _outlet(text, start, m)
    return Sourced()


def _outlet(text: str, line_start: int, m: re.Match) -> Sourced[str]:
    raw = m.group("outlet")
    name = raw.strip().rstrip(".").strip()
    start = line_start + m.start("outlet") + raw.index(name)
    return Sourced(value=name, origin="inferred", evidence=_span(text, start, start + len(name)))


def _is_date_line(line: str) -> bool:
    rest = _WEEKDAY.sub("", _DATE_LINE_PREFIX.sub("", line, count=1), count=1)
    m = _FULL_DATE.match(rest)
    return bool(m) and len(line) <= 100 and not line.endswith(".")


def infer_published(text: str) -> Sourced[date]:
    """A date line's date, else the latest complete date in the text, else unknown."""
    lines = _lines(text)
    edge = lines[:3] + lines[-3:] if len(lines) > 6 else lines
    for start, line in edge:
        if line[0] in "—–-\"“'‘" or not _is_date_line(line):
            continue
        for m in _FULL_DATE.finditer(line):
            day = parse_date(m.group())
            if day:
                return Sourced(value=day, origin="inferred", evidence=_span(text, start + m.start(), start + m.end()))
    best: tuple[date, re.Match] | None = None
    for m in _FULL_DATE.finditer(text):
        day = parse_date(m.group())
        if day and (best is None or day > best[0]):
            best = (day, m)
    if best is None:
        return Sourced()
    return Sourced(value=best[0], origin="inferred", evidence=_span(text, best[1].start(), best[1].end()))


def infer_year_frame(text: str, published: Sourced[date] | None = None) -> Sourced[int]:
    """The year the article is about.

    - When ``published`` is known, its year, with the same origin and evidence.
    - Otherwise the latest year (1900-2099) the text mentions, leaving out years
      that are amounts ("$2020", "2020%") or targets ("by 2030"), and years that
      label an earlier, finished event with a possessive ("Biden's 2020
      campaign", "her 2020 campaign"): those look back from the article's time.
    - Only such earlier events are named: unknown (an article about the next race does
      not say which one it is).
    - No year at all: unknown.
    """
    if published is not None and published.value is not None:
        return Sourced(value=published.value.year, origin=published.origin, evidence=published.evidence)
    retro = list(_RETRO_YEAR.finditer(text))
    retro_starts = {m.start("year") for m in retro}
    best: re.Match | None = None
    for m in _YEAR.finditer(text):
        if m.start() in retro_starts or _TARGET_YEAR.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        if best is None or int(m.group()) > int(best.group()):
            best = m
    if best is not None:
        return Sourced(value=int(best.group()), origin="inferred", evidence=_span(text, best.start(), best.end()))
    return Sourced()


def infer_all(text: str) -> dict[str, Sourced]:
    """Every inferable field of an article: title, outlet, published, year_frame."""
    published = infer_published(text)
    return {
        "title": infer_title(text),
        "outlet": infer_outlet(text),
        "published": published,
        "year_frame": infer_year_frame(text, published),
    }
