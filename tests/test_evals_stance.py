"""The stance suite: FNC-1 metrics on hand-made confusions, loading, the stratified subset."""

import csv

import numpy as np
import pytest

from checker.evals.core import SampleResult, Score
from checker.evals.registry import get_task
from checker.evals.tasks import stance as task


def _results(pairs, bodies=None):
    bodies = bodies or [str(i) for i in range(len(pairs))]
    return [SampleResult(f"p{i}", {"stance": Score({"gold": g, "pred": p})}, metadata={"body_id": b})
            for i, ((g, p), b) in enumerate(zip(pairs, bodies, strict=False))]


# gold -> pred; rows of the confusion: agree [1,0,1,0], disagree [0,1,0,0], discuss [0,0,1,0], unrelated [1,0,0,1]
CASE = [("agree", "agree"), ("agree", "discuss"), ("disagree", "disagree"), ("discuss", "discuss"),
        ("unrelated", "unrelated"), ("unrelated", "agree")]


def test_metrics_by_hand():
    m = task.metrics(_results(CASE), seed=0)
    assert m["f1|agree"].value == pytest.approx(0.5)  # P 1/2, R 1/2
    assert m["f1|disagree"].value == pytest.approx(1.0)
    assert m["f1|discuss"].value == pytest.approx(2 / 3)  # P 1/2, R 1
    assert m["f1|unrelated"].value == pytest.approx(2 / 3)  # P 1, R 1/2
    assert m["macro_f1"].value == pytest.approx((0.5 + 1 + 2 / 3 + 2 / 3) / 4)
    assert m["accuracy.related"].value == pytest.approx(5 / 6)  # only the unrelated pair called agree is wrong
    # 0.25 x 5 pairs right on related/unrelated + 0.75 x 3 exact related labels, of 0.25 x 2 + 1 x 4
    assert m["fnc1_score_pct"].value == pytest.approx(100 * 3.5 / 4.5)
    assert m["accuracy.4way"].value == pytest.approx(4 / 6)
    assert "agree->1,0,1,0" in m["confusion"].note


def test_metrics_perfect_and_all_discuss():
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    perfect = task.metrics(_results([(g, g) for g in gold]), seed=0)
    assert perfect["macro_f1"].value == 1.0 and perfect["fnc1_score_pct"].value == pytest.approx(100.0)
    # a perfect related/unrelated split with "discuss" for every related pair
    lazy = task.metrics(_results([(g, "discuss" if g != "unrelated" else g) for g in gold]), seed=0)
    assert lazy["fnc1_score_pct"].value == pytest.approx(100 * (0.25 * 5 + 0.75) / (0.25 * 2 + 3))
    assert lazy["f1|agree"].value == 0.0 and lazy["f1|discuss"].value == pytest.approx(0.5)
    assert lazy["accuracy.related"].value == 1.0


def test_confusion_helpers():
    m = task.confusion(np.array([0, 3, 3]), np.array([0, 0, 3]))
    assert m.tolist() == [[1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    assert task.class_f1(m, 1) == 0.0  # a class absent on both sides scores 0
    assert task.related_accuracy(m) == pytest.approx(2 / 3)


def test_intervals_resample_bodies():
    pairs = CASE * 4
    one_body = task.metrics(_results(pairs, ["b"] * len(pairs)), seed=0)
    assert one_body["macro_f1"].ci is None  # a single body: nothing to resample
    many = task.metrics(_results(pairs, [f"b{i % 6}" for i in range(len(pairs))]), seed=0)
    lo, hi = many["macro_f1"].ci
    assert lo <= many["macro_f1"].value <= hi


def _write_fnc(folder, bodies, stances):
    folder.mkdir(parents=True)
    with (folder / "dev_bodies.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        w.writerows(bodies)
    with (folder / "dev_stances.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(stances)


BODIES = [
    ("7", ("The harbour bridge in Lowport was closed on Monday after engineers found cracks in two of its "
           "steel cables, the transport office confirmed.")),
    ("9", "A bakery in Elmswick won the regional prize for its rye bread, judges announced on Saturday."),
]
STANCES = [
    ("Lowport harbour bridge closed after cracks found in cables", "7", "agree"),
    ("Elmswick bakery wins prize for rye bread", "9", "agree"),
    ("Lowport harbour bridge closed after cracks found in cables", "9", "unrelated"),
]


def test_task_loads_and_runs_on_a_tiny_csv(tmp_path, monkeypatch):
    _write_fnc(tmp_path / "fnc1", BODIES, STANCES)
    monkeypatch.setenv("CHECKER_DATA_DIR", str(tmp_path))
    _, t = get_task("stance.fnc1-dev.v1")
    samples = t.dataset(None)
    assert [s.id for s in samples] == ["p0", "p1", "p2"]
    assert [s.target for s in samples] == ["agree", "agree", "unrelated"]
    assert samples[2].metadata["body_id"] == "9" and samples[2].input["body"].startswith("A bakery")
    ctx = t.prepare(samples, None)
    assert len(ctx["readings"]) == 4  # two bodies and two distinct headlines, each read once
    results = []
    for s in samples:
        out = t.solve(s, ctx)
        results.append(SampleResult(s.id, {k: sc(out, s) for k, sc in t.scorers.items()}, metadata=s.metadata))
    assert results[2].scores["stance"].value["pred"] == "unrelated"
    assert results[0].scores["stance"].value["pred"] != "unrelated"
    assert set(t.metrics(results, 0)) >= {"macro_f1", "f1|agree", "accuracy.related", "fnc1_score_pct"}


def test_task_rejects_unknown_labels_and_bodies(tmp_path, monkeypatch):
    _write_fnc(tmp_path / "fnc1", BODIES, [("A headline", "8", "agree")])
    monkeypatch.setenv("CHECKER_DATA_DIR", str(tmp_path))
    from checker.errors import EvalError

    with pytest.raises(EvalError, match="body '8'"):
        task.load(None, "fnc1")


def test_limit_takes_a_stratified_body_grouped_subset():
    rows = []
    for b in range(40):  # 40 bodies, each with 6 unrelated, 2 discuss pairs; every 4th body also agree/disagree
        for _ in range(6):
            rows.append({"Body ID": str(b), "Stance": "unrelated"})
        rows += [{"Body ID": str(b), "Stance": "discuss"}] * 2
        if b % 4 == 0:
            rows += [{"Body ID": str(b), "Stance": "agree"}, {"Body ID": str(b), "Stance": "disagree"}]
    items = list(enumerate(rows))
    got = task.subset(items, 40)
    counts = {c: sum(r["Stance"] == c for _, r in got) for c in task.CLASSES}
    assert sum(counts.values()) == 40
    assert counts["agree"] >= 4 and counts["disagree"] >= 4  # rare classes get at least a tenth
    assert task.subset(items, 40) == got  # the same subset every time
    assert len({r["Body ID"] for _, r in got}) < 40  # drawn from a part of the bodies
    assert [i for i, _ in got] == sorted(i for i, _ in got)
