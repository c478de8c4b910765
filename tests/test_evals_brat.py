"""brat standoff parsing (discontinuous spans, numbered roles, stubs) and offset mapping."""

import pytest

from checker.errors import EvalError
from checker.evals.brat import attributions, parse_ann, parse_fragments
from checker.evals.textmap import normalise_with_map

ANN = "\n".join([
    "T1\tSource 0 5\tAlice",
    "T2\tCue 6 10\tsaid",
    "T3\tContent 11 15;20 24\tthat plan",
    "T4\tAttribution 6 10\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tContent 30 35\tmore!",
    "T6\tAttribution-no-source 40 44\tsays",
    "T7\tCue 40 44\tsays",
    "E2\tAttribution-no-source:T6 Content:T3 Content2:T5 Cue:T7",
    "T8\tAttribution-no-source 50 52\tzz",
    "E3\tAttribution-no-source:T8 ",
    "T9\tDiscard 60 70\tRead more.",
    "A1\tNegated E1",
    "#1\tAnnotatorNotes T1\ta note",
])


def test_fragments():
    assert parse_fragments("10 20;25 40") == ((10, 20), (25, 40))
    with pytest.raises(ValueError):
        parse_fragments("20 10")


def test_parse_and_attributions():
    ann = parse_ann(ANN)
    assert ann.textbounds["T3"].fragments == ((11, 15), (20, 24))
    assert ann.textbounds["T9"].type == "Discard"
    atts = attributions(ann)
    assert len(atts) == 2  # E3 has neither cue nor content: skipped
    a, b = atts
    assert (a.source, a.cue, a.content) == ([(0, 5)], [(6, 10)], [(11, 15), (20, 24)])
    assert b.source == [] and b.cue == [(40, 44)]
    assert b.content == [(11, 15), (20, 24), (30, 35)]  # Content2 joins Content


def test_bad_line_names_file_and_line():
    with pytest.raises(EvalError, match=r"x.ann:2"):
        parse_ann("T1\tSource 0 5\tA\nT2\tCue six 10\tsaid", "x.ann")


def test_missing_reference():
    with pytest.raises(EvalError, match="missing T9"):
        attributions(parse_ann("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1 Content:T9"))


def test_offset_map_through_normalisation():
    raw = "Cafe\u0301\r\nX said"  # decomposed accent and CRLF: both shrink
    text, m = normalise_with_map(raw)
    assert text == "Caf\u00e9\nX said"
    assert m[4] == 3 and m[5] == 4 and m[6] == 4 and m[7] == 5 and m[len(raw)] == len(text)
    assert text[m[0]:m[5]] == "Caf\u00e9"
    assert text[m[7]:m[8]] == "X"


def test_offset_map_identity_for_clean_text():
    text, m = normalise_with_map("plain text")
    assert text == "plain text" and m == list(range(11))
