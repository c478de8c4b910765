"""Fit the two small logistic models of checker.compare.stance on FNC-1 dev, by grouped CV.

    CHECKER_DATA_DIR=../shared/data PYTHONPATH=. python scripts/fit_stance.py [--write]

Fitting needs scipy (``pip install scipy``), which checker itself does not: the shipped model is
a JSON file of weights that ``checker.compare.stance`` applies with numpy.

Reads the FNC-1 dev pairs (``fnc1/`` in the data directory), computes the stance features of
every pair (each text parsed once), and reports 5-fold cross-validated figures with folds
grouped by body id (no body is in both the fitted and the scored part; intervals resample
bodies). The class-weight exponent of the stance model is chosen inside each training fold
by an inner grouped CV, so the reported figures never see their own test fold. A second CV keeps
each story (bodies sharing a related headline) in one fold. ``--write`` then fits on all
pairs and writes ``checker/data/stance_model.json`` and its card ``checker/data/stance_model.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.compare import stance as st  # noqa: E402  (after the sys.path line above)
from checker.compare import stance_reading  # noqa: E402
from checker.evals.metrics import metric  # noqa: E402
from checker.evals.tasks import stance as task  # noqa: E402

STANCE_CLASSES = ("corroborates", "contradicts", "related")
ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)
L2 = 1.0
FOLDS = 5


def fit_logistic(x: np.ndarray, y: np.ndarray, k: int, weights: np.ndarray, l2: float = L2) -> dict:
    """Multinomial (k > 2) or binary (k == 2, one row) logistic regression on standardised x."""
    mean, std = x.mean(0), x.std(0)
    std[std == 0] = 1.0
    z = np.clip((x - mean) / std, -st.Z_CLIP, st.Z_CLIP)
    n, d = z.shape
    rows = 1 if k == 2 else k
    onehot = np.eye(k)[y]
    w_sum = weights.sum()

    def loss(theta):
        w, b = theta[: rows * d].reshape(rows, d), theta[rows * d:]
        logits = z @ w.T + b
        if k == 2:
            logits = np.c_[np.zeros(n), logits]
        logits -= logits.max(1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        p = np.exp(logp)
        nll = -(weights * (onehot * logp).sum(1)).sum() / w_sum
        g = (weights[:, None] * (p - onehot)) / w_sum
        if k == 2:
            g = g[:, 1:]
        gw = g.T @ z + l2 * w / n
        gb = g.sum(0)
        return nll + 0.5 * l2 * (w ** 2).sum() / n, np.concatenate([gw.ravel(), gb])

    res = minimize(loss, np.zeros(rows * d + rows), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    theta = res.x
    return {"mean": mean.tolist(), "std": std.tolist(), "coef": theta[: rows * d].reshape(rows, d).tolist(),
            "intercept": theta[rows * d:].tolist()}


def class_weights(y: np.ndarray, k: int, alpha: float) -> np.ndarray:
    counts = np.bincount(y, minlength=k).astype(float)
    w = (counts.sum() / (k * np.maximum(counts, 1))) ** alpha
    return w[y]


def folds_of(groups: list[str], k: int = FOLDS, salt: str = "") -> np.ndarray:
    """Fold index per row: groups sorted by a hash, dealt round-robin (GroupKFold-like)."""
    uniq = sorted(set(groups), key=lambda g: hashlib.sha256(f"{salt}{g}".encode()).hexdigest())
    fold = {g: i % k for i, g in enumerate(uniq)}
    return np.array([fold[g] for g in groups])


def standardise(part: dict, x: np.ndarray) -> np.ndarray:
    return np.clip((x - np.array(part["mean"])) / np.array(part["std"]), -st.Z_CLIP, st.Z_CLIP)


def predict_related(part: dict, x: np.ndarray) -> np.ndarray:
    z = standardise(part, x)
    return 1 / (1 + np.exp(-(z @ np.array(part["coef"]).T + np.array(part["intercept"]))[:, 0]))


def predict_stance(part: dict, x: np.ndarray) -> np.ndarray:
    z = standardise(part, x)
    return (z @ np.array(part["coef"]).T + np.array(part["intercept"])).argmax(1)


def stance_macro(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    f1 = []
    for c in range(3):
        tp = ((y_pred == c) & (y_true == c)).sum()
        p, r = tp / max((y_pred == c).sum(), 1), tp / max((y_true == c).sum(), 1)
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1))


def fit_all(xr, xs, y4, groups, alpha: float | None) -> tuple[dict, dict, float]:
    """Both models on the given rows; alpha by inner grouped CV when None."""
    related = (y4 != 3)
    rel = fit_logistic(xr, related.astype(int), 2, np.ones(len(y4)))
    ys, xs_r, g_r = y4[related], xs[related], [g for g, m in zip(groups, related, strict=False) if m]
    if alpha is None:
        inner = folds_of(g_r, FOLDS, salt="inner")
        scores = {}
        for a in ALPHAS:
            pred = np.zeros(len(ys), int)
            for f in range(FOLDS):
                tr, te = inner != f, inner == f
                part = fit_logistic(xs_r[tr], ys[tr], 3, class_weights(ys[tr], 3, a))
                pred[te] = predict_stance(part, xs_r[te])
            scores[a] = stance_macro(ys, pred)
        alpha = max(scores, key=scores.get)
    sta = fit_logistic(xs_r, ys, 3, class_weights(ys, 3, alpha))
    return rel, sta, alpha


def load_matrix(cache: Path | None):
    """Feature matrices of every pair; ``cache`` keeps the spaCy parses (not the features) between runs."""
    from spacy.tokens import DocBin

    t0 = time.perf_counter()
    samples = task.load(None, "fnc1")
    texts = list(dict.fromkeys([s.input["body"] for s in samples] + [s.input["headline"] for s in samples]))
    nlp = stance_reading._nlp()
    if cache and cache.exists():
        docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=32))
        if cache:
            cache.write_bytes(DocBin(docs=docs, store_user_data=False).to_bytes())
    if [d.text for d in docs] != texts:
        raise SystemExit(f"{cache} holds other texts; delete it")
    readings = {t: st.read_doc(d) for t, d in zip(texts, docs, strict=False)}
    t1 = time.perf_counter()
    vals = [st.features(readings[s.input["body"]], readings[s.input["headline"]]).values for s in samples]
    xr = np.array([[v[f] for f in st.RELATED_FEATURES] for v in vals])
    xs = np.array([[v[f] for f in st.STANCE_FEATURES] for v in vals])
    y4 = np.array([task.CLASSES.index(s.target) for s in samples])
    groups = [s.metadata["body_id"] for s in samples]
    print(f"read {len(texts)} texts in {t1 - t0:.0f}s, features in {time.perf_counter() - t1:.0f}s", file=sys.stderr)
    return xr, xs, y4, groups, [s.input["headline"] for s in samples]


def claim_clusters(groups: list[str], headlines: list[str], y4: np.ndarray) -> list[str]:
    """Bodies joined when a headline is related to both: one cluster per story (for a stricter CV)."""
    parent = {g: g for g in groups}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    first: dict[str, str] = {}
    for g, h, y in zip(groups, headlines, y4, strict=False):
        if y != 3:
            if h in first:
                parent[find(g)] = find(first[h])
            else:
                first[h] = g
    return [find(g) for g in groups]


def cross_validate(xr, xs, y4, fold_groups: list[str], alpha: float | None):
    """Out-of-fold predictions; folds and intervals by ``fold_groups``."""
    fold = folds_of(fold_groups)
    pred = np.zeros(len(y4), int)
    alphas = []
    for f in range(FOLDS):
        tr, te = fold != f, fold == f
        rel, sta, a = fit_all(xr[tr], xs[tr], y4[tr], [g for g, m in zip(fold_groups, tr, strict=False) if m], alpha)
        alphas.append(a)
        pred[te] = np.where(predict_related(rel, xr[te]) >= 0.5, predict_stance(sta, xs[te]), 3)
    rows = np.c_[pred, y4].astype(float)
    def stat(fn):
        return (lambda r: fn(task.confusion(r[:, 0], r[:, 1])))
    report = {"macro_f1": metric(rows, stat(task.macro_f1), 0, groups=fold_groups)}
    for k, c in enumerate(task.CLASSES):
        report[f"f1|{c}"] = metric(rows, stat(lambda m, k=k: task.class_f1(m, k)), 0, groups=fold_groups)
    report["accuracy.related"] = metric(rows, stat(task.related_accuracy), 0, groups=fold_groups)
    report["fnc1_score_pct"] = metric(rows, stat(task.fnc_score), 0, groups=fold_groups)
    cv = {k: {"value": round(m.value, 4), "ci": [round(c, 4) for c in m.ci]} for k, m in report.items()}
    return cv, task.confusion(pred, y4).tolist(), alphas


def _compact(obj) -> str:
    """JSON with numbers rounded and number lists on one line."""
    def rnd(o):
        if isinstance(o, float):
            return float(f"{o:.6g}")
        if isinstance(o, dict):
            return {k: rnd(v) for k, v in o.items()}
        if isinstance(o, list):
            return [rnd(v) for v in o]
        return o

    text = json.dumps(rnd(obj), indent=1)
    return re.sub(r"\[\s+([-\d.eE+,\s]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text) + "\n"


CARD = """# stance_model.json: weights of checker.compare.stance

