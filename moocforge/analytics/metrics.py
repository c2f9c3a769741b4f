"""The team's metrics as SQL over the fact tables, the same text on DuckDB and ClickHouse.

The statements use only what both engines read alike: CTEs, CASE, COUNT(DISTINCT), equality
joins, ROW_NUMBER, LEAST / GREATEST, uncorrelated subqueries; no LAG, no FILTER, no
boolean columns (flags are 0/1 integers). Ratios are taken in Python from the counts, and
means of score fractions are sums of DECIMAL(18, 9) values (exact, so the same whatever the
order, the thread count or the memory limit), so both engines give the same figures
(docs/analytics.md lists every definition).

Inputs: `runs`, `items`, `weeks` (scope.py), `activity`, `people` (facts.py or the Coursera
reader), `grades`, `item_grades`, `cohorts`, `staff_list` (reports.py).

Learners are grouped: every learner is in group `(all)`; with cohorts each is also in its
cohort's group (or `(no cohort)`), so one query yields every group side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from moocforge.analytics.backend import Backend

ALL = "(all)"
NO_COHORT = "(no cohort)"
EPS = 1e-9  # grades are decimals written as text; compare thresholds with a tolerance

# (name, SELECT) in dependency order; `cohort_source` is filled in by `statements()`.
_STATEMENTS: list[tuple[str, str]] = [
    ("report_grades", """
SELECT run_key, user_id, MAX(username) AS username, MAX(email) AS email, MAX(grade) AS grade,
  MIN(enrolled_end) AS enrolled_end, MAX(cert_eligible) AS cert_eligible,
  MAX(cert_delivered) AS cert_delivered, MAX(cohort) AS cohort
FROM grades GROUP BY run_key, user_id"""),
    ("candidates", """
WITH ids AS (
  SELECT DISTINCT run_key, user_id FROM (
    SELECT run_key, user_id FROM people
    UNION ALL
    SELECT run_key, user_id FROM report_grades) AS both_sources
)
SELECT k.run_key AS run_key, k.user_id AS user_id,
  COALESCE(g.username, p.username) AS username,
  LOWER(COALESCE(g.email, p.email)) AS email,
  CASE WHEN COALESCE(p.enrolled_ever, 0) = 1 OR g.user_id IS NOT NULL THEN 1 ELSE 0 END
    AS ever,
  COALESCE(g.enrolled_end, p.enrolled_end, CASE WHEN g.user_id IS NOT NULL THEN 1 END, 0)
    AS at_end,
  COALESCE(g.grade, p.course_grade) AS grade, p.pass_state AS pass_state,
  g.cert_delivered AS cert_delivered, g.cert_eligible AS cert_eligible,
  g.cohort AS report_cohort, COALESCE(p.staff_role, 0) AS staff_role,
  COALESCE(p.events, 0) AS events
FROM ids k
LEFT JOIN people p ON p.run_key = k.run_key AND p.user_id = k.user_id
LEFT JOIN report_grades g ON g.run_key = k.run_key AND g.user_id = k.user_id"""),
    ("members", """
WITH actors AS (
  SELECT DISTINCT run_key, user_id FROM (
    SELECT run_key, actor_min AS user_id FROM people WHERE actor_min IS NOT NULL
    UNION ALL
    SELECT run_key, actor_max AS user_id FROM people WHERE actor_max IS NOT NULL) AS a
), listed AS (
  SELECT DISTINCT who FROM staff_list
)
SELECT c.run_key AS run_key, c.user_id AS user_id, c.username AS username, c.email AS email,
  c.ever AS ever, c.at_end AS at_end, c.grade AS grade, c.pass_state AS pass_state,
  c.cert_delivered AS cert_delivered, c.cert_eligible AS cert_eligible,
  c.report_cohort AS report_cohort, c.staff_role AS staff_role, c.events AS events,
  CASE WHEN c.staff_role = 1 OR a.user_id IS NOT NULL OR s1.who IS NOT NULL
         OR s2.who IS NOT NULL THEN 1 ELSE 0 END AS staff
FROM candidates c
LEFT JOIN actors a ON a.run_key = c.run_key AND a.user_id = c.user_id
LEFT JOIN listed s1 ON s1.who = c.user_id
LEFT JOIN listed s2 ON s2.who = c.username"""),
    ("learners", """
SELECT * FROM members WHERE ever = 1 AND staff = 0"""),
    ("learner_cohort", "{cohort_source}"),
    ("learner_groups", f"""
SELECT run_key, user_id, '{ALL}' AS grp FROM learners
UNION ALL
SELECT l.run_key AS run_key, l.user_id AS user_id, COALESCE(c.cohort, '{NO_COHORT}') AS grp
FROM learners l
LEFT JOIN learner_cohort c ON c.run_key = l.run_key AND c.user_id = l.user_id
WHERE {{with_cohorts}} = 1"""),
    ("li", f"""
