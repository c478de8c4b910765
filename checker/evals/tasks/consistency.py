"""consistency.summedits-dev.*: is a summary consistent with, contradicted by, or unsupported by its document?

Gold labels from SummEdits: label 1 -> ``consistent``; label 0 with an entity,
antonym or negation edit -> ``contradicted``; label 0 whose only edit is
``hallucinated_fact_insertion`` -> ``unsupported``; label 0 with no edit type
recorded -> ``inconsistent`` (type unknown: left out of the "contradicted"
score, counted in the "inconsistent" one). The judge is the cross-article
checker's text-pair comparison (``checker.compare.texts.compare_texts``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from ...errors import EvalError
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import balanced_accuracy, metric
from ..paths import data_path

CONTRADICTING_EDITS = ("entity_modification", "antonym_swap", "negation_insertion_removal")
HALLUCINATION = "hallucinated_fact_insertion"
LABELS = ("consistent", "contradicted", "unsupported")


def gold_label(label: int, edit_types: list[str]) -> str:
    if label == 1:
        return "consistent"
    if any(e in CONTRADICTING_EDITS for e in edit_types):
        return "contradicted"
    return "unsupported" if HALLUCINATION in edit_types else "inconsistent"


def load(limit: int | None = None, data: str = "summedits-news/dev.json") -> list[Sample]:
    path = data_path(*data.split("/"))
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc
    return [
        Sample(str(it["id"]), {"doc": it["doc"], "summary": it["summary"]}, gold_label(it["label"], it["edit_types"]),
               {"edit_types": it["edit_types"], "label": it["label"],
                "doc_sha": hashlib.sha256(it["doc"].encode()).hexdigest()[:12]})
        for it in items[:limit]
    ]


def _judge():
    from ...compare import texts

    fn = getattr(texts, "compare_texts", None)
    if fn is None:
        raise EvalError("checker.compare.texts.compare_texts is not available yet")
    return fn


def _label(result: Any) -> tuple[str, str]:
    """(label, explanation) from what the judge returns: a label string or an object with one."""
    if isinstance(result, str):
        return result, ""
    for attr in ("label", "verdict", "relation"):
        if hasattr(result, attr):
            return getattr(result, attr), getattr(result, "explanation", "") or ""
    if isinstance(result, (tuple, list)) and result and isinstance(result[0], str):
        return result[0], str(result[1]) if len(result) > 1 else ""
    raise EvalError(f"unusable judge result {type(result).__name__}")


_ALIASES = {"contradicts": "contradicted", "contradiction": "contradicted", "unsupported_elsewhere": "unsupported",
            "corroborates": "consistent", "supported": "consistent", "entailed": "consistent"}


def solve(sample: Sample, engine) -> tuple[str, str]:
    label, why = _label(_judge()(sample.input["doc"], sample.input["summary"], engine=engine))
    label = _ALIASES.get(label, label)
    if label not in LABELS:
        raise EvalError(f"judge answered {label!r}, not one of {LABELS}")
    return label, why


def score(output: tuple[str, str], sample: Sample) -> Score:
    pred, why = output
    return Score({"pred": pred, "gold": sample.target},
                 f"pred {pred} / gold {sample.target} ({'+'.join(sample.metadata['edit_types']) or 'no edit'})"
                 + (f": {why}"[:300] if why else ""))


def _ba(rows: np.ndarray) -> float:
    return balanced_accuracy(rows[:, 0].astype(bool), rows[:, 1].astype(bool))


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    # pairs sharing a document are not independent: intervals resample whole documents
    items = [(r.scores["consistency"].value | {"doc": r.metadata.get("doc_sha", r.id)}, r.metadata.get("edit_types", []))
             for r in results]
    out: dict[str, Metric] = {}

    def add(name: str, subset, positive, flagged, note: str) -> None:
        rows = np.array([(flagged(v["pred"]), positive(v["gold"])) for v, e in subset], float).reshape(-1, 2)
        out[name] = metric(rows, _ba, seed, note, groups=[v["doc"] for v, _ in subset])

    is_contra = lambda x: x == "contradicted"  # noqa: E731
    is_flag = lambda x: x != "consistent"  # noqa: E731
    known = [(v, e) for v, e in items if v["gold"] != "inconsistent"]
    add("ba.contradicted", known, is_contra, is_contra, "pos: gold contradicted; neg: consistent + unsupported")
    add("ba.inconsistent", items, is_flag, is_flag, "pos: SummEdits label 0; pred contradicted or unsupported")
    consistent = [(v, e) for v, e in items if v["gold"] == "consistent"]
    for edit in CONTRADICTING_EDITS:
        subset = consistent + [(v, e) for v, e in items if v["gold"] != "consistent" and edit in e]
        add(f"ba.contradicted|{edit}", subset, lambda g: g != "consistent", is_contra, "vs the consistent pairs")
    halluc = [(v, e) for v, e in items if v["gold"] != "consistent" and HALLUCINATION in e]
    add(f"ba.inconsistent|{HALLUCINATION}", consistent + halluc, lambda g: g != "consistent", is_flag,
        "flagged = contradicted or unsupported")
    for group, subset in (("hallucination-only", [x for x in halluc if x[0]["gold"] == "unsupported"]),
                          ("hallucination-any", halluc)):
        for label in LABELS:
            share = float(np.mean([v["pred"] == label for v, _ in subset])) if subset else None
            out[f"pred={label}|{group}"] = Metric(share, None, len(subset), "share of these pairs we label so")
    groups = [v["doc"] for v, _ in consistent]
    for name, label in (("false_alarm.contradicted|consistent", "contradicted"), ("pred=unsupported|consistent", "unsupported")):
        said = np.array([v["pred"] == label for v, _ in consistent], float).reshape(-1, 1)
        out[name] = metric(said, lambda r: float(r.mean()), seed, f"share of gold-consistent pairs we call {label}",
                           groups=groups) if len(said) else Metric(None, None, 0, "no consistent pairs")
    acc = [v["pred"] == v["gold"] for v, _ in known]
    out["accuracy.3way"] = metric(np.array(acc, float).reshape(-1, 1), lambda r: float(r.mean()), seed,
                                  "consistent/contradicted/unsupported", groups=[v["doc"] for v, _ in known])
    return out


def build(entry: dict[str, Any]) -> Task:
    return Task(entry["name"], entry.get("description", ""),
                lambda limit: load(limit, entry["data"]), solve, {"consistency": score}, metrics)
