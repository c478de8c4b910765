"""The ``checker`` command line: parses options, calls the library, prints, maps errors to exit codes.

Exit codes: 0 ok; 1 some articles failed (their errors are in the report, the
others are kept); 2 usage (bad option, no readable article, unwritable output).
Every usage error is one ``error: ...`` line on stderr.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

try:  # typer vendors its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - an older typer uses click itself
    from click import exceptions as click_errors

import checker
from checker.errors import CheckerError, ConfigError, EvalError, InputError
from checker.io.reporting import SUFFIXES, write_report
from checker.io.summary import DEFAULT_LIMIT, summary
from checker.llm.redact import scrub
from checker.progress import display

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# ---- usage errors as one line ---------------------------------------------------------------------


class OneLineErrors(TyperGroup):
    """Click's usage errors (bad choice, missing argument, unknown option) printed as one
    ``error: ...`` line and exit 2, instead of a usage block or a rich box."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
            rv = EXIT_USAGE
        except click_errors.ClickException as exc:
            if not standalone_mode:
                raise
            typer.echo(f"error: {' '.join(exc.format_message().replace('Value error, ', '').split())}", err=True)
            rv = exc.exit_code
        except (getattr(click_errors, "Abort", typer.Abort), typer.Abort):
            typer.echo("error: aborted", err=True)
            rv = EXIT_FAILED
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


app = typer.Typer(
    name="checker",
    help="Claims, speakers, sources, hedging and time from news articles, compared across articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
)


# ---- choice options: help lists the allowed values ------------------------------------------------


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    md = "md"
    html = "html"
    claimreview = "claimreview"


class InputFormat(str, Enum):
    txt = "txt"
    md = "md"
    html = "html"
    json = "json"
    jsonl = "jsonl"


class EngineName(str, Enum):
    llm = "llm"
    offline = "offline"


class Mode(str, Enum):
    tools = "tools"
    json = "json"
    json_schema = "json_schema"
    md_json = "md_json"


class Show(str, Enum):
    findings = "findings"
    claims = "claims"
    all = "all"


