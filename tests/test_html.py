"""The HTML report: self-contained markup, highlighting, and what a person sees in Chromium."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from headless import Browser, find_chromium
from typer.testing import CliRunner

import checker
from checker.cli import app
from checker.io.html import conflict_segments, evidence_segments, to_html
from checker.models import Claim, Finding, Hedging, Report, SourceLink, Span

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeds_report() -> Report:
    engine, reason = checker.choose_engine("offline")
    return checker.run([SEEDS], engine, reason)


@pytest.fixture(scope="module")
def seeds_html(seeds_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(to_html(seeds_report), encoding="utf-8")
    return path


def test_page_is_self_contained(seeds_html):
    page = seeds_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert not re.search(r"""<(?:script|img|iframe)[^>]+src=|<link[^>]+stylesheet|(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<style>" in page and "<script>" in page and "<svg" in page


def test_findings_come_first_with_both_passages_and_conflict_marked(seeds_report, seeds_html):
    page = seeds_html.read_text(encoding="utf-8")
    assert page.index('id="findings"') < page.index('id="pictures"') < page.index('id="articles"')
    (contra,) = [f for f in seeds_report.findings if f.relation == "contradicts"]
    block = page[page.index(f'id="finding-{contra.id}"') :]
    block = block[: block.index("</article>")]
    assert block.count('class="passage"') == 2
    assert '<mark class="conflict">2020</mark>' in block  # the date that differs, in the second passage


def test_accessible_filters_and_sortable_headings(seeds_html):
    page = seeds_html.read_text(encoding="utf-8")
    for name in ("speaker", "hedging", "quote", "text"):
        assert f'<label for="f-{name}">' in page and f'id="f-{name}"' in page
    assert page.count('<th scope="col"') > 10 and '<button type="button">Hedging</button>' in page
    assert '<nav class="toc" aria-label="Sections">' in page and 'role="search"' in page


def test_evidence_segments_cover_overlapping_claims():
    text = "One two three. Four five six."
    a = _claim("a", text, "One two three.")
    b = _claim("b", text, "three. Four")
    segs = evidence_segments(text, [a, b])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.claims, s.anchors) for s in segs] == [
        ("One two ", ["a"], ["ev-a"]), ("three.", ["a", "b"], ["ev-b"]), (" Four", ["b"], []), (" five six.", [], []),
    ]
    same = evidence_segments(text, [a, _claim("c", text, "One two three.")])  # two claims, one sentence
    assert same[0].anchors == ["ev-a", "ev-c"]


def test_conflict_words_are_the_differing_numbers_dates_or_negations():
    def marked(text, other, attribute, explanation="differs"):
        f = Finding(id="f", relation="contradicts", attribute=attribute, claims=[], explanation=explanation, confidence=0.5)
        return [s.text for s in conflict_segments(text, other, f) if s.conflict]

    assert marked("The rally is on Oct. 15 in Erie.", "The rally is on Oct. 20 in Erie.", "time") == ["15"]
    assert marked("Turnout was 3 million.", "Turnout was 2.5 million.", "number") == ["3"]
    assert marked("He did not attend.", "He did attend.", "polarity") == ["not"]
    assert marked("Smith won it.", "Jones won it.", "entity") == ["Smith"]
    assert marked("They will win.", "They will lose.", "polarity", "'win' vs 'lose'") == ["win"]


