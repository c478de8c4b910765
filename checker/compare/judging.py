"""Offline rules: how two facts from different articles relate.

Precision first: a rule says "contradicts" only when both facts are about the same event
(same resolved subject, same or antonymous predicate, shared context beyond the subject)
and an attribute explicitly differs. Facts dated in different years are compared as of their
own dates (a role or state that differs is ``changed_over_time``); an undated event takes a
time only from its own article's text (:func:`checker.compare.facts.date_events`), marked
inferred, at lower confidence; only one-time events (an exit, a death) conflict by date. Content an
article itself denies is never used. A year that names an event ("her 2020 campaign") is not
the time of the claim, so "the 2020 campaign" and "the 2024 campaign" are different events.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz import fuzz

from .. import lexicons
from ..extract.clauses import REPORTING_VERBS
from ..models import Attribute, Relation
from . import lexical
from .entities import display, office_of
from .facts import Event, Fact, generic_verbs, one_time_events

#: Entity labels that name who produced a figure (a pollster, an agency, a report).
_SOURCE_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT", "LAW"}
_HEDGE_FACTOR = {"asserted": 1.0, "reported": 0.95, "hedged": 0.85, "speculative": 0.7, "denied": 0.0}
#: Words too general to anchor two facts to one event.
_WEAK = lexicons.words("events", "weak_context")


@dataclass
class Verdict:
    """One rule's answer for a pair of facts."""

    relation: Relation
    attribute: Attribute
    explanation: str
    confidence: float
    engine: str = "offline"
    model_text: str | None = None  # a model's own explanation, kept apart from ours
    quote: str | None = None  # the quotation both facts carry, for a corroboration resting on one


@lru_cache(maxsize=1)
def _curated() -> frozenset[tuple[str, str]]:
    pairs = [(a, b) for a, opposites in lexicons.mapping("antonyms", "pairs").items() for b in opposites]
    return frozenset(pairs + [(b, a) for a, b in pairs])


def antonyms(a: str, b: str) -> bool:
    """Opposite lemmas: Open English WordNet's antonyms, plus the curated pairs it lacks."""
    return (a, b) in _curated() or lexical.are_antonyms(a, b) or lexical.are_antonyms(b, a)


def _conf(base: float, *facts: Fact, inferred: bool = False) -> float:
    c = base
    for f in facts:
        c *= _HEDGE_FACTOR.get(f.hedging, 0.8)
    return round(c * (0.7 if inferred else 1.0), 2)


def _frame_year(f: Fact) -> int | None:
    return f.frame.year if f.frame else None


def _tag(f: Fact) -> str:
    return f.label or f.article_id[:8]


def shared_context(a: Fact, b: Fact, ignore: set[str] = frozenset()) -> set[str]:
    """Entities, dates and content words both facts mention (the evidence they share an event)."""
    ents = {e for e in a.entities if any(e == x or _contains(e, x) for x in b.entities)}
    words = (a.lemmas & b.lemmas) - _WEAK
    ev = {e.lemma for e in a.events} & {e.lemma for e in b.events}
    ignored_words = {w for name in ignore for w in name.rstrip("?").split()}  # a name's own words are no extra context
    return (ents | words | ev) - ignore - ignored_words


def _contains(x: str, y: str) -> bool:
    """One multi-word name inside the other ("philadelphia democratic city committee [autumn dinner]")."""
    if len(x.split()) < 2 or len(y.split()) < 2:
        return False
    return f" {x} " in f" {y} " or f" {y} " in f" {x} "


def overlap(a: Fact, b: Fact) -> float:
    """Share of the smaller fact's content words and entities found in the other."""
    sa, sb = a.lemmas | a.entities, b.lemmas | b.entities
    if not sa or not sb:
        return 0.0
    return len(shared_context(a, b) & (sa | sb)) / min(len(sa), len(sb))


def jaccard(a: Fact, b: Fact) -> float:
    """Shared content words and entities over all of both facts' (symmetric, unlike :func:`overlap`)."""
    sa, sb = a.lemmas | a.entities, b.lemmas | b.entities
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _same_subject(x: Event, y: Event, named: set[str], shared_names: bool) -> bool:
    """The events share a subject: a named one (a resolved person, organisation, place...), or a
    common noun ("the approval rating") in two facts that name the same entity or have one speaker."""
    common = x.subj & y.subj
    return bool(common & named) or (shared_names and bool(common - {"it", "they", "this", "he", "she", "we", "i", "you"}))


