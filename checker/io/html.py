"""The HTML report: one self-contained page (inline CSS, JS and SVG; nothing fetched) rendered
from the Jinja2 template ``templates/report.html.j2``.

This module turns a Report into plain view data (text segments to highlight, bar widths, graph
coordinates); the template only lays it out, and autoescapes every value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..models import Article, Claim, Finding, Report
from .common import HEDGING_ORDER, QUOTES, SECTIONS, TWO_SIDED, file_name, label, labels, numbers, ranked, sources_line

#: Colours of the hedging levels and of the finding relations (also named in the legend).
HEDGING_COLOURS = {"asserted": "#1b6ca8", "reported": "#5aa0d8", "hedged": "#e0a800", "speculative": "#d9622b",
                   "denied": "#8e2c48"}  # fmt: skip
RELATION_COLOURS = {"contradicts": "#c0392b", "disputed": "#d35400", "corroborates": "#1e8449",
                    "changed_over_time": "#2e6da4", "unsupported_elsewhere": "#7f8c8d"}  # fmt: skip
#: Words that carry a conflict of the kind named by a finding's attribute.
_NEGATIONS = {"not", "no", "never", "n't", "none", "nobody", "nothing", "denied", "denies", "deny", "false", "without",
              "neither", "nor"}  # fmt: skip
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
           "tomorrow", "week", "month", "year"}  # fmt: skip
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "hundred",
                 "thousand", "million", "billion", "trillion", "percent", "half", "third", "quarter"}  # fmt: skip
_WORD = re.compile(r"\w+(?:[.,’']\w+)*|n't")


@dataclass
class Segment:
    """A piece of text; ``claims`` are the claim ids whose evidence covers it (article text), or
    ``conflict`` marks a word that differs from the other side (a finding's passage)."""

    text: str
    claims: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    conflict: bool = False


def to_html(report: Report) -> str:
    """The whole report as one HTML page."""
    env = Environment(loader=PackageLoader("checker.io", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    return env.get_template("report.html.j2").render(**view(report))


def view(report: Report) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    names = labels(report)
    nums = numbers(report)
    by_id = {c.id: c for c in report.claims}
    sections = []
    for relation, title in SECTIONS:
        found = ranked([f for f in report.findings if f.relation == relation])
        if found:
            sections.append({"relation": relation, "title": title, "findings": [_finding(f, names, nums, by_id) for f in found]})
    worth = any(_worthiness(c) is not None for c in report.claims)
    articles = [_article(report, a, n, worth) for n, a in enumerate(report.articles, 1)]
    return {
        "report": report,
        "meta": report.meta,
        "seconds": sum(report.meta.timings.values()),
        "relation_counts": Counter(f.relation for f in report.findings),
        "sections": sections,
        "articles": articles,
        "open_articles": len(report.articles) <= 5,
        "hedging_levels": HEDGING_ORDER,
        "hedging_colours": HEDGING_COLOURS,
        "relation_colours": RELATION_COLOURS,
        "quotes": QUOTES,
        "speakers": sorted({c.speaker.name for c in report.claims}, key=str.lower),
        "worthiness": worth,
        "graph": graph(report),
    }


def _finding(f: Finding, names: dict[str, str], nums: dict[str, int], by_id: dict[str, Claim]) -> dict[str, Any]:
    two = f.relation in TWO_SIDED and len(f.claims) == 2
    sides = []
    for n, ref in enumerate(f.claims):
        other = f.claims[1 - n] if two else None
        claim = by_id.get(ref.claim_id)
        sides.append({
            "ref": ref, "label": names.get(ref.article_id, ref.article_id), "number": nums.get(ref.article_id),
            "speaker": claim.speaker.name if claim else None,
            "segments": conflict_segments(ref.evidence.text, other.evidence.text, f) if other else [Segment(ref.evidence.text)],
        })  # fmt: skip
    traces = [{"trace": t, "label": names.get(by_id[t.claim_id].article_id, "") if t.claim_id in by_id else ""}
              for t in f.traces]  # fmt: skip
    outlets = sorted({names.get(r.article_id, r.article_id) for r in f.claims})
    return {"finding": f, "two_sided": two, "sides": sides, "traces": traces, "outlets": outlets,
            "sources_line": sources_line(f) if f.relation == "corroborates" else ""}  # fmt: skip


def conflict_segments(text: str, other: str, finding: Finding) -> list[Segment]:
    """``text`` cut into segments, the words that conflict with ``other`` marked: numbers and date
    words for a number or time conflict, negations for polarity, names for an entity or role, any
    of these otherwise; words quoted in the explanation always count. Shared words are never marked."""
    theirs = {w.lower() for w in _WORD.findall(other)}
    quoted = {w.lower() for q in re.findall(r"['‘“]([^'’”]{1,40})['’”]", finding.explanation) for w in _WORD.findall(q)}
    kinds = {"number": ("number",), "time": ("number", "time"), "polarity": ("negation",), "entity": ("name",),
             "role": ("name",)}.get(finding.attribute, ("number", "time", "negation", "name"))  # fmt: skip
    out: list[Segment] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if low in theirs or not (low in quoted or any(_is_kind(word, k) for k in kinds)):
            continue
        if m.start() > last:
            out.append(Segment(text[last : m.start()]))
        out.append(Segment(word, conflict=True))
        last = m.end()
    if last < len(text):
        out.append(Segment(text[last:]))
    return out


def _is_kind(word: str, kind: str) -> bool:
    low = word.lower()
    if kind == "number":
        return any(ch.isdigit() for ch in word) or low in _NUMBER_WORDS
    if kind == "time":
        return low in _MONTHS
    if kind == "negation":
        return low in _NEGATIONS
    return word[:1].isupper()


def _worthiness(claim: Claim) -> Any:
    """A check-worthiness score when the claims carry one (``check_worthiness`` or ``worthiness``)."""
    for name in ("check_worthiness", "worthiness"):
        value = getattr(claim, name, None)
        if value is not None:
            return getattr(value, "score", value)
    return None


def _article(report: Report, a: Article, n: int, worth: bool) -> dict[str, Any]:
    claims = report.claims_for(a.id)
    hedging = Counter(c.hedging.level for c in claims)
    total = sum(hedging.values())
    bars, x = [], 0.0
    for level in HEDGING_ORDER:
        if hedging[level]:
            width = 100 * hedging[level] / total
            bars.append({"level": level, "count": hedging[level], "x": round(x, 2), "width": round(width, 2)})
            x += width
    rows = []
    for k, c in enumerate(claims, 1):
        rows.append({"n": k, "claim": c, "chain": " → ".join(s.name for s in c.source) or "—",
                     "time": (c.time.value or c.time.expression) if c.time else "", "worth": _worthiness(c) if worth else None})  # fmt: skip
    metadata = []
    for key in ("title", "outlet", "published", "year_frame"):
        value = getattr(a, key)
        where = a.metadata_from.get(key) or ("" if value.origin != "inferred" or value.evidence is None
                                             else f"read from the text: “{value.evidence.text}”")  # fmt: skip
        metadata.append({"field": key.replace("_", " "), "value": value.value, "origin": value.origin, "where": where})
    return {"article": a, "n": n, "label": label(a), "file": file_name(a), "claims": rows, "bars": bars,
            "hedging": hedging, "metadata": metadata, "segments": evidence_segments(a.text, claims)}  # fmt: skip


def evidence_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The article text cut at every evidence boundary; each segment lists the claims covering
    it, and the first segment of each claim carries that claim's anchor (``ev-<claim id>``)."""
    cuts = sorted({0, len(text), *(p for c in claims for p in (c.evidence.start, c.evidence.end) if 0 <= p <= len(text))})
    out = []
    anchored: set[str] = set()
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [c.id for c in claims if c.evidence.start <= start and end <= c.evidence.end]
        anchors = [f"ev-{cid}" for cid in covering if cid not in anchored]
        anchored.update(covering)
        out.append(Segment(text[start:end], claims=covering, anchors=anchors))
    return out


def graph(report: Report, size: int = 480) -> dict[str, Any]:
    """Articles linked by findings, on a circle: nodes for the articles in any finding, one edge
    per pair of articles a finding joins (coloured by relation)."""
    nums = numbers(report)
    names = labels(report)
    ids = [a.id for a in report.articles if any(a.id in {r.article_id for r in f.claims} for f in report.findings)]
    centre, radius = size / 2, size / 2 - 40
    nodes = {}
    for k, aid in enumerate(ids):
        angle = 2 * math.pi * k / max(len(ids), 1) - math.pi / 2
        nodes[aid] = {"id": aid, "n": nums[aid], "label": names[aid], "x": round(centre + radius * math.cos(angle), 1),
                      "y": round(centre + radius * math.sin(angle), 1)}  # fmt: skip
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for f in report.findings:
        seen = sorted({r.article_id for r in f.claims if r.article_id in nodes}, key=lambda i: nums[i])
        for i, a in enumerate(seen):
            for b in seen[i + 1 :]:
                pairs.setdefault((a, b), []).append((f.relation, f.id))
    edges = []
    for (a, b), links in pairs.items():
        (x1, y1), (x2, y2) = (nodes[a]["x"], nodes[a]["y"]), (nodes[b]["x"], nodes[b]["y"])
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        for k, (relation, fid) in enumerate(links):
            bend = (k - (len(links) - 1) / 2) * 22  # parallel links of one pair fan out
            cx = (x1 + x2) / 2 - bend * (y2 - y1) / length
            cy = (y1 + y2) / 2 + bend * (x2 - x1) / length
            edges.append({"a": nodes[a], "b": nodes[b], "relation": relation, "finding": fid,
                          "path": f"M {x1} {y1} Q {cx:.1f} {cy:.1f} {x2} {y2}",
                          "colour": RELATION_COLOURS.get(relation, "#555")})  # fmt: skip
    return {"size": size, "nodes": list(nodes.values()), "edges": edges,
            "relations": sorted({e["relation"] for e in edges}, key=lambda r: [s for s, _ in SECTIONS].index(r))}  # fmt: skip
