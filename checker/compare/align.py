"""Sentence alignment of a short text (B) against a source text (A).

A source text is parsed once and indexed (:func:`source_index`, cached per text): its
sentences, BM25 statistics over lemmas, and every word, name and figure it contains. Each
sentence of B retrieves candidate source sentences by BM25 (rare shared lemmas weigh most),
then the candidates are ranked on structure: the share of B's content words (rarity-weighted)
that a candidate covers, counting synonyms and derivations as covered, plus a bonus when the
main predicate and its subject match. A sentence of B may draw on two or three source
sentences: one is added when it covers enough of what the best one leaves out.

Lexical relations come from :mod:`checker.compare.lexical` (Open English WordNet): synonyms,
derivations and demonyms count as covered; :func:`close_in_meaning`, :func:`kind_of` and
:func:`same_kind` also read its senses and hypernyms (up to three steps).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .. import lexicons
from .facts import NEGATORS, nlp

LIGHT_VERBS = lexicons.words("events", "light_verbs")

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
#: spaCy entity labels grouped into kinds that can stand in for one another.
KIND = {"GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group", "PERSON": "person", "ORG": "org",
        "DATE": "date", "TIME": "date", "CARDINAL": "number", "QUANTITY": "number", "MONEY": "money",
        "PERCENT": "percent", "ORDINAL": "ordinal", "EVENT": "event", "LAW": "law", "PRODUCT": "product",
        "WORK_OF_ART": "work"}
#: spaCy dependency labels grouped into the slots a word can fill.
ROLE = {"nsubj": "subj", "nsubjpass": "subj", "agent": "subj", "csubj": "subj", "dobj": "obj", "attr": "obj",
        "oprd": "obj", "compound": "mod", "amod": "mod", "poss": "mod", "nmod": "mod", "appos": "mod"}
K1, B = 1.2, 0.75


def lex():
    """The WordNet relations module, or None when it is not installed."""
    try:
        from . import lexical
    except ImportError:
        return None
    return lexical


def norm(text: str) -> str:
    """Lower-cased, curly quotes straightened, dots of abbreviations dropped ("U.K." -> "uk")."""
    return re.sub(r"(?<=\b\w)\.", "", text.lower().replace("’", "'")).strip(" .")


def is_content(t) -> bool:
    return t.pos_ in CONTENT_POS and not t.is_stop and (t.is_alpha or t.like_num or "-" in t.text)


def is_word(t) -> bool:
    """A content word, stop words included ("keep", "full", "last" can be swapped for their opposites)."""
    return t.pos_ in CONTENT_POS and t.is_alpha and len(t) > 1


def lemma(t) -> str:
    """Lemma of a token; a verb with its particle reads as one predicate ("prop_up")."""
    base = t.lemma_.lower()
    if t.pos_ == "VERB":
        prt = next((c.lower_ for c in t.children if c.dep_ == "prt"), None)
        if prt:
            return f"{base}_{prt}"
    return base


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Word classes the checks read: negative implicatives and ordinals (checker/data/text_lexicon.yaml),
    number words and multipliers (checker/data/number_words.yaml)."""
    return {"negative_implicative": lexicons.words("text_lexicon", "negative_implicative"),
            "number_words": lexicons.mapping("number_words", "numbers") | lexicons.mapping("text_lexicon", "ordinals"),
            "scale_words": lexicons.mapping("number_words", "multipliers")}


def hyphenated(t) -> bool:
    """Part of a hyphenated compound ("never-before-seen", "one-year")."""
    doc = t.doc
    return (t.i + 1 < len(doc) and doc[t.i + 1].text == "-") or (t.i > 0 and doc[t.i - 1].text == "-")


def _negator(c) -> bool:
    """A negation word on its head; not one inside a hyphenated compound ("never-before-seen")."""
    if hyphenated(c):
        return False
    return c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in {"det", "advmod", "preconj"})


