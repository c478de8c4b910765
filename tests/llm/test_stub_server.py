"""The LLM path against a real HTTP server (tests/llm/stub_server.py) with latency and faults:
concurrency, Retry-After, the circuit breaker, finish_reason=length, mode fallback, budgets,
deadline, Ctrl-C and secrets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from stub_server import StubServer, dead_url

from checker.extract.llm import LLMEngine
from checker.llm.cache import Cache
from checker.llm.control import RunControl
from checker.llm.gateway import Gateway
from checker.models import Article
from checker.pipeline import check_articles

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-test-4f9c2a7e1b8d3c6f5a0e9d8c7b6a5f4e"
WORDS = ["Mayor Ana Ruiz said the bridge reopened on Monday after repairs costing $4 million.",
         "The council voted 7 to 2 to extend the contract with Acme Builders.",
         "Officials reported that traffic fell by 12 percent during the closure.",
         "A spokesman for the state said inspections will continue through June.",
         "Residents have complained about noise from the site since March."]


def articles(n: int, sentences: int = 2) -> list[Article]:
    out = []
    for i in range(n):
        text = " ".join(f"{WORDS[(i + k) % len(WORDS)][:-1]} in district {i}." for k in range(sentences))
        out.append(Article(id=f"a{i:02d}", path=f"art{i:02d}.txt", text=text))
    return out


def engine(stub_url: str, cache=None, **kw) -> LLMEngine:
    kw.setdefault("sleep", lambda s: None)
    return LLMEngine(Gateway("stub", base_url=stub_url, api_key="local", cache=cache, **kw))


def stable(report) -> dict:
    data = json.loads(report.model_dump_json())
    data["meta"].pop("timings")
    data["meta"]["usage"].pop("peak_in_flight")
    data["meta"].pop("concurrency")
    data["meta"].pop("engine_reason")
    return data


def test_concurrency_is_bounded_and_the_report_does_not_depend_on_it(stub):
    from checker.extract.nlp import load_nlp

    load_nlp()
    stub.latency, stub.gate = 0.25, 4  # the first four requests are held until all four have arrived
    arts = articles(8)
    parallel = check_articles(arts, engine(stub.url, concurrency=4), "t", compare_articles=False)
    assert stub.peak == 4 and parallel.meta.usage.peak_in_flight == 4
    stub.reset()
    stub.gate = 0
    serial = check_articles(arts, engine(stub.url, concurrency=1), "t", compare_articles=False)
    assert stub.peak == 1
    assert stable(parallel) == stable(serial) and len(parallel.claims) >= 8 and not parallel.errors


def test_retry_after_pauses_every_worker(stub, monkeypatch):
    from checker.llm.limits import Limiter

    paused, pause = [], Limiter.pause
    monkeypatch.setattr(Limiter, "pause", lambda self, s: (paused.append(time.monotonic()), pause(self, s)))
    stub.retry_after = 0.6
    stub.script = ["429"]
    stub.latency = 0.05
    report = check_articles(articles(10), engine(stub.url, concurrency=4, sleep=None), "t", compare_articles=False)
    assert not report.errors and report.meta.usage.retries == 1 and report.meta.usage.failed_calls == 1
    [at] = paused  # when the client read the 429 (stub.times is on the same monotonic clock)
    during = [t for t in stub.times if at < t < at + 0.55]
    # no worker takes a slot until Retry-After has passed: only the other three slot holders may still
    # send what they took their slot for (without the pause the rest of the ten would go here)
    assert len(during) <= 3 and len([t for t in stub.times if t >= at + 0.55]) >= 5


def test_length_splits_the_chunk_and_keeps_every_sentence(stub):
    stub.script = ["length"]
    art = articles(1, sentences=4)[0]
    eng = engine(stub.url)
    claims = eng.extract(art)
    assert stub.faults_served == ["length"] and stub.calls == 3  # whole chunk, then its two halves
    assert len(claims) == 4 and eng.usage.truncated == 1
    assert eng.usage.calls == 3 and eng.usage.failed_calls == 1


def test_length_on_one_sentence_asks_again_with_more_tokens(stub):
    stub.script, stub.length_always = ["length"], True
    eng = engine(stub.url)
    assert len(eng.extract(articles(1, sentences=1)[0])) == 1
    assert [r["max_tokens"] for r in stub.requests] == [3072, 6144]


def test_mixed_faults_lose_no_article(stub):
    stub.rate, stub.per_body, stub.hang_s = 0.4, 2, 1.2
    stub.mix = ["429", "500", "503", "hang", "cut", "truncated", "length", "invalid"]
    stub.retry_after = 0.05
    report = check_articles(articles(24, sentences=3), engine(stub.url, concurrency=8, timeout=0.6), "t",
                            compare_articles=False)
    assert not report.errors and not report.meta.stopped
    assert {c.article_id for c in report.claims} == {f"a{i:02d}" for i in range(24)}
    u = report.meta.usage
    assert len(stub.faults_served) >= 6 and u.failed_calls >= 3 and u.retries >= 3
    # every request is counted: a completion (first try, re-ask, or cut off at the limit) or a failed request
    assert stub.calls == u.calls + u.failed_calls - u.truncated


@pytest.mark.parametrize("fault", ["500", "hang"])
def test_breaker_gives_up_on_a_failing_endpoint(stub, fault):
    stub.rate, stub.mix, stub.hang_s = 1.0, [fault], 2.0
    t0 = time.perf_counter()
    report = check_articles(articles(24), engine(stub.url, concurrency=4, timeout=0.3), "t", compare_articles=False)
    assert time.perf_counter() - t0 < 5 and stub.calls <= 12
    assert len(report.errors) == 24 and report.meta.stopped.startswith("gave up on the model endpoint: ")
    assert report.meta.usage.failed_calls == stub.calls


def test_an_unrelated_400_keeps_the_mode_and_fails_only_its_article(stub):
    stub.script = ["echo400"]
    report = check_articles(articles(3), engine(stub.url, concurrency=1), "t", compare_articles=False)
    [failed] = report.errors  # the article whose request got the 400 (workers race for the first slot)
    assert "HTTP 400" in failed.message and report.meta.mode == "tools"
    assert {c.article_id for c in report.claims} == {"a00", "a01", "a02"} - {failed.article_id}
    assert report.meta.mode_fallback is None and not report.meta.stopped


def test_mode_fallback_is_reported_and_a_rerun_is_cached(stub, tmp_path):
    stub.script = ["notools"]
    first = check_articles(articles(3), engine(stub.url, Cache(tmp_path / "c"), concurrency=1), "reason",
                           compare_articles=False)
    assert not first.errors and first.meta.mode == "json" and first.meta.mode_fallback.startswith("tools -> json")
    assert "switched mode tools -> json" in first.meta.engine_reason
    def article(request):
        return [m["content"] for m in request["messages"] if m["role"] == "user"]

    [retry] = [r for r in stub.requests[1:] if article(r) == article(stub.requests[0])]  # the refused request's
    assert retry["response_format"] == {"type": "json_object"} and "tools" not in retry
    calls = stub.calls
    again = check_articles(articles(3), engine(stub.url, Cache(tmp_path / "c")), "reason", compare_articles=False)
    assert stub.calls == calls and again.meta.usage.cached_calls == 3 and stable(again)["claims"] == stable(first)["claims"]


def test_budget_and_deadline_stop_cleanly(stub):
    control = RunControl(max_calls=2)
    report = check_articles(articles(4), engine(stub.url, concurrency=1), "t", compare_articles=False, control=control)
    assert stub.calls == 2 and len(report.errors) == 2 and "call budget of 2" in report.meta.stopped
    stub.reset()  # eight workers, every answer invalid: re-asks count against the budget, never past it
    stub.latency, stub.rate, stub.mix = 0.05, 1.0, ["invalid"]
    report = check_articles(articles(12), engine(stub.url, concurrency=8), "t", compare_articles=False,
                            control=RunControl(max_calls=7))
    assert stub.calls == report.meta.usage.calls == 7 and "call budget of 7" in report.meta.stopped
    assert report.meta.usage.reasks == 4 and len(report.errors) == 12  # granted 3 + 3 + 1: two re-asks each
    stub.reset()
    stub.latency, stub.rate = 0.3, 0.0
    t0 = time.perf_counter()
    report = check_articles(articles(10), engine(stub.url, concurrency=1), "t", compare_articles=False,
                            control=RunControl(deadline=1.5))
    assert time.perf_counter() - t0 < 3 and "deadline of 1.5 s" in report.meta.stopped
    assert 1 <= len({c.article_id for c in report.claims}) <= 5 and len(report.errors) >= 5


# ---- the command line, as a subprocess ------------------------------------------------------

def write_articles(folder: Path, n: int, sentences: int = 2) -> Path:
    folder.mkdir()
    for a in articles(n, sentences):
        (folder / a.path).write_text(a.text)
    return folder


def checker_cmd(*args, tmp_path: Path, **popen):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.Popen([sys.executable, "-m", "checker", "run", *map(str, args)], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def cli(*args):
    from typer.testing import CliRunner

    from checker.cli import app

    return CliRunner().invoke(app, ["run", *map(str, args)])


def test_dead_endpoint_ends_the_run_fast_with_one_line(tmp_path):
    folder = write_articles(tmp_path / "in", 24)
    t0 = time.perf_counter()
    result = cli(folder, "--model", "stub", "--base-url", dead_url(), "--concurrency", "8", "-q", "--out", tmp_path / "r.json")
    assert result.exit_code == 1 and time.perf_counter() - t0 < 30
    err = result.stderr
    assert "Traceback" not in result.output and len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: run stopped, 24 article(s) not checked: gave up on the model endpoint: stub at ")
    assert "cannot connect" in err
    report = json.loads((tmp_path / "r.json").read_text())
    assert len(report["errors"]) == 24 and report["meta"]["stopped"] and report["meta"]["usage"]["failed_calls"] >= 5


def test_a_dead_endpoint_that_failed_the_only_article_is_said_once(tmp_path):
    folder = write_articles(tmp_path / "in", 1)
    result = cli(folder, "--model", "stub", "--base-url", dead_url(), "-q", "--out", tmp_path / "r.json")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: run stopped: gave up on the model endpoint: stub at ") and "cannot connect" in result.stderr
    [error] = json.loads((tmp_path / "r.json").read_text())["errors"]
    assert "cannot connect" in error["message"]


@pytest.mark.parametrize("workers", ["1", "2"])  # 2: the articles are parsed ahead in worker processes
def test_ctrl_c_writes_the_finished_articles_and_a_rerun_resumes(tmp_path, monkeypatch, workers):
    folder = write_articles(tmp_path / "in", 8)
    with StubServer(latency=0.3) as stub:
        proc = checker_cmd(folder, "--model", "stub", "--base-url", stub.url, "--concurrency", "1", "--no-compare",
                           "--workers", workers,
                           "-q", "--out", tmp_path / "r.json", tmp_path=tmp_path)
        deadline = time.monotonic() + 30
        while stub.calls < 4 and time.monotonic() < deadline:  # the 4th request: a00 and a01 are done
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        report = json.loads((tmp_path / "r.json").read_text())
        assert report["meta"]["interrupted"] is True and "Traceback" not in err
        done = {c["article_id"] for c in report["claims"]}
        unfinished = [e for e in report["errors"] if e["message"] == "not checked: interrupted (Ctrl-C)"]
        assert 2 <= len(done) < 8 and len(done) + len(unfinished) == 8
        # an answer in flight at Ctrl-C may still reach the cache before the process ends
        cached = len(list((tmp_path / "cache").rglob("*.json")))
        assert len(done) <= cached <= len(done) + 1
        stub.reset()
        stub.latency = 0
        monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
        result = cli(folder, "--model", "stub", "--base-url", stub.url, "--no-compare", "-q", "--out", tmp_path / "r2.json")
        assert result.exit_code == 0 and stub.calls == 8 - cached  # finished calls come from the cache


def test_no_secret_in_any_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = write_articles(tmp_path / "in", 4)
    password = "pw-Zq81sEcReT"
    outputs = {}
    with StubServer() as stub:
        stub.script = ["echo400"] + ["echo500"] * 5  # a 400, then the breaker opens on 500s
        result = cli(folder, "--model", "stub", "--base-url", stub.url, "--api-key", KEY, "--concurrency", "4",
                     "--out", tmp_path / "r1.json")
        assert result.exit_code == 1 and stub.faults_served == ["echo400"] + ["echo500"] * 5
        outputs["run 1"] = result.output + result.stderr
        stub.reset()
        stub.script = ["echo401"]
        result = cli(folder, "--model", "stub", "--base-url", stub.url, "--api-key", KEY, "--format", "jsonl", "--concurrency", "1",
                     "--out", tmp_path / "r2.jsonl")
        assert result.exit_code == 1 and "authentication failed" in result.output and stub.calls == 1
        outputs["run 2"] = result.output + result.stderr
        stub.reset()
        stub.script = ["echo400", "echo401"]
        base = stub.url.replace("http://", f"http://bob:{password}@")
        result = cli(folder, "--model", "stub", "--base-url", base, "--concurrency", "1", "--format", "md",
                     "--out", tmp_path / "r3.md")
        assert result.exit_code == 1 and len(stub.faults_served) == 2
        outputs["run 3"] = result.output + result.stderr
        assert any(h.get("Authorization", "").startswith("Basic ") for h in stub.headers)  # echoed back to us
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.parent != folder:
            outputs[str(path)] = path.read_text(errors="replace")
    assert len(outputs) >= 6  # three runs' output and their reports (and any cache entry)
    basic = "Ym9iOnB3LVpxODFzRWNSZVQ"  # base64 of bob:pw-Zq81sEcReT, as sent in the Authorization header
    for where, text in outputs.items():
        assert KEY not in text and KEY[8:24] not in text and password not in text and basic not in text, where
    assert "***" in outputs["run 1"]  # the echoed key was masked, not dropped
    assert "***@127.0.0.1" in outputs["run 3"] and "bob:" not in outputs["run 3"]


def test_dry_run_calls_nothing_and_prices_known_models(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = write_articles(tmp_path / "in", 3, sentences=3)
    with StubServer() as stub:
        result = cli(folder, "--model", "gpt-4o-mini", "--base-url", stub.url, "--dry-run")
        other = cli(folder, "--model", "local-model", "--base-url", stub.url, "--dry-run")
        assert stub.calls == 0
    out = result.output
    assert result.exit_code == 0 and other.exit_code == 0, out
    assert "3 extraction call(s) to gpt-4o-mini" in out and "cost: about $" in out
    tokens = int(out.split("prompt tokens: ")[1].split()[0])
    assert 300 < tokens < 3000
    assert "no price for 'local-model'" in other.output and not (tmp_path / "checker-report.json").exists()
    from checker.extract import nlp

    nlp.forget_docs()
    parallel = cli(folder, "--model", "gpt-4o-mini", "--base-url", stub.url, "--dry-run", "--workers", "2")
    assert parallel.exit_code == 0 and parallel.output == out  # parsed in 2 processes, the same estimate


def test_parallel_judge_sends_clusters_at_once_and_judges_like_the_serial_one(stub):
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from test_judging import make_report

    from checker.compare import crosscheck
    from checker.compare.llm_judge import LLMJudge
    from checker.extract.llm import ParallelJudge

    report = make_report([{"id": k, "year": 2024, "claims": [f"Mayor {k.upper()}ruiz opened the {k} bridge in July 2024."]}
                          for k in "abcdef"])
    facts = crosscheck.facts_for(report)
    pairs = [(i, i + 1) for i in range(0, len(facts) - 1, 2)]  # disjoint pairs: one cluster each
    stub.latency, stub.gate = 0.3, len(pairs)  # held until every cluster's request has arrived
    gw = Gateway("stub", base_url=stub.url, api_key="local", concurrency=4)
    parallel = ParallelJudge(gw)
    got = parallel.judge_pairs(facts, pairs)
    assert stub.calls == len(pairs) == parallel.calls >= 3 and stub.peak == len(pairs)
    serial = LLMJudge(Gateway("stub", base_url=stub.url, api_key="local", concurrency=1))
    assert serial.judge_pairs(facts, pairs) == got and (serial.dropped, serial.errors) == (parallel.dropped, parallel.errors)
    assert parallel.gateway is gw  # the stand-in is gone after judging


def test_eval_takes_concurrency_and_keeps_the_samples_order(stub, tmp_path, monkeypatch):
    """``checker eval --concurrency N`` with the LLM engine: N samples in flight, the same log."""
    from typer.testing import CliRunner

    from checker.cli import app
    from checker.evals.paths import data_dir

    if not data_dir().exists():
        pytest.skip(f"labelled data not found at {data_dir()}")
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    stub.latency = 0.2
    logs = []
    for n in (1, 4):
        stub.reset()
        stub.gate = 0 if n == 1 else 3  # with 4 workers, three requests are held until all three have arrived
        out = CliRunner().invoke(app, ["eval", "attribution.polnear-dev.v1", "--limit", "6", "--model", "stub",
                                       "--base-url", stub.url, "--no-cache", "--concurrency", str(n),
                                       "--log-dir", str(tmp_path / str(n))])
        assert out.exit_code == 0, out.output
        assert stub.peak == n if n == 1 else stub.peak >= 3
        [log] = (tmp_path / str(n)).glob("*.jsonl")
        lines = [json.loads(x) for x in log.read_text().splitlines()]
        logs.append([(x["id"], x["scores"]) for x in lines if x["type"] == "sample"])
    assert logs[0] == logs[1] and len(logs[0]) == 6
