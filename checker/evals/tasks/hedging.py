"""hedging.certainty-dev.*: our certainty score and hedging level against human certainty ratings.

The offline engine is measured through ``checker.extract.hedging.assess`` on the sentence
alone; another engine extracts claims from the sentence as a one-sentence article
and the claim with the longest evidence gives the hedging.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ...errors import EvalError
from ...io.loading import article_id, normalise
from ...models import HEDGING_LEVELS, Article, Hedging
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import metric, spearman
from ..paths import data_path

#: Level as an ordinal, most committed highest (HEDGING_LEVELS runs most -> least committed).
LEVEL_RANK = {level: len(HEDGING_LEVELS) - 1 - i for i, level in enumerate(HEDGING_LEVELS)}


def load(limit: int | None = None, data: str = "certainty/sentence-level-certainty.dev.jsonl") -> list[Sample]:
    path = data_path(*data.split("/"))
    samples = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(samples) >= limit:
                break
            if line.strip():
                row = json.loads(line)
                samples.append(Sample(str(row["id"]), row["finding"], float(row["sentence-level-certainty"]),
                                      {"split": row.get("split")}))
    return samples


def solve(sample: Sample, engine) -> Hedging:
    text = normalise(sample.input)
    if engine.name == "offline":
        from ...extract.hedging import assess

        return assess(text)
    claims = engine.extract(Article(id=article_id(text), text=text))
    if not claims:
        raise EvalError("the engine extracted no claim from the sentence")
    return max(claims, key=lambda c: c.evidence.end - c.evidence.start).hedging


def score(output: Hedging, sample: Sample) -> Score:
    cues = ", ".join(c.text for c in output.cues) or "none"
    return Score(
        {"certainty": output.certainty, "level": output.level, "rating": sample.target},
        f"{output.level} {output.certainty:.2f} vs human {sample.target:g}/6; cues: {cues}",
    )


def _pearson(rows: np.ndarray) -> float:
    """Pearson's r of the two columns; NaN if either is constant."""
    x, y = rows[:, 0], rows[:, 1]
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    vals = [r.scores["certainty"].value for r in results]
    rating = np.array([v["rating"] for v in vals], float)
    cert = np.array([v["certainty"] for v in vals], float)
    rank = np.array([LEVEL_RANK[v["level"]] for v in vals], float)
    rho = lambda rows: spearman(rows[:, 0], rows[:, 1])  # noqa: E731
    out = {
        "pearson.certainty": metric(np.c_[cert, rating], _pearson, seed, "certainty score vs mean human rating (linear)"),
        "spearman.certainty": metric(np.c_[cert, rating], rho, seed, "certainty score vs mean human rating"),
        "spearman.level": metric(np.c_[rank, rating], rho, seed, "level " + ">".join(HEDGING_LEVELS) + " vs rating"),
    }
    for level in HEDGING_LEVELS:
        mask = np.array([v["level"] == level for v in vals])
        if mask.any():
            out[f"rating.mean|{level}"] = Metric(float(rating[mask].mean()), None, int(mask.sum()), "mean human rating")
    return out


def build(entry: dict[str, Any]) -> Task:
    return Task(entry["name"], entry.get("description", ""),
                lambda limit: load(limit, entry["data"]), solve, {"certainty": score}, metrics)