def negated(t) -> bool:
    """The token is denied: a negation on it or on the verb it completes, 'no' before it or its
    object, or a negative implicative verb above it ("failed to get" = "did not get")."""
    if any(_negator(c) for c in t.children):
        return True
    if t.pos_ in {"VERB", "ADJ", "AUX"} and any(
            c.dep_ in {"dobj", "attr"} and any(d.lower_ == "no" and d.dep_ == "det" for d in c.children) for c in t.children):
        return True
    head = t.head
    if head is t:
        return False
    if t.dep_ == "xcomp" and head.lemma_.lower() in lexicon()["negative_implicative"]:
        return not negated(head)
    if t.pos_ == "NOUN" and t.dep_ == "dobj":
        return negated(head)
    if t.dep_ in {"xcomp", "acomp", "attr"}:
        return any(_negator(c) for c in head.children)
    return False


@dataclass
class Sent:
    """One parsed sentence with what alignment and the checks read from it."""

    idx: int
    span: object  # spaCy Span
    start: int  # character offset of the sentence in its text
    terms: Counter = field(default_factory=Counter)  # content lemmas (BM25 terms)
    words: set[str] = field(default_factory=set)  # every lemma and lower-cased form

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class Source:
    """A source text parsed and indexed: sentences, BM25 statistics, all words and names."""

    text: str
    low: str
    sents: list[Sent]
    idf: dict[str, float]
    avgdl: float
    words: set[str]
    values: set[float]


def parse(text: str) -> list[Sent]:
    """Sentences of a text, paragraph by paragraph, with their terms and words."""
    paras = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    out: list[Sent] = []
    for (offset, _), doc in zip(paras, nlp().pipe(p for _, p in paras), strict=True):
        for s in doc.sents:
            if len(s.text.strip()) < 3:
                continue
            sent = Sent(len(out), s, offset + s.start_char)
            for t in s:
                if t.is_alpha or t.like_num or "-" in t.text:
                    sent.words.update({lemma(t), t.lemma_.lower(), norm(t.text)})
                    place = _place(t.lower_) if t.pos_ in {"ADJ", "PROPN"} else None
                    if place:
                        sent.words.add(place)
                    if t.i + 1 < s.end and t.doc[t.i + 1].is_alpha:  # "cliff top" is also "clifftop"
                        sent.words.add(t.lower_ + t.doc[t.i + 1].lower_)
                if is_content(t):
                    sent.terms[lemma(t)] += 1
            out.append(sent)
    return out


@lru_cache(maxsize=8192)
def _place(word: str) -> str | None:
    """The place a demonym names ("chinese" -> "china"), spelled with underscores; None otherwise."""
    lx = lex()
    place = lx.country_of(word) if lx is not None else None
    return place.replace(" ", "_") if place else None


@lru_cache(maxsize=16)
def source_index(text: str) -> Source:
    """The parsed, indexed source text (cached: one source, many texts compared with it)."""
    sents = parse(text)
    n = max(len(sents), 1)
    df = Counter(t for s in sents for t in s.terms)
    idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    avgdl = sum(sum(s.terms.values()) for s in sents) / n or 1.0
    words = set().union(*(s.words for s in sents)) if sents else set()
    vals = {v for s in sents for t in s.span if (v := number_value(t)) is not None}
    return Source(text, norm(text), sents, idf, avgdl, words, vals)


def weight(src: Source, term: str) -> float:
    """Rarity of a term in the source; a term the source never uses weighs as the rarest."""
    return src.idf.get(term, math.log(1 + (len(src.sents) + 0.5) / 0.5))


def bm25(src: Source, query: Counter, s: Sent) -> float:
    dl = sum(s.terms.values()) or 1
    score = 0.0
    for t in query:
        f = s.terms.get(t, 0)
        if f:
            score += src.idf[t] * f * (K1 + 1) / (f + K1 * (1 - B + B * dl / src.avgdl))
    return score


@lru_cache(maxsize=65536)
def related(word: str, pos: str) -> frozenset[str]:
    """Words that count as the same content (WordNet): synonyms, derivations, the place a demonym
    names ("chinese" -> "china"); multi-word ones spelled with underscores."""
    lx = lex()
    if lx is None:
        return frozenset()
    out: set[str] = set(lx.synonyms(word, pos) or ()) if pos else set()
    out |= set(lx.derivations(word))
    place = lx.country_of(word) or (lx.pertainym(word) if pos == "a" else None)
    if place:
        out.add(place)
    return frozenset(x.lower().replace(" ", "_") for x in out) - {word}


