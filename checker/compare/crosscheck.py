"""Cross-article comparison: matching -> judging -> provenance -> ``report.findings``.

``compare(report, engine)`` is called by the pipeline after extraction. A failure here is
recorded as ``ArticleError(stage="compare")``; the claims are never lost.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

from ..engines import Engine
from ..llm.redact import scrub
from ..models import Article, ArticleError, Claim, ClaimRef, Finding, JudgeStats, Report, Trace
from .dating import When
from .entities import build_resolver, genders, title_before
from .facts import Fact, FactInput, build_facts
from .groups import Groups
from .judging import Verdict, aligned_events, judge, role_changes, shared_context
from .matching import candidates, total_pairs
from .provenance import cited_reports, provenance

ORDER = {"contradicts": 0, "disputed": 1, "corroborates": 2, "changed_over_time": 3, "unsupported_elsewhere": 4, "unrelated": 5}


def article_frame(article: Article) -> When | None:
    """The time an article speaks from: its publication date, else its year frame (inferred)."""
    pub = article.published
    if pub.value is not None:
        return When(pub.value.year, pub.value.month, pub.value.day, inferred=pub.origin != "metadata",
                    anchor=f"published {pub.value.isoformat()}")
    if article.year_frame.value is not None:
        return When(article.year_frame.value, inferred=True, anchor=f"year frame {article.year_frame.value}")
    return None


def article_label(article: Article) -> str:
    """How explanations name an article: its file name (with a record's ``#N``), else its id."""
    if not article.path:
        return article.id[:8]
    path, _, record = article.path.partition("#")
    return Path(path).stem + (f"#{record}" if record else "")


def facts_for(report: Report) -> list[Fact]:
    """One fact per claim, entities resolved across all articles of the report."""
    arts = {a.id: a for a in report.articles}
    frames = {a.id: article_frame(a) for a in report.articles}
    mentions = []
    for c in report.claims:
        art = arts.get(c.article_id)
        year = frames[c.article_id].year if frames.get(c.article_id) else None
        for e in c.entities:
            if e.label == "PERSON":
                title = title_before(art.text, e.span.start) if art else ""
                mentions.append((e.text, e.canonical, c.article_id, year, title))
    resolver = build_resolver(mentions)
    names = {full: {full.title(), full.split()[-1].title()} for fulls in resolver.full_names.values() for full in fulls}
    gender = genders({a.id: a.text for a in report.articles}, names)
    inputs = [_input(c, frames.get(c.article_id), arts.get(c.article_id)) for c in report.claims]
    return build_facts(inputs, resolver, gender, texts={a.id: a.text for a in report.articles})


def _input(c: Claim, frame: When | None, art: Article | None) -> FactInput:
    speaker = c.speaker.name if _named(c) else ""
    outlets = tuple(s.name for s in c.source if s.kind == "outlet")
    lo, hi = c.evidence.start, c.evidence.end
    ents = tuple((e.span.start - lo, e.span.end - lo, e.label) for e in c.entities if lo <= e.span.start and e.span.end <= hi)
    return FactInput(c.id, c.article_id, c.statement, c.evidence, frame, c.hedging.level, speaker, outlets,
                     tuple((e.text, e.canonical) for e in c.entities), article_label(art) if art else "", ents)


_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’&-]*|of|the|and|de|da|van|von|al|bin)$")


def _named(c: Claim) -> bool:
    """The claim's speaker is a named person or organisation ("Andrew Bates", "Bank of Norway"),
    so its statement can be traced to it; a description ("regulators in Ottawa") is not a source."""
    words = c.speaker.name.split()
    return (c.speaker.kind in {"person", "organization"} and 0 < len(words) <= 6 and words[0][:1].isupper()
            and all(_NAME_WORD.match(w) for w in words))


def compare(report: Report, engine: Engine | None = None) -> None:
    """Fill ``report.findings`` and ``report.meta.pairs_judged`` / ``pairs_total``."""
    try:
        _compare(report, engine)
    except Exception as exc:  # noqa: BLE001 - a comparison failure must not lose the claims
        report.findings = []
        report.errors.append(ArticleError(path="(cross-article comparison)", stage="compare",
                                          message=scrub(f"{type(exc).__name__}: {exc}")))


