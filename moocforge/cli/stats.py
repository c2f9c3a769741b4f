"""`moocforge stats`: learner analytics from platform data, one row per course × run.

`moocforge stats <course> --logs …` reports; `moocforge stats synth <course>` writes
synthetic logs and reports for trying it out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer
from typer.core import TyperGroup

from moocforge.app import load as prepare
from moocforge.cli.app import FORMAT_HELP, app, report, usage_error
from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.model import Course, Loc

if TYPE_CHECKING:
    from moocforge.analytics.paths import PathStep
    from moocforge.catalog.model import Catalogue


class _ReportByDefault(TyperGroup):
    """`moocforge stats <course> …` means `moocforge stats report <course> …`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["report", *args]
        return super().parse_args(ctx, args)


stats_app = typer.Typer(cls=_ReportByDefault, no_args_is_help=True, help=(
    "Learner analytics: `moocforge stats <course> --logs DIR [--grades CSV] …` reports "
    "started / persistent / passed per run, per-week funnel and per-item figures; "
    "`moocforge stats synth <course>` writes synthetic logs to try it."))
app.add_typer(stats_app, name="stats")


def _courses(course: Path, fmt: str) -> tuple[list[Course], list[Diagnostic], list[PathStep]]:
    """The course — or, for a catalogue root, every course and variant of the catalogue
    (one row per course × run) and the steps of its paths — and the warnings of loading
    them."""
    from moocforge.catalog.load import load_catalogue
    from moocforge.catalog.model import is_catalogue

    if not is_catalogue(course):
        prepared = _load(course, fmt)
        return [prepared.course], [d for d in prepared.diagnostics if d.at_least("warning")], []
    from moocforge.app.catalogue import editions

    catalogue, problems = load_catalogue(course)
    if catalogue is None or has_errors(problems):
        report(problems, fmt)
        raise typer.Exit(1)
    models, errors = editions(catalogue)
    if errors or not models:
        report(sorted_diagnostics(errors), fmt)
        raise typer.Exit(1)
    return models, problems, path_steps(catalogue)


def path_steps(catalogue: Catalogue) -> list[PathStep]:
    """Every step of every path of the catalogue, in order."""
    from moocforge.analytics.paths import PathStep

    return [PathStep(program.id, pos, step.edition, step.required, step.min_grade,
                     program.title.get_lang(catalogue.languages[0]))
            for program in catalogue.programs
            for pos, step in enumerate(program.courses, start=1)]


def _default_out(course: Path, model: Course) -> Path:
    from moocforge.catalog.model import is_catalogue

    if is_catalogue(course):
        return course / "build" / "stats"
    return Path("build") / model.id / "stats"


def _load(course: Path, fmt: str):
    prepared = prepare(course)
    if not prepared.ok or prepared.course is None:
        report(prepared.diagnostics, fmt)
        raise typer.Exit(1)
    return prepared


