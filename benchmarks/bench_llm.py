"""Benchmark of the LLM engine on the seeds (not a test): calls and prompt tokens per article.

    .venv/bin/python benchmarks/bench_llm.py --model smollm2 --base-url http://127.0.0.1:8765/v1
    .venv/bin/python benchmarks/bench_llm.py --model gpt-4o-mini          # OPENAI_API_KEY set

Runs every seed twice through one fresh cache: cold (real calls), then cached (must be 0
calls). Article tokens come from the server's tokenizer when it has one
(llama_cpp.server ``/extras/tokenize``), else are estimated as characters / 4. "Fixed" is the
prompt rendered with no article (instructions only). Targets: <= 1 call per chunk (plus
re-asks, shown apart); first-try prompt tokens <= 1.5 x article tokens + fixed per chunk
(a re-ask resends the conversation, shown as "all prompt"); cached re-run 0 calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.errors import CheckerError  # noqa: E402
from checker.extract.llm import LLMEngine, chunk_sentences  # noqa: E402
from checker.extract.nlp import analyse  # noqa: E402
from checker.io.loading import load_articles  # noqa: E402
from checker.llm.cache import Cache  # noqa: E402
from checker.llm.gateway import Gateway  # noqa: E402


def tokenizer(base_url: str):
    """A token counter: the llama_cpp.server tokenizer when reachable, else chars/4."""
    url = base_url.rstrip("/").removesuffix("/v1") + "/extras/tokenize"

    def remote(text: str) -> int:
        req = urllib.request.Request(url, json.dumps({"input": text}).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return len(json.load(r)["tokens"])

    try:
        remote("probe")
        return remote, "server tokenizer"
    except Exception:
        return (lambda text: round(len(text) / 4)), "estimate: chars/4"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model")
    ap.add_argument("--base-url")
    ap.add_argument("--mode")
    ap.add_argument("--seeds", default=str(ROOT / "seeds"))
    args = ap.parse_args()
    articles, _ = load_articles([args.seeds])
    cache = Cache(tempfile.mkdtemp(prefix="bench-cache-"))
    try:
        gw = Gateway(args.model, base_url=args.base_url, mode=args.mode, cache=cache)
    except CheckerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    count, how = tokenizer(gw.base_url)
    engine = LLMEngine(gw)
    fixed = sum(count(m["content"]) for m in engine.prompt.render({"tag": "0" * 12, "data": "", "hints": ""}))
    print(f"model {gw.model} at {gw.base_url}, mode {gw.mode}; tokens: {how}; fixed instructions {fixed} tokens")
    print(f"{'article':<26}{'chunks':>7}{'calls':>6}{'reasks':>7}{'claims':>7}{'calls/claim':>12}{'1st prompt':>11}"
          f"{'article':>8}{'ratio':>7}{'target':>8}{'all prompt':>11}{'dropped':>8}")
    tot = {"calls": 0, "claims": 0, "first": 0, "all": 0, "article": 0, "target": 0.0}
    for a in articles:
        before = (gw.usage.calls, gw.usage.prompt_tokens, engine.dropped_ungrounded, len(gw.log))
        chunks = chunk_sentences(analyse(a).sentences, engine.max_chars, engine.overlap)
        try:
            claims = engine.extract(a)
        except CheckerError as exc:
            print(f"{Path(a.path).name[:25]:<26} error: {exc}")
            continue
        calls, ptok = gw.usage.calls - before[0], gw.usage.prompt_tokens - before[1]
        first = sum(e.first_prompt_tokens for e in gw.log[before[3]:])
        atok = count(a.text)
        target = 1.5 * atok + fixed * len(chunks)
        per_claim = f"{calls / len(claims):.2f}" if claims else "-"
        print(f"{Path(a.path).name[:25]:<26}{len(chunks):>7}{calls:>6}{calls - len(chunks):>7}{len(claims):>7}{per_claim:>12}"
              f"{first:>11}{atok:>8}{first / atok:>7.2f}{'ok' if first <= target else 'OVER':>8}{ptok:>11}"
              f"{engine.dropped_ungrounded - before[2]:>8}")
        for k, v in (("calls", calls), ("claims", len(claims)), ("first", first), ("all", ptok), ("article", atok), ("target", target)):
            tot[k] += v
    cold_calls = gw.usage.calls
    for a in articles:
        try:
            engine.extract(a)
        except CheckerError:
            pass
    per_claim = f"{tot['calls'] / tot['claims']:.2f} calls/claim" if tot["claims"] else "no claims reported"
    print(f"total: {tot['calls']} calls for {len(articles)} articles ({tot['calls'] / len(articles):.2f}/article), "
          f"{tot['claims']} claims ({per_claim}), "
          f"first-try prompt/article tokens {tot['first'] / max(tot['article'], 1):.2f} "
          f"({'within' if tot['first'] <= tot['target'] else 'OVER'} 1.5x article + fixed), "
          f"all prompt tokens incl. re-asks {tot['all']}")
    print(f"cached re-run: {gw.usage.calls - cold_calls} calls, {gw.usage.cached_calls} cache hits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
