"""Hedging cues and levels on hand-made sentences."""

import pytest

from checker.extract.hedging import assess, find_cues, strongest


@pytest.mark.parametrize(
    "text, level",
    [
        ("Biden exited the race in July.", "asserted"),
        ("Biden reportedly exited the race in July.", "hedged"),
        ("The senator allegedly took the money.", "hedged"),
        ("The policy may hurt voters.", "speculative"),
        ("There is speculation about a rift.", "speculative"),
        ("The spokesman denied any rift.", "denied"),
        ("Bates refuted the claims of division.", "denied"),
    ],
)
def test_levels(text, level):
    assert assess(text).level == level


def test_base_level_from_attribution_and_strongest_cue_wins():
    assert assess("They are in close touch.", base="reported").level == "reported"
    assert assess("They may be in close touch.", base="reported").level == "speculative"
    assert strongest(["reported", "hedged", "asserted"]) == "hedged"


def test_cue_offsets_shift_into_article_coordinates():
    text = "Biden reportedly left."
    [cue] = assess(text, offset=100).cues
    assert (cue.text, cue.start, cue.end) == ("reportedly", 106, 116)


def test_certainty_orders_levels_and_boosters():
    flat = assess("The drug reduces deaths.").certainty
    boosted = assess("The study clearly shows the drug reduces deaths.").certainty
    hedged = assess("The drug appears to reduce deaths.").certainty
    doubly = assess("The drug may possibly reduce deaths.").certainty
    assert boosted > flat > hedged > doubly


def test_no_cue_inside_other_words():
    assert find_cues("Mayor Maybelline visited Couldson.") == []


def test_the_month_may_is_not_a_hedge():
    assert assess("The law took effect in May 2019.").level == "asserted"
    assert assess("May voters stay home? Turnout may fall.").level == "speculative"
