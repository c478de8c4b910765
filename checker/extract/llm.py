"""The LLM engine: claims from any OpenAI-compatible model, grounded like the offline engine's.

One model call per chunk of the article (chunks are runs of whole sentences, with a
sentence of overlap; never one call per sentence). The model sees numbered sentences
fenced as data plus the offline engine's attributions as hints, and answers with a sentence id and
an exact quote per claim; offsets are derived here, every span goes through
``checker.extract.grounding``, and a claim whose quote cannot be found (or holds no verb) is dropped
and counted in ``dropped_ungrounded``. Names the article does not contain are dropped
(flagged), a time not in the evidence is dropped, an unsupported statement is replaced by
the quoted words. Model failures raise ``ModelError``: the pipeline records it per article.

With ``choose_quotes``, each chunk's answer schema lists the quotes the model may give (the chunk's
sentences and the contents of the offline engine's attributions in it) and its sentence ids: a
server that turns the schema into a grammar (llama.cpp) or enforces strict structured outputs
cannot answer a quote the article does not contain. It is off by default: where the schema is
part of the prompt (OpenAI tools), the choices repeat the chunk's text.

Chunks of one article are asked in parallel (the gateway bounds the requests in flight) and
merged in text order. An answer cut off at the token limit (``finish_reason=length``) splits its
chunk in two and asks again; a single sentence is asked once more with twice the tokens.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..compare.llm_judge import LLMJudge, clusters, render
from ..engines import Engine
from ..errors import CheckerError, ModelError
from ..llm.control import RunControl, Stopped
from ..llm.gateway import Gateway, Truncated
from ..llm.pool import map_ordered
from ..llm.prompting import Prompt, data_tag, fence, load_prompt
from ..models import Article, Claim, Hedging, HedgingLevel, PromptRef, SourceLink, Span
from .ahead import Ahead
from .ahead import start as start_ahead
from .attribution import Attribution, find_attributions
from .chunks import (
    MIN_QUOTE_WORDS,
    ClaimAnswer,
    ClaimsAnswer,
    Who,
    choice_model,
    chunk_sentences,
    quote_choices,
    render_chunk,
)
from .grounding import ground, validate_claim
from .hedging import BASE_CERTAINTY, find_cues
from .nlp import Analysis, analyse
from .temporal import normalise as normalise_time

PROMPT_ID = "extract_claims"
MAX_TOKENS = 3072  # 8 claims at the string caps fit; llama_cpp.server hides a cut-off (finish_reason tool_calls)


# ---- the engine ---------------------------------------------------------------------

class LLMEngine(Engine):
    """Claims from a model through :class:`checker.llm.gateway.Gateway`."""

    name = "llm"

    def __init__(self, gateway: Gateway, *, max_chars: int = 6000, overlap: int = 1, prompt: Prompt | None = None,
                 choose_quotes: bool | None = None) -> None:
        super().__init__()
        self.gateway = gateway
        self.usage = gateway.usage  # the same object: the report sees every call
        self.model = gateway.model
        self.base_url = gateway.base_url
        self.max_chars = max_chars
        self.overlap = overlap
        self.prompt = prompt or load_prompt(PROMPT_ID)
        if choose_quotes is None:
            choose_quotes = os.environ.get("CHECKER_CHOOSE_QUOTES", "").lower() in ("1", "true", "yes")
        self.choose_quotes = choose_quotes
        self._lock = threading.Lock()
        self._parsing = threading.Lock()
        self.ahead: Ahead | None = None  # analyses made ahead: by worker processes (analysing_ahead)

    def prompts(self) -> list[PromptRef]:
        return [self.prompt.ref, *[p for p in self.gateway.prompts() if p.id != self.prompt.id]]

    @property
    def concurrency(self) -> int:
        return self.gateway.concurrency

    def set_control(self, control: RunControl) -> None:
        """The run's stop flag, deadline and budgets (the gateway checks them before each request)."""
        self.gateway.control = control

    def pair_judge(self) -> LLMJudge:
        """The same model judges the claim pairs the comparison rules leave open, clusters in parallel."""
        return ParallelJudge(self.gateway)

    def variables(self, analysis: Analysis, ids: list[int], attributions: list[Attribution]) -> dict:
        """The prompt variables of one chunk."""
        data, hints = render_chunk(analysis, ids, attributions)
        tag, _ = fence(f"{data}\n{hints}")  # hints quote the article too: one marker for both
        return {"tag": tag, "data": data, "hints": hints}

    def answer_model(self, analysis: Analysis, ids: list[int], attributions: list[Attribution]) -> type[ClaimsAnswer]:
        """The schema of one chunk's answer: quotes chosen from the chunk's with ``choose_quotes``."""
        choices = quote_choices(analysis, ids, attributions) if self.choose_quotes else []
        return choice_model(choices, ids) if choices else ClaimsAnswer

    def ask(self, analysis: Analysis, ids: list[int], attributions: list[Attribution],
            max_tokens: int = MAX_TOKENS) -> list[tuple[list[int], ClaimsAnswer]]:
        """(sentence ids, answer) for one chunk; a cut-off answer splits the chunk and asks again."""
        try:
            return [(ids, self.gateway.structured(self.prompt, self.variables(analysis, ids, attributions),
                                                  self.answer_model(analysis, ids, attributions),
                                                  max_tokens=max_tokens))]
        except Truncated:
            self.gateway._count(truncated=1)
            if len(ids) > 1:
                half = len(ids) // 2
                return self.ask(analysis, ids[:half], attributions) + self.ask(analysis, ids[half:], attributions)
            if max_tokens > MAX_TOKENS:
                raise
            return self.ask(analysis, ids, attributions, max_tokens * 2)
        except CheckerError:
            raise
        except Exception as exc:  # never a traceback for a model failure
            raise ModelError(f"{type(exc).__name__}: {exc}") from None

    def extract(self, article: Article) -> list[Claim]:
        """Claims of one article in text order; ModelError when a chunk fails for good."""
        analysis, attributions = self.analysed(article)
        chunks = chunk_sentences(analysis.sentences, self.max_chars, self.overlap)
        control = self.gateway.control
        outcomes = map_ordered(lambda ids: self.ask(analysis, ids, attributions), chunks, self.concurrency, control)
        answers = []
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
            if not outcome.ran:
                raise Stopped(f"not checked: {control.reason}")
            answers.extend(outcome.value)
        claims: list[Claim] = []
        dropped = 0
        for ids, answer in answers:
            for item in answer.claims:
                claim = self._to_claim(analysis, ids, item, attributions)
                if claim is None:
                    dropped += 1
                elif not any(_same(claim, c) for c in claims):  # chunk overlap, or the model repeating itself
                    claims.append(claim)
        with self._lock:  # articles run in parallel
            self.dropped_ungrounded += dropped
        claims.sort(key=lambda c: (c.evidence.start, c.content.start if c.content else 0))
        for n, c in enumerate(claims):
            c.id = f"{article.id}-L{n:02d}"
        return claims

    def warm_up(self) -> None:
        threading.Thread(target=self.gateway.warm_up, daemon=True, name="checker-warm-up").start()

    @contextmanager
    def analysing_ahead(self, articles: list[Article], workers: int) -> Iterator[None]:
        """Within it, ``articles`` are analysed ahead in ``workers`` processes
        (:mod:`checker.extract.ahead`). Nothing changes where one process does the work, or where
        ``ahead`` already holds analyses made beforehand."""
        started = start_ahead(articles, workers) if self.ahead is None else None
        if started is None:
            yield
            return
        self.ahead = started
        try:
            yield
        finally:
            started.close()
            self.ahead = None

    def analysed(self, article: Article) -> tuple[Analysis, list[Attribution]]:
        """The article's analysis and attributions: made ahead in a worker process when the run has
        ``ahead``, else here, one article at a time (so the first requests go out after one parse,
        not after as many interleaved parses as there are threads)."""
        made = self.ahead.attributions(article) if self.ahead is not None else None
        with self._parsing:
            if made is not None:
                return analyse(article), made  # the parse is kept: this reads it
            self.gateway.control.check()  # a stopped run parses no more
            analysis = analyse(article)
            return analysis, find_attributions(analysis)

    def _to_claim(self, analysis: Analysis, ids: list[int], item: ClaimAnswer, attributions: list[Attribution]) -> Claim | None:
        """Ground one answer (quote near its sentence, then every other span); None if ungrounded."""
        article = analysis.article
        text, flags = article.text, []
        located = _locate(analysis, ids, item, flags)
        if located is None:
            return None
        content, evidence = located
        near = (evidence.start, evidence.end)
        speaker, source = _people(text, item, near, flags)
        rule_speakers = {a.speaker.name for a in attributions if evidence.start <= a.cue.start < evidence.end}
        if rule_speakers and not any(_same_name(speaker.name, n) for n in rule_speakers):
            flags.append(f"speaker_differs_from_rules:{'|'.join(sorted(rule_speakers))}")
        cue = _inside(ground(text, item.cue, near), evidence, item.cue, "cue", flags)
        time_span = _inside(ground(text, item.time, near), evidence, item.time, "time", flags)
        time = normalise_time(time_span.text, article, time_span) if time_span is not None else None
        claim = Claim(
            id=f"{article.id}-L00",
            article_id=article.id,
            statement=item.statement.strip() or content.text,
            evidence=evidence,
            content=content,
            cue=cue,
            speaker=speaker,
            source=source,
            hedging=_hedging(text, evidence, item.hedging),
            quote=item.quote_kind,
            time=time,
            reasons=[item.reason.strip()] if item.reason.strip() else [],
            flags=flags,
        )
        return validate_claim(claim, text)


