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

from .facts import Fact
from ..models import Article, Claim

_CITED = [
    re.compile(r"[‘'\"“]?((?:The |the )?[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3})[’'\"”]?,? (?:has |had )?(?:reported|reports|first reported)\b"),
    re.compile(r"\b(?:[Aa]ccording to|[Aa]s) [‘'\"“]?((?:The |the )?[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3})[’'\"”]?(?:,| reported| reports| notes)"),
]
_NOT_OUTLETS = {"sources", "officials", "he", "she", "they", "it", "the report", "reports"}


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
            if key in out or key in _NOT_OUTLETS or len(key) < 3 or (key in {"president", "white house"}):
                continue
            # "X reported" always; "according to X" when X is a known outlet or reports elsewhere in the text
            if pattern is _CITED[0] or key in outlets or re.search(rf"{re.escape(name)}[’'\"”]? (?:reported|reports)", article.text):
                out.setdefault(key, re.sub(r"^[Tt]he ", "The ", name))
    return out


@dataclass
class Provenance:
    """Who stands behind a corroboration."""

    outlets: int
    independent_sources: int
    upstream: list[str]


def provenance(facts: list[Fact], outlet_of: dict[str, str], cited: dict[str, dict[str, str]], shared_quote: str | None = None) -> Provenance:
    """Count the outlets behind ``facts`` (one per article) and the upstream sources they trace to."""
    outlets = {outlet_of.get(f.article_id) or f.article_id for f in facts}
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names: dict[int, set[str]] = {}
    for i, fi in enumerate(facts):
        for j in range(i):
            fj = facts[j]
            own_i = {norm_outlet(s) for s in fi.sources}
            own_j = {norm_outlet(s) for s in fj.sources}
            basis_i, basis_j = set(cited.get(fi.article_id, {})), set(cited.get(fj.article_id, {}))
            common = (own_i & own_j) or (own_i & basis_j) or (own_j & basis_i)
            if not common and not (own_i - basis_j) and not (own_j - basis_i):
                common = basis_i & basis_j  # both rewrite the same report and cite nothing else for it
            if common or (shared_quote and len(shared_quote.split()) >= 6):
                root_i, root_j = find(i), find(j)
                parent[root_i] = root_j
                written = {norm_outlet(s): re.split(r"(?<=\w)['’]s?\s", s + " ")[0].strip("‘’'\" ") for s in (*fi.sources, *fj.sources)}
                label = {cited.get(fi.article_id, {}).get(k) or cited.get(fj.article_id, {}).get(k) or written.get(k, k) for k in common}
                names.setdefault(root_j, set()).update(label)
                names[root_j].update(names.pop(root_i, set()) if root_i != root_j else set())
    roots = {find(i) for i in range(len(facts))}
    upstream = sorted({n for r in roots for n in names.get(r, set())})
    if not upstream and shared_quote and len(roots) < len(facts):
        speaker = next((f.speaker for f in facts if f.speaker and not f.speaker.endswith("?")), "")
        upstream = [speaker.title() if speaker else "the same quotation"]
    return Provenance(len(outlets), len(roots), upstream)
