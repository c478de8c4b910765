"""Articles analysed ahead in worker processes, for an engine whose threads wait on a model.

The LLM engine's own CPU work is spaCy's parse and the attribution rules that give the prompt
its hints. Its threads share one core for it (the GIL), so with a fast endpoint the requests
wait on parsing. :class:`Ahead` analyses a run's articles in ``workers`` forked processes, in
input order, while the threads wait on the model: each worker hands back the parse
(:func:`~checker.extract.nlp.doc_bytes`, kept in this process's doc cache) and the
attributions, and :meth:`Ahead.attributions` waits until its article is ready. An article a
worker could not analyse is left to the thread that asks for it.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import Future, ProcessPoolExecutor

from ..models import Article
from .attribution import Attribution, find_attributions
from .cues import load_tagger
from .nlp import analyse, doc_bytes, keep_doc, load_nlp

_ARTICLES: list[Article] | None = None  # set while the workers are forked: they inherit it, nothing is pickled


def can_fork() -> bool:
    """Whether this platform forks worker processes (they share the loaded model)."""
    return "fork" in multiprocessing.get_all_start_methods()


def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _analyse_one(index: int) -> tuple[bytes | None, list[Attribution]] | None:
    """The parse (as bytes) and the attributions of one article, in a worker; None on failure."""
    try:
        article = _ARTICLES[index]
        attributions = find_attributions(analyse(article))
        return doc_bytes(article.text), attributions
    except Exception:  # the thread that asks for the article analyses it and reports the error
        return None


def start(articles: list[Article], workers: int) -> Ahead | None:
    """Parse workers for ``articles``; None where one process does the work: one worker or one
    article asked for, a platform that cannot fork, or no process could be started."""
    if workers < 2 or len(articles) < 2 or not can_fork():
        return None
    try:
        return Ahead(articles, workers)
    except OSError:  # memory, a process limit
        return None


class Ahead:
    """The analyses of ``articles``, made in ``workers`` forked processes in input order. Use as a
    context manager: leaving it stops the workers; an article not analysed by then is left to
    its thread."""

    def __init__(self, articles: list[Article], workers: int) -> None:
        global _ARTICLES
        load_nlp()  # before the fork: no worker loads a model of its own
        load_tagger()
        self._articles = list(articles)  # held, so an id stays its article's
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=ignore_interrupts)
        _ARTICLES = self._articles
        try:  # the first submit forks every worker
            self._futures: dict[int, Future] = {id(a): self._pool.submit(_analyse_one, i) for i, a in enumerate(articles)}
        except BaseException:
            self._pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _ARTICLES = None

    def attributions(self, article: Article) -> list[Attribution] | None:
        """Once ``article`` is analysed: its attributions, its parse kept in this process's doc
        cache; None when it is not one of the run's (or was asked for before: the result is not
        held twice), or no worker analysed it."""
        future = self._futures.pop(id(article), None)
        if future is None:
            return None
        try:
            result = future.result()
        except Exception:  # cancelled when the run stopped, or a worker died
            return None
        if result is None:
            return None
        parse, attributions = result
        if parse is not None:
            keep_doc(article.text, parse)
        return attributions

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
