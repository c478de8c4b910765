"""The data model: articles in, claims and findings out.

Every model forbids unknown fields and serialises to plain JSON. Character
offsets are 0-based, end-exclusive Python ``str`` indices into ``Article.text``
(the W3C ``TextPositionSelector`` convention), after the text was normalised
once on load (NFC, ``\\n`` newlines).
"""

from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

Origin = Literal["metadata", "inferred", "unknown"]
HedgingLevel = Literal["asserted", "reported", "hedged", "speculative", "denied"]
QuoteKind = Literal["direct", "indirect", "none"]
SpeakerKind = Literal["person", "organization", "outlet", "anonymous", "author"]
Granularity = Literal["day", "month", "year", "interval", "unknown"]
Relation = Literal["contradicts", "disputed", "corroborates", "changed_over_time", "unsupported_elsewhere", "unrelated"]
Attribute = Literal["time", "number", "entity", "polarity", "role", "none"]

#: Hedging levels ordered from most to least committed.
HEDGING_LEVELS: tuple[HedgingLevel, ...] = ("asserted", "reported", "hedged", "speculative", "denied")


class Model(BaseModel):
    """Base for every record: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """An exact piece of the article: ``article.text[start:end] == text``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sourced(Model, Generic[T]):
    """A metadata value with where it came from; unknown stays ``None``."""

    value: T | None = None
    origin: Origin = "unknown"
    evidence: Span | None = Field(None, description="Where in the text an inferred value was read.")


class Article(Model):
    """One input article, its normalised text and its metadata."""

    id: str = Field(description="Content hash of the normalised text (sha256, 16 hex digits).")
    path: str | None = Field(None, description="File it was read from, with '#N' for a record of a JSONL file.")
    text: str
    title: Sourced[str] = Field(default_factory=Sourced)
    outlet: Sourced[str] = Field(default_factory=Sourced)
    published: Sourced[date] = Field(default_factory=Sourced)
    year_frame: Sourced[int] = Field(
        default_factory=Sourced,
        description="Year the article is about when no publication date is known (anchors 'October 15').",
    )
    metadata_from: dict[str, str] = Field(
        default_factory=dict,
        description="Where each given metadata value was read: {'title': 'HTML JSON-LD NewsArticle', ...}.",
    )
    notes: list[str] = Field(
        default_factory=list, description="How the file was read, when not plainly: 'decoded as cp1252', 'piece 2 of 3'."
    )


class Entity(Model):
    """A named entity mention, with the canonical name it resolves to."""

    text: str
    label: str = Field(description="spaCy label: PERSON, ORG, GPE, NORP, DATE, ...")
    canonical: str = Field(description="Longest name for the same entity in the article ('Biden' -> 'Joe Biden').")
    span: Span


class SourceLink(Model):
    """One link of an attribution chain: who passed the claim on."""

    name: str = Field(description="As written, pronouns resolved: 'Axios', 'an insider', 'Andrew Bates'.")
    kind: SpeakerKind
    span: Span | None = Field(None, description="Where the name occurs; None for the author voice.")
    resolved_from: str | None = Field(None, description="The pronoun or phrase it was resolved from ('he', 'the outlet').")


class Hedging(Model):
    """How committed the text is to the statement, and the cue words that decided it."""

    level: HedgingLevel
    certainty: float = Field(ge=0, le=1, description="1 = flat assertion, 0 = denied; a finer score than the level.")
    cues: list[Span] = Field(default_factory=list)


class TimeRef(Model):
    """The time a claim refers to, normalised against the article's date."""

    expression: str
    span: Span | None = None
    value: str | None = Field(None, description="ISO 8601: '2020', '2024-10', '2024-10-15' or 'START/END'.")
    granularity: Granularity = "unknown"
    anchor: str = Field(description="What it was resolved against: 'explicit', 'published 2019-08-30', ...")
    inferred: bool = Field(False, description="True when the time was not written in the claim itself.")


class Claim(Model):
    """One check-worthy statement made in an article."""

    id: str
    article_id: str
    statement: str = Field(description="The claim as a standalone sentence.")
    evidence: Span = Field(description="The sentence(s) of the article that make the claim.")
    content: Span | None = Field(None, description="The claimed content inside the evidence (quote or clause).")
    cue: Span | None = Field(None, description="The attribution cue: 'said', 'according to', 'reported'.")
    speaker: SourceLink = Field(description="Who makes the claim: the innermost link of `source`, or the author.")
    source: list[SourceLink] = Field(
        default_factory=list, description="Attribution chain, outermost first: [Axios, an insider]."
    )
    hedging: Hedging
    quote: QuoteKind
    time: TimeRef | None = None
    entities: list[Entity] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list, description="Why it is check-worthy.")
    flags: list[str] = Field(default_factory=list, description="Repairs and warnings from validation.")
    checkworthiness: float | None = Field(
        None, ge=0, le=1, description="How check-worthy the claim is, 0-1 (0.5 or more: worth checking)."
    )


