"""The team's metrics as plain SQL over the tables `ingest` builds.

Every statement below is a SELECT using only standard SQL (CTEs, CASE, COUNT DISTINCT,
window functions ROW_NUMBER / LAG, LEAST / GREATEST) so the same text runs on Spark SQL or
BigQuery over Parquet: there, materialise each one as `CREATE OR REPLACE TEMP VIEW <name> AS
<select>` instead of DuckDB's `CREATE OR REPLACE TABLE` (see docs/analytics.md).

Learners are grouped: every enrolled learner is in group `(all)`; with a cohort file each is
also in its cohort's group (or `(no cohort)`), so one query yields every group side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from moocforge.analytics.ingest import IngestReport, connect, read_back

ALL = "(all)"
NO_COHORT = "(no cohort)"
EPS = 1e-9  # grades are decimals written as text; compare thresholds with a tolerance

PASS = "(SELECT CAST(value AS DOUBLE) FROM settings WHERE key = 'pass_threshold')"

# (name, SELECT) in dependency order.
STATEMENTS: list[tuple[str, str]] = [
    ("learners", """
SELECT username FROM enrollments
UNION
SELECT username FROM grades"""),
    ("learner_groups", f"""
SELECT username, '{ALL}' AS grp FROM learners
UNION ALL
SELECT l.username, COALESCE(c.cohort, '{NO_COHORT}') AS grp
FROM learners l
LEFT JOIN (SELECT username, MIN(cohort) AS cohort FROM cohorts GROUP BY username) c
  ON c.username = l.username
WHERE EXISTS (SELECT 1 FROM cohorts)"""),
    ("groups", f"""
SELECT '{ALL}' AS grp
UNION
SELECT DISTINCT grp FROM learner_groups"""),
    ("submissions", """
SELECT e.username, e.item_id, e.grade / NULLIF(e.max_grade, 0) AS fraction,
  ROW_NUMBER() OVER (PARTITION BY e.username, e.item_id
                     ORDER BY e.ts, e.attempts, e.grade) AS rn_first,
  ROW_NUMBER() OVER (PARTITION BY e.username, e.item_id
                     ORDER BY e.ts DESC, e.attempts DESC, e.grade DESC) AS rn_last
FROM item_events e
WHERE e.action = 'submit'"""),
    ("learner_item", f"""
WITH facts AS (
  SELECT e.username, e.item_id,
    MAX(CASE WHEN e.action IN ('submit', 'play', 'post') THEN 1 ELSE 0 END) AS attempted,
    SUM(CASE WHEN e.action = 'play' THEN 1 ELSE 0 END) AS plays,
    MAX(CASE WHEN e.action IN ('play', 'watch') THEN e.position END) AS watched_to,
    MAX(CASE WHEN e.action = 'submit' THEN 1 ELSE 0 END) AS submitted,
    SUM(CASE WHEN e.action = 'submit' THEN 1 ELSE 0 END) AS submissions,
    MAX(CASE WHEN e.action = 'submit' THEN e.attempts END) AS max_attempts,
    MAX(CASE WHEN e.action = 'submit' THEN e.grade / NULLIF(e.max_grade, 0) END)
      AS best_fraction
  FROM item_events e
  JOIN learners l ON l.username = e.username
  GROUP BY e.username, e.item_id
)
SELECT f.*, sf.fraction AS first_fraction, sl.fraction AS last_fraction,
  CASE
    WHEN i.kind IN ('quiz', 'exercise') THEN
      CASE WHEN f.best_fraction >= {PASS} - {EPS} THEN 1 ELSE 0 END
    WHEN i.kind = 'video' AND i.duration IS NOT NULL THEN
      CASE WHEN f.watched_to >= LEAST(0.95 * i.duration, GREATEST(i.duration - 30, 0))
           THEN 1 ELSE 0 END
    WHEN i.kind = 'peer' THEN f.submitted
  END AS completed
FROM facts f
JOIN items i ON i.item_id = f.item_id
LEFT JOIN submissions sf ON sf.username = f.username AND sf.item_id = f.item_id
  AND sf.rn_first = 1
