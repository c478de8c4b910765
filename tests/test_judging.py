"""Offline judging rules, one test per rule, with hand-built claims (and non-conflicts)."""

from __future__ import annotations

from datetime import date

import pytest

from checker.compare import crosscheck
from checker.compare.judging import judge, role_changes
from checker.models import Article, Claim, Entity, Hedging, Report, RunMeta, Sourced, SourceLink, Span

CERTAINTY = {"asserted": 1.0, "reported": 0.8, "hedged": 0.6, "speculative": 0.4, "denied": 0.0}


def make_report(articles: list[dict]) -> Report:
    """Articles of given claims: {"id", "year" | "published", "claims": [text or {"text", "hedging", "speaker", "source"}]}."""
    from checker.compare.facts import nlp

    arts, claims = [], []
    for a in articles:
        items = [c if isinstance(c, dict) else {"text": c} for c in a["claims"]]
        text = " ".join(c["text"] for c in items)
        year, published = a.get("year"), a.get("published")
        arts.append(Article(
            id=a["id"], path=f"{a['id']}.txt", text=text,
            year_frame=Sourced[int](value=year, origin="inferred") if year else Sourced[int](),
            published=Sourced[date](value=published, origin="metadata") if published else Sourced[date](),
            outlet=Sourced[str](value=a.get("outlet"), origin="metadata") if a.get("outlet") else Sourced[str](),
        ))
        pos = 0
        for k, c in enumerate(items):
            start = text.index(c["text"], pos)
            end = pos = start + len(c["text"])
            ents = [Entity(text=e.text, label=e.label_, canonical=e.text, span=Span(text=e.text, start=start + e.start_char, end=start + e.end_char))
                    for e in nlp()(c["text"]).ents]
            name, kind = c.get("speaker", ("the article author", "author"))
            level = c.get("hedging", "asserted")
            claims.append(Claim(
                id=f"{a['id']}-{k}", article_id=a["id"], statement=c["text"], evidence=Span(text=c["text"], start=start, end=end),
                speaker=SourceLink(name=name, kind=kind), source=[SourceLink(name=n, kind=kd) for n, kd in c.get("source", [])],
                hedging=Hedging(level=level, certainty=CERTAINTY[level]), quote=c.get("quote", "none"), entities=ents,
            ))
    return Report(meta=RunMeta(checker_version="test", engine="offline", engine_reason="test"), articles=arts, claims=claims)


def pair(text_a: str | dict, text_b: str | dict, year_a: int = 2024, year_b: int = 2024):
    """Judge claim A (article a) against claim B (article b)."""
    report = make_report([{"id": "a", "year": year_a, "claims": [text_a]}, {"id": "b", "year": year_b, "claims": [text_b]}])
    fa, fb = crosscheck.facts_for(report)
    return judge(fa, fb)


