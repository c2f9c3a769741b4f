"""A stats session: inputs for a list of (course, run) pairs → one database → `Stats`.

`ingest` writes a DuckDB file from tracking logs, xAPI statement files or a Coursera data
export, plus the instructor dashboard's CSV reports; it builds the new file beside the old
one and swaps it in only when everything was read, so a failed run keeps the previous
database. `compute` runs the metric SQL on it. `analyse` does both — the function the
`moocforge stats` command and the catalogue command call.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from moocforge.analytics import coursera, logs, xapi
from moocforge.analytics.backend import Backend, DuckBackend, connect
from moocforge.analytics.facts import EMPTY_STREAM, STREAM_COLUMNS, build_facts
from moocforge.analytics.metrics import run_metrics
from moocforge.analytics.paths import PathStep, measure_paths
from moocforge.analytics.reports import (
    COHORT_COLUMNS,
    GRADE_COLUMNS,
    ITEM_GRADE_COLUMNS,
    STAFF_COLUMNS,
    read_tables,
)
from moocforge.analytics.results import IngestReport, Stats, collect
from moocforge.analytics.scope import TABLES, RunScope, course_loc, scope_rows
from moocforge.diagnostics import Diagnostic
from moocforge.model import Loc

MALFORMED_SAMPLES = 5


@dataclass
class Inputs:
    logs: Sequence[Path] = ()  # tracking-log files or folders
    xapi: Sequence[Path] = ()  # xAPI statement files or folders
    coursera: Sequence[Path] = ()  # Coursera data-export folders
    grades: Sequence[str] = ()  # grade reports, each FILE or RUN=FILE
    problem_grades: Sequence[str] = ()
    cohorts: Path | None = None
    staff: Path | None = None

    @property
    def empty(self) -> bool:
        return not (self.logs or self.xapi or self.coursera or self.grades
                    or self.problem_grades)


@dataclass
class Ingested:
    report: IngestReport
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the database built from inputs with errors: read once, never swapped in
    unplaced: Path | None = None


class UnreadableInput(OSError):
    """An input file the engine could not read to its end (a gzip cut short or corrupt, a
    line over the size limit): reported at that file."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(message)
        self.filename, self.message = file, message

    def __str__(self) -> str:
        return self.message


def load_scope(backend: Backend, scopes: Sequence[RunScope]) -> None:
    for name, rows in scope_rows(scopes).items():
        backend.load(name, TABLES[name], rows)


def load_reports(backend: Backend, scopes: Sequence[RunScope], inputs: Inputs
                 ) -> list[Diagnostic]:
    tables = read_tables(scopes, inputs.grades, inputs.problem_grades, inputs.cohorts,
                         inputs.staff)
    backend.load("grades", GRADE_COLUMNS, tables.grades)
    backend.load("item_grades", ITEM_GRADE_COLUMNS, tables.item_grades)
    backend.load("cohorts", COHORT_COLUMNS, tables.cohorts)
    backend.load("staff_list", STAFF_COLUMNS, tables.staff)
    return tables.diagnostics


def ingest(scopes: Sequence[RunScope], db_path: Path | str, inputs: Inputs,
           memory_limit: str | None = None, threads: int | None = None) -> Ingested:
    """(Re)build the database at `db_path` from these inputs."""
    final = Path(db_path)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.with_name(f".{final.name}.{os.getpid()}.new")
    staging.unlink(missing_ok=True)
    report = IngestReport()
    diagnostics: list[Diagnostic] = []
    con = connect(staging, memory_limit=memory_limit, threads=threads)
    try:
        backend = DuckBackend(con)
        load_scope(backend, scopes)
        diagnostics += load_reports(backend, scopes, inputs)
        diagnostics += _load_events(backend, scopes, inputs, report)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        _remove(staging)
        _remove(Path(str(staging) + ".tmp"))
        raise
    con.close()
    _remove(Path(str(staging) + ".tmp"))
    if any(d.severity == "error" for d in diagnostics):  # an input was not read: keep the old
        return Ingested(report, diagnostics, unplaced=staging)
    os.replace(staging, final)
    return Ingested(report, diagnostics)


