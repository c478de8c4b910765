"""Parse helpers for attribution: noun phrases, subjects, recipients, content clauses, cleaned
spans, and the :class:`Attribution` record (see :mod:`checker.extract.attribution`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from .. import lexicons
from ..models import SourceLink, Span
from .nlp import Analysis, Quote
from .speakers import Resolver, subtree_span

#: Reporting verbs (lemmas) by the stance they give what is reported: see speech_verbs.yaml.
DENY_VERBS = lexicons.words("speech_verbs", "deny")
HEDGE_VERBS = lexicons.words("speech_verbs", "hedge")
SPECULATE_VERBS = lexicons.words("speech_verbs", "speculate")
REPORTING_VERBS = lexicons.words("speech_verbs", "neutral") | DENY_VERBS | HEDGE_VERBS | SPECULATE_VERBS
_CONVERSATION_VERBS = lexicons.words("speech_verbs", "conversation")
_OBJECT_CUES = lexicons.words("speech_verbs", "object_cues")
_RELATIVE_PRONOUNS = lexicons.words("pronouns", "relative")
_LEADING_JUNK = re.compile(r"^[\s,;:—–―-]*(?:[A-Z][A-Z .,]{2,}(?:\([^)]*\))?\s*[:—–―-]\s+)?")
_TRAILING_JUNK = re.compile(r"(?:[\s,;:—–-]|(?<!\b[A-Za-z])(?<!\.)\.(?!\.))+$")  # a full stop, not an initial's ("U.S.")


@dataclass
class Attribution:
    """One attribution found in a sentence, in article offsets."""

    sentence_id: int
    speaker: SourceLink
    chain: list[SourceLink]
    cue: Span
    cue_lemma: str
    content: Span
    direct: bool
    anonymous: bool
    recipient: SourceLink | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    claim: bool = True  # False: an act reported of the source ("X endorsed Y"), not a statement of its own

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


def lemma_of(token: Token) -> str:
    """The verb lemma, also for gerunds the tagger took for nouns ("remarking" -> "remark")."""
    lemma = token.lemma_.lower()
    if lemma not in REPORTING_VERBS and token.lower_.endswith("ing"):
        stem = token.lower_[:-3]
        lemma = next((c for c in (stem, stem + "e", stem[:-1]) if c in REPORTING_VERBS), lemma)
    return lemma


def _np_tokens(head: Token) -> list[Token]:
    """A noun phrase without its relative clauses, trailing punctuation and a leading time stamp
    ("11:15 a.m. The mayor said")."""
    drop = {t.i for child in head.children if child.dep_ in ("relcl", "acl", "appos") for t in child.subtree}
    toks = [t for t in head.subtree if t.i not in drop and not (t.is_punct and t.text not in "’'")]
    while toks and toks[-1].is_punct:
        toks.pop()
    while len(toks) > 1 and toks[0].ent_type_ == "TIME" and toks[0] is not head:
        toks.pop(0)
    return toks or [head]


def _subject(verb: Token) -> Token | None:
    """The grammatical subject of a verb, inherited from its head for participles ('remarking')."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "nsubjpass":
                return None
        if verb.dep_ == "xcomp":
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj
        participle = verb.tag_ == "VBG" or verb.lower_.endswith("ing") or verb.dep_ in ("xcomp", "conj")  # "remarking", "and added"
        if participle and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "responded by downplaying": the subject of "responded"
            seen += 1
        elif participle and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head is not verb:
            verb = verb.head
            seen += 1
        else:
            return None
    return None


def _recipient(verb: Token, resolver: Resolver, sentence_tokens) -> SourceLink | None:
    """An outlet the statement was given to: 'told The Hill', 'explained to Axios', 'speaking with NBC News'."""
    candidates = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    candidates += [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "with") for g in c.children if g.dep_ == "pobj"]
    for t in sentence_tokens:  # "Speaking with NBC News, ...", "In an interview with Fox News"
        if t.lower_ == "with" and t.head.lemma_ in _CONVERSATION_VERBS or (t.lower_ == "with" and t.head.lower_ == "interview"):
            candidates += [g for g in t.children if g.dep_ == "pobj"]
    for c in candidates:
        link = resolver.link(_np_tokens(c))
        if link.kind == "outlet":
            return link
    return None


