"""ClaimReview export: the properties Google's ClaimReview guidelines require and recommend."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from test_reporting import sample_report
from typer.testing import CliRunner

from checker.cli import app
from checker.io.claimreview import claim_reviews
from checker.io.reporting import render
from checker.models import Finding

ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


@pytest.fixture
def report():
    return sample_report()


def validate(review: dict) -> None:
    """What https://developers.google.com/search/docs/appearance/structured-data/factcheck asks of one ClaimReview."""
    assert review["@type"] == "ClaimReview"
    # required
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"].strip()
    assert isinstance(review["url"], str) and review["url"].strip()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and isinstance(rating["alternateName"], str) and rating["alternateName"].strip()
    # recommended
    assert review["author"]["@type"] in ("Organization", "Person") and review["author"]["name"].strip()
    assert ISO_DATE.match(review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"], "a Claim appears somewhere"
    for work in item["appearance"]:
        assert work["@type"] in ("NewsArticle", "CreativeWork") and (work.get("headline") or work.get("name"))
    if "author" in item:
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"].strip()
    # drafts, not verdicts
    assert review["creativeWorkStatus"] == "Draft"
    assert rating["ratingExplanation"].startswith("Unreviewed draft")


def test_one_review_per_contradicted_claim_and_per_corroboration(report):
    doc = claim_reviews(report, organisation="Example Fact Desk", url="https://example.org/checks", date_published=date(2024, 10, 22))
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    for review in reviews:
        validate(review)
    contradicted = [r for r in reviews if r["reviewRating"]["alternateName"] == "Contradicted by other reporting"]
    corroborated = [r for r in reviews if r["reviewRating"]["alternateName"].startswith("Corroborated by")]
    assert len(contradicted) == 2 and len(corroborated) == 1 and len(reviews) == 3
    first = contradicted[0]
    assert first["claimReviewed"] == "Biden, the president, will campaign on Oct. 15."
    assert first["url"] == "https://example.org/checks#finding-f1"
    assert first["author"] == {"@type": "Organization", "name": "Example Fact Desk"}
    assert first["datePublished"] == "2024-10-22"
    assert first["itemReviewed"]["author"] == {"@type": "Organization", "name": "Axios"}  # the speaker
    (work,) = first["itemReviewed"]["appearance"]
    assert work == {"@type": "NewsArticle", "headline": "Title A", "publisher": {"@type": "Organization", "name": "Outlet A"},
                    "text": "Biden, the president, will campaign on Oct. 15."}  # fmt: skip
    assert "feed.jsonl#2 reports otherwise: Dates differ" in first["reviewRating"]["ratingExplanation"]
    assert corroborated[0]["reviewRating"]["alternateName"] == "Corroborated by 1 independent source"
    assert len(corroborated[0]["itemReviewed"]["appearance"]) == 2  # every article carrying it


def test_corroborated_by_three_sources_and_changes_over_time_left_out(report):
    f = report.findings[1].model_copy(update={"independent_sources": 3, "outlets": 3})
    changed = Finding(id="f3", relation="changed_over_time", claims=report.findings[0].claims, explanation="x", confidence=0.6)
    report.findings = [f, changed]
    (review,) = claim_reviews(report)["@graph"]
    assert review["reviewRating"]["alternateName"] == "Corroborated by 3 independent sources"


def test_organisation_from_the_environment(report, monkeypatch):
    monkeypatch.setenv("CHECKER_ORG", "Env Desk")
    monkeypatch.setenv("CHECKER_REVIEW_URL", "https://env.example/r")
    review = claim_reviews(report)["@graph"][0]
    assert review["author"]["name"] == "Env Desk" and review["url"].startswith("https://env.example/r#finding-")


def test_render_is_json_ld(report):
    doc = json.loads(render(report, "claimreview", organisation="Desk"))
    assert [r["@type"] for r in doc["@graph"]] == ["ClaimReview"] * 3


@pytest.mark.parametrize("org_args", [["--org", "CLI Desk"], []])
def test_cli_format_claimreview(tmp_path, monkeypatch, org_args):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = CliRunner().invoke(app, ["run", str(seeds), "--format", "claimreview", "-q", *org_args])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "checker-report.claimreview.json").read_text(encoding="utf-8"))
    assert doc["@graph"]
    for review in doc["@graph"]:
        validate(review)
        assert review["author"]["name"] == ("CLI Desk" if org_args else "checker (unreviewed drafts)")