Two logistic regressions over hand-built features (no text is stored): a binary model for
related vs unrelated on {related}, and a three-class model (corroborates / contradicts /
related) for related pairs on {stance}. Features are standardised (means and deviations in
the file) and clipped to +-{clip} deviations. Cue lexicons: `stance_cues.yaml`.

- Data: FNC-1 stage 1 (Fake News Challenge, derived from the Emergent data set of Ferreira &
  Vlachos 2016), the half of its competition test set kept as our dev data (`fnc1/` in the
  shared data directory: {n} headline/body pairs, 450 bodies). The FNC-1 train set is not used.
- Command: `CHECKER_DATA_DIR=<data dir> PYTHONPATH=. python scripts/fit_stance.py --write`
- Fitting: L2-regularised (weight {l2}) maximum likelihood, L-BFGS; the three-class model
  weights classes by (inverse frequency)^a, a chosen by an inner 5-fold grouped CV from
  {alphas} (chosen on all data: a = {alpha}).
- Scores: 5-fold cross-validation with folds grouped by Body ID (no body on both sides);
  95% intervals resample bodies. These are the figures to quote: the eval suite
  `stance.fnc1-dev.v1` runs the shipped weights on the very pairs they were fitted on.

| metric | CV, folds by body | CV, folds by story |
| --- | --- | --- |
{rows}

