"""`moocforge stats`: learner analytics from Open edX logs and reports.

`moocforge stats <course> --logs …` reports; `moocforge stats synth <course>` writes
synthetic logs and reports for trying it out.
"""

from __future__ import annotations

from pathlib import Path

import click
import typer
from typer.core import TyperGroup

from moocforge.app import load
from moocforge.cli.app import FORMAT_HELP, app, report, usage_error
from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics


class _ReportByDefault(TyperGroup):
    """`moocforge stats <course> …` means `moocforge stats report <course> …`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["report", *args]
        return super().parse_args(ctx, args)


stats_app = typer.Typer(cls=_ReportByDefault, no_args_is_help=True, help=(
    "Learner analytics: `moocforge stats <course> --logs DIR [--grades CSV] …` reports "
    "started / persistent / passed, per-week funnel and per-item figures; "
    "`moocforge stats synth <course>` writes synthetic logs to try it."))
app.add_typer(stats_app, name="stats")


def _load(course: Path, fmt: str):
    loaded = load(course)
    if not loaded.ok or loaded.course is None:
        report(loaded.diagnostics, fmt)
        raise typer.Exit(1)
    return loaded


@stats_app.command("report")
def stats_report(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    logs: list[Path] = typer.Option([], "--logs", help="Tracking log file(s) or folder(s) "
                                    "(JSON lines, .gz accepted); repeatable."),
    grades: Path | None = typer.Option(None, "--grades", help="Grade report CSV."),
    problem_grades: list[Path] = typer.Option([], "--problem-grades",
                                              help="Problem grade report CSV (repeatable)."),
    cohorts: Path | None = typer.Option(None, "--cohorts", help="CSV: username,cohort."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file (default: <out>/stats."
                                   "duckdb). Without --logs, an existing one is reused."),
    run: str | None = typer.Option(None, "--run", help="Only this run's events."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Output folder (default: build/<course>/stats)."),
    fmt: str = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Turn tracking logs and grade reports into metrics, CSV/JSON and an HTML report."""
    from moocforge.analytics import compute, format_summary, ingest, write_outputs
    from moocforge.analytics.diagnose import _thresholds
    from moocforge.analytics.ingest import IngestReport, ingest_diagnostics

    prepared = _load(course, fmt)
    model = prepared.course
    out_dir = out or Path("build") / model.id / "stats"
    db_path = db or out_dir.with_name("stats.duckdb")
    if not logs and not grades and not db_path.is_file():
        raise usage_error("give --logs (and --grades), or --db with an existing database")
    diagnostics: list[Diagnostic] = [d for d in prepared.diagnostics if d.at_least("warning")]
    if logs or grades or cohorts or problem_grades:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        ingested = ingest(model, db_path, logs, grades, problem_grades, cohorts, run)
    else:
        ingested = IngestReport()
    stats = compute(db_path, ingested)
    if not ingested.diagnostics:
        ingested.diagnostics = ingest_diagnostics(stats.ingest)
    diagnostics.extend(ingested.diagnostics)
    written = write_outputs(stats, out_dir, _thresholds(model, None))
    if fmt == "text":
        typer.echo(format_summary(stats))
        typer.echo(f"Database: {db_path}\nWrote: " + ", ".join(str(p) for p in written))
    report(sorted_diagnostics(diagnostics), fmt, quiet_when_clean=True)
    if has_errors(diagnostics):
        raise typer.Exit(1)


@stats_app.command("synth")
def stats_synth(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    learners: int = typer.Option(1000, "--learners", min=1, help="Number of learners."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write logs/ and CSVs to."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same files)."),
    run: str | None = typer.Option(None, "--run", help="Run id (default: the first run)."),
    gzip_logs: bool = typer.Option(False, "--gzip", help="Write .log.gz files."),
) -> None:
    """Write realistic synthetic tracking logs and grade reports for a course."""
    from moocforge.analytics.synthetic import generate

    model = _load(course, "text").course
    result = generate(model, out, learners=learners, seed=seed, run=run, gzip_logs=gzip_logs)
    typer.echo(f"Wrote {result.events} events ({result.malformed} malformed lines on purpose) "
               f"for {result.learners} learners in {len(result.files)} daily file(s) under "
               f"{result.log_dir}\nGrade report: {result.grade_report}\nProblem grade "
               f"report: {result.problem_grade_report}\nTry: moocforge stats {course} --logs "
               f"{result.log_dir} --grades {result.grade_report}")
