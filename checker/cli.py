"""The ``checker`` command line: parses options, calls the library, prints, maps errors to exit codes.

Exit codes: 0 ok; 1 some articles failed (their errors are in the report, the
others are kept); 2 usage (bad option, no readable article, unwritable output).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer

import checker
from checker.errors import CheckerError, ConfigError, EvalError, InputError
from checker.io.reporting import summary, write_report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="checker",
    help="Claims, speakers, sources, hedging and time from news articles, compared across articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    md = "md"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``error: ...`` line on stderr and exit with ``code``."""
    typer.echo(f"error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(code)


def exit_code(exc: CheckerError) -> int:
    """Usage-type errors (options, inputs, eval suites) exit 2; anything else 1."""
    return EXIT_USAGE if isinstance(exc, (ConfigError, InputError, EvalError)) else EXIT_FAILED


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"checker {checker.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Print the version."),
) -> None:
    """checker: a fact-and-claim checker for news articles."""


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"checker {checker.__version__}")


# The LLM options `run` and `eval` share.
ENGINE = typer.Option(None, "--engine", help="llm or offline (default: llm when a model is configured, else offline).")
MODEL = typer.Option(None, "--model", help="Model name for the LLM engine.")
BASE_URL = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint for the LLM engine.")
API_KEY = typer.Option(None, "--api-key", help="API key for the LLM engine.")
MODE = typer.Option(None, "--mode", help="Structured-output mode for the LLM engine.")
NO_CACHE = typer.Option(False, "--no-cache", help="Do not read or write the LLM response cache.")


@app.command()
def run(
    paths: list[str] = typer.Argument(..., help="Article files or directories (.txt .md .html .json .jsonl)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Report file (default: checker-report.json, .jsonl or .md by format)."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Report format."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", help="Metadata sidecar: CSV, JSON, JSONL or YAML rows."),
    engine: Optional[str] = ENGINE,
    model: Optional[str] = MODEL,
    base_url: Optional[str] = BASE_URL,
    api_key: Optional[str] = API_KEY,
    mode: Optional[str] = MODE,
    no_cache: bool = NO_CACHE,
    no_compare: bool = typer.Option(False, "--no-compare", help="Skip the cross-article comparison."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print no summary (errors still go to stderr)."),
    min_checkworthiness: Optional[float] = typer.Option(
        None, "--min-checkworthiness", min=0.0, max=1.0,
        help="Keep only claims whose check-worthiness score (0-1) is at least this (0.5: worth checking).",
    ),
) -> None:
    """Extract claims from articles, compare them, write the report and print a summary."""
    try:
        chosen, reason = checker.choose_engine(
            engine, model=model, base_url=base_url, api_key=api_key, mode=mode, use_cache=not no_cache
        )
        report = checker.run(paths, chosen, reason, metadata=metadata, compare_articles=not no_compare,
                             min_checkworthiness=min_checkworthiness)
    except CheckerError as exc:
        fail(str(exc), exit_code(exc))
    if not report.articles:
        for e in report.errors:
            typer.echo(f"error: {e.path}: {e.message}", err=True)
        fail("no readable article among the given paths")
    target = out or Path(f"checker-report.{fmt.value}")
    try:
        write_report(report, target, fmt.value)
    except OSError as exc:
        fail(f"cannot write report to {target}: {exc.strerror or exc}")
    if quiet:
        for e in report.errors:
            typer.echo(f"error: {e.path}: {e.message}", err=True)
    else:
        typer.echo(summary(report))
        typer.echo(f"report written to {target} ({fmt.value})")
    raise typer.Exit(EXIT_FAILED if report.errors else EXIT_OK)


# ---- checker eval ----------------------------------------------------------------------------------


@app.command("eval")
def eval_(
    suite: Optional[str] = typer.Argument(None, help="Suite name, e.g. attribution.polnear-dev.v1 (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the eval suites and exit."),
    compare: Optional[tuple[Path, Path]] = typer.Option(None, "--compare", help="Compare two eval logs: LOG_A LOG_B."),
    engine: Optional[str] = ENGINE,
    model: Optional[str] = MODEL,
    base_url: Optional[str] = BASE_URL,
    api_key: Optional[str] = API_KEY,
    mode: Optional[str] = MODE,
    no_cache: bool = NO_CACHE,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N samples."),
    log_dir: Path = typer.Option(Path("evals/logs"), "--log-dir", help="Where the JSONL log goes."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
) -> None:
    """Run an eval suite (prints a metrics table, writes a JSONL log), list suites, or compare two logs.

    Exit 0 when every sample was scored, 1 when some failed (logged) or the run broke, 2 for usage.
    """
    try:
        from checker import evals
    except ModuleNotFoundError as exc:  # numpy comes with the ``evals`` extra
        if (exc.name or "").partition(".")[0] != "numpy":
            raise
        fail("checker eval needs: pip install 'checker[evals]'")
    try:
        if list_:
            for s in evals.list_suites():
                typer.echo(f"{s['name']:<32} {' '.join(s.get('description', '').split())}")
            raise typer.Exit(EXIT_OK)
        if compare:
            typer.echo(evals.compare_logs(*compare))
            raise typer.Exit(EXIT_OK)
        if not suite:
            fail("give a suite name, --list or --compare LOG_A LOG_B")
        if suite not in {s["name"] for s in evals.list_suites()}:
            fail(f"unknown eval suite {suite!r} (see checker eval --list)")
        result = evals.run_suite(suite, engine=engine, model=model, base_url=base_url, api_key=api_key,
                                 mode=mode, use_cache=False if no_cache else None, limit=limit,
                                 log_dir=log_dir, seed=seed)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    except CheckerError as exc:
        fail(str(exc), EXIT_FAILED)
    typer.echo(result.table())
    raise typer.Exit(EXIT_FAILED if result.errors else EXIT_OK)