def _compare(report: Report, engine: Engine | None) -> None:
    facts = facts_for(report)
    pairs = candidates(facts)
    report.meta.pairs_total = total_pairs(facts)
    report.meta.pairs_judged = len(pairs)
    verdicts: dict[tuple[int, int], Verdict] = {}
    for i, j in pairs:
        v = judge(facts[i], facts[j])
        if v:
            verdicts[(i, j)] = v
    llm = engine.pair_judge() if engine is not None else None
    if llm is not None:  # the rules' verdicts stand; the model judges the aligned pairs they left open
        open_pairs = [(i, j) for i, j in pairs if (i, j) not in verdicts and aligned_events(facts[i], facts[j])]
        judged = llm.judge_pairs(facts, open_pairs)
        verdicts.update(judged)
        report.meta.judge = JudgeStats(pairs_sent=len(open_pairs), calls=llm.calls, verdicts=len(judged),
                                       dropped=len(llm.dropped), dropped_examples=llm.dropped[:5])
        if llm.prompt.ref not in report.meta.prompts:
            report.meta.prompts.append(llm.prompt.ref)
        for message in llm.errors:
            report.errors.append(ArticleError(path="(cross-article comparison)", stage="compare", message=scrub(message)))
    outlet_of = {a.id: a.outlet.value or article_label(a) for a in report.articles}
    cited = {a.id: cited_reports(a, report.claims_for(a.id)) for a in report.articles}
    findings = _findings(facts, verdicts, outlet_of, cited)
    findings += _role_findings(facts)
    findings += _unsupported(facts, pairs, verdicts, {a.id: a.text for a in report.articles})
    findings = _dedupe(findings)
    findings.sort(key=lambda f: (ORDER[f.relation], -f.confidence, f.id))
    report.findings = findings


def ref(f: Fact) -> ClaimRef:
    return ClaimRef(claim_id=f.claim_id, article_id=f.article_id, statement=f.statement, evidence=f.evidence)


def _fid(relation: str, *claim_ids: str) -> str:
    return relation[:4] + "-" + hashlib.sha256("|".join((relation, *sorted(claim_ids))).encode()).hexdigest()[:10]


def _findings(facts, verdicts, outlet_of, cited) -> list[Finding]:
    """One finding per contradicting pair; one per cluster of facts that corroborate each other."""
    out = []
    groups = Groups()
    best: dict[int, Verdict] = {}
    for (i, j), v in verdicts.items():
        a, b = facts[i], facts[j]
        if v.relation != "corroborates":
            out.append(Finding(id=_fid(v.relation, a.claim_id, b.claim_id), relation=v.relation, attribute=v.attribute,
                               claims=[ref(a), ref(b)], explanation=v.explanation, confidence=v.confidence, engine=v.engine,
                               model_explanation=v.model_text))
        else:
            groups.join(i, j)
    corroborating = [(p, v) for p, v in verdicts.items() if v.relation == "corroborates"]
    for (i, _j), v in corroborating:
        root = groups.find(i)
        if root not in best or v.confidence > best[root].confidence:
            best[root] = v
    members = groups.members()
    for root, idx in members.items():
        by_span = {(facts[i].article_id, facts[i].evidence.start, facts[i].evidence.end): facts[i] for i in sorted(idx, reverse=True)}
        group = sorted(by_span.values(), key=lambda f: (f.label, f.evidence.start))  # claims of one sentence once
        v = best[root]
        quotes = tuple(v.quote for p, v in corroborating if v.quote and groups.find(p[0]) == root)
        p = provenance(group, outlet_of, cited, quotes)
        n = len({f.article_id for f in group})
        explanation = v.explanation if n == 2 else v.explanation.replace("Both", f"All {n}", 1)
        out.append(Finding(
            id=_fid("corroborates", *(f.claim_id for f in group)), relation="corroborates", claims=[ref(f) for f in group],
            explanation=explanation, confidence=v.confidence, engine=v.engine, model_explanation=v.model_text, outlets=p.outlets,
            independent_sources=p.independent_sources, upstream=p.upstream,
            traces=[Trace(claim_id=c, upstream=u, reason=r) for c, u, r in p.traces]))
    return out


