"""Stance of a body towards a one-sentence claim, on short texts written for these tests."""

import pytest

from checker.compare import stance as st
from checker.compare import stance_reading
from checker.compare.stance import stance

CLAIM = "Brookfield zoo's oldest elephant gave birth to twins"

CONFIRMING = (
    "Brookfield zoo's oldest elephant gave birth to twins on Sunday morning, keepers said. "
    "The two calves weigh about 90 kilograms each and are drinking well, the zoo announced."
)
DEBUNKING = (
    "Posts saying that Brookfield zoo's oldest elephant gave birth to twins are a hoax, the zoo said. "
    "Keepers denied the story and said the elephant is not pregnant; the photos are fake."
)
HEDGED = (
    "Brookfield zoo's oldest elephant may have given birth to twins, according to unconfirmed reports "
    "on social media. The zoo has not commented, and it is unclear where the rumour started."
)
OFF_TOPIC = (
    "The regional rail operator will raise fares by four percent in January. "
    "Commuters on the coastal line face the largest increase, the operator said."
)


@pytest.fixture(scope="module")
def verdicts():
    return {name: stance(body, CLAIM) for name, body in
            [("confirming", CONFIRMING), ("debunking", DEBUNKING), ("hedged", HEDGED), ("off_topic", OFF_TOPIC)]}


def test_off_topic_body_is_unrelated(verdicts):
    v = verdicts["off_topic"]
    assert v.label == "unrelated" and v.relatedness < 0.5
    assert v.sentence is None and "little of the claim" in v.reason


@pytest.mark.parametrize("name", ["confirming", "debunking", "hedged"])
def test_bodies_on_the_claim_are_related(verdicts, name):
    v = verdicts[name]
    assert v.label != "unrelated" and v.relatedness > 0.9
    assert v.sentence_index == 0 and v.sentence.startswith("Brookfield") or v.sentence.startswith("Posts")
    assert f"body sentence {v.sentence_index + 1}" in v.reason


def test_debunking_body_contradicts(verdicts):
    v = verdicts["debunking"]
    assert v.label == "contradicts"
    assert "refute cue" in v.reason and {"hoax", "deny"} <= set(v.cues)


def test_hedged_report_is_related_without_a_side(verdicts):
    v = verdicts["hedged"]
    assert v.label == "related"
    assert "hedge cue" in v.reason and "unconfirmed" in v.cues


def test_confirming_body_corroborates(verdicts):
    v = verdicts["confirming"]
    assert v.label == "corroborates"
    assert "refute" not in v.reason


def test_probabilities_and_score_agree(verdicts):
    for v in verdicts.values():
        assert sum(v.probabilities.values()) == pytest.approx(1.0)
        assert v.score == pytest.approx(v.probabilities[v.label])


def test_claim_that_calls_something_false_is_not_contradicted_by_the_same_finding():
    claim = "Video of a shark swimming on a flooded highway is fake"
    body = ("A video that shows a shark swimming on a flooded highway is fake, experts said. "
            "The clip was edited from footage filmed years earlier in the ocean.")
    v = stance(body, claim)
    assert v.label != "contradicts" and "the claim itself calls something false" in v.reason


def test_cue_matching_by_surface_and_lemma():
    hits = stance_reading._match_cues(["officials", "denied", "it", ",", "calling", "it", "not", "true"],
                          ["official", "deny", "it", ",", "call", "it", "not", "true"])
    assert hits["refute"] == ("deny", "not true")
    assert hits["negation"] == ("not",)
    assert hits["confirm"] == ()  # a noun "officials" confirms nothing


def test_cue_lexicon_loads_strings_only():
    c = st.cues()
    assert set(c) == set(st.CUE_KINDS)
    assert ("no", "evidence") in c["refute"] and ("reportedly",) in c["hedge"]
    assert all(isinstance(w, str) for phrases in c.values() for p in phrases for w in p)


def test_texts_are_parsed_once():
    st.read_texts([OFF_TOPIC])
    before = len(stance_reading._READINGS)
    a, b = st.read_texts([OFF_TOPIC, OFF_TOPIC])
    assert a is b and len(stance_reading._READINGS) == before


def test_model_file_names_the_features_the_code_computes():
    m = st.model()
    assert m["related"]["features"] == list(st.RELATED_FEATURES)
    assert m["stance"]["features"] == list(st.STANCE_FEATURES)
    assert m["stance"]["classes"] == ["corroborates", "contradicts", "related"]
    assert m["cv"]["grouped_by"] == "Body ID"


@pytest.mark.parametrize("body, claim", [("", CLAIM), (CONFIRMING, ""), ("", "")])
def test_empty_texts_are_unrelated(body, claim):
    v = stance(body, claim)
    assert v.label == "unrelated" and v.sentence is None


def test_title_case_headline_meets_the_body_lemmas():
    body = st.read_text("The museum installed new safes to house the stolen watches, a guard said.")
    claim = st.read_text("Museum Installs Safes To House Watches")
    words = [t for t in claim.terms if not t.startswith("ent:")]
    assert sorted(words) == ["house", "instal", "museum", "safe", "watch"]
    assert all(t in body.terms for t in words)
    assert st.features(body, claim).values["cov"] > 0.8  # only the spurious title-case entity is missing
    assert [st.stem(w) for w in ("Watches", "countries", "installing", "news")] == ["watch", "countr", "instal", "news"]
