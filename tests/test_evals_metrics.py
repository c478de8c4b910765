"""P/R/F1, balanced accuracy, Spearman and bootstrap intervals, on cases worked out by hand."""

import math

import numpy as np
import pytest

from checker.evals.metrics import balanced_accuracy, bootstrap_ci, metric, prf, spearman


def test_prf():
    p, r, f = prf(3, 4, 3, 6)
    assert (p, r) == (0.75, 0.5)
    assert f == pytest.approx(0.6)
    assert prf(0, 0, 0, 5) == (0.0, 0.0, 0.0)


def test_balanced_accuracy():
    # positives 0,1,2: two found (2/3); negatives 3,4: one right (1/2) -> (2/3 + 1/2) / 2 = 7/12
    assert balanced_accuracy([1, 1, 0, 0, 1], [1, 1, 1, 0, 0]) == pytest.approx(7 / 12)
    assert balanced_accuracy([1, 0], [1, 0]) == 1.0
    assert math.isnan(balanced_accuracy([1, 0], [1, 1]))  # no negatives


def test_spearman():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ties get average ranks: x ranks 1, 2.5, 2.5, 4 -> rho = 4.5 / sqrt(4.5 * 5)
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / math.sqrt(22.5))
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    data = rng.normal(size=(200, 1))
    mean = lambda rows: float(rows.mean())  # noqa: E731
    a, b = bootstrap_ci(data, mean, seed=7), bootstrap_ci(data, mean, seed=7)
    assert a == b
    assert bootstrap_ci(data, mean, seed=8) != a
    lo, hi = a
    assert lo < float(data.mean()) < hi
    # roughly +-1.96 standard errors of the mean
    se = float(data.std() / math.sqrt(len(data)))
    assert 3.0 * se < hi - lo < 5.0 * se


def test_bootstrap_degenerate_cases():
    assert bootstrap_ci(np.zeros((1, 1)), lambda r: 0.0) is None
    assert bootstrap_ci(np.zeros((10, 1)), lambda r: math.nan) is None
    const = bootstrap_ci(np.ones((10, 1)), lambda r: float(r.mean()))
    assert const == (1.0, 1.0)


def test_cluster_bootstrap_resamples_whole_groups():
    data = np.array([[1.0]] * 10 + [[0.0]] * 10)
    groups = ["A"] * 10 + ["B"] * 10
    mean = lambda rows: float(rows.mean())  # noqa: E731
    # two groups: every resample is AA, AB, BA or BB -> means 1, .5, .5, 0
    assert bootstrap_ci(data, mean, seed=0, groups=groups) == (0.0, 1.0)
    lo, hi = bootstrap_ci(data, mean, seed=0)  # rows as if independent: far narrower
    assert 0.2 < lo < 0.5 < hi < 0.8
    assert bootstrap_ci(data, mean, groups=["A"] * 20) is None  # one cluster: no interval


def test_metric_wraps_value_ci_and_n():
    m = metric(np.array([[1.0], [0.0], [1.0], [1.0]]), lambda r: float(r.mean()), seed=0, note="x")
    assert m.value == 0.75 and m.n == 4 and m.note == "x"
    assert m.ci[0] <= 0.75 <= m.ci[1]
    empty = metric(np.zeros((0, 1)), lambda r: float(r.mean()))
    assert empty.value is None and empty.ci is None