@lru_cache(maxsize=65536)
def close_in_meaning(a: str, b: str, pos: str) -> bool:
    """WordNet puts two words (or derivations of them, "incineration" -> "incinerate") in one
    sense, or one under the other within three steps ("smartphone" / "phone", "attack" / "invasion")."""
    lx = lex()
    if lx is None:
        return False
    try:
        sa, up_a = _meanings(lx, a, pos)
        sb, up_b = _meanings(lx, b, pos)
    except (AttributeError, TypeError, IndexError, ValueError):  # a lexical module without its sense table
        return False
    return bool(sa & sb or sa & up_b or sb & up_a)


@lru_cache(maxsize=65536)
def same_kind(a: str, b: str, min_depth: int = 5) -> str | None:
    """The WordNet category two words are both kinds of, when it lies ``min_depth`` steps or more
    below the root ("chromatic color", "weekday"; not the vague "region" of "area" and "place")."""
    lx = lex()
    if lx is None:
        return None
    kind = lx.same_kind(a.replace("_", " "), b.replace("_", " "))
    if not kind:
        return None
    try:
        depth = max((lx._synset(i)[2] for i in lx._senses(kind, "n")[:1]), default=min_depth)
    except (AttributeError, TypeError, IndexError, ValueError):
        depth = min_depth
    return kind if depth >= min_depth else None


@lru_cache(maxsize=65536)
def kind_of(a: str, b: str, pos: str) -> bool:
    """``a`` is ``b`` or a kind of ``b`` within three steps in WordNet ("schoolgirl" -> "girl")."""
    lx = lex()
    if lx is None:
        return False
    try:
        sa, up_a = _meanings(lx, a, pos)
        sb = {i for p in {pos, "n", "v"} for i in lx._senses(b.replace("_", " "), p)}
    except (AttributeError, TypeError, IndexError, ValueError):
        return False
    return bool(sb & (sa | up_a))


@lru_cache(maxsize=65536)
def _meanings(lx, word: str, pos: str, steps: int = 3) -> tuple[frozenset[int], frozenset[int]]:
    """The senses of a word and of its derivations, and every hypernym up to ``steps`` above them."""
    senses = {i for w in {word, *lx.derivations(word)} for p in {pos, "n", "v"}
              for i in lx._senses(w.replace("_", " "), p)}
    seen: set[int] = set()
    frontier = list(senses)
    for _ in range(steps):
        frontier = [h for i in frontier for h in lx._synset(i)[1] if h not in seen]
        seen.update(frontier)
    return frozenset(senses), frozenset(seen)


