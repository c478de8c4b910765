"""LLM judge: one model call per cluster of candidate pairs, through :class:`checker.llm.gateway.Gateway`.

The label scale follows openai/evals ``fact.yaml`` (subset / superset / same / disagreement /
differs-but-does-not-matter), plus "changed_over_time" for facts read at different dates.
Claims are fenced as data (prompt ``prompts/judge_claims.md``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..errors import CheckerError
from .facts import Fact
from .judging import Verdict

Label = Literal["same", "subset", "superset", "disagree", "changed_over_time", "unrelated"]
_RELATION = {"same": ("corroborates", 1.0), "subset": ("corroborates", 0.8), "superset": ("corroborates", 0.8),
             "disagree": ("contradicts", 1.0), "changed_over_time": ("changed_over_time", 1.0)}


class PairJudgement(BaseModel):
    pair: int = Field(description="The pair number N of PN.")
    label: Label
    attribute: Literal["time", "number", "entity", "polarity", "role", "none"] = "none"
    explanation: str = ""
    confidence: float = Field(0.5, ge=0, le=1)


class ClusterJudgement(BaseModel):
    judgements: list[PairJudgement] = Field(default_factory=list)


def clusters(pairs: list[tuple[int, int]], max_claims: int = 8, max_pairs: int = 12) -> list[list[tuple[int, int]]]:
    """Pack pairs into call-sized groups, keeping pairs that share a claim together."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(i)] = find(j)
    components: dict[int, list[tuple[int, int]]] = {}
    for p in sorted(pairs):
        components.setdefault(find(p[0]), []).append(p)
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


class LLMJudge:
    """Judges candidate pairs with a model, one call per cluster."""

    prompt_id = "judge_claims"

    def __init__(self, gateway, prompt=None) -> None:
        from ..llm.prompting import load_prompt

        self.gateway = gateway
        self.prompt = prompt or load_prompt(self.prompt_id)
        self.errors: list[str] = []
        self.calls = 0

    def judge_pairs(self, facts: list[Fact], pairs: list[tuple[int, int]]) -> dict[tuple[int, int], Verdict]:
        """Verdicts for the pairs the model relates; a failed call is recorded in ``errors`` and skipped."""
        from ..llm.prompting import data_tag

        out: dict[tuple[int, int], Verdict] = {}
        for cluster in clusters(pairs):
            _, data, pair_lines = render(facts, cluster)
            tag = data_tag(data)
            try:
                self.calls += 1
                answer = self.gateway.structured(self.prompt, {"tag": tag, "data": data, "pairs": pair_lines}, ClusterJudgement)
            except CheckerError as exc:
                self.errors.append(str(exc))
                continue
            for j in answer.judgements:
                if not 1 <= j.pair <= len(cluster) or j.label not in _RELATION:
                    continue
                relation, weight = _RELATION[j.label]
                attribute = j.attribute if relation != "corroborates" else "none"
                out[cluster[j.pair - 1]] = Verdict(relation, attribute, j.explanation or j.label, round(j.confidence * weight, 2), engine="llm")
        return out
