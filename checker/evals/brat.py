"""Read brat standoff annotations (.ann): text-bound spans (possibly discontinuous) and events.

PolNeAR writes ``T1<TAB>Source 89 106<TAB>The New York Post`` and
``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; a discontinuous span is
``Content 10 20;25 40``, and an event role may be numbered (``Content2:T22``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import EvalError

Fragment = tuple[int, int]


@dataclass(frozen=True)
class TextBound:
    """A labelled span: one or more (start, end) fragments of the text, end-exclusive."""

    id: str
    type: str
    fragments: tuple[Fragment, ...]
    text: str


@dataclass
class Event:
    """An event (an attribution): its trigger type and its arguments by role (numbers stripped)."""

    id: str
    type: str
    trigger: str
    args: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Annotations:
    textbounds: dict[str, TextBound] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


_ROLE_NUMBER = re.compile(r"\d+$")


def parse_fragments(spec: str) -> tuple[Fragment, ...]:
    """``"10 20;25 40"`` -> ((10, 20), (25, 40)); ValueError if malformed or reversed."""
    fragments = []
    for part in spec.split(";"):
        start, end = (int(x) for x in part.split())
        if not 0 <= start <= end:
            raise ValueError(f"bad fragment {part!r}")
        fragments.append((start, end))
    return tuple(fragments)


def parse_ann(content: str, name: str = "<ann>") -> Annotations:
    """Parse the text of one .ann file; other line kinds (A, R, #, N) are ignored."""
    ann = Annotations()
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            if line.startswith("T"):
                ident, middle, text = (line.split("\t", 2) + [""])[:3]
                type_, _, spec = middle.partition(" ")
                ann.textbounds[ident] = TextBound(ident, type_, parse_fragments(spec), text)
            elif line.startswith("E"):
                ident, body = line.split("\t", 1)
                parts = body.split()
                type_, trigger = parts[0].split(":", 1)
                event = Event(ident, type_, trigger)
                for arg in parts[1:]:
                    role, ref = arg.split(":", 1)
                    event.args.setdefault(_ROLE_NUMBER.sub("", role), []).append(ref)
                ann.events.append(event)
        except ValueError as exc:
            raise EvalError(f"{name}:{lineno}: cannot parse brat line {line!r} ({exc})") from exc
    return ann


@dataclass
class GoldAttribution:
    """One gold attribution: source, cue and content as lists of fragments."""

    id: str
    source: list[Fragment]
    cue: list[Fragment]
    content: list[Fragment]


def attributions(ann: Annotations, name: str = "<ann>") -> list[GoldAttribution]:
    """Attribution events with their Source/Cue/Content fragments (empty list when absent).

    Events with neither cue nor content (an annotation stub) are skipped.
    """
    out = []
    for ev in ann.events:
        if not ev.type.startswith("Attribution"):
            continue
        roles: dict[str, list[Fragment]] = {"Source": [], "Cue": [], "Content": []}
        for role, refs in ev.args.items():
            if role not in roles:
                continue
            for ref in refs:
                if ref not in ann.textbounds:
                    raise EvalError(f"{name}: event {ev.id} refers to missing {ref}")
                roles[role].extend(ann.textbounds[ref].fragments)
        if not roles["Cue"] and not roles["Content"]:
            continue
        out.append(GoldAttribution(ev.id, *(sorted(roles[r]) for r in ("Source", "Cue", "Content"))))
    return out