def _load_events(backend: DuckBackend, scopes: Sequence[RunScope], inputs: Inputs,
                 report: IngestReport) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    streams = []
    if inputs.logs:
        found = logs.find_logs(inputs.logs)
        problems += file_diagnostics(found.missing, found.skipped, found.refused)
        report.files += [str(p) for p in found.all]
        report.skipped_files = [str(p) for p in found.skipped]
        stream = logs.stream_sql(found)
        if stream:
            streams.append(stream)
            report.sources.append("tracking logs")
    if inputs.xapi:
        found_x = xapi.find_files(inputs.xapi)
        problems += file_diagnostics(found_x.missing, found_x.skipped, found_x.refused)
        report.files += [str(p) for p in found_x.all]
        stream = xapi.duckdb_stream_sql(found_x)
        if stream:
            streams.append(stream)
            report.sources.append("xAPI")
    if inputs.coursera:
        problems += coursera.load(backend, scopes, inputs.coursera)
        report.sources.append("Coursera")
        empty_scan(backend, with_activity=False)
        return problems
    if streams:
        columns = ", ".join(STREAM_COLUMNS)
        union = " UNION ALL ".join(f"SELECT {columns} FROM ({s}) AS part" for s in streams)
        try:
            build_facts(backend, union)
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            named = [f for f in sorted(report.files, key=len, reverse=True) if f in message]
            culprit = named[0] if named else logs.first_unreadable(report.files)
            if culprit is None:
                raise
            raise UnreadableInput(culprit, message) from None
        report.malformed_samples = _malformed_samples(backend)
    else:
        empty_scan(backend)
    return problems


def empty_scan(backend: Backend, with_activity: bool = True) -> None:
    """The event fact tables with no event (grade reports only, or Coursera data)."""
    build_facts(backend, EMPTY_STREAM, with_activity=with_activity)


def _malformed_samples(backend: DuckBackend) -> list[tuple[str, str]]:
    files = [r["file"] for r in backend.rows(
        "SELECT DISTINCT file FROM scan WHERE kind = 'malformed' AND file IS NOT NULL")]
    if not files:
        return []
    # at least the file, when the lines the engine refused look fine to Python
    return logs.malformed_samples(files, MALFORMED_SAMPLES) or [(sorted(files)[0], "")]


def file_diagnostics(missing: Sequence[Path], skipped: Sequence[Path],
                     refused: Sequence[logs.Refused] = ()) -> list[Diagnostic]:
    found = [Diagnostic("MF906", "error", "log file not found", Loc(str(p)),
                        "check the path (a folder is searched recursively)",
                        rule="stats-input") for p in missing]
    found += [Diagnostic(r.code, "warning", r.message, Loc(str(r.path)), r.hint,
                         rule="stats-input") for r in refused]
    if skipped:
        names = ", ".join(p.name for p in skipped[:5]) + (" …" if len(skipped) > 5 else "")
        found.append(Diagnostic(
            "MF908", "warning", f"{len(skipped)} file(s) in the log folders were not read: "
            f"their names are not log names ({names})", Loc(str(skipped[0])),
            "log files are named *.log, *.log.gz, *.json[l][.gz] or rotated like "
            "tracking.log-20140502[.gz] / tracking.log.1; decrypt .gpg files first",
            rule="stats-input"))
    return found


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def compute(db_path: Path | str, report: IngestReport | None = None,
            memory_limit: str | None = None, threads: int | None = None,
            paths: Sequence[PathStep] = ()) -> Stats:
    """Run the metric SQL on a database built by `ingest` and collect the results (and
    the progression along `paths`, the steps of a catalogue's programs)."""
    con = connect(db_path, read_only=True, memory_limit=memory_limit, threads=threads)
    try:
        backend = DuckBackend(con)
        run_metrics(backend)
        stats = collect(backend, report)
        stats.paths = measure_paths(backend, paths)
        return stats
    finally:
        con.close()


