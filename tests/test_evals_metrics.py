"""P/R/F1, balanced accuracy, Spearman and bootstrap intervals, on cases worked out by hand."""

import math

import numpy as np
import pytest

from checker.evals.metrics import average_ranks, balanced_accuracy, bootstrap_ci, metric, prf, spearman


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
    assert math.isnan(spearman([1, 2, math.nan], [1, 2, 3]))
    assert math.isnan(spearman([1], [1]))
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


def test_average_ranks_share_tied_positions():
    assert average_ranks([10, 20, 20, 20, 30, 40]).tolist() == [1.0, 3.0, 3.0, 3.0, 5.0, 6.0]
    assert average_ranks([3, 1, 4, 1, 5, 9, 2, 6]).tolist() == [4.0, 1.5, 5.0, 1.5, 6.0, 8.0, 3.0, 7.0]
    assert average_ranks([0.5, 0.5]).tolist() == [1.5, 1.5]


@pytest.mark.parametrize(
    "x, y, rho",
    [  # reference values from scipy.stats.spearmanr 1.17
        ([1, 2, 3, 4, 5], [5, 6, 7, 8, 7], 0.8207826816681233),  # ties in y only
        ([10, 20, 20, 20, 30, 40], [1, 3, 2, 3, 5, 4], 0.8932596002688613),  # ties on both sides
        ([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8], 0.19885368120992467),
        ([1, 1, 2, 2, 3, 3], [3, 3, 2, 2, 1, 1], -1.0),
    ],
)
def test_spearman_matches_reference_values(x, y, rho):
    assert spearman(x, y) == pytest.approx(rho, abs=1e-12)
    assert spearman(y, x) == pytest.approx(rho, abs=1e-12)


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