def _content_from_clause(verb: Token, speaker_toks: list[Token], sent) -> list[Token] | None:
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i != verb.i:
            toks = [t for t in child.subtree if t not in speaker_toks and sent.start <= t.idx < sent.end]
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and verb.i < c.i < child.i), None)
            if child.dep_ == "xcomp" and obj is not None:  # "urged supporters to monitor ...": the object is part of it
                toks = [t for t in obj.subtree if sent.start <= t.idx < sent.end] + toks
            if len(toks) >= 3:
                return toks
    for prep in (c for c in verb.children if c.dep_ == "prep"):  # "said in a statement that ..."
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            for clause in pobj.children:
                if clause.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                    toks = [t for t in clause.subtree if t not in speaker_toks and sent.start <= t.idx < sent.end]
                    if len(toks) >= 3:
                        return toks
    if lemma_of(verb) in DENY_VERBS:
        for child in verb.children:
            if child.dep_ == "dobj":
                return [t for t in child.subtree if sent.start <= t.idx < sent.end]
    return None


def _clean_span(analysis: Analysis, start: int, end: int) -> Span:
    """Content as PARC/PolNeAR mark it: "that" and quotation marks kept, a quotation
    opened inside the content closed with it, datelines and edge punctuation (a closing full
    stop outside quotation marks too) dropped."""
    full = analysis.article.text
    text = full[start:end]
    if text.count("“") > text.count("”"):
        close = full.find("”", end, end + 400)
        if close != -1 and "\n" not in full[end:close]:
            end = close + 1
    text = full[start:end]
    lead = _LEADING_JUNK.match(text)
    start += lead.end() if lead else 0
    text = analysis.article.text[start:end]
    trail = _TRAILING_JUNK.search(text)
    if trail:
        end = start + trail.start()
    return analysis.span(start, end)


def _linked_quote(quotes: list[Quote], verb: Token, speaker: tuple[int, int]) -> Quote | None:
    """A quotation the verb governs (it lies in the verb's subtree), outside the speaker NP, nearest to the cue."""
    v_start, v_end = subtree_span(list(verb.subtree))
    cands = [q for q in quotes if not (q.start <= verb.idx < q.end) and not (q.start <= speaker[0] < q.end)
             and min(v_end, q.inner_end) - max(v_start, q.inner_start) > 0]
    return min(cands, key=lambda q: min(abs(q.start - verb.idx), abs(q.end - verb.idx)), default=None)


def _closed(analysis: Analysis, link: SourceLink, cue: Span) -> SourceLink:
    """A source phrase whose appositive or relative clause opens with a comma or dash keeps the
    mark that closes it before the cue ("Jo Hill, the mayor, said"), as PARC/PolNeAR mark sources."""
    span, text = link.span, analysis.article.text
    if span is None:
        return link
    after = len(text[span.end : span.end + 3]) - len(text[span.end : span.end + 3].lstrip(" "))
    mark = text[span.end + after : span.end + after + 1]
    between = text[span.end + after + 1 : cue.start] if cue.start > span.end else ""
    if mark not in (",", "–", "—") or mark not in span.text or len(between.split()) > 2 or "," in between:
        return link
    return link.model_copy(update={"span": analysis.span(span.start, span.end + after + 1)})