def test_same_event_different_stated_years_contradicts_on_time():
    v = pair("Biden exited the race in July 2024 after endorsing Harris for the nomination.",
             "Biden exited the race in 2020 after endorsing Harris for the nomination.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "time")
    assert v.confidence >= 0.7
    assert "2020" in v.explanation and "2024" in v.explanation


def _exit_pair(context_a: list[str], claim_a: str, claim_b: str, year_a: int | None = 2023):
    """Judge the last claim of article a (with earlier context sentences) against article b's claim."""
    report = make_report([{"id": "a", "year": year_a, "claims": [*context_a, claim_a]}, {"id": "b", "year": 2023, "claims": [claim_b]}])
    facts = crosscheck.facts_for(report)
    return judge(facts[len(context_a)], facts[-1])


def test_undated_exit_is_dated_by_the_contest_its_own_article_names():
    v = _exit_pair(["Councillor Maria Ortiz lost ground in the 2022 mayoral election campaign in Tucson."],
                   "Ortiz endorsed Daniel Reyes for mayor of Tucson soon after her own exit from the race.",
                   "Ortiz endorsed Daniel Reyes for mayor of Tucson after she exited the race in 2018.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "time")
    assert v.confidence < 0.7 and "inferred" in v.explanation and "2022" in v.explanation


def test_two_dated_contests_leave_the_exit_undated():
    v = _exit_pair(["Councillor Maria Ortiz ran in the 2018 mayoral election in Tucson and again in the 2022 election."],
                   "Ortiz endorsed Daniel Reyes for mayor of Tucson soon after her own exit from the race.",
                   "Ortiz endorsed Daniel Reyes for mayor of Tucson after she exited the race in 2018.")
    assert v is None or v.relation != "contradicts"


def test_recency_words_and_the_article_year_do_not_date_an_event():
    v = pair("Ortiz recently endorsed Daniel Reyes in Tucson, swiftly after her exit from the race.",
             "Ortiz endorsed Daniel Reyes in Tucson after she exited the race in 2018.", year_a=2023)
    assert v is None or v.relation != "contradicts"


def test_repeated_actions_are_not_compared_by_date():
    v = pair("Governor Ellen Park visited the flooded towns of Dorset County in March 2023.",
             "Governor Ellen Park visited the flooded towns of Dorset County in June 2023.")
    assert v is None or v.relation != "contradicts"


def test_a_dated_mention_of_the_same_event_dates_it_elsewhere_in_the_article():
    v = _exit_pair(["The board said Tom Walsh resigned from Halden Bank in 2019."],
                   "Tom Walsh's resignation from Halden Bank shook its investors in Norway.",
                   "Tom Walsh resigned from Halden Bank in 2021, shaking its investors in Norway.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "time")
    assert "2019" in v.explanation and "inferred" in v.explanation


def test_an_age_is_not_a_year():
    from checker.compare.dating import parse_when

    assert parse_when("58") is None
    v = pair("Maria Ortiz, 58, exited the race for mayor of Tucson.", "Maria Ortiz exited the race for mayor of Tucson in 2022.")
    assert v is None or v.relation != "contradicts"


def test_different_events_in_different_years_are_not_a_conflict():
    v = pair("Harris's 2020 campaign faced setbacks in Iowa and New Hampshire.",
             "Harris's 2024 campaign faced setbacks in Iowa and New Hampshire.")
    assert v is None
    v = pair("Sanders endorsed Hillary Clinton in 2016 after the primaries in Vermont.",
             "Sanders endorsed Joe Biden in 2020 after the primaries in Vermont.")
    assert v is None or v.relation != "contradicts"


def test_different_people_with_the_same_surname_do_not_conflict():
    v = pair("Hunter Biden did not attend the Philadelphia dinner on October 15 with Harris.",
             "Joe Biden attended the Philadelphia dinner on October 15 with Harris.")
    assert v is None or v.relation != "contradicts"


def test_negation_on_the_same_event_contradicts_on_polarity():
    v = pair("Harris attended the fundraiser in Los Angeles hosted by Jessica Alba.",
             "Harris did not attend the fundraiser in Los Angeles hosted by Jessica Alba.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "polarity")


def test_negation_between_different_years_is_a_change_over_time():
    v = pair("Harris does not lead the Democratic field in the national polls.",
             "Harris leads the Democratic field in the national polls.", year_a=2019, year_b=2024)
    assert v is not None and v.relation == "changed_over_time"


def test_antonymous_predicates_contradict():
    v = pair("Biden's approval rating rose in October after the debate in Philadelphia.",
             "Biden's approval rating fell in October after the debate in Philadelphia.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "polarity")


def _polled(text: str, pollster: str) -> dict:
    return {"text": text, "source": [(pollster, "outlet")]}


def test_different_numbers_for_the_same_quantity_contradict():
    v = pair(_polled("Harris is polling at 7 percent in the Democratic race, according to RealClearPolitics.", "RealClearPolitics"),
             _polled("Harris is polling at 12 percent in the Democratic race, according to RealClearPolitics.", "RealClearPolitics"))
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "number")


def test_figures_of_different_polls_or_periods_do_not_contradict():
    v = pair(_polled("Governor Ellen Park leads Tom Reyes by 48 percent to 41 percent in the Ohio race, a Marist poll found.", "Marist"),
             _polled("Governor Ellen Park leads Tom Reyes by 44 percent to 43 percent in the Ohio race, an Emerson poll found.", "Emerson"))
    assert v is None or v.relation != "contradicts"
    v = pair("Halden Bank cut 300 jobs in Oslo in March 2023, its chief executive Tom Walsh said.",
             "Halden Bank cut 450 jobs in Oslo in May 2023, its chief executive Tom Walsh said.")
    assert v is None or v.relation != "contradicts"


def test_a_generic_verb_negated_elsewhere_is_not_a_contradiction():
    v = pair("Police footage of the Tulsa shooting does not show whether Ray Miller was armed.",
             "Police footage of the Charlotte shooting shows Ray Miller with his hands raised.")
    assert v is None or v.relation != "contradicts"


def test_ages_are_compared_as_of_each_date():
    same_person_later = pair("The 76-year-old Joe Biden campaigned in Iowa on Sunday.",
                             "The 81-year-old Joe Biden campaigned in Pittsburgh on Sunday.", year_a=2019, year_b=2024)
    assert same_person_later is None or same_person_later.relation != "contradicts"
    v = pair("The 76-year-old Joe Biden campaigned in Iowa on Sunday.",
             "The 81-year-old Joe Biden campaigned in Pittsburgh on Sunday.", year_a=2024, year_b=2024)
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "number")


def test_a_claim_the_article_itself_denies_is_not_used():
    denied = {"text": "Harris snubbed Biden at the Philadelphia dinner on October 15.", "hedging": "denied"}
    v = pair(denied, "Harris did not snub Biden at the Philadelphia dinner on October 15.")
    assert v is None
    asserted = {"text": "Harris snubbed Biden at the Philadelphia dinner on October 15.", "hedging": "asserted"}
    v = pair(asserted, "Harris did not snub Biden at the Philadelphia dinner on October 15.")
    assert v is not None and v.relation == "contradicts"


def test_same_quotation_corroborates():
    q = "“He’s a reminder of the last four years, not the new way forward,” an insider said."
    v = pair(q, "“He's a reminder of the last four years, not the new way forward,” said an anonymous source.")
    assert v is not None and v.relation == "corroborates"
    assert pair(q, "“We are in close touch with the campaign,” Bates said.") is None


def test_roles_in_different_years_are_changes_not_conflicts():
    report = make_report([
        {"id": "old", "year": 2019, "claims": ["Senator Kamala Harris skipped the interview with the group."]},
        {"id": "new", "year": 2024, "claims": ["Vice President Kamala Harris campaigned in Pittsburgh."]},
        {"id": "new2", "year": 2024, "claims": ["Vice President Kamala Harris spoke in Detroit."]},
    ])
    changes = role_changes(crosscheck.facts_for(report))
    assert [p for p, _ in changes] == ["kamala harris"]
    offices = {(f.article_id, office, year) for f, office, year in changes[0][1]}
    assert ("old", "senator", 2019) in offices and ("new", "vice president", 2024) in offices


def test_same_year_different_titles_are_not_reported():
    report = make_report([
        {"id": "x", "year": 2024, "claims": ["Senator Kamala Harris campaigned in Pittsburgh."]},
        {"id": "y", "year": 2024, "claims": ["Vice President Kamala Harris spoke in Detroit."]},
    ])
    assert role_changes(crosscheck.facts_for(report)) == []


@pytest.mark.parametrize("word,opposite", [("rise", "fall"), ("win", "lose"), ("before", "after")])
def test_antonym_table_is_symmetric(word, opposite):
    from checker.compare.judging import antonyms

    assert antonyms(word, opposite) and antonyms(opposite, word)


def test_a_reported_denial_against_an_assertion_is_disputed_not_contradicted():
    v = pair({"text": "Halden Bank denied that Tom Walsh resigned from its board in Oslo.", "hedging": "denied",
              "speaker": ("Halden Bank", "organization")},
             "Tom Walsh resigned from the board of Halden Bank in Oslo.")
    assert v is not None and (v.relation, v.attribute) == ("disputed", "polarity")
    assert "Halden Bank denies" in v.explanation
    both_denied = pair({"text": "Halden Bank denied that Tom Walsh resigned from its board.", "hedging": "denied"},
                       {"text": "Officials denied that Tom Walsh resigned from the Halden Bank board.", "hedging": "denied"})
    assert both_denied is None
    unrelated = pair({"text": "Halden Bank denied that Tom Walsh resigned from its board.", "hedging": "denied"},
                     "Tom Walsh opened a bakery in Bergen.")
    assert unrelated is None or unrelated.relation != "disputed"


def test_synonymous_predicates_on_the_same_object_align():
    v = pair("Tom Walsh resigned from the board of Halden Bank in 2019, the bank said.",
             "Tom Walsh quit the board of Halden Bank in 2021, the bank said.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "time")
    different_objects = pair("Tom Walsh resigned from the board of Halden Bank in 2019.",
                             "Tom Walsh quit smoking in 2021, his doctor at Halden Bank said.")
    assert different_objects is None or different_objects.relation != "contradicts"


def test_two_reports_of_one_occurrence_corroborate_but_two_polls_do_not():
    v = pair("Senator Ann Reyes nearly collapsed at the harbour memorial in Tampa after a bout of pneumonia.",
             "Reyes, who had pneumonia, nearly collapsed while leaving the harbour memorial, her doctor said.")
    assert v is not None and v.relation == "corroborates"
    polls = pair("In a Marist poll, Governor Ellen Park leads Tom Reyes by 5 points among likely voters in Ohio.",
                 "A Monmouth poll shows Governor Ellen Park leads Tom Reyes by 43 percent to 38 percent among Ohio voters.")
    assert polls is None or polls.relation != "corroborates"


def test_a_same_kind_entity_in_the_same_role_of_one_event_contradicts():
    v = pair("The painter Ada Lindqvist was born in France in 1931, her publisher said.",
             "The painter Ada Lindqvist was born in Italy in 1931, her publisher said.")
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "entity")
    assert "France" in v.explanation and "Italy" in v.explanation
    repeated = pair("The painter Ada Lindqvist exhibited in France in 1960, her publisher said.",
                    "The painter Ada Lindqvist exhibited in Italy in 1960, her publisher said.")
    assert repeated is None or repeated.relation != "contradicts"  # exhibiting happens again and again
    both = pair("Ada Lindqvist was born in Lyon, France, in 1931, her publisher said.",
                "Ada Lindqvist was born in France in 1931, her publisher said.")
    assert both is None or both.relation != "contradicts"  # one side names the other's place too


def test_two_reports_of_one_denial_are_not_a_dispute():
    v = pair({"text": "Addressing the report, bank spokesman Tom Walsh responded by downplaying the alleged losses.",
              "hedging": "denied", "speaker": ("Tom Walsh", "person")},
             {"text": "Responding to the report, bank spokesman Tom Walsh said the results of Halden Bank were strong.",
              "speaker": ("Tom Walsh", "person")})
    assert v is None or v.relation != "disputed"
