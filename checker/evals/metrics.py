"""Metric arithmetic: P/R/F1 from counts, balanced accuracy, Spearman, seeded bootstrap CIs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from .core import Metric

N_RESAMPLES = 1000


def safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def prf(matched_pred: float, n_pred: float, matched_gold: float, n_gold: float) -> tuple[float, float, float]:
    """(precision, recall, F1); 0 where undefined, as Citron does."""
    p, r = safe_div(matched_pred, n_pred), safe_div(matched_gold, n_gold)
    return p, r, safe_div(2 * p * r, p + r)


def balanced_accuracy(pred: Sequence[bool], gold: Sequence[bool]) -> float:
    """Mean of recall on positives and recall on negatives; NaN if a class is absent."""
    pred, gold = np.asarray(pred, bool), np.asarray(gold, bool)
    if gold.all() or not gold.any():
        return math.nan
    tpr = (pred & gold).sum() / gold.sum()
    tnr = (~pred & ~gold).sum() / (~gold).sum()
    return float((tpr + tnr) / 2)


def average_ranks(a: Sequence[float]) -> np.ndarray:
    """Ranks from 1, tied values sharing the mean of the ranks they span."""
    values, inverse, counts = np.unique(np.asarray(a, float), return_inverse=True, return_counts=True)
    last = np.cumsum(counts)  # rank of the last member of each group of equal values
    return (last - (counts - 1) / 2)[inverse.reshape(-1)]


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho: Pearson's r of the average ranks; NaN if either side is constant or has a NaN."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) != len(y):
        raise ValueError(f"spearman: {len(x)} values against {len(y)}")
    if len(x) < 2 or np.isnan(x).any() or np.isnan(y).any() or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(np.clip((rx @ ry) / math.sqrt((rx @ rx) * (ry @ ry)), -1.0, 1.0))


def bootstrap_ci(
    data: np.ndarray,
    stat: Callable[[np.ndarray], float],
    seed: int = 0,
    n_resamples: int = N_RESAMPLES,
    alpha: float = 0.05,
    groups: Sequence | None = None,
) -> tuple[float, float] | None:
    """Percentile interval of ``stat`` over resamples of the rows of ``data``.

    Rows are the resampling unit (an article, a sentence, a pair), or with
    ``groups`` (one label per row) whole groups are resampled: a cluster
    bootstrap, for rows that are not independent (pairs sharing a document).
    The same seed gives the same interval. NaN statistics (a resample lacking a
    class) are dropped; None if fewer than half survive or there are < 2 units.
    """
    data = np.asarray(data)
    rng = np.random.default_rng(seed)
    if groups is None:
        units = [np.array([i]) for i in range(len(data))]
    else:
        labels = np.asarray(groups)
        units = [np.flatnonzero(labels == g) for g in dict.fromkeys(labels.tolist())]
    k = len(units)
    if k < 2:
        return None
    idx = rng.integers(0, k, size=(n_resamples, k))
    if groups is None:
        vals = np.array([stat(data[i]) for i in idx], float)
    else:
        vals = np.array([stat(data[np.concatenate([units[j] for j in row])]) for row in idx], float)
    vals = vals[~np.isnan(vals)]
    if len(vals) < n_resamples / 2:
        return None
    lo, hi = np.quantile(vals, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


def metric(data: np.ndarray, stat: Callable[[np.ndarray], float], seed: int = 0, note: str = "",
           groups: Sequence | None = None) -> Metric:
    """The statistic on all rows, with its bootstrap interval (clustered by ``groups`` if given)."""
    data = np.asarray(data)
    value = stat(data) if len(data) else math.nan
    value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    ci = bootstrap_ci(data, stat, seed, groups=groups) if value is not None else None
    return Metric(value, ci, len(data), note)