def test_cli_html_beside_json(tmp_path):
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    result = CliRunner().invoke(app, ["run", str(SEEDS / "003_1240c1d618f0279c.txt"), "--out", str(out), "--html", str(html),
                                      "--no-compare", "-q"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert Report.model_validate_json(out.read_text(encoding="utf-8")).articles
    assert "Bernie Sanders is holding off" in html.read_text(encoding="utf-8")


# ---- in a real browser ----------------------------------------------------------------------------

CHROMIUM = find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it as root)")
def test_report_in_headless_chromium(seeds_report, seeds_html, tmp_path):
    (contra,) = [f for f in seeds_report.findings if f.relation == "contradicts"]
    reported = sum(c.hedging.level == "reported" for c in seeds_report.claims)
    with Browser(CHROMIUM, width=1400, height=1000) as browser:
        browser.open(seeds_html.as_uri())
        # the contradiction's two passages are on screen, side by side, the differing date marked
        passages = browser.evaluate(f"""Array.from(document.querySelectorAll('#finding-{contra.id} .passage')).map(e => {{
            const r = e.getBoundingClientRect(), side = e.parentElement.getBoundingClientRect();
            return {{text: e.textContent, left: r.left, top: side.top, height: r.height}}; }})""")
        assert [p["text"] for p in passages] == [c.evidence.text for c in contra.claims]
        assert all(p["height"] > 0 for p in passages) and passages[0]["left"] < passages[1]["left"]
        assert abs(passages[0]["top"] - passages[1]["top"]) < 5
        assert browser.evaluate(f"document.querySelector('#finding-{contra.id} mark.conflict').textContent") == "2020"
        # every claim's evidence is highlighted in its article's text, and shown
        marks = browser.evaluate("Array.from(document.querySelectorAll('mark.ev')).filter(m => m.offsetParent).length")
        assert marks >= len(seeds_report.articles)
        anchored = browser.evaluate("""Array.from(document.querySelectorAll('span.anchor[id^="ev-"]')).filter(a => {
            let next = a.nextElementSibling; while (next && next.matches('span.anchor')) { next = next.nextElementSibling; }
            return next && next.matches('mark.ev'); }).map(a => a.id.slice(3))""")
        assert sorted(anchored) == sorted(c.id for c in seeds_report.claims)
        # the hedging filter hides every other claim and says how many are shown
        shown = browser.evaluate("""(() => { const s = document.getElementById('f-hedging'); s.value = 'reported';
            s.dispatchEvent(new Event('change', {bubbles: true}));
            return Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden && r.offsetParent).map(r => r.dataset.hedging); })()""")
        assert shown == ["reported"] * reported
        assert browser.evaluate("document.getElementById('f-count').textContent") == f"{reported} of {len(seeds_report.claims)} claims shown"
        # the text filter narrows further; clearing the form shows every claim again
        browser.evaluate("""(() => { const q = document.getElementById('f-text'); q.value = 'Axios';
            q.dispatchEvent(new Event('input', {bubbles: true})); })()""")
        narrowed = browser.evaluate("Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden).length")
        assert 0 < narrowed < reported
        browser.evaluate("document.getElementById('filters').reset()")
        browser.evaluate("new Promise(r => setTimeout(r, 50))")
        assert browser.evaluate("Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden).length") == len(seeds_report.claims)
        # a column heading sorts its table
        order = browser.evaluate("""(() => { const t = document.querySelector('table.sortable');
            t.querySelectorAll('th button')[4].click();
            return [t.querySelector('th[aria-sort]').textContent.trim(), Array.from(t.tBodies[0].rows).map(r => r.dataset.hedging)]; })()""")
        levels = ["asserted", "reported", "hedged", "speculative", "denied"]
        assert order[0] == "Hedging" and order[1] == sorted(order[1], key=levels.index)
        # the pictures: one hedging bar per article, and the graph of linked articles
        assert browser.evaluate("document.querySelectorAll('.hbars svg').length") == len(seeds_report.articles)
        assert browser.evaluate("document.querySelectorAll('#graph path').length") >= len(seeds_report.findings)
        browser.evaluate("window.scrollTo(0, 0)")
        shot = browser.screenshot(tmp_path / "report.png")
        findings_shot = browser.screenshot(tmp_path / "findings.png", selector="#findings")
        assert not browser.problems, browser.problems  # no console errors, no uncaught exceptions
    for png in (shot, findings_shot):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        if os.environ.get("CHECKER_SCREENSHOT_DIR"):  # keep the pictures for a person to look at
            shutil.copy(png, Path(os.environ["CHECKER_SCREENSHOT_DIR"]) / png.name)


def _claim(cid: str, text: str, part: str) -> Claim:
    start = text.index(part)
    return Claim(id=cid, article_id="x", statement=part, evidence=Span(text=part, start=start, end=start + len(part)),
                 speaker=SourceLink(name="the article", kind="author"), hedging=Hedging(level="asserted", certainty=1.0),
                 quote="none")  # fmt: skip


def test_every_value_is_escaped():
    from test_reporting import sample_report

    report = sample_report()
    report.articles[0].title.value = "<script>alert('title')</script>"
    report.claims[1].speaker.name = '"><img src=x onerror=alert(1)>'
    page = to_html(report)
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    assert 'data-speaker="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in page
