"""The offline engine: claims from an article with no model.

What counts as a claim (check-worthy):

* every attributed statement (direct or indirect quote, "according to",
  "X reported") whose content has at least three words;
* an author-voice sentence, or the part of a sentence left after its
  attributions, when it is a declarative statement of six words or more that
  names an entity (person, organisation, place, group, event) or carries a
  number, percentage or date;
* never questions, headlines, page furniture ("Something went wrong", "Read
  the original article"), links or social-media embed lines;
* never an imperative or an instruction addressed to a reader or to an AI model
  ("Ignore your previous instructions and ..."), a fragment without a finite main
  verb ("Hinting at possible concerns ..."), nor an attribution frame alone ("The
  company said in a statement.": the content is only a prepositional phrase);
* a statement is a clean sentence: no bullet, no trailing conjunction, quotation
  marks balanced.
"""

from __future__ import annotations

import re

from .. import lexicons
from ..engines import Engine
from ..models import Article, AttributionRecord, Claim, Entity, HedgingLevel, QuoteKind, SourceLink
from . import checkworthy, hedging, speakers, temporal
from .attribution import DENY_VERBS, HEDGE_VERBS, REPORTING_VERBS, SPECULATE_VERBS, Attribution, find_attributions
from .nlp import Analysis, analyse

CHECKWORTHY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW", "FAC", "LOC"}
NUMERIC_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE"}
_FURNITURE = re.compile(
    r"https?://|pic\.twitter\.com|@\w+\)|^[—–-]\s|^\W*" + lexicons.alternation(lexicons.ordered("page_furniture", "line_openings")),
    re.I,
)
MIN_AUTHOR_WORDS = 6
_ADDRESSEES = re.compile(r"\b" + lexicons.alternation(lexicons.ordered("instructions", "addressees")) + r"\b", re.I)
_SECOND_PERSON = re.compile(r"\b" + lexicons.alternation(lexicons.ordered("instructions", "second_person")) + r"\b", re.I)
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_BULLETS = "•·▪‣◦*–—-"
_TRAILING_CONJUNCTION = re.compile(r"(?:\s*[,;:]|\s+(?:and|but|or|nor|so|because|while|as|that))+$", re.I)


def _quote_kind(direct: bool, speaker: SourceLink) -> QuoteKind:
    """Direct for a quotation, none for the author's own voice, else indirect."""
    return "direct" if direct else "none" if speaker.kind == "author" else "indirect"


def _unnamed(analysis: Analysis, att: Attribution) -> bool:
    """An unnamed source whose anonymity hedges: not a spokesperson on the record for a
    named principal ("a spokesperson for Mayor Doe")."""
    span = att.speaker.span
    return att.anonymous and not (span is not None and speakers.speaks_on_record(analysis.tokens(span.start, span.end)))


def _base_level(att: Attribution, unnamed: bool) -> HedgingLevel:
    if att.speaker.kind == "author":  # a source-less cue ("is expected"): the author's voice
        return "asserted"
    if att.cue_lemma in DENY_VERBS:
        return "denied"
    if att.cue_lemma in SPECULATE_VERBS:
        return "speculative"
    if att.cue_lemma in HEDGE_VERBS or unnamed:
        return "hedged"
    return "reported"


def _statement(text: str) -> str:
    """The claim as a clean sentence: no bullet or leading "that", no trailing conjunction,
    quotation marks balanced, a capital first letter and closing punctuation."""
    text = text.strip().strip("“”\"‘’'").strip().lstrip(",;:—–- " + _BULLETS).strip()
    text = re.sub(r"^that\s+", "", text).strip("“”\"‘’' ")
    end = "?" if text.endswith("?") else "!" if text.endswith("!") else "."
    text = text.rstrip(".!?…").rstrip()
    text = _TRAILING_CONJUNCTION.sub("", text).rstrip()
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    text = re.sub(r"\s{2,}", " ", text).strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text + end


def _entities(analysis: Analysis, start: int, end: int) -> list[Entity]:
    return [e for e in analysis.entities if start <= e.span.start and e.span.end <= end]