LEFT JOIN submissions sl ON sl.username = f.username AND sl.item_id = f.item_id
  AND sl.rn_last = 1"""),
    ("group_learner_item", """
SELECT lg.grp, li.*, i.ord, i.week, i.graded
FROM learner_groups lg
JOIN learner_item li ON li.username = lg.username
JOIN items i ON i.item_id = li.item_id"""),
    ("furthest", """
SELECT grp, username, MAX(ord) AS furthest FROM group_learner_item GROUP BY grp, username"""),
    ("summary", f"""
WITH started AS (
  SELECT DISTINCT li.username FROM learner_item li JOIN items i ON i.item_id = li.item_id
  WHERE i.first_graded_quiz AND li.submitted = 1
), persistent AS (
  SELECT DISTINCT li.username FROM learner_item li JOIN items i ON i.item_id = li.item_id
  WHERE i.first_graded_quiz_week2 AND li.submitted = 1
), passed AS (
  SELECT DISTINCT username FROM grades WHERE grade >= {PASS} - {EPS}
), counts AS (
  SELECT g.grp, COUNT(lg.username) AS enrolled, COUNT(s.username) AS started,
    COUNT(p.username) AS persistent, COUNT(pa.username) AS passed,
    COUNT(CASE WHEN p.username IS NOT NULL THEN pa.username END) AS passed_persistent
  FROM groups g
  LEFT JOIN learner_groups lg ON lg.grp = g.grp
  LEFT JOIN started s ON s.username = lg.username
  LEFT JOIN persistent p ON p.username = lg.username
  LEFT JOIN passed pa ON pa.username = lg.username
  GROUP BY g.grp
)
SELECT grp, enrolled,
  CASE WHEN EXISTS (SELECT 1 FROM items WHERE first_graded_quiz) THEN started END AS started,
  CASE WHEN EXISTS (SELECT 1 FROM items WHERE first_graded_quiz_week2) THEN persistent END
    AS persistent,
  CASE WHEN EXISTS (SELECT 1 FROM grades) THEN passed END AS passed,
  CASE WHEN EXISTS (SELECT 1 FROM grades) THEN passed_persistent END AS passed_persistent
FROM counts"""),
    ("item_metrics", """
