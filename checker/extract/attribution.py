"""Attribution: who says what, through whom (source / cue / content).

Rules over spaCy's dependency parse, one sentence at a time:

* a reporting verb ("said", "told", "reported", "explained", "denied"...) with
  its subject as the source and its clausal complement, or an adjacent direct
  quotation, as the content;
* "according to X" with the rest of the sentence as the content;
* a recipient outlet ("told The Hill", "explained to Axios", "speaking with NBC
  News") becomes the outer link of the source chain, and an attribution nested
  in another's content inherits its chain ([Axios] -> [sources]);
* a quotation with no cue continues the previous sentence's speaker (a direct quote, or an
  outlet's report: its quotation continued in the next sentence keeps the chain);
* pronouns and descriptions ("he", "they", "the source", "the senator", "the
  outlet") resolve to a recent speaker, salient person, organisation or outlet
  (:mod:`checker.extract.speakers`).

Reporting verbs are matched on their lemma ("said", "says", "saying" -> "say") against
``checker/data/speech_verbs.yaml``, which also gives each verb's stance (deny, hedge...).
"""

from __future__ import annotations

from spacy.tokens import Token

from .. import lexicons
from ..models import SourceLink, Span
from .clauses import (
    _OBJECT_CUES,
    _RELATIVE_PRONOUNS,
    DENY_VERBS,
    HEDGE_VERBS,
    REPORTING_VERBS,
    SPECULATE_VERBS,
    Attribution,
    _according_inner,
    _act_content,
    _clean_span,
    _content_from_clause,
    _covers,
    _figure_clause,
    _governing_clause,
    _linked_quote,
    _make,
    _mis_parsed_subject,
    _np_tokens,
    _object_content,
    _recipient,
    _source_phrase,
    _split_source,
    _subject,
    _surrounding_clause,
    _verb_form,
    lemma_of,
)
from .cues import tagged_cues
from .layout import layout_attributions
from .nlp import Analysis
from .speakers import Resolver, subtree_span

_DEPICTION = lexicons.words("speech_verbs", "depiction")
_DEPICTION_SOURCES = lexicons.words("speech_verbs", "depiction_sources")

__all__ = ["DENY_VERBS", "HEDGE_VERBS", "REPORTING_VERBS", "SPECULATE_VERBS", "Attribution", "find_attributions", "lemma_of", "tagged_cues"]


