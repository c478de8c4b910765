"""Rendering reports: summary, Markdown, JSONL and JSON."""

import json

import pytest

from checker.io.reporting import render, summary, to_jsonl, to_markdown, write_report
from checker.models import (
    Article,
    ArticleError,
    AttributionRecord,
    Claim,
    ClaimRef,
    Finding,
    Hedging,
    Report,
    RunMeta,
    Sourced,
    SourceLink,
    Span,
)

TEXT_A = "Axios reported that Biden, the president, will campaign on Oct. 15. Bates said it was fine."
TEXT_B = "Biden will campaign on Oct. 20, Axios said."


def span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(text=part, start=start, end=start + len(part))


def claim(cid: str, article: Article, part: str, speaker: str, kind: str, level: str, quote: str) -> Claim:
    return Claim(
        id=cid,
        article_id=article.id,
        statement=part,
        evidence=span(article.text, part),
        speaker=SourceLink(name=speaker, kind=kind),
        source=[SourceLink(name="Axios", kind="outlet"), SourceLink(name=speaker, kind=kind)],
        hedging=Hedging(level=level, certainty=0.5),
        quote=quote,
    )


@pytest.fixture
def report() -> Report:
    return sample_report()


def sample_report() -> Report:
    """Two articles (one from a JSONL file), three claims, a contradiction, a corroboration, an error."""
    a = Article(id="a" * 16, path="in/a.txt", text=TEXT_A, title=Sourced(value="Title A", origin="metadata"),
                outlet=Sourced(value="Outlet A", origin="inferred", evidence=span(TEXT_A, "Axios")),
                year_frame=Sourced(value=2024, origin="inferred"))  # fmt: skip
    b = Article(id="b" * 16, path="in/feed.jsonl#2", text=TEXT_B)
    c1 = claim("c1", a, "Biden, the president, will campaign on Oct. 15.", "Axios", "outlet", "reported", "indirect")
    c2 = claim("c2", a, "Bates said it was fine.", "Andrew Bates, spokesman", "person", "asserted", "direct")
    c3 = claim("c3", b, "Biden will campaign on Oct. 20", "Axios", "outlet", "reported", "indirect")
    ref = lambda c: ClaimRef(claim_id=c.id, article_id=c.article_id, statement=c.statement, evidence=c.evidence)  # noqa: E731
    findings = [
        Finding(id="f1", relation="contradicts", attribute="time", claims=[ref(c1), ref(c3)],
                explanation="Dates differ", confidence=0.8),
        Finding(id="f2", relation="corroborates", claims=[ref(c1), ref(c3)], explanation="Biden campaigns",
                confidence=0.9, outlets=2, independent_sources=1, upstream=["Axios"]),
    ]  # fmt: skip
    meta = RunMeta(checker_version="9.9.9", engine="offline", engine_reason="asked for", timings={"load": 0.5})
    errors = [ArticleError(path="in/bad.txt", stage="load", message="empty file")]
    return Report(meta=meta, articles=[a, b], claims=[c1, c2, c3], findings=findings, errors=errors)


def test_summary_one_line_per_article_then_findings_then_counts(report):
    text = summary(report)
    assert text.startswith("checker 9.9.9 · engine offline · 2 article(s), 3 claim(s), 2 finding(s), 1 error(s), 0 skipped")
    lines = text.splitlines()
    assert "  [1] Title A · Outlet A · date unknown · 2 claims · asserted 1, reported 1" in lines
    assert "  [2] feed.jsonl#2 · date unknown · 1 claims · reported 1" in lines  # the whole file name, never cut
    assert "  1. corroborates 0.90 · Biden campaigns" in lines  # highest confidence first
    assert "     2 articles, 1 independent source (Axios)" in lines
    assert "  2. contradicts/time 0.80 · Dates differ" in lines
    assert "     [1] “Biden, the president, will campaign on Oct. 15.”" in lines
    assert "     [2] “Biden will campaign on Oct. 20”" in lines
    assert "  load    in/bad.txt: empty file" in lines
    assert lines[-2:] == ["Totals: 2 finding(s) by relation: contradicts 1, corroborates 1",
                          "        3 claim(s) by hedging: asserted 1, reported 2; by quote: direct 1, indirect 2"]


def test_summary_show_and_limit(report):
    only_one = summary(report, limit=1)
    assert "Findings (top 1 of 2, by confidence)" in only_one and "Dates differ" not in only_one
    claims = summary(report, show="claims")
    assert "      - asserted/direct · Andrew Bates, spokesman: Bates said it was fine." in claims.splitlines()
    assert "Findings (" not in claims
    both = summary(report, show="all", limit=1)
    assert "      … 1 more claim(s)" in both and "Findings (top 1 of 2" in both


