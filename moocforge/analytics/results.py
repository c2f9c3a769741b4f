"""Collecting the metric tables into `Stats`: one `RunStats` per course × run.

Rates are taken here, from the counts the SQL returns, with both denominators named:
`*_rate` over learners ever enrolled (the default, the school's yearly-report figure) and
`*_rate_end` over learners still enrolled at the end of the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from moocforge.analytics.backend import Backend
from moocforge.analytics.metrics import ALL, NO_COHORT, ordered

if TYPE_CHECKING:
    from moocforge.analytics.paths import PathStats


@dataclass
class IngestReport:
    """What was read and what was left out, per reason (see docs/analytics.md)."""

    files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    lines: int = 0
    course_events: int = 0
    malformed: int = 0
    duplicates: int = 0
    ignored: list[dict] = field(default_factory=list)  # reason, detail, events, learners
    malformed_samples: list[tuple[str, str]] = field(default_factory=list)
    grade_rows: int = 0
    problem_grade_columns: int = 0
    cohort_rows: int = 0
    sources: list[str] = field(default_factory=list)  # "tracking logs", "xAPI", "Coursera"
    # an unknown block → the first file (by name) holding an event on it (MF901's place)
    unknown_seen: dict[str, str] = field(default_factory=dict)

    def count(self, reason: str) -> int:
        return sum(int(r["events"] or 0) for r in self.ignored if r["reason"] == reason)

    def to_dict(self) -> dict:
        return {"files": self.files, "skipped_files": self.skipped_files,
                "lines": self.lines, "course_events": self.course_events,
                "malformed": self.malformed, "duplicates": self.duplicates,
                "ignored": self.ignored, "sources": self.sources,
                "malformed_samples": [{"file": f, "line": t}
                                      for f, t in self.malformed_samples],
                "grade_rows": self.grade_rows,
                "problem_grade_columns": self.problem_grade_columns,
                "cohort_rows": self.cohort_rows}


@dataclass
class RunStats:
    """Every figure of one course run, per learner group."""

    run_key: int
    course_id: str
    run_id: str
    title: str
    start: str
    end: str | None
    platform_runs: list[str]
    pass_rule: str
    pass_threshold: float
    lang: str
    groups: list[str]
    summary: dict[str, dict]  # grp -> headline counts and rates
    items: list[dict]  # one row per (grp, item), with the item's title and loc
    weeks: list[dict]  # one row per (grp, week)

    @property
    def label(self) -> str:
        return f"{self.course_id} {self.run_id}"

    def items_of(self, grp: str = ALL) -> list[dict]:
        return [r for r in self.items if r["grp"] == grp]

    def weeks_of(self, grp: str = ALL) -> list[dict]:
        return [r for r in self.weeks if r["grp"] == grp]


@dataclass
class Stats:
    runs: list[RunStats]
    ingest: IngestReport = field(default_factory=IngestReport)
    paths: list[PathStats] = field(default_factory=list)  # a catalogue's programs

    def run(self, key: int | str | None = None) -> RunStats:
        """A run by key or run id; the last one (the latest session) by default."""
        if key is None:
            return self.runs[-1]
        return next(r for r in self.runs if key in (r.run_key, r.run_id, r.label))

    def table(self) -> list[dict]:
        """One row per course × run: the school's yearly-report table."""
        rows = []
        for r in self.runs:
            s = r.summary[ALL]
            rows.append({"course": r.course_id, "run": r.run_id, "title": r.title,
                         "start": r.start, "end": r.end,
                         "platform_runs": " ".join(r.platform_runs),
                         "pass_rule": r.pass_rule, **{k: s[k] for k in SUMMARY_KEYS}})
        return rows

    def comparison(self) -> list[dict]:
        """Per item, run over run: opened, difficulty and stop rate of each run."""
        by_item: dict[tuple[str, str], dict] = {}
        for r in self.runs:
            for row in r.items_of(ALL):
                entry = by_item.setdefault((r.course_id, row["item_id"]), {
                    "course": r.course_id, "item_id": row["item_id"], "title": row["title"],
                    "ord": row["ord"], "runs": {}})
                entry["runs"][r.run_id] = {k: row[k] for k in
                                           ("opened", "difficulty", "stop_rate", "mean_score")}
        return sorted(by_item.values(), key=lambda e: (e["course"], e["ord"]))


