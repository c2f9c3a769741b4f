"""Loading tracking logs, grade reports and cohort files into a DuckDB database.

The fast path is DuckDB's own readers: `read_json` parses each line once, in parallel,
into typed columns; the double-encoded `event` string of browser events is unwrapped with
DuckDB's JSON functions in the same vectorised pass. A line that is not a JSON object comes
back as an all-NULL row: it is counted as malformed, and a few are kept as examples (read
again as raw text with the CSV reader; a JSON line never holds a raw control character, so
`\x01` is a safe delimiter). Nothing here is fatal.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from moocforge.analytics.catalog import block_rows, catalog, titles_by_item
from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Loc

LOG_SUFFIXES = (".log", ".log.gz", ".json", ".json.gz", ".jsonl", ".jsonl.gz", ".gz")
MALFORMED_SAMPLES = 5
UNKNOWN_LISTED = 20

# Event names (after `name` wins over `event_type`) grouped into the actions metrics use.
VIDEO_PLAY = ("play_video", "edx.video.played")
VIDEO_POSITION = ("play_video", "pause_video", "stop_video", "edx.video.played",
                  "edx.video.paused", "edx.video.stopped", "edx.video.completed")
SEQUENCE_EVENTS = ("seq_goto", "seq_next", "seq_prev", "edx.ui.lms.sequence.tab_selected",
                   "edx.ui.lms.sequence.next_selected", "edx.ui.lms.sequence.previous_selected")


@dataclass
class IngestReport:
    files: list[str] = field(default_factory=list)
    lines: int = 0
    malformed: int = 0
    anonymous: int = 0
    other_course: int = 0
    course_events: int = 0
    item_events: int = 0
    unknown_block_events: int = 0
    unknown_blocks: list[tuple[str, int, int]] = field(default_factory=list)
    malformed_samples: list[tuple[str, str]] = field(default_factory=list)
    grade_rows: int = 0
    problem_grade_columns: int = 0
    cohort_rows: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "files": self.files, "lines": self.lines, "malformed": self.malformed,
            "anonymous": self.anonymous, "other_course": self.other_course,
            "course_events": self.course_events, "item_events": self.item_events,
            "unknown_block_events": self.unknown_block_events,
            "unknown_blocks": [{"block": b, "events": e, "learners": n}
                               for b, e, n in self.unknown_blocks],
            "malformed_samples": [{"file": f, "line": t} for f, t in self.malformed_samples],
            "grade_rows": self.grade_rows, "problem_grade_columns": self.problem_grade_columns,
            "cohort_rows": self.cohort_rows,
        }


def connect(db_path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db_path), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


def log_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their log files (sorted: one file per day sorts by date)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.name.endswith(LOG_SUFFIXES)))
        else:
            found.append(path)
    return found


def course_filter(course: Course, run: str | None) -> tuple[str, str]:
    """SQL LIKE patterns for this course's ids (new `course-v1:` and old `org/num/run`)."""
    tail = run if run else "%"
    return (f"course-v1:{_like(course.org)}+{_like(course.number)}+{tail}",
            f"{_like(course.org)}/{_like(course.number)}/{tail}")


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ----------------------------------------------------------------------------- schema


