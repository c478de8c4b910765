"""Grounding and repair of spans and whole claims."""

from checker.extract.grounding import ground, hedging_conflict, normalise, repair, support, validate_claim
from checker.models import Claim, Hedging, SourceLink, Span

TEXT = ("Biden said on Monday that he will campaign. "
        "Harris’ team “will get back to him,” an insider told Axios. "
        "Later, Biden said that he will campaign in Pittsburgh.")


def test_exact_match_prefers_occurrence_near_hint():
    first = ground(TEXT, "Biden said")
    assert first.start == 0
    later = ground(TEXT, "Biden said", near=TEXT.index("Later"))
    assert later.start == TEXT.index("Later, Biden") + len("Later, ")
    inside = ground(TEXT, "he will campaign", near=(TEXT.index("Later"), len(TEXT)))
    assert inside.start > TEXT.index("Later")


def test_normalised_quotes_whitespace_and_case():
    span = ground(TEXT, 'Harris\' team "will get back   to him," an insider')
    assert span is not None and TEXT[span.start:span.end] == span.text
    assert span.text.startswith("Harris’ team “will")
    assert ground(TEXT, '"will get back to him"').text == "will get back to him"


def test_fuzzy_alignment_snaps_to_words_and_rejects_unrelated():
    span = ground(TEXT, "an insider told to Axios")
    assert span is not None and span.text == "an insider told Axios"
    assert ground(TEXT, "the senator voted against the budget bill") is None
    assert ground(TEXT, "") is None and ground(TEXT, None) is None
    assert ground(TEXT, "Bidn") is None  # short strings are never matched fuzzily


def test_normalise_keeps_an_index_per_character():
    norm, idx = normalise("A  “B”—c…")
    assert norm == 'a "b"-c...' and len(idx) == len(norm) and idx[-1] == idx[-2] == 8


def test_repair_keeps_exact_and_moves_shifted_spans():
    good = Span(text="an insider", start=TEXT.index("an insider"), end=TEXT.index("an insider") + 10)
    assert repair(TEXT, good) is good
    moved = repair(TEXT, Span(text="an insider", start=3, end=13))
    assert moved == good
    assert repair(TEXT, Span(text="a senator", start=0, end=9)) is None


def make_claim(evidence: Span, level="reported", cue: Span | None = None, statement="Biden will campaign.",
               speaker: SourceLink | None = None) -> Claim:
    speaker = speaker or SourceLink(name="Biden", kind="person")
    return Claim(id="c", article_id="a", statement=statement, evidence=evidence, cue=cue, speaker=speaker,
                 hedging=Hedging(level=level, certainty=0.7), quote="indirect")


def test_validate_claim_repairs_drops_and_rejects():
    ev = Span(text="Biden said on Monday that he will campaign.", start=5, end=48)  # wrong offsets
    cue = Span(text="announced", start=6, end=15)  # not in the text
    c = validate_claim(make_claim(ev, cue=cue), TEXT)
    assert c.evidence.start == 0 and TEXT[c.evidence.start:c.evidence.end] == c.evidence.text
    assert c.cue is None and {"repaired:evidence", "dropped:cue"} <= set(c.flags)
    assert validate_claim(make_claim(Span(text="Trump won the state of Ohio easily.", start=0, end=35)), TEXT) is None


def test_statement_with_no_support_replaced_by_evidence():
    ev = ground(TEXT, "Biden said on Monday that he will campaign.")
    c = validate_claim(make_claim(ev, statement="The pandemic changed global trade forever."), TEXT)
    assert c.statement == ev.text and "repaired:statement" in c.flags
    assert support("Biden will campaign on Monday", ev.text) == 1.0


def test_hedging_label_contradicting_cue_is_flagged():
    text = "Biden reportedly declined. The White House denied the report. Biden spoke in Pittsburgh."
    reportedly = ground(text, "Biden reportedly declined.")
    denied = ground(text, "The White House denied the report.")
    plain = ground(text, "Biden spoke in Pittsburgh.")
    assert hedging_conflict(make_claim(reportedly, "asserted"), text) == "hedging_conflict:asserted_but_hedged_cue:reportedly"
    assert hedging_conflict(make_claim(reportedly, "hedged"), text) is None
    assert hedging_conflict(make_claim(denied, "asserted"), text).startswith("hedging_conflict:asserted_but_denial_cue")
    assert hedging_conflict(make_claim(denied, "denied"), text) is None
    assert hedging_conflict(make_claim(plain, "denied"), text) == "hedging_conflict:denied_without_denial_cue"
    assert hedging_conflict(make_claim(plain, "asserted", speaker=SourceLink(name="author", kind="author")), text) is None
    flagged = validate_claim(make_claim(reportedly, "asserted"), text)
    assert "hedging_conflict:asserted_but_hedged_cue:reportedly" in flagged.flags
