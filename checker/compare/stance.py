"""Stance of an article body towards a one-sentence claim (a headline, a claim of another article).

``stance(body, claim)`` answers one of

* ``unrelated``: the body is about something else;
* ``corroborates``: the body asserts what the claim says;
* ``contradicts``: the body calls the claim false (debunks it, reports its denial);
* ``related``: the body reports the claim without taking a side (hedged, attributed, open).

It is a pipeline over one spaCy parse of each text:

1. relatedness: how much of the claim's content (stemmed lemmas of content words and named
   entities, weighted by a rarity proxy) the body contains, overall, in its lead and in its
   best-matching sentences;
2. alignment: the body sentences that cover most of the claim;
3. cues near the aligned content and in the body's lead: refuting language ("hoax", "denied",
   "no evidence"), hedged or reporting-only language ("reportedly", "claims", "unconfirmed"),
   assertive confirmation ("confirmed", "officially"), and a negation on one side only.

Two small logistic models turn these features into a label: one for related/unrelated, one
for corroborates/contradicts/related. Their weights live in ``checker/data/stance_model.json``
(see ``stance_model.md`` there: data, command, cross-validated scores); the cue lexicons in
``checker/data/stance_cues.yaml``.

Rarity: a term of the claim weighs by its kind, a proxy for how rare it is (a name, a number or
a word inside a named entity weighs most, a noun more than a verb or an adjective, stop words
nothing), so one pair is judged without collection statistics; the features are shares of the
claim's weight.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np

from .stance_reading import (  # noqa: F401  (read_doc, read_text, cues and stem are part of this module's API)
    ALIGN_TOP,
    CUE_KINDS,
    LEAD,
    Reading,
    Sentence,
    _data_text,
    cues,
    read_doc,
    read_text,
    read_texts,
    stem,
)

StanceLabel = Literal["corroborates", "contradicts", "related", "unrelated"]
LABELS: tuple[str, ...] = ("corroborates", "contradicts", "related", "unrelated")

#: Cue counts over a whole body saturate here, so a long body does not weigh by its length.
SATURATE = 3
#: Standardised features are clipped here: a text unlike the fitted ones (a two-sentence body)
#: cannot push one feature far beyond the range the weights were fitted on.
Z_CLIP = 3.0

RELATED_FEATURES = ("cov", "best", "ent_cov", "top_mean", "lead_cov", "matched", "claim_size")
STANCE_FEATURES = (
    "cov", "best", "top_mean", "first_cov", "best_pos",
    "refute_focus", "refute_hits", "claim_refute_x_focus", "claim_refute_x_hits",
    "hedge_focus", "hedge_hits", "hedge_best", "confirm_focus", "confirm_hits", "attribution_focus",
    "neg_aligned", "neg_mismatch", "neg_focus",
    "claim_refute", "claim_hedge", "claim_question",
)


# ---- data files ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights, from ``stance_model.json``."""
    return json.loads(_data_text("stance_model.json"))


# ---- features -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Feature values and what they were read from, for one (body, claim) pair."""

    values: dict[str, float]
    aligned: tuple[int, ...]
    coverage: tuple[float, ...]
    cue_hits: dict[str, tuple[tuple[int, str], ...]]


def _hits(body: Reading, kind: str, idx: Iterable[int]) -> tuple[tuple[int, str], ...]:
    return tuple((i, p) for i in idx for p in body.sentences[i].cues[kind])


def features(body: Reading, claim: Reading) -> Evidence:
    """The relatedness and stance features of a pair, with the aligned sentences and cue hits."""
    w = claim.terms
    total = sum(w.values()) or 1.0
    n = len(body.sentences)
    cov = sum(v for t, v in w.items() if t in body.terms) / total
    per = [sum(v for t, v in w.items() if t in s.terms) / total for s in body.sentences] or [0.0]
    order = sorted(range(len(per)), key=lambda i: (-per[i], i))
    best = per[order[0]] if n else 0.0
    aligned = tuple(i for i in order[:ALIGN_TOP] if n and per[i] > 0 and per[i] >= 0.5 * best)
    top_mean = float(np.mean([per[i] for i in order[:ALIGN_TOP]])) if n else 0.0
    ents = claim.entities
    ent_cov = (sum(e in body.entities for e in ents) / len(ents)) if ents else cov
    near = sorted({j for i in aligned for j in (i - 1, i + 1) if 0 <= j < n} - set(aligned))
    focus = sorted({*aligned, *near, *range(min(LEAD, n))})

    def share(kind: str, idx: Sequence[int]) -> float:
        return sum(bool(body.sentences[i].cues[kind]) for i in idx) / len(idx) if idx else 0.0

    claim_refute = float(claim.cue_count("refute") > 0)
    neg_aligned = float(any(body.sentences[i].negated for i in aligned[:1]))
    neg_claim = float(any(s.negated for s in claim.sentences))
    refute_focus = share("refute", focus)
    refute_hits = min(body.cue_count("refute"), SATURATE) / SATURATE
    lead_terms = {t for i in range(min(LEAD, n)) for t in body.sentences[i].terms}
    matched = sum(t in body.terms for t in w if not t.startswith("ent:"))
    v = {
        "cov": cov, "best": best, "ent_cov": ent_cov, "top_mean": top_mean,
        "lead_cov": sum(x for t, x in w.items() if t in lead_terms) / total,
        "first_cov": per[0],
        "best_pos": order[0] / max(n - 1, 1) if n else 1.0,
        "matched": min(matched, 2 * SATURATE) / (2 * SATURATE),
        "claim_size": min(sum(not t.startswith("ent:") for t in w), 12) / 12,
        "refute_focus": refute_focus * (1 - claim_refute),
        "claim_refute_x_focus": refute_focus * claim_refute,
        "refute_hits": refute_hits * (1 - claim_refute),
        "claim_refute_x_hits": refute_hits * claim_refute,
        "hedge_hits": min(body.cue_count("hedge"), SATURATE) / SATURATE,
        "hedge_focus": share("hedge", focus),
        "confirm_focus": share("confirm", focus),
        "hedge_best": float(bool(aligned) and bool(body.sentences[aligned[0]].cues["hedge"])),
        "confirm_hits": min(body.cue_count("confirm"), SATURATE) / SATURATE,
        "attribution_focus": share("attribution", focus),
        "neg_focus": sum(body.sentences[i].negated for i in focus) / len(focus) if focus else 0.0,
        "neg_aligned": neg_aligned,
        "neg_mismatch": float(neg_aligned != neg_claim),
        "claim_refute": claim_refute,
        "claim_hedge": float(min(claim.cue_count("hedge"), 2)),
        "claim_question": float(claim.text.rstrip().endswith("?")),
    }
    hits = {k: _hits(body, k, focus) for k in ("refute", "hedge", "confirm")}
    return Evidence(v, aligned, tuple(per), hits)



