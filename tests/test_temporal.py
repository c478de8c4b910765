"""Time expressions normalised against the article date or year frame."""

from datetime import date

import pytest

from checker.extract.nlp import load_nlp
from checker.extract.offline import OfflineEngine
from checker.extract.temporal import describes_predicate, inherited, normalise
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


@pytest.mark.parametrize(
    "sentence, describes",
    [
        ("The new mayor is a symbol of the last three decades in Dayton.", True),
        ("Their plan is a return to the policies of the 1990s.", True),
        ("It was the wettest spring of the past century in Ohio.", True),
        ("She was a member of the Dayton council in 2019.", False),
        ("The filing deadline for the Ohio ballot is October 15.", False),
        ("The 2020 race for the Dayton council was close.", False),
        ("The city recalled the floods of 1913 at a ceremony on Monday.", False),
    ],
)
def test_a_time_on_the_predicate_noun_of_be_does_not_date_the_statement(sentence, describes):
    doc = load_nlp()(sentence)
    [date] = [e for e in doc.ents if e.label_ == "DATE" and e.text != "Monday"]
    assert describes_predicate(list(date)) is describes


def _time_of(text: str, words: str):
    article = Article(id="t", text=text, year_frame=Sourced(value=2024, origin="inferred"))
    claim = next(c for c in OfflineEngine().extract(article) if words in c.statement)
    return claim.time


def test_a_quoted_time_that_describes_the_predicate_is_no_time_of_the_claim():
    t = _time_of("“The new stadium is a monument to the failures of the past three years,” the Dayton mayor said.", "monument")
    assert t is None or t.inferred
    t = _time_of("“The Dayton council approved the new stadium in the past three years,” the mayor said.", "approved")
    assert t is not None and not t.inferred and t.value == "2021/2024"