def find_attributions(analysis: Analysis) -> list[Attribution]:
    """Every attribution in the article, in text order, with resolved speakers and chains."""
    resolver = Resolver(analysis)
    tagged = tagged_cues(analysis)
    found: list[Attribution] = []
    layout = layout_attributions(analysis, resolver)
    for sent in analysis.sentences:
        toks = analysis.tokens(sent.start, sent.end)
        quotes = [q for q in analysis.quotes if sent.start <= q.start and q.end <= sent.end + 1]
        here: list[Attribution] = layout.get(sent.id, [])
        inside = {i: h for h, (a, b) in (tagged or {}).items() for i in range(a, b)}
        for tok in toks:
            if inside.get(tok.i, tok.i) != tok.i:
                continue  # a word inside a tagged cue headed by another
            att = (_according_to(analysis, resolver, sent, tok) or _as_source(analysis, resolver, sent, tok)
                   or _depicted(analysis, resolver, sent, tok)
                   or _colon_cue(analysis, resolver, sent, tok, tagged)
                   or _reporting_verb(analysis, resolver, sent, tok, quotes, toks, tagged))
            if att is not None and not any(att.cue.start == h.cue.start for h in here):
                here.append(att)
        for head in sorted(tagged or ()):  # a tagged cue the rules could not place
            tok = analysis.doc[head]
            if sent.start <= tok.idx < sent.end and not any(h.cue.start <= tok.idx < h.cue.end or tok.idx <= h.cue.start < tok.idx + len(tok.text) for h in here):
                att = _fallback(analysis, resolver, sent, tok, tagged)
                if att is not None and (att.speaker.kind != "author" or not here):
                    here.append(att)
        if len(here) > 1:  # a source-less cue stands only for a sentence with no other attribution
            claims = [a for a in here if a.claim]
            keep = [a for a in claims if a.speaker.kind != "author"] or claims[:1]
            keep += [a for a in here if not a.claim and (a.speaker.kind != "author" or not keep)]
            here = [a for a in here if any(a is k for k in keep)]
        prev = next((a for a in reversed(found) if a.claim), None)
        continues = prev is not None and prev.sentence_id == sent.id - 1 and (prev.direct or prev.speaker.kind == "outlet")
        if not here and quotes and continues:  # a report's quotation continued in the next sentence
            q = max(quotes, key=lambda q: q.end - q.start)
            if q.end - q.start > 0.6 * (sent.end - sent.start):  # a quotation standing alone continues the speaker
                here.append(Attribution(sent.id, prev.speaker, prev.chain, prev.cue, prev.cue_lemma, analysis.span(q.start, q.end),
                                        True, prev.anonymous, prev.recipient, [(q.start, q.end)]))
        report = _report_before(found, sent.id)
        for att in here:  # an anonymous source quoted right after a report, naming no one it spoke to, spoke to that outlet
            if report is not None and att.claim and att.direct and att.speaker.kind == "anonymous" and att.recipient is None \
                    and not any(link.kind == "outlet" for link in att.chain) and not _addressed(analysis, sent, att):
                att.chain = [report, *att.chain]
        for att in here:  # nesting: an attribution inside another's content extends that chain
            outer = [o for o in here if o is not att and o.claim and o.content.start <= att.start and att.end <= o.content.end]
            if outer:
                att.chain = [*outer[0].chain, *[link for link in att.chain if link.name not in {c.name for c in outer[0].chain}]]
            if att.claim:
                resolver.remember(att.speaker)
        for att in here:  # a relay is no claim of its own (the inner one carries the chain), but an attribution still
            att.claim = att.claim and not _relay_only(att, here)
        found.extend(here)
    return found


def _report_before(found: list[Attribution], sentence_id: int) -> SourceLink | None:
    """The outlet that the sentence before ``sentence_id`` reports from ("..., Axios reported";
    "they told The Hill"): the outermost link of one of its chains, when that is an outlet."""
    return next((a.chain[0] for a in reversed(found) if a.sentence_id == sentence_id - 1 and a.chain
                 and a.chain[0].kind == "outlet"), None)


def _addressed(analysis: Analysis, sent, att: Attribution) -> bool:
    """The sentence says, outside the quotation, to whom it was given ("provided to BI")."""
    return any(t.lower_ == "to" and t.dep_ in ("prep", "dative") and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in t.children)
               and not att.content.start <= t.idx < att.content.end for t in analysis.tokens(sent.start, sent.end))


def _fallback(analysis: Analysis, resolver: Resolver, sent, verb: Token, tagged) -> Attribution | None:
    """A cue the tagger found where no rule applies (a source-less "is expected", a cue
    inside a quotation, an unusual construction): its explicit subject, if any, is the source
    (else the article's author) and its complement, object or the larger rest of the
    sentence the content."""
    if verb.is_punct:
        return None
    subj = _nearest_subject(verb, sent, ("nsubj", "nsubjpass"))
    src_toks = [t for t in _np_tokens(subj) if sent.start <= t.idx < sent.end] if subj is not None and subj.lower_ not in _RELATIVE_PRONOUNS else []
    cue = _cue_span(analysis, verb, tagged)
    clause = _content_from_clause(verb, src_toks, sent)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None  # "were denied access": no statement is reported
    if clause is None and not _listed(verb):  # a cue only the tagger found takes a proposition, or is an act
        inherited = _subject(verb) if subj is None else None  # "..., citing the report": the subject of the main verb
        if inherited is not None and inherited.lower_ not in _RELATIVE_PRONOUNS and sent.start <= inherited.idx < sent.end:
            src_toks = _np_tokens(inherited)
        return _act(analysis, resolver, sent, verb, src_toks, tagged)
    if clause is not None:
        c_start, c_end = subtree_span(clause)
    else:
        lo = min([cue.start, *(t.idx for t in src_toks)])
        hi = max([cue.end, *(t.idx + len(t.text) for t in src_toks)])
        c_start, c_end = max(((sent.start, lo), (hi, sent.end)), key=lambda r: r[1] - r[0])
    if c_end <= c_start:
        return None
    content = _clean_span(analysis, c_start, c_end)
    if len(content.text.split()) < 2:
        return None
    quote = analysis.quote_at(content.start, content.end)
    direct = quote is not None and quote.inner_end - quote.inner_start >= 0.8 * (content.end - content.start)
    spans = [(cue.start, cue.end), (content.start, content.end)]
    if src_toks:
        speaker = resolver.link(src_toks)
        spans.append(subtree_span(src_toks))
        return _make(analysis, sent, speaker, None, cue, lemma_of(verb), content, direct, spans)
    author = SourceLink(name=analysis.article.outlet.value or "the article", kind="author")
    return Attribution(sent.id, author, [], cue, lemma_of(verb), content, direct, False, None, spans)