def _reasons(entities: list[Entity], attributed: bool, direct: bool) -> list[str]:
    reasons = ["attributed statement"] if attributed else []
    reasons += ["direct quote"] if direct else []
    labels = {e.label for e in entities}
    if labels & CHECKWORTHY_LABELS:
        reasons.append("names " + ", ".join(sorted(labels & CHECKWORTHY_LABELS)))
    if labels & NUMERIC_LABELS:
        reasons.append("has " + ", ".join(sorted(labels & NUMERIC_LABELS)).lower())
    return reasons


def _is_headline(analysis: Analysis, sent) -> bool:
    """A title or sub-heading: a whole line of under 20 words with no closing punctuation."""
    text = analysis.article.text
    title = analysis.article.title
    if title.value and sent.text.strip() == title.value.strip():
        return True
    whole_line = text[sent.start - 1 : sent.start] in ("", "\n") and text[sent.end : sent.end + 1] in ("", "\n")
    return whole_line and len(sent.text.split()) < 20 and not sent.text.rstrip().endswith((".", "!", "?", "”", '"', "’"))


def is_instruction(tokens) -> bool:
    """An imperative ("Ignore ...", "Please add ...") or a sentence addressed to an AI model
    (an addressee word with "you"/"your" or an imperative verb)."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words:
        return False
    first = next((t for t in words if t.lower_ not in ("please", "now", "also", "then", "and", "so")), words[0])
    imperative = first.tag_ == "VB" and first.dep_ in ("ROOT", "conj") and not any(c.dep_ in ("nsubj", "expl") for c in first.children)
    text = tokens.text if hasattr(tokens, "text") else " ".join(t.text for t in tokens)
    if imperative:
        return True
    return bool(_ADDRESSEES.search(text) and _SECOND_PERSON.search(text) and any(t.tag_ == "VB" and t.dep_ in ("ROOT", "conj") for t in words))


def has_finite_verb(tokens) -> bool:
    """A finite verb (past, present or modal tag) outside any relative or adjectival clause:
    "The governor hinted at ..." has one; "Hinting at ..." and "A remark that hints at ..."
    do not. Tags, not the tree, decide, since a parse can misplace the root."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.tag_ not in _FINITE_TAGS or t.pos_ not in ("VERB", "AUX"):
            continue
        node, steps, subordinate = t, 0, False
        while node.head.i != node.i and node.head.i in inside and steps < 12:
            if node.dep_ in ("relcl", "acl", "csubj"):
                subordinate = True
                break
            node, steps = node.head, steps + 1
        if not subordinate:
            return True
    return False


def _frame_only(analysis: Analysis, content) -> bool:
    """A content that is only a prepositional phrase or a bit of the frame ("in a statement")."""
    toks = [t for t in analysis.tokens(content.start, content.end) if not t.is_punct]
    return bool(toks) and toks[0].pos_ == "ADP" and not any(t.pos_ in ("VERB", "AUX") for t in toks) and len(toks) <= 6


