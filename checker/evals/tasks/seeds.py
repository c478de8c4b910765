"""seeds.*: the four seed articles against our hand labels (``fixtures/seeds.v1.jsonl``).

The whole pipeline runs once (extraction + cross-article comparison). A gold
claim is *found* when a predicted claim of the same article covers at least
half of the gold evidence phrase (ties: the claim whose content best matches
it); its speaker, source chain, hedging level, quote kind and time are then
compared field by field. An expected finding is found when a predicted finding
with the same relation cites a claim matching each side. Rules for the labels:
``fixtures/LABELLING.md``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import EvalError
from ...io.loading import load_articles
from ...models import Claim, Finding, Report
from ...pipeline import check_articles
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import metric
from ..paths import project_root

FIELDS = ("speaker", "speaker_kind", "source_chain", "hedging", "quote", "time")


def load(limit: int | None = None, data: str = "fixtures/seeds.v1.jsonl") -> list[Sample]:
    path = project_root() / data
    try:
        records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read the seeds fixture {path}: {exc}") from exc
    claims = {r["id"]: r for r in records if r["type"] == "claim"}
    samples = [Sample(r["id"], {"kind": r["type"], "claims": claims}, r, {"kind": r["type"]}) for r in records]
    return samples[:limit]


def prepare(samples: list[Sample], engine) -> dict[str, Any]:
    """Run the pipeline once over ``seeds/``; the report is shared by every sample."""
    articles, errors = load_articles([project_root() / "seeds"])
    report = check_articles(articles, engine, "seeds eval", errors)
    return {"report": report, "by_seed": {Path(a.path).name: a for a in articles if a.path}}


# --- matching ---------------------------------------------------------------------------------

def _norm(name: str) -> str:
    name = re.sub(r"[’']s?\b", "", name.casefold())
    name = re.sub(r"[^\w\s]", " ", name)
    return " ".join(w for w in name.split() if w not in {"the", "a", "an"})


def _generic(name: str) -> bool:
    """One lower-case word once articles are dropped ("the group", "sources"): a description
    that many names end in, so it matches only itself."""
    words = [w for w in name.split() if w.casefold() not in {"the", "a", "an"}]
    return len(words) == 1 and not words[0][:1].isupper()


def names_match(pred: str, gold: dict[str, Any]) -> bool:
    """Same name after normalising case, articles and possessives; a listed alias; or the gold
    name or an alias ending a longer predicted name ('White House Deputy Press Secretary Andrew
    Bates'), unless it is generic ('the group' does not end 'MGM Motion Picture Group'). A
    predicted list of names ('The Hill, Sanders' allies') matches none of them."""
    if re.search(r"[,;]", pred):
        return False
    p = _norm(pred)
    names = [(_norm(n), _generic(n)) for n in [gold["name"], *gold.get("aliases", [])]]
    return any(n and (p == n or not generic and p.endswith(f" {n}")) for n, generic in names)


def gold_span(text: str, phrase: str) -> tuple[int, int]:
    i = text.find(phrase)
    if i < 0:
        raise EvalError(f"evidence phrase not found in the seed text: {phrase[:60]!r}")
    return i, i + len(phrase)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_claim(gold: dict[str, Any], claims: list[Claim], text: str) -> Claim | None:
    """The predicted claim for a gold claim: evidence covers >= half the gold phrase; best content wins."""
    g = gold_span(text, gold["evidence"])
    need = (g[1] - g[0]) / 2
    cands = [c for c in claims if _overlap((c.evidence.start, c.evidence.end), g) >= need]

    def key(c: Claim):
        span = c.content or c.evidence
        s = (span.start, span.end)
        inter = _overlap(s, g)
        return inter / max(1, (s[1] - s[0]) + (g[1] - g[0]) - inter)

    return max(cands, key=key, default=None)


def _time_ok(gold: dict[str, Any] | None, claim: Claim) -> bool:
    t = claim.time
    if gold is None:
        return t is None or t.inferred
    if t is None:
        return False
    if gold.get("value"):
        return t.value == gold["value"]
    e, g = t.expression.casefold(), gold["expression"].casefold()
    return g in e or e in g


def compare_claim(gold: dict[str, Any], claim: Claim) -> dict[str, bool]:
    chain_pred, chain_gold = claim.source, gold["source"]
    return {
        "speaker": (claim.speaker.kind == "author") if gold["speaker"]["kind"] == "author"
        else names_match(claim.speaker.name, gold["speaker"]),
        "speaker_kind": claim.speaker.kind == gold["speaker"]["kind"],
        "source_chain": len(chain_pred) == len(chain_gold)
        and all(names_match(p.name, g) for p, g in zip(chain_pred, chain_gold, strict=False)),
        "hedging": claim.hedging.level == gold["hedging"],
        "quote": claim.quote == gold["quote"],
        "time": _time_ok(gold.get("time"), claim),
    }


def _describe(claim: Claim) -> str:
    chain = " > ".join(s.name for s in claim.source) or "-"
    t = f"{claim.time.expression}={claim.time.value}" if claim.time else "-"
    return f"speaker {claim.speaker.name} ({claim.speaker.kind}); chain {chain}; {claim.hedging.level}; {claim.quote}; time {t}"


# --- solving ----------------------------------------------------------------------------------

def _gold_claims_of(ctx, gold_claims: dict[str, dict], ids: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """(article id, gold span) for gold claim ids."""
    out = []
    for cid in ids:
        g = gold_claims[cid]
        art = ctx["by_seed"].get(g["seed"])
        if art is not None:
            out.append((art.id, gold_span(art.text, g["evidence"])))
    return out


def _cites(f: Finding, side: list[tuple[str, tuple[int, int]]]) -> bool:
    return any(r.article_id == aid and _overlap((r.evidence.start, r.evidence.end), span) > 0
               for r in f.claims for aid, span in side)


def solve(sample: Sample, ctx: dict[str, Any]) -> dict[str, Any]:
    report: Report = ctx["report"]
    rec = sample.target
    if rec["type"] == "claim":
        art = ctx["by_seed"].get(rec["seed"])
        if art is None:
            raise EvalError(f"seed {rec['seed']} was not loaded")
        if any(e.article_id == art.id and e.stage == "extract" for e in report.errors):
            raise EvalError(f"extraction failed for {rec['seed']}")
        return {"claim": match_claim(rec, report.claims_for(art.id), art.text)}
    gold_claims = sample.input["claims"]
    if rec["type"] == "finding":
        sides = [_gold_claims_of(ctx, gold_claims, ids) for ids in rec["sides"]]
        linking = [f for f in report.findings if all(_cites(f, s) for s in sides)]
        return {"linking": linking}
    if rec["check"] == "no_contradiction_between":
        groups = [{ctx["by_seed"][s].id for s in seeds if s in ctx["by_seed"]} for seeds in rec["seeds"]]
        bad = [f for f in report.findings if f.relation == "contradicts"
               and all(any(r.article_id in g for r in f.claims) for g in groups)]
        return {"bad": bad}
    if rec["check"] == "only_expected_contradictions":
        expected = [e["sides"] for e in rec.get("_expected", [])]
        contra = [f for f in report.findings if f.relation == "contradicts"]
        ok = [f for f in contra if any(all(_cites(f, _gold_claims_of(ctx, gold_claims, ids)) for ids in e) for e in expected)]
        return {"contradictions": contra, "expected_hits": ok}
    raise EvalError(f"unknown check {rec['check']!r}")


# --- scoring ----------------------------------------------------------------------------------

def score(output: dict[str, Any], sample: Sample) -> Score:
    rec = sample.target
    if rec["type"] == "claim":
        claim = output["claim"]
        if claim is None:
            return Score({"found": False}, f"not found: no predicted claim covers {rec['evidence'][:50]!r}")
        checks = compare_claim(rec, claim)
        wrong = [k for k, ok in checks.items() if not ok]
        return Score({"found": True, **checks}, f"got {_describe(claim)}" + (f"; wrong: {', '.join(wrong)}" if wrong else ""))
    if rec["type"] == "finding":
        linking = output["linking"]
        hit = [f for f in linking if f.relation == rec["relation"]]
        value: dict[str, Any] = {"relation": rec["relation"], "found": bool(hit)}
        got = ", ".join(sorted({f.relation for f in linking})) or "no finding links these claims"
        if rec["relation"] == "corroborates":
            value["sources_ok"] = bool(hit) and hit[0].independent_sources == rec["independent_sources"]
            if hit:
                got += f"; independent sources {hit[0].independent_sources} (want {rec['independent_sources']}), upstream {hit[0].upstream}"
        if rec["relation"] == "changed_over_time":
            value["not_contradicted"] = not any(f.relation == "contradicts" for f in linking)
        return Score(value, got)
    if rec["check"] == "no_contradiction_between":
        bad = output["bad"]
        return Score({"ok": not bad, "false_contradictions": len(bad)},
                     "; ".join(f.explanation[:120] for f in bad[:3]) or "none")
    contra, hits = output["contradictions"], output["expected_hits"]
    return Score({"contradictions": len(contra), "expected": len(hits), "false_alarms": len(contra) - len(hits)},
                 "; ".join(f.explanation[:100] for f in contra if f not in hits)[:400] or "none")


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    claims = [r.scores["seed"].value for r in results if r.metadata.get("kind") == "claim"]
    if claims:
        found = np.array([[v["found"]] for v in claims], float)
        out["claim.found"] = metric(found, lambda r: float(r.mean()), seed, "gold claims matched by evidence")
        for field in FIELDS:
            rows = np.array([[v[field]] for v in claims if v["found"]], float).reshape(-1, 1)
            out[f"claim.{field}"] = metric(rows, lambda r: float(r.mean()), seed, "accuracy on found claims")
    findings = [r.scores["seed"].value for r in results if r.metadata.get("kind") == "finding"]
    for rel in ("contradicts", "corroborates", "changed_over_time"):
        vs = [v for v in findings if v["relation"] == rel]
        if vs:
            out[f"finding.{rel}.found"] = Metric(float(np.mean([v["found"] for v in vs])), None, len(vs), "expected findings found")
    cor = [v for v in findings if v["relation"] == "corroborates"]
    if cor:
        out["finding.corroborates.sources_ok"] = Metric(float(np.mean([v["sources_ok"] for v in cor])), None, len(cor),
                                                        "independent-source count right")
    cot = [v for v in findings if v["relation"] == "changed_over_time"]
    if cot:
        out["finding.changed_over_time.not_contradicted"] = Metric(
            float(np.mean([v["not_contradicted"] for v in cot])), None, len(cot), "not flagged as contradiction")
    for r in results:
        v = r.scores["seed"].value
        if "false_contradictions" in v:
            out["check.cross_era_false_contradictions"] = Metric(float(v["false_contradictions"]), None, 1, "2019 vs 2024; want 0")
        if "false_alarms" in v:
            out["check.contradiction_false_alarms"] = Metric(float(v["false_alarms"]), None, v["contradictions"],
                                                             "contradictions not expected; want 0")
    return out


def build(entry: dict[str, Any]) -> Task:
    def dataset(limit):
        samples = load(limit, entry["data"])
        expected = [s.target for s in load(None, entry["data"])
                    if s.target["type"] == "finding" and s.target["relation"] == "contradicts"]
        for s in samples:
            if s.target.get("check") == "only_expected_contradictions":
                s.target = {**s.target, "_expected": expected}
        return samples

    return Task(entry["name"], entry.get("description", ""), dataset, solve, {"seed": score}, metrics, prepare)
