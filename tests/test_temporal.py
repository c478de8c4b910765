"""Time expressions normalised against the article date or year frame."""

from datetime import date

import pytest

from checker.extract.temporal import inherited, normalise
from checker.models import Article, Sourced

FRAME_2024 = Article(id="a", text="x", year_frame=Sourced(value=2024, origin="inferred"))
PUB_2019 = Article(id="b", text="x", published=Sourced(value=date(2019, 8, 30), origin="metadata"))
UNDATED = Article(id="c", text="x")


@pytest.mark.parametrize(
    "expr, article, value, granularity",
    [
        ("2020", UNDATED, "2020", "year"),
        ("the 2024 election", UNDATED, "2024", "year"),
        ("August 30, 2019", UNDATED, "2019-08-30", "day"),
        ("Oct. 15", FRAME_2024, "2024-10-15", "day"),
        ("Sunday", PUB_2019, "2019-08-25", "day"),
        ("Sunday", FRAME_2024, "2024", "year"),
        ("earlier this month", PUB_2019, "2019-08", "month"),
        ("last year", PUB_2019, "2018", "year"),
        ("the last four years", FRAME_2024, "2020/2024", "interval"),
        ("the 1990s", UNDATED, "1990/1999", "interval"),
    ],
)
def test_normalise(expr, article, value, granularity):
    t = normalise(expr, article)
    assert (t.value, t.granularity) == (value, granularity)


def test_unknown_stays_unknown_without_an_anchor():
    t = normalise("Oct. 15", UNDATED)
    assert t.value is None and t.granularity == "unknown"
    assert inherited(UNDATED) is None


@pytest.mark.parametrize("expr", ["81-year-old", "three years", "48 hours", "a month"])
def test_ages_and_durations_are_not_times(expr):
    assert normalise(expr, FRAME_2024) is None


def test_inherited_time_is_marked_inferred():
    t = inherited(PUB_2019)
    assert t.inferred and t.value == "2019-08-30" and "published 2019-08-30" in t.anchor
