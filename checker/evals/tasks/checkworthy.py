"""checkworthy.ct24-*: check-worthiness of debate sentences (CLEF CheckThat! 2024 Task 1, English).

Each sentence is one sample; the prediction is "Yes" when the sentence's check-worthiness
score is 0.5 or more. The offline engine scores the sentence with
``checker.extract.checkworthy.score``; another engine extracts claims from the sentence as
a one-sentence article and takes its highest claim score (no claim: "No"). The shared
task's measure is F1 of the Yes class.
"""

from __future__ import annotations

import csv
from typing import Any

import numpy as np

from ...io.loading import article_id, normalise
from ...models import Article
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import metric, prf
from ..paths import data_path

THRESHOLD = 0.5


def load(limit: int | None = None, data: str = "checkworthy/CT24_checkworthy_english_dev-test.tsv") -> list[Sample]:
    samples = []
    with data_path(*data.split("/")).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = (row.get("class_label") or "").strip()
            if label not in ("Yes", "No"):
                continue
            if limit is not None and len(samples) >= limit:
                break
            samples.append(Sample(row["Sentence_id"], row["Text"], label == "Yes"))
    return samples


def solve(sample: Sample, engine) -> float:
    text = normalise(sample.input)
    if engine.name == "offline":
        from ...extract.checkworthy import score

        return score(text)
    claims = engine.extract(Article(id=article_id(text), text=text))
    return max((c.checkworthiness or 0.0 for c in claims), default=0.0)


def score(output: float, sample: Sample) -> Score:
    pred = output >= THRESHOLD
    return Score({"pred": pred, "gold": bool(sample.target), "score": output},
                 f"{'Yes' if pred else 'No'} ({output:.2f}) vs gold {'Yes' if sample.target else 'No'}")


def _f1(rows: np.ndarray) -> float:
    pred, gold = rows[:, 0] > 0, rows[:, 1] > 0
    return prf(float((pred & gold).sum()), float(pred.sum()), float((pred & gold).sum()), float(gold.sum()))[2]


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    vals = [r.scores["checkworthy"].value for r in results]
    rows = np.array([[v["pred"], v["gold"]] for v in vals], float).reshape(-1, 2)
    pred, gold = rows[:, 0] > 0, rows[:, 1] > 0
    tp = float((pred & gold).sum())
    p, r, _ = prf(tp, float(pred.sum()), tp, float(gold.sum()))
    return {
        "f1.yes": metric(rows, _f1, seed, "F1 of the Yes class (the shared task's measure)"),
        "precision.yes": Metric(p, None, int(pred.sum()), "predicted Yes that are Yes"),
        "recall.yes": Metric(r, None, int(gold.sum()), "gold Yes predicted Yes"),
        "accuracy": Metric(float((pred == gold).mean()) if len(rows) else None, None, len(rows), ""),
    }


def build(entry: dict[str, Any]) -> Task:
    return Task(entry["name"], entry.get("description", ""),
                lambda limit: load(limit, entry["data"]), solve, {"checkworthy": score}, metrics)