def test_summary_skipped_files_and_notes(report):
    from checker.models import Skipped

    report.skipped = [Skipped(path="in/.hidden.txt", reason="hidden file")]
    report.articles[0].notes = ["not UTF-8 (byte 0xe9 at offset 3): decoded as cp1252 (Windows Latin-1)"]
    text = summary(report)
    assert "1 skipped" in text.splitlines()[0]
    assert "Skipped (1)\n  in/.hidden.txt: hidden file" in text
    assert "decoded as cp1252" in text.splitlines()[4]


def test_summary_of_84_articles_fits_150_lines(report):
    """A PolNeAR-sized run: one line per article, ten findings, counts."""
    base = report.findings
    report.articles = [Article(id=f"{n:016x}", path=f"polnear/outlet_2016-09-{n:02d}_a-long-file-name-{n}.txt",
                               text=TEXT_A) for n in range(84)]  # fmt: skip
    report.findings = [f.model_copy(update={"id": f"f{n}", "confidence": n / 100}) for n in range(40) for f in base[:1]]
    lines = summary(report).splitlines()
    assert len(lines) <= 150, len(lines)
    assert "  [84] outlet_2016-09-83_a-long-file-name-83.txt · date unknown · 0 claims" in lines


def test_summary_without_findings(report):
    report.findings = []
    lines = summary(report).splitlines()
    assert "Findings: none" in lines and lines[-2] == "Totals: 0 finding(s) by relation: none"


def test_markdown(report):
    md = to_markdown(report)
    assert md.startswith("# checker report\n")
    assert "## Title A" in md and "## in/feed.jsonl#2" in md
    assert "| 2 | Bates said it was fine. | Andrew Bates, spokesman | Axios → Andrew Bates, spokesman | asserted | direct | — |" in md
    assert "| load | in/bad.txt | empty file |" in md
    assert "### Contradictions" in md and "| Biden, the president, will campaign on Oct. 15. | Biden will campaign on Oct. 20 |" in md
    assert "### Corroborations" in md and "2 articles, 1 independent source (Axios)" in md


def test_jsonl_records_in_order(report):
    records = [json.loads(line) for line in to_jsonl(report).splitlines()]
    kinds = [r["record"] for r in records]
    assert kinds == ["meta", "article", "article", "claim", "claim", "claim", "finding", "finding", "error"]
    assert records[0]["checker_version"] == "9.9.9"
    assert records[3]["evidence"] == {"text": "Biden, the president, will campaign on Oct. 15.", "start": 20, "end": 67}
    for r in records[1:]:
        kind = r.pop("record")
        model = {"article": Article, "claim": Claim, "finding": Finding, "error": ArticleError}[kind]
        model.model_validate(r)  # every line round-trips into its model


def test_jsonl_attribution_records_follow_the_findings(report):
    text = "Bates declined an invitation to the debate."
    report.attributions = [AttributionRecord(article_id="a" * 16, speaker=SourceLink(name="Bates", kind="person", span=span(text, "Bates")),
                                             cue=span(text, "declined"), content=span(text, "an invitation to the debate"), quote="indirect")]
    records = [json.loads(line) for line in to_jsonl(report).splitlines()]
    kinds = [r["record"] for r in records]
    assert kinds == ["meta", "article", "article", "claim", "claim", "claim", "finding", "finding", "attribution", "error"]
    row = records[8]
    row.pop("record")
    assert AttributionRecord.model_validate(row) == report.attributions[0]
    assert Report.model_validate_json(render(report, "json")) == report


def test_json_round_trip_and_write(report, tmp_path):
    assert Report.model_validate_json(render(report, "json")) == report
    out = write_report(report, tmp_path / "r.md", "md")
    assert out.read_text(encoding="utf-8") == to_markdown(report)
    with pytest.raises(ValueError):
        render(report, "xml")


def test_summary_shows_model_calls_tokens_dropped_and_prompts(report):
    from checker.models import PromptRef, Usage

    report.meta.engine = "llm"
    report.meta.usage = Usage(calls=4, cached_calls=1, prompt_tokens=6600, completion_tokens=4662)
    report.meta.dropped_ungrounded = 17
    report.meta.prompts = [PromptRef(id="extract_claims", version="4", sha256="ab" * 32)]
    line = next(row for row in summary(report).splitlines() if row.startswith("model:"))
    assert line == ("model: 4 call(s), 1 from cache, 6600 prompt + 4662 completion tokens; "
                    "17 ungrounded claim(s) dropped; prompts extract_claims v4")


def test_summary_quotes_evidence_once():
    from checker.io.summary import _quoted

    assert _quoted("“We will rebuild the wall,” she said.") == "“We will rebuild the wall,” she said."
    assert _quoted("The council voted on Tuesday.") == "“The council voted on Tuesday.”"
