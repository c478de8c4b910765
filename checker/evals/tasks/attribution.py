"""attribution.polnear-dev.*: PolNeAR dev, speaker/cue/content spans against the engine's claims.

A predicted attribution is a claim with a cue or a speaker other than the author, or an
attribution record the engine emits beside its claims (``Report.attributions``: acts,
questions, headlines):
source = the speaker's span (none for the author voice), cue = the cue span,
content = the content span (the evidence sentence when the claim has no content
span), direct = ``quote == "direct"``. Gold offsets point into the raw file and
are mapped onto the normalised text the engine sees. Matching rules: ``spans.py``.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import EvalError
from ...io.loading import article_id
from ...models import Article, AttributionRecord, Claim, QuoteKind, Sourced, SourceLink, Span
from ..brat import attributions, parse_ann
from ..core import Metric, Sample, SampleResult, Score, Task
from ..metrics import metric, prf, safe_div
from ..paths import data_path
from ..spans import ROLES, Attr, Tokens, best_content_match, exact_counts, is_direct, overlap_counts
from ..textmap import normalise_with_map


def _metadata(root: Path) -> dict[str, dict[str, str]]:
    path = root / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def _gold(ann_path: Path, text: str, mapping: list[int]) -> list[Attr]:
    raw_len = len(mapping) - 1
    out = []
    for g in attributions(parse_ann(ann_path.read_text(encoding="utf-8"), ann_path.name), ann_path.name):
        def conv(frags):
            bad = [f for f in frags if f[1] > raw_len]
            if bad:
                raise ValueError(f"{ann_path.name}: fragment {bad[0]} beyond text length {raw_len}")
            return [(mapping[a], mapping[b]) for a, b in frags]
        content = conv(g.content)
        out.append(Attr(conv(g.source), conv(g.cue), content, is_direct(text, content)))
    return out


def load(limit: int | None = None, data: str = "polnear-dev") -> list[Sample]:
    """One sample per article; with several annotators, the alphabetically first is gold."""
    root = data_path(data)
    meta = _metadata(root)
    samples = []
    for txt in sorted((root / "text").glob("*.txt"))[:limit]:
        name = txt.stem
        anns = sorted((root / "attributions").glob(f"{name}_*.ann"))
        annotators = [a.stem[len(name) + 1 :] for a in anns]
        row = meta.get(name, {})
        try:
            raw = txt.read_text(encoding="utf-8")
            text, mapping = normalise_with_map(raw)
            gold = _gold(anns[0], text, mapping) if anns else []
            others = {a.stem[len(name) + 1 :]: _gold(a, text, mapping) for a in anns[1:]}
        except (OSError, ValueError, EvalError) as exc:  # this sample fails when solved, the rest run
            samples.append(Sample(name, {"load_error": f"{type(exc).__name__}: {exc}"}, None, {"annotators": annotators}))
            continue
        samples.append(Sample(
            id=name,
            input={"text": text, "title": row.get("title"), "outlet": row.get("publisher"), "date": row.get("publication_date")},
            target={"gold": gold, "others": others},
            metadata={"annotator": annotators[0] if annotators else None, "annotators": annotators,
                      "gold_attributions": len(gold), "text_changed_by_normalisation": text != raw},
        ))
    return samples


def make_article(inp: dict[str, Any]) -> Article:
    def meta(v):
        return Sourced(value=v, origin="metadata") if v else Sourced()
    published = date.fromisoformat(inp["date"]) if inp.get("date") else None
    return Article(id=article_id(inp["text"]), path=None, text=inp["text"], title=meta(inp.get("title")),
                   outlet=meta(inp.get("outlet")), published=meta(published))


def _authored(speaker: SourceLink) -> bool:
    return speaker.kind == "author" or speaker.span is None


def _attr(speaker: SourceLink, cue: Span | None, content: Span, quote: QuoteKind) -> Attr:
    return Attr(
        source=[] if _authored(speaker) else [(speaker.span.start, speaker.span.end)],
        cue=[(cue.start, cue.end)] if cue else [],
        content=[(content.start, content.end)],
        direct=quote == "direct",
    )


def claim_to_attr(c: Claim) -> Attr | None:
    """The attribution a claim predicts, or None for an unattributed author statement."""
    if c.cue is None and _authored(c.speaker):
        return None
    return _attr(c.speaker, c.cue, c.content or c.evidence, c.quote)


def record_to_attr(r: AttributionRecord) -> Attr:
    """The attribution a record (an attribution that is no claim) predicts."""
    return _attr(r.speaker, r.cue, r.content, r.quote)


def solve(sample: Sample, engine) -> dict[str, Any]:
    if "load_error" in sample.input:
        raise EvalError(sample.input["load_error"])
    claims, records = engine.extract_all(make_article(sample.input))
    preds = [a for a in map(claim_to_attr, claims) if a is not None] + [record_to_attr(r) for r in records]
    return {"text": sample.input["text"], "pred": preds, "claims": len(claims)}


def counts(pred: list[Attr], gold: list[Attr], text: str) -> dict[str, list[int]]:
    """Per role and match kind, the four counts behind P/R; plus direct (correct, judged)."""
    tokens = Tokens(text)
    out: dict[str, list[int]] = {}
    for role in ROLES:
        out[f"{role}.exact"] = list(exact_counts(pred, gold, tokens, role))
        out[f"{role}.overlap"] = list(overlap_counts(pred, gold, tokens, role))
    judged = correct = 0
    for g in gold:
        p = best_content_match(g, pred, tokens)
        if p is not None:
            judged += 1
            correct += p.direct == g.direct
    out["direct"] = [correct, judged]
    return out


def _explain(pred: list[Attr], gold: list[Attr], text: str) -> str:
    """Missed and spurious cues, and source mismatches on matched cues (a few of each)."""
    tokens = Tokens(text)
    show = lambda frags: "|".join(text[a:b] for a, b in frags)[:60] or "-"  # noqa: E731
    g_cues = {tokens.ranges(g.cue): g for g in gold if g.cue}
    p_cues = {tokens.ranges(p.cue): p for p in pred if p.cue}
    missed = [show(g.cue) for k, g in g_cues.items() if k not in p_cues]
    spurious = [show(p.cue) for k, p in p_cues.items() if k not in g_cues]
    src = [f"{show(p_cues[k].source)}≠{show(g.source)}" for k, g in g_cues.items()
           if k in p_cues and tokens.ranges(p_cues[k].source) != tokens.ranges(g.source)]
    return (f"gold {len(gold)} pred {len(pred)}; missed cues {missed[:6]}; spurious cues {spurious[:6]}; "
            f"source pred≠gold {src[:6]}")


def score(output: dict[str, Any], sample: Sample) -> Score:
    gold = sample.target["gold"]
    return Score(counts(output["pred"], gold, output["text"]) | {"claims": output["claims"]},
                 _explain(output["pred"], gold, output["text"]))


def _prf_stat(which: int):
    return lambda rows: prf(*rows.sum(axis=0))[which]


def metrics(results: list[SampleResult], seed: int) -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    values = [r.scores["attribution"].value for r in results]
    for role in ROLES:
        for kind in ("exact", "overlap"):
            rows = np.array([v[f"{role}.{kind}"] for v in values], float)
            for i, stat in enumerate(("precision", "recall", "f1")):
                note = f"gold {int(rows[:, 3].sum())} pred {int(rows[:, 1].sum())}" if stat == "f1" else ""
                if kind == "overlap" and stat == "f1":
                    note = f"gold tokens {int(rows[:, 3].sum())} pred tokens {int(rows[:, 1].sum())}"
                out[f"{role}.{kind}.{stat}"] = metric(rows, _prf_stat(i), seed, note)
    d = np.array([v["direct"] for v in values], float)
    out["direct.accuracy"] = metric(d, lambda r: safe_div(r[:, 0].sum(), r[:, 1].sum()), seed,
                                    "gold attributions with a content-overlapping prediction")
    out["direct.accuracy"].n = int(d[:, 1].sum())
    out.update(_agreement(results))
    return out


def _agreement(results: list[SampleResult]) -> dict[str, Metric]:
    """Human ceiling: other annotators scored against the gold annotator (multi-annotated articles)."""
    rows: dict[str, list] = {}
    for r in results:
        extra = r.scores["attribution"].value.get("_others")
        for key, c in (extra or {}).items():
            rows.setdefault(key, []).append(c)
    out = {}
    for key, cs in rows.items():
        total = np.array(cs, float).sum(axis=0)
        out[f"human.{key}.f1"] = Metric(prf(*total)[2], None, len(cs), "other annotator vs gold annotator")
    return out


def score_with_agreement(output: dict[str, Any], sample: Sample) -> Score:
    s = score(output, sample)
    others = sample.target["others"]
    if others:
        agg: dict[str, list[int]] = {}
        for attrs in others.values():
            c = counts(attrs, sample.target["gold"], output["text"])
            for role in ROLES:
                for kind in ("exact", "overlap"):
                    k = f"{role}.{kind}"
                    agg[k] = [x + y for x, y in zip(agg.get(k, [0, 0, 0, 0]), c[k], strict=False)]
        s.value["_others"] = agg
    return s


def build(entry: dict[str, Any]) -> Task:
    return Task(
        name=entry["name"],
        description=entry.get("description", ""),
        dataset=lambda limit: load(limit, entry.get("data", "polnear-dev")),
        solve=solve,
        scorers={"attribution": score_with_agreement},
        metrics=metrics,
    )