SUMMARY_KEYS = ("enrolled", "enrolled_end", "started", "started_rate", "persistent",
                "persistent_rate", "passed", "passed_rate", "passed_persistent",
                "pass_rate_persistent", "started_rate_end", "persistent_rate_end",
                "passed_rate_end")


def ratio(part: int | float | None, whole: int | float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def collect(backend: Backend, report: IngestReport | None = None) -> Stats:
    report = report or IngestReport()
    runs = ordered(backend.rows("SELECT * FROM runs"), "run_key")
    info = _run_info(backend)
    summary = _by_run(backend.rows("SELECT * FROM summary"))
    items = backend.rows("SELECT * FROM items")
    weeks = backend.rows("SELECT * FROM weeks")
    item_metrics = {(r["run_key"], r["grp"], r["item_id"]): r
                    for r in backend.rows("SELECT * FROM item_metrics")}
    scores = {(r["run_key"], r["grp"], r["item_id"]): r["report_mean_score"]
              for r in backend.rows("SELECT * FROM report_scores")}
    week_metrics = {(r["run_key"], r["grp"], r["week"]): r
                    for r in backend.rows("SELECT * FROM week_metrics")}
    out = []
    for run in runs:
        key = run["run_key"]
        groups = _groups(summary.get(key, {}))
        run_items = ordered([i for i in items if i["run_key"] == key], "ord")
        run_weeks = ordered([w for w in weeks if w["run_key"] == key], "week")
        out.append(RunStats(
            run_key=key, course_id=run["course_id"], run_id=run["run_id"],
            title=run["title"], start=run["start"], end=run["end_date"],
            platform_runs=(run["platform_runs"] or "").split(), pass_rule=run["pass_rule"],
            pass_threshold=float(run["pass_threshold"]), lang=run["lang"], groups=groups,
            summary={g: _summary(summary.get(key, {}).get(g), info.get(key, {}))
                     for g in groups},
            items=[row for g in groups for row in
                   _item_rows(key, g, run_items, item_metrics, scores)],
            weeks=[row for g in groups for row in
                   _week_rows(key, g, run_weeks, week_metrics)]))
    _fill_report(backend, report)
    return Stats(runs=out, ingest=report)


def _by_run(rows: list[dict]) -> dict[int, dict[str, dict]]:
    out: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        out[row["run_key"]][row["grp"]] = row
    return out


def _groups(found: dict[str, dict]) -> list[str]:
    return sorted({ALL, *found}, key=lambda g: (g != ALL, g == NO_COHORT, g))


def _run_info(backend: Backend) -> dict[int, dict]:
    rows = backend.rows("""
        SELECT r.run_key AS run_key, COALESCE(w.graded_w1, 0) AS graded_w1,
          COALESCE(w.graded_w2, 0) AS graded_w2
        FROM runs r LEFT JOIN (
          SELECT run_key, SUM(CASE WHEN graded = 1 AND week = 1 THEN 1 ELSE 0 END) AS graded_w1,
            SUM(CASE WHEN graded = 1 AND week = 2 THEN 1 ELSE 0 END) AS graded_w2
          FROM items GROUP BY run_key) w ON w.run_key = r.run_key""")
    graded = {r["run_key"]: r for r in rows}
    grade_info = {r["run_key"]: int(r["n"]) for r in backend.rows("""
        SELECT run_key, COUNT(*) AS n FROM learners
        WHERE grade IS NOT NULL OR pass_state IS NOT NULL GROUP BY run_key""")}
    return {key: {"graded_w1": int(r["graded_w1"] or 0), "graded_w2": int(r["graded_w2"] or 0),
                  "has_grades": grade_info.get(key, 0) > 0} for key, r in graded.items()}


def _summary(row: dict | None, info: dict) -> dict:
    row = row or {}
    enrolled, at_end = int(row.get("enrolled") or 0), int(row.get("enrolled_end") or 0)

    def measured(name: str, ok: bool) -> int | None:
        return int(row.get(name) or 0) if ok else None

    started = measured("started", info.get("graded_w1", 0) > 0)
    persistent = measured("persistent", info.get("graded_w2", 0) > 0)
    passed = measured("passed", info.get("has_grades", False))
    passed_persistent = measured("passed_persistent", passed is not None
                                 and persistent is not None)
    return {"enrolled": enrolled, "enrolled_end": at_end, "started": started,
            "persistent": persistent, "passed": passed, "passed_persistent": passed_persistent,
            "started_rate": ratio(started, enrolled),
            "persistent_rate": ratio(persistent, enrolled),
            "passed_rate": ratio(passed, enrolled),
            "pass_rate_persistent": ratio(passed_persistent, persistent),
            "started_rate_end": ratio(started, at_end),
            "persistent_rate_end": ratio(persistent, at_end),
            "passed_rate_end": ratio(passed, at_end)}


def _item_rows(key: int, grp: str, items: list[dict], metrics: dict, scores: dict
               ) -> list[dict]:
    graded = [i["ord"] for i in items if i["graded"]]
    last_graded = max(graded) if graded else max((i["ord"] for i in items), default=0)
    rows = []
    for item in items:
        m = metrics.get((key, grp, item["item_id"]), {})
        opened, attempted = int(m.get("opened") or 0), int(m.get("attempted") or 0)
        completed = m.get("completed")
        measurable = item["kind"] in ("quiz", "exercise", "peer") or (
            item["kind"] == "video" and (item["duration"] is not None or completed))
        completed = int(completed or 0) if measurable else None
        stopped = int(m.get("last_here") or 0) if item["ord"] < last_graded else None
        rows.append({
            "grp": grp, "item_id": item["item_id"], "ord": item["ord"], "week": item["week"],
            "kind": item["kind"], "title": item["title"], "loc": item["loc"],
            "graded": bool(item["graded"]), "duration": item["duration"], "opened": opened,
            "attempted": attempted, "completed": completed,
            "mean_score": _float(m.get("mean_score")),
            "mean_attempts": _float(m.get("mean_attempts")),
            "difficulty": _float(m.get("difficulty")),
            "plays": int(m.get("plays") or 0) if item["kind"] == "video" else None,
            "video_completion": ratio(completed, attempted) if item["kind"] == "video"
            else None,
            "report_mean_score": _float(scores.get((key, grp, item["item_id"]))),
            "stopped_here": stopped, "stop_rate": ratio(stopped, opened)})
    return rows


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # a DECIMAL mean arrives as Decimal


def _week_rows(key: int, grp: str, weeks: list[dict], metrics: dict) -> list[dict]:
    rows = []
    previous: int | None = None
    for week in weeks:
        m = metrics.get((key, grp, week["week"]), {})
        active = int(m.get("active") or 0)
        rows.append({"grp": grp, "week": week["week"], "title": week["title"],
                     "active": active, "items_opened": int(m.get("items_opened") or 0),
                     "graded_submitted": int(m.get("graded_submitted") or 0),
                     "dropoff": None if not previous else 1 - active / previous})
        previous = active
    return rows


def _fill_report(backend: Backend, report: IngestReport) -> None:
    ignored = backend.rows("SELECT reason, detail, events, learners FROM ignored") + \
        backend.rows("SELECT reason, detail, events, learners FROM excluded")
    report.ignored = ordered([{k: (int(v) if k in ("events", "learners") and v is not None
                                   else v) for k, v in r.items()} for r in ignored],
                             "reason", "detail")
    report.malformed = report.count("malformed")
    report.unknown_seen = {r["detail"]: r["first_file"] for r in backend.rows(
        "SELECT * FROM ignored WHERE reason = 'unknown_block'")  # * : older databases too
        if r.get("first_file")}
    report.duplicates = int(backend.rows("SELECT duplicates FROM duplicates")[0]["duplicates"]
                            or 0)
    counted = backend.rows("""SELECT COALESCE(SUM(events), 0) AS n FROM scan
                              WHERE kind IN ('item', 'course')""")
    report.course_events = int(counted[0]["n"] or 0)
    report.lines = report.course_events + sum(
        int(r["events"] or 0) for r in report.ignored
        if r["reason"] not in ("staff", "not_enrolled"))
    report.grade_rows = int(backend.rows("SELECT COUNT(*) AS n FROM grades")[0]["n"])
    report.problem_grade_columns = int(backend.rows(
        "SELECT COUNT(DISTINCT item_id) AS n FROM item_grades")[0]["n"])
    report.cohort_rows = int(backend.rows("SELECT COUNT(*) AS n FROM cohorts")[0]["n"])
