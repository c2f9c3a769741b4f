"""Path progression (issue 14): learners who passed one course of a certifying path and went
on to the next, on hand-made per-run learner flags whose every figure is worked out below,
in DuckDB and in ClickHouse (chDB); then end to end on the repository's catalogue.

The path: A (min grade 0.6, required) → B (required) → C (optional). Runs: A has two (1, 2),
B one (3), C one (4).

- u1: passes A (0.8), passes B, enrolled in C without starting it
- u2: passes A by the course's rule with 0.55 (below the path's 0.6), passes B
- u3: fails A in run 1 (0.2), passes it in run 2 (0.7); enrolled in B, never starts
- u4: passes A in run 2 (0.9); not in B
- u5: B started, not passed; passes C
- u6: passes A with exactly 0.6; B started, not passed; passes C
- staff: not in `learners`, so not in the flags either

Step A: enrolled 5 (u1 u2 u3 u4 u6), started 5, passed 4 (u1 u3 u4 u6).
Step B: enrolled 5 (u1 u2 u3 u5 u6), started 4, passed 2 (u1 u2); of the 4 who passed A:
3 enrolled (u1 u3 u6), 2 started (u1 u6), 1 passed (u1).
Step C: enrolled 3 (u1 u5 u6), started 2, passed 2; of the 2 who passed B: 1 enrolled (u1),
0 started, 0 passed. Completed (A and B passed): u1 only.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from moocforge.analytics.paths import PathStep, measure_paths

RUNS = [(1, "A"), (2, "A"), (3, "B"), (4, "C")]
# run_key, user, started, passed, grade
FLAGS = [
    (1, "u1", 1, 1, 0.8), (3, "u1", 1, 1, 0.9), (4, "u1", 0, 0, 0.0),
    (1, "u2", 1, 1, 0.55), (3, "u2", 1, 1, 0.7),
    (1, "u3", 1, 0, 0.2), (2, "u3", 1, 1, 0.7), (3, "u3", 0, 0, None),
    (2, "u4", 1, 1, 0.9),
    (3, "u5", 1, 0, 0.1), (4, "u5", 1, 1, 0.8),
    (1, "u6", 1, 1, 0.6), (3, "u6", 1, 0, 0.3), (4, "u6", 1, 1, 0.9),
]
STEPS = [PathStep("p", 1, "A", True, 0.6, "Path"), PathStep("p", 2, "B", True, None, "Path"),
         PathStep("p", 3, "C", False, None, "Path")]
EXPECTED = [
    # enrolled, started, passed, passed_previous, from_previous, …_started, …_passed
    (5, 5, 4, None, 0, 0, 0),
    (5, 4, 2, 4, 3, 2, 1),
    (3, 2, 2, 2, 1, 0, 0),
]


def _load(backend) -> None:
    backend.load("runs", [("run_key", "INT"), ("course_id", "TEXT")], RUNS, temp=True)
    backend.load("learners", [("run_key", "INT"), ("user_id", "TEXT"), ("grade", "DOUBLE")],
                 [(k, u, g) for k, u, _s, _p, g in FLAGS], temp=True)
    backend.load("learner_flags", [("run_key", "INT"), ("user_id", "TEXT"),
                                   ("started", "INT"), ("passed", "INT")],
                 [(k, u, s, p) for k, u, s, p, _g in FLAGS], temp=True)


def _figures(paths) -> list[tuple]:
    assert [p.program_id for p in paths] == ["p"]
    return [(s["enrolled"], s["started"], s["passed"], s["passed_previous"],
             s["from_previous"], s["from_previous_started"], s["from_previous_passed"])
            for s in paths[0].steps]


def test_path_progression_in_duckdb() -> None:
    import duckdb

    from moocforge.analytics.backend import DuckBackend

    backend = DuckBackend(duckdb.connect())
    _load(backend)
    paths = measure_paths(backend, STEPS)
    assert _figures(paths) == EXPECTED
    assert paths[0].completed == 1
    second = paths[0].steps[1]
    assert second["started_after_rate"] == pytest.approx(2 / 4)
    assert second["course"] == "B" and second["required"] is True


def test_path_progression_in_clickhouse() -> None:
    chdb = pytest.importorskip("chdb", reason="chDB (embedded ClickHouse) is not installed")
    from moocforge.analytics.backend import ChdbBackend

    db = chdb.session.Session()
    try:
        backend = ChdbBackend(db)
        _load(backend)
        paths = measure_paths(backend, STEPS)
    finally:
        db.close()
    assert _figures(paths) == EXPECTED
    assert paths[0].completed == 1


def test_no_path_no_table() -> None:
    import duckdb

    from moocforge.analytics.backend import DuckBackend

    assert measure_paths(DuckBackend(duckdb.connect()), []) == []


ROOT = Path(__file__).resolve().parents[1]


def _graded(report: Path, at_least: float) -> set[str]:
    with report.open(encoding="utf-8") as handle:
        return {r["Student ID"] for r in csv.DictReader(handle)
                if float(r["Grade"]) >= at_least - 1e-9}


def _ids(report: Path) -> set[str]:
    with report.open(encoding="utf-8") as handle:
        return {r["Student ID"] for r in csv.DictReader(handle)}


def test_stats_over_the_catalogue_report_its_path(tmp_path, monkeypatch) -> None:
    """`moocforge stats <catalogue>` measures the catalogue's path: the learners who passed
    abc-c with at least the path's 0.6 and then enrolled in roches-mineraux, counted from
    the grade reports, are the ones paths.csv gives."""
    from typer.testing import CliRunner

    from moocforge.analytics.synthetic import generate
    from moocforge.app import load
    from moocforge.cli import app

    monkeypatch.chdir(tmp_path)
    abc = load(ROOT / "courses" / "abc-c").course
    roches = load(ROOT / "courses" / "roches-mineraux").course
    assert abc is not None and roches is not None
    first = generate(abc, tmp_path / "abc", learners=120, seed=1)
    # learners 60…179: half of abc-c's learners go on to the second course
    second = generate(roches, tmp_path / "roches", learners=120, seed=2, first_learner=60)
    result = CliRunner().invoke(app, [
        "stats", str(ROOT), "--logs", str(first.log_dir), "--logs", str(second.log_dir),
        "--grades", f"2027-spring={first.grade_report}",
        "--grades", f"2027-automne={second.grade_report}", "-o", "out"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "paths.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["program"], r["pos"], r["course"]) for r in rows] == [
        ("sciences-ingenieur", "1", "abc-c"), ("sciences-ingenieur", "2", "roches-mineraux")]
    passed_abc = _graded(first.grade_report, 0.6)
    went_on = passed_abc & _ids(second.grade_report)
    assert 0 < len(went_on) < len(passed_abc)  # the data exercises both branches
    assert int(rows[0]["passed"]) == len(passed_abc)
    assert int(rows[1]["passed_previous"]) == len(passed_abc)
    assert int(rows[1]["from_previous"]) == len(went_on)
    assert int(rows[1]["from_previous_passed"]) == len(
        went_on & _graded(second.grade_report, 0.5))
    assert "Certifying paths" in (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "Path sciences-ingenieur" in result.output
