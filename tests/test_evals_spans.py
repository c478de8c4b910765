"""Span matching, tokens and gold direct quotes, on hand-made cases worked out by hand."""

import pytest

from checker.evals.spans import Attr, Tokens, best_content_match, exact_counts, is_direct, overlap_counts
from checker.evals.tasks.attribution import counts

TEXT = "Alice said that the plan failed badly."
# tokens: 0 Alice(0,5) 1 said(6,10) 2 that(11,15) 3 the(16,19) 4 plan(20,24) 5 failed(25,31) 6 badly(32,37) 7 .(37,38)
GOLD = Attr(source=[(0, 5)], cue=[(6, 10)], content=[(11, 38)])


def test_token_ranges():
    t = Tokens(TEXT)
    assert t.range(0, 5) == (0, 0)
    assert t.range(2, 8) == (0, 1)  # partial overlap covers the token
    assert t.range(5, 6) is None  # whitespace only
    assert t.ranges([(11, 15), (16, 24)]) == ((2, 4),)  # touching fragments merge
    assert t.ranges([(0, 5), (11, 15)]) == ((0, 0), (2, 2))  # a real gap stays


def test_exact_match_source_cue_content():
    t = Tokens(TEXT)
    pred = Attr(source=[(0, 5)], cue=[(6, 10)], content=[(16, 38)])
    assert exact_counts([pred], [GOLD], t, "source") == (1, 1, 1, 1)
    assert exact_counts([pred], [GOLD], t, "cue") == (1, 1, 1, 1)
    assert exact_counts([pred], [GOLD], t, "content") == (0, 1, 0, 1)
    # whitespace around a span does not matter: it covers the same tokens
    padded = Attr(source=[(0, 6)], cue=[(5, 10)], content=[(10, 38)])
    assert exact_counts([padded], [GOLD], t, "content") == (1, 1, 1, 1)


def test_source_match_needs_overlapping_cue():
    t = Tokens(TEXT)
    pred = Attr(source=[(0, 5)], cue=[(25, 31)], content=[(11, 38)])  # right source, wrong cue
    assert exact_counts([pred], [GOLD], t, "source") == (0, 1, 0, 1)


def test_empty_sources_match_each_other():
    t = Tokens(TEXT)
    gold = Attr(source=[], cue=[(6, 10)], content=[(11, 38)])
    pred = Attr(source=[], cue=[(6, 10)], content=[(11, 38)])
    assert exact_counts([pred], [gold], t, "source") == (1, 1, 1, 1)


def test_spurious_cue_halves_precision():
    t = Tokens(TEXT)
    good = Attr(source=[(0, 5)], cue=[(6, 10)], content=[(11, 38)])
    spurious = Attr(cue=[(25, 31)], content=[(32, 38)])
    mp, np_, mg, ng = exact_counts([good, spurious], [GOLD], t, "cue")
    assert (mp, np_, mg, ng) == (1, 2, 1, 1)  # P = 1/2, R = 1, F1 = 2/3


def test_overlap_counts_content():
    t = Tokens(TEXT)
    pred = Attr(source=[(0, 5)], cue=[(6, 10)], content=[(16, 38)])  # tokens 3..7 (5); gold 2..7 (6)
    assert overlap_counts([pred], [GOLD], t, "content") == (5, 5, 5, 6)  # P = 1, R = 5/6, F1 = 10/11


def test_overlap_discontinuous_gold():
    t = Tokens(TEXT)
    gold = Attr(content=[(0, 5), (11, 15)])  # tokens {0, 2}
    pred = Attr(content=[(0, 15)])  # tokens {0, 1, 2}
    assert exact_counts([pred], [gold], t, "content")[0] == 0
    assert overlap_counts([pred], [gold], t, "content") == (2, 3, 2, 2)  # P = 2/3, R = 1


def test_overlap_precision_never_exceeds_one():
    t = Tokens(TEXT)
    golds = [Attr(source=[(0, 5)]), Attr(source=[(0, 5)])]  # the same source span in two attributions
    pred = [Attr(source=[(0, 5)])]
    assert overlap_counts(pred, golds, t, "source") == (1, 1, 2, 2)


def test_best_content_match():
    t = Tokens(TEXT)
    a, b = Attr(content=[(0, 10)]), Attr(content=[(16, 38)])
    assert best_content_match(GOLD, [a, b], t) is b
    assert best_content_match(Attr(content=[(0, 5)]), [b], t) is None


@pytest.mark.parametrize(
    "text, frags, expected",
    [
        ("He said: “We will win.” Then left.", [(9, 23)], True),  # marks inside the span
        ("He said: “We will win.” Then left.", [(10, 22)], True),  # marks just outside
        ('"Yes," he said.', [(1, 4)], True),  # straight marks, trailing comma skipped
        ("He said that the plan was “a disaster” for all.", [(13, 47)], False),  # mixed quote
        ("“A,” he said, “B.”", [(0, 4), (14, 18)], True),  # both fragments quoted
        ("“A,” he said, and B.", [(0, 4), (14, 19)], False),  # second fragment unquoted
        ("''We will win,'' he said.", [(2, 14)], True),  # old wire-style '' marks just outside
        ("''We will win,'' he said.", [(0, 16)], True),  # '' marks inside the span
        ("no quotes here", [(0, 14)], False),
        ("anything", [], False),
    ],
)
def test_is_direct(text, frags, expected):
    assert is_direct(text, frags) is expected


def test_counts_direct_accuracy():
    gold = [Attr(source=[(0, 5)], cue=[(6, 10)], content=[(11, 38)], direct=False)]
    pred = [Attr(source=[(0, 5)], cue=[(6, 10)], content=[(16, 38)], direct=True)]
    c = counts(pred, gold, TEXT)
    assert c["direct"] == [0, 1]
    assert c["source.exact"] == [1, 1, 1, 1]