def _nearest_subject(verb: Token, sent, deps: tuple[str, ...]) -> Token | None:
    """The verb's subject within its sentence (a parse can run across lines); of several (a
    misparse: '"...," The Hill reported'), the one nearest the verb."""
    found = [c for c in verb.children if c.dep_ in deps and sent.start <= c.idx < sent.end]
    return min(found, key=lambda c: abs(c.i - verb.i), default=None)


def _relay_only(att: Attribution, here: list[Attribution]) -> bool:
    """"According to X, Y said Z": the outer attribution only relays the inner one (its
    content is Y's attribution), which carries the chain [X, Y]; the outer is no claim."""
    if att.cue_lemma != "according to":
        return False
    for inner in here:
        if inner is att or inner.speaker.span is None or len(inner.chain) < 2:
            continue
        if abs(inner.speaker.span.start - att.content.start) <= 2 and inner.end <= att.content.end + 2:
            return True
    return False


def _according_to(analysis: Analysis, resolver: Resolver, sent, tok: Token) -> Attribution | None:
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    split = _split_source(pobj)
    src_toks = split[0] if split else _np_tokens(pobj)
    speaker = resolver.link(src_toks)
    phrase = [t for t in tok.subtree if not split or t not in split[1]]
    p_start, p_end = subtree_span(phrase)
    # The content is the rest of the sentence on the larger side of the phrase, or, when
    # the phrase hangs on a subordinate clause ("... as he navigates a rating of 40.8%,
    # according to a poll"), the rest of that clause.
    lo, hi = sent.start, sent.end
    clause = _governing_clause(tok) or _figure_clause(tok, phrase, sent)
    if clause is not None:
        inner = [t for t in clause.subtree if t not in phrase and t.dep_ != "mark" and sent.start <= t.idx < sent.end and not t.is_punct]
        if len(inner) >= 3:
            lo, hi = subtree_span(inner)
            lo, hi = min(lo, p_start) if p_start < lo else lo, max(hi, p_end) if p_end > hi else hi
    before, after = (lo, p_start), (p_end, hi)
    c_start, c_end = max((before, after), key=lambda r: r[1] - r[0])
    content = _clean_span(analysis, c_start, c_end)
    if len(content.text.split()) < 3:
        return None
    recipient = None
    for rel in pobj.children:  # "an unnamed ally who spoke to the outlet"
        if rel.dep_ == "relcl":
            recipient = _recipient(rel, resolver, [])
    cue = analysis.span(tok.idx, to.idx + len(to.text))
    quote = analysis.quote_at(content.start, content.end)
    direct = quote is not None and quote.inner_end - quote.inner_start >= 0.8 * (content.end - content.start)
    return _make(analysis, sent, speaker, recipient, cue, "according to", content, direct, [(p_start, p_end), (content.start, content.end)])


def _listed(verb: Token) -> bool:
    """A listed reporting verb (speech_verbs.yaml)."""
    return lemma_of(verb) in REPORTING_VERBS and verb.pos_ in ("VERB", "NOUN", "AUX")


def _is_cue(verb: Token, tagged: dict[int, tuple[int, int]] | None) -> bool:
    """A cue: a listed reporting verb, or a word the learned tagger marks as a cue."""
    return _listed(verb) or (tagged is not None and verb.i in tagged and verb.pos_ in ("VERB", "NOUN", "AUX", "ADJ"))