def aligned_events(a: Fact, b: Fact) -> list[tuple[Event, Event, bool]]:
    """Event pairs on one subject with the same or an antonymous predicate: (ea, eb, is_antonym)."""
    out = []
    named = a.entities | b.entities
    shared_names = bool(a.entities & b.entities) or bool(a.speaker and a.speaker == b.speaker)
    generic = generic_verbs()
    for x, y in product(a.events, b.events):
        if x.lemma in generic or y.lemma in generic or not _same_subject(x, y, named, shared_names):
            continue
        if x.lemma == y.lemma or (x.objs & y.objs and synonymous(x.lemma, y.lemma)):
            if x.objs and y.objs and not (x.objs & y.objs) and not (x.objs <= x.places and y.objs <= y.places):
                continue  # different objects: different events (a place on each side may be a swap)
            out.append((x, y, False))
        elif antonyms(x.lemma, y.lemma) and (not x.objs or not y.objs or x.objs & y.objs):
            out.append((x, y, True))
    return out


def synonymous(a: str, b: str) -> bool:
    """Two verb lemmas that share one of their first senses in WordNet ("quit" and "resign")."""
    return b in lexical.synonyms(a, "VERB") or a in lexical.synonyms(b, "VERB")


def _one_time(lemma: str) -> bool:
    return lemma in one_time_events()


def quote_match(a: Fact, b: Fact) -> str | None:
    """A quotation both facts carry (a short one needs the same speaker)."""
    for qa, qb in product(a.quotes, b.quotes):
        short, long_ = sorted((qa, qb), key=len)
        n = len(short.split())
        if short == long_ or (n >= 6 and fuzz.ratio(qa, qb) >= 90) or (f" {short} " in f" {long_} "):
            if n >= 6 or (a.speaker and a.speaker == b.speaker):  # a short phrase: only from one speaker
                return short
    return None


def judge(a: Fact, b: Fact) -> Verdict | None:
    """The relation between two facts of different articles, or None when unrelated."""
    if not (a.asserted and b.asserted):
        return _disputed(a, b) if a.asserted != b.asserted else None
    if a.instance_years and b.instance_years and not a.instance_years & b.instance_years:
        return None  # "the 2020 campaign" and "the 2024 campaign": different events
    q = quote_match(a, b)
    if q:
        return Verdict("corroborates", "none", f"Both articles carry the quotation “{q}”.", _conf(0.9, a, b), quote=q)
    for v in (_age_rule(a, b), _event_rules(a, b), _quantity_rule(a, b)):
        if v:
            return v
    return _specifics_agree(a, b) or _figure_agrees(a, b)


def _disputed(a: Fact, b: Fact) -> Verdict | None:
    """One article reports a denial of what the other asserts ("X denied that Y resigned" against
    "Y resigned"): reported as *disputed*, never as a plain contradiction, since the denial is a
    claim of its speaker, not a fact the other article got wrong."""
    denied, asserted = (a, b) if not a.asserted else (b, a)
    for x, y, anti in aligned_events(denied, asserted):
        if x.lemma in REPORTING_VERBS or (denied.speaker and denied.speaker in x.subj):
            continue  # the denial itself ("Bates responded", "X denied"), not the content it denies
        anchors = shared_context(denied, asserted, ignore={x.lemma} | set(x.subj))
        if not anti and x.negated == y.negated and len(anchors) >= 1:
            who = display(denied.speaker) if denied.speaker else "a source"
            subject = display(sorted(x.subj & y.subj)[0])
            return Verdict("disputed", "polarity", f"{who} denies what {_tag(asserted)} reports ({subject}: {x.lemma}).",
                           _conf(0.7, asserted))
    return None


def _quantity_rule(a: Fact, b: Fact) -> Verdict | None:
    """Near-identical statements about the same people that give one quantity different values."""
    people = a.people & b.people
    if not people or overlap(a, b) < 0.6 or jaccard(a, b) < 0.4:
        return None
    num = _number_conflict(a, b)
    if num:
        return Verdict("contradicts", "number", f"{display(sorted(people)[0])}: {num} in otherwise matching statements.", _conf(0.6, a, b))
    return None


