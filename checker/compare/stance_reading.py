"""Reading a text for the stance component: sentences, matching keys (stemmed lemmas of content
words and named entities, weighted by kind of word) and the stance cues each sentence holds.

Each text is parsed once and its reading kept (a bounded cache), so a body compared with many
claims is read once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

CUE_KINDS = ("refute", "hedge", "confirm", "attribution", "negation")
ALIGN_TOP = 3
LEAD = 3

#: Weight of a term by kind of word (a proxy for its rarity); other kinds are not content terms.
POS_PRIOR = {"PROPN": 2.0, "NUM": 1.5, "NOUN": 1.0, "VERB": 0.8, "ADJ": 0.8, "ADV": 0.5}
ENTITY_BONUS = 1.0
CONTENT_POS = frozenset(POS_PRIOR)
ALIGN_TOP = 3
LEAD = 3
#: Matching keys are cut to this many characters (truncation stemming).
STEM_LEN = 6
#: Words ending like a plural that are not one.
_UNINFLECTED = frozenset({"news", "series", "species", "means", "politics", "economics", "physics", "always"})

def _data_text(name: str) -> str:
    return resources.files("checker").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue kind -> phrases as token tuples, from ``stance_cues.yaml``."""
    raw = yaml.safe_load(_data_text("stance_cues.yaml"))
    bad = [p for kind in CUE_KINDS for p in raw.get(kind, []) if not isinstance(p, str)]
    if bad:  # an unquoted yes/no/false in the YAML reads as a boolean
        raise ValueError(f"stance_cues.yaml: entries that are not strings: {bad}")
    return {kind: tuple(tuple(p.lower().split()) for p in raw.get(kind, [])) for kind in CUE_KINDS}


@lru_cache(maxsize=1)
def _cue_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First token -> (kind, phrase) for every cue phrase."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind, phrases in cues().items():
        for p in phrases:
            index.setdefault(p[0], []).append((kind, p))
    return index


# ---- reading a text -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, content terms (term -> kind weight), cue hits, negation."""

    text: str
    start: int
    terms: dict[str, float]
    cues: dict[str, tuple[str, ...]]
    negated: bool


@dataclass(frozen=True)
class Reading:
    """What the stance rules read from one text: its sentences, its terms and its entities."""

    text: str
    sentences: tuple[Sentence, ...]
    terms: dict[str, float]
    entities: frozenset[str]

    def cue_count(self, kind: str, idx: Iterable[int] | None = None) -> int:
        sents = self.sentences if idx is None else [self.sentences[i] for i in idx]
        return sum(len(s.cues[kind]) for s in sents)


def _match_cues(low: Sequence[str], lem: Sequence[str]) -> dict[str, tuple[str, ...]]:
    index = _cue_index()
    found: dict[str, dict[int, str]] = {k: {} for k in CUE_KINDS}
    for seq in (low, lem):
        for i, tok in enumerate(seq):
            for kind, phrase in index.get(tok, ()):
                # one hit per kind and position: the surface form, else the longest lemma phrase
                longer = i not in found[kind] or (seq is lem and len(phrase) > len(found[kind][i].split()))
                if longer and tuple(seq[i:i + len(phrase)]) == phrase:
                    found[kind][i] = " ".join(phrase)
    return {k: tuple(p for _, p in sorted(v.items())) for k, v in found.items()}


def stem(word: str) -> str:
    """A matching key for a word: lower case, a plural or -ing/-ed ending off, cut to STEM_LEN.

    Headlines in title case are often tagged as proper nouns and keep their inflection
    ("Steals", "Installing"); the key lets them meet the body's lemmas ("steal", "install").
    """
    w = word.lower().strip(".'’")
    if len(w) > 3 and w not in _UNINFLECTED:
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        elif w.endswith("ing") and len(w) > 5:
            w = w[:-3]
        elif w.endswith("ed") and len(w) > 4:
            w = w[:-2]
    return w[:STEM_LEN]


@lru_cache(maxsize=1)
def _stop_lower() -> frozenset[str]:
    """Stop words by lower-cased form: spaCy does not flag a title-case headline's "Are" or "Into"."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _term(tok) -> str | None:
    if tok.is_stop or tok.is_punct or tok.pos_ not in CONTENT_POS or tok.lower_ in _stop_lower():
        return None
    key = stem(tok.lemma_ if tok.pos_ != "PROPN" else tok.text)
    return key if len(key) > 1 and any(c.isalnum() for c in key) else None


def read_doc(doc) -> Reading:
    """The reading of a text already parsed by spaCy."""
    sentences, all_terms = [], {}
    entities = {("ent:" + e.text.lower()) for e in doc.ents if e.label_ not in {"CARDINAL", "ORDINAL", "DATE", "TIME"}}
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        terms: dict[str, float] = {}
        for tok in sent:
            key = _term(tok)
            if key:
                terms[key] = max(terms.get(key, 0.0), POS_PRIOR[tok.pos_] + (ENTITY_BONUS if tok.ent_type_ else 0.0))
        for e in sent.ents:
            if "ent:" + e.text.lower() in entities:
                terms["ent:" + e.text.lower()] = ENTITY_BONUS
        low = [t.text.lower() for t in sent]
        lem = [t.lemma_.lower() for t in sent]
        hits = _match_cues(low, lem)
        negated = any(t.dep_ == "neg" for t in sent) or bool(hits["negation"])
        sentences.append(Sentence(sent.text.strip(), sent.start_char, terms, hits, negated))
        for k, w in terms.items():
            all_terms[k] = max(all_terms.get(k, 0.0), w)
    return Reading(doc.text, tuple(sentences), all_terms, frozenset(entities))


_READINGS: OrderedDict[str, Reading] = OrderedDict()
_MAX_READINGS = 4096


def _nlp():
    from .facts import nlp

    return nlp()


def read_texts(texts: Iterable[str], batch_size: int = 32) -> list[Reading]:
    """Readings of several texts, each parsed once (spaCy ``pipe`` over those not seen before)."""
    texts = list(texts)
    todo = list(dict.fromkeys(t for t in texts if t not in _READINGS))
    for text, doc in zip(todo, _nlp().pipe(todo, batch_size=batch_size), strict=False):
        _READINGS[text] = read_doc(doc)
        if len(_READINGS) > _MAX_READINGS:
            _READINGS.popitem(last=False)
    return [_READINGS.get(t) or read_doc(_nlp()(t)) for t in texts]


def read_text(text: str) -> Reading:
    """The reading of one text (parsed once, then cached)."""
    return read_texts([text])[0]


