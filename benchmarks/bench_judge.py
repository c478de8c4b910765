"""LLM judge calls against the number of articles, and what validation keeps from a bad model.

Extracts claims once with the offline engine from real news (PolNeAR dev, then train texts
for more than 84), then compares 24, 48 and 96 articles with the LLM judge pointed at a local
stub endpoint (benchmarks/stub_openai.py): calls, aligned pairs sent, verdicts kept, judgements
dropped by validation, and the contradictions in the report, per stub mode. Run:

    .venv/bin/python benchmarks/bench_judge.py [--data ../shared/data] [--sizes 24 48 96]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from stub_openai import StubServer  # noqa: E402

from checker.compare import crosscheck  # noqa: E402
from checker.compare.llm_judge import LLMJudge  # noqa: E402
from checker.extract.offline import OfflineEngine  # noqa: E402
from checker.io.loading import load_articles  # noqa: E402
from checker.llm.gateway import Gateway  # noqa: E402
from checker.models import Report, RunMeta  # noqa: E402


class JudgedOffline(OfflineEngine):
    """Offline extraction, with an LLM judge for the comparison."""

    def __init__(self, judge: LLMJudge) -> None:
        super().__init__()
        self.judge = judge

    def pair_judge(self) -> LLMJudge:
        return self.judge


def articles(data: Path, n: int):
    paths = sorted((data / "polnear-dev" / "text").glob("*.txt")) + sorted((data / "polnear-train" / "text").glob("*.txt"))
    loaded, _ = load_articles(paths[:n])
    return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[24, 48, 96])
    parser.add_argument("--modes", nargs="+", default=["unrelated", "hostile", "quoting"])
    args = parser.parse_args()
    pool = articles(Path(args.data), max(args.sizes))
    engine = OfflineEngine()
    claims = {a.id: engine.extract(a) for a in pool}
    print(f"{'articles':>8} {'mode':>9} {'pairs':>7} {'sent':>6} {'calls':>6} {'kept':>5} {'dropped':>8} "
          f"{'contradicts':>12} {'offline contr.':>15} {'compare s':>10}")
    for n in args.sizes:
        arts = pool[:n]
        base = Report(meta=RunMeta(checker_version="bench", engine="offline", engine_reason="bench"), articles=arts,
                      claims=[c for a in arts for c in claims[a.id]])
        offline = base.model_copy(deep=True)
        crosscheck.compare(offline, None)
        offline_contra = sum(f.relation == "contradicts" for f in offline.findings)
        for mode in args.modes:
            report = base.model_copy(deep=True)
            with StubServer(mode=mode) as stub:
                judge = LLMJudge(Gateway("stub", base_url=stub.url, api_key="stub-key", cache=None))
                t0 = time.perf_counter()
                crosscheck.compare(report, JudgedOffline(judge))
                seconds = time.perf_counter() - t0
            j = report.meta.judge
            contra = sum(f.relation == "contradicts" for f in report.findings)
            print(f"{n:>8} {mode:>9} {report.meta.pairs_judged:>7} {j.pairs_sent:>6} {j.calls:>6} {j.verdicts:>5} "
                  f"{j.dropped:>8} {contra:>12} {offline_contra:>15} {seconds:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
