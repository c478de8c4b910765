"""Run the whole job: load articles, extract claims per article, compare across articles.

Articles are extracted by a bounded pool of workers: threads sharing the LLM engine's gateway
(``concurrency`` requests in flight; with ``workers`` > 1 the articles are parsed ahead in that
many processes), or ``workers`` processes for the offline engine. The
report lists articles, claims and errors in input order whatever the order of completion. A
:class:`~checker.llm.control.RunControl` stops the run early (Ctrl-C, ``deadline``, a call or
cost budget, an endpoint given up by the circuit breaker): finished articles are kept, every
other one gets a one-line error, and ``meta.stopped`` / ``meta.interrupted`` say why.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ._version import __version__
from .compare.crosscheck import compare
from .engine_choice import choose_engine
from .engines import Engine
from .errors import CheckerError
from .io.loading import load
from .llm.control import RunControl
from .llm.pool import INTERRUPTED, Outcome, map_ordered
from .llm.redact import display_url, scrub
from .models import Article, ArticleError, AttributionRecord, Claim, Report, RunMeta
from .progress import Progress


def check_articles(
    articles: list[Article],
    engine: Engine | None = None,
    engine_reason: str = "",
    errors: Iterable[ArticleError] = (),
    compare_articles: bool = True,
    *,
    control: RunControl | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    min_checkworthiness: float | None = None,
) -> Report:
    """Extract claims from loaded articles and compare them; one failure never loses the others.

    With ``min_checkworthiness``, only claims scoring at least that much are kept (and compared)."""
    progress = progress or Progress()
    if engine is None:
        engine, engine_reason = choose_engine()
    control = control or RunControl()
    if hasattr(engine, "set_control"):
        engine.set_control(control)
    errors = list(errors)
    timings: dict[str, float] = {}
    claims: list[Claim] = []
    attributions: list[AttributionRecord] = []
    t0 = time.perf_counter()
    progress.start("extract", len(articles))
    done = threading.Lock()
    count = {"claims": 0}

    def advance(article: Article, found: int) -> None:
        with done:  # workers finish in any order; the display sees one at a time
            count["claims"] += found
            progress.advance("extract", article.path or article.id, claims=count["claims"], usage=engine.usage)

    outcomes = _extract_all(engine, articles, control, workers, advance)
    progress.finish("extract")
    for article, outcome in zip(articles, outcomes, strict=True):
        if outcome.ran and outcome.error is None:
            claims.extend(outcome.value[0])
            attributions.extend(outcome.value[1])
        else:
            errors.append(ArticleError(path=article.path or article.id, article_id=article.id, stage="extract",
                                       message=scrub(_failure(outcome, control))))
    timings["extract"] = round(time.perf_counter() - t0, 3)
    claims = keep_checkworthy(claims, min_checkworthiness)
    meta = RunMeta(
        checker_version=__version__,
        engine=engine.name,
        engine_reason=engine_reason,
        model=engine.model,
        base_url=display_url(engine.base_url),
        prompts=engine.prompts(),
        usage=engine.usage,
        dropped_ungrounded=engine.dropped_ungrounded,
        timings=timings,
        concurrency=getattr(engine, "concurrency", None),
        workers=workers,
    )
    report = Report(meta=meta, articles=articles, claims=claims, attributions=attributions, errors=errors)
    if compare_articles and not control.interrupted:
        t0 = time.perf_counter()
        progress.start("compare", len(articles))
        try:
            compare(report, engine)
        except KeyboardInterrupt:
            control.stop(INTERRUPTED, interrupted=True)
            report.findings = []
        progress.finish("compare")
        report.meta.timings["compare"] = round(time.perf_counter() - t0, 3)
    _finish_meta(report.meta, engine, control)
    return report


def _failure(outcome: Outcome, control: RunControl) -> str:
    if not outcome.ran:
        return f"not checked: {control.reason}"
    if isinstance(outcome.error, CheckerError):
        return str(outcome.error)
    return f"internal error ({type(outcome.error).__name__}: {outcome.error}); please report it"


def _finish_meta(meta: RunMeta, engine: Engine, control: RunControl) -> None:
    """What only the end of the run knows: the mode it ended in, a fallback, why it stopped."""
    gateway = getattr(engine, "gateway", None)
    if gateway is not None:
        meta.mode, meta.mode_fallback = gateway.mode, gateway.mode_fallback
        meta.usage.peak_in_flight = gateway.limiter.peak
        if gateway.mode_fallback:
            meta.engine_reason += f"; switched mode {gateway.mode_fallback}"
    meta.engine_reason = scrub(meta.engine_reason)
    meta.stopped = scrub(control.reason) if control.reason else None
    meta.interrupted = control.interrupted


def _extract_all(engine: Engine, articles: list[Article], control: RunControl, workers: int,
                 on_done: Callable[[Article, int], None]) -> list[Outcome]:
    """Every article's outcome (claims, attribution records), in input order; ``on_done(article,
    claims found)`` as each ends."""
    from .extract.ahead import can_fork
    from .extract.nlp import load_nlp

    if articles:
        load_nlp()  # once, before any worker: concurrent first calls would each load the model
    if workers > 1 and engine.name == "offline" and len(articles) > 1 and can_fork():
        outcomes = _in_processes(engine, articles, control, workers, on_done)
        if outcomes is not None:
            return outcomes

    def extract(article: Article) -> tuple[list[Claim], list[AttributionRecord]]:
        try:
            found = engine.extract_all(article)
        except Exception:
            on_done(article, 0)
            raise
        on_done(article, len(found[0]))
        return found

    # Twice as many article threads as requests in flight: while every slot waits on the model,
    # the next articles are parsed (one parse at a time, or ahead in ``workers`` processes).
    threads = 2 * engine.concurrency if hasattr(engine, "concurrency") else 1
    with engine.analysing_ahead(articles, workers):
        if articles:  # after the fork: a worker must not inherit a half-done import
            engine.warm_up()
        return map_ordered(extract, articles, threads, control)


# ---- the offline engine in worker processes --------------------------------------------------

_JOB: tuple[Engine, list[Article]] | None = None  # set before the fork: workers inherit it, nothing is pickled


def _extract_one(index: int) -> tuple[tuple[list[str], list[str]] | None, int, str | None, bytes | None]:
    """((claims, attribution records) as JSON, claims dropped, error message, the article's parse)
    for one article, in a worker process; the parent keeps the parse for the comparison."""
    from .extract.nlp import doc_bytes

    engine, articles = _JOB
    before = engine.dropped_ungrounded
    try:
        claims, records = engine.extract_all(articles[index])
        found = [c.model_dump_json() for c in claims], [r.model_dump_json() for r in records]
        return found, engine.dropped_ungrounded - before, None, doc_bytes(articles[index].text)
    except CheckerError as exc:
        return None, 0, str(exc), None
    except Exception as exc:
        return None, 0, f"internal error ({type(exc).__name__}: {exc}); please report it", None


def _in_processes(engine: Engine, articles: list[Article], control: RunControl, workers: int,
                  on_done: Callable[[Article, int], None]) -> list[Outcome] | None:
    """The offline engine in ``workers`` forked processes (spaCy is loaded before the fork);
    None when no process could be started."""
    from .extract.ahead import ignore_interrupts
    from .extract.nlp import keep_doc

    global _JOB
    outcomes = [Outcome() for _ in articles]
    _JOB = (engine, articles)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=ignore_interrupts)
    except OSError:  # memory, a process limit: the caller runs the articles in this process
        _JOB = None
        return None
    try:
        for i, (found, dropped, error, parse) in enumerate(pool.imap(_extract_one, range(len(articles)), chunksize=1)):
            engine.dropped_ungrounded += dropped
            if parse is not None:
                keep_doc(articles[i].text, parse)
            claims, records = found or ([], [])
            outcomes[i] = Outcome(ran=True, value=([Claim.model_validate_json(c) for c in claims],
                                                   [AttributionRecord.model_validate_json(r) for r in records]),
                                  error=CheckerError(error) if error else None)
            on_done(articles[i], len(outcomes[i].value[0]))
            if control.stopped:
                break
        pool.close()
    except KeyboardInterrupt:
        control.stop(INTERRUPTED, interrupted=True)
    finally:
        pool.terminate()
        pool.join()
        _JOB = None
    return outcomes


def run(
    paths: Iterable[str | Path],
    engine: Engine | None = None,
    engine_reason: str = "",
    metadata: str | Path | None = None,
    compare_articles: bool = True,
    *,
    control: RunControl | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    stdin_format: str = "txt",
    min_checkworthiness: float | None = None,
) -> Report:
    """Load every path (files, directories, ``-`` for stdin) and check the articles found."""
    progress = progress or Progress()
    t0 = time.perf_counter()
    progress.start("load")
    loaded = load(paths, metadata=metadata, stdin_format=stdin_format, on_file=lambda path: progress.advance("load", path))
    progress.finish("load")
    load_s = round(time.perf_counter() - t0, 3)
    report = check_articles(loaded.articles, engine, engine_reason, loaded.errors, compare_articles,
                            control=control, workers=workers, progress=progress, min_checkworthiness=min_checkworthiness)
    report.skipped = loaded.skipped
    report.meta.timings = {"load": load_s, **report.meta.timings}
    return report


# ---- check-worthiness threshold ----------------------------------------------------------------


def keep_checkworthy(claims: list[Claim], minimum: float | None = None) -> list[Claim]:
    """Give every claim a check-worthiness score (engines that set none get the shipped
    model's score of the statement) and, with ``minimum``, keep those scoring at least that."""
    from .extract.checkworthy import score

    for claim in claims:
        if claim.checkworthiness is None:
            claim.checkworthiness = score(claim.statement)
    if minimum is None:
        return claims
    return [c for c in claims if c.checkworthiness >= minimum]