def _value(choice: Enum | None) -> str | None:
    return choice.value if choice is not None else None


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``error: ...`` line on stderr and exit with ``code``."""
    typer.echo(f"error: {scrub(' '.join(str(message).split()))}", err=True)
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
ENGINE = typer.Option(None, "--engine", help="Engine (default: llm when a model is configured, else offline).")
MODEL = typer.Option(None, "--model", help="Model name for the LLM engine.")
BASE_URL = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint for the LLM engine.")
API_KEY = typer.Option(None, "--api-key", help="API key for the LLM engine.")
MODE = typer.Option(None, "--mode", help="Structured-output mode for the LLM engine.")
NO_CACHE = typer.Option(False, "--no-cache", help="Do not read or write the LLM response cache.")
CHOOSE_QUOTES = typer.Option(None, "--choose-quotes/--free-quotes", envvar="CHECKER_CHOOSE_QUOTES",
                             help="LLM engine: the answer schema lists the quotes the model may give (for "
                                  "grammar-enforcing servers such as llama.cpp; default off).")
CONCURRENCY = typer.Option(None, "--concurrency", min=1, envvar="CHECKER_CONCURRENCY",
                           help="LLM requests in flight at once (default 4).")


@app.command()
def run(
    paths: list[str] = typer.Argument(..., help="Article files or directories (.txt .md .html .json .jsonl); - reads standard input."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Report file (default: checker-report.<format>)."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Report format."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write the HTML report to this file."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", help="Metadata sidecar: CSV, TSV, JSON, JSONL or YAML rows."),
    format_in: InputFormat = typer.Option(InputFormat.txt, "--format-in", help="How to read standard input (-)."),
    engine: Optional[EngineName] = ENGINE,
    model: Optional[str] = MODEL,
    base_url: Optional[str] = BASE_URL,
    api_key: Optional[str] = API_KEY,
    mode: Optional[Mode] = MODE,
    no_cache: bool = NO_CACHE,
    no_compare: bool = typer.Option(False, "--no-compare", help="Skip the cross-article comparison."),
    show: Show = typer.Option(Show.findings, "--show", help="What the summary lists after one line per article."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", min=1, help="Findings (and claims per article) the summary lists."),
    org: Optional[str] = typer.Option(None, "--org", help="Organisation named as author of ClaimReview drafts (or CHECKER_ORG)."),
    review_url: Optional[str] = typer.Option(None, "--review-url", help="Page the ClaimReview drafts will be published on (or CHECKER_REVIEW_URL)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary (errors still go to stderr)."),
    concurrency: Optional[int] = CONCURRENCY,
    choose_quotes: Optional[bool] = CHOOSE_QUOTES,
    workers: int = typer.Option(1, "--workers", min=1, help="Processes that parse (the offline engine runs in them; the LLM engine parses ahead in them)."),
    deadline: Optional[float] = typer.Option(None, "--deadline", min=0.001, help="Stop the run after SECONDS; finished articles are kept."),
    max_calls: Optional[int] = typer.Option(None, "--max-calls", min=0, help="Stop the run before the model call budget is exceeded."),
    max_cost: Optional[float] = typer.Option(None, "--max-cost", min=0, help="Stop the run once it has cost this many dollars (priced models)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the calls, tokens and cost the run needs; call no model."),
    min_checkworthiness: Optional[float] = typer.Option(
        None, "--min-checkworthiness", min=0.0, max=1.0,
        help="Keep only claims whose check-worthiness score (0-1) is at least this (0.5: worth checking).",
    ),
) -> None:
    """Extract claims from articles, compare them, write the report and print a summary."""
    from checker.llm.control import RunControl

    target = out or Path(f"checker-report{SUFFIXES[fmt.value]}")
    for path in (target, html):
        if path is not None:
            check_writable(path)
    progress = display(sys.stderr, quiet=quiet or dry_run)
    try:
        chosen, reason = checker.choose_engine(
            _value(engine), model=model, base_url=base_url, api_key=api_key, mode=_value(mode), use_cache=not no_cache,
            choose_quotes=choose_quotes, **({"concurrency": concurrency} if concurrency else {}),
        )
        if dry_run:
            _dry_run(paths, chosen, metadata, format_in.value, workers)
        if max_cost is not None and chosen.name == "llm":
            from checker.llm.pricing import price

            if price(chosen.model) is None:
                raise ConfigError(f"--max-cost needs a priced model: {chosen.model!r} is not in checker/data/prices.yaml "
                                  "(use --max-calls)")
        control = RunControl(deadline=deadline, max_calls=max_calls, max_cost=max_cost)
        report = checker.run(paths, chosen, reason, metadata=metadata, compare_articles=not no_compare,
                             control=control, workers=workers, progress=progress, stdin_format=format_in.value,
                             min_checkworthiness=min_checkworthiness)
    except CheckerError as exc:
        fail(str(exc), exit_code(exc))
    except KeyboardInterrupt:
        fail("interrupted before any article was checked", EXIT_INTERRUPTED)
    finally:
        progress.close()
    if not report.articles:
        for e in report.errors:
            typer.echo(f"error: {e.path}: {e.message}", err=True)
        fail("no readable article among the given paths")
    written = [(target, fmt.value)] + ([(html, "html")] if html is not None else [])
    for path, kind in written:
        try:
            write_report(report, path, kind, **({"organisation": org, "url": review_url} if kind == "claimreview" else {}))
        except OSError as exc:
            fail(f"cannot write report to {path}: {exc.strerror or exc}")
    stopped = f"not checked: {report.meta.stopped}"
    if quiet:
        for e in report.errors:
            if e.message != stopped and e.message not in (report.meta.stopped or ""):  # said once below
                typer.echo(f"error: {e.path}: {e.message}", err=True)
    else:
        typer.echo(summary(report, show=show.value, limit=limit), nl=False)
        for path, kind in written:
            typer.echo(f"report written to {path} ({kind})")
    if report.meta.stopped:
        unchecked = sum(e.message == stopped for e in report.errors)
        left = f", {unchecked} article(s) not checked" if unchecked else ""
        typer.echo(f"error: run stopped{left}: {report.meta.stopped}; report written to {target}", err=True)
    if report.meta.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FAILED if report.errors else EXIT_OK)


def _dry_run(paths: list[str], engine, metadata: Optional[Path], stdin_format: str, workers: int) -> NoReturn:
    """Print what the run would need (no model call) and exit 0."""
    from checker.io.loading import load

    articles = load(paths, metadata=metadata, stdin_format=stdin_format).articles
    if engine.name != "llm":
        typer.echo(f"dry run: {len(articles)} article(s), offline engine: no model calls, no cost")
        raise typer.Exit(EXIT_OK)
    from checker.llm.estimate import estimate

    for line in estimate(engine, articles, workers).lines():
        typer.echo(line)
    raise typer.Exit(EXIT_OK)


def check_writable(path: Path) -> None:
    """Fail (exit 2) before any work when the report cannot be written to ``path``."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        fail(f"cannot write report to {path}: it is a directory")
    if not folder.is_dir():
        fail(f"cannot write report to {path}: no such directory {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"cannot write report to {path}: permission denied")


# ---- checker eval ----------------------------------------------------------------------------------


@app.command("eval")
def eval_(
    suite: Optional[str] = typer.Argument(None, help="Suite name, e.g. attribution.polnear-dev.v1 (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the eval suites and exit."),
    compare: Optional[tuple[Path, Path]] = typer.Option(None, "--compare", help="Compare two eval logs: LOG_A LOG_B."),
    engine: Optional[EngineName] = ENGINE,
    model: Optional[str] = MODEL,
    base_url: Optional[str] = BASE_URL,
    api_key: Optional[str] = API_KEY,
    mode: Optional[Mode] = MODE,
    no_cache: bool = NO_CACHE,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N samples."),
    log_dir: Path = typer.Option(Path("evals/logs"), "--log-dir", help="Where the JSONL log goes."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    concurrency: Optional[int] = CONCURRENCY,
    choose_quotes: Optional[bool] = CHOOSE_QUOTES,
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
        result = evals.run_suite(suite, engine=_value(engine), model=model, base_url=base_url, api_key=api_key,
                                 mode=_value(mode), use_cache=False if no_cache else None, limit=limit,
                                 log_dir=log_dir, seed=seed, concurrency=concurrency, choose_quotes=choose_quotes)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    except CheckerError as exc:
        fail(str(exc), EXIT_FAILED)
    typer.echo(result.table())
    raise typer.Exit(EXIT_FAILED if result.errors else EXIT_OK)