def _locate(analysis: Analysis, ids: list[int], item: ClaimAnswer, flags: list[str]) -> tuple[Span, Span] | None:
    """(content, evidence): the quote found near its sentence inside the chunk, with a verb in it,
    and the whole sentence(s) it lies in; None when the quote is not the words of a claim here."""
    text, sentences = analysis.article.text, analysis.sentences
    k = item.sentence_id - 1
    hinted = sentences[k] if k in ids else None
    lo, hi = sentences[ids[0]].start, sentences[ids[-1]].end
    content = ground(text, item.quote, (hinted.start, hinted.end) if hinted else (lo, hi))
    if content is None or len(content.text.split()) < MIN_QUOTE_WORDS or not (lo <= content.start and content.end <= hi):
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in analysis.tokens(content.start, content.end)):
        return None  # a name or a noun phrase is not a claim
    if content.text != item.quote:
        flags.append("repaired:content")
    covering = [s for s in sentences if s.start < content.end and content.start < s.end]
    if hinted is None or hinted not in covering:
        flags.append("repaired:sentence_id")
    evidence = Span(text=text[covering[0].start:covering[-1].end], start=covering[0].start, end=covering[-1].end)
    return content, evidence


def _inside(span: Span | None, evidence: Span, asked: str | None, field: str, flags: list[str]) -> Span | None:
    """``span`` when it lies inside the evidence and has a letter or digit; else None, flagged if one was given."""
    if span is not None and evidence.start <= span.start and span.end <= evidence.end and any(c.isalnum() for c in span.text):
        return span
    if asked and asked.strip():
        flags.append(f"dropped:{field}")
    return None