class AttributionRecord(Model):
    """An attribution in an article that is no claim of its own: an act reported of its source
    ("The union endorsed the mayor": who, the cue, what the act is about) or a question a
    speaker put. A claim carries its own attribution (``speaker``, ``cue``, ``content``)."""

    article_id: str
    speaker: SourceLink = Field(description="The source; the author voice when none is named.")
    cue: Span
    content: Span
    quote: QuoteKind


class ClaimRef(Model):
    """A claim as cited by a finding: which article and which exact words."""

    claim_id: str
    article_id: str
    statement: str
    evidence: Span


class Trace(Model):
    """Where one claim of a corroboration traces to, and why."""

    claim_id: str
    upstream: str = Field(description="The upstream source ('Axios', 'Acme Corp') or, with none named, the outlet.")
    reason: str = Field(description="Why: 'its source chain names Axios', 'carries the same quotation', ...")


class Finding(Model):
    """A relation between claims of different articles."""

    id: str
    relation: Relation
    attribute: Attribute = "none"
    claims: list[ClaimRef]
    explanation: str
    confidence: float = Field(ge=0, le=1)
    outlets: int = Field(0, description="Distinct articles/outlets behind a corroboration.")
    independent_sources: int = Field(0, description="Distinct upstream sources those articles trace to.")
    upstream: list[str] = Field(default_factory=list, description="The upstream sources named: ['Axios'].")
    traces: list[Trace] = Field(default_factory=list, description="Per claim of a corroboration: its upstream and why.")
    engine: str = "offline"
    model_explanation: str | None = Field(None, description="The LLM judge's own words (model text, unverified).")


class ArticleError(Model):
    """A per-article failure; the other articles' results are kept."""

    path: str
    article_id: str | None = None
    stage: Literal["load", "extract", "compare"]
    message: str


class Skipped(Model):
    """A file under a given directory that was not read as an article, and why."""

    path: str
    reason: str


class PromptRef(Model):
    id: str
    version: str
    sha256: str


class Usage(Model):
    """Model traffic of a run; tokens count every completion received, failed and re-asked ones too."""

    calls: int = Field(0, description="Completions received (first tries and re-asks).")
    cached_calls: int = Field(0, description="Calls answered from the cache (no request).")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failed_calls: int = Field(0, description="Requests that failed: HTTP error, timeout, no connection, or an answer unusable after its re-asks.")
    retries: int = Field(0, description="Requests repeated after a transient failure.")
    reasks: int = Field(0, description="Re-asks after an answer that did not fit the schema.")
    truncated: int = Field(0, description="Answers cut off at the token limit (the chunk was split or given more tokens).")
    peak_in_flight: int = Field(0, description="Most requests in flight at once.")


class JudgeStats(Model):
    """What the LLM judge of the comparison did."""

    pairs_sent: int = Field(0, description="Aligned pairs the rules left open, sent to the model.")
    calls: int = 0
    verdicts: int = Field(0, description="Judgements that passed validation and became verdicts.")
    dropped: int = Field(0, description="Judgements dropped by validation (unquoted values, unaligned corroboration...).")
    dropped_examples: list[str] = Field(default_factory=list, description="Up to five reasons, for inspection.")


class RunMeta(Model):
    """Everything needed to reproduce a report."""

    checker_version: str
    engine: Literal["offline", "llm"]
    engine_reason: str
    model: str | None = None
    base_url: str | None = None
    prompts: list[PromptRef] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    dropped_ungrounded: int = 0
    pairs_judged: int = 0
    pairs_total: int = 0
    judge: JudgeStats = Field(default_factory=lambda: JudgeStats())
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
    mode: str | None = Field(None, description="Structured-output mode the LLM engine ended the run in.")
    mode_fallback: str | None = Field(None, description="Why the mode changed during the run (tools unsupported).")
    concurrency: int | None = Field(None, description="Model requests allowed in flight at once.")
    workers: int | None = Field(None, description="Processes that parse: the offline engine runs in them; the LLM engine parses ahead in them while its threads wait on the model.")
    stopped: str | None = Field(None, description="Why the run stopped early (interrupt, deadline, budget, endpoint down).")
    interrupted: bool = Field(False, description="True when Ctrl-C stopped the run; unfinished articles are errors.")


class Report(Model):
    """The result of a run: articles, their claims, cross-article findings, errors."""

    meta: RunMeta
    articles: list[Article] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    attributions: list[AttributionRecord] = Field(
        default_factory=list, description="Attributions that are no claims of their own (acts, questions), in article order."
    )
    errors: list[ArticleError] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list, description="Files left out: hidden, unknown extension.")

    def claims_for(self, article_id: str) -> list[Claim]:
        """The claims of one article, in text order."""
        return [c for c in self.claims if c.article_id == article_id]
