"""Worker processes: the offline engine runs in them, the LLM engine parses ahead in them; either
way the report is the one a single process gives."""

from __future__ import annotations

import json

import pytest

from checker.extract import ahead, llm, nlp
from checker.extract.llm import LLMEngine
from checker.extract.offline import OfflineEngine
from checker.llm.gateway import Gateway
from checker.pipeline import check_articles

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def test_two_workers_give_the_same_report_as_one(seeds):
    reports = {w: check_articles(seeds, OfflineEngine(), "t", workers=w) for w in (1, 2)}
    same = [json.loads(reports[w].model_dump_json(exclude={"meta": {"timings", "workers"}})) for w in (1, 2)]
    assert same[0] == same[1] and same[0]["claims"] and same[0]["findings"]
    assert (reports[1].meta.workers, reports[2].meta.workers) == (1, 2)


def test_workers_hand_their_parses_back_for_the_comparison(seeds):
    """After a run in worker processes the parent holds every article's parse (the comparison
    does not parse again), equal token by token to its own parse."""
    nlp.forget_docs()
    check_articles(seeds, OfflineEngine(), "t", workers=2, compare_articles=False)
    handed = {a.text: nlp._docs.get(a.text) for a in seeds}
    assert all(doc is not None for doc in handed.values())
    check_articles(seeds, OfflineEngine(), "t", workers=1)
    assert all(nlp._docs.get(text) is doc for text, doc in handed.items())  # used as kept, never parsed again
    fresh = nlp.load_nlp()(seeds[0].text)
    doc = handed[seeds[0].text]
    assert [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in doc] == \
        [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in fresh]


def _llm_report(stub, articles, workers: int, monkeypatch) -> tuple[dict, int]:
    """(the report without timings, how many articles the engine's threads analysed themselves)."""
    local = []

    def counted(analysis):
        local.append(analysis.article.id)
        return find(analysis)

    find = llm.find_attributions
    monkeypatch.setattr(llm, "find_attributions", counted)
    nlp.forget_docs()  # every run parses afresh
    stub.reset()
    engine = LLMEngine(Gateway("stub", base_url=stub.url, api_key="local", concurrency=2, sleep=lambda s: None))
    report = check_articles(articles, engine, "t", workers=workers)
    monkeypatch.setattr(llm, "find_attributions", find)
    data = json.loads(report.model_dump_json(exclude={"meta": {"timings": True, "workers": True, "usage": {"peak_in_flight"}}}))
    assert report.meta.workers == workers and not report.errors
    return data, len(local)


def test_the_llm_engine_parses_ahead_in_workers_and_reports_the_same(stub, seeds, monkeypatch):
    one, analysed_here = _llm_report(stub, seeds, 1, monkeypatch)
    assert analysed_here == len(seeds) and one["claims"]
    two, analysed_here = _llm_report(stub, seeds, 2, monkeypatch)
    assert analysed_here == 0  # every article came parsed, with its attributions, from a worker
    assert two == one
    assert all(nlp._docs.get(a.text) is not None for a in seeds)  # the parses stay for the comparison


def test_an_article_no_worker_could_analyse_is_analysed_by_its_thread(stub, seeds, monkeypatch):
    one, _ = _llm_report(stub, seeds, 1, monkeypatch)

    def broken(analysis):
        raise RuntimeError("worker failure")

    monkeypatch.setattr(ahead, "find_attributions", broken)  # the forked workers inherit it
    two, analysed_here = _llm_report(stub, seeds, 2, monkeypatch)
    assert analysed_here == len(seeds) and two == one


def test_when_no_process_can_be_started_one_process_does_the_work(stub, seeds, monkeypatch):
    """fork() failing (memory, a process limit) leaves the run to this process, same report."""
    import os

    offline = json.loads(check_articles(seeds, OfflineEngine(), "t", compare_articles=False).model_dump_json(
        exclude={"meta": {"timings", "workers"}}))
    one, _ = _llm_report(stub, seeds, 1, monkeypatch)

    def no_fork():
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_fork)
    report = check_articles(seeds, OfflineEngine(), "t", compare_articles=False, workers=2)
    assert json.loads(report.model_dump_json(exclude={"meta": {"timings", "workers"}})) == offline
    two, analysed_here = _llm_report(stub, seeds, 2, monkeypatch)
    assert analysed_here == len(seeds) and two == one


def test_analyses_made_beforehand_are_used_and_no_worker_is_started(stub, seeds, monkeypatch):
    """``LLMEngine.ahead`` given by the caller (the benchmark's "analysed beforehand") is kept."""
    one, _ = _llm_report(stub, seeds, 1, monkeypatch)

    class Given:
        found = {id(a): ahead.find_attributions(nlp.analyse(a)) for a in seeds}

        def attributions(self, article):
            return self.found[id(article)]

    monkeypatch.setattr(ahead, "Ahead", None)  # starting workers would fail the run
    stub.reset()
    engine = LLMEngine(Gateway("stub", base_url=stub.url, api_key="local", concurrency=2, sleep=lambda s: None))
    engine.ahead = given = Given()
    local = []
    monkeypatch.setattr(llm, "find_attributions", lambda analysis: local.append(analysis) or [])
    report = check_articles(seeds, engine, "t", workers=2)
    data = json.loads(report.model_dump_json(exclude={"meta": {"timings": True, "workers": True, "usage": {"peak_in_flight"}}}))
    assert not local and engine.ahead is given and data["claims"] == one["claims"]
