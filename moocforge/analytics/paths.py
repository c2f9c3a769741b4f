"""Path progression: how learners move along a certifying path of the catalogue.

A path (`programs:` in catalog.yml) is an ordered list of courses or variants. For each step
it gives the learners of that course (enrolled in any of its runs), how many started and how
many passed it — passed in one of its runs by the course's own rule (see scope.py) and, when
the path sets `min_grade`, with at least that grade in that run — and, of the learners who
passed the step before, how many enrolled in this one, started it and passed it: "passed
course 1 and started course 2".
`completed` counts the learners who passed every required course of the path.

Learners are matched across courses by their platform user id, so a path is measured over
data of one platform (one Open edX instance, or one Coursera export). The SQL reads the
`learner_flags`, `learners` and `runs` tables metrics.py makes, in the same dialect subset,
so DuckDB and ClickHouse give the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from moocforge.analytics.backend import Backend
from moocforge.analytics.metrics import EPS, ordered
from moocforge.analytics.results import ratio

STEP_COLUMNS = [("program_id", "TEXT"), ("pos", "INT"), ("course_id", "TEXT"),
                ("required", "INT"), ("min_grade", "DOUBLE")]


@dataclass(frozen=True, slots=True)
class PathStep:
    program_id: str
    pos: int  # 1-based
    course_id: str  # the edition: `abc-c` or `abc-c-acme`
    required: bool
    min_grade: float | None
    program_title: str = ""


_STATEMENTS: list[tuple[str, str]] = [
    ("step_runs", f"""
SELECT s.program_id AS program_id, s.pos AS pos, s.required AS required, f.user_id AS user_id,
  f.started AS started,
  CASE WHEN f.passed = 1 AND (s.min_grade IS NULL OR l.grade >= s.min_grade - {EPS})
       THEN 1 ELSE 0 END AS passed
FROM path_steps s
JOIN runs r ON r.course_id = s.course_id
JOIN learner_flags f ON f.run_key = r.run_key
JOIN learners l ON l.run_key = f.run_key AND l.user_id = f.user_id"""),
    ("step_learners", """
SELECT program_id, pos, MAX(required) AS required, user_id, MAX(started) AS started,
  MAX(passed) AS passed
FROM step_runs GROUP BY program_id, pos, user_id"""),
    ("path_metrics", """
SELECT c.program_id AS program_id, c.pos AS pos, COUNT(*) AS enrolled,
  SUM(c.started) AS started, SUM(c.passed) AS passed,
  SUM(CASE WHEN p.user_id IS NOT NULL THEN 1 ELSE 0 END) AS from_previous,
  SUM(CASE WHEN p.user_id IS NOT NULL AND c.started = 1 THEN 1 ELSE 0 END)
    AS from_previous_started,
  SUM(CASE WHEN p.user_id IS NOT NULL AND c.passed = 1 THEN 1 ELSE 0 END)
    AS from_previous_passed
FROM step_learners c
LEFT JOIN (SELECT program_id, pos, user_id FROM step_learners WHERE passed = 1) AS p
  ON p.program_id = c.program_id AND p.pos = c.pos - 1 AND p.user_id = c.user_id
GROUP BY c.program_id, c.pos"""),
    ("path_completed", """
WITH needed AS (
  SELECT program_id, COUNT(*) AS n FROM path_steps WHERE required = 1 GROUP BY program_id
), done AS (
  SELECT program_id, user_id, COUNT(*) AS n FROM step_learners
  WHERE required = 1 AND passed = 1 GROUP BY program_id, user_id
)
SELECT d.program_id AS program_id, COUNT(*) AS completed
FROM done d JOIN needed k ON k.program_id = d.program_id AND k.n = d.n
GROUP BY d.program_id"""),
]


@dataclass
class PathStats:
    """One path's progression: a row per step, and the learners who completed it."""

    program_id: str
    title: str
    steps: list[dict]  # pos, course, required, min_grade, counts and rates
    completed: int

    def rows(self) -> list[dict]:
        return [{"program": self.program_id, **s} for s in self.steps]


def measure_paths(backend: Backend, steps: Sequence[PathStep]) -> list[PathStats]:
    """The progression along each path (after `run_metrics`)."""
    if not steps:
        return []
    run_paths(backend, steps)
    return collect_paths(backend, steps)


def run_paths(backend: Backend, steps: Sequence[PathStep]) -> None:
    backend.load("path_steps", STEP_COLUMNS, [
        (s.program_id, s.pos, s.course_id, int(s.required), s.min_grade) for s in steps],
        temp=True)
    for name, select in _STATEMENTS:
        backend.materialize(name, select)


def collect_paths(backend: Backend, steps: Sequence[PathStep]) -> list[PathStats]:
    metrics = {(r["program_id"], int(r["pos"])): r
               for r in backend.rows("SELECT * FROM path_metrics")}
    completed = {r["program_id"]: int(r["completed"] or 0)
                 for r in backend.rows("SELECT * FROM path_completed")}
    out = []
    for program_id in dict.fromkeys(s.program_id for s in steps):
        rows: list[dict] = []
        for step in ordered([_as_dict(s) for s in steps if s.program_id == program_id], "pos"):
            m = metrics.get((program_id, step["pos"]), {})
            counts = {k: int(m.get(k) or 0) for k in (
                "enrolled", "started", "passed", "from_previous", "from_previous_started",
                "from_previous_passed")}
            before = rows[-1]["passed"] if rows else None
            rows.append({**step, **counts, "passed_previous": before,
                         "continued_rate": ratio(counts["from_previous"], before),
                         "started_after_rate": ratio(counts["from_previous_started"], before),
                         "passed_after_rate": ratio(counts["from_previous_passed"], before)})
        title = next(s.program_title for s in steps if s.program_id == program_id)
        out.append(PathStats(program_id, title or program_id, rows,
                             completed.get(program_id, 0)))
    return out


def _as_dict(step: PathStep) -> dict:
    return {"pos": step.pos, "course": step.course_id, "required": step.required,
            "min_grade": step.min_grade}


PATH_COLUMNS = ("program", "pos", "course", "required", "min_grade", "enrolled", "started",
                "passed", "passed_previous", "from_previous", "from_previous_started",
                "from_previous_passed", "continued_rate", "started_after_rate",
                "passed_after_rate")