def _event_rules(a: Fact, b: Fact) -> Verdict | None:
    agree = None
    for x, y, anti in aligned_events(a, b):
        anchors = shared_context(a, b, ignore={x.lemma, y.lemma} | set(x.subj) | set(y.subj))
        if len(anchors) < 2:
            continue
        subject = display(sorted(x.subj & y.subj)[0])
        ya, yb = _frame_year(a), _frame_year(b)
        wa, wb = x.when, y.when
        if not anti and x.negated == y.negated and (_one_time(x.lemma) or _one_time(y.lemma)) and wa and wb and wa.conflicts(wb) \
                and not (wa.inferred and wb.inferred):
            inferred = wa.inferred or wb.inferred
            how = lambda w, f: f"{w.label()} ({'inferred from ' + w.anchor if w.inferred else 'stated'})"  # noqa: E731
            return Verdict(
                "contradicts", "time",
                f"Same event ({subject}: {x.lemma}) dated {how(wa, a)} in {_tag(a)} and {how(wb, b)} in {_tag(b)}.",
                _conf(0.85, a, b, inferred=inferred),
            )
        polarity_differs = (x.negated != y.negated) != anti
        if polarity_differs:
            words = f"'{x.lemma}'{' (negated)' if x.negated else ''} vs '{y.lemma}'{' (negated)' if y.negated else ''}"
            if ya and yb and ya != yb and not (wa and wb and not wa.conflicts(wb) and not (wa.inferred or wb.inferred)):
                return Verdict("changed_over_time", "polarity",
                               f"{subject}: {words}, as of {ya} and {yb}: compared as of their own dates, not a conflict.",
                               _conf(0.5, a, b))
            return Verdict("contradicts", "polarity", f"{subject}: {words} on the same event.", _conf(0.7 if not anti else 0.6, a, b))
        num = _number_conflict(a, b) if not anti else None
        if num:
            return Verdict("contradicts", "number", f"{subject} ({x.lemma}): {num}.", _conf(0.6, a, b))
        swap = _entity_swap(x, y, a, b) if not anti and x.negated == y.negated else None
        if swap:
            return Verdict("contradicts", "entity", f"Same event ({subject}: {x.lemma}) with {swap[0]} in {_tag(a)} "
                           f"and {swap[1]} in {_tag(b)}.", _conf(0.7, a, b))
        if not anti and len(anchors) >= 3 and wa and wb and wa.agrees(wb) and not (wa.inferred or wb.inferred):
            agree = Verdict("corroborates", "none",
                            f"Both report {subject} {x.lemma} on {wa.label()} ({', '.join(sorted(anchors)[:4])}).", _conf(0.75, a, b))
        elif not anti and not agree and _dated_alike(a, b) and not _figures_differ(a, b) and overlap(a, b) >= 0.6 \
                and jaccard(a, b) >= 0.4:
            agree = Verdict("corroborates", "none", f"Both report {subject} {x.lemma} in near-identical terms.", _conf(0.6, a, b))
        elif not anti and not agree and _same_occurrence(x, y, a, b):
            agree = Verdict("corroborates", "none",
                            f"Both report {subject} {x.lemma} ({', '.join(display(w) for w in sorted(anchors)[:4])}).", _conf(0.6, a, b))
    return agree


def _entity_swap(x: Event, y: Event, a: Fact, b: Fact) -> tuple[str, str] | None:
    """A one-time event whose place, organisation or person in a prepositional role is a different
    entity of the same kind on each side ("born in France" / "born in Italy"), neither fact naming
    the other's: (name in a, name in b)."""
    if not (_one_time(x.lemma) or _one_time(y.lemma)) or x.places & y.places:
        return None
    for ea, eb in product(sorted(x.places - b.entities), sorted(y.places - a.entities)):
        if a.names.get(ea) and a.names.get(ea) == b.names.get(eb) and not (ea.endswith("?") or eb.endswith("?")):
            return display(ea), display(eb)
    return None


def _same_occurrence(x: Event, y: Event, a: Fact, b: Fact) -> bool:
    """Two mentions of one occurrence: a one-time event, or one on the same object, with no date
    or figure that differs (two different polls, two different years are not one occurrence)."""
    if not (_one_time(x.lemma) or x.objs & y.objs) or x.negated != y.negated:
        return False
    if x.when and y.when and x.when.conflicts(y.when):
        return False
    return not _figures_differ(a, b)


def _figures_differ(a: Fact, b: Fact) -> bool:
    """Both give figures, and not the same ones (two polls, two counts)."""
    figures_a, figures_b = {v for v, _ in a.numbers}, {v for v, _ in b.numbers}
    return bool(figures_a and figures_b and figures_a != figures_b)


def _figure_agrees(a: Fact, b: Fact) -> Verdict | None:
    """The same figure for the same event (subject and predicate), in the same scope: one fact."""
    shared = {(v, u) for v, u in a.numbers if u} & {(v, u) for v, u in b.numbers if u}
    if not shared or not same_scope(a, b) or _number_conflict(a, b):
        return None
    for x, y, anti in aligned_events(a, b):
        if not anti and x.negated == y.negated:
            value, unit = sorted(shared)[0]
            subject = display(sorted(x.subj & y.subj)[0])
            return Verdict("corroborates", "none", f"Both report {subject} {x.lemma} {_fmt(value)} {unit}.", _conf(0.7, a, b))
    return None