def _source_phrase(subj: Token, verb: Token, sent) -> list[Token]:
    """The subject's words as PolNeAR marks a source: with its appositives and relative clauses,
    but without a participle clause or a clause of saying set off by commas ("Jo Hill, speaking
    in Dayton, said"; "Jo Hill, who argued that ..., said"), and not past the verb when it
    precedes the verb (a parse can hang a later phrase on the subject)."""
    drop: set[int] = set()
    for child in subj.children:
        saying = child.dep_ == "relcl" and (child.lemma_ in REPORTING_VERBS or any(k.dep_ == "ccomp" for k in child.children))
        if child.i < subj.i or not (child.dep_ == "acl" or saying):
            continue
        sub = list(child.subtree)
        doc = subj.doc
        if sub[0].i > 0 and doc[sub[0].i - 1].text in (",", "—", "–", "―"):
            drop |= {t.i for t in sub} | {sub[0].i - 1}
            if sub[-1].i + 1 < len(doc) and doc[sub[-1].i + 1].text == doc[sub[0].i - 1].text:
                drop.add(sub[-1].i + 1)
    last = verb.i if subj.i < verb.i else len(subj.doc)
    return [t for t in subj.subtree if t.i not in drop and t.i < last and sent.start <= t.idx < sent.end]


def _make(analysis, sent, speaker: SourceLink, recipient, cue: Span, lemma: str, content: Span, direct: bool, spans) -> Attribution:
    speaker = _closed(analysis, speaker, cue)
    if recipient is not None and recipient.span is not None:
        spans = [*spans, (recipient.span.start, recipient.span.end)]
    chain = [speaker] if recipient is None or recipient.name == speaker.name else [recipient, speaker]
    return Attribution(sent.id, speaker, chain, cue, lemma, content, direct, speaker.kind == "anonymous", recipient, spans)


_IRREGULAR = {"said": "say", "says": "say", "wrote": "write", "writes": "write", "told": "tell", "tells": "tell"}


def _verb_form(word: str) -> str | None:
    """The reporting-verb lemma of a form the tagger may have taken for a noun ("notes")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for cut in ("", "s", "es", "d", "ed"):
        if cut and not w.endswith(cut):
            continue
        stem = w[: len(w) - len(cut)] if cut else w
        if stem in REPORTING_VERBS:
            return stem
    return None


def _split_source(pobj: Token) -> tuple[list[Token], list[Token]] | None:
    """"According to The Hill, Sanders' allies believe ...": the parser joins the source and
    the next clause's subject into one phrase. (outer source tokens, inner subject tokens)
    when the phrase holds a comma and its head's verb has no subject of its own."""
    toks = [t for t in pobj.subtree]
    commas = [t for t in toks if t.text == ","]
    verb = pobj.head.head.head if pobj.head.head is not None else None
    if not commas or verb is None or verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    outer = [t for t in toks if t.i < commas[0].i]
    inner = [t for t in toks if t.i > commas[0].i and not (t.is_punct and t.text not in "’'")]
    if not outer or not inner or pobj not in inner or verb.i < inner[-1].i:
        return None
    return outer, inner


def _figure_clause(tok: Token, phrase: list[Token], sent) -> Token | None:
    """For a trailing "according to X", the subordinate clause just before it when that clause
    states a figure ("... as he navigates a rating of 40.8%, according to a poll")."""
    before = [t for t in tok.doc[max(0, tok.i - 60) : tok.i] if sent.start <= t.idx < sent.end and not t.is_punct]
    after = [t for t in tok.doc[phrase[-1].i + 1 : phrase[-1].i + 60] if sent.start <= t.idx < sent.end and not t.is_punct]
    if not before or after:
        return None
    v = before[-1]
    steps = 0
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and steps < 8:
        v, steps = v.head, steps + 1
    if v.dep_ not in ("advcl", "relcl", "ccomp", "xcomp") or v.i > tok.i:
        return None
    return v if any(t.like_num or t.text == "%" for t in v.subtree) else None


def _governing_clause(tok: Token) -> Token | None:
    """The verb of the subordinate clause a phrase hangs on; None when that is the main clause."""
    v = tok.head
    steps = 0
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and steps < 6:
        v, steps = v.head, steps + 1
    if v.pos_ not in ("VERB", "AUX") or v.dep_ not in ("advcl", "relcl", "acl", "ccomp"):
        return None
    return v


