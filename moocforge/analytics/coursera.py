"""A Coursera data export → the same `activity` and `people` tables as the Open edX logs.

The export is a folder of CSV tables, one per table of Coursera's published export schema
(its `setup.sql` comments each column); the ones read here:

- `course_memberships (<partner>_user_id, course_id, course_membership_role,
  course_membership_ts)`: LEARNER / PRE_ENROLLED_LEARNER are enrolled, NOT_ENROLLED left
  after enrolling, BROWSER never enrolled; MENTOR, TEACHING_STAFF, COURSE_ASSISTANT,
  INSTRUCTOR, UNIVERSITY_ADMIN and DATA_COORDINATOR are staff. The latest row wins;
- `course_items (course_id, course_item_id, course_lesson_id, course_item_order,
  course_item_type_id, course_item_name, course_item_optional)`: matched to the course's
  items by title (in any course language), as the Coursera kit names them;
- `course_progress (…, course_item_id, <partner>_user_id, course_progress_state_type_id,
  course_progress_ts)`: 1 started, 2 completed;
- `course_item_grades (…, course_item_passing_state_id, course_item_grade_overall, …)`:
  0 not passed, 1 passed, 2 passed with verified identity; one (the best) grade per item;
- `course_grades (…, course_passing_state_id, course_grade_overall, …)`: 0 not passed,
  1 passed, 2 passed verified, 3 not passable.

The partner's user-id column is found by its `_user_id` suffix. A folder is one run:
`--coursera RUN=FOLDER` says which, or the session's only run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from moocforge.analytics.backend import DuckBackend, sql_str
from moocforge.analytics.catalog import item_for_title, titles_by_item
from moocforge.analytics.reports import run_of
from moocforge.analytics.scope import RunScope
from moocforge.diagnostics import Diagnostic
from moocforge.model import Loc

ENROLLED_ROLES = ("LEARNER", "PRE_ENROLLED_LEARNER")
LEFT_ROLES = ("NOT_ENROLLED",)
STAFF_ROLES = ("MENTOR", "TEACHING_STAFF", "COURSE_ASSISTANT", "INSTRUCTOR",
               "UNIVERSITY_ADMIN", "DATA_COORDINATOR")
NEEDED = ("course_memberships", "course_items")


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")"


def _csv(path: Path) -> str:
    return (f"read_csv({sql_str(str(path))}, header = true, all_varchar = true, "
            "auto_detect = true)")


def _user_column(backend: DuckBackend, path: Path) -> str | None:
    names = [r["column_name"] for r in backend.rows(f"DESCRIBE SELECT * FROM {_csv(path)}")]
    return next((n for n in names if n.endswith("_user_id")), None)


def _ts(col: str) -> str:
    return f"epoch(try_cast({col} AS TIMESTAMP))"


def load(backend: DuckBackend, scopes: Sequence[RunScope], folders: Sequence[Path]
         ) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    backend.run("CREATE OR REPLACE TABLE activity (run_key BIGINT, user_id VARCHAR, "
                "item_id VARCHAR, events BIGINT, first_ts DOUBLE, last_ts DOUBLE, "
                "plays BIGINT, watched_to DOUBLE, video_done INTEGER, submissions BIGINT, "
                "max_attempts BIGINT, first_fraction DOUBLE, last_fraction DOUBLE, "
                "best_fraction DOUBLE, posts BIGINT, passed_item INTEGER)")
    backend.run("CREATE OR REPLACE TABLE people (run_key BIGINT, user_id VARCHAR, "
                "username VARCHAR, email VARCHAR, enrolled_ever INTEGER, enrolled_end INTEGER, "
                "actor_min VARCHAR, actor_max VARCHAR, staff_role INTEGER, pass_state INTEGER, "
                "course_grade DOUBLE, first_ts DOUBLE, last_ts DOUBLE, events BIGINT)")
    for arg in folders:
        scope, folder = run_of(str(arg), scopes, "MF914", problems)
        if scope is not None:
            problems += _load_folder(backend, scope, folder)
    return problems


def _load_folder(backend: DuckBackend, scope: RunScope, folder: Path) -> list[Diagnostic]:
    tables = {p.stem: p for p in folder.glob("*.csv")} if folder.is_dir() else {}
    missing = [t for t in NEEDED if t not in tables]
    if missing:
        return [Diagnostic("MF914", "error", f"Coursera export lacks {', '.join(missing)}.csv",
                           Loc(str(folder)), "pass the folder of the unzipped data export",
                           rule="stats-input")]
    problems: list[Diagnostic] = []
    course_id = _course_id(backend, scope, tables, problems)
    if course_id is None:
        return problems
    _map_items(backend, scope, tables["course_items"], course_id, problems)
    user = _user_column(backend, tables["course_memberships"])
    if user is None:
        return problems + [Diagnostic("MF914", "error", "course_memberships.csv has no "
                                      "<partner>_user_id column",
                                      Loc(str(tables["course_memberships"]), 1),
                                      rule="stats-input")]
    _people(backend, scope, tables, course_id, user)
    _activity(backend, scope, tables, course_id)
    return problems


def _course_id(backend: DuckBackend, scope: RunScope, tables: dict[str, Path],
               problems: list[Diagnostic]) -> str | None:
    ids = [r["course_id"] for r in backend.rows(
        f"SELECT DISTINCT course_id FROM {_csv(tables['course_items'])} ORDER BY 1")]
    if len(ids) == 1:
        return ids[0]
    if "courses" in tables:
        titles = {t.lower() for t in scope.course.title.values()} | {scope.course.id.lower()}
        for row in backend.rows(f"SELECT course_id, course_slug, course_name FROM "
                                f"{_csv(tables['courses'])}"):
            if {str(row["course_slug"]).lower(), str(row["course_name"]).lower()} & titles:
                return row["course_id"]
    problems.append(Diagnostic(
        "MF914", "error", f"the Coursera export holds {len(ids)} courses and none is named "
        f"like '{scope.course.id}'", Loc(str(tables["course_items"])),
        "export this course alone, or give courses.csv with its slug or name",
        rule="stats-input"))
    return None


def _map_items(backend: DuckBackend, scope: RunScope, path: Path, course_id: str,
               problems: list[Diagnostic]) -> None:
    titles = titles_by_item(scope.course)
    rows = backend.rows(f"SELECT course_item_id, course_item_name FROM {_csv(path)} "
                        f"WHERE course_id = {sql_str(course_id)} ORDER BY course_item_id")
    mapping = []
    for row in rows:
        item_id = item_for_title(str(row["course_item_name"] or "").strip(), titles)
        if item_id is None:
            problems.append(Diagnostic(
                "MF914", "warning", f"Coursera item '{row['course_item_name']}' "
                f"({row['course_item_id']}) matches no item title of the course",
                Loc(str(path)), "its learners' progress on it is left out",
                rule="stats-input"))
        else:
            mapping.append((row["course_item_id"], item_id))
    backend.load("coursera_items", [("coursera_item", "TEXT"), ("item_id", "TEXT")], mapping,
                 temp=True)


def _people(backend: DuckBackend, scope: RunScope, tables: dict[str, Path], course_id: str,
            user: str) -> None:
    grades = tables.get("course_grades")
    grade_user = _user_column(backend, grades) if grades else None
    grade_join = f"""LEFT JOIN (
        SELECT {grade_user} AS uid,
          arg_max(course_passing_state_id, {_ts('course_grade_ts')}) AS state,
          arg_max(course_grade_overall, {_ts('course_grade_ts')}) AS grade
        FROM {_csv(grades)} WHERE course_id = {sql_str(course_id)} GROUP BY 1) g
        ON g.uid = m.uid""" if grade_user else ""
    state = "g.state" if grade_user else "NULL"
    grade = "g.grade" if grade_user else "NULL"
    backend.run(f"""INSERT INTO people
        WITH m AS (
          SELECT {user} AS uid,
            max(CASE WHEN course_membership_role IN {_in(ENROLLED_ROLES + LEFT_ROLES)}
                THEN 1 ELSE 0 END) AS ever,
            arg_max(course_membership_role, {_ts('course_membership_ts')}) AS latest,
            max(CASE WHEN course_membership_role IN {_in(STAFF_ROLES)} THEN 1 ELSE 0 END)
              AS staff
          FROM {_csv(tables['course_memberships'])}
          WHERE course_id = {sql_str(course_id)} GROUP BY 1)
        SELECT {scope.key}, m.uid, NULL, NULL, m.ever,
          CASE WHEN m.latest IN {_in(ENROLLED_ROLES)} THEN 1 ELSE 0 END, NULL, NULL, m.staff,
          CASE try_cast({state} AS INTEGER) WHEN 1 THEN 1 WHEN 2 THEN 1 WHEN 0 THEN 0 END,
          try_cast({grade} AS DOUBLE), NULL, NULL, 0
        FROM m {grade_join}""")


def _activity(backend: DuckBackend, scope: RunScope, tables: dict[str, Path],
              course_id: str) -> None:
    parts = []
    progress, item_grades = tables.get("course_progress"), tables.get("course_item_grades")
    if progress:
        uid = _user_column(backend, progress)
        parts.append(f"""SELECT {uid} AS uid, course_item_id,
            {_ts('course_progress_ts')} AS ts,
            try_cast(course_progress_state_type_id AS INTEGER) AS progress,
            NULL::DOUBLE AS grade, NULL::INTEGER AS passing
          FROM {_csv(progress)} WHERE course_id = {sql_str(course_id)}""")
    if item_grades:
        uid = _user_column(backend, item_grades)
        parts.append(f"""SELECT {uid} AS uid, course_item_id,
            {_ts('course_item_grade_ts')} AS ts, NULL::INTEGER AS progress,
            try_cast(course_item_grade_overall AS DOUBLE) AS grade,
            try_cast(course_item_passing_state_id AS INTEGER) AS passing
          FROM {_csv(item_grades)} WHERE course_id = {sql_str(course_id)}""")
    if not parts:
        return
    backend.run(f"""INSERT INTO activity
        SELECT {scope.key}, e.uid, m.item_id, count(*), min(e.ts), max(e.ts),
          CASE WHEN any_value(i.kind) = 'video' THEN 1 ELSE 0 END, NULL,
          max(CASE WHEN e.progress = 2 AND i.kind = 'video' THEN 1 ELSE 0 END),
          count(e.grade), NULL, max(e.grade), max(e.grade), max(e.grade), 0,
          max(CASE WHEN e.passing IN (1, 2) THEN 1 WHEN e.passing = 0 THEN 0 END)
        FROM ({' UNION ALL '.join(parts)}) e
        JOIN coursera_items m ON m.coursera_item = e.course_item_id
        JOIN items i ON i.run_key = {scope.key} AND i.item_id = m.item_id
        GROUP BY e.uid, m.item_id""")
