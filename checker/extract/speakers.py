"""Who is speaking: noun phrases resolved to a :class:`~checker.models.SourceLink`.

A speaker's phrase becomes a person, organisation, outlet or anonymous source. Pronouns
("he", "they") and descriptions ("the senator", "the outlet", "the source") resolve to a
recent speaker, a salient person, organisation or outlet of the same article. The words
come from ``checker/data``: outlets.yaml, titles.yaml, speaker_nouns.yaml, pronouns.yaml.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from .. import lexicons
from ..models import SourceLink, Span, SpeakerKind
from .nlp import Analysis

_OUTLET_NAMES = lexicons.words("outlets", "names")
OUTLET_ANAPHORA = lexicons.words("outlets", "anaphora")
OUTLETS = _OUTLET_NAMES | OUTLET_ANAPHORA
_MEDIA_WORDS = re.compile(r"\b" + lexicons.alternation(lexicons.ordered("outlets", "name_words"), case="title") + r"\b")
ANONYMOUS_NOUNS = lexicons.words("speaker_nouns", "anonymous")
_ANONYMOUS_OPENINGS = lexicons.ordered("speaker_nouns", "anonymous_openings")
ORG_NOUNS = lexicons.words("speaker_nouns", "organisations")
_ORG_ANAPHORA = lexicons.words("speaker_nouns", "organisation_anaphora")
_POLL_NOUNS = lexicons.words("speaker_nouns", "polls")
ROLE_NOUNS = lexicons.words("titles", "person_roles")
_SPOKESPEOPLE = lexicons.words("titles", "spokespeople")
_PERSON_PRONOUNS = lexicons.words("pronouns", "person")
_GROUP_PRONOUNS = lexicons.words("pronouns", "group")
_PRONOUNS = _PERSON_PRONOUNS | _GROUP_PRONOUNS | lexicons.words("pronouns", "thing")


def _lemma(token: Token) -> str:
    """The token's lemma, lower-cased ("Officials" -> "official")."""
    return token.lemma_.lower()


def is_outlet(name: str) -> bool:
    """A known outlet, or a capitalised name with a publication word in it ("Tampa Bay Times")."""
    n = name.lower().strip(" ‘’'\"")
    return n in OUTLETS or bool(_MEDIA_WORDS.search(name) and name[:1].isupper())


def _names_outlet(tokens: list[Token]) -> bool:
    """Some run of up to three words in the phrase is a known outlet ('a RealClearPolitics poll')."""
    words = [t.text for t in tokens]
    return any(" ".join(words[i : i + n]).lower() in _OUTLET_NAMES
               for n in (1, 2, 3) for i in range(len(words)) if words[i][:1].isupper())


def subtree_span(tokens: list[Token]) -> tuple[int, int]:
    """The character range (start, end) the tokens cover."""
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _trim(tokens: list[Token]) -> list[Token]:
    """The tokens without punctuation or space at either end."""
    toks = list(tokens)
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space):
        if toks[-1].text == ")" and any(t.text == "(" for t in toks):  # keep "(D-Wis.)" whole
            break
        toks.pop()
    while len(toks) > 1 and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    return toks


def speaks_on_record(tokens: list[Token]) -> bool:
    """An unnamed spokesperson for a named principal ("a spokesperson for Mayor Doe", "an
    Acme Corp spokeswoman"): the speaker is unnamed but speaks on the record for
    someone the phrase names (a proper noun or a named entity), so the statement is
    reported, not hedged. A bare "a spokesperson" names no principal."""
    head = next((t for t in tokens if t.head not in tokens or t.head == t), None)
    if head is None or head.lower_ not in _SPOKESPEOPLE:
        return False
    return any(t is not head and (t.pos_ == "PROPN" or t.ent_type_) for t in tokens)