"Folds by story" is stricter: bodies that share a related headline (one story) stay in one
fold, so no story's headlines are seen in fitting. Confusion (rows gold agree / disagree /
discuss / unrelated, columns predicted), folds by body: {confusion}.

Caveats: fitted and scored within one distribution (the FNC-1 test half), unlike published
systems, which train on the FNC-1 train set and score on the test set; the features were
designed, and the cue lists checked, while looking at this data, which makes the CV figures
somewhat optimistic. Short texts (a few sentences) lie outside the lengths
fitted on; the clipping keeps their features in range.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="fit on all pairs and write the model + card")
    ap.add_argument("--cache", type=Path, help="file keeping the spaCy parses between runs (made if missing)")
    ap.add_argument("--alpha", type=float, help="fixed class-weight exponent (default: inner CV)")
    ap.add_argument("--body-only", action="store_true", help="skip the CV grouped by story (not with --write)")
    args = ap.parse_args()
    xr, xs, y4, groups, headlines = load_matrix(args.cache)
    stories = claim_clusters(groups, headlines, y4)
    results = {}
    for name, g in (("body", groups), ("story", stories))[: 1 if args.body_only and not args.write else 2]:
        cv, conf, alphas = cross_validate(xr, xs, y4, g, args.alpha)
        results[name] = (cv, conf)
        print(f"-- 5-fold CV grouped by {name} ({len(set(g))} groups); class-weight exponents {alphas}")
        for k, v in cv.items():
            print(f"{k:18s} {v['value']:.3f}  [{v['ci'][0]:.3f}, {v['ci'][1]:.3f}]")
        print("confusion (rows gold, cols pred):", conf)
    if not args.write:
        return
    rel, sta, alpha = fit_all(xr, xs, y4, groups, args.alpha)
    cv, conf = results["body"]
    params = {
        "related": {"features": list(st.RELATED_FEATURES), **rel},
        "stance": {"features": list(st.STANCE_FEATURES), "classes": list(STANCE_CLASSES), **sta},
        "class_weight_exponent": alpha,
        "cv": {"folds": FOLDS, "grouped_by": "Body ID", "n_pairs": len(y4), **cv},
        "cv_by_story": results["story"][0],
    }
    data = ROOT / "checker" / "data"
    (data / "stance_model.json").write_text(_compact(params), encoding="utf-8")
    def fmt(v):
        return f"{v['value']:.3f} [{v['ci'][0]:.3f}, {v['ci'][1]:.3f}]"
    rows = "\n".join(f"| {k.replace('|', ' ')} | {fmt(v)} | {fmt(results['story'][0][k])} |" for k, v in cv.items())
    (data / "stance_model.md").write_text(CARD.format(
        related=", ".join(st.RELATED_FEATURES), stance=", ".join(st.STANCE_FEATURES), clip=st.Z_CLIP,
        n=len(y4), l2=L2, alphas=", ".join(map(str, ALPHAS)), alpha=alpha, rows=rows, confusion=conf,
    ), encoding="utf-8")
    print("wrote", data / "stance_model.json", "and stance_model.md")


if __name__ == "__main__":
    main()
