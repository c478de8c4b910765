"""One text against a source text: is text B consistent with, contradicted by, or unsupported by text A?

``compare_texts(doc, summary)`` aligns each sentence of B with the source sentences that best
cover it (:mod:`checker.compare.align`: BM25 retrieval over lemmas, then structure and
rarity-weighted coverage, WordNet synonyms and derivations counting as covered) and runs typed
single-edit checks on the aligned pair, in this order:

* negation: a predicate asserted on one side and denied on the other ("failed to" denies);
  or a denied predicate with no counterpart where the source sentence denies nothing;
* antonym: a word of B whose WordNet antonym stands in the aligned source sentence (through a
  synonym, or a kind of the antonym, only in the same slot: "boys" for "schoolgirls");
* entity: a name of B whose rival of the same kind (place, person, group, organisation) stands
  in the same role of the aligned sentence, B never naming that rival there;
* number / date (:mod:`checker.compare.edits`): a figure the source never writes for the thing
  it counts, where the aligned sentence counts it with another; the same figure counting another
  unit; a date that cannot be the one the source gives the same event;
* slot swap: a noun or adjective of B in the slot of another word, the two not close in WordNet
  and either of one kind ("pink" for "yellow") or the sentence otherwise well covered.

A name or figure of B that no source sentence contains while the rest of the sentence aligns is
an inserted fact: ``unsupported``, never ``contradicted`` on that ground alone.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from ..engines import Engine
from ..models import ClaimRef, Finding, Span
from . import align as al
from .align import (
    KIND,
    Sent,
    Source,
    counterparts,
    covered,
    lemma,
    negated,
    norm,
    number_value,
)
from .edits import Edit, date_edit, number_edit
from .entities import build_resolver
from .facts import FactInput, build_facts

#: Coverage below which no source sentence is taken to say what a sentence of B says.
UNCOVERED = 0.3
#: Coverage above which a denied predicate with no source counterpart is an inserted negation.
NEGATION_COVERAGE = 0.5
#: Coverage of a sentence of B above which a word the source never uses, in the slot of another, is a swap.
SLOT_COVERAGE = 0.6
#: The same for a word the source uses elsewhere, not in the aligned sentence.
SLOT_COVERAGE_SEEN = 0.75
#: How many of the aligned source sentences (best first) a slot swap is looked for in.
SLOT_SENTENCES = 3
SLOT_POS = {"NOUN", "PROPN", "ADJ"}
NAME_KINDS = {"place", "group", "person", "org", "event", "law", "product", "work"}


class PairVerdict(BaseModel):
    """How text B (a summary, a second article) stands against text A (the source document)."""

    label: Literal["contradicted", "unsupported", "consistent"]
    findings: list[Finding] = Field(default_factory=list)
    explanation: str = ""


def compare_texts(doc: str, summary: str, engine: Engine | None = None) -> PairVerdict:
    """Judge ``summary`` (article B) against ``doc`` (article A); the function the consistency eval calls.

    ``contradicted``: a sentence of B conflicts with its aligned source sentence (a swapped name,
    number, date, a negation or an antonym); ``unsupported``: B says something A does not contain
    (an inserted fact) and nothing conflicts; ``consistent``: every sentence of B is covered by A.
    """
    src = al.source_index(doc)
    findings: list[Finding] = []
    for b in al.parse(summary):
        edit = check_sentence(src, b)
        if edit is None:
            continue
        claims = [_ref("B", b.idx, b.text, b.start)]
        if edit.source is not None:
            a = src.sents[edit.source]
            claims.append(_ref("A", a.idx, a.text, a.start))
        fid = edit.relation[:4] + "-" + hashlib.sha256(f"{edit.relation}|{b.idx}|{b.text}".encode()).hexdigest()[:10]
        findings.append(Finding(id=fid, relation=edit.relation, attribute=edit.attribute, claims=claims,
                                explanation=edit.explanation, confidence=edit.confidence))
    findings.sort(key=lambda f: f.relation != "contradicts")
    label = "contradicted" if any(f.relation == "contradicts" for f in findings) else \
        "unsupported" if findings else "consistent"
    verdict = PairVerdict(label=label, findings=findings, explanation="; ".join(f.explanation for f in findings[:3]))
    judge = engine.pair_judge() if engine is not None else None
    return refine_with_model(verdict, judge, doc, summary) if judge is not None else verdict


def refine_with_model(verdict: PairVerdict, judge, doc: str, summary: str) -> PairVerdict:
    """Let a model judge (``engine.pair_judge()``) review what the rules left open.

    A contradiction the rules found stands. Otherwise each covered sentence of B is sent with its
    best-aligned source sentence as one pair, all pairs of the text in as few calls as the judge's
    clusters allow; a model "disagree" counts only once :class:`~checker.compare.llm_judge.LLMJudge`
    validated it (attribute named, two different values quoted verbatim from the two sentences).
    """
    if verdict.label == "contradicted":
        return verdict
    src = al.source_index(doc)
    inputs, pairs = [], []
    for b in al.parse(summary):
        aligned, cov = al.align(src, b)
        if not aligned or cov < UNCOVERED:
            continue
        a = aligned[0]
        for side, s in (("A", a), ("B", b)):
            inputs.append(FactInput(f"{side}:s{s.idx}", side, s.text.strip(), Span(text=s.text, start=s.start,
                                                                                end=s.start + len(s.text)),
                                    label="source" if side == "A" else "text"))
        pairs.append((len(inputs) - 2, len(inputs) - 1))
    if not pairs:
        return verdict
    facts = build_facts(inputs, build_resolver([]))
    judged = judge.judge_pairs(facts, pairs)
    found = []
    for (i, j), v in sorted(judged.items()):
        if v.relation != "contradicts":
            continue
        a, b = facts[i], facts[j]
        claims = [_ref("B", int(b.claim_id.split(":s")[1]), b.evidence.text, b.evidence.start),
                  _ref("A", int(a.claim_id.split(":s")[1]), a.evidence.text, a.evidence.start)]
        fid = "cont-" + hashlib.sha256(f"llm|{b.claim_id}|{b.evidence.text}".encode()).hexdigest()[:10]
        found.append(Finding(id=fid, relation="contradicts", attribute=v.attribute, claims=claims,
                             explanation=v.explanation, confidence=v.confidence, engine="llm", model_explanation=v.model_text))
    if not found:
        return verdict
    findings = found + verdict.findings
    return PairVerdict(label="contradicted", findings=findings, explanation="; ".join(f.explanation for f in findings[:3]))


def _ref(article: str, k: int, text: str, start: int) -> ClaimRef:
    span = Span(text=text, start=start, end=start + len(text))
    return ClaimRef(claim_id=f"{article}:s{k}", article_id=article, statement=text.strip(), evidence=span)


def check_sentence(src: Source, b: Sent) -> Edit | None:
    """The first edit found in sentence ``b`` against its aligned source sentences; None when covered."""
    aligned, cov = al.align(src, b)
    if not aligned or cov < UNCOVERED:
        return Edit(relation="unsupported_elsewhere", attribute="none", confidence=0.4,
                    explanation=f"No sentence of the source covers “{b.text.strip()[:80]}”.")
    edit = negation_edit(src, b, aligned, cov)
    if edit is not None:
        return edit
    for check in (antonym_edit, entity_edit, number_edit, date_edit):
        edit = check(src, b, aligned)
        if edit is not None:
            return edit
    edit = kind_edit(src, b, aligned, cov)
    if edit is not None:
        return edit
    return inserted_fact(src, b, aligned)


def _where(x, aligned: list[Sent]) -> int | None:
    return next((s.idx for s in aligned if s.span.start <= x.i < s.span.end and s.span.doc is x.doc), None)


def negation_edit(src: Source, b: Sent, aligned: list[Sent], cov: float = 1.0) -> Edit | None:
    """A predicate of B denied where every source counterpart asserts it, or the reverse; or a
    predicate of B denied, with no counterpart, in a well covered sentence whose source
    sentences deny nothing (a negation inserted with a reworded verb)."""
    denies = any(negated(x) for s in aligned for x in s.span if x.pos_ in {"VERB", "ADJ", "AUX"})
    for t in b.span:
        if t.pos_ not in {"VERB", "ADJ", "AUX", "NOUN"} or not (t.is_alpha and len(t) > 1) or al.hyphenated(t):
            continue
        nb = negated(t)
        if t.pos_ in {"AUX", "NOUN"} and not nb:
            continue
        if t.pos_ == "NOUN":
            cps = [x for x in counterparts(t, aligned) if x.pos_ == "NOUN"]
        else:
            cps = [x for x in counterparts(t, aligned) if x.pos_ in {"VERB", "ADJ", "AUX"}]
        if cps and all(negated(x) != nb for x in cps) and (nb or any(negated(x) for x in cps)):
            x = cps[0]
            return Edit(relation="contradicts", attribute="polarity", confidence=0.65, source=_where(x, aligned),
                        explanation=f"'{t.text}' is {_state(nb)} here but {_state(negated(x))} in the source.")
        if nb and not cps and t.pos_ in {"VERB", "ADJ"} and not denies and cov >= NEGATION_COVERAGE:
            return Edit(relation="contradicts", attribute="polarity", confidence=0.5, source=aligned[0].idx,
                        explanation=f"'{t.text}' is denied here; the source sentence denies nothing.")
        if not nb and not cps and t.pos_ == "VERB" and cov >= NEGATION_COVERAGE:
            x = next((x for x in aligned[0].span if x.pos_ == "VERB" and negated(x) and slot_match(t, x, aligned)), None)
            if x is not None:
                return Edit(relation="contradicts", attribute="polarity", confidence=0.5, source=aligned[0].idx,
                            explanation=f"'{t.text}' is asserted here where the source denies '{x.text}'.")
    return None


def _state(denied: bool) -> str:
    return "denied" if denied else "asserted"


def antonym_edit(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """A word of B whose antonym stands in the aligned source sentence, B not using that word
    itself: a direct WordNet antonym anywhere in it, one through a synonym in the same slot."""
    for t in b.span:
        if not (al.is_word(t) or t.pos_ == "ADP" and t.is_alpha) or any(lemma(t) in s.words for s in aligned):
            continue
        for s in aligned:
            for x in s.span:
                if not (al.is_word(x) or x.pos_ == "ADP" and x.is_alpha) or lemma(x) in b.words \
                        or x.lemma_.lower() in b.words or negated(t) != negated(x) or KIND.get(x.ent_type_) in NAME_KINDS:
                    continue
                how = are_antonyms(t, x)
                if how == "direct" and (t.pos_ != "ADP" or same_role(t, x, aligned)) or \
                        (how in {"kind", "synonym"} and t.pos_ == x.pos_ and slot_match(t, x, aligned)):
                    return Edit(relation="contradicts", attribute="polarity", confidence=0.6 if how == "direct" else 0.5,
                                source=s.idx, explanation=f"'{t.text}' where the source says '{x.text}'.")
    return None


def slot_match(t, x, aligned: list[Sent]) -> bool:
    """``t`` (in B) stands where ``x`` stands in the source: the same role under matching words,
    or, for predicates, a subject or object in common."""
    if same_role(t, x, aligned):
        return True
    args = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    return any(y.head.i == x.i and y.doc is x.doc and y.dep_ == c.dep_ for c in args for y in counterparts(c, aligned))


def are_antonyms(t, x) -> str | None:
    """How two words are opposed: "direct" (WordNet antonyms), "kind" (one is a kind of the
    other's antonym: "boy" ~ "schoolgirl"), "synonym" (antonyms through a synonym of either:
    "reject" ~ "accept", a synonym of "approve"), else None. Verbs keep their particle ("prop up")."""
    if al.lex() is None:
        return None
    pos = al.WN_POS.get(t.pos_, "")
    pairs = {(lemma(t), lemma(x)), (t.lemma_.lower(), x.lemma_.lower())}
    found = [_opposed(a, b, pos) for a, b in pairs]
    return next((how for how in ("direct", "kind", "synonym") if how in found), None)


@lru_cache(maxsize=65536)
def _opposed(a: str, b: str, pos: str) -> str | None:
    lx = al.lex()
    a, b = a.replace("_", " "), b.replace("_", " ")
    if lx.are_antonyms(a, b, pos or None) or lx.are_antonyms(b, a, pos or None):
        return "direct"
    if pos == "n" and (any(al.kind_of(b, w, pos) for w in lx.antonyms(a, pos))
                       or any(al.kind_of(a, w, pos) for w in lx.antonyms(b, pos))):
        return "kind"  # "boys" where the source says "schoolgirls", a kind of girl
    if not pos:
        return None
    syn_a, syn_b = lx.synonyms(a, pos) | {a}, lx.synonyms(b, pos) | {b}
    if any(lx.antonyms(w, pos) & syn_b for w in syn_a) or any(lx.antonyms(w, pos) & syn_a for w in syn_b):
        return "synonym"
    return None


def mentioned(ent, low: str, sents: list[Sent]) -> bool:
    """A name said in a text: written whole, as a surname, or every word of it covered (another
    form of the word, a synonym, the place a demonym names: "Chinese" / "China")."""
    name = norm(ent.text)
    if f" {name} " in f" {low} " or name in low and len(name) > 4:
        return True
    toks = [t for t in ent if t.is_alpha and not t.is_stop]
    if ent.label_ == "PERSON" and len(toks) > 1:
        return covered(toks[-1], sents)
    return bool(toks) and all(covered(t, sents) for t in toks)


def role(t) -> tuple[str, object]:
    """The slot a word fills: (subject / object / modifier / preposition, the word it depends on)."""
    if t.dep_ == "pobj" and t.head.dep_ == "prep":
        return "prep:" + t.head.lower_, t.head.head
    return al.ROLE.get(t.dep_, t.dep_), t.head


def same_role(t, x, aligned: list[Sent]) -> bool:
    """``t`` (in B) and ``x`` (in the source) fill the same slot of the same predicate or noun."""
    (rt, ht), (rx, hx) = role(t), role(x)
    return rt == rx and ht.i != t.i and any(y.i == hx.i and y.doc is hx.doc for y in counterparts(ht, aligned))


def entity_edit(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """A name of B not in the aligned source sentence, where that sentence has a rival of the same
    kind B never names: in the same role, or (a name the source never writes) anywhere in it. A
    name the sentence writes only in another role counts as not there."""
    b_low = norm(b.text)
    for e in b.span.ents:
        kind = KIND.get(e.label_)
        words = [t for t in e if t.is_alpha and not t.is_stop]
        if kind not in NAME_KINDS or not words:
            continue
        in_doc = mentioned(e, src.low, src.sents)
        for s in aligned:
            moved = all(covered(t, [s]) for t in words)
            if moved and not any(r.label_ == e.label_ and norm(e.text) in norm(r.text)
                                 and not same_role(e.root, r.root, aligned) for r in s.span.ents):
                continue  # the sentence names it, in this role or outside any name
            for r in s.span.ents:
                if KIND.get(r.label_) != kind or norm(e.text) in norm(r.text) \
                        or any(norm(r.text) in norm(f.text) and same_role(f.root, r.root, aligned) for f in b.span.ents):
                    continue  # B names the rival itself, in its role
                if same_role(e.root, r.root, aligned) or (not moved and not in_doc and not mentioned(r, b_low, [b])):
                    return Edit(relation="contradicts", attribute="entity", confidence=0.6 if in_doc else 0.55,
                                source=s.idx, explanation=f"'{e.text}' where the source says '{r.text}'.")
    return None


def kind_edit(src: Source, b: Sent, aligned: list[Sent], cov: float) -> Edit | None:
    """A word of B in the slot where the aligned sentence has another word B never uses, the two
    not close in meaning: of one kind ("pink" where the source says "yellow"), a name the source
    never writes, or a word the source never uses in an otherwise well covered sentence. A word
    the aligned sentence uses only in another slot counts as not there ("a threat to birds" where
    the source says "a threat to humans ... contact with birds")."""
    lx = al.lex()
    for t in b.span:
        if t.pos_ not in SLOT_POS or not al.is_word(t):
            continue
        novel = not covered(t, src.sents)
        for s in aligned[:SLOT_SENTENCES]:
            ys = counterparts(t, [s]) if covered(t, [s]) else None  # where the sentence uses the word itself
            if ys is not None and (not ys or any(same_role(t, y, aligned) for y in ys)):
                continue
            for x in s.span:
                if x.pos_ not in SLOT_POS or not al.is_word(x) or x.ent_type_ in {"DATE", "TIME"} or covered(x, [b]) \
                        or not same_role(t, x, aligned) or any(y.head.i == x.i or x.head.i == y.i for y in ys or ()):
                    continue
                name = novel and t.pos_ == "PROPN" and (x.pos_ == "PROPN" or x.is_title and not x.is_sent_start)
                alike = (t.pos_ == "ADJ") == (x.pos_ == "ADJ") and lx is not None
                if alike and _close(t, x):
                    continue
                kind = alike and bool(al.same_kind(lemma(t), lemma(x)))
                other = alike and s is aligned[0] and t.pos_ == x.pos_ and t.pos_ in {"NOUN", "ADJ"} \
                    and cov >= (SLOT_COVERAGE if novel else SLOT_COVERAGE_SEEN)
                if name or kind or other:
                    return Edit(relation="contradicts", attribute="entity", source=s.idx,
                                confidence=0.55 if name else 0.5 if kind else 0.45,
                                explanation=f"'{t.text}' where the source says '{x.text}'.")
    return None


def _close(t, x) -> bool:
    pos = al.WN_POS.get(t.pos_, "n")
    return al.close_in_meaning(lemma(t), lemma(x), pos) or al.close_in_meaning(t.lemma_.lower(), x.lemma_.lower(), pos)


def inserted_fact(src: Source, b: Sent, aligned: list[Sent]) -> Edit | None:
    """A name or figure of B that no source sentence contains (the rest aligns): unsupported."""
    novel = [e.text for e in b.span.ents if KIND.get(e.label_) in NAME_KINDS and not mentioned(e, src.low, src.sents)]
    novel += [t.text for t in b.span if (v := number_value(t)) is not None and v not in src.values]
    if novel:
        return Edit(relation="unsupported_elsewhere", attribute="entity", confidence=0.5, source=aligned[0].idx,
                    explanation=f"The source never mentions {', '.join(novel[:3])}.")
    return None
