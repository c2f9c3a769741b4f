"""A Coursera data export (the published table schema) gives the same metrics.

The tables and their columns are those of Coursera's research export (`course_memberships`,
`course_items`, `course_progress`, `course_item_grades`, `course_grades`, `courses`),
with the partner's `<partner>_user_id` column; the rows are written by hand:

- u1 learner: video 1 completed, quiz 1 passed (1.0), quiz 2 passed (0.9), course 0.95
- u2 learner: video 1 started, quiz 1 not passed (0.4), course 0.2
- u3 enrolled, then NOT_ENROLLED: quiz 1 passed with verified identity (1.0), course 0.5
- u4 BROWSER (never enrolled): video 1 started
- u5 MENTOR (staff): quiz 1 (1.0)
- u6 PRE_ENROLLED_LEARNER: nothing
- u7 learner: quiz 2 only (1.0), course 0.6
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_analytics_metrics import COURSE_FILES

from moocforge.analytics import ALL, Inputs, analyse, make_scopes

CID = "LEemVewWMPAqsm3Vo3Am1z"
TABLES = {
    "courses": "course_id,course_slug,course_name\n"
               f"{CID},tiny-course,Tiny course\nOtherCourse000000000001,other,Other\n",
    "course_memberships": """\
"imt_user_id","course_id","course_membership_role","course_membership_ts"
"u1","{c}","LEARNER","2027-02-20 09:00:00"
"u2","{c}","LEARNER","2027-02-21 09:00:00"
"u3","{c}","LEARNER","2027-02-22 09:00:00"
"u3","{c}","NOT_ENROLLED","2027-03-20 09:00:00"
"u4","{c}","BROWSER","2027-02-23 09:00:00"
"u5","{c}","MENTOR","2027-02-01 09:00:00"
"u6","{c}","PRE_ENROLLED_LEARNER","2027-02-10 09:00:00"
"u7","{c}","LEARNER","2027-02-24 09:00:00"
""",
    "course_items": """\
"course_id","course_item_id","course_lesson_id","course_item_order","course_item_type_id","course_item_name","course_item_optional"
"{c}","aaaaa","l0001","1","1","Intro","f"
"{c}","bbbbb","l0001","2","3","Getting-started quiz","f"
"{c}","ccccc","l0002","1","1","Variables","f"
"{c}","ddddd","l0002","2","3","Variables quiz","f"
"{c}","eeeee","l0002","3","2","Bonus reading","t"
""",
    "course_progress": """\
"course_id","course_item_id","imt_user_id","course_progress_state_type_id","course_progress_ts"
"{c}","aaaaa","u1","1","2027-03-01 10:00:00"
"{c}","aaaaa","u1","2","2027-03-01 10:05:00"
"{c}","aaaaa","u2","1","2027-03-01 11:00:00"
"{c}","aaaaa","u4","1","2027-03-01 12:00:00"
""",
    "course_item_grades": """\
"course_id","course_item_id","imt_user_id","course_item_grade_ts","course_item_passing_state_id","course_item_grade_overall","course_item_grade_verified","course_item_grade_pending"
"{c}","bbbbb","u1","2027-03-01 10:10:00","1","1.00000000","0.000000","0.000000"
"{c}","ddddd","u1","2027-03-08 10:10:00","1","0.90000000","0.000000","0.000000"
"{c}","bbbbb","u2","2027-03-01 11:10:00","0","0.40000000","0.000000","0.000000"
"{c}","bbbbb","u3","2027-03-01 12:10:00","2","1.00000000","1.00000000","0.000000"
"{c}","bbbbb","u5","2027-03-01 09:10:00","1","1.00000000","0.000000","0.000000"
"{c}","ddddd","u7","2027-03-08 13:10:00","1","1.00000000","0.000000","0.000000"
""",
    "course_grades": """\
"course_id","imt_user_id","course_grade_ts","course_passing_state_id","course_grade_overall_passed_items","course_grade_overall","course_grade_verified_passed_items","course_grade_verified"
"{c}","u1","2027-03-08 10:10:00","1"," 2","0.9500000"," 0","0.0000000"
"{c}","u2","2027-03-01 11:10:00","0"," 0","0.2000000"," 0","0.0000000"
"{c}","u3","2027-03-01 12:10:00","0"," 1","0.5000000"," 1","0.5000000"
"{c}","u7","2027-03-08 13:10:00","0"," 1","0.6000000"," 0","0.0000000"
""",
}


@pytest.fixture
def export(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text.replace("{c}", CID), "utf-8")
    return course, folder, tmp_path


def coursera_stats(course, folder: Path, tmp_path: Path, rule: str | None = None):
    scopes = make_scopes([(course, course.runs[0])], passed_rule=rule, source_rule="coursera")
    return analyse(scopes, tmp_path / f"{rule}.duckdb", Inputs(coursera=[folder]))


def test_coursera_export_gives_the_same_metrics(export):
    course, folder, tmp_path = export
    stats, diagnostics = coursera_stats(course, folder, tmp_path)
    run = stats.runs[0]
    assert run.pass_rule == "coursera"
    s = run.summary[ALL]
    # u1 u2 u3 u6 u7 enrolled (u4 browsed, u5 is staff); u3 left
    assert (s["enrolled"], s["enrolled_end"], s["started"], s["persistent"]) == (5, 4, 3, 2)
    # Coursera's rule: every graded item passed and the grade above 0.5: u1 only
    assert (s["passed"], s["passed_persistent"]) == (1, 1)
    items = {r["item_id"]: r for r in run.items_of(ALL)}
    v = items["vid-intro"]
    assert (v["opened"], v["attempted"], v["completed"]) == (2, 2, 1)
    assert v["video_completion"] == pytest.approx(0.5)
    q = items["quiz-start"]
    assert (q["opened"], q["attempted"], q["completed"]) == (3, 3, 2)
    assert q["mean_score"] == pytest.approx(0.8) and q["difficulty"] == pytest.approx(0.2)
    assert (items["quiz-vars"]["opened"], items["quiz-vars"]["completed"]) == (2, 2)
    weeks = [(w["week"], w["active"]) for w in run.weeks_of(ALL)]
    assert weeks == [(1, 3), (2, 2)]
    unmatched = [d for d in diagnostics if d.code == "MF914"]
    assert len(unmatched) == 1 and "Bonus reading" in unmatched[0].message
    assert {r["reason"] for r in stats.ingest.ignored} == {"staff", "not_enrolled"}


def test_coursera_threshold_rule_and_missing_tables(export, tmp_path: Path):
    course, folder, base = export
    stats, _ = coursera_stats(course, folder, base, rule="threshold")
    assert stats.runs[0].summary[ALL]["passed"] == 3  # u1 0.95, u3 0.5, u7 0.6
    empty = tmp_path / "empty"
    empty.mkdir()
    _stats, problems = coursera_stats(course, empty, base, rule="fun")
    assert [d.code for d in problems if d.severity == "error"] == ["MF914"]