def _role_findings(facts: list[Fact]) -> list[Finding]:
    out = []
    for person, entries in role_changes(facts):
        by_year: dict[int, list[str]] = defaultdict(list)
        for f, office, year in entries:
            item = f"'{office}' ({f.label})"
            if item not in by_year[year]:
                by_year[year].append(item)
        parts = "; ".join(f"as of {year}: {', '.join(items)}" for year, items in sorted(by_year.items()))
        claims = list({f.claim_id: ref(f) for f, _, _ in entries}.values())
        out.append(Finding(
            id=_fid("changed_over_time", person, *(c.claim_id for c in claims)), relation="changed_over_time",
            attribute="role", claims=claims, confidence=0.6 if any(f.frame and f.frame.inferred for f, _, _ in entries) else 0.8,
            explanation=f"{person.title()}'s title differs by date ({parts}). Each is read as of its own date "
                        "(undated articles by their inferred year frame): a change over time, not a contradiction.",
        ))
    return out


#: At most this many "unsupported elsewhere" findings per article, and in all (the strongest first).
UNSUPPORTED_PER_ARTICLE, UNSUPPORTED_TOTAL = 2, 25
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _unsupported(facts: list[Fact], pairs, verdicts, texts: dict[str, str]) -> list[Finding]:
    """A specific (a figure or a day) in a claim whose event other articles report without it.

    Only when another article covers the same event (same subject and predicate, shared
    context) and no article other than the claim's own writes that figure or day; ranked by
    how many articles cover the event, capped per article and in all so a large run stays readable.
    """
    covering: dict[int, set[str]] = defaultdict(set)
    conflicting = {p for p, v in verdicts.items() if v.relation != "corroborates"}
    for i, j in pairs:
        if (i, j) in conflicting:
            continue
        units_i, units_j = {u for _, u in facts[i].numbers if u}, {u for _, u in facts[j].numbers if u}
        if units_i & units_j:  # both measure the same kind of quantity: two measurements, not a missing detail
            continue
        for x, _y, anti in aligned_events(facts[i], facts[j]):
            anchors = shared_context(facts[i], facts[j], ignore={x.lemma} | set(x.subj))
            if not anti and len(anchors) >= 2:
                covering[i].add(facts[j].article_id)
                covering[j].add(facts[i].article_id)
    decided = {i for p in conflicting for i in p}
    ranked = []
    for i, others in covering.items():
        f = facts[i]
        if i in decided or not f.asserted:
            continue
        specifics = [x for x in f.figures if not any(_writes(texts[a], x) for a in texts if a != f.article_id)]
        specifics += [d.text for d in f.dates if d.month and d.day and not d.inferred
                      and not any(d.text in texts[a] for a in texts if a != f.article_id)]
        if specifics:
            ranked.append((len(others), i, specifics, others))
    out, per_article = [], defaultdict(int)
    for n, i, specifics, others in sorted(ranked, key=lambda r: (-r[0], facts[r[1]].claim_id)):
        f = facts[i]
        if per_article[f.article_id] >= UNSUPPORTED_PER_ARTICLE or len(out) >= UNSUPPORTED_TOTAL:
            continue
        per_article[f.article_id] += 1
        labels = sorted({facts[k].label for k in range(len(facts)) if facts[k].article_id in others})
        out.append(Finding(id=_fid("unsupported_elsewhere", f.claim_id), relation="unsupported_elsewhere",
                           claims=[ref(f)], confidence=round(min(0.7, 0.4 + 0.1 * n), 2),
                           explanation=f"Only {f.label} reports {', '.join(specifics[:3])}; {n} other article{'s' if n > 1 else ''} "
                                       f"({', '.join(labels[:3])}) report{'' if n > 1 else 's'} the same event without it "
                                       "(not found elsewhere, not contradicted)."))
    return out


def _writes(text: str, figure: str) -> bool:
    """The figure's number written in a text ("1,200" also as "1200")."""
    digits = _FIGURE.search(figure)
    if not digits:
        return figure in text
    value = digits.group(0)
    return value in text or value.replace(",", "") in text.replace(",", "")


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per relation and pair of evidence spans (claims sharing a sentence judge alike)."""
    seen, out = set(), []
    for f in sorted(findings, key=lambda f: (ORDER[f.relation], -f.confidence)):
        key = (f.relation, frozenset((c.article_id, c.evidence.start, c.evidence.end) for c in f.claims))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
