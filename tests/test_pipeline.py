"""The pipeline keeps every article's results when one article fails."""

import checker
from checker.engines import Engine
from checker.errors import ModelError
from checker.extract.offline import OfflineEngine


class FlakyEngine(Engine):
    """Offline claims, except for articles whose text contains a trigger word."""

    def __init__(self, exc):
        super().__init__()
        self.exc, self.inner = exc, OfflineEngine()

    def extract(self, article):
        if "Business Insider" in article.text:
            raise self.exc
        return self.inner.extract(article)


def _run(exc):
    return checker.run(["seeds/"], engine=FlakyEngine(exc), engine_reason="test", compare_articles=False)


def test_checker_error_on_one_article_keeps_the_others():
    report = _run(ModelError("endpoint gave up after 3 tries"))
    [err] = report.errors
    assert err.stage == "extract" and err.message == "endpoint gave up after 3 tries"
    assert err.path.endswith("003_1240c1d618f0279c.txt")
    assert {c.article_id for c in report.claims} == {a.id for a in report.articles if a.id != err.article_id}


def test_unexpected_exception_becomes_a_one_line_error():
    report = _run(ValueError("min() arg is an empty sequence"))
    [err] = report.errors
    assert "internal error (ValueError: min() arg is an empty sequence)" in err.message
    assert "\n" not in err.message
    assert len({c.article_id for c in report.claims}) == 3


def test_compare_time_is_recorded():
    report = checker.run(["seeds/"])
    assert {"load", "extract", "compare"} <= set(report.meta.timings)


def test_attribution_records_reach_the_report_in_worker_processes_too():
    from checker.models import Article, Sourced

    text = "Senator Maria Lopez declined an invitation to the Dayton town hall on Friday."
    articles = [Article(id=str(i) * 16, text=text, outlet=Sourced(value="Example Gazette", origin="metadata")) for i in range(2)]
    for workers in (1, 2):
        report = checker.check_articles(articles, OfflineEngine(), "test", compare_articles=False, workers=workers)
        assert [(r.article_id, r.cue.text) for r in report.attributions] == [("0" * 16, "declined"), ("1" * 16, "declined")]
        assert all(c.cue is None for c in report.claims)