def create_course_tables(con: duckdb.DuckDBPyConnection, course: Course,
                         pass_threshold: float | None = None) -> None:
    """The course side of every join: items, blocks, sequence tabs, settings."""
    rows = catalog(course)
    con.execute("""CREATE OR REPLACE TABLE items (
        item_id VARCHAR, url_name VARCHAR, block_type VARCHAR, kind VARCHAR, ord INTEGER,
        week INTEGER, week_title VARCHAR, seq VARCHAR, tab INTEGER, title VARCHAR,
        lesson_title VARCHAR, loc VARCHAR, graded BOOLEAN, duration DOUBLE,
        first_graded_quiz BOOLEAN, first_graded_quiz_week2 BOOLEAN)""")
    con.executemany("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (r.item_id, r.url_name, r.block_type, r.kind, r.ord, r.week, r.week_title,
         r.lesson_url_name, r.tab, r.title, r.lesson_title, r.loc, r.graded, r.duration,
         r.first_graded_quiz, r.first_graded_quiz_week2) for r in rows])
    con.execute("CREATE OR REPLACE TABLE blocks (url_name VARCHAR, block_type VARCHAR, "
                "item_id VARCHAR)")
    con.executemany("INSERT INTO blocks VALUES (?,?,?)", block_rows(course))
    con.execute("CREATE OR REPLACE TABLE weeks (week INTEGER, title VARCHAR)")
    con.executemany("INSERT INTO weeks VALUES (?,?)",
                    [(w.number, w.title.default) for w in course.weeks])
    threshold = course.grading.pass_threshold if pass_threshold is None else pass_threshold
    con.execute("CREATE OR REPLACE TABLE settings (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO settings VALUES (?,?)", [
        ("course_id", course.id), ("pass_threshold", repr(float(threshold)))])


def create_data_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE OR REPLACE TABLE item_events (
        username VARCHAR, item_id VARCHAR, action VARCHAR, event_type VARCHAR,
        ts TIMESTAMPTZ, position DOUBLE, grade DOUBLE, max_grade DOUBLE, attempts INTEGER)""")
    con.execute("CREATE OR REPLACE TABLE enrollments (username VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE active_learners (username VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE grades (username VARCHAR, grade DOUBLE, "
                "enrollment_status VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE problem_grades (username VARCHAR, item_id VARCHAR, "
                "earned DOUBLE, possible DOUBLE)")
    con.execute("CREATE OR REPLACE TABLE cohorts (username VARCHAR, cohort VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE ingest_files (file VARCHAR, lines BIGINT, "
                "malformed BIGINT, anonymous BIGINT, other_course BIGINT, course_events BIGINT)")
    con.execute("CREATE OR REPLACE TABLE unknown_blocks (block_ref VARCHAR, events BIGINT, "
                "learners BIGINT)")
    con.execute("CREATE OR REPLACE TABLE malformed_samples (file VARCHAR, line VARCHAR)")


# ----------------------------------------------------------------------------- logs

_READ_LINES = """read_csv({files}, columns = {{'line': 'VARCHAR'}}, delim = chr(1), quote = '',
    escape = '', header = false, auto_detect = false, filename = true, strict_mode = false,
    null_padding = true, ignore_errors = true)"""

# DuckDB's JSON reader parses each line once (yyjson, in parallel); with ignore_errors a line
# that is not a JSON object comes back as a row whose every column is NULL.
_READ_EVENTS = """read_json({files}, format = 'newline_delimited', ignore_errors = true,
    filename = true, columns = {{'username': 'VARCHAR', 'name': 'VARCHAR',
    'event_type': 'VARCHAR', 'event_source': 'VARCHAR', 'time': 'VARCHAR', 'event': 'JSON',
    'context': 'STRUCT(course_id VARCHAR, module STRUCT(usage_key VARCHAR))'}})"""

# The `event` payload is an object for server events and a JSON-encoded string for browser
# events: unwrap the string, then read the few fields metrics need in one extraction.
_PARSE_SQL = """
CREATE OR REPLACE TEMP TABLE parsed AS
WITH src AS (
    SELECT filename AS file, username, name, event_type AS legacy_type, event_source,
        "time" AS time_text, event, context
    FROM {source}
), fields AS (
    SELECT file,
        (username IS NULL AND name IS NULL AND legacy_type IS NULL AND time_text IS NULL
         AND event IS NULL AND context IS NULL) AS bad,
        username, coalesce(nullif(name, ''), legacy_type) AS event_type, event_source,
        time_text, context.course_id AS course_id, context.module.usage_key AS module_key,
        CASE WHEN json_type(event) = 'VARCHAR' THEN json_extract_string(event, '$')
             ELSE CAST(event AS VARCHAR) END AS payload
    FROM src
), payload AS (
    SELECT *, CASE WHEN payload IS NOT NULL AND json_valid(payload) THEN
        json_extract_string(payload, ['$.problem_id', '$.id', '$.currentTime', '$.grade',
            '$.max_grade', '$.attempts', '$.new', '$.target_tab', '$.current_time']) END AS e
    FROM fields
)
SELECT file, bad, username, event_type, event_source, course_id, time_text,
    coalesce(e[1],
             CASE WHEN event_type LIKE '%video%' OR event_type IN {sequence} THEN e[2] END,
             module_key,
             CASE WHEN event_type LIKE 'problem%' THEN
                 nullif(regexp_extract(payload, '(input_[A-Za-z0-9_.@:+-]+)', 1), '') END)
        AS block_ref,
    try_cast(coalesce(e[7], e[8]) AS INTEGER) AS tab,
    try_cast(coalesce(e[3], e[9]) AS DOUBLE) AS position,
    try_cast(e[4] AS DOUBLE) AS grade, try_cast(e[5] AS DOUBLE) AS max_grade,
    try_cast(e[6] AS INTEGER) AS attempts
