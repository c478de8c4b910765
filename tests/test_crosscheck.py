"""The seed scenario end to end (offline engine), failure handling, and text-vs-text checks."""

from __future__ import annotations

import time

import pytest

from checker.compare import crosscheck
from checker.models import Report, RunMeta


@pytest.fixture(scope="module")
def seed_report(seed_articles, seed_claims):
    report = Report(meta=RunMeta(checker_version="test", engine="offline", engine_reason="test"),
                    articles=list(seed_articles.values()), claims=[c for cs in seed_claims.values() for c in cs])
    crosscheck.compare(report, None)  # warm-up parse
    t0 = time.perf_counter()
    crosscheck.compare(report, None)
    report.meta.timings["compare"] = time.perf_counter() - t0
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


@pytest.mark.parametrize("word", ["reminder of the last four years", "close touch", "15"])
def test_000_and_001_corroborate_on_one_axios_report(seed_report, word):
    found = _between(seed_report, "corroborates", {"000", "001"}, word)
    assert found, word
    f = found[0]
    assert (f.outlets, f.independent_sources, f.upstream) == (2, 1, ["Axios"])
    assert "independent" not in f.explanation  # the counts live in the fields; reporting renders them


def test_compare_is_fast(seed_report):
    assert seed_report.meta.timings["compare"] < 2.0  # well under 1 s on an idle machine


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