def _dated_alike(a: Fact, b: Fact) -> bool:
    """Both undated, or both dated with no conflict: one dated and one not is no corroboration of the date."""
    da = [d for d in a.dates if not d.inferred]
    db = [d for d in b.dates if not d.inferred]
    if bool(da) != bool(db):
        return False
    return not any(x.conflicts(y) for x, y in product(da, db))


def same_scope(a: Fact, b: Fact) -> bool:
    """Two figures can measure the same thing: no conflicting dates, and a figure that needs a
    source (a percentage, a poll) has the same named source in both (two polls differ freely)."""
    if any(x.conflicts(y) for x, y in product(a.dates, b.dates)):
        return False
    if bool(a.dates) != bool(b.dates):
        return False
    sourced = {u for _, u in a.numbers + b.numbers} & {"percent", "point"} or "poll" in a.words | b.words
    if not sourced:
        return True
    named = {e for e in a.entities & b.entities if a.names.get(e) in _SOURCE_LABELS or b.names.get(e) in _SOURCE_LABELS}
    chains = {s.lower() for s in a.sources} & {s.lower() for s in b.sources}
    return bool(named or chains or (a.speaker and a.speaker == b.speaker))


def _number_conflict(a: Fact, b: Fact) -> str | None:
    """A quantity of one unit with different values, no shared value for that unit, in the same scope."""
    if not same_scope(a, b):
        return None
    for (va, ua), (vb, ub) in product(a.numbers, b.numbers):
        if ua and ua == ub and va != vb:
            same = {v for v, u in a.numbers if u == ua} & {v for v, u in b.numbers if u == ub}
            if not same:
                return f"{_fmt(va)} vs {_fmt(vb)} {ua}"
    return None


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


def _age_rule(a: Fact, b: Fact) -> Verdict | None:
    """Ages of one person must differ by the years between the two facts' dates (±1)."""
    ya, yb = _frame_year(a), _frame_year(b)
    for (pa, aa), (pb, ab) in product(a.ages, b.ages):
        if pa != pb or pa.endswith("?"):
            continue
        gap = (yb - ya) if ya and yb else 0
        if abs((ab - aa) - gap) > 1:
            when = f" (as of {ya} and {yb})" if ya and yb else ""
            return Verdict("contradicts", "number", f"{display(pa)} is {aa} in {_tag(a)} and {ab} in {_tag(b)}{when}.",
                           _conf(0.7, a, b, inferred=bool(a.frame and a.frame.inferred or b.frame and b.frame.inferred)))
    return None


def _specifics_agree(a: Fact, b: Fact) -> Verdict | None:
    """Same person, the same day and at least two more specific names: the same reported fact."""
    people = a.people & b.people
    days = [(x, y) for x, y in product(a.dates, b.dates) if x.agrees(y)]
    if not people or not days or any(x.conflicts(y) for x, y in product(a.dates, b.dates) if x.month and y.month):
        return None
    names = {e for e in a.entities - a.people if any(e == y or _contains(e, y) for y in b.entities - b.people)}
    if len(names) < 2:
        return None
    return Verdict("corroborates", "none",
                   f"Both report {display(sorted(people)[0])} with {', '.join(display(n) for n in sorted(names)[:3])} on {days[0][0].label()}.",
                   _conf(0.7, a, b))


def role_changes(facts: list[Fact]) -> list[tuple[str, list[tuple[Fact, str, int]]]]:
    """People whose titled offices differ between facts dated in different years.

    Returns (person, [(fact, office, year), ...]) with one entry per article and office; never a
    contradiction: an office held in 2019 and another in 2024 are both true as of their dates.
    """
    seen: dict[str, dict[tuple[str, str], tuple[Fact, str, int]]] = {}
    for f in facts:
        year = _frame_year(f)
        if not year or not f.asserted:
            continue
        for person, role in f.roles:
            office = office_of(role)
            if office and not person.endswith("?"):
                seen.setdefault(person, {}).setdefault((f.article_id, office), (f, office, year))
    out = []
    for person, entries_by_key in seen.items():
        entries = sorted(entries_by_key.values(), key=lambda e: (e[2], e[0].article_id, e[1]))
        by_year: dict[int, set[str]] = {}
        for _, office, year in entries:
            by_year.setdefault(year, set()).add(office)
        if len(by_year) > 1 and len({frozenset(v) for v in by_year.values()}) > 1:
            out.append((person, entries))
    return out