@stats_app.command("report")
def stats_report(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    logs: list[Path] = typer.Option([], "--logs", help="Tracking log file(s) or folder(s) "
                                    "(JSON lines; gzipped, rotated and syslog-prefixed files "
                                    "accepted); repeatable."),
    xapi: list[Path] = typer.Option([], "--xapi", help="xAPI statement file(s) or folder(s) "
                                    "(one statement a line, or a JSON array); repeatable."),
    coursera: list[str] = typer.Option([], "--coursera", help="[RUN=]FOLDER of a Coursera "
                                       "data export (CSV tables); repeatable."),
    grades: list[str] = typer.Option([], "--grades", help="[RUN=]CSV grade report; "
                                     "repeatable (one per platform run)."),
    problem_grades: list[str] = typer.Option([], "--problem-grades",
                                             help="[RUN=]CSV problem grade report."),
    cohorts: Path | None = typer.Option(None, "--cohorts", help="CSV with the dashboard's "
                                        "username,email,cohort header."),
    staff: Path | None = typer.Option(None, "--staff", help="Usernames or user ids of the "
                                      "course team (one a line): not learners."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file (default: <out>/../stats."
                                   "duckdb). Without inputs, an existing one is reused."),
    run: list[str] = typer.Option([], "--run", help="Only this run (a run id of course.yml "
                                  "or a platform run name); repeatable. Default: every run."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Output folder (default: build/<course>/stats)."),
    passed_rule: str | None = typer.Option(None, "--passed-rule", help="threshold, fun or "
                                           "coursera (default: per run, see docs)."),
    lang: str | None = typer.Option(None, "--lang", help="Language of item titles in the "
                                    "report (default: the course's first)."),
    memory_limit: str = typer.Option("2GiB", "--memory-limit", help="DuckDB memory cap; "
                                     "past it DuckDB spills to disk (same results)."),
    threads: int | None = typer.Option(None, "--threads", min=1, help="DuckDB threads."),
    warehouse: str | None = typer.Option(None, "--warehouse", help="clickhouse://user:pass@"
                                         "host:8123 — compute in ClickHouse (Aspects)."),
    warehouse_table: str = typer.Option("xapi.xapi_events_all", "--warehouse-table",
                                        help="The xAPI table in the warehouse."),
    fmt: str = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Turn platform data into metrics per course × run, CSV/JSON and an HTML report."""
    from moocforge.analytics import Inputs, make_scopes, select_runs, write_outputs
    from moocforge.analytics.backend import memory_bytes
    from moocforge.analytics.diagnose import _thresholds
    from moocforge.analytics.scope import PASSED_RULES

    if passed_rule is not None and passed_rule not in PASSED_RULES:
        raise usage_error(f"--passed-rule must be one of {', '.join(PASSED_RULES)}")
    try:
        memory_bytes(memory_limit)
    except ValueError as exc:
        raise usage_error(f"--memory-limit: {exc}") from None
    models, diagnostics, steps = _courses(course, fmt)
    pairs, problems = [], []
    for model in models:
        runs, missing = select_runs(model, run)
        pairs += [(model, r) for r in runs]
        problems += missing if len(models) == 1 else []  # a catalogue: runs of some courses
    if problems or not pairs:
        report(sorted_diagnostics(diagnostics + problems or [Diagnostic(
            "MF907", "error", "no run to report on", models[0].loc if models else Loc(
                str(course)), rule="stats-input")]), fmt)
        raise typer.Exit(1)
    model = models[0]
    scopes = make_scopes(pairs, passed_rule=passed_rule,
                         source_rule="coursera" if coursera else None, lang=lang)
    inputs = Inputs(logs=logs, xapi=xapi, coursera=[Path(c) for c in coursera], grades=grades,
                    problem_grades=problem_grades, cohorts=cohorts, staff=staff)
    out_dir = out or _default_out(course, model)
    db_path = db or out_dir.with_name("stats.duckdb")
    if warehouse is None and inputs.empty and not db_path.is_file():
        raise usage_error("give --logs, --xapi or --coursera (and --grades), --warehouse, "
                          "or --db with an existing database")
    stats, found = _analyse(scopes, db_path, inputs, memory_limit, threads, warehouse,
                            warehouse_table, steps)
    diagnostics += found
    if stats is not None and not has_errors(diagnostics):  # a failed run replaces nothing
        written = write_outputs(stats, out_dir, _thresholds(model, None))
        if fmt == "text":
            from moocforge.analytics import format_summary

            typer.echo(format_summary(stats))
            where = warehouse_table if warehouse else str(db_path)
            typer.echo(f"Data: {where}\nWrote: " + ", ".join(str(p) for p in written))
    report(sorted_diagnostics(diagnostics), fmt, quiet_when_clean=True)
    if stats is None or has_errors(diagnostics):
        raise typer.Exit(1)


def _analyse(scopes, db_path: Path, inputs, memory_limit: str, threads: int | None,
             warehouse: str | None, table: str, steps: list[PathStep]):
    """Stats and diagnostics; an engine failure becomes a diagnostic, not a traceback."""
    import duckdb

    from moocforge.analytics import analyse
    from moocforge.analytics.session import UnreadableInput

    try:
        if warehouse:
            from moocforge.analytics import warehouse as wh
            from moocforge.analytics.backend import ClickHouseBackend, clickhouse_client

            return wh.analyse(scopes, ClickHouseBackend(clickhouse_client(warehouse)), inputs,
                              table, steps)
        return analyse(scopes, db_path, inputs, memory_limit, threads, steps)
    except duckdb.OutOfMemoryException as exc:
        return None, [_out_of_memory(memory_limit, str(exc).splitlines()[0], db_path)]
    except UnreadableInput as exc:
        return None, [Diagnostic("MF915", "error", f"cannot read this file to its end: "
                                 f"{exc}", Loc(str(exc.filename)),
                                 "the file is cut short or corrupted (`gzip -t` checks a .gz), "
                                 "or holds a line over 16 MiB: repair it, or leave it out of "
                                 "--logs / --xapi", rule="stats-input")]
    except (duckdb.Error, OSError, ImportError) as exc:
        return None, [Diagnostic("MF915", "error", f"cannot compute the statistics: "
                                 f"{str(exc).splitlines()[0]}", Loc(str(db_path)),
                                 "check the input files (and the warehouse address)",
                                 rule="stats-input")]
    except Exception as exc:  # a ClickHouse driver error: report it, keep the old outputs
        if warehouse and type(exc).__module__.startswith("clickhouse_connect"):
            return None, [Diagnostic("MF915", "error", f"ClickHouse: {exc}", Loc(table),
                                     "check --warehouse and --warehouse-table",
                                     rule="stats-input")]
        raise


def _out_of_memory(memory_limit: str, engine: str, db_path: Path) -> Diagnostic:
    """MF915 for a cap too small (docs/analytics.md), saying how the cap was read: a bare
    number is bytes (`1.5` is one byte)."""
    from moocforge.sizes import SIZE_EXAMPLES, parse_size

    size = parse_size(memory_limit)
    bare = size is not None and memory_limit.strip().replace(".", "", 1).isdigit()
    read = f" (read as {size:,} byte{'' if size == 1 else 's'}: a number without a unit is " \
        "bytes)" if bare and size is not None else ""
    return Diagnostic(
        "MF915", "error", f"out of memory under --memory-limit {memory_limit}{read}: {engine}",
        Loc(str(db_path)),
        f"give a larger cap with its unit, e.g. {SIZE_EXAMPLES} (the default, 2GiB, suits "
        "most courses), or lower --threads", rule="stats-input")


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