FROM payload
"""

# The url_name inside any of the id forms a log may use; see docs/analytics.md.
URL_NAME_SQL = r"""CASE
    WHEN {ref} LIKE '%block@%' THEN regexp_extract({ref}, 'block@([^+/?#]+)', 1)
    WHEN {ref} LIKE 'i4x://%' THEN regexp_extract({ref}, '^i4x://[^/]+/[^/]+/[^/]+/([^/@]+)', 1)
    WHEN {ref} LIKE 'input\_%' ESCAPE '\' THEN regexp_extract({ref},
        '^input_(?:i4x-.*-(?:problem|video|html|openassessment|discussion)-)?(.+?)_[0-9]+_[0-9]+',
        1)
    WHEN {ref} LIKE 'i4x-%' THEN regexp_extract({ref},
        '-(?:problem|video|html|openassessment|discussion|sequential|vertical|chapter)-(.+)$', 1)
    ELSE {ref} END"""

_ACTION_SQL = f"""CASE
    WHEN event_type = 'problem_check' AND max_grade IS NOT NULL THEN 'submit'
    WHEN event_type = 'openassessmentblock.create_submission' THEN 'submit'
    WHEN event_type LIKE 'edx.forum.%created' THEN 'post'
    WHEN event_type IN {VIDEO_PLAY} THEN 'play'
    WHEN event_type IN {VIDEO_POSITION} THEN 'watch'
    WHEN event_type IN {SEQUENCE_EVENTS} THEN 'open'
    ELSE 'other' END"""


def ingest_logs(con: duckdb.DuckDBPyConnection, files: Sequence[Path], run: str | None,
                course: Course, report: IngestReport) -> None:
    if not files:
        return
    file_list = "[" + ", ".join(_sql_str(str(f)) for f in files) + "]"
    con.execute(_PARSE_SQL.format(source=_READ_EVENTS.format(files=file_list),
                                  sequence=SEQUENCE_EVENTS))
    new_key, old_key = course_filter(course, run)
    in_course = (f"(course_id LIKE {_sql_str(new_key)} ESCAPE '\\' "
                 f"OR course_id LIKE {_sql_str(old_key)} ESCAPE '\\')")
    anonymous = "(username IS NULL OR username = '')"
    con.execute(f"""INSERT INTO ingest_files
        SELECT file, count(*), count(*) FILTER (WHERE bad),
            count(*) FILTER (WHERE NOT bad AND {anonymous}),
            count(*) FILTER (WHERE NOT bad AND NOT {anonymous}
                             AND NOT coalesce({in_course}, false)),
            count(*) FILTER (WHERE NOT bad AND NOT {anonymous} AND {in_course})
        FROM parsed GROUP BY file""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE course_events AS
        SELECT username, event_type, time_text, block_ref, tab, position, grade, max_grade,
            attempts, {URL_NAME_SQL.format(ref='block_ref')} AS ref_name
        FROM parsed WHERE NOT bad AND NOT {anonymous} AND {in_course}""")
    con.execute("DROP TABLE parsed")
    _malformed_samples(con)
    _resolve(con)


def _malformed_samples(con: duckdb.DuckDBPyConnection) -> None:
    """A few malformed lines as examples: a second read, only of files that have some."""
    files = [r[0] for r in con.execute(
        "SELECT file FROM ingest_files WHERE malformed > 0 ORDER BY file").fetchall()]
    if not files:
        return
    source = _READ_LINES.format(files="[" + ", ".join(_sql_str(f) for f in files) + "]")
    con.execute(f"""INSERT INTO malformed_samples
        SELECT filename, left(line, 200) FROM {source}
        WHERE line IS NOT NULL AND trim(line) <> ''
          AND NOT CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END
        LIMIT {MALFORMED_SAMPLES}""")


def _resolve(con: duckdb.DuckDBPyConnection) -> None:
    """Attach each course event to its item; count events on blocks the course lacks."""
    con.execute(f"""INSERT INTO item_events
        SELECT e.username, coalesce(b.item_id, t.item_id),
            CASE WHEN b.item_id IS NOT NULL OR t.item_id IS NOT NULL THEN {_ACTION_SQL} END,
            e.event_type,
            CASE WHEN e.event_type = 'problem_check' THEN try_cast(e.time_text AS TIMESTAMPTZ)
            END, e.position, e.grade, e.max_grade, e.attempts
        FROM course_events e
        LEFT JOIN blocks b ON b.url_name = e.ref_name AND b.item_id IS NOT NULL
        LEFT JOIN items t ON t.seq = e.ref_name AND t.tab = e.tab
        WHERE b.item_id IS NOT NULL OR t.item_id IS NOT NULL""")
    con.execute("""INSERT INTO unknown_blocks
        SELECT block_ref, count(*), count(DISTINCT username) FROM course_events e
        WHERE block_ref IS NOT NULL AND block_ref <> ''
          AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.url_name = e.ref_name)
        GROUP BY block_ref""")
    con.execute("""INSERT INTO enrollments SELECT DISTINCT username FROM course_events
        WHERE event_type = 'edx.course.enrollment.activated'""")
    con.execute("""INSERT INTO active_learners SELECT DISTINCT username FROM course_events
        WHERE event_type NOT LIKE 'edx.course.enrollment.%'""")
    con.execute("DROP TABLE course_events")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ----------------------------------------------------------------------------- CSV reports

_USERNAME = re.compile(r"^\s*user\s*name\s*$", re.I)
_GRADE = re.compile(r"^\s*grade\s*$", re.I)
_STATUS = re.compile(r"^\s*enrollment\s+status\s*$", re.I)
_EARNED = re.compile(r"^(?P<head>.*)\((?P<kind>earned|possible)\)\s*$", re.I)
_NUMERIC_SQL = "try_cast(nullif(trim({col}), '') AS DOUBLE)"  # "Not Attempted" → NULL


def _header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    rows = con.execute(f"DESCRIBE SELECT * FROM read_csv({_sql_str(str(path))}, header = true, "
                       "all_varchar = true, auto_detect = true)").fetchall()
    return [str(r[0]) for r in rows]


def _find(header: list[str], pattern: re.Pattern[str]) -> str | None:
    return next((h for h in header if pattern.match(h)), None)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ingest_grades(con: duckdb.DuckDBPyConnection, path: Path, report: IngestReport) -> None:
    header = _read_header(con, path, report)
    if header is None:
        return
    username, grade = _find(header, _USERNAME), _find(header, _GRADE)
    if username is None or grade is None:
        report.diagnostics.append(Diagnostic(
            "MF903", "error", f"grade report has no {'Username' if username is None else 'Grade'}"
            " column", Loc(str(path), 1), "expected the edX grade report headers "
            "(Student ID, Email, Username, Grade, …)", rule="stats-input"))
        return
    status = _find(header, _STATUS)
    status_sql = _quote_ident(status) if status else "NULL"
    con.execute(f"""INSERT INTO grades SELECT {_quote_ident(username)},
            {_NUMERIC_SQL.format(col=_quote_ident(grade))}, {status_sql}
        FROM read_csv({_sql_str(str(path))}, header = true, all_varchar = true)
        WHERE {_quote_ident(username)} IS NOT NULL""")


def _read_header(con: duckdb.DuckDBPyConnection, path: Path,
                 report: IngestReport) -> list[str] | None:
    try:
        return _header(con, path)
    except (duckdb.Error, OSError) as exc:
        report.diagnostics.append(Diagnostic(
            "MF903", "error", f"cannot read CSV report: {str(exc).splitlines()[0]}",
            Loc(str(path)), "pass the CSV file downloaded from the instructor dashboard",
            rule="stats-input"))
        return None


def ingest_problem_grades(con: duckdb.DuckDBPyConnection, path: Path, course: Course,
                          report: IngestReport) -> None:
    """Match `"… - {problem} (Earned)"` / `(Possible)` column pairs to items by title."""
    header = _read_header(con, path, report)
    if header is None:
        return
    username = _find(header, _USERNAME)
    if username is None:
        report.diagnostics.append(Diagnostic(
            "MF903", "error", "problem grade report has no Username column", Loc(str(path), 1),
            rule="stats-input"))
        return
    pairs: dict[str, dict[str, str]] = {}
    for col in header:
        match = _EARNED.match(col)
        if match:
            pairs.setdefault(match["head"].strip(), {})[match["kind"].lower()] = col
    titles = titles_by_item(course)
    selects = []
    for head, cols in sorted(pairs.items()):
        item_id = _item_for_problem(head, titles)
        if item_id is None or set(cols) != {"earned", "possible"}:
            report.diagnostics.append(Diagnostic(
                "MF904", "warning", f"problem grade report column '{head}' matches no "
                "quiz or exercise title of the course", Loc(str(path), 1),
                "check that the report belongs to this course and run", rule="stats-input"))
            continue
        selects.append(f"SELECT {_quote_ident(username)} AS username, {_sql_str(item_id)}, "
                       f"{_NUMERIC_SQL.format(col=_quote_ident(cols['earned']))}, "
                       f"{_NUMERIC_SQL.format(col=_quote_ident(cols['possible']))} FROM src")
    if selects:
        con.execute(f"""INSERT INTO problem_grades
            WITH src AS (SELECT * FROM read_csv({_sql_str(str(path))}, header = true,
                                                all_varchar = true))
            {" UNION ALL ".join(selects)}""")


def _item_for_problem(head: str, titles: dict[str, set[str]]) -> str | None:
    """`"{type} {n}: {subsection} - {problem}"` → the item whose title is the problem's."""
    matches = [item_id for item_id, names in titles.items()
               if any(head == t or head.endswith(" - " + t) for t in names if t)]
    return matches[0] if len(matches) == 1 else None


