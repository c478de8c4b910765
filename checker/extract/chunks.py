"""One extraction request of the LLM engine: the chunk of sentences it asks about, how the chunk
is shown to the model (numbered sentences, then the offline engine's attributions as hints) and
the schema of the answer (with ``choose_quotes``, the quotes allowed listed in it).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..models import HedgingLevel, QuoteKind, SpeakerKind
from .attribution import Attribution, find_attributions
from .nlp import Analysis, Sentence

MAX_CLAIMS = 8
MIN_QUOTE_WORDS = 3  # a name or a cue alone is not the words of a claim


# ---- what the model answers (mirrors Claim, with quotes instead of offsets) -------------

def _untitled(schema: dict) -> None:
    """Drop the per-field "title" keys pydantic writes (the field name says it): fewer prompt tokens."""
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


class Who(BaseModel):
    model_config = ConfigDict(json_schema_extra=_untitled)

    name: str = Field(max_length=80)
    kind: SpeakerKind


class ClaimAnswer(BaseModel):
    """String caps keep 8 claims inside the token budget (llama.cpp enforces them in the grammar)."""

    model_config = ConfigDict(json_schema_extra=_untitled)

    sentence_id: int
    quote: str = Field(max_length=400)
    statement: str = Field(max_length=300)
    speaker: Who
    via: list[Who] = Field(max_length=3)
    cue: str | None = Field(max_length=40)
    hedging: HedgingLevel
    quote_kind: QuoteKind
    time: str | None = Field(max_length=40)
    reason: str = Field(max_length=120)


class ClaimsAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra=_untitled)

    claims: list[ClaimAnswer] = Field(max_length=MAX_CLAIMS)


def choice_model(choices: list[str], ids: list[int]) -> type[ClaimsAnswer]:
    """``ClaimsAnswer`` whose quotes must be one of ``choices`` and sentence ids one of the chunk's."""
    claim = create_model("ClaimAnswer", __base__=ClaimAnswer,
                         sentence_id=(Literal[tuple(k + 1 for k in ids)], ...), quote=(Literal[tuple(choices)], ...))
    return create_model("ClaimsAnswer", __base__=ClaimsAnswer, claims=(list[claim], Field(max_length=MAX_CLAIMS)))


def quote_choices(analysis: Analysis, ids: list[int], attributions: list[Attribution]) -> list[str]:
    """The chunk's sentences, then the contents of the attributions found in them that are
    claims (an act reported of its source, "X declined an invitation", is none); each once.

    Text holding a straight double quote or a backslash is left out: llama-cpp-python's schema
    to grammar conversion (0.3.x) escapes them wrongly, and the server crashes on the grammar."""
    chosen = [analysis.sentences[k].text for k in ids]
    chosen += [a.content.text for a in attributions if a.sentence_id in ids and a.claim and a.content is not None]
    return list(dict.fromkeys(c for c in chosen if len(c.split()) >= MIN_QUOTE_WORDS and not set(c) & set('"\\')))


# ---- chunking -----------------------------------------------------------------------

def chunk_sentences(sentences: list[Sentence], max_chars: int = 6000, overlap: int = 1) -> list[list[int]]:
    """Indices of sentences per chunk: whole sentences up to ``max_chars``, ``overlap`` repeated."""
    chunks: list[list[int]] = []
    i, n = 0, len(sentences)
    while i < n:
        size, j = 0, i
        while j < n and (j == i or size + len(sentences[j].text) + 6 <= max_chars):
            size += len(sentences[j].text) + 6
            j += 1
        chunks.append(list(range(i, j)))
        if j >= n:
            break
        i = max(j - overlap, i + 1)
    return chunks


def render_chunk(analysis: Analysis, ids: list[int], attributions: list[Attribution] | None = None) -> tuple[str, str]:
    """(numbered sentences, hints) for one chunk; numbers are 1-based, article-wide.

    Hints are the offline engine's attributions where they add what the sentence does not
    say outright, a resolved speaker ("she" -> Kamala Harris) or an attribution chain:
    ``speaker (kind) <- outer source "cue"``. Obvious ones are left out to keep the prompt
    within 1.5 x the article."""
    found: dict[int, list[str]] = {k: [] for k in ids}
    for att in find_attributions(analysis) if attributions is None else attributions:
        if att.sentence_id not in found or not att.claim:
            continue
        outer = [link.name for link in att.chain if link.name != att.speaker.name]
        if not outer and att.speaker.name in analysis.sentences[att.sentence_id].text:
            continue
        via = f" <- {' <- '.join(reversed(outer))}" if outer else ""
        found[att.sentence_id].append(f'{att.speaker.name} ({att.speaker.kind}){via} "{att.cue.text}"')
    lines = [f"[S{k + 1}] {analysis.sentences[k].text}" for k in ids]
    hints = [f"S{k + 1}: " + "; ".join(found[k]) for k in ids if found[k]]
    return "\n".join(lines), "\n".join(hints)