def _cue_span(analysis: Analysis, verb: Token, tagged: dict[int, tuple[int, int]] | None) -> Span:
    if tagged is not None and verb.i in tagged:
        a, b = tagged[verb.i]
        first, last = verb.doc[a], verb.doc[b - 1]
        return analysis.span(first.idx, last.idx + len(last.text))
    return analysis.span(verb.idx, verb.idx + len(verb.text))


def _as_source(analysis: Analysis, resolver: Resolver, sent, tok: Token) -> Attribution | None:
    """"As the Daily Beast notes, ...": the phrase between "As" and the reporting verb is the
    source, the rest of the sentence after the comma the content."""
    if tok.lower_ != "as" or tok.idx != sent.start:
        return None
    doc = tok.doc
    comma = next((t for t in doc[tok.i + 1 : tok.i + 10] if t.text == ","), None)
    if comma is None or comma.i - tok.i < 3:
        return None
    verb = doc[comma.i - 1]
    lemma = _verb_form(verb.text)
    src = [t for t in doc[tok.i + 1 : verb.i] if not t.is_punct]
    if lemma is None or not src or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in src):
        return None
    content = _clean_span(analysis, comma.idx + 1, sent.end)
    if len(content.text.split()) < 3:
        return None
    speaker = resolver.link(src)
    cue = analysis.span(verb.idx, verb.idx + len(verb.text))
    quote = analysis.quote_at(content.start, content.end)
    direct = quote is not None and quote.inner_end - quote.inner_start >= 0.8 * (content.end - content.start)
    return _make(analysis, sent, speaker, None, cue, lemma, content, direct, [subtree_span(src), (cue.start, cue.end), (content.start, content.end)])


def _depicted(analysis: Analysis, resolver: Resolver, sent, tok: Token) -> Attribution | None:
    """"In Republican ad campaigns, Harris has been painted as ...": a sentence-initial "In"
    whose object is a campaign, an ad, a speech ..., on a passive verb of depiction; the
    object is the source, the verb the cue, the rest of the sentence the content."""
    verb = tok.head
    if tok.lower_ != "in" or tok.idx != sent.start or verb.lemma_.lower() not in _DEPICTION:
        return None
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in _DEPICTION_SOURCES:
        return None
    src = _np_tokens(pobj)
    after = [t for t in tok.doc[src[-1].i + 1 : verb.i + 40] if sent.start <= t.idx < sent.end and not t.is_punct]
    if len(after) < 3:
        return None
    content = _clean_span(analysis, after[0].idx, sent.end)
    speaker = resolver.link(src)
    cue = analysis.span(verb.idx, verb.idx + len(verb.text))
    return _make(analysis, sent, speaker, None, cue, verb.lemma_.lower(), content, False,
                 [subtree_span(src), (cue.start, cue.end), (content.start, content.end)])


def _colon_cue(analysis: Analysis, resolver: Resolver, sent, tok: Token, tagged) -> Attribution | None:
    """A transcript line "NAME: words" or a short speaker phrase ending in a colon the
    tagger marks as a cue: the words before the colon are the source, the rest the content."""
    if tagged is None or tok.text != ":" or tagged.get(tok.i) != (tok.i, tok.i + 1):
        return None
    before = [t for t in tok.doc[: tok.i] if t.idx >= sent.start]
    if not before or len(before) > 6 or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in before):
        return None
    after_start = tok.idx + 1
    if after_start >= sent.end:
        return None
    content = _clean_span(analysis, after_start, sent.end)
    if len(content.text.split()) < 2:
        return None
    speaker = resolver.link(before)
    cue = analysis.span(tok.idx, tok.idx + 1)
    quote = analysis.quote_at(content.start, content.end)
    direct = quote is not None and quote.inner_end - quote.inner_start >= 0.8 * (content.end - content.start)
    src = subtree_span(before)
    return _make(analysis, sent, speaker, None, cue, ":", content, direct, [src, (cue.start, cue.end), (content.start, content.end)])