def ingest_cohorts(con: duckdb.DuckDBPyConnection, path: Path, report: IngestReport) -> None:
    """`username,cohort` rows; a header line is optional."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [r for r in csv.reader(handle) if r and any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError) as exc:
        report.diagnostics.append(Diagnostic("MF905", "error", f"cannot read cohort file: {exc}",
                                             Loc(str(path)), rule="stats-input"))
        return
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["username", "cohort"]:
        rows = rows[1:]
    good = []
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            report.diagnostics.append(Diagnostic(
                "MF905", "warning", "cohort line is not 'username,cohort'",
                Loc(str(path), number), rule="stats-input"))
            continue
        good.append((row[0].strip(), row[1].strip()))
    con.executemany("INSERT INTO cohorts VALUES (?, ?)", good)


# ----------------------------------------------------------------------------- entry point


def ingest(course: Course, db_path: Path | str, logs: Sequence[Path] = (),
           grades: Path | None = None, problem_grades: Sequence[Path] = (),
           cohorts: Path | None = None, run: str | None = None) -> IngestReport:
    """(Re)build the database at `db_path` from these inputs; returns what was read."""
    report = IngestReport()
    files = log_files(logs)
    report.files = [str(f) for f in files]
    for missing in (f for f in files if not f.is_file()):
        report.diagnostics.append(Diagnostic("MF906", "error", "log file not found",
                                             Loc(str(missing)), rule="stats-input"))
    files = [f for f in files if f.is_file()]
    con = connect(db_path)
    try:
        create_course_tables(con, course)
        create_data_tables(con)
        ingest_logs(con, files, run, course, report)
        if grades is not None:
            ingest_grades(con, grades, report)
        for path in problem_grades:
            ingest_problem_grades(con, path, course, report)
        if cohorts is not None:
            ingest_cohorts(con, cohorts, report)
        read_back(con, report)
    finally:
        con.close()
    report.diagnostics.extend(ingest_diagnostics(report))
    return report


def read_back(con: duckdb.DuckDBPyConnection, report: IngestReport) -> None:
    """Fill the report's counts from the database (also when reusing an existing one)."""
    lines, malformed, anonymous, other, course_events = con.execute(
        "SELECT coalesce(sum(lines), 0), coalesce(sum(malformed), 0), "
        "coalesce(sum(anonymous), 0), coalesce(sum(other_course), 0), "
        "coalesce(sum(course_events), 0) FROM ingest_files").fetchone()
    report.lines, report.malformed, report.anonymous = int(lines), int(malformed), int(anonymous)
    report.other_course, report.course_events = int(other), int(course_events)
    report.files = [r[0] for r in con.execute(
        "SELECT file FROM ingest_files ORDER BY file").fetchall()]
    report.item_events = con.execute("SELECT count(*) FROM item_events").fetchone()[0]
    report.unknown_block_events = int(con.execute(
        "SELECT coalesce(sum(events), 0) FROM unknown_blocks").fetchone()[0])
    report.unknown_blocks = [(r[0], int(r[1]), int(r[2])) for r in con.execute(
        "SELECT block_ref, events, learners FROM unknown_blocks "
        f"ORDER BY events DESC, block_ref LIMIT {UNKNOWN_LISTED}").fetchall()]
    report.malformed_samples = [(r[0], r[1]) for r in con.execute(
        "SELECT file, line FROM malformed_samples ORDER BY file, line").fetchall()]
    report.grade_rows = con.execute("SELECT count(*) FROM grades").fetchone()[0]
    report.problem_grade_columns = con.execute(
        "SELECT count(DISTINCT item_id) FROM problem_grades").fetchone()[0]
    report.cohort_rows = con.execute("SELECT count(*) FROM cohorts").fetchone()[0]


def ingest_diagnostics(report: IngestReport) -> list[Diagnostic]:
    found = []
    if report.malformed:
        sample = report.malformed_samples[0] if report.malformed_samples else ("", "")
        found.append(Diagnostic(
            "MF900", "warning", f"{report.malformed} malformed log line(s) skipped "
            f"(not a JSON object), e.g. {sample[1][:60]!r}", Loc(sample[0]),
            "truncated or corrupted log files; the other lines were read", rule="stats-input"))
    for block, events, learners in report.unknown_blocks:
        found.append(Diagnostic(
            "MF901", "warning", f"{events} event(s) from {learners} learner(s) on block "
            f"'{block}', which is not in the course", hint="the logs may come from another "
            "version of the course, or an item's id changed after the run",
            rule="stats-input"))
    if report.files and not report.course_events:
        found.append(Diagnostic(
            "MF902", "warning", "no event of the logs belongs to this course",
            hint="check --run and that the logs are from this course's org and number",
            rule="stats-input"))
    return found
