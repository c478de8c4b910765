"""The offline engine: claims from an article with no model.

What counts as a claim (check-worthy):

* every attributed statement (direct or indirect quote, "according to",
  "X reported") whose content has at least three words;
* an author-voice sentence, or the part of a sentence left after its
  attributions, when it is a declarative statement of six words or more that
  names an entity (person, organisation, place, group, event) or carries a
  number, percentage or date;
* never questions, headlines, page furniture ("Something went wrong", "Read
  the original article"), links or social-media embed lines.
"""

from __future__ import annotations

import re

from .. import lexicons
from ..engines import Engine
from ..models import Article, Claim, Entity, HedgingLevel, SourceLink
from . import hedging, temporal
from .attribution import DENY_VERBS, HEDGE_VERBS, SPECULATE_VERBS, Attribution, find_attributions
from .nlp import Analysis, analyse

CHECKWORTHY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW", "FAC", "LOC"}
NUMERIC_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE"}
_FURNITURE = re.compile(
    r"https?://|pic\.twitter\.com|@\w+\)|^[—–-]\s|^\W*" + lexicons.alternation(lexicons.ordered("page_furniture", "line_openings")),
    re.I,
)
MIN_AUTHOR_WORDS = 6


def _base_level(att: Attribution) -> HedgingLevel:
    if att.cue_lemma in DENY_VERBS:
        return "denied"
    if att.cue_lemma in SPECULATE_VERBS:
        return "speculative"
    if att.cue_lemma in HEDGE_VERBS or att.anonymous:
        return "hedged"
    return "reported"


def _statement(text: str) -> str:
    text = text.strip().strip("“”\"‘’'").strip().lstrip(",;:—–- ").strip()
    text = re.sub(r"^that\s+", "", text).strip("“”\"‘’' ")
    text = re.sub(r"(?:[,;:]|\s+(?:and|but|or))$", "", text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


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

    def claims_from(self, analysis: Analysis) -> list[Claim]:
        """Claims from an existing analysis (the LLM engine reuses it to validate)."""
        article = analysis.article
        author = SourceLink(name=article.outlet.value or "the article", kind="author")
        atts = find_attributions(analysis)
        claims: list[Claim] = []
        for sent in analysis.sentences:
            if _FURNITURE.search(sent.text) or _is_headline(analysis, sent):
                continue
            here = [a for a in atts if a.sentence_id == sent.id]
            for att in here:
                claims.append(self._attributed(analysis, sent, att))
            gap = _uncovered(sent, here) if here else (sent.start, sent.end)
            if gap is not None:
                claim = self._authored(analysis, sent, gap, author, whole=not here)
                if claim is not None:
                    claims.append(claim)
        for i, claim in enumerate(sorted(claims, key=lambda c: (c.evidence.start, c.content.start if c.content else 0))):
            claim.id = f"{article.id}:{i:03d}"
        return sorted(claims, key=lambda c: c.id)

    def _time(self, analysis: Analysis, start: int, end: int, sentence=None):
        """The first resolvable time in the content, else in its sentence ("said Tuesday"),
        else the article's own date, marked inferred; in an undated article, the first time
        expression written there, left unresolved (``value=None``)."""
        unresolved = None
        for lo, hi in [(start, end)] + ([(sentence.start, sentence.end)] if sentence else []):
            times = temporal.times_in(analysis.entities, analysis.article, lo, hi)
            valued = [t for t in times if t.value]
            if valued:
                return valued[0]
            unresolved = unresolved or next(iter(times), None)
        return temporal.inherited(analysis.article) or unresolved

    def _attributed(self, analysis: Analysis, sent, att: Attribution) -> Claim:
        content = att.content
        adverbs = [c for c in analysis.tokens(att.cue.start, att.cue.end) for c in c.children if c.dep_ == "advmod"]
        extra = [att.cue] + [analysis.span(a.idx, a.idx + len(a.text)) for a in adverbs if hedging.find_cues(a.text)]
        if att.anonymous and att.speaker.span is not None:
            extra.append(att.speaker.span)  # anonymous sourcing is itself a hedge
        hedge = hedging.assess(content.text, base=_base_level(att), offset=content.start, extra_cues=extra)
        ents = _entities(analysis, content.start, content.end)
        return Claim(
            id="",
            article_id=analysis.article.id,
            statement=_statement(content.text if len(content.text.split()) >= 4 else sent.text),
            evidence=analysis.span(sent.start, sent.end),
            content=content,
            cue=att.cue,
            speaker=att.speaker,
            source=att.chain,
            hedging=hedge,
            quote="direct" if att.direct else "indirect",
            time=self._time(analysis, content.start, content.end, sent),
            entities=ents,
            reasons=_reasons(ents, True, att.direct),
        )

    def _authored(self, analysis: Analysis, sent, gap: tuple[int, int], author: SourceLink, whole: bool) -> Claim | None:
        content = analysis.span(*gap)
        text = content.text.strip(" ,;:—–-“”\"")
        if text.endswith("?") or len(text.split()) < MIN_AUTHOR_WORDS:
            return None
        toks = analysis.tokens(content.start, content.end)
        if whole and not any(t.pos_ in ("VERB", "AUX") for t in toks):
            return None
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
            hedging=hedging.assess(content.text, offset=content.start),
            quote="none",
            time=self._time(analysis, content.start, content.end),
            entities=ents,
            reasons=_reasons(ents, False, False) + (["contains quoted words"] if partial else []),
        )