SELECT a.run_key AS run_key, a.user_id AS user_id, a.item_id AS item_id, a.last_ts AS last_ts,
  a.plays AS plays, a.submissions AS submissions, a.max_attempts AS max_attempts,
  a.first_fraction AS first_fraction, a.last_fraction AS last_fraction,
  a.passed_item AS passed_item, i.ord AS ord, i.week AS week, i.kind AS kind,
  i.graded AS graded,
  CASE WHEN a.submissions > 0 OR a.plays > 0 OR a.posts > 0 OR a.video_done = 1
         OR a.passed_item IS NOT NULL THEN 1 ELSE 0 END AS attempted,
  CASE WHEN a.submissions > 0 OR a.passed_item IS NOT NULL THEN 1 ELSE 0 END AS submitted,
  CASE
    WHEN a.passed_item IS NOT NULL THEN a.passed_item
    WHEN i.kind IN ('quiz', 'exercise') THEN
      CASE WHEN a.best_fraction >= r.pass_threshold - {EPS} THEN 1 ELSE 0 END
    WHEN i.kind = 'video' THEN
      CASE WHEN a.video_done = 1 THEN 1
           WHEN i.duration IS NULL THEN NULL
           WHEN a.watched_to >= LEAST(0.95 * i.duration, GREATEST(i.duration - 30, 0))
           THEN 1 ELSE 0 END
    WHEN i.kind = 'peer' THEN CASE WHEN a.submissions > 0 THEN 1 ELSE 0 END
  END AS completed
FROM activity a
JOIN learners l ON l.run_key = a.run_key AND l.user_id = a.user_id
JOIN items i ON i.run_key = a.run_key AND i.item_id = a.item_id
JOIN runs r ON r.run_key = a.run_key"""),
    ("last_item", """
SELECT run_key, user_id, item_id FROM (
  SELECT run_key, user_id, item_id,
    ROW_NUMBER() OVER (PARTITION BY run_key, user_id
                       ORDER BY last_ts DESC NULLS LAST, ord DESC) AS rn
  FROM li) AS ranked
WHERE rn = 1"""),
    ("learner_flags", f"""
WITH work AS (
  SELECT run_key, user_id,
    MAX(CASE WHEN week = 1 AND graded = 1 AND submitted = 1 THEN 1 ELSE 0 END) AS started,
    MAX(CASE WHEN week = 2 AND graded = 1 AND submitted = 1 THEN 1 ELSE 0 END) AS persistent,
    SUM(CASE WHEN graded = 1 AND (passed_item = 1 OR (passed_item IS NULL AND submitted = 1))
             THEN 1 ELSE 0 END) AS graded_done
  FROM li GROUP BY run_key, user_id
), graded AS (
  SELECT run_key, SUM(graded) AS n_graded FROM items GROUP BY run_key
), judged AS (
  SELECT l.run_key AS run_key, l.user_id AS user_id, l.at_end AS at_end,
    COALESCE(w.started, 0) AS started, COALESCE(w.persistent, 0) AS persistent,
    CASE WHEN COALESCE(w.graded_done, 0) >= gr.n_graded THEN 1 ELSE 0 END AS all_graded,
    CASE WHEN l.grade IS NOT NULL THEN
           CASE WHEN l.grade >= r.pass_threshold - {EPS} THEN 1 ELSE 0 END
         ELSE l.pass_state END AS above,
    l.cert_delivered AS cert_delivered, r.pass_rule AS pass_rule
  FROM learners l
  JOIN runs r ON r.run_key = l.run_key
  JOIN graded gr ON gr.run_key = l.run_key
  LEFT JOIN work w ON w.run_key = l.run_key AND w.user_id = l.user_id
)
SELECT run_key, user_id, at_end, started, persistent, above, all_graded,
  CASE WHEN pass_rule = 'fun' THEN
         CASE WHEN above = 1 AND cert_delivered = 1 THEN 1 ELSE 0 END
       WHEN pass_rule = 'coursera' THEN
         CASE WHEN above = 1 AND all_graded = 1 THEN 1 ELSE 0 END
       ELSE COALESCE(above, 0) END AS passed
FROM judged"""),
    ("summary", """
SELECT g.run_key AS run_key, g.grp AS grp, COUNT(*) AS enrolled, SUM(f.at_end) AS enrolled_end,
  SUM(f.started) AS started, SUM(f.persistent) AS persistent, SUM(f.passed) AS passed,
  SUM(CASE WHEN f.persistent = 1 AND f.passed = 1 THEN 1 ELSE 0 END) AS passed_persistent,
  SUM(CASE WHEN f.started = 1 AND f.passed = 1 THEN 1 ELSE 0 END) AS passed_started
