"""Metadata inference from article text: title, outlet, published date, year frame."""

from datetime import date
from pathlib import Path

import pytest

from checker.io.loading import normalise
from checker.io.metadata import infer_all, infer_outlet, infer_published, infer_title, infer_year_frame, parse_date

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return normalise(path.read_text(encoding="utf-8"))


def spans_ok(text: str, fields: dict) -> None:
    for value in fields.values():
        if value.evidence is not None:
            assert text[value.evidence.start : value.evidence.end] == value.evidence.text


def test_seed_000_title_inferred_year_frame_2024_no_date_no_outlet():
    text = seed("000")
    meta = infer_all(text)
    spans_ok(text, meta)
    assert meta["title"].value == "Kamala Harris keeps declining Joe Biden’s requests to campaign for her, claims report"
    assert meta["title"].origin == "inferred"
    assert meta["title"].evidence.start == 0
    assert meta["published"].value is None and meta["published"].origin == "unknown"
    assert meta["outlet"].value is None  # Axios is only cited ("Axios reported"), never the outlet
    assert meta["year_frame"].value == 2024
    assert meta["year_frame"].origin == "inferred"
    assert meta["year_frame"].evidence.text == "2024"


def test_seed_001_no_title_no_date_year_frame_2024():
    text = seed("001")
    meta = infer_all(text)
    spans_ok(text, meta)
    assert meta["title"].value is None and meta["title"].origin == "unknown"
    assert meta["published"].value is None
    assert meta["outlet"].value is None  # "'Axios' reported Sunday" is a citation
    assert meta["year_frame"].value == 2024


def test_seed_002_published_from_embedded_tweet():
    text = seed("002")
    meta = infer_all(text)
    spans_ok(text, meta)
    assert meta["title"].value is None  # the first line is a sentence ending in a period
    assert meta["published"].value == date(2019, 8, 30)
    assert meta["published"].origin == "inferred"
    assert "August 30, 2019" in meta["published"].evidence.text
    assert meta["year_frame"].value == 2019
    assert meta["outlet"].value is None  # The Daily Beast / The Hill are cited, not the publisher


def test_seed_003_outlet_from_closing_credit_and_election_cycle_year():
    text = seed("003")
    meta = infer_all(text)
    spans_ok(text, meta)
    assert meta["outlet"].value == "Business Insider"
    assert meta["outlet"].origin == "inferred"
    assert meta["title"].value.startswith("Bernie Sanders is holding off")
    assert meta["title"].value.endswith(": report")
    assert meta["published"].value is None
    # Only "Biden's 2020 campaign" is named, a finished campaign: the year it is written in is unknown.
    assert meta["year_frame"].value is None and meta["year_frame"].origin == "unknown"


def test_a_finished_campaign_alone_gives_no_year_frame():
    from checker.io.metadata import infer_year_frame

    assert infer_year_frame("The governor said her 2018 campaign stalled; she is running again for the seat.").value is None
    frame = infer_year_frame("The governor, whose 2018 campaign stalled, lost the 2022 race in Ohio.")
    assert frame.value == 2022


@pytest.mark.parametrize(
    "text, expected",
    [
        ("WASHINGTON (Reuters) - The Senate voted on Tuesday.\nMore text.", "Reuters"),
        ("NEW YORK, Oct 5 (AP) — Stocks fell.\nMore.", "AP"),
        ("Body.\nThis article originally appeared on The Conversation.", "The Conversation"),
        ("Body text here.\n© 2024 Example News. All rights reserved.", "Example News"),
        ("Politico reported that the bill failed.\nAxios said so too.", None),
        ("The plan, according to Reuters, failed.", None),
    ],
)
def test_outlet_only_from_credits_and_datelines(text, expected):
    result = infer_outlet(text)
    assert result.value == expected
    if expected:
        assert text[result.evidence.start : result.evidence.end] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Headline here\nPublished: March 3, 2024\nBody mentions January 9, 2025 as the deadline.", date(2024, 3, 3)),
        ("Title of it\nOct. 15, 2024\nBody.", date(2024, 10, 15)),
        ("A story. It happened on 15 October 2023 and again on 2 May 2024.", date(2024, 5, 2)),
        ("Updated 2024-10-21T08:00:00Z\nText.", date(2024, 10, 21)),
        ("It happened on Oct 15 and in August.", None),
        ("On February 30, 2019 nothing happened.", None),
        ("Tuesday, the senator said so.", None),
    ],
)
def test_published_date_line_or_latest_complete_date(text, expected):
    result = infer_published(text)
    assert result.value == expected
    assert result.origin == ("inferred" if expected else "unknown")
    if expected:
        assert text[result.evidence.start : result.evidence.end] == result.evidence.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Short headline without a period\nBody.", "Short headline without a period"),
        ("# Markdown heading title\n\nBody.", "Markdown heading title"),
        ("This first line is a sentence.\nBody.", None),
        ("Only one line here", None),
        ("Two words\nBody.", None),
        ("Published: March 3, 2024\nBody.", None),
    ],
)
def test_title_reads_like_a_headline(text, expected):
    result = infer_title(text)
    assert result.value == expected
    if expected:
        assert text[result.evidence.start : result.evidence.end] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In 2016 and in 2020 things happened; the 2022 midterms followed.", 2022),
        ("Costs rose to $2030 a month in 2021.", 2021),
        ("The goal is net zero by 2050, set in 2019.", 2019),
        ("Nothing dated here at all.", None),
        ("Her 2019 run ended badly.", None),  # a finished event, not an election year: unknown
    ],
)
def test_year_frame_rule(text, expected):
    assert infer_year_frame(text).value == expected


def test_year_frame_follows_known_published():
    published = infer_published("Title words here\nPublished: March 3, 2024\nIn 2020 it began.")
    frame = infer_year_frame("", published)
    assert (frame.value, frame.origin) == (2024, "inferred")


@pytest.mark.parametrize(
    "value, expected",
    [("2024-10-15", date(2024, 10, 15)), ("Oct. 15, 2024", date(2024, 10, 15)), ("2024-10-15T08:00:00+02:00", date(2024, 10, 15)),
     (date(2020, 1, 2), date(2020, 1, 2)), ("October 2024", None), ("soon", None), (None, None), (20241015, None)],
)  # fmt: skip
def test_parse_date_complete_dates_only(value, expected):
    assert parse_date(value) == expected
