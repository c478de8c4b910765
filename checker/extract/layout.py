"""Attributions set by layout rather than by grammar.

* A quotation signed off with a dash and a name at the end of its line
  (``“The bridge is ugly.” ― Maria Gomez``): the name is the source, the dash the cue,
  the quotation the content.
* A line opened by a speaker's name and a colon, as transcripts and headlines write them
  (``HILL: Yes, the bridge opens in June.``, ``Hill: Bridge Will Open In June``): the name
  is the source, the colon the cue, the rest of the line the content. The name is a
  capitalised speaker tag (two letters or more, at most three words, not a label such as
  "UPDATE" listed in ``page_furniture.yaml``, nor a dateline's place) or a person or
  organisation spaCy recognises.

An attribution belongs to the sentence its content starts in; it is a claim when its content
lies within that sentence, else a record only (a transcript answer of several sentences).
"""

from __future__ import annotations

import re

from .. import lexicons
from ..models import SourceLink
from .clauses import Attribution, _make
from .nlp import Analysis
from .speakers import Resolver

_LABELS = lexicons.words("page_furniture", "line_labels")
_PLACES_AND_TIMES = {"GPE", "LOC", "FAC", "DATE", "TIME"}
_GAP = r"[ \t\u00a0]*"
_NAME = r"[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4}"
_SIGN_OFF = re.compile(rf"(?P<quote>[“”\"][^\n]*[”\"]){_GAP}(?P<cue>[―—–]){_GAP}(?P<name>{_NAME}){_GAP}$", re.M)
_SPEAKER_LINE = re.compile(rf"^[\"“]?(?P<name>[^\n:\"“”]{{2,40}}?)(?P<cue>:){_GAP}(?P<rest>\S[^\n]*)$", re.M)


def layout_attributions(analysis: Analysis, resolver: Resolver) -> dict[int, list[Attribution]]:
    """Sign-off and speaker-line attributions, by the id of the sentence they belong to."""
    text = analysis.article.text
    found: dict[int, list[Attribution]] = {}
    for m in _SIGN_OFF.finditer(text):
        name_end = m.end("name") - (1 if m.group("name").endswith(".") and len(m.group("name").split()[-1]) > 2 else 0)
        att = _attribution(analysis, resolver, (m.start("name"), name_end), m.span("cue"), m.span("quote"), True)
        if att is not None:
            found.setdefault(att.sentence_id, []).append(att)
    for m in _SPEAKER_LINE.finditer(text):
        if not _speaker_tag(analysis, m.group("name"), m.start("name")):
            continue
        end = m.end("rest")
        if text[m.start() : m.start() + 1] in "\"“" and text[end - 1] in "\"”" and text[m.start() : end].count('"') % 2 == 0:
            end -= 1  # the closing mark of a quotation opened before the name
        att = _attribution(analysis, resolver, m.span("name"), m.span("cue"), (m.start("rest"), end), False)
        if att is not None:
            found.setdefault(att.sentence_id, []).append(att)
    return found


def _speaker_tag(analysis: Analysis, name: str, start: int) -> bool:
    """A capitalised speaker tag ("HILL", "SEN. LOPEZ") or a recognised person or organisation."""
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    if name.lower().strip(" .") in _LABELS or not words or "," in name:
        return False
    if any(t.ent_type_ in _PLACES_AND_TIMES for t in analysis.tokens(start, start + len(name))):
        return False  # a dateline: "WASHINGTON:", "PARIS (AP):"
    if name.isupper() and len(letters) >= 2 and len(words) <= 3:
        return True
    return any(e.span.start == start and e.span.end == start + len(name) and e.label in ("PERSON", "ORG")
               for e in analysis.entities) and len(words) <= 4


def _attribution(analysis: Analysis, resolver: Resolver, name: tuple[int, int], cue: tuple[int, int],
                 content: tuple[int, int], direct: bool) -> Attribution | None:
    sent = next((s for s in analysis.sentences if s.start <= content[0] < s.end), None)
    src = list(analysis.tokens(*name))
    if sent is None or not src or content[1] - content[0] < 2:
        return None
    speaker: SourceLink = resolver.link(src)
    body = analysis.span(*content)
    if not direct:
        quote = analysis.quote_at(body.start, body.end)
        direct = quote is not None and quote.inner_end - quote.inner_start >= 0.8 * (body.end - body.start)
    cue_span = analysis.span(*cue)
    spans = [r for r in (name, cue) if sent.start <= r[0] < sent.end] + [(body.start, body.end)]  # within its sentence
    att = _make(analysis, sent, speaker, None, cue_span, cue_span.text, body, direct, spans)
    att.claim = body.end <= sent.end
    return att
