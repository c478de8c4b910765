"""The seed scenario end to end (offline engine), failure handling, and text-vs-text checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compare import crosscheck
from checker.models import Report, RunMeta


@pytest.fixture(scope="module")
def seed_report(seed_articles, seed_claims):
    report = Report(meta=RunMeta(checker_version="test", engine="offline", engine_reason="test"),
                    articles=list(seed_articles.values()), claims=[c for cs in seed_claims.values() for c in cs])
    crosscheck.compare(report, None)
    return report


def _key(report: Report, article_id: str) -> str:
    return next(a.path.split("/")[-1][:3] for a in report.articles if a.id == article_id)


def _between(report, relation, keys, evidence_word=None):
    out = []
    for f in report.findings:
        ks = {_key(report, c.article_id) for c in f.claims}
        if f.relation == relation and ks == set(keys):
            if evidence_word is None or all(evidence_word in c.evidence.text for c in f.claims):
                out.append(f)
    return out


def test_no_error_and_pair_counts(seed_report):
    assert not [e for e in seed_report.errors if e.stage == "compare"]
    n = len(seed_report.claims)
    per_article = [len(seed_report.claims_for(a.id)) for a in seed_report.articles]
    assert seed_report.meta.pairs_total == (n * n - sum(k * k for k in per_article)) // 2
    assert 0 < seed_report.meta.pairs_judged < seed_report.meta.pairs_total / 4


def test_seed_002_is_never_contradicted_and_roles_changed_over_time(seed_report):
    for f in seed_report.findings:
        if f.relation == "contradicts":
            assert "002" not in {_key(seed_report, c.article_id) for c in f.claims}, f.explanation
    roles = {f.explanation.split("'s title")[0]: f for f in seed_report.findings if f.relation == "changed_over_time" and f.attribute == "role"}
    assert {"Kamala Harris", "Joe Biden"} <= set(roles)
    for f in roles.values():
        assert "002" in {_key(seed_report, c.article_id) for c in f.claims}
        assert "2019" in f.explanation and "2024" in f.explanation


def test_exit_year_conflict_is_grounded(seed_report):
    found = [f for f in _between(seed_report, "contradicts", {"000", "001"}) if f.attribute == "time"]
    assert len(found) == 1
    f = found[0]
    assert "2020" in f.explanation and "2024" in f.explanation and "inferred" in f.explanation
    assert any("exited the race in 2020" in c.evidence.text for c in f.claims)
    assert any("exit from the race" in c.evidence.text for c in f.claims)
    assert f.confidence < 0.7  # one side's year is inferred


@pytest.mark.parametrize("word, upstream", [
    ("reminder of the last four years", ["Axios"]),  # an anonymous insider in the Axios report
    ("close touch", ["Andrew Bates"]),  # a named spokesman's statement: he is its origin, whoever relays it
    ("15", ["Axios"]),  # author-voice reporting that both articles base on the Axios report
])
def test_000_and_001_corroborate_on_one_upstream_source(seed_report, word, upstream):
    found = _between(seed_report, "corroborates", {"000", "001"}, word)
    assert found, word
    f = found[0]
    assert (f.outlets, f.independent_sources, f.upstream) == (2, 1, upstream)
    assert "independent" not in f.explanation  # the counts live in the fields; reporting renders them


def test_comparing_again_gives_the_same_findings(seed_report):
    again = seed_report.model_copy(deep=True)  # compare's speed is measured in benchmarks/bench_matching.py
    crosscheck.compare(again, None)
    assert again.findings == seed_report.findings and len(again.findings) >= 7


def test_a_failure_becomes_a_compare_error_and_keeps_the_claims(seed_articles, seed_claims, monkeypatch):
    report = Report(meta=RunMeta(checker_version="test", engine="offline", engine_reason="test"),
                    articles=list(seed_articles.values()), claims=[c for cs in seed_claims.values() for c in cs])
    n = len(report.claims)

    def boom(*a, **k):
        raise RuntimeError("matching broke")

    monkeypatch.setattr(crosscheck, "candidates", boom)
    crosscheck.compare(report, None)
    assert len(report.claims) == n and report.findings == []
    assert [e.stage for e in report.errors] == ["compare"] and "matching broke" in report.errors[0].message


def _pipeline(articles):
    from test_judging import make_report  # noqa: E402  (tests/ is on sys.path under pytest)

    report = make_report(articles)
    crosscheck.compare(report, None)
    return report


def test_two_outlets_quoting_one_company_statement_are_one_source():
    statement = "Halden Bank will close its Bergen branch in March, the bank said in a statement."
    report = _pipeline([
        {"id": "a", "year": 2023, "outlet": "Nordic Times", "claims": [{"text": statement, "speaker": ("Halden Bank", "organization")}]},
        {"id": "b", "year": 2023, "outlet": "Bergen Post",
         "claims": [{"text": "Halden Bank will close its Bergen branch in March, the bank said on Monday.",
                     "speaker": ("Halden Bank", "organization")}]},
    ])
    [f] = [f for f in report.findings if f.relation == "corroborates"]
    assert (f.outlets, f.independent_sources, f.upstream) == (2, 1, ["Halden Bank"])
    assert {t.claim_id for t in f.traces} == {c.claim_id for c in f.claims}
    assert all("Halden Bank" in t.reason for t in f.traces)


def test_a_figure_from_one_wire_report_is_one_corroboration_with_one_source():
    report = _pipeline([
        {"id": "a", "year": 2023, "outlet": "Nordic Times",
         "claims": [{"text": "Halden Bank will cut 300 jobs in Oslo, Reuters reported.", "source": [("Reuters", "outlet")]}]},
        {"id": "b", "year": 2023, "outlet": "Bergen Post",
         "claims": [{"text": "According to Reuters, Halden Bank will cut 300 jobs in Oslo next year.", "source": [("Reuters", "outlet")]}]},
        {"id": "c", "year": 2023, "outlet": "Oslo Daily",
         "claims": [{"text": "Halden Bank will cut 300 jobs in Oslo, its chief executive Tom Walsh said.",
                     "speaker": ("Tom Walsh", "person")}]},
    ])
    corr = [f for f in report.findings if f.relation == "corroborates"]
    assert len(corr) == 1 and len({c.article_id for c in corr[0].claims}) == 3  # one finding for the fact, not one per pair
    assert corr[0].independent_sources == 2 and "Reuters" in corr[0].upstream  # Reuters twice, Tom Walsh once
    assert not [f for f in report.findings if f.relation == "unsupported_elsewhere"]


def test_different_dates_for_one_announcement_are_no_corroboration():
    report = _pipeline([
        {"id": "a", "year": 2023, "claims": ["Halden Bank announced the merger with Fjord Capital on March 3, 2023."]},
        {"id": "b", "year": 2023, "claims": ["Halden Bank announced the merger with Fjord Capital on May 9, 2023."]},
    ])
    assert not [f for f in report.findings if f.relation == "corroborates"]
    assert [f.attribute for f in report.findings if f.relation == "contradicts"] == ["time"]


def test_unsupported_elsewhere_only_where_another_article_covers_the_event_without_the_figure():
    with_figure = "Halden Bank will cut 300 jobs at its Oslo headquarters, chief executive Tom Walsh told staff."
    without = "Halden Bank will cut jobs at its Oslo headquarters, chief executive Tom Walsh told staff."
    report = _pipeline([{"id": "a", "year": 2023, "claims": [with_figure]}, {"id": "b", "year": 2023, "claims": [without]}])
    [f] = [f for f in report.findings if f.relation == "unsupported_elsewhere"]
    assert f.claims[0].article_id == "a" and "300" in f.explanation
    alone = _pipeline([{"id": "a", "year": 2023, "claims": [with_figure]},
                       {"id": "b", "year": 2023, "claims": ["Fjord Capital opened an office in Bergen in May."]}])
    assert not [f for f in alone.findings if f.relation == "unsupported_elsewhere"]  # nobody else covers the event
    carried = _pipeline([{"id": "a", "year": 2023, "claims": [with_figure]}, {"id": "b", "year": 2023, "claims": [without]},
                         {"id": "c", "year": 2023, "claims": ["Union leaders in Oslo said 300 jobs were at stake."]}])
    assert not [f for f in carried.findings if f.relation == "unsupported_elsewhere"]  # another article writes it


def test_a_story_outside_politics_end_to_end():
    """Three hand-written articles on one product recall (outlets and dates in front matter), with
    three planted relations: two dates for one announcement, one wire figure, one company statement."""
    import checker

    report = checker.run([Path(__file__).parent / "data" / "recall_story"])
    by_relation = {}
    for f in report.findings:
        by_relation.setdefault(f.relation, []).append(f)
    [contra] = by_relation["contradicts"]
    assert contra.attribute == "time" and "2025-03-10" in contra.explanation and "2025-03-11" in contra.explanation
    corr = {tuple(f.upstream): (f.outlets, f.independent_sources) for f in by_relation["corroborates"]}
    assert corr[("Lakeside Motors",)] == (3, 1)  # three outlets quoting one company statement
    assert corr[("Reuters",)] == (2, 1)  # one figure from one wire report
    assert "unsupported_elsewhere" not in by_relation


def test_one_outlets_articles_are_one_source_and_a_quote_is_labelled_only_by_a_shared_speaker():
    line = "“We will rebuild the harbour wall before the winter storms arrive,” the mayor said."
    report = _pipeline([
        {"id": "a", "year": 2023, "outlet": "Nordic Times", "claims": [{"text": line, "speaker": ("Maria Ortiz", "person")}]},
        {"id": "b", "year": 2023, "outlet": "Nordic Times", "claims": [line]},
        {"id": "c", "year": 2023, "outlet": "Bergen Post", "claims": [line]},
    ])
    [f] = [f for f in report.findings if f.relation == "corroborates"]
    assert (f.outlets, f.independent_sources) == (2, 1)
    assert f.upstream == ["the same quotation"]  # one side names Maria Ortiz, the others nobody
    assert "Maria Ortiz" not in f.upstream


def test_a_described_speaker_is_not_traced_as_a_named_source():
    line = "Regulators in Ottawa said the Volt X recall would cover 40,000 scooters sold in Canada."
    report = _pipeline([
        {"id": "a", "year": 2025, "outlet": "City Wire", "claims": [{"text": line, "speaker": ("regulators in Ottawa", "organization")}]},
        {"id": "b", "year": 2025, "outlet": "Daily Ledger", "claims": [{"text": line, "speaker": ("regulators in Ottawa", "organization")}]},
    ])
    [f] = [f for f in report.findings if f.relation == "corroborates"]
    assert "Regulators In Ottawa" not in f.upstream and "regulators in Ottawa" not in f.upstream