# ---- models -------------------------------------------------------------------------------------


def _linear(part: dict, values: dict[str, float]) -> np.ndarray:
    x = np.array([values[f] for f in part["features"]], float)
    z = np.clip((x - np.array(part["mean"])) / np.array(part["std"]), -Z_CLIP, Z_CLIP)
    return np.array(part["coef"], float).reshape(len(part["intercept"]), -1) @ z + np.array(part["intercept"], float)


def related_probability(values: dict[str, float], params: dict | None = None) -> float:
    """P(related) from the relatedness model."""
    part = (params or model())["related"]
    return float(1 / (1 + math.exp(-_linear(part, values)[0])))


def stance_probabilities(values: dict[str, float], params: dict | None = None) -> dict[str, float]:
    """P(corroborates / contradicts / related) given that the texts are related."""
    part = (params or model())["stance"]
    z = _linear(part, values) + np.array(part.get("bias", [0.0] * len(part["classes"])), float)
    p = np.exp(z - z.max())
    p /= p.sum()
    return dict(zip(part["classes"], map(float, p), strict=False))


# ---- the verdict --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceVerdict:
    """How a body stands towards a claim, how sure, and the evidence (sentence, cues)."""

    label: StanceLabel
    score: float
    relatedness: float
    reason: str
    sentence: str | None = None
    sentence_index: int | None = None
    cues: tuple[str, ...] = ()
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return self.reason


def _clip(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _reason(label: str, body: Reading, ev: Evidence, p_rel: float) -> tuple[str, tuple[str, ...]]:
    if label == "unrelated" or not ev.aligned:
        return (f"the body shares little of the claim's content (coverage {ev.values['cov']:.2f}, "
                f"best sentence {ev.values['best']:.2f}; P(related) {p_rel:.2f})"), ()
    i = ev.aligned[0]
    parts = [f"body sentence {i + 1} “{_clip(body.sentences[i].text)}” covers {ev.coverage[i]:.0%} of the claim"]
    first = {"contradicts": "refute", "related": "hedge", "corroborates": "confirm"}[label]
    found: list[str] = []
    for kind in (first, *(k for k in ("refute", "hedge", "confirm") if k != first)):
        hits = ev.cue_hits[kind]
        if hits:
            cue_list = list(dict.fromkeys(p for _, p in hits))
            found += cue_list
            parts.append(f"{kind} cue “{hits[0][1]}” in sentence {hits[0][0] + 1}"
                         + (f" (also {', '.join(cue_list[1:4])})" if len(cue_list) > 1 else ""))
    if not found:
        parts.append("no refuting, hedging or confirming cue near it")
    if ev.values["neg_mismatch"]:
        parts.append("negated on one side only")
    if ev.values["claim_refute"]:
        parts.append("the claim itself calls something false")
    return "; ".join(parts), tuple(dict.fromkeys(found))


def stance(body: str, headline: str, engine=None) -> StanceVerdict:
    """Stance of article ``body`` towards ``headline`` (a one-sentence claim of another article).

    ``engine`` is accepted for interface stability; the offline reading (spaCy) is used.
    """
    b, h = read_texts([body, headline])
    return stance_of(b, h)


def stance_of(body: Reading, claim: Reading, params: dict | None = None) -> StanceVerdict:
    """:func:`stance` on texts already read."""
    params = params or model()
    ev = features(body, claim)
    p_rel = related_probability(ev.values, params)
    probs = {k: p_rel * v for k, v in stance_probabilities(ev.values, params).items()} | {"unrelated": 1 - p_rel}
    if p_rel < 0.5 or not ev.aligned:
        label = "unrelated"
    else:
        label = max((k for k in probs if k != "unrelated"), key=probs.get)
    score = probs[label]
    reason, cue_list = _reason(label, body, ev, p_rel)
    i = ev.aligned[0] if ev.aligned and label != "unrelated" else None
    return StanceVerdict(label, float(score), float(p_rel), reason,
                         body.sentences[i].text if i is not None else None, i, cue_list, probs)
