"""`checker run --min-checkworthiness`: keeps only claims scoring at least the threshold."""

import json
from pathlib import Path

from typer.testing import CliRunner

import checker
from checker.cli import app

SEED = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[0]
runner = CliRunner()


def claims_in(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["claims"]


def test_threshold_keeps_only_claims_at_or_above_it(tmp_path):
    every = tmp_path / "all.json"
    kept = tmp_path / "kept.json"
    assert runner.invoke(app, ["run", str(SEED), "--out", str(every), "--quiet", "--no-compare"]).exit_code == 0
    result = runner.invoke(app, ["run", str(SEED), "--out", str(kept), "--quiet", "--no-compare", "--min-checkworthiness", "0.5"])
    assert result.exit_code == 0, result.output
    scores = [c["checkworthiness"] for c in claims_in(every)]
    assert scores and all(0 <= s <= 1 for s in scores)
    assert [c["id"] for c in claims_in(kept)] == [c["id"] for c in claims_in(every) if c["checkworthiness"] >= 0.5]


def test_threshold_outside_0_1_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", str(SEED), "--out", str(tmp_path / "r.json"), "--min-checkworthiness", "1.5"])
    assert result.exit_code == 2


def test_library_run_takes_the_threshold():
    report = checker.run([SEED], compare_articles=False, min_checkworthiness=0.9)
    assert all(c.checkworthiness >= 0.9 for c in report.claims)
