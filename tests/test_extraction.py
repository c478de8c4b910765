"""The offline engine on the seed articles: concrete claims a careful reader would sign."""

import re

import pytest


def _claim(claims, words):
    found = [c for c in claims if words in c.evidence.text]
    assert found, f"no claim with evidence containing {words!r}"
    return found


def test_every_span_is_verbatim_at_its_offsets(seed_articles, seed_claims):
    for key, claims in seed_claims.items():
        text = seed_articles[key].text
        for c in claims:
            spans = [c.evidence, c.content, c.cue, c.speaker.span, *(link.span for link in c.source), *c.hedging.cues,
                     *(e.span for e in c.entities), c.time.span if c.time else None]
            for span in filter(None, spans):
                assert text[span.start : span.end] == span.text, (c.id, span)


def test_at_least_eight_claims_per_seed(seed_claims):
    for key, claims in seed_claims.items():
        assert len(claims) >= 8, key
        assert len({c.id for c in claims}) == len(claims)


def test_insider_quote_is_direct_hedged_and_traced_to_axios(seed_claims):
    [c] = [c for c in seed_claims["000"] if c.statement.startswith("He’s a reminder of the last four years")]
    assert c.speaker.name == "an insider"
    assert c.speaker.kind == "anonymous"
    assert [link.name for link in c.source] == ["Axios", "an insider"]
    assert c.quote == "direct"
    assert c.hedging.level != "asserted"
    assert c.cue.text == "explained"


def test_bates_statement_has_speaker_bates(seed_claims):
    [c] = [c for c in seed_claims["000"] if "We are in close touch" in c.statement]
    assert c.speaker.name == "Andrew Bates"
    assert c.speaker.kind == "person"
    assert c.quote == "direct"
    assert c.hedging.level == "reported"


def test_bates_denial_in_001_is_denied(seed_claims):
    claims = _claim(seed_claims["001"], "refuted division claims")
    denied = [c for c in claims if c.hedging.level == "denied"]
    assert denied and denied[0].speaker.name == "Andrew Bates"
    assert any(cue.text == "refuted" for cue in denied[0].hedging.cues)


def test_exit_in_2020_has_time_2020(seed_claims):
    [c] = _claim(seed_claims["001"], "after he exited the race in 2020")
    assert c.time.value == "2020"
    assert c.time.granularity == "year"
    assert not c.time.inferred


def test_october_15_resolves_against_the_year_frame(seed_claims):
    [c] = _claim(seed_claims["001"], "on Oct. 15")
    assert c.time.value == "2024-10-15"
    assert "year frame 2024" in c.time.anchor


def test_trailing_outlet_attribution_is_found(seed_claims):
    [c] = _claim(seed_claims["001"], "‘Axios’ reported Sunday")
    assert c.speaker.name == "Axios" and c.speaker.kind == "outlet"
    assert c.statement.startswith("Biden’s team has repeatedly contacted")


def test_nested_chain_outlet_then_sources(seed_claims):
    claims = _claim(seed_claims["000"], "sources reveal")
    inner = [c for c in claims if c.speaker.name == "sources"]
    assert inner and [link.name for link in inner[0].source] == ["Axios", "sources"]
    assert inner[0].hedging.level == "hedged"


def test_pronoun_and_description_speakers_resolve(seed_claims):
    said = _claim(seed_claims["003"], "the independent Vermont senator said Tuesday")[0]
    assert said.speaker.name == "Bernie Sanders"
    assert said.speaker.resolved_from == "the independent Vermont senator"
    told = _claim(seed_claims["003"], 'He told NBC News: "I look forward')[0]
    assert told.speaker.name == "Bernie Sanders"
    assert [link.name for link in told.source] == ["NBC News", "Bernie Sanders"]
    assert told.quote == "direct"


def test_the_outlet_and_the_source_resolve_to_the_hill_chain(seed_claims):
    source_added = _claim(seed_claims["003"], "The source added")[0]  # continues the quote given to The Hill (S3)
    assert [link.name for link in source_added.source] == ["The Hill", "an unnamed Sanders ally"]
    ally = _claim(seed_claims["003"], "who spoke to the outlet")[0]
    assert ally.source[0].name == "The Hill" and ally.source[0].resolved_from == "the outlet"


def test_author_voice_claims_and_reported_adverb(seed_claims):
    [c] = _claim(seed_claims["001"], "The Pittsburgh outing without Harris reportedly raised eyebrows")
    assert c.speaker.kind == "author" and c.source == []
    assert c.hedging.level == "hedged"
    assert [cue.text for cue in c.hedging.cues] == ["reportedly"]
    assert c.quote == "none"


def test_page_furniture_questions_and_headlines_are_not_claims(seed_claims):
    texts = [c.evidence.text for claims in seed_claims.values() for c in claims]
    assert not any("Something went wrong" in t or "Read the original article" in t for t in texts)
    assert not any(t.endswith("?") for t in texts)
    assert not any(t.startswith("Kamala Harris’ team working to establish") for t in texts)
    assert not any("pic.twitter.com" in t for t in texts)


def test_2019_article_claims_inherit_its_inferred_date(seed_claims):
    [c] = _claim(seed_claims["002"], "Former Vice President Joe Biden is still leading the field")
    assert c.time.inferred and c.time.value == "2019-08-30"


#: Per seed, the surnames its PERSON mentions use alone, and the full name each resolves to.
SURNAMES = {
    "000": {"Biden": "Joe Biden", "Harris": "Kamala Harris"},
    "001": {"Biden": "Joe Biden", "Harris": "Kamala Harris"},
    "002": {"Harris": "Kamala Harris"},
    "003": {"Biden": "Joe Biden", "Harris": "Kamala Harris", "Sanders": "Bernie Sanders"},
}


def _bare(name: str) -> str:
    """The name without a possessive ending: "Biden’s" -> "Biden", "Harris'" -> "Harris"."""
    return re.sub(r"(?:['’]s?)$", "", name)


def test_possessive_endings_come_off_and_nothing_else():
    assert [_bare(n) for n in ("Biden’s", "Biden's", "Harris'", "Harris’", "Harris", "Sanders")] == [
        "Biden", "Biden", "Harris", "Harris", "Harris", "Sanders"]


@pytest.mark.parametrize("key", sorted(SURNAMES))
def test_entities_resolve_surnames_to_full_names(seed_claims, key):
    canon: dict[str, set[str]] = {}
    for c in seed_claims[key]:
        for e in c.entities:
            if e.label == "PERSON":
                canon.setdefault(_bare(e.text), set()).add(e.canonical)
    alone = {name: canon[name] for name in canon if " " not in name}
    full = {name for name in canon if " " in name}
    assert {name: values for name, values in alone.items() if name in SURNAMES[key]} == {
        name: {value} for name, value in SURNAMES[key].items()}
    for name, values in alone.items():  # a surname whose full name the article gives resolves to it
        fuller = {f for f in full if f.split()[-1] == name}
        if fuller:
            assert values <= fuller and len(values) == 1, (name, values)
