"""stance.fnc1-*: how an article body stands towards a headline (FNC-1 stance pairs).

Each pair is read as two articles: the headline is a one-sentence article B, the body is
article A. Gold ``agree`` -> corroborates, ``disagree`` -> contradicts, ``discuss`` -> related
(the body reports the claim without taking a side), ``unrelated`` -> no relation. The judge is
:func:`checker.compare.stance.stance_of`; each body and headline is parsed once.

Metrics: macro-F1 over the four classes and per-class F1 (Hanselowski et al. 2018), accuracy of
related vs unrelated, and the FNC-1 score (0.25 for related/unrelated right, 0.75 more for the
exact related label) as a percentage of the best possible. Intervals resample whole bodies.
The stance model's weights are fitted on this same dev half, so the suite's figures on it are
in-sample; the ``cv.*`` rows repeat the cross-validated figures stored with the weights.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import EvalError
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import metric, prf
from ..paths import data_path

CLASSES = ("agree", "disagree", "discuss", "unrelated")
TO_FNC = {"corroborates": "agree", "contradicts": "disagree", "related": "discuss", "unrelated": "unrelated"}
BODIES, STANCES = "dev_bodies.csv", "dev_stances.csv"


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc


def _order(key: str) -> str:
    return hashlib.sha256(f"fnc1:{key}".encode()).hexdigest()


def subset(rows: list[tuple[int, dict[str, str]]], limit: int) -> list[tuple[int, dict[str, str]]]:
    """About ``limit`` pairs, stratified by stance and drawn from as few bodies as possible.

    Each class gets its share of ``limit`` but at least a tenth of it (rare classes are kept
    visible); bodies are visited in a fixed pseudo-random order and give pairs to the classes
    still short of their quota, so a small run parses few bodies and is the same every time.
    """
    by_class = Counter(r["Stance"] for _, r in rows)
    floor = max(1, limit // 10)
    quota = {c: min(n, max(floor, round(limit * n / len(rows)))) for c, n in by_class.items()}
    excess = sum(quota.values()) - limit
    big = max(quota, key=quota.get)
    quota[big] = max(floor, quota[big] - max(excess, 0))
    by_body: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for item in rows:
        by_body[item[1]["Body ID"]].append(item)
    taken: list[tuple[int, dict[str, str]]] = []
    for body in sorted(by_body, key=_order):
        for i, r in by_body[body]:
            if quota.get(r["Stance"], 0) > 0:
                quota[r["Stance"]] -= 1
                taken.append((i, r))
        if not any(quota.values()):
            break
    return sorted(taken, key=lambda x: x[0])


def load(limit: int | None = None, data: str = "fnc1") -> list[Sample]:
    """Pairs of ``dev_stances.csv`` with their bodies; ids are row numbers (``p0`` = first pair)."""
    folder = data_path(*data.split("/"))
    bodies = {r["Body ID"]: r["articleBody"] for r in _read_csv(folder / BODIES)}
    rows = list(enumerate(_read_csv(folder / STANCES)))
    for _, r in rows:
        if r["Body ID"] not in bodies:
            raise EvalError(f"stance pair names body {r['Body ID']!r}, not in {BODIES}")
        if r["Stance"] not in CLASSES:
            raise EvalError(f"unknown stance {r['Stance']!r}")
    if limit is not None and limit < len(rows):
        rows = subset(rows, limit)
    return [Sample(f"p{i}", {"headline": r["Headline"], "body": bodies[r["Body ID"]]}, r["Stance"],
                   {"body_id": r["Body ID"]})
            for i, r in rows]


def prepare(samples: list[Sample], engine) -> dict[str, Any]:
    """Parse every distinct body and headline once."""
    from ...compare.stance import read_texts

    texts = list(dict.fromkeys([s.input["body"] for s in samples] + [s.input["headline"] for s in samples]))
    return {"readings": dict(zip(texts, read_texts(texts), strict=False)), "engine": engine}


def solve(sample: Sample, ctx: dict[str, Any]):
    from ...compare.stance import read_text, stance_of

    readings = ctx["readings"]
    body = readings.get(sample.input["body"]) or read_text(sample.input["body"])
    head = readings.get(sample.input["headline"]) or read_text(sample.input["headline"])
    return stance_of(body, head)


def score(output, sample: Sample) -> Score:
    pred = TO_FNC[output.label]
    return Score({"pred": pred, "gold": sample.target, "relatedness": round(output.relatedness, 4)},
                 f"pred {pred} / gold {sample.target} ({output.score:.2f}): {output.reason}"[:400])


# ---- metrics ------------------------------------------------------------------------------------


def confusion(pred: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """4x4 counts, rows gold, columns predicted, in CLASSES order (labels as indices)."""
    m = np.zeros((len(CLASSES), len(CLASSES)), int)
    np.add.at(m, (gold.astype(int), pred.astype(int)), 1)
    return m


def class_f1(m: np.ndarray, k: int) -> float:
    return prf(m[k, k], m[:, k].sum(), m[k, k], m[k, :].sum())[2]


def macro_f1(m: np.ndarray) -> float:
    return float(np.mean([class_f1(m, k) for k in range(len(CLASSES))]))


def related_accuracy(m: np.ndarray) -> float:
    u = CLASSES.index("unrelated")
    right = m[u, u] + m[:u, :u].sum()
    return float(right / m.sum()) if m.sum() else float("nan")


def fnc_score(m: np.ndarray) -> float:
    """FNC-1 score as a percentage of the best possible on these gold labels."""
    u = CLASSES.index("unrelated")
    got = 0.25 * m[u, u] + 0.25 * m[:u, :u].sum() + 0.75 * np.trace(m[:u, :u])
    best = 0.25 * m[u, :].sum() + 1.0 * m[:u, :].sum()
    return float(100 * got / best) if best else float("nan")


def _rows_stat(fn):
    return lambda rows: fn(confusion(rows[:, 0], rows[:, 1]))


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    vals = [r.scores["stance"].value for r in results]
    rows = np.array([(CLASSES.index(v["pred"]), CLASSES.index(v["gold"])) for v in vals], float).reshape(-1, 2)
    groups = [r.metadata.get("body_id", r.id) for r in results]
    out = {
        "macro_f1": metric(rows, _rows_stat(macro_f1), seed, "mean F1 of agree, disagree, discuss, unrelated", groups),
    }
    for k, c in enumerate(CLASSES):
        n = int((rows[:, 1] == k).sum())
        out[f"f1|{c}"] = metric(rows, _rows_stat(lambda m, k=k: class_f1(m, k)), seed, f"{n} gold", groups)
    out["accuracy.related"] = metric(rows, _rows_stat(related_accuracy), seed, "related vs unrelated", groups)
    out["fnc1_score_pct"] = metric(rows, _rows_stat(fnc_score), seed, "FNC-1 score, % of the maximum", groups)
    out["accuracy.4way"] = metric(rows, lambda r: float((r[:, 0] == r[:, 1]).mean()), seed, "exact label", groups)
    m = confusion(rows[:, 0], rows[:, 1])
    cells = "; ".join(f"{g}->" + ",".join(str(x) for x in m[i]) for i, g in enumerate(CLASSES))
    out["confusion"] = Metric(None, None, len(rows), f"gold->pred counts in order {'/'.join(CLASSES)}: {cells}")
    out.update(fitted_cv())
    return out


def fitted_cv() -> dict[str, Metric]:
    """The cross-validated figures recorded with the stance model's weights (fitted on FNC-1 dev)."""
    from ...compare.stance import model

    cv = model().get("cv", {})
    note = f"{cv.get('folds')}-fold CV by body, from stance_model.json: the weights were fitted on FNC-1 dev"
    return {f"cv.{k}": Metric(v["value"], tuple(v["ci"]), cv.get("n_pairs", 0), note)
            for k, v in cv.items() if isinstance(v, dict) and "value" in v}


def build(entry: dict[str, Any]) -> Task:
    return Task(entry["name"], entry.get("description", ""), lambda limit: load(limit, entry["data"]),
                solve, {"stance": score}, metrics, prepare=prepare)