def _same(a: Claim, b: Claim) -> bool:
    """Same evidence and content spans overlapping by more than half of the shorter one."""
    if (a.evidence.start, a.evidence.end) != (b.evidence.start, b.evidence.end) or a.content is None or b.content is None:
        return False
    overlap = min(a.content.end, b.content.end) - max(a.content.start, b.content.start)
    return overlap > 0.5 * min(a.content.end - a.content.start, b.content.end - b.content.start)


def _same_name(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return a in b or b in a


def _people(text: str, item: ClaimAnswer, near: tuple[int, int], flags: list[str]) -> tuple[SourceLink, list[SourceLink]]:
    """(speaker, source chain); a name not found in the article is dropped (the author speaks)."""
    author = SourceLink(name="author", kind="author")

    def link(who: Who, field: str) -> SourceLink | None:
        span = ground(text, who.name, near)
        if span is None:
            flags.append(f"dropped:{field}")
            return None
        return SourceLink(name=who.name.strip(), kind=who.kind, span=span)

    named = item.speaker.kind != "author" and item.speaker.name.strip().lower() not in ("author", "the author", "")
    speaker = (link(item.speaker, "speaker") if named else None) or author
    via = [x for x in (link(w, "source") for w in item.via if w.kind != "author") if x is not None]
    return speaker, via + ([] if speaker is author else [speaker])


def _hedging(text: str, evidence: Span, level: HedgingLevel) -> Hedging:
    """The model's label, with the cue words of that level found in the evidence."""
    cues = [Span(text=c.text, start=evidence.start + c.start, end=evidence.start + c.end)
            for c in find_cues(text[evidence.start:evidence.end]) if c.level == level]
    return Hedging(level=level, certainty=BASE_CERTAINTY[level], cues=cues)


class ParallelJudge(LLMJudge):
    """The LLM judge with its cluster calls made in parallel first, then judged in cluster order."""

    def judge_pairs(self, facts, pairs, aligned=None):
        real = self.gateway
        jobs = []
        for cluster in clusters(pairs):
            _, data, pair_lines = render(facts, cluster)
            jobs.append({"tag": data_tag(data), "data": data, "pairs": pair_lines})
        answers: dict[str, object] = {}
        outcomes = map_ordered(lambda v: real.structured(self.prompt, v, self.response_model), jobs,
                               real.concurrency, real.control)
        for variables, outcome in zip(jobs, outcomes, strict=True):
            answers[variables["data"] + "\0" + variables["pairs"]] = (
                outcome.error if outcome.ran else Stopped(f"not judged: {real.control.reason}")) or outcome.value
        self.gateway = _Answered(real, answers)
        try:
            return super().judge_pairs(facts, pairs, aligned)
        finally:
            self.gateway = real

    @property
    def response_model(self):
        from ..compare.llm_judge import ClusterJudgement

        return ClusterJudgement


class _Answered:
    """A gateway stand-in that serves answers fetched beforehand (an error is raised again)."""

    def __init__(self, real: Gateway, answers: dict) -> None:
        self.real, self.answers = real, answers

    def structured(self, prompt, variables, response_model, **kw):
        answer = self.answers.get(variables["data"] + "\0" + variables["pairs"])
        if answer is None:
            return self.real.structured(prompt, variables, response_model, **kw)
        if isinstance(answer, BaseException):
            raise answer
        return answer