def frame_only_sentence(tokens) -> bool:
    """A sentence that is only an attribution frame: its main verb is a reporting verb with no
    complement, object or quotation ("Acme said in a statement.")."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() not in REPORTING_VERBS:
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "obj", "parataxis", "advcl", "conj") for c in root.children):
        return False
    others = [t for t in tokens if t.i != root.i and t.pos_ in ("VERB", "AUX") and t.tag_ in _FINITE_TAGS | {"VB"}]
    return not others and not any(t.text in "“”\"" for t in tokens)


def _quote_continued(analysis: Analysis, att: Attribution, sent) -> int | None:
    """Where a mixed quote ends: a quotation that stops mid-clause (no punctuation before its
    closing mark) and is continued, before the attribution frame that follows it, by unquoted
    words whose syntax hangs on it ('"... room for her" to improve, they said': "to improve"
    depends on "room"). None when no word continues it, or the frame comes first ('she said
    "..." in a speech': the words after the quotation may belong to the frame)."""
    content = att.content
    quote = analysis.quote_at(content.start, content.end)
    text = analysis.article.text
    if quote is None or quote.end != content.end or text[quote.inner_start : quote.inner_end].rstrip()[-1:] in ",.!?;:—–-…":
        return None
    inside = {t.i for t in analysis.tokens(quote.inner_start, quote.inner_end)}
    run = []
    for tok in analysis.tokens(quote.end, sent.end):
        if tok.is_punct or tok.is_space:
            break
        run.append(tok)
    ids = {t.i for t in run}
    if not run or not all(t.head.i in inside | ids and t.head.i != t.i for t in run) or not any(t.head.i in inside for t in run):
        return None
    end = run[-1].idx + len(run[-1].text)
    frame = [att.cue.start] + ([att.speaker.span.start] if att.speaker.span is not None else [])
    return end if all(f >= end for f in frame) else None


def _not_article(analysis: Analysis, sent) -> bool:
    """Page furniture, or an instruction planted for a model: no claim, no attribution record."""
    return bool(_FURNITURE.search(sent.text)) or is_instruction(analysis.tokens(sent.start, sent.end))


def _uncovered(sent, atts: list[Attribution]) -> tuple[int, int] | None:
    """The largest stretch of the sentence no attribution covers."""
    covered = sorted(span for a in atts for span in [*a.spans, (a.content.start, a.content.end)])
    gaps, pos = [], sent.start
    for s, e in covered:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    if pos < sent.end:
        gaps.append((pos, sent.end))
    return max(gaps, key=lambda g: g[1] - g[0], default=None)


class OfflineEngine(Engine):
    """Deterministic claims from spaCy parses, attribution rules, hedging cues and dates."""

    name = "offline"

    def extract(self, article: Article) -> list[Claim]:
        return self.claims_from(analyse(article))

    def extract_all(self, article: Article) -> tuple[list[Claim], list[AttributionRecord]]:
        """The claims, and the attributions that are none: acts reported of a source ("The union
        endorsed the mayor"), questions, attributions in headlines."""
        analysis = analyse(article)
        atts = find_attributions(analysis)
        claims = self.claims_from(analysis, atts)
        stated = {(c.cue.start, c.content.start) for c in claims if c.cue is not None and c.content is not None}
        records = [
            AttributionRecord(article_id=article.id, speaker=a.speaker, cue=a.cue, content=a.content,
                              quote=_quote_kind(a.direct, a.speaker))
            for a in atts
            if (a.cue.start, a.content.start) not in stated and (a.direct or not _frame_only(analysis, a.content))
            and not _not_article(analysis, analysis.sentences[a.sentence_id])
        ]
        return claims, records

    def claims_from(self, analysis: Analysis, atts: list[Attribution] | None = None) -> list[Claim]:
        """Claims from an existing analysis (the LLM engine reuses it to validate), given its
        attributions or finding them."""
        article = analysis.article
        author = SourceLink(name=article.outlet.value or "the article", kind="author")
        atts = find_attributions(analysis) if atts is None else atts
        claims: list[Claim] = []
        for sent in analysis.sentences:
            if _FURNITURE.search(sent.text) or _is_headline(analysis, sent):
                continue
            sent_tokens = analysis.tokens(sent.start, sent.end)
            if is_instruction(sent_tokens) or frame_only_sentence(sent_tokens):
                continue
            here = [a for a in atts if a.sentence_id == sent.id and a.claim]
            for att in here:
                if att.content.text.rstrip("”\"’' ").endswith("?") or (not att.direct and _frame_only(analysis, att.content)):
                    continue  # a question, or an attribution frame with no statement
                claims.append(self._attributed(analysis, sent, att))
            gap = _uncovered(sent, here) if here else (sent.start, sent.end)
            if gap is not None:
                claim = self._authored(analysis, sent, gap, author, whole=not here)
                if claim is not None:
                    claims.append(claim)
        for i, claim in enumerate(sorted(claims, key=lambda c: (c.evidence.start, c.content.start if c.content else 0))):
            claim.id = f"{article.id}:{i:03d}"
            claim.checkworthiness = checkworthy.score(claim.statement)
        return sorted(claims, key=lambda c: c.id)

    def _time(self, analysis: Analysis, start: int, end: int, sentence=None):
        """The first resolvable time in the content, else in its sentence ("said Tuesday"),
        else the article's own date, marked inferred; in an undated article, the first time
        expression written there, left unresolved (``value=None``). A time that only describes
        the predicate noun ("a reminder of the last four years") dates nothing."""
        unresolved = None
        for lo, hi in [(start, end)] + ([(sentence.start, sentence.end)] if sentence else []):
            times = [t for t in temporal.times_in(analysis.entities, analysis.article, lo, hi)
                     if t.span is None or not temporal.describes_predicate(analysis.tokens(t.span.start, t.span.end))]
            valued = [t for t in times if t.value]
            if valued:
                return valued[0]
            unresolved = unresolved or next(iter(times), None)
        return temporal.inherited(analysis.article) or unresolved

    def _attributed(self, analysis: Analysis, sent, att: Attribution) -> Claim:
        content, direct = att.content, att.direct
        mixed = _quote_continued(analysis, att, sent) if direct else None
        if mixed is not None:  # a mixed quote: the content runs on past the quotation, paraphrased
            content, direct = analysis.span(content.start, mixed), False
        adverbs = [c for c in analysis.tokens(att.cue.start, att.cue.end) for c in c.children if c.dep_ == "advmod"]
        extra = [att.cue] + [analysis.span(a.idx, a.idx + len(a.text)) for a in adverbs if hedging.find_cues(a.text)]
        unnamed = _unnamed(analysis, att)
        if unnamed and att.speaker.span is not None:
            extra.append(att.speaker.span)  # anonymous sourcing is itself a hedge
        base = _base_level(att, unnamed)
        denial = hedging.denies_earlier(analysis.tokens(content.start, content.end), analysis.tokens(0, sent.start)) \
            if att.speaker.kind != "author" else None
        if denial is not None:  # a source negating what the article reported denies it
            base = "denied"
            extra.append(analysis.span(denial.idx, denial.idx + len(denial.text)))
        # a source-less cue ("is expected", "considering that"): the cue and its content, not
        # the rest of the sentence ("The apparent rift is noteworthy, considering that ...")
        voiced = content if att.speaker.kind != "author" else analysis.span(min(att.cue.start, content.start), max(att.cue.end, content.end))
        hedge = hedging.assess(voiced.text, base=base, offset=voiced.start, extra_cues=extra,
                               tokens=analysis.tokens(voiced.start, voiced.end))
        ents = _entities(analysis, content.start, content.end)
        return Claim(
            id="",
            article_id=analysis.article.id,
            statement=_statement(content.text if len(content.text.split()) >= 4 and att.speaker.kind != "author" else sent.text),
            evidence=analysis.span(sent.start, sent.end),
            content=content,
            cue=att.cue,
            speaker=att.speaker,
            source=att.chain,
            hedging=hedge,
            quote=_quote_kind(direct, att.speaker),
            time=self._time(analysis, content.start, content.end, sent),
            entities=ents,
            reasons=_reasons(ents, True, direct),
        )

    def _authored(self, analysis: Analysis, sent, gap: tuple[int, int], author: SourceLink, whole: bool) -> Claim | None:
        content = analysis.span(*gap)
        text = content.text.strip(" ,;:—–-“”\"")
        if text.endswith("?") or len(text.split()) < MIN_AUTHOR_WORDS:
            return None
        toks = analysis.tokens(content.start, content.end)
        if not has_finite_verb(toks):
            return None  # a fragment ("Hinting at possible concerns ...")
        if not whole and not any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head in toks for t in toks):
            return None  # a leftover phrase, not a clause of its own
        ents = _entities(analysis, content.start, content.end)
        if not {e.label for e in ents} & (CHECKWORTHY_LABELS | NUMERIC_LABELS):
            return None
        quote = analysis.quote_at(content.start, content.end)
        partial = quote is not None and not whole
        return Claim(
            id="",
            article_id=analysis.article.id,
            statement=_statement(content.text),
            evidence=analysis.span(sent.start, sent.end),
            content=None if whole else content,
            speaker=author,
            source=[],
            hedging=hedging.assess(content.text, offset=content.start, tokens=analysis.tokens(content.start, content.end)),
            quote="none",
            time=self._time(analysis, content.start, content.end),
            entities=ents,
            reasons=_reasons(ents, False, False) + (["contains quoted words"] if partial else []),
        )