class Resolver:
    """Tracks recent speakers, salient persons, organisations and outlets to resolve
    pronouns and definite descriptions ('the senator', 'the outlet')."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.persons: list[tuple[int, str]] = []  # (offset, canonical name) of PERSON subjects
        self.orgs: list[tuple[int, str]] = []
        self.outlets: list[tuple[int, str]] = []
        self.speakers: list[tuple[int, SourceLink]] = []
        self.surnames = {e.canonical.split()[-1]: e.canonical for e in analysis.entities if e.label == "PERSON" and e.canonical.split()}
        for ent in analysis.entities:
            if ent.label == "PERSON":
                toks = analysis.tokens(ent.span.start, ent.span.end)
                subject = [t for t in toks if t.dep_ in ("nsubj", "nsubjpass") or t.head.dep_ in ("nsubj", "nsubjpass")]
                if any(t.head.dep_ == "ROOT" or t.head.head.dep_ == "ROOT" for t in subject):  # main-clause subjects only
                    self.persons.append((ent.span.start, ent.canonical))
            elif ent.label == "ORG":
                name = "The " + ent.canonical if analysis.article.text[max(0, ent.span.start - 4) : ent.span.start] == "The " else ent.canonical
                (self.outlets if is_outlet(name) else self.orgs).append((ent.span.start, name))

    @staticmethod
    def _last(items: list[tuple[int, object]], before: int, window: int = 2500):
        found = [v for off, v in items if before - window <= off < before]
        return found[-1] if found else None

    def link(self, tokens: list[Token], span_tokens: list[Token] | None = None) -> SourceLink:
        """A SourceLink for a noun phrase, resolving pronouns and descriptions; the span
        covers ``span_tokens`` (the whole phrase with appositives) when given."""
        a = self.analysis
        start, end = subtree_span(tokens)
        span = a.span(*subtree_span(_trim(span_tokens))) if span_tokens else a.span(start, end)
        text = re.sub(r"^[‘’'\"“”]+|[‘’'\"“”]+$", "", span.text)
        lower = text.lower()
        head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
        inside = [e for e in a.entities if start <= e.span.start and e.span.end <= end]
        ents = [e for e in inside if e.span.start <= head.idx < e.span.end]
        if lower in _PRONOUNS or head.lower_ in _PRONOUNS:
            return self._resolve_pronoun(head.lower_, span, start)
        if len(tokens) == 2 and lower.startswith("the ") and _lemma(head) in ANONYMOUS_NOUNS:
            prev = self._last(self.speakers, start, window=800)
            if prev is not None and prev.kind == "anonymous":
                return SourceLink(name=prev.name, kind="anonymous", span=span, resolved_from=text)
        if lower in OUTLET_ANAPHORA:
            outlet = self._last(self.outlets, start)
            if outlet:
                return SourceLink(name=outlet, kind="outlet", span=span, resolved_from=text)
            return SourceLink(name=text, kind="outlet", span=span)
        if ents and ents[0].label == "PERSON":
            return SourceLink(name=ents[0].canonical, kind="person", span=span)
        if head.pos_ == "PROPN" and head.text in self.surnames and len(tokens) == 1:
            return SourceLink(name=self.surnames[head.text], kind="person", span=span)
        if head.lower_ in _POLL_NOUNS and not lower.startswith("the "):  # "a RealClearPolitics poll aggregate"
            return SourceLink(name=text, kind="organization", span=span)
        if is_outlet(text):
            return SourceLink(name=text, kind="outlet", span=span)
        if ents and is_outlet(ents[0].canonical):
            return SourceLink(name=ents[0].canonical, kind="outlet", span=span)
        if _lemma(head) not in ANONYMOUS_NOUNS and (_names_outlet(tokens) or any(is_outlet(e.canonical) for e in inside)):
            return SourceLink(name=text, kind="outlet", span=span)
        if head.lower_ in ORG_NOUNS and not lower.startswith("the "):
            return SourceLink(name=text, kind="organization", span=span)
        if _lemma(head) in ANONYMOUS_NOUNS or lower.startswith(_ANONYMOUS_OPENINGS):
            return SourceLink(name=text, kind="anonymous", span=span)
        if lower.startswith("the ") and head.lower_ in ROLE_NOUNS and not ents:
            person = self._last(self.persons, start)
            if person:
                return SourceLink(name=person, kind="person", span=span, resolved_from=text)
        if lower.startswith("the ") and head.lower_ in _ORG_ANAPHORA:
            org = self._organisation(head.lower_, start)
            if org:
                return SourceLink(name=org, kind="organization", span=span, resolved_from=text)
        kind: SpeakerKind = "organization" if any(e.label in ("ORG", "NORP", "GPE") for e in inside) else "anonymous"
        if head.pos_ == "PROPN" and not ents:
            kind = "person" if len(text.split()) >= 2 else "organization"
        if head.lower_ in _SPOKESPEOPLE:
            kind = "anonymous"  # an unnamed spokesperson: a named one is a PERSON entity above
        return SourceLink(name=ents[0].canonical if ents else text, kind=kind, span=span)

    def _organisation(self, noun: str, before: int, window: int = 2500) -> str | None:
        """The organisation a description ("the agency") refers to: among those named in the
        window before it, the only one whose name holds the noun, else the only one named;
        None when several fit."""
        names = list(dict.fromkeys(n for off, n in self.orgs if before - window <= off < before))
        holding = [n for n in names if noun in n.lower().split()]
        if len(holding) == 1:
            return holding[0]
        if len(names) == 1 and not holding and names[0] not in self.surnames:
            return names[0]
        return None

    def _resolve_pronoun(self, pronoun: str, span: Span, offset: int) -> SourceLink:
        if pronoun in _GROUP_PRONOUNS:
            prev = self._last(self.speakers, offset, window=600)
            if prev is not None:
                return SourceLink(name=prev.name, kind=prev.kind, span=span, resolved_from=span.text)
        if pronoun in _PERSON_PRONOUNS:
            person = self._last(sorted(self.persons), offset)
            if person:
                return SourceLink(name=person, kind="person", span=span, resolved_from=span.text)
        return SourceLink(name=span.text, kind="anonymous", span=span)

    def remember(self, link: SourceLink) -> None:
        if link.span is not None and link.kind != "outlet":
            self.speakers.append((link.span.start, link))
        if link.span is not None and link.kind == "person":
            self.persons.append((link.span.start, link.name))
