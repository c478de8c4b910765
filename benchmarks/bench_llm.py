"""Benchmark of the LLM path against the local stub server (not a test): cost, speed, faults.

    .venv/bin/python benchmarks/bench_llm.py [--latency 0.5] [--concurrency 8] [--workers 2] [--serial] [--offline]

Articles: the four seeds plus the first 20 PolNeAR dev texts (``--data``, default
../shared/data). The stub (tests/llm/stub_server.py) answers valid structured output after
``--latency`` seconds. Prints, per run: calls per article and per kept claim, first-try prompt
tokens per article token (target: <= 1.5 x article + the fixed instructions per call), peak
requests in flight, throughput of the extraction stage against its ideal (requests x latency /
concurrency), cold vs cached wall time, cold with ``--workers`` parse processes (default 2), the
same run with the articles parsed and their attributions found beforehand (the LLM path alone)
and the time that analysis takes on its own; then the time to give up on a dead
endpoint (connection refused, HTTP 500, hang past a 3 s timeout) as ``checker run`` exits, a
run with 30% mixed faults, and with ``--offline`` the offline engine with 1 and 2 worker
processes on the 84 PolNeAR dev articles. ``--serial`` adds a ``--concurrency 1`` run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "llm"))

from stub_server import StubServer, dead_url  # noqa: E402

from checker.extract.attribution import find_attributions  # noqa: E402
from checker.extract.llm import LLMEngine  # noqa: E402
from checker.extract.nlp import analyse  # noqa: E402
from checker.io.loading import load_articles  # noqa: E402
from checker.llm.cache import Cache  # noqa: E402
from checker.llm.gateway import Gateway  # noqa: E402
from checker.llm.pricing import count_tokens, token_method  # noqa: E402
from checker.pipeline import check_articles  # noqa: E402


def corpus(data: Path, n: int = 20):
    paths = [ROOT / "seeds"] + sorted((data / "polnear-dev" / "text").glob("*.txt"))[:n]
    articles, _ = load_articles(paths)
    return articles


def parse_time(articles) -> float:
    """Seconds to parse the articles and find their attributions (the CPU floor of an extraction run);
    the doc cache is emptied before and after, so the runs parse afresh."""
    from checker.extract import nlp

    nlp.forget_docs()
    t0 = time.perf_counter()
    for article in articles:
        find_attributions(analyse(article))
    seconds = time.perf_counter() - t0
    nlp.forget_docs()
    return seconds


def first_try_tokens(stub: StubServer) -> tuple[int, int]:
    """(prompt tokens of first tries, number of first tries): messages plus the tool schema sent."""
    total = n = 0
    for body in stub.requests:
        if len(body.get("messages", [])) != 2 or "[S" not in body["messages"][1]["content"]:
            continue  # a re-ask, or a judge call
        total += sum(count_tokens(m["content"]) for m in body["messages"]) + count_tokens(json.dumps(body.get("tools", "")))
        n += 1
    return total, n


class Analysed:
    """The articles parsed and their attributions found beforehand, handed to the engine as the
    parse workers hand theirs (``LLMEngine.ahead``): what is left is the LLM path alone."""

    def __init__(self, articles) -> None:
        self.found = {id(a): find_attributions(analyse(a)) for a in articles}

    def attributions(self, article):
        return self.found.get(id(article))


def llm_run(articles, stub: StubServer, concurrency: int, cache_dir: Path, label: str, workers: int = 1,
            ahead: Analysed | None = None) -> dict:
    from checker.extract import nlp

    stub.reset()
    if label.startswith("cold"):
        nlp.forget_docs()  # every cold run parses afresh
    engine = LLMEngine(Gateway("stub", base_url=stub.url, api_key="local", cache=Cache(cache_dir),
                               concurrency=concurrency))
    engine.ahead = ahead
    t0 = time.perf_counter()
    report = check_articles(articles, engine, "bench", workers=workers)
    wall = time.perf_counter() - t0
    u = report.meta.usage
    extraction = sum("[S" in json.dumps(body.get("messages", [])) for body in stub.requests)
    return {"label": label, "wall": wall, "extract": report.meta.timings.get("extract", 0.0), "calls": u.calls,
            "requests": stub.calls, "extraction": extraction, "cached": u.cached_calls,
            "claims": len(report.claims), "errors": len(report.errors), "peak": stub.peak,
            "articles": len({c.article_id for c in report.claims}), "report": report}


def checker_run(args: list[str], env: dict) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", "run", *args], env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0, proc.returncode, proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.5)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--workers", type=int, default=2, help="parse processes of the second cold run")
    ap.add_argument("--serial", action="store_true", help="also run with --concurrency 1")
    ap.add_argument("--offline", action="store_true", help="also time the offline engine with 1 and 2 workers")
    args = ap.parse_args()
    data = Path(args.data)
    articles = corpus(data)
    article_tokens = sum(count_tokens(a.text) for a in articles)
    tmp = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    from checker.extract.nlp import load_nlp

    load_nlp()  # loading spaCy and importing the SDK's parts happen once per process, in every row's
    Gateway("stub", base_url="http://127.0.0.1:9/v1", api_key="local").warm_up()  # first run alike
    parse_s = parse_time(articles)
    print(f"{len(articles)} articles, {article_tokens} article tokens ({token_method()}); stub latency {args.latency} s")

    with StubServer(latency=args.latency) as stub:
        runs = []
        if args.serial:
            runs.append(llm_run(articles, stub, 1, tmp / "serial", "cold, concurrency 1"))
        cold = llm_run(articles, stub, args.concurrency, tmp / "cache", f"cold, concurrency {args.concurrency}")
        prompt_tokens, first_tries = first_try_tokens(stub)
        tools = count_tokens(json.dumps(stub.requests[0].get("tools", "")))
        runs += [cold, llm_run(articles, stub, args.concurrency, tmp / "workers", f"cold, {args.workers} parse workers",
                               workers=args.workers),
                 llm_run(articles, stub, args.concurrency, tmp / "cache", "cached rerun")]
        runs.append(llm_run(articles, stub, args.concurrency, tmp / "parsed", "analysed beforehand", ahead=Analysed(articles)))
        engine = LLMEngine(Gateway("stub", base_url=stub.url, api_key="local"))
        fixed = tools + sum(count_tokens(m["content"]) for m in engine.prompt.render({"tag": "0" * 12, "data": "", "hints": ""}))
    print(f"\n{'run':<24}{'wall s':>8}{'extract s':>10}{'calls':>7}{'in flight':>10}{'calls/s':>9}{'ideal s':>9}{'ratio':>7}"
          f"{'articles':>9}{'claims':>7}{'errors':>7}")
    for r in runs:  # the extraction stage: its requests over its wall time, against requests x latency / concurrency
        ideal = r["extraction"] * args.latency / (1 if "concurrency 1" in r["label"] else args.concurrency)
        rate = r["extraction"] / r["extract"] if r["extract"] else 0
        ratio = f"{r['extract'] / ideal:>7.2f}" if ideal else f"{'-':>7}"
        print(f"{r['label']:<24}{r['wall']:>8.1f}{r['extract']:>10.1f}{r['requests']:>7}{r['peak']:>10}{rate:>9.1f}{ideal:>9.1f}"
              f"{ratio}{r['articles']:>9}{r['claims']:>7}{r['errors']:>7}")
    print(f"parsing alone (spaCy and the attribution rules, one thread): {parse_s:.1f} s for {len(articles)} articles")
    print(f"\ncalls per article {cold['calls'] / len(articles):.2f}; per kept claim {cold['calls'] / max(cold['claims'], 1):.2f}")
    print(f"first-try prompt tokens {prompt_tokens} for {first_tries} calls: {prompt_tokens / article_tokens:.2f} per article token; "
          f"fixed part {fixed} tokens per call; target 1.5 x article + fixed = {1.5 * article_tokens + fixed * first_tries:.0f} "
          f"({'met' if prompt_tokens <= 1.5 * article_tokens + fixed * first_tries else 'NOT met'})")

    folder = tmp / "in"
    folder.mkdir()
    for i, a in enumerate(articles):
        (folder / f"{i:02d}.txt").write_text(a.text)
    env = {"CHECKER_CACHE_DIR": str(tmp / "cli-cache"), "CHECKER_TIMEOUT": "3"}
    common = [str(folder), "--model", "stub", "--concurrency", str(args.concurrency), "-q", "--no-compare",
              "--out", str(tmp / "r.json")]
    print("\ndead endpoint, 24 articles (checker run, process start included):")
    for label, fault in (("connection refused", None), ("HTTP 500", "500"), ("hang, 3 s timeout", "hang")):
        with StubServer(hang_s=10) as stub:
            stub.rate, stub.mix = 1.0, [fault or "500"]
            url = dead_url() if fault is None else stub.url
            wall, code, err = checker_run([*common, "--base-url", url], env)
        lines = err.strip().splitlines()
        print(f"  {label:<20} {wall:5.1f} s, exit {code}, {len(lines)} stderr line(s), "
              f"traceback {'yes' if 'Traceback' in err else 'no'}: {lines[-1][:110] if lines else ''}")
    with StubServer(latency=args.latency, seed=1) as stub:
        stub.rate, stub.hang_s = 0.3, 5
        stub.mix = ["429", "500", "503", "hang", "cut", "truncated", "length", "invalid", "ungrounded"]
        env["CHECKER_CACHE_DIR"] = str(tmp / "fault-cache")
        wall, code, err = checker_run([*common, "--base-url", stub.url], env)
        report = json.loads((tmp / "r.json").read_text())
        kept = len({c["article_id"] for c in report["claims"]})
        print(f"30% mixed faults ({len(stub.faults_served)} served of {stub.calls} requests): {wall:.1f} s, exit {code}, "
              f"{kept}/{len(articles)} articles with claims, usage {report['meta']['usage']}")

    if args.offline:
        from checker.extract import nlp
        from checker.extract.nlp import load_nlp
        from checker.extract.offline import OfflineEngine

        dev, _ = load_articles(sorted((data / "polnear-dev" / "text").glob("*.txt")))
        load_nlp()
        out = {}
        for workers in (1, 2):
            nlp.forget_docs()  # each run parses afresh (a forked worker would inherit the parent's parses)
            t0 = time.perf_counter()
            report = check_articles(dev, OfflineEngine(), "bench", workers=workers)
            out[workers] = (time.perf_counter() - t0, report)
        same = [json.loads(out[w][1].model_dump_json(exclude={"meta": {"timings", "workers"}})) for w in (1, 2)]
        print(f"\noffline, {len(dev)} PolNeAR dev articles: workers 1 {out[1][0]:.1f} s, workers 2 {out[2][0]:.1f} s, "
              f"speed-up {out[1][0] / out[2][0]:.2f}x, identical JSON: {same[0] == same[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
