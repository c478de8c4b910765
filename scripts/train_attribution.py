"""Train the attribution cue tagger (checker/data/attribution_cues.json.gz) on PolNeAR train.

    PYTHONPATH=. python scripts/train_attribution.py [--data ../shared/data/polnear-train]
        [--epochs 5] [--seed 0] [--out checker/data/attribution_cues.json.gz]
        [--cache /tmp/polnear-train.spacy]

Each article is normalised as the loader does and parsed with the engine's spaCy pipeline;
every annotation file's cue spans become B/I/O token labels (an article with several
annotators contributes each annotation). An averaged perceptron learns the labels
greedily left to right, the sequences shuffled by ``--seed`` each epoch. The averaged
weights are rounded to 4 places, features whose largest weight is under ``--prune`` are
dropped, and the rest are stored at 3 places as sorted, compact JSON gzipped with mtime 0,
so the same data and options give the same bytes: the defaults give the shipped file.
Evaluate on polnear-dev only (``checker eval attribution.polnear-dev.v1``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from spacy.tokens import DocBin

from checker.errors import EvalError
from checker.evals.brat import attributions, parse_ann
from checker.evals.textmap import normalise_with_map
from checker.extract.cues import LABELS, doc_features
from checker.extract.nlp import load_nlp


def labelled_docs(root: Path, cache: Path | None):
    nlp = load_nlp()
    texts, anns = [], []
    for txt in sorted((root / "text").glob("*.txt")):
        raw = txt.read_text(encoding="utf-8")
        text, mapping = normalise_with_map(raw)
        files = sorted((root / "attributions").glob(f"{txt.stem}_*.ann"))
        cues = []
        for ann in files:
            try:
                found = attributions(parse_ann(ann.read_text(encoding="utf-8"), ann.name), ann.name)
            except EvalError as exc:  # a few files have a broken line: skip the file
                print(f"skipped {exc}", file=sys.stderr)
                continue
            cues.append([[(mapping[a], mapping[b]) for a, b in g.cue] for g in found])
        texts.append(text)
        anns.append(cues)
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=16))
        if cache is not None:
            DocBin(store_user_data=False, docs=docs).to_disk(cache)
    out = []
    for doc, cue_sets in zip(docs, anns, strict=True):
        feats = [tuple(sys.intern(f) for f in token) for token in doc_features(doc)]
        for spans in cue_sets:
            labels = ["O"] * len(doc)
            for frags in spans:
                first = True
                for a, b in frags:
                    for tok in doc:
                        if tok.idx < b and tok.idx + len(tok.text) > a and not tok.is_space:
                            labels[tok.i] = "B" if first else "I"
                            first = False
            out.append((feats, labels))
    return out


def train(data, epochs: int, seed: int = 0):
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    stamps: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    step = 0
    rng = random.Random(seed)
    idx = {label: k for k, label in enumerate(LABELS)}

    def update(f, k, v):
        w = weights[f]
        totals[f][k] += (step - stamps[f][k]) * w[k]
        stamps[f][k] = step
        w[k] += v

    for epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        errors = n = 0
        for j in order:
            feats, labels = data[j]
            prev = "O"
            for f, gold in zip(feats, labels, strict=True):
                step += 1
                full = (*f, "prev=" + prev, "prev,l=" + prev + "," + f[2])
                s = [0.0, 0.0, 0.0]
                for x in full:
                    w = weights.get(x)
                    if w is not None:
                        s[0] += w[0]
                        s[1] += w[1]
                        s[2] += w[2]
                if prev == "O":
                    s[1] = float("-inf")
                guess = LABELS[max(range(3), key=s.__getitem__)]
                if guess != gold:
                    errors += 1
                    for x in full:
                        update(x, idx[gold], 1.0)
                        update(x, idx[guess], -1.0)
                n += 1
                prev = gold  # teacher forcing on the previous label
        print(f"epoch {epoch + 1}: token errors {errors}/{n}", file=sys.stderr)
    avg = {}
    for f, w in weights.items():
        avg[f] = [(totals[f][k] + (step - stamps[f][k]) * w[k]) / step for k in range(3)]
    return avg


def model_bytes(data, epochs: int = 5, seed: int = 0, prune: float = 1.5) -> tuple[bytes, int, int]:
    """The gzipped model file for the labelled sequences ``data``, with the number of features
    kept and learned. Deterministic: the same data and options give the same bytes."""
    avg = train(data, epochs, seed)
    four = {f: [round(v, 4) for v in w] for f, w in avg.items()}
    kept = {f: [round(v, 3) for v in w] for f, w in four.items() if max(abs(v) for v in w) >= prune}
    blob = json.dumps({"labels": LABELS, "weights": kept}, separators=(",", ":"), sort_keys=True)
    return gzip.compress(blob.encode("utf-8"), compresslevel=9, mtime=0), len(kept), len(avg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/polnear-train")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0, help="seed of the per-epoch shuffle")
    ap.add_argument("--prune", type=float, default=1.5, help="drop features whose largest averaged weight is smaller")
    ap.add_argument("--cache", default=None, help="DocBin file to keep the parses in between runs")
    ap.add_argument("--out", default="checker/data/attribution_cues.json.gz")
    args = ap.parse_args()
    data = labelled_docs(Path(args.data), Path(args.cache) if args.cache else None)
    print(f"{len(data)} annotation files", file=sys.stderr)
    blob, kept, learned = model_bytes(data, args.epochs, args.seed, args.prune)
    print(f"features kept {kept} of {learned}", file=sys.stderr)
    Path(args.out).write_bytes(blob)
    print(f"wrote {args.out} ({len(blob)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
