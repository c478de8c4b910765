"""Train the check-worthiness model (checker/data/checkworthy.json.gz) on CheckThat! 2024 English.

    PYTHONPATH=. python scripts/train_checkworthy.py [--data ../shared/data/checkworthy]
        [--l2 1e-3] [--unbalanced] [--epochs 300] [--out checker/data/checkworthy.json.gz]

Logistic regression over ``checker.extract.checkworthy.features`` (features seen at least
``--min-count`` times in train), fitted by full-batch gradient descent with Adam and an L2
penalty on ``train`` (both classes weighted equally); the decision threshold that maximises F1 of the Yes class on ``dev``
is folded into the bias, so a score of 0.5 or more means check-worthy. ``dev-test`` is
left for the eval suite ``checkworthy.ct24-devtest.v1``. Needs numpy and scipy (training
only; prediction is plain Python).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

from checker.extract.checkworthy import features


def read(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = (row.get("class_label") or "").strip()
            if label not in ("Yes", "No"):
                continue
            texts.append(row["Text"])
            labels.append(label == "Yes")
    return texts, np.array(labels, float)


def matrix(texts: list[str], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, t in enumerate(texts):
        for f in set(features(t)):
            j = vocab.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))


def f1_yes(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & (gold > 0)).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max((gold > 0).sum(), 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/checkworthy")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--unbalanced", dest="balanced", action="store_false", help="do not weight the classes equally in the loss")
    ap.add_argument("--out", default="checker/data/checkworthy.json.gz")
    args = ap.parse_args()
    root = Path(args.data)
    tr_x, tr_y = read(root / "CT24_checkworthy_english_train.tsv")
    dv_x, dv_y = read(root / "CT24_checkworthy_english_dev.tsv")
    counts = Counter(f for t in tr_x for f in set(features(t)))
    names = sorted(f for f, c in counts.items() if c >= args.min_count)
    vocab = {f: i for i, f in enumerate(names)}
    X, Xd = matrix(tr_x, vocab), matrix(dv_x, vocab)
    w, b = np.zeros(len(vocab)), 0.0
    m, v, mb, vb = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    pos = tr_y.mean()
    cw = np.where(tr_y > 0, 0.5 / pos, 0.5 / (1 - pos)) if args.balanced else np.ones_like(tr_y)
    for t in range(1, args.epochs + 1):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g = X.T @ (cw * (p - tr_y)) / len(tr_y) + args.l2 * w
        gb = float((cw * (p - tr_y)).mean())
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        w -= args.lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        b -= args.lr * (mb / (1 - 0.9**t)) / (math.sqrt(vb / (1 - 0.999**t)) + 1e-8)
        if t % 50 == 0:
            pd = 1 / (1 + np.exp(-(Xd @ w + b)))
            print(f"epoch {t}: dev F1(Yes)@0.5 {f1_yes(pd >= 0.5, dv_y):.3f}", file=sys.stderr)
    pd = 1 / (1 + np.exp(-(Xd @ w + b)))
    best = max(np.arange(0.1, 0.9, 0.01), key=lambda th: f1_yes(pd >= th, dv_y))
    print(f"dev F1(Yes) {f1_yes(pd >= best, dv_y):.3f} at threshold {best:.2f}", file=sys.stderr)
    bias = b - math.log(best / (1 - best))  # a score of 0.5 is the chosen threshold
    weights = {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 0.01}
    blob = json.dumps({"weights": weights, "bias": round(bias, 4), "threshold": 0.5,
                       "dev_f1_yes": round(f1_yes(pd >= best, dv_y), 4)}, separators=(",", ":"), sort_keys=True)
    Path(args.out).write_bytes(gzip.compress(blob.encode("utf-8"), mtime=0))
    print(f"wrote {args.out}: {len(weights)} weights, {Path(args.out).stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
