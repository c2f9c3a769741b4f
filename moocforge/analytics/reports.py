"""The instructor dashboard's CSV files: grade report, problem grade report, cohorts, staff.

Columns are found by header, never by position (reference/platforms.md §2.2): the grade
report is `Student ID, Email, Username, Grade, <one column per graded subsection>, …,
Cohort Name, …, Certificate Eligible, Certificate Delivered, Certificate Type, Enrollment
Status`; the problem grade report pairs `"{type} {n}: {subsection} - {problem} (Earned)"`
with `"… (Possible)"`; a cohort file has the dashboard's `username,email,cohort` header (a
row may give only the e-mail address); a staff file lists usernames or user ids, one a line
or in a `username` column. A learner listed several times in a cohort file belongs to the
cohort of the last line (the latest assignment), as the dashboard applies uploads in order.

A report belongs to one platform run: `--grades RUN=FILE` says which; without `RUN=` the
run is read from the file name (the dashboard names it after the course id) or, when the
session has one run, is that run.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from moocforge.analytics.catalog import item_for_title, titles_by_item
from moocforge.analytics.logs import not_regular
from moocforge.analytics.scope import RunScope
from moocforge.diagnostics import Diagnostic
from moocforge.model import Loc

GRADE_COLUMNS = [("run_key", "INT"), ("user_id", "TEXT"), ("username", "TEXT"),
                 ("email", "TEXT"), ("grade", "DOUBLE"), ("enrolled_end", "INT"),
                 ("cert_eligible", "INT"), ("cert_delivered", "INT"), ("cohort", "TEXT")]
ITEM_GRADE_COLUMNS = [("run_key", "INT"), ("user_id", "TEXT"), ("item_id", "TEXT"),
                      ("earned", "DOUBLE"), ("possible", "DOUBLE")]
COHORT_COLUMNS = [("username", "TEXT"), ("email", "TEXT"), ("cohort", "TEXT"), ("seq", "INT")]
STAFF_COLUMNS = [("who", "TEXT")]

_EARNED = re.compile(r"^(?P<head>.*)\((?P<kind>earned|possible)\)\s*$", re.I)
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}


@dataclass
class Tables:
    """Rows for the report tables, and what went wrong reading them."""

    grades: list[tuple]
    item_grades: list[tuple]
    cohorts: list[tuple]
    staff: list[tuple]
    diagnostics: list[Diagnostic]


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _read(path: Path, code: str, problems: list[Diagnostic]) -> list[list[str]] | None:
    """The rows of a CSV file: UTF-8 (a BOM is dropped), separated by commas, or by `;` or
    tabs when the header line has no comma (a spreadsheet saving in a French locale)."""
    if (path.exists() or path.is_symlink()) and not path.is_file():
        refused = not_regular(path)  # a FIFO would block the run for ever
        problems.append(Diagnostic(refused.code, "error", refused.message, Loc(str(path)),
                                   refused.hint, rule="stats-input"))
        return None
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        first = text.split("\n", 1)[0]
        delimiter = "," if "," in first else ";" if ";" in first else \
            "\t" if "\t" in first else ","
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        problems.append(Diagnostic(
            code, "error", f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            Loc(str(path), line, col), "save it again as CSV UTF-8 (the instructor "
            "dashboard's downloads are UTF-8)", rule="stats-input"))
    except (OSError, csv.Error) as exc:
        problems.append(Diagnostic(code, "error", f"cannot read CSV report: {exc}",
                                   Loc(str(path)), "pass the CSV file downloaded from the "
                                   "instructor dashboard", rule="stats-input"))
    return None


def _empty(path: Path, code: str, problems: list[Diagnostic]) -> None:
    problems.append(Diagnostic(code, "error", "the report is empty (no header line)",
                               Loc(str(path)), "download the report again from the "
                               "instructor dashboard (Data Download)", rule="stats-input"))


def _number(text: str | None) -> float | None:
    """A figure of a report; None for "Not Attempted", "Not Available" and anything that is
    not a finite number ("inf", "nan")."""
    try:
        value = float(text.strip()) if text and text.strip() else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _flag(text: str | None) -> int | None:
    value = (text or "").strip().lower()
    return 1 if value in YES else 0 if value in NO else None


def split_run(arg: str) -> tuple[str | None, Path]:
    """`RUN=FILE` → (RUN, FILE); a bare FILE → (None, FILE)."""
    head, sep, tail = arg.partition("=")
    if sep and head and "/" not in head and not Path(arg).exists():
        return head, Path(tail)
    return None, Path(arg)


def run_of(arg: str, scopes: Sequence[RunScope], code: str,
           problems: list[Diagnostic]) -> tuple[RunScope | None, Path]:
    wanted, path = split_run(arg)
    candidates = []
    for s in scopes:
        names = {s.run.id, *(n for n, _ in s.platform_runs())}
        if wanted is not None:
            if wanted in names:
                candidates.append(s)
        elif any(n in path.name for n in names if len(n) > 2):
            candidates.append(s)
    if wanted is None and not candidates and len(scopes) == 1:
        candidates = list(scopes)
    if len(candidates) == 1:
        return candidates[0], path
    problems.append(Diagnostic(
        code, "error", f"cannot tell which run the report {path.name} belongs to",
        Loc(str(path)), "give it as RUN=FILE, e.g. --grades 2027-spring=grade_report.csv",
        rule="stats-input"))
    return None, path


def read_grades(path: Path, scope: RunScope, problems: list[Diagnostic]) -> list[tuple]:
    rows = _read(path, "MF903", problems)
    if not rows:
        if rows is not None:
            _empty(path, "MF903", problems)
        return []
    head = {_norm(h): i for i, h in enumerate(rows[0])}
    if "username" not in head or "grade" not in head:
        missing = "Username" if "username" not in head else "Grade"
        problems.append(Diagnostic(
            "MF903", "error", f"grade report has no {missing} column", Loc(str(path), 1),
            "expected the edX grade report headers (Student ID, Email, Username, Grade, …)",
            rule="stats-input"))
        return []

    def cell(row: list[str], name: str) -> str | None:
        index = head.get(name)
        return row[index] if index is not None and index < len(row) else None

    out = []
    seen: dict[str, int] = {}  # learner → the line of their first row
    for number, row in enumerate(rows[1:], start=2):
        username = (cell(row, "username") or "").strip()
        user_id = (cell(row, "student id") or "").strip() or None
        if not username and not user_id:
            continue
        learner = user_id or f"name:{username}"
        if learner in seen:  # metrics.report_grades merges them (MAX grade): say so
            problems.append(Diagnostic(
                "MF903", "warning", f"learner '{username or user_id}' has a second row (the "
                f"first is line {seen[learner]}): the rows are merged, the highest grade "
                "counts", Loc(str(path), number, 1),
                "download the report again from the instructor dashboard (one row per "
                "learner), or remove the repeated row; two reports of one run given as one "
                "file would do this", rule="stats-input"))
        seen.setdefault(learner, number)
        status = (cell(row, "enrollment status") or "").strip().lower()
        out.append((scope.key, user_id or f"name:{username}", username or None,
                    (cell(row, "email") or "").strip() or None, _number(cell(row, "grade")),
                    1 if status == "enrolled" else 0 if status == "unenrolled" else None,
                    _flag(cell(row, "certificate eligible")),
                    _flag(cell(row, "certificate delivered")),
                    (cell(row, "cohort name") or "").strip() or None))
    return out


def read_problem_grades(path: Path, scope: RunScope,
                        problems: list[Diagnostic]) -> list[tuple]:
    """Match `"… - {problem} (Earned)"` / `(Possible)` column pairs to items by title."""
    rows = _read(path, "MF903", problems)
    if not rows:
        if rows is not None:
            _empty(path, "MF903", problems)
        return []
    header = rows[0]
    head = {_norm(h): i for i, h in enumerate(header)}
    if "username" not in head:
        problems.append(Diagnostic("MF903", "error", "problem grade report has no Username "
                                   "column", Loc(str(path), 1), "expected the edX problem "
                                   "grade report headers (Student ID, Email, Username, …)",
                                   rule="stats-input"))
        return []
    pairs: dict[str, dict[str, int]] = {}
    for index, col in enumerate(header):
        match = _EARNED.match(col)
        if match:
            pairs.setdefault(match["head"].strip(), {})[match["kind"].lower()] = index
    titles = titles_by_item(scope.course)
    columns = []
    for name, cols in sorted(pairs.items()):
        item_id = item_for_title(name, titles)
        if item_id is None or set(cols) != {"earned", "possible"}:
            problems.append(Diagnostic(
                "MF904", "warning", f"problem grade report column '{name}' matches no "
                "quiz or exercise title of the course", Loc(str(path), 1),
                "check that the report belongs to this course and run", rule="stats-input"))
            continue
        columns.append((item_id, cols["earned"], cols["possible"]))
    user_col, id_col = head["username"], head.get("student id")
    out = []
    for row in rows[1:]:
        if len(row) <= user_col or not row[user_col].strip():
            continue
        user_id = row[id_col].strip() if id_col is not None and id_col < len(row) else ""
        for item_id, earned, possible in columns:
            value = _number(row[earned]) if earned < len(row) else None
            if value is not None:
                out.append((scope.key, user_id or f"name:{row[user_col].strip()}", item_id,
                            value, _number(row[possible]) if possible < len(row) else None))
    return out


def read_cohorts(path: Path, problems: list[Diagnostic]) -> list[tuple]:
    rows = _read(path, "MF905", problems)
    if not rows:
        return []
    head = {_norm(h): i for i, h in enumerate(rows[0])}
    if "cohort" not in head or not ({"username", "email"} & set(head)):
        problems.append(Diagnostic(
            "MF905", "error", "cohort file has no 'username,email,cohort' header",
            Loc(str(path), 1), "use the instructor dashboard's cohort CSV layout: a header "
            "line username,email,cohort (username or email may be empty)",
            rule="stats-input"))
        return []
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = head.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        username, email, cohort = cell("username"), cell("email"), cell("cohort")
        if not cohort or not (username or email):
            problems.append(Diagnostic(
                "MF905", "warning", "cohort line needs a cohort and a username or e-mail",
                Loc(str(path), number), rule="stats-input"))
            continue
        out.append((username or None, email.lower() or None, cohort, number))
    return out


def read_staff(path: Path, problems: list[Diagnostic]) -> list[tuple]:
    rows = _read(path, "MF905", problems)
    if rows is None:
        return []
    head = {_norm(h): i for i, h in enumerate(rows[0])} if rows else {}
    column = head.get("username", 0)
    body = rows[1:] if "username" in head else rows
    return [(row[column].strip(),) for row in body
            if len(row) > column and row[column].strip()]


def read_tables(scopes: Sequence[RunScope], grades: Sequence[str],
                problem_grades: Sequence[str], cohorts: Path | None,
                staff: Path | None) -> Tables:
    problems: list[Diagnostic] = []
    grade_rows: list[tuple] = []
    for arg in grades:
        scope, path = run_of(arg, scopes, "MF903", problems)
        if scope is not None:
            grade_rows.extend(read_grades(path, scope, problems))
    item_rows: list[tuple] = []
    for arg in problem_grades:
        scope, path = run_of(arg, scopes, "MF903", problems)
        if scope is not None:
            item_rows.extend(read_problem_grades(path, scope, problems))
    cohort_rows = read_cohorts(cohorts, problems) if cohorts else []
    staff_rows = read_staff(staff, problems) if staff else []
    return Tables(grade_rows, item_rows, cohort_rows, staff_rows, problems)