def _object_content(verb: Token, speaker_toks: list[Token], sent) -> list[Token] | None:
    """For a cue without a clause ("called for new sanctions", "cited the report", "wants a
    recount"): its object, or the object of its preposition, as the content."""
    for child in verb.children:
        if child.i < verb.i:
            continue
        heads = [child] if child.dep_ in ("dobj", "obj", "attr") else [g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else []
        for h in heads:
            toks = [t for t in h.subtree if t not in speaker_toks and sent.start <= t.idx < sent.end]
            if len(toks) >= 2:
                return toks
    return None


def _according_inner(verb: Token) -> list[Token] | None:
    """The subject the parser folded into a preceding "according to X, Y" phrase."""
    for child in verb.children:
        if child.lower_ == "according":
            to = next((c for c in child.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            split = _split_source(pobj) if pobj is not None else None
            if split:
                return [t for t in split[1] if not t.is_punct or t.text in "’'"]
    return None


def _mis_parsed_subject(verb: Token) -> Token | None:
    """A proper noun right before the verb that the parser left as a modifier ("‘Axios’ reported")."""
    for child in verb.children:
        if (child.dep_ in ("advmod", "npadvmod", "dep") and child.i < verb.i and child.text[:1].isupper()
                and child.pos_ in ("PROPN", "ADV", "NOUN") and not child.is_sent_start
                and (not child.nbor(1).is_punct or child.nbor(1).text in "’'")):
            return child
    return None


def _surrounding_clause(verb: Token, speaker: tuple[int, int], sent) -> list[Token] | None:
    """For a trailing or parenthetical attribution ("..., Axios reported." / "The museum,
    Mr. Bush said, celebrated..."), the larger stretch of the sentence outside "X said"."""
    if verb.dep_ not in ("advcl", "parataxis", "ccomp", "conj") or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    doc = verb.doc
    inside = [t for t in doc[verb.i - 40 if verb.i > 40 else 0 : verb.i + 80] if sent.start <= t.idx < sent.end]
    before = [t for t in inside if t.idx < speaker[0] and not t.is_punct]
    after = [t for t in inside if t.i > verb.i and t not in verb.subtree]
    if speaker[0] > verb.idx:  # inverted: "..., said Bates."
        before = [t for t in inside if t.i < verb.i]
        after = []
    toks = max((before, after), key=len)
    return toks if len(toks) >= 4 else None


def _covers(quote: Quote, clause: list[Token]) -> bool:
    """The quotation is most of the clause (a full quote, not a few quoted words)."""
    c_start, c_end = subtree_span(clause)
    overlap = min(c_end, quote.inner_end) - max(c_start, quote.inner_start)
    return overlap > 0.6 * (c_end - c_start)


_ACT_PARTS = {"dobj", "obj", "dative", "attr", "oprd", "acomp", "xcomp", "ccomp", "prep", "pobj", "pcomp", "agent"}


def _act_content(verb: Token, cue: tuple[int, int], sent) -> list[Token] | None:
    """What an act cue is about ("endorsed [the mayor]", "called for [a recount]",
    "accused [the board of hiding the cost]"): the object and complements right of the cue,
    without a time phrase ("on Friday") or a following clause of its own."""
    toks: list[Token] = []
    heads = [c for t in verb.doc[cue[0] : cue[1]] for c in t.children if c.i >= cue[1]]
    for child in heads:
        if child.dep_ not in _ACT_PARTS or child.ent_type_ in ("DATE", "TIME"):
            continue
        if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children if g.dep_ == "pobj"):
            continue
        toks += [t for t in child.subtree if sent.start <= t.idx < sent.end]
    toks = sorted(set(toks), key=lambda t: t.i)
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’')":
        toks.pop()
    return toks or None
