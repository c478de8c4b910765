"""Provenance of a corroboration: how many outlets, and how many independent sources behind them.

Two articles that agree are not two confirmations when both rewrite one upstream report.
Claims are grouped as dependent when they name the same upstream outlet in their source
chains, when both articles cite the same report as their basis ("Axios reported"), or when
they carry the same verbatim quotation of an unnamed source. Result: "2 articles, 1
independent source (Axios)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicons
from ..models import Article, Claim
from .entities import display
from .facts import Fact
from .groups import Groups

_CITED = [
    re.compile(r"[‘'\"“]?((?:The |the )?[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3})[’'\"”]?,? (?:has |had )?(?:reported|reports|first reported)\b"),
    re.compile(r"\b(?:[Aa]ccording to|[Aa]s) [‘'\"“]?((?:The |the )?[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3})[’'\"”]?(?:,| reported| reports| notes)"),
]
_NOT_OUTLETS = lexicons.words("outlets", "not_cited_reports")


def norm_outlet(name: str) -> str:
    """"The Hill" / "the Hill" / "‘Axios’" -> "hill" / "axios"."""
    n = re.split(r"(?<=\w)['’]s?\s", name.strip() + " ")[0]
    n = re.sub(r"[‘’'\"“”]", "", n).strip().lower()
    return re.sub(r"^the\s+", "", n)


def cited_reports(article: Article, claims: list[Claim]) -> dict[str, str]:
    """Reports an article cites as its basis ("Axios reported", "according to The Hill"):
    normalised name -> name as written. Outlets only interviewed ("told NBC News") are not a basis."""
    out: dict[str, str] = {}
    outlets = {norm_outlet(link.name) for c in claims for link in c.source if link.kind == "outlet"}
    for pattern in _CITED:
        for m in pattern.finditer(article.text):
            name = m.group(1)
            key = norm_outlet(name)
            if key in out or key in _NOT_OUTLETS or len(key) < 3:
                continue
            # "X reported" always; "according to X" when X is a known outlet or reports elsewhere in the text
            if pattern is _CITED[0] or key in outlets or re.search(rf"{re.escape(name)}[’'\"”]? (?:reported|reports)", article.text):
                out.setdefault(key, re.sub(r"^[Tt]he ", "The ", name))
    return out


@dataclass
class Provenance:
    """Who stands behind a corroboration: per claim, the upstream it traced to and why."""

    outlets: int
    independent_sources: int
    upstream: list[str]
    traces: list[tuple[str, str, str]]  # (claim id, upstream, reason)


def provenance(facts: list[Fact], outlet_of: dict[str, str], cited: dict[str, dict[str, str]],
               shared_quotes: tuple[str, ...] = ()) -> Provenance:
    """Count the outlets behind ``facts`` (one per article) and the independent upstream sources.

    Two claims share an upstream when the same named person or organisation speaks in both (two
    outlets quoting one company statement: the company is the origin, the outlets relay it); when,
    with no named speaker, their source chains or their articles' cited reports name the same
    outlet ("Axios reported"); or when both carry the same quotation of six words or more.
    Everything else counts as its own outlet's reporting.
    """
    outlets = {outlet_of.get(f.article_id) or f.article_id for f in facts}
    groups = Groups(range(len(facts)))
    find = groups.find
    label: dict[int, str] = {}
    why: dict[int, str] = {}

    def union(i: int, j: int, name: str, reason_i: str, reason_j: str) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            groups.join(ri, rj)
            label[rj] = label.get(rj) or label.pop(ri, None) or name
        label.setdefault(rj, name)
        why.setdefault(i, reason_i)
        why.setdefault(j, reason_j)

    long_quotes = [q for q in shared_quotes if len(q.split()) >= 6]
    pairs = [(i, j) for i in range(len(facts)) for j in range(i)]
    for i, j in pairs:  # the same named speaker: the statement's origin, whoever relays it
        fi, fj = facts[i], facts[j]
        if fi.speaker and fi.speaker == fj.speaker and not fi.speaker.endswith("?"):
            relay_i = {norm_outlet(s): _written(s) for s in fi.sources}  # outlets in the claims' own chains
            relay_j = {norm_outlet(s): _written(s) for s in fj.sources}
            relays = sorted(relay_i.keys() & relay_j.keys())
            name = display(fi.speaker) + (f" via {relay_i[relays[0]]}" if relays else "")
            union(i, j, name, f"the statement is {display(fi.speaker)}'s", f"the statement is {display(fj.speaker)}'s")
    for i, j in pairs:  # no named speaker: the outlet or report the claims come through
        fi, fj = facts[i], facts[j]
        if fi.speaker or fj.speaker:
            continue
        own_i, own_j = {norm_outlet(s): s for s in fi.sources}, {norm_outlet(s): s for s in fj.sources}
        basis_i, basis_j = cited.get(fi.article_id, {}), cited.get(fj.article_id, {})
        common = (own_i.keys() & own_j.keys()) or (own_i.keys() & basis_j.keys()) or (own_j.keys() & basis_i.keys())
        if not common and not (own_i.keys() - basis_j.keys()) and not (own_j.keys() - basis_i.keys()):
            common = basis_i.keys() & basis_j.keys()  # both rewrite the same report and cite nothing else for it
        if common:
            key = sorted(common)[0]
            name = basis_i.get(key) or basis_j.get(key) or _written(own_i.get(key) or own_j.get(key) or key)
            union(i, j, name, _via(name, key in own_i), _via(name, key in own_j))
    for i, j in pairs:  # the same long quotation
        fi, fj = facts[i], facts[j]
        if any(_carries(fi, q) and _carries(fj, q) for q in long_quotes):
            same = fi.speaker and fi.speaker == fj.speaker and not fi.speaker.endswith("?")
            name = display(fi.speaker) if same else "the same quotation"
            union(i, j, name, "carries the same quotation", "carries the same quotation")
    for i, j in pairs:  # one outlet's articles with no other upstream: that outlet's reporting
        fi, fj = facts[i], facts[j]
        oi, oj = outlet_of.get(fi.article_id), outlet_of.get(fj.article_id)
        if oi and oi == oj and find(i) != find(j) and (find(i) not in label or find(j) not in label):
            union(i, j, oi, f"reported by {oi} itself", f"reported by {oi} itself")
    roots = {find(i) for i in range(len(facts))}
    upstream = sorted({label[r] for r in roots if r in label})
    traces = []
    for i, f in enumerate(facts):
        root = find(i)
        if root in label:
            traces.append((f.claim_id, label[root], why.get(i, "shares its upstream with the others")))
        else:
            outlet = outlet_of.get(f.article_id) or f.label
            traces.append((f.claim_id, outlet, "no upstream named: counted as its outlet's own reporting"))
    return Provenance(len(outlets), len(roots), upstream, traces)


def _written(name: str) -> str:
    return re.split(r"(?<=\w)['’]s?\s", name + " ")[0].strip("‘’'\" ")


def _via(name: str, in_chain: bool) -> str:
    return f"its source chain names {name}" if in_chain else f"its article cites the {name} report"


def _carries(f: Fact, quote: str) -> bool:
    return any(quote in q or q in quote for q in f.quotes)
