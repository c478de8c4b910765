"""Offline engine speed and memory on the seeds (a benchmark, not a test).

Prints model load time, per-article extraction time, throughput and peak
memory. Target: `checker run seeds/` in under 10 s on 2 cores.

    .venv/bin/python benchmarks/bench_offline.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the seeds after warm-up")
    args = parser.parse_args()

    t0 = time.perf_counter()
    import checker
    from checker.extract.nlp import load_nlp

    load_nlp()
    load_s = time.perf_counter() - t0
    articles, _ = checker.load_articles([ROOT / "seeds"])
    engine, _ = checker.choose_engine("offline")
    words = sum(len(a.text.split()) for a in articles)

    per_article: dict[str, list[float]] = {a.path: [] for a in articles}
    claims = 0
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for a in articles:
            t = time.perf_counter()
            claims = len(engine.extract(a))
            per_article[a.path].append(time.perf_counter() - t)
    total = time.perf_counter() - t1

    t2 = time.perf_counter()
    report = checker.run([ROOT / "seeds"], engine=engine)
    end_to_end = time.perf_counter() - t2

    print(f"import + spaCy load        {load_s:6.2f} s")
    for path, times in per_article.items():
        print(f"extract {Path(path).name:28s} {min(times) * 1000:7.1f} ms (best of {len(times)})")
    print(f"throughput                 {words * args.repeat / total:8.0f} words/s")
    print(f"run(seeds) incl. compare   {end_to_end:6.2f} s  ({len(report.claims)} claims, {len(report.findings)} findings)")
    print(f"peak RSS                   {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MiB")
    del claims


if __name__ == "__main__":
    main()