WN_POS = {"NOUN": "n", "PROPN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}


def stem_match(a: str, b: str) -> bool:
    """Two forms of one word ("Russia"/"Russian", "president"/"presidential"): a shared beginning
    of six letters or more that makes up three quarters of the longer word."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 6 and n >= 0.75 * max(len(a), len(b))


def counterparts(t, sents: list[Sent]) -> list:
    """Tokens of ``sents`` that say the same word as ``t``: same lemma or form, or a shared stem;
    failing those, a synonym or derivation in the same grammatical role."""
    lm, low = lemma(t), norm(t.text)
    exact, near = [], []
    rel = related(lm, WN_POS.get(t.pos_, ""))
    for s in sents:
        for x in s.span:
            if not (x.is_alpha or x.like_num or "-" in x.text):
                continue
            xl = lemma(x)
            if xl == lm or norm(x.text) == low or x.lemma_.lower() == t.lemma_.lower() \
                    or (t.pos_ != "NUM" and stem_match(xl, lm)):
                exact.append(x)
            elif xl in rel and x.dep_ == t.dep_:
                near.append(x)
    return exact or near


def covered(t, sents: list[Sent]) -> bool:
    """Some sentence of ``sents`` uses the word of ``t``, a synonym, a derivation or (for a
    demonym) the place it names."""
    lm, low = lemma(t), norm(t.text)
    if any(lm in s.words or low in s.words or t.lemma_.lower() in s.words for s in sents):
        return True
    if t.pos_ == "NUM":
        return False
    rel = related(lm, WN_POS.get(t.pos_, "")) | related(low, WN_POS.get(t.pos_, ""))
    multi = [w.replace("_", " ") for w in rel if "_" in w]
    return any(rel & s.words or any(stem_match(lm, w) for w in s.words)
               or any(f" {m} " in f" {norm(s.text)} " for m in multi) for s in sents)


def coverage(src: Source, b: Sent, sents: list[Sent]) -> float:
    """Rarity-weighted share of the content words of ``b`` that ``sents`` cover."""
    toks = [t for t in b.span if is_content(t)]
    total = sum(weight(src, lemma(t)) for t in toks)
    if not total:
        return 1.0
    return sum(weight(src, lemma(t)) for t in toks if covered(t, sents)) / total


def _predicate_bonus(b: Sent, a: Sent) -> float:
    """Structure: the main predicate of ``b`` has a counterpart in ``a``, and so does its subject.
    Under a verb of saying ("X says it has shifted"), the main predicate is the one said."""
    root = b.span.root
    said = [c for c in root.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
    if root.lemma_.lower() in LIGHT_VERBS and said:
        root = said[0]
    if not counterparts(root, [a]):
        return 0.0
    subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return 0.1 + (0.05 if subj and counterparts(subj[0], [a]) else 0.0)


def align(src: Source, b: Sent, k: int = 6, most: int = 3) -> tuple[list[Sent], float]:
    """The source sentences that best cover ``b`` (best first) and the coverage they reach.

    A further sentence joins only when it covers a phrase of ``b`` the chosen ones leave out:
    at least two more content words, linked in the parse, and a gain in coverage."""
    ranked = sorted(src.sents, key=lambda s: bm25(src, b.terms, s), reverse=True)[:k]
    ranked = [s for s in ranked if bm25(src, b.terms, s) > 0]
    if not ranked:
        return [], 0.0
    scored = sorted(ranked, key=lambda s: coverage(src, b, [s]) + _predicate_bonus(b, s), reverse=True)
    chosen = [scored[0]]
    cov = coverage(src, b, chosen)
    content = [t for t in b.span if is_content(t)]
    while len(chosen) < most and cov < 0.95:
        left = [t for t in content if not covered(t, chosen)]
        gains = [(coverage(src, b, chosen + [s]), s) for s in scored if s not in chosen and _phrase(left, s)]
        if not gains:
            break
        best, s = max(gains, key=lambda g: g[0])
        if best - cov < 0.12:
            break
        chosen.append(s)
        cov = best
    return chosen, cov


def _phrase(left: list, s: Sent) -> bool:
    """``s`` covers two or more of the ``left`` words, two of them in one phrase (each within two
    steps up the parse of a common word: "eve of the anniversary")."""
    new = [t for t in left if covered(t, [s])]
    up = {t.i: {t.i, t.head.i, t.head.head.i} for t in new}
    return any(up[x.i] & up[y.i] for x in new for y in new if x.i < y.i)


def number_value(t) -> float | None:
    """The value a number token writes, times a scale word after it ("1.8 billion", "two", "third",
    "35-year", "billions" on its own); None for other tokens and for a scale word after a figure."""
    words, scales = lexicon()["number_words"], lexicon()["scale_words"]
    head = t.lower_.replace(",", "").split("-")[0]
    if head in scales or t.lemma_.lower() in scales:  # after a figure it scales it; alone ("billions") it is one
        prev = t.doc[t.i - 1] if t.i > 0 else None
        alone = prev is None or not (prev.like_num or prev.lower_ in words)
        return float(scales[t.lemma_.lower() if t.lemma_.lower() in scales else head]) if alone else None
    try:
        value = float(head)
    except ValueError:
        if not (t.like_num or t.ent_type_ in {"CARDINAL", "ORDINAL", "QUANTITY", "DATE", "MONEY", "PERCENT"}):
            return None
        value = words.get(head)
        if value is None:
            return None
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return float(value) * (scales[nxt.lower_] if nxt is not None and nxt.lower_ in scales else 1)
