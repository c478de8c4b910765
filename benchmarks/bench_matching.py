"""Candidate pairs judged vs all cross-article pairs for 4, 16, 64 and 256 articles.

The corpus repeats the four seed articles with perturbations (names, numbers, dates and
sentence order changed, sentences dropped), extracts claims once per seed with the offline
engine and rebuilds facts per copy, then runs matching. Run:
    .venv/bin/python benchmarks/bench_matching.py
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from checker.compare import crosscheck
from checker.compare.matching import candidates, total_pairs
from checker.extract.offline import OfflineEngine
from checker.io.loading import load_articles
from checker.models import Report, RunMeta

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Alex Moreno", "Dana Whitfield", "Priya Raman", "Tom Becker", "Lena Ortiz", "Sam Okafor", "Mia Laurent", "Ravi Patel"]
PLACES = ["Denver", "Atlanta", "Phoenix", "Boston", "Detroit", "Tampa", "Reno", "Omaha"]


def perturb(text: str, rng: random.Random) -> str:
    """Swap some numbers, years, places and one person; drop and shuffle sentences."""
    text = re.sub(r"\b(\d{1,3})\b", lambda m: str(int(m.group(1)) + rng.choice([0, 0, 1, 3])), text)
    text = re.sub(r"\b20(1\d|2\d)\b", lambda m: str(rng.choice([2016, 2019, 2020, 2024])), text)
    for place in ("Pittsburgh", "Philadelphia", "New Hampshire", "Delaware"):
        text = text.replace(place, rng.choice(PLACES))
    text = text.replace("Andrew Bates", rng.choice(NAMES))
    sentences = [s for s in re.split(r"(?<=[.!?”])\s+", text) if rng.random() > 0.2]
    head, rest = sentences[:2], sentences[2:]
    rng.shuffle(rest)
    return " ".join(head + rest)


def corpus(n: int, seeds, engine, rng):
    report = Report(meta=RunMeta(checker_version="bench", engine="offline", engine_reason="bench"))
    for k in range(n):
        base = seeds[k % len(seeds)]
        text = base.text if k < len(seeds) else perturb(base.text, rng)
        article = base.model_copy(update={"id": f"{base.id[:8]}-{k:03d}", "text": text, "path": f"synthetic/{k:03d}.txt"})
        try:
            claims = engine.extract(article)
        except Exception as exc:  # noqa: BLE001 - an extractor bug on a synthetic text: skip that copy
            print(f"  (copy {k} skipped: extractor raised {type(exc).__name__}: {exc})")
            continue
        report.articles.append(article)
        report.claims.extend(claims)
    return report


def main() -> None:
    seeds, _ = load_articles([ROOT / "seeds"])
    engine, rng = OfflineEngine(), random.Random(13)
    print(f"{'articles':>8} {'claims':>7} {'pairs judged':>13} {'all cross-article pairs':>24} {'share':>8} {'match s':>8}")
    for n in (4, 16, 64, 256):
        report = corpus(n, seeds, engine, rng)
        facts = crosscheck.facts_for(report)
        t0 = time.perf_counter()
        judged = len(candidates(facts))
        seconds = time.perf_counter() - t0
        total = total_pairs(facts)
        print(f"{n:>8} {len(facts):>7} {judged:>13} {total:>24} {judged / max(total, 1):>8.2%} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
