"""JSONL logs, comparison tables, and the runner's per-sample failure handling."""

import json

import pytest

from checker.errors import EvalError
from checker.evals import Sample, Score, Task, compare_logs, read_log, run_suite
from checker.evals.core import Metric, SampleResult
from checker.evals.logs import LogWriter


def _log(tmp_path, value, ci, name="demo.v1"):
    w = LogWriter(tmp_path, {"suite": name, "engine": "offline", "model": None, "git_commit": "abc", "limit": None})
    w.sample(SampleResult("s1", {"x": Score(1.0, "fine")}))
    w.sample(SampleResult("s2", error="ValueError: boom"))
    w.close({"acc": Metric(value, ci, 2), "only_here": Metric(float("nan"), None, 0)}, {"failed": 1})
    return w.path


def test_log_lines_spec_samples_metrics(tmp_path):
    path = _log(tmp_path, 0.5, (0.4, 0.6))
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [x["type"] for x in lines] == ["spec", "sample", "sample", "metrics"]
    assert lines[1]["scores"]["x"] == {"value": 1.0, "explanation": "fine"}
    assert lines[2]["error"] == "ValueError: boom"
    assert lines[3]["metrics"]["only_here"]["value"] is None  # NaN is written as null
    log = read_log(path)
    assert log["metrics"]["acc"].value == 0.5 and log["metrics"]["acc"].ci == (0.4, 0.6)


def test_compare_shows_deltas_and_disjoint_intervals(tmp_path):
    a = _log(tmp_path / "a", 0.5, (0.4, 0.6))
    b = _log(tmp_path / "b", 0.75, (0.7, 0.8))
    table = compare_logs(a, b)
    row = next(x for x in table.splitlines() if x.startswith("acc"))
    assert row.split() == ["acc", "0.500", "0.750", "+0.250", "*"]
    c = _log(tmp_path / "c", 0.55, (0.45, 0.65))
    row = next(x for x in compare_logs(a, c).splitlines() if x.startswith("acc"))
    assert row.split() == ["acc", "0.500", "0.550", "+0.050"]


def test_read_log_rejects_unfinished_and_foreign_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "spec", "suite": "x"}\n')
    with pytest.raises(EvalError, match="no metrics line"):
        read_log(bad)
    bad.write_text("not json\n")
    with pytest.raises(EvalError):
        read_log(bad)


def _fake_task(fail_on="b"):
    def solve(sample, engine):
        if sample.id == fail_on:
            raise RuntimeError("this sample is broken")
        return sample.input

    def score(output, sample):
        return Score(float(output == sample.target), f"{output} vs {sample.target}")

    def metrics(results, seed):
        vals = [r.scores["match"].value for r in results]
        return {"accuracy": Metric(sum(vals) / len(vals), None, len(vals))}

    data = [Sample("a", 1, 1), Sample("b", 2, 2), Sample("c", 3, 4)]
    return Task("fake.v1", "a fake suite", lambda limit: data[:limit], solve, {"match": score}, metrics)


def test_runner_logs_a_failing_sample_and_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr("checker.evals.runner.get_task", lambda name: ({"data": None}, _fake_task()))
    result = run_suite("fake.v1", engine="offline", log_dir=tmp_path)
    assert [s.id for s in result.samples] == ["a", "b", "c"]
    assert [s.id for s in result.errors] == ["b"]
    assert "RuntimeError: this sample is broken" in result.errors[0].error
    assert result.metrics["accuracy"].value == 0.5  # a right, c wrong; b left out
    log = read_log(result.log_path)
    spec = log["spec"]
    for key in ("suite", "engine", "model", "prompts", "checker_version", "git_commit", "timestamp", "limit"):
        assert key in spec
    assert log["summary"]["failed"] == 1
    assert "accuracy" in result.table()


def test_runner_prepare_failure_fails_every_sample(tmp_path, monkeypatch):
    task = _fake_task(fail_on=None)
    task.prepare = lambda samples, engine: 1 / 0
    monkeypatch.setattr("checker.evals.runner.get_task", lambda name: ({}, task))
    result = run_suite("fake.v1", engine="offline", log_dir=None, limit=2)
    assert len(result.errors) == 2 and "ZeroDivisionError" in result.errors[0].error
    assert result.log_path is None


def test_unknown_suite():
    with pytest.raises(EvalError, match="unknown eval suite"):
        run_suite("nope.v0", log_dir=None)