def _reporting_verb(analysis: Analysis, resolver: Resolver, sent, verb: Token, quotes, toks, tagged=None) -> Attribution | None:
    if not _is_cue(verb, tagged):
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or any(q.inner_start <= verb.idx < q.inner_end for q in quotes):
        return None
    if verb.lemma_ == "add" and any(c.lower_ == "to" for c in verb.children):  # "adding to the mystery"
        return None
    explicit = _nearest_subject(verb, sent, ("nsubj",))
    folded = None if explicit else _according_inner(verb)
    subj = explicit or (folded[-1] if folded else None) or _mis_parsed_subject(verb)
    if subj is None and _listed(verb):  # a cue only the tagger found needs a subject of its own
        subj = _subject(verb)
    rel = None
    if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        rel, subj = subj, verb.head  # "an architect who said he was stiffed": "who", resolved to "an architect"
    if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "PROPN":
        subj = verb.head  # "footage of Trump saying ..."
    if subj is None or subj.lower_ in _RELATIVE_PRONOUNS or not (sent.start <= subj.idx < sent.end):
        return None
    src_toks = folded or [t for t in _np_tokens(subj) if sent.start <= t.idx < sent.end] or [subj]
    speaker_range = subtree_span(src_toks)
    quote = _linked_quote(quotes, verb, speaker_range)
    if _listed(verb):
        clause = _content_from_clause(verb, src_toks, sent) or _surrounding_clause(verb, speaker_range, sent)
    else:  # a cue only the tagger found takes a proposition: a clause, a quotation below, or
        # the object of a verb whose object is what is said ("called for a ban")
        clause = _content_from_clause(verb, src_toks, sent)
        if clause is None and explicit is not None and verb.lemma_.lower() in _OBJECT_CUES:
            clause = _object_content(verb, src_toks, sent)
        if clause is None and quote is None:
            return _act(analysis, resolver, sent, verb, src_toks, tagged)
    if quote is not None and (clause is None or _covers(quote, clause) or subtree_span(clause)[0] >= quote.inner_start - 1):
        content, direct = analysis.span(quote.start, quote.end), True
        spans = [(quote.start, quote.end)]
    elif clause is not None:
        c_start, c_end = subtree_span(clause)
        content = _clean_span(analysis, c_start, c_end)
        inner = analysis.quote_at(content.start, content.end)
        direct = inner is not None and inner.inner_end - inner.inner_start >= 0.8 * (content.end - content.start)
        spans = [(content.start, content.end)]
    else:
        return None
    if len(content.text.split()) < 2:
        return None
    speaker = resolver.link(src_toks, folded or _source_phrase(subj, verb, sent) if rel is None else None)
    if rel is not None:
        speaker_range = (rel.idx, rel.idx + len(rel.text))
        speaker = speaker.model_copy(update={"span": analysis.span(*speaker_range), "resolved_from": rel.text})
    recipient = _recipient(verb, resolver, toks)
    cue = _cue_span(analysis, verb, tagged)
    return _make(analysis, sent, speaker, recipient, cue, lemma_of(verb), content, direct, [speaker_range, (cue.start, cue.end), *spans])


def _act(analysis: Analysis, resolver: Resolver, sent, verb: Token, src_toks: list[Token], tagged) -> Attribution | None:
    """An act reported of its source, from a cue only the tagger found with no clause or
    quotation ("The union endorsed the mayor"): an attribution, but no claim of its own."""
    a, b = tagged[verb.i] if tagged is not None and verb.i in tagged else (verb.i, verb.i + 1)
    toks = _act_content(verb, (a, b), sent)
    if toks is None:
        return None
    content = _clean_span(analysis, *subtree_span(toks))
    cue = _cue_span(analysis, verb, tagged)
    spans = [(cue.start, cue.end), (content.start, content.end)]
    if src_toks:
        speaker = resolver.link(src_toks)
        att = _make(analysis, sent, speaker, None, cue, lemma_of(verb), content, False, [subtree_span(src_toks), *spans])
    else:
        author = SourceLink(name=analysis.article.outlet.value or "the article", kind="author")
        att = Attribution(sent.id, author, [], cue, lemma_of(verb), content, False, False, None, spans)
    att.claim = False
    return att
