"""LLM judge calls against the number of articles, and what validation keeps from a bad model.

Extracts claims once with the offline engine from real news (PolNeAR dev, then train texts
for more than 84), then compares 24, 48 and 96 articles with the LLM judge pointed at a local
stub endpoint (tests/llm/stub_server.py): calls, aligned pairs sent, verdicts kept, judgements
dropped by validation, and the contradictions in the report, per way the stub answers the judge:
``unrelated`` (every pair), ``hostile`` (every pair "disagree" with confidence 1.0 and made-up
values) and ``quoting`` (every pair "disagree" on entity, quoting the first capitalised word of
each claim: verbatim and different, but no conflict). Run:

    .venv/bin/python benchmarks/bench_judge.py [--data ../shared/data] [--sizes 24 48 96]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "llm"))

from stub_server import StubServer  # noqa: E402

from checker.compare import crosscheck  # noqa: E402
from checker.compare.llm_judge import LLMJudge  # noqa: E402
from checker.extract.offline import OfflineEngine  # noqa: E402
from checker.io.loading import load_articles  # noqa: E402
from checker.llm.gateway import Gateway  # noqa: E402
from checker.models import Report, RunMeta  # noqa: E402


class JudgeStub(StubServer):
    """The shared test stub, answering the judge's prompt in one of the modes above."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def answer(self, prompt: str, fault: str | None = None) -> dict:
        answer = super().answer(prompt, fault)
        claims = {int(n): text for n, text in re.findall(r"^\[C(\d+)\][^:]*:[^:]*: (.*)$", prompt, re.M)}
        pairs = dict((int(n), (int(a), int(b))) for n, a, b in re.findall(r"^P(\d+): C(\d+) vs C(\d+)", prompt, re.M))
        for item in answer.get("judgements", []):
            if self.mode == "hostile":
                item.update(label="disagree", attribute="time", value_a="in 1999", value_b="in 2031", confidence=1.0)
            elif self.mode == "quoting":
                first = [next(iter(re.findall(r"\b[A-Z][a-z]+\b", claims.get(c, ""))), "") for c in pairs[item["pair"]]]
                item.update(label="disagree", attribute="entity", value_a=first[0], value_b=first[1], confidence=1.0)
        return answer


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
            with JudgeStub(mode) as stub:
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