def analyse(scopes: Sequence[RunScope], db_path: Path | str, inputs: Inputs,
            memory_limit: str | None = None, threads: int | None = None,
            paths: Sequence[PathStep] = ()) -> tuple[Stats, list[Diagnostic]]:
    """Ingest (when there are inputs) and compute: the whole of `moocforge stats`."""
    ingested = ingest(scopes, db_path, inputs, memory_limit, threads) \
        if not inputs.empty else Ingested(IngestReport())
    try:
        stats = compute(ingested.unplaced or db_path, ingested.report, memory_limit, threads,
                        paths)
    finally:
        if ingested.unplaced is not None:
            _remove(ingested.unplaced)
            _remove(Path(str(ingested.unplaced) + ".tmp"))
    return stats, ingested.diagnostics + ingest_diagnostics(stats, scopes)


UNKNOWN_LISTED = 20  # MF901 findings, the blocks with the most events first


def _first_lines(ing: IngestReport, blocks: Sequence[str]) -> dict[tuple[str, str], int]:
    """The line of the first event on each of these blocks in the first file holding one:
    that file is read up to there (never the whole logs again)."""
    wanted: dict[str, set[str]] = {}
    for block in blocks:
        file = ing.unknown_seen.get(block, "")
        if file:
            wanted.setdefault(file, set()).add(block)
    return logs.first_lines(wanted)


def _detail(row: dict) -> str:
    return f" {row['detail']}" if row["detail"] and row["reason"] == "other_course" else ""


def ingest_diagnostics(stats: Stats, scopes: Sequence[RunScope]) -> list[Diagnostic]:
    """MF900 malformed lines, MF901 unknown blocks, MF902 nothing for these runs, MF913
    the summary of what was left out and why."""
    ing = stats.ingest
    found = []
    if ing.malformed:
        sample = ing.malformed_samples[0] if ing.malformed_samples else ("", "")
        found.append(Diagnostic(
            "MF900", "warning", f"{ing.malformed} malformed log line(s) skipped "
            "(not a JSON object)" + (f", e.g. {sample[1][:60]!r}" if sample[1] else ""),
            Loc(sample[0]),
            "truncated or corrupted log files; the other lines were read", rule="stats-input"))
    unknown = sorted((r for r in ing.ignored if r["reason"] == "unknown_block"),
                     key=lambda r: (-r["events"], r["detail"]))[:UNKNOWN_LISTED]
    lines = _first_lines(ing, [r["detail"] for r in unknown])
    for row in unknown:
        file = ing.unknown_seen.get(row["detail"], "")
        line = lines.get((file, row["detail"]), 0)
        found.append(Diagnostic(
            "MF901", "warning", f"{row['events']} event(s) from {row['learners']} learner(s) "
            f"on block '{row['detail']}', which is not in the course",
            Loc(file, line, 1 if line else 0) if file else course_loc(scopes),
            hint="the logs may come from another version of the course, or an item's id "
            "changed after the run", rule="stats-input"))
    if ing.files and not ing.course_events:
        runs = ", ".join(" ".join(n for n, _ in s.platform_runs()) for s in scopes)
        found.append(Diagnostic(
            "MF902", "warning", f"no event of the data belongs to the runs asked for ({runs})",
            course_loc(scopes), "check --run and that the data is this course's (org and "
            "number); other runs seen are listed under 'other_course'", rule="stats-input"))
    left_out = [r for r in ing.ignored if r["reason"] != "unknown_block"]
    if left_out or ing.duplicates:
        totals: dict[str, int] = {}
        for r in left_out:  # one figure per reason (per course for other_course)
            label = f"{r['reason']}{_detail(r)}"
            totals[label] = totals.get(label, 0) + int(r["events"] or 0)
        parts = [f"{label}: {events}" for label, events in list(totals.items())[:12]]
        if ing.duplicates:
            parts.append(f"duplicate copies of plays, submissions and posts counted once: "
                         f"{ing.duplicates}")
        found.append(Diagnostic(
            "MF913", "info", "events left out, by reason — " + "; ".join(parts),
            course_loc(scopes),
            hint="docs/analytics.md explains each reason; summary.json lists them all",
            rule="stats-input"))
    return found
