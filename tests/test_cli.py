"""The ``checker`` command: reports, formats, exit codes and bad input (never a traceback)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import checker
from checker.cli import app
from checker.models import Report

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines and all(line.startswith("error: ") for line in lines)
    assert text in lines[-1]


@pytest.fixture
def good_dir(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, d / seed.name)
    return d


def test_run_on_seeds_writes_valid_report_and_summary(tmp_path):
    out = tmp_path / "r.json"
    result = invoke("run", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert len(report.articles) == 4 and report.errors == []
    assert report.meta.engine == "offline"
    for article in report.articles:
        claims = report.claims_for(article.id)
        assert claims, article.path
        for c in claims:
            assert article.text[c.evidence.start : c.evidence.end] == c.evidence.text
    by = {Path(a.path).name[:3]: a for a in report.articles}
    assert str(by["002"].published.value) == "2019-08-30" and by["002"].published.origin == "inferred"
    assert "· Business Insider · date unknown · " in result.stdout
    assert "  [3] 002_7809e6cbb4bb8ece.txt · 2019-08-30 (inferred) · " in result.stdout
    assert f"report written to {out} (json)" in result.stdout


def test_default_out_file_and_quiet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", SEEDS / "000_42b4f9efee81d31f.txt", "--quiet", "--no-compare")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    report = Report.model_validate_json((tmp_path / "checker-report.json").read_text(encoding="utf-8"))
    assert len(report.articles) == 1 and "compare" not in report.meta.timings


def test_format_md_and_jsonl(tmp_path):
    md = tmp_path / "r.md"
    assert invoke("run", SEEDS, "--format", "md", "--out", md, "-q").exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# checker report") and "## Bernie Sanders is holding off" in text
    jl = tmp_path / "r.jsonl"
    assert invoke("run", SEEDS, "--format", "jsonl", "--out", jl, "-q").exit_code == 0
    records = [json.loads(line) for line in jl.read_text(encoding="utf-8").splitlines()]
    assert records[0]["record"] == "meta"
    assert sum(r["record"] == "article" for r in records) == 4
    assert sum(r["record"] == "claim" for r in records) >= 4


def test_metadata_sidecar_option(tmp_path, good_dir):
    name = sorted(good_dir.iterdir())[0].name
    side = tmp_path / "meta.csv"
    side.write_text(f"path,title,outlet,published\n{name},Given title,Given Outlet,2024-10-20\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = invoke("run", good_dir, "--metadata", side, "--out", out, "-q")
    assert result.exit_code == 0, result.output
    first = Report.model_validate_json(out.read_text(encoding="utf-8")).articles[0]
    assert (first.title.value, first.title.origin) == ("Given title", "metadata")
    assert (str(first.published.value), first.published.origin) == ("2024-10-20", "metadata")


def test_bad_metadata_sidecar_is_usage_error(tmp_path):
    side = tmp_path / "meta.json"
    side.write_text("{oops", encoding="utf-8")
    one_line_error(invoke("run", SEEDS, "--metadata", side, "--out", tmp_path / "r.json"), 2, "metadata file")


def test_llm_options_passed_to_choose_engine(tmp_path, monkeypatch):
    seen = {}
    real = checker.choose_engine

    def fake(engine=None, **kwargs):
        seen.update(kwargs, engine=engine)
        return real("offline")

    monkeypatch.setattr(checker, "choose_engine", fake)
    args = ["--engine", "llm", "--model", "m1", "--base-url", "http://x/v1", "--api-key", "k", "--mode", "json"]
    result = invoke("run", SEEDS / "000_42b4f9efee81d31f.txt", *args, "--no-cache", "-q", "--out", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert seen == {"engine": "llm", "model": "m1", "base_url": "http://x/v1", "api_key": "k", "mode": "json", "use_cache": False,
                    "choose_quotes": None}
    result = invoke("run", SEEDS / "000_42b4f9efee81d31f.txt", *args, "--choose-quotes", "--concurrency", "3", "-q",
                    "--out", tmp_path / "r.json")
    assert result.exit_code == 0 and seen["choose_quotes"] is True and seen["concurrency"] == 3


@pytest.mark.parametrize(
    "args, text",
    [
        (["--format", "xml"], "xml"),
        (["--engine", "magic"], "magic"),
        (["--mode", "xml"], "is not one of 'tools', 'json', 'json_schema', 'md_json'"),
        (["--show", "some"], "'findings', 'claims', 'all'"),
        (["--format-in", "pdf"], "pdf"),
        (["--limit", "0"], "--limit"),
        (["--no-such-option"], "No such option: --no-such-option"),
    ],
)
def test_unknown_format_or_engine_exit_2(tmp_path, args, text):
    result = invoke("run", SEEDS, "--out", tmp_path / "r.json", *args)
    one_line_error(result, 2, text)
    assert not (tmp_path / "r.json").exists()


def test_no_paths_is_usage_error():
    one_line_error(invoke("run"), 2, "Missing argument")


def test_missing_path_only_exit_2(tmp_path):
    result = invoke("run", tmp_path / "nope.txt", "--out", tmp_path / "r.json")
    one_line_error(result, 2, "no readable article among the given paths")
    assert "no such file or directory" in result.stderr
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("missing.txt", None, "no such file or directory"),
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("huge.txt", b"news " * 1_000_000, "over the 2 MB limit"),
    ],
)
def test_bad_input_next_to_good_exit_1_keeps_good(tmp_path, good_dir, name, data, message):
    bad = tmp_path / name
    if data is not None:
        bad.write_bytes(data)
    out = tmp_path / "r.json"
    result = invoke("run", good_dir, bad, "--out", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert len(report.articles) == 2 and all(report.claims_for(a.id) for a in report.articles)
    (err,) = report.errors
    assert err.path == str(bad) and message in err.message and err.stage == "load"
    assert f"{bad}: {err.message}" in result.stdout  # listed in the summary's errors


def test_directory_with_one_bad_file_keeps_good_claims(tmp_path, good_dir):
    (good_dir / "broken.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "r.json"
    result = invoke("run", good_dir, "--out", out, "--quiet")
    assert result.exit_code == 1
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert len(report.articles) == 2 and len(report.claims) >= 2
    assert [e.path for e in report.errors] == [str(good_dir / "broken.json")]
    assert result.stderr.startswith(f"error: {good_dir / 'broken.json'}: invalid JSON")


def test_only_bad_files_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    one_line_error(invoke("run", tmp_path, "--out", tmp_path / "r.json"), 2, "no readable article")


def test_unwritable_out_is_usage_error_before_any_work(tmp_path, monkeypatch):
    def no_work(*args, **kwargs):
        raise AssertionError("the run started before the output path was checked")

    monkeypatch.setattr(checker, "run", no_work)
    for args in (["--out", tmp_path / "no" / "dir" / "r.json"], ["--html", tmp_path / "no" / "r.html"], ["--out", tmp_path]):
        result = invoke("run", SEEDS / "000_42b4f9efee81d31f.txt", *args)
        one_line_error(result, 2, "cannot write report")


def test_version():
    for args in (["--version"], ["version"]):
        result = invoke(*args)
        assert result.exit_code == 0 and result.stdout.strip() == f"checker {checker.__version__}"


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"checker {checker.__version__}"


ROOT = Path(__file__).resolve().parent.parent


def readme_blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.split("\n", 1)[1] for b in text.split("```")[1::2] if b.startswith(lang + "\n")]


def test_readme_starts_with_the_two_commands_and_ci_runs_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```")[1]
    assert readme.split("```")[0].strip() == "# checker"
    install, tests = first.removeprefix("sh\n").strip().splitlines()
    assert install.startswith("python3 -m venv .venv && ") and install.endswith(" && .venv/bin/checker run seeds/")
    assert tests == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == tests  # the CI runs exactly the README's test command
    steps = install.split(" && ")[1:-1]  # after creating the venv, before running checker
    assert all(step in ci for step in steps), steps
    assert "set -euo pipefail" in ci
    # the tested versions are installed, and checked and linted before the tests run
    assert '.venv/bin/pip install -c constraints.txt -e ".[dev]"' in steps
    assert (ROOT / "constraints.txt").is_file()
    assert ci.index(".venv/bin/pip check") < ci.index(".venv/bin/ruff check .") < len(ci) - 1


def test_readme_library_example_runs(monkeypatch, capsys):
    (example,) = [b for b in readme_blocks("python") if "checker.run(" in b]
    monkeypatch.chdir(ROOT)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "seeds/003_1240c1d618f0279c.txt Bernie Sanders is holding off" in printed
    assert "seeds/002_7809e6cbb4bb8ece.txt None 2019-08-30" in printed


# ---- stdin, help, summary options, skipped files -----------------------------------------------


def test_stdin_article(tmp_path):
    text = (SEEDS / "003_1240c1d618f0279c.txt").read_text(encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["run", "-", "--out", str(out), "--no-compare"], input=text)
    assert result.exit_code == 0, result.output
    (article,) = Report.model_validate_json(out.read_text(encoding="utf-8")).articles
    assert article.path == "<stdin>" and article.outlet.value == "Business Insider"
    assert "[1] Bernie Sanders is holding off" in result.stdout


def test_stdin_jsonl(tmp_path):
    lines = "\n".join(json.dumps({"text": p.read_text(encoding="utf-8"), "outlet": f"O{n}"})
                      for n, p in enumerate(sorted(SEEDS.glob("*.txt"))[:2]))  # fmt: skip
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["run", "-", "--format-in", "jsonl", "--out", str(out), "-q", "--no-compare"], input=lines)
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert [a.path for a in report.articles] == ["<stdin>#1", "<stdin>#2"]
    assert [a.outlet.value for a in report.articles] == ["O0", "O1"]


def test_help_lists_the_allowed_values():
    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for choices in ("json|jsonl|md|html|claimreview", "llm|offline", "tools|json|json_schema|md_json",
                    "findings|claims|all", "txt|md|html|json|jsonl"):  # fmt: skip
        assert choices in text, choices
    assert "<str>" not in text.split("--model")[0]  # no choice option shows a bare <str>


def test_skipped_files_counted_and_listed(tmp_path, good_dir):
    (good_dir / "notes.pdf").write_bytes(b"%PDF-1.4")
    (good_dir / ".DS_Store").write_bytes(b"\x00\x01")
    out = tmp_path / "r.json"
    result = invoke("run", good_dir, "--out", out, "--no-compare")
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert [Path(s.path).name for s in report.skipped] == [".DS_Store", "notes.pdf"]
    assert ", 2 skipped · " in result.stdout.splitlines()[0]
    assert f"  {good_dir / 'notes.pdf'}: unsupported extension '.pdf'" in result.stdout


def test_show_and_limit_reach_the_summary(tmp_path):
    result = invoke("run", SEEDS, "--out", tmp_path / "r.json", "--show", "claims", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "Findings (" not in result.stdout
    assert sum(line.startswith("      - ") for line in result.stdout.splitlines()) == 8  # 2 claims x 4 articles


def test_default_out_name_per_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", SEEDS / "000_42b4f9efee81d31f.txt", "--format", "html", "--no-compare")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "checker-report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "report written to checker-report.html (html)" in result.stdout


def test_latin1_file_read_with_a_note(tmp_path, good_dir):
    (good_dir / "latin1.txt").write_bytes("Le caf\u00e9 a ferm\u00e9, dit le maire de Lyon.".encode("latin-1"))
    out = tmp_path / "r.json"
    result = invoke("run", good_dir, "--out", out, "--no-compare")
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    (latin,) = [a for a in report.articles if a.path.endswith("latin1.txt")]
    assert "caf\u00e9" in latin.text and "decoded as cp1252" in latin.notes[0]
    assert "decoded as cp1252" in result.stdout
