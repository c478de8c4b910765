"""Progress: what the pipeline reports, and how it is shown (bar, plain lines, nothing)."""

from __future__ import annotations

import io
from pathlib import Path

import checker
from checker.models import Usage
from checker.progress import PlainLines, Progress, ProgressEvent, RichBar, describe, display

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_pipeline_reports_every_stage_to_the_observer():
    events: list[tuple[str, int, int | None, int, bool]] = []
    progress = Progress(lambda e: events.append((e.stage, e.done, e.total, e.claims, e.finished)))
    engine, reason = checker.choose_engine("offline")
    report = checker.run([SEEDS / "000_42b4f9efee81d31f.txt", SEEDS / "003_1240c1d618f0279c.txt"], engine, reason,
                         progress=progress)  # fmt: skip
    stages = [e[0] for e in events]
    assert stages.index("load") < stages.index("extract") < stages.index("compare")
    extract = [e for e in events if e[0] == "extract"]
    assert extract[0] == ("extract", 0, 2, 0, False)
    assert extract[-1] == ("extract", 2, 2, len(report.claims), True)
    assert [e for e in events if e[0] == "load"][-1][1:3] == (2, 2)
    assert events[-1][0] == "compare" and events[-1][-1] is True


def test_llm_usage_is_counted():
    progress = Progress()
    progress.start("extract", 3)
    progress.advance("extract", "a.txt", claims=5, usage=Usage(calls=2, prompt_tokens=900, completion_tokens=100))
    event = progress.events["extract"]
    assert (event.calls, event.tokens) == (2, 1000)
    text = describe(event)
    assert text.startswith("extract 1/3 articles · 5 claims · 2 LLM calls, 1,000 tokens · ") and "ETA" in text


def test_plain_lines_periodic_and_final():
    out = io.StringIO()
    lines = PlainLines(out, every=0)
    progress = Progress(lines)
    progress.start("extract", 2)
    progress.advance("extract", "a", claims=3)
    progress.advance("extract", "b", claims=4)
    progress.finish("extract")
    printed = out.getvalue().splitlines()
    assert printed[0].startswith("progress: extract 0/2 articles")
    assert printed[-1].startswith("progress: extract 2/2 articles · 4 claims") and printed[-1].endswith("done")


def test_short_run_prints_no_plain_lines():
    out = io.StringIO()
    progress = Progress(PlainLines(out, every=60))
    progress.start("load")
    progress.advance("load", "a.txt")
    progress.finish("load")
    assert out.getvalue() == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_display_picks_bar_lines_or_nothing():
    assert display(io.StringIO(), quiet=True).observers == []
    assert isinstance(display(io.StringIO()).observers[0], PlainLines)
    screen = Terminal()
    progress = display(screen)
    assert isinstance(progress.observers[0], RichBar)
    progress.start("extract", 4)
    progress.advance("extract", "a", claims=7)
    progress.close()
    assert "Extracting" in screen.getvalue() and "1/4" in screen.getvalue() and "7 claims" in screen.getvalue()


def test_eta_needs_a_total_and_one_item():
    assert ProgressEvent(stage="load").eta is None
    assert ProgressEvent(stage="extract", total=4).eta is None