FROM learner_groups g
JOIN learner_flags f ON f.run_key = g.run_key AND f.user_id = g.user_id
GROUP BY g.run_key, g.grp"""),
    ("item_metrics", """
SELECT g.run_key AS run_key, g.grp AS grp, x.item_id AS item_id, COUNT(*) AS opened,
  SUM(x.attempted) AS attempted, SUM(x.completed) AS completed,
  AVG(CAST(x.last_fraction AS DECIMAL(18, 9))) AS mean_score,
  AVG(CASE WHEN x.submitted = 1 THEN COALESCE(CAST(x.max_attempts AS DOUBLE),
                                             CAST(x.submissions AS DOUBLE)) END)
    AS mean_attempts,
  1 - AVG(CAST(x.first_fraction AS DECIMAL(18, 9))) AS difficulty, SUM(x.plays) AS plays,
  SUM(CASE WHEN t.item_id IS NOT NULL THEN 1 ELSE 0 END) AS last_here
FROM learner_groups g
JOIN li x ON x.run_key = g.run_key AND x.user_id = g.user_id
LEFT JOIN last_item t ON t.run_key = x.run_key AND t.user_id = x.user_id
  AND t.item_id = x.item_id
GROUP BY g.run_key, g.grp, x.item_id"""),
    ("report_scores", """
SELECT g.run_key AS run_key, g.grp AS grp, s.item_id AS item_id,
  AVG(CAST(s.earned / NULLIF(s.possible, 0) AS DECIMAL(18, 9))) AS report_mean_score
FROM learner_groups g
JOIN item_grades s ON s.run_key = g.run_key AND s.user_id = g.user_id
GROUP BY g.run_key, g.grp, s.item_id"""),
    ("week_metrics", """
SELECT g.run_key AS run_key, g.grp AS grp, x.week AS week,
  COUNT(DISTINCT x.user_id) AS active, COUNT(*) AS items_opened,
  COUNT(DISTINCT CASE WHEN x.submitted = 1 AND x.graded = 1 THEN x.user_id END)
    AS graded_submitted
FROM learner_groups g
JOIN li x ON x.run_key = g.run_key AND x.user_id = g.user_id
GROUP BY g.run_key, g.grp, x.week"""),
    ("excluded", """
SELECT CASE WHEN staff = 1 THEN 'staff' ELSE 'not_enrolled' END AS reason, '' AS detail,
  SUM(events) AS events, COUNT(*) AS learners
FROM members WHERE staff = 1 OR ever = 0
GROUP BY CASE WHEN staff = 1 THEN 'staff' ELSE 'not_enrolled' END"""),
]

_COHORTS_FROM_FILE = """
WITH matched AS (
  SELECT l.run_key AS run_key, l.user_id AS user_id, c.cohort AS cohort, c.seq AS seq
  FROM learners l JOIN cohorts c ON c.username = l.username
  UNION ALL
  SELECT l.run_key AS run_key, l.user_id AS user_id, c.cohort AS cohort, c.seq AS seq
  FROM learners l JOIN cohorts c ON c.email = l.email
), ranked AS (
  SELECT run_key, user_id, cohort,
    ROW_NUMBER() OVER (PARTITION BY run_key, user_id ORDER BY seq DESC) AS rn
  FROM matched
)
SELECT run_key, user_id, cohort FROM ranked WHERE rn = 1"""

_COHORTS_FROM_REPORT = """
SELECT run_key, user_id, report_cohort AS cohort FROM learners
WHERE report_cohort IS NOT NULL"""


def statements(cohorts_from_file: bool, with_cohorts: bool) -> list[tuple[str, str]]:
    source = _COHORTS_FROM_FILE if cohorts_from_file else _COHORTS_FROM_REPORT
    return [(name, select.replace("{cohort_source}", source)
             .replace("{with_cohorts}", "1" if with_cohorts else "0"))
            for name, select in _STATEMENTS]


def run_metrics(backend: Backend) -> None:
    from_file = _count(backend, "cohorts") > 0
    with_cohorts = from_file or _count(backend, "grades", "cohort IS NOT NULL") > 0
    for name, select in statements(from_file, with_cohorts):
        backend.materialize(name, select)


def _count(backend: Backend, table: str, where: str = "1 = 1") -> int:
    return int(backend.rows(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}")[0]["n"])


def ordered(rows: Sequence[dict], *keys: str) -> list[dict]:
    return sorted(rows, key=lambda r: tuple((r[k] is None, r[k]) for k in keys))