WITH stop_counts AS (
  SELECT grp, furthest AS ord, COUNT(*) AS n FROM furthest GROUP BY grp, furthest
), stops AS (
  SELECT g.grp, i.item_id, COALESCE(sc.n, 0) AS stopped_here,
    SUM(COALESCE(sc.n, 0)) OVER (PARTITION BY g.grp ORDER BY i.ord DESC
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS reached
  FROM groups g
  CROSS JOIN items i
  LEFT JOIN stop_counts sc ON sc.grp = g.grp AND sc.ord = i.ord
), report AS (
  SELECT lg.grp, pg.item_id, AVG(pg.earned / NULLIF(pg.possible, 0)) AS report_mean_score
  FROM problem_grades pg JOIN learner_groups lg ON lg.username = pg.username
  WHERE pg.earned IS NOT NULL
  GROUP BY lg.grp, pg.item_id
), base AS (
  SELECT g.grp, i.item_id,
    COUNT(x.username) AS opened,
    COALESCE(SUM(x.attempted), 0) AS attempted,
    CASE WHEN i.kind IN ('quiz', 'exercise', 'peer')
           OR (i.kind = 'video' AND i.duration IS NOT NULL)
         THEN COALESCE(SUM(x.completed), 0) END AS completed,
    AVG(x.last_fraction) AS mean_score,
    AVG(CASE WHEN x.submitted = 1 THEN COALESCE(x.max_attempts, x.submissions) END)
      AS mean_attempts,
    1 - AVG(x.first_fraction) AS difficulty,
    CASE WHEN i.kind = 'video' THEN COALESCE(SUM(x.plays), 0) END AS plays
  FROM groups g
  CROSS JOIN items i
  LEFT JOIN group_learner_item x ON x.grp = g.grp AND x.item_id = i.item_id
  GROUP BY g.grp, i.item_id, i.kind, i.duration
)
SELECT b.*,
  CASE WHEN i.kind = 'video' THEN b.completed / NULLIF(b.attempted, 0) END
    AS video_completion,
  r.report_mean_score,
  COALESCE(s.reached, 0) AS reached, COALESCE(s.stopped_here, 0) AS stopped_here,
  CASE WHEN i.ord < (SELECT MAX(ord) FROM items)
       THEN s.stopped_here / NULLIF(s.reached, 0) END AS stop_rate
FROM base b
JOIN items i ON i.item_id = b.item_id
LEFT JOIN report r ON r.grp = b.grp AND r.item_id = b.item_id
LEFT JOIN stops s ON s.grp = b.grp AND s.item_id = b.item_id"""),
    ("week_metrics", """
WITH base AS (
  SELECT g.grp, w.week,
    COUNT(DISTINCT x.username) AS active,
    COUNT(x.username) AS items_opened,
    COUNT(DISTINCT CASE WHEN x.submitted = 1 AND x.graded THEN x.username END)
      AS graded_submitted
  FROM groups g
  CROSS JOIN weeks w
  LEFT JOIN group_learner_item x ON x.grp = g.grp AND x.week = w.week
  GROUP BY g.grp, w.week
)
SELECT grp, week, active, items_opened, graded_submitted,
  1 - active / NULLIF(LAG(active) OVER (PARTITION BY grp ORDER BY week), 0) AS dropoff
FROM base"""),
]


@dataclass
class Stats:
    """Every figure of a run, per learner group, ready for the reporters."""

    course_id: str
    pass_threshold: float
    groups: list[str]
    summary: dict[str, dict]  # grp -> headline counts and rates
    items: list[dict]  # one row per (grp, item), with the item's title and loc
    weeks: list[dict]  # one row per (grp, week)
    ingest: IngestReport = field(default_factory=IngestReport)

    def items_of(self, grp: str = ALL) -> list[dict]:
        return [r for r in self.items if r["grp"] == grp]

    def weeks_of(self, grp: str = ALL) -> list[dict]:
        return [r for r in self.weeks if r["grp"] == grp]


def run_statements(con: duckdb.DuckDBPyConnection) -> None:
    for name, select in STATEMENTS:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ratio(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def compute(db_path: Path | str, report: IngestReport | None = None) -> Stats:
    """Run the metric SQL on a database built by `ingest` and collect the results."""
    con = connect(db_path, read_only=True)  # metrics live in temp tables
    try:
        return compute_on(con, report)
    finally:
        con.close()


def compute_on(con: duckdb.DuckDBPyConnection, report: IngestReport | None = None) -> Stats:
    run_statements(con)
    report = report or IngestReport()
    read_back(con, report)
    settings = dict(con.execute("SELECT key, value FROM settings").fetchall())
    summary = {}
    for row in _rows(con, "SELECT * FROM summary ORDER BY grp"):
        row["started_rate"] = _ratio(row["started"], row["enrolled"])
        row["persistent_rate"] = _ratio(row["persistent"], row["enrolled"])
        row["passed_rate"] = _ratio(row["passed"], row["enrolled"])
        row["pass_rate_persistent"] = _ratio(row["passed_persistent"], row["persistent"])
        summary[row["grp"]] = row
    items = _rows(con, """SELECT m.grp, i.item_id, i.ord, i.week, i.kind, i.title, i.loc,
            i.graded, i.duration, m.opened, m.attempted, m.completed, m.mean_score,
            m.mean_attempts, m.difficulty, m.plays, m.video_completion, m.report_mean_score,
            m.reached, m.stopped_here, m.stop_rate
        FROM item_metrics m JOIN items i ON i.item_id = m.item_id ORDER BY m.grp, i.ord""")
    weeks = _rows(con, """SELECT m.*, w.title FROM week_metrics m JOIN weeks w
        ON w.week = m.week ORDER BY m.grp, m.week""")
    groups = sorted(summary, key=lambda g: (g != ALL, g == NO_COHORT, g))
    return Stats(course_id=settings.get("course_id", ""),
                 pass_threshold=float(settings.get("pass_threshold", "0")), groups=groups,
                 summary=summary, items=items, weeks=weeks, ingest=report)
