"""Hedging: how committed a text is to what it says, decided by cue words.

Levels, most to least committed: asserted (flat statement), reported (attributed
to a named source with a neutral verb), hedged (reportedly, allegedly, appears,
anonymous sources...), speculative (may, might, could, possibly, rumours...),
denied (deny, refute, reject..., or a source negating what the article stated before:
:func:`denies_earlier`). The strongest cue present wins; ``certainty``
is a finer 0..1 score (level base, minus each extra hedge, plus boosters such
as "clearly" or "demonstrated") used where a ranking is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicons
from ..models import HEDGING_LEVELS, Hedging, HedgingLevel, Span

#: Cue words per level, strongest first (surface forms, see hedge_cues.yaml); multi-word
#: cues are matched as phrases, case-insensitively.
CUES: dict[HedgingLevel, tuple[str, ...]] = {
    level: lexicons.ordered("hedge_cues", level) for level in ("denied", "speculative", "hedged")
}

#: Words that raise certainty above a plain statement.
BOOSTERS = lexicons.ordered("hedge_cues", "boosters")
#: Words that lower certainty without changing the level ("would", "often").
SOFTENERS = lexicons.ordered("hedge_cues", "softeners")

BASE_CERTAINTY: dict[HedgingLevel, float] = {
    "asserted": 0.9,
    "reported": 0.75,
    "hedged": 0.5,
    "speculative": 0.3,
    "denied": 0.1,
}

def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w’'-])" + lexicons.alternation(words) + r"(?![\w-])", re.I)


_COMPARATIVE = re.compile(r"\b" + lexicons.alternation(lexicons.ordered("hedge_cues", "comparatives")) + r"\s+$", re.I)
_CUE_PATTERNS = {level: _pattern(words) for level, words in CUES.items()}
_BOOSTER_PATTERN = _pattern(BOOSTERS)
_SOFTENER_PATTERN = _pattern(SOFTENERS)


@dataclass(frozen=True)
class Cue:
    """A hedging cue found in text: offsets are relative to the text searched."""

    text: str
    level: HedgingLevel
    start: int
    end: int


def find_cues(text: str) -> list[Cue]:
    """Every hedging cue in ``text``, in order; 'could' in "could not" stays speculative."""
    cues = [
        Cue(m.group(), level, m.start(), m.end())
        for level, pattern in _CUE_PATTERNS.items()
        for m in pattern.finditer(text)
        if not _COMPARATIVE.search(text[: m.start()])  # "more likely to" compares, it does not hedge
        and not (m.group() == "May" and m.start() > 0)  # mid-sentence "May" is the month (or a name)
    ]
    return sorted(cues, key=lambda c: c.start)


def strongest(levels: list[HedgingLevel]) -> HedgingLevel:
    """The least committed level of several (denied > speculative > hedged > reported > asserted)."""
    return max(levels, key=HEDGING_LEVELS.index, default="asserted")


def score(level: HedgingLevel, n_cues: int, n_boosters: int, n_softeners: int = 0) -> float:
    """Certainty in 0..1 from the level, the number of hedge cues, boosters and softeners."""
    value = BASE_CERTAINTY[level] - 0.07 * (max(0, n_cues - 1) + n_softeners) + 0.05 * n_boosters
    return round(min(1.0, max(0.0, value)), 3)


#: Dependencies that open a modifier clause or phrase: a hedge inside one qualifies that
#: modifier, not the claim's own clause ("..., sparking speculation that ...").
_MODIFIER_DEPS = {"advcl", "acl", "relcl", "appos", "npadvmod", "parataxis"}


def _out_of_context(cue: Cue, text: str) -> bool:
    """A cue word used in a sense that does not hedge: "regardless of whether", "no matter
    whether" (a condition dismissed)."""
    before = text[: cue.start].lower().rstrip()
    return cue.text.lower() == "whether" and before.endswith(("regardless of", "no matter", "irrespective of"))


def governs(cue: Cue, tokens, offset: int = 0) -> bool:
    """Whether a cue bears on the claim's own clause: not inside a modifier clause of it,
    not an approximator of a number ("roughly 84,000"), not a passive "denied" ("were
    denied abortions": refused, not a denial). ``tokens`` are the claim's spaCy tokens,
    ``offset`` the character offset of the text the cue was found in."""
    tok = next((t for t in tokens if t.idx <= cue.start + offset < t.idx + len(t.text)), None)
    if tok is None:
        return True
    inside = {t.i for t in tokens}
    if tok.dep_ in ("advmod", "quantmod") and (tok.head.like_num or tok.head.dep_ == "nummod" or tok.head.tag_ == "CD"):
        return False
    if cue.level == "denied" and tok.pos_ == "VERB" and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return False
    node, steps = tok, 0
    while node.head.i != node.i and node.head.i in inside and steps < 12:
        if node.dep_ in _MODIFIER_DEPS and node.i != tok.i or (node.dep_ in _MODIFIER_DEPS and node.pos_ in ("VERB", "AUX", "NOUN")):
            return False
        node, steps = node.head, steps + 1
    return True


def _object_lemma(verb) -> str | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    return obj.lemma_.lower() if obj is not None else None


def denies_earlier(tokens, earlier):
    """The negation by which a statement denies what the article stated before it: its main
    verb is negated ("the mayor did not skip the hearing") and an earlier clause asserts the
    same verb, with the same object where it has one ("the mayor skipped a hearing"). Returns
    the negation token, else None. ``tokens`` are the statement's spaCy tokens, ``earlier``
    those of the text before its sentence."""
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)
    if root is None or root.pos_ != "VERB":
        return None
    neg = next((c for c in root.children if c.dep_ == "neg"), None)
    if neg is None:
        return None
    lemma, obj = root.lemma_.lower(), _object_lemma(root)
    for t in earlier:
        if t.pos_ == "VERB" and t.lemma_.lower() == lemma and not any(c.dep_ == "neg" for c in t.children):
            if obj is None or _object_lemma(t) == obj:
                return neg
    return None


def assess(text: str, base: HedgingLevel = "asserted", offset: int = 0, extra_cues: list[Span] = (), tokens=None) -> Hedging:
    """Hedging of ``text``; ``base`` is the level its attribution already implies
    (e.g. reported), ``offset`` shifts cue spans into article coordinates, and
    ``extra_cues`` are cue spans decided elsewhere (an attribution verb). With ``tokens``
    (the text's spaCy tokens, in the same coordinates as ``offset``), only cues that govern
    the claim's own clause count (:func:`governs`)."""
    cues = [c for c in find_cues(text) if not _out_of_context(c, text)]
    if tokens is not None:
        cues = [c for c in cues if governs(c, tokens, offset)]
    boosters = len(_BOOSTER_PATTERN.findall(text))
    level = strongest([base, *(c.level for c in cues)])
    spans = [Span(text=c.text, start=c.start + offset, end=c.end + offset) for c in cues]
    spans = sorted([*extra_cues, *spans], key=lambda s: s.start)
    softeners = len(_SOFTENER_PATTERN.findall(text))
    return Hedging(level=level, certainty=score(level, len(cues) + (base != "asserted"), boosters, softeners), cues=spans)
