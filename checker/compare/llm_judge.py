"""LLM judge: one model call per cluster of aligned pairs, through :class:`checker.llm.gateway.Gateway`.

The label scale follows openai/evals ``fact.yaml`` (subset / superset / same / disagreement /
differs-but-does-not-matter), plus "changed_over_time" for facts read at different dates.
Claims are fenced as data (prompt ``prompts/judge_claims.md``).

The model's answer is never trusted as given: a "disagree" must name the attribute and the two
conflicting values, each found verbatim in its own claim and different from the other; a
"same" / "subset" / "superset" stands only on a pair the rules aligned (same subject and
predicate). Anything else is dropped and counted (:attr:`LLMJudge.dropped`). The model's
explanation is kept apart as model text; the finding's own explanation is written here.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import CheckerError
from ..llm.redact import scrub
from .dating import parse_when
from .entities import office_of
from .facts import NEGATORS, Fact
from .groups import Groups
from .judging import Verdict, antonyms

Label = Literal["same", "subset", "superset", "disagree", "changed_over_time", "unrelated"]
_RELATION = {"same": ("corroborates", 1.0), "subset": ("corroborates", 0.8), "superset": ("corroborates", 0.8),
             "disagree": ("contradicts", 1.0), "changed_over_time": ("changed_over_time", 1.0)}


class PairJudgement(BaseModel):
    pair: int = Field(description="The pair number N of PN.")
    label: Label
    attribute: Literal["time", "number", "entity", "polarity", "role", "none"] = "none"
    value_a: str = Field("", description="For disagree: the conflicting words, copied exactly from the first claim.")
    value_b: str = Field("", description="For disagree: the conflicting words, copied exactly from the second claim.")
    explanation: str = ""
    confidence: float = Field(0.5, ge=0, le=1)


class ClusterJudgement(BaseModel):
    judgements: list[PairJudgement] = Field(default_factory=list)


def clusters(pairs: list[tuple[int, int]], max_claims: int = 8, max_pairs: int = 12) -> list[list[tuple[int, int]]]:
    """Pack pairs into call-sized groups, keeping pairs that share a claim together."""
    groups = Groups()
    for i, j in pairs:
        groups.join(i, j)
    components: dict[int, list[tuple[int, int]]] = {}
    for p in sorted(pairs):
        components.setdefault(groups.find(p[0]), []).append(p)
    out: list[list[tuple[int, int]]] = []
    for comp in components.values():
        current: list[tuple[int, int]] = []
        claims: set[int] = set()
        for p in comp:
            if current and (len(current) >= max_pairs or len(claims | set(p)) > max_claims):
                out.append(current)
                current, claims = [], set()
            current.append(p)
            claims |= set(p)
        if current:
            out.append(current)
    return out


def render(facts: list[Fact], cluster: list[tuple[int, int]]) -> tuple[list[int], str, str]:
    """(claim indexes in order, claim lines, pair lines) for one cluster."""
    order = sorted({i for p in cluster for i in p})
    number = {i: n + 1 for n, i in enumerate(order)}
    lines = []
    for i in order:
        f = facts[i]
        when = f"{f.frame.label()}{' (inferred)' if f.frame.inferred else ''}" if f.frame else "unknown"
        who = f.speaker or "the article"
        via = f" via {', '.join(f.sources)}" if f.sources else ""
        text = " ".join(f.evidence.text.split())
        lines.append(f"[C{number[i]}] article {f.label}; dated {when}; said by {who}{via}; {f.hedging}: {text}")
    pair_lines = [f"P{k + 1}: C{number[i]} vs C{number[j]}" for k, (i, j) in enumerate(cluster)]
    return order, "\n".join(lines), "\n".join(pair_lines)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def check(j: PairJudgement, a: Fact, b: Fact, aligned: bool) -> str | None:
    """Why a judgement cannot become a finding, or None when it holds against the two claims."""
    if j.label == "unrelated":
        return None
    if j.label in {"same", "subset", "superset"}:
        return None if aligned else "a corroboration of a pair the rules did not align"
    if j.attribute == "none":
        return f"a '{j.label}' that names no attribute"
    va, vb = _norm(j.value_a), _norm(j.value_b)
    if not va or not vb:
        return f"a '{j.label}' without the two conflicting values"
    if va not in _norm(a.evidence.text) or vb not in _norm(b.evidence.text):
        return f"a '{j.label}' whose values are not quoted from the claims ({j.value_a!r}, {j.value_b!r})"
    if va == vb:
        return f"a '{j.label}' whose two values are the same ({j.value_a!r})"
    typed = _TYPED.get(j.attribute)
    if typed and not typed(j.value_a, j.value_b, a, b):
        return f"a '{j.label}' on {j.attribute} whose values are not two different {j.attribute} values ({j.value_a!r}, {j.value_b!r})"
    return None


def _times_differ(x: str, y: str, a: Fact, b: Fact) -> bool:
    wa, wb = parse_when(x, a.frame), parse_when(y, b.frame)
    return bool(wa and wb and wa.conflicts(wb))


def _numbers_differ(x: str, y: str, a: Fact, b: Fact) -> bool:
    na, nb = set(re.findall(r"\d+(?:\.\d+)?", x.replace(",", ""))), set(re.findall(r"\d+(?:\.\d+)?", y.replace(",", "")))
    return bool(na and nb and na != nb)


def _entities_differ(x: str, y: str, a: Fact, b: Fact) -> bool:
    ka = {e for e in a.entities if e.rstrip("?") in _norm(x)}
    kb = {e for e in b.entities if e.rstrip("?") in _norm(y)}
    return bool(ka and kb and not ka & kb)


def _polarity_differs(x: str, y: str, a: Fact, b: Fact) -> bool:
    """A negation on one side only, an antonym pair, or a swap: each value holds a word the other
    claim does not have ("prop up" where the other says "sink")."""
    negated = [bool(set(_norm(v).replace("n't", " not").split()) & NEGATORS) for v in (x, y)]
    wa, wb = set(_norm(x).split()), set(_norm(y).split())
    swapped = bool(wa - set(_norm(b.evidence.text).split())) and bool(wb - set(_norm(a.evidence.text).split()))
    return negated[0] != negated[1] or any(antonyms(u, v) for u in wa for v in wb) or swapped


def _roles_differ(x: str, y: str, a: Fact, b: Fact) -> bool:
    ra, rb = office_of(_norm(x)), office_of(_norm(y))
    return bool(ra and rb and ra != rb)


_TYPED = {"time": _times_differ, "number": _numbers_differ, "entity": _entities_differ,
          "polarity": _polarity_differs, "role": _roles_differ}


class LLMJudge:
    """Judges aligned pairs the rules left open with a model, one call per cluster."""

    prompt_id = "judge_claims"

    def __init__(self, gateway, prompt=None) -> None:
        from ..llm.prompting import load_prompt

        self.gateway = gateway
        self.prompt = prompt or load_prompt(self.prompt_id)
        self.errors: list[str] = []
        self.dropped: list[str] = []
        self.calls = 0

    def judge_pairs(self, facts: list[Fact], pairs: list[tuple[int, int]],
                    aligned: set[tuple[int, int]] | None = None) -> dict[tuple[int, int], Verdict]:
        """Verdicts for the pairs the model relates and that pass :func:`check`; a failed call is
        recorded in ``errors``, a dropped judgement in ``dropped``. ``aligned``: the pairs a
        corroboration may stand on (default: all of ``pairs``)."""
        from ..llm.prompting import data_tag

        aligned = set(pairs) if aligned is None else aligned
        out: dict[tuple[int, int], Verdict] = {}
        for cluster in clusters(pairs):
            _, data, pair_lines = render(facts, cluster)
            tag = data_tag(data)
            try:
                self.calls += 1
                answer = self.gateway.structured(self.prompt, {"tag": tag, "data": data, "pairs": pair_lines}, ClusterJudgement)
            except CheckerError as exc:
                self.errors.append(scrub(str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - one failed call never loses the rules' findings
                self.errors.append(scrub(f"judge call failed: {type(exc).__name__}: {exc}"))
                continue
            for j in answer.judgements:
                if not 1 <= j.pair <= len(cluster) or j.label not in _RELATION and j.label != "unrelated":
                    self.dropped.append(f"P{j.pair}: no such pair or label")
                    continue
                if j.label == "unrelated":
                    continue
                pair = cluster[j.pair - 1]
                a, b = facts[pair[0]], facts[pair[1]]
                problem = check(j, a, b, pair in aligned)
                if problem:
                    self.dropped.append(f"{a.claim_id} vs {b.claim_id}: {problem}")
                    continue
                relation, weight = _RELATION[j.label]
                attribute = j.attribute if relation != "corroborates" else "none"
                if relation == "corroborates":
                    explanation = f"The model judged both claims to state the same fact ('{j.label}')."
                else:
                    explanation = (f"{a.label} says “{j.value_a}” where {b.label} says “{j.value_b}” ({attribute}); "
                                   f"the model judged this {'a conflict' if relation == 'contradicts' else 'a change over time'}.")
                out[pair] = Verdict(relation, attribute, explanation, round(j.confidence * weight, 2), engine="llm",
                                    model_text=j.explanation)
        return out
