"""Measure the offline engine on SummEdits-news dev (doc = article A, summary = article B).

Prints balanced accuracy of "contradicted" (positives: label 0 with an entity, antonym or
negation edit; negatives: label 1), recall per edit type, the false-alarm rate on consistent
pairs, and how items whose edits include ``hallucinated_fact_insertion`` are labelled.
``--errors FILE`` writes every item's verdict (JSON lines) for error analysis. Usage:
    .venv/bin/python scripts/summedits_offline.py [--data PATH] [--limit N] [--errors FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from checker.compare.texts import compare_texts

CONTRADICTION_EDITS = {"entity_modification", "antonym_swap", "negation_insertion_removal"}
DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "summedits-news" / "dev.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", default="")
    args = ap.parse_args()
    items = json.loads(Path(args.data).read_text(encoding="utf-8"))
    if args.limit:
        items = items[: args.limit]
    t0 = time.perf_counter()
    pos_hit = pos_n = neg_hit = neg_n = 0
    per_type = defaultdict(lambda: [0, 0])
    halluc = Counter()
    consistent = Counter()
    rows = []
    for item in items:
        verdict = compare_texts(item["doc"], item["summary"])
        edits = set(item["edit_types"])
        said = verdict.label == "contradicted"
        rows.append({"id": item["id"], "label": item["label"], "edits": sorted(edits), "pred": verdict.label,
                     "why": verdict.explanation})
        if item["label"] == 1:
            neg_n += 1
            neg_hit += not said
            consistent[verdict.label] += 1
        elif edits & CONTRADICTION_EDITS:
            pos_n += 1
            pos_hit += said
            for e in edits & CONTRADICTION_EDITS:
                per_type[e][0] += said
                per_type[e][1] += 1
        if "hallucinated_fact_insertion" in edits and item["label"] == 0:
            halluc[verdict.label] += 1
    tpr, tnr = pos_hit / max(pos_n, 1), neg_hit / max(neg_n, 1)
    print(f"items {len(items)}  positives {pos_n}  negatives {neg_n}  seconds {time.perf_counter() - t0:.1f}")
    print(f"balanced accuracy (contradicted) {0.5 * (tpr + tnr):.3f}   recall {tpr:.3f}   false alarms {1 - tnr:.3f}")
    for e, (hit, n) in sorted(per_type.items()):
        print(f"  {e:<28} recall {hit / n:.3f}  ({hit}/{n})  balanced acc vs consistent {0.5 * (hit / n + tnr):.3f}")
    print(f"consistent items labelled: {dict(consistent)}")
    print(f"items with hallucinated_fact_insertion labelled: {dict(halluc)}")
    if args.errors:
        Path(args.errors).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
