"""Learner analytics on a hand-made log fixture whose every number is worked out by hand."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from moocforge.analytics import ALL, compute, ingest, stats_diagnostics
from moocforge.analytics.metrics import NO_COHORT

ORG, NUM, RUN = "MyOrg", "MC101", "2027-spring"
KEY = f"course-v1:{ORG}+{NUM}+{RUN}"


def block(kind: str, name: str) -> str:
    return f"block-v1:{ORG}+{NUM}+{RUN}+type@{kind}+block@{name}"


COURSE_FILES = {
    "course.yml": """
        id: tiny
        title: {fr: Petit cours, en: Tiny course}
        org: MyOrg
        number: MC101
        languages: [fr, en]
        runs:
          2027-spring: {start: 2027-03-01, end: 2027-04-12}
        grading:
          pass: 0.5
          types:
            - {type: Quiz, weight: 1.0}
        weeks: [weeks/01-bienvenue, weeks/02-suite]
        """,
    "weeks/01-bienvenue/week.yml": """
        title: {fr: Bienvenue, en: Welcome}
        objectives:
          - {id: start, text: {fr: Démarrer, en: Start}}
        lessons:
          - id: debuts
            title: {fr: Débuts, en: Beginnings}
            items:
              - {video: "youtube:aaa111", id: vid-intro, title: {fr: Introduction, en: Intro},
                 duration: 100}
              - reading: intro.md
              - quiz: quiz-start.yml
        """,
    "weeks/02-suite/week.yml": """
        title: {fr: Suite, en: Next}
        lessons:
          - id: variables
            title: {fr: Variables, en: Variables}
            items:
              - {video: "youtube:bbb222", id: vid-vars, title: {fr: Les variables,
                 en: Variables}, duration: 600}
              - quiz: quiz-vars.yml
        """,
    "weeks/02-suite/quiz-vars.yml": """
        title: {fr: Quiz variables, en: Variables quiz}
        graded: true
        type: Quiz
        max_attempts: 3
        questions:
          - kind: single
            prompt: {fr: Un entier ?, en: An integer?}
            choices:
              - {text: "int", correct: true}
              - {text: "float"}
          - kind: single
            prompt: {fr: Un réel ?, en: A real?}
            choices:
              - {text: "double", correct: true}
              - {text: "char"}
        """,
}


def browser(user: str, name: str, payload: dict | str, time: str, legacy: bool = False,
            course: str = KEY) -> str:
    event = payload if isinstance(payload, str) else json.dumps(payload)
    names = {"event_type": name} if legacy else {"name": name, "event_type": name}
    return json.dumps({"username": user, **names, "event_source": "browser", "time": time,
                       "event": event, "context": {"course_id": course, "user_id": 1}})


def server(user: str, name: str, payload: dict, time: str) -> str:
    return json.dumps({"username": user, "event_type": name, "event_source": "server",
                       "time": time, "event": payload,
                       "context": {"course_id": KEY, "user_id": 1}})


def check(user: str, problem_id: str, attempts: int, grade: int, max_grade: int,
          time: str) -> str:
    return server(user, "problem_check", {"problem_id": problem_id, "attempts": attempts,
                                          "grade": grade, "max_grade": max_grade}, time)


def enroll(user: str, time: str = "2027-02-20T09:00:00+00:00") -> str:
    return server(user, "edx.course.enrollment.activated",
                  {"course_id": KEY, "user_id": 1, "mode": "audit"}, time)


def tab(user: str, seq: str, target: int, time: str) -> str:
    return browser(user, "edx.ui.lms.sequence.tab_selected",
                   {"id": block("sequential", seq), "current_tab": 1, "target_tab": target,
                    "tab_count": 3}, time)


DAY1 = [
    enroll("alice"), enroll("bob"), enroll("carol"), enroll("dave"), enroll("erin"),
    # alice watches the intro video to the end, passes quiz-start on her second attempt
    tab("alice", "seq_debuts", 1, "2027-03-01T10:00:00+00:00"),
    browser("alice", "play_video", {"id": "vid-intro", "currentTime": 0}, "2027-03-01T10:01:00Z"),
    browser("alice", "stop_video", {"id": "vid-intro", "currentTime": 100},
            "2027-03-01T10:03:00Z"),
    check("alice", block("problem", "quiz-start"), 1, 0, 1, "2027-03-01T10:05:00Z"),
    check("alice", block("problem", "quiz-start"), 2, 1, 1, "2027-03-01T10:06:00Z"),
    # bob: the video's usage key as id, two plays, stops at 60 s of 100
    browser("bob", "play_video", {"id": block("video", "vid-intro"), "currentTime": 0},
            "2027-03-01T11:00:00Z"),
    browser("bob", "pause_video", {"id": block("video", "vid-intro"), "currentTime": 50},
            "2027-03-01T11:01:00Z"),
    browser("bob", "play_video", {"id": block("video", "vid-intro"), "currentTime": 50},
            "2027-03-01T11:02:00Z"),
    browser("bob", "pause_video", {"id": block("video", "vid-intro"), "currentTime": 60},
            "2027-03-01T11:03:00Z"),
    check("bob", block("problem", "quiz-start"), 1, 1, 1, "2027-03-01T11:05:00Z"),
    # carol: the legacy seq_goto to the reading, then a browser problem_check (answers only)
    browser("carol", "seq_goto", {"old": 1, "new": 2, "id": block("sequential", "seq_debuts")},
            "2027-03-01T12:00:00Z", legacy=True),
    browser("carol", "problem_check", "input_quiz-start_2_1=choice_1", "2027-03-01T12:05:00Z"),
    # erin: a block the course does not have
    check("erin", block("problem", "ghost"), 1, 0, 1, "2027-03-01T13:00:00Z"),
    # mallory never enrolled: her events do not count
    check("mallory", block("problem", "quiz-start"), 1, 1, 1, "2027-03-01T13:30:00Z"),
    # noise: anonymous, another course, two malformed lines, a blank line
    browser("", "page_close", {}, "2027-03-01T14:00:00Z"),
    browser("bob", "play_video", {"id": "x", "currentTime": 1}, "2027-03-01T14:00:00Z",
            course="course-v1:Other+X1+2027"),
    '{"username": "alice", "event_type": "play_video", "event": "{\\"id',
    "[1, 2, 3]",
    "",
]
DAY2 = [  # written gzipped
    check("dave", block("problem", "quiz-start"), 1, 0, 1, "2027-03-08T09:00:00Z"),
    tab("dave", "seq_variables", 2, "2027-03-08T09:10:00Z"),
    tab("alice", "seq_variables", 1, "2027-03-08T10:00:00Z"),
    browser("alice", "play_video", {"id": "i4x-MyOrg-MC101-video-vid-vars", "currentTime": 0},
            "2027-03-08T10:01:00Z"),
    browser("alice", "pause_video", {"id": "vid-vars", "currentTime": 580},
            "2027-03-08T10:11:00Z"),
    check("alice", block("problem", "quiz-vars"), 1, 2, 2, "2027-03-08T10:20:00Z"),
    check("bob", "i4x://MyOrg/MC101/problem/quiz-vars", 1, 1, 2, "2027-03-08T11:00:00Z"),
    check("bob", "i4x://MyOrg/MC101/problem/quiz-vars", 2, 1, 2, "2027-03-08T11:05:00Z"),
]
GRADES = """\
Student ID,Email,Username,Grade,Quiz 01: Débuts,Quiz (Avg),Enrollment Track,Enrollment Status
1,a@x.org,alice,1.0,1.0,1.0,audit,enrolled
2,b@x.org,bob,0.75,1.0,0.75,audit,enrolled
3,c@x.org,carol,0.0,Not Attempted,0,audit,enrolled
4,d@x.org,dave,0.25,0,0.25,audit,enrolled
5,e@x.org,erin,0,Not Attempted,0,audit,enrolled
6,f@x.org,frank,0.50,Not Available,0.5,audit,enrolled
"""
PROBLEM_GRADES = """\
Student ID,Email,Username,Enrollment Status,Grade,\
Quiz 01: Débuts - Quiz de démarrage (Earned),Quiz 01: Débuts - Quiz de démarrage (Possible),\
Quiz 02: Variables - Quiz variables (Earned),Quiz 02: Variables - Quiz variables (Possible)
1,a@x.org,alice,enrolled,1.0,1,1,2,2
2,b@x.org,bob,enrolled,0.75,1,1,1,2
3,c@x.org,carol,enrolled,0.0,Not Attempted,1,Not Attempted,2
4,d@x.org,dave,enrolled,0.25,0,1,Not Attempted,2
"""
COHORTS = "username,cohort\nalice,school-a\nbob,school-a\ncarol,school-a\ndave,school-b\n" \
          "erin,school-b\nmallory,school-b\n"


@pytest.fixture
def fixture(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "edx-events-2027-03-01.log").write_text("\n".join(DAY1) + "\n", "utf-8")
    with gzip.open(logs / "edx-events-2027-03-08.log.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(DAY2) + "\n")
    (tmp_path / "grades.csv").write_text(GRADES, "utf-8")
    (tmp_path / "problem_grades.csv").write_text(PROBLEM_GRADES, "utf-8")
    (tmp_path / "cohorts.csv").write_text(COHORTS, "utf-8")
    db = tmp_path / "stats.duckdb"
    report = ingest(course, db, [logs], grades=tmp_path / "grades.csv",
                    problem_grades=[tmp_path / "problem_grades.csv"],
                    cohorts=tmp_path / "cohorts.csv")
    return course, db, report, tmp_path


def test_ingest_counts_malformed_unknown_and_noise(fixture):
    _course, _db, report, _ = fixture
    assert len(report.files) == 2 and report.files[1].endswith(".log.gz")
    assert report.lines == len(DAY1) - 1 + len(DAY2)  # the blank line is not a line of data
    assert report.malformed == 2
    assert report.anonymous == 1 and report.other_course == 1
    assert report.course_events == len(DAY1) - 1 + len(DAY2) - 4
    assert report.unknown_block_events == 1
    assert report.unknown_blocks == [(block("problem", "ghost"), 1, 1)]
    assert report.grade_rows == 6 and report.problem_grade_columns == 2
    codes = sorted(d.code for d in report.diagnostics)
    assert codes == ["MF900", "MF901"]
    assert "ghost" in next(d.message for d in report.diagnostics if d.code == "MF901")


def test_headline_metrics(fixture):
    stats = compute(fixture[1])
    s = stats.summary[ALL]
    # enrolled: 5 enrollment events + frank, who is only in the grade report
    assert (s["enrolled"], s["started"], s["persistent"], s["passed"]) == (6, 3, 2, 3)
    assert s["started_rate"] == pytest.approx(3 / 6)
    assert s["persistent_rate"] == pytest.approx(2 / 6)
    assert s["passed_rate"] == pytest.approx(3 / 6)
    # alice and bob are persistent and passed; frank passed without being persistent
    assert s["pass_rate_persistent"] == pytest.approx(2 / 2)


def items_by_id(stats, grp=ALL) -> dict[str, dict]:
    return {r["item_id"]: r for r in stats.items_of(grp)}


def test_item_metrics(fixture):
    course, db, _, _ = fixture
    items = items_by_id(compute(db))
    assert list(items) == ["vid-intro", "intro", "quiz-start", "vid-vars", "quiz-vars"]
    video = items["vid-intro"]
    assert (video["opened"], video["attempted"], video["plays"], video["completed"]) \
        == (2, 2, 3, 1)  # alice reaches 100 ≥ 70 s; bob stops at 60 s
    assert video["video_completion"] == pytest.approx(0.5)
    assert video["loc"] == str(course.item("vid-intro").loc)
    assert video["title"] == "Introduction"
    reading = items["intro"]
    assert (reading["opened"], reading["attempted"], reading["completed"]) == (1, 0, None)
    quiz = items["quiz-start"]
    assert (quiz["opened"], quiz["attempted"], quiz["completed"]) == (4, 3, 2)
    assert quiz["mean_score"] == pytest.approx(2 / 3)  # last scores 1, 1, 0
    assert quiz["mean_attempts"] == pytest.approx(4 / 3)  # 2, 1, 1
    assert quiz["difficulty"] == pytest.approx(1 - 1 / 3)  # first scores 0, 1, 0
    assert quiz["report_mean_score"] == pytest.approx(2 / 3)
    assert quiz["loc"] == str(course.item("quiz-start").loc)
    vars_video = items["vid-vars"]  # 580 s ≥ 600 − 30
    assert (vars_video["opened"], vars_video["plays"], vars_video["completed"]) == (1, 1, 1)
    assert vars_video["video_completion"] == pytest.approx(1.0)
    quiz2 = items["quiz-vars"]
    assert (quiz2["opened"], quiz2["attempted"], quiz2["completed"]) == (3, 2, 2)
    assert quiz2["mean_score"] == pytest.approx(0.75)
    assert quiz2["mean_attempts"] == pytest.approx(1.5)
    assert quiz2["difficulty"] == pytest.approx(0.25)
    assert quiz2["report_mean_score"] == pytest.approx(0.75)
    # furthest items: alice 5, bob 5, carol 3, dave 5
    assert [items[i]["reached"] for i in items] == [4, 4, 4, 3, 3]
    assert [items[i]["stopped_here"] for i in items] == [0, 0, 1, 0, 3]
    assert [items[i]["stop_rate"] for i in items] == [0, 0, 0.25, 0, None]


def test_week_funnel(fixture):
    weeks = compute(fixture[1]).weeks_of(ALL)
    got = [(w["week"], w["active"], w["items_opened"], w["graded_submitted"]) for w in weeks]
    assert got == [(1, 4, 7, 3), (2, 3, 4, 2)]
    assert weeks[0]["dropoff"] is None
    assert weeks[1]["dropoff"] == pytest.approx(0.25)


def test_cohorts_side_by_side(fixture):
    stats = compute(fixture[1])
    assert stats.groups == [ALL, "school-a", "school-b", NO_COHORT]
    a, b, none = (stats.summary[g] for g in ("school-a", "school-b", NO_COHORT))
    assert (a["enrolled"], a["started"], a["persistent"], a["passed"]) == (3, 2, 2, 2)
    assert a["pass_rate_persistent"] == pytest.approx(1.0)
    assert (b["enrolled"], b["started"], b["persistent"], b["passed"]) == (2, 1, 0, 0)
    assert b["pass_rate_persistent"] is None
    assert (none["enrolled"], none["started"], none["persistent"], none["passed"]) \
        == (1, 0, 0, 1)
    weeks_a = [(w["active"], w["items_opened"], w["graded_submitted"])
               for w in stats.weeks_of("school-a")]
    assert weeks_a == [(3, 6, 2), (2, 3, 2)]
    assert stats.weeks_of("school-a")[1]["dropoff"] == pytest.approx(1 / 3)
    weeks_b = [(w["active"], w["items_opened"], w["graded_submitted"], w["dropoff"])
               for w in stats.weeks_of("school-b")]
    assert weeks_b == [(1, 1, 1, None), (1, 1, 0, 0)]
    quiz_a = items_by_id(stats, "school-a")["quiz-start"]
    assert (quiz_a["opened"], quiz_a["attempted"], quiz_a["completed"]) == (3, 2, 2)
    assert quiz_a["difficulty"] == pytest.approx(0.5)


def test_run_filter_drops_other_runs(fixture, make_course, load_ok, tmp_path: Path):
    course, _, _, base = fixture
    report = ingest(course, tmp_path / "other.duckdb", [base / "logs"], run="2028-autumn")
    assert report.course_events == 0 and report.other_course == report.lines - 3
    assert "MF902" in [d.code for d in report.diagnostics]


def test_stats_diagnostics_point_at_sources(fixture):
    course, db, _, _ = fixture
    found = stats_diagnostics(course, db, {"difficulty": 0.6, "stop_rate": 0.2,
                                           "video_completion": 0.6, "min_learners": 1})
    got = sorted((d.code, d.item, str(d.loc)) for d in found)
    assert got == [("MF910", "quiz-start", str(course.item("quiz-start").loc)),
                   ("MF911", "quiz-start", str(course.item("quiz-start").loc)),
                   ("MF912", "vid-intro", str(course.item("vid-intro").loc))]
    assert all(d.severity == "warning" for d in found)
    assert stats_diagnostics(course, db) == []  # default: at least 20 learners
    missing = stats_diagnostics(course, db.with_name("nope.duckdb"))
    assert [d.code for d in missing] == ["MF909"]


def test_stats_diagnostics_respect_suppressions(make_course, load_ok, fixture):
    _course, db, _, _ = fixture
    files = dict(COURSE_FILES)
    files["weeks/01-bienvenue/week.yml"] = files["weeks/01-bienvenue/week.yml"].replace(
        "- quiz: quiz-start.yml",
        "- quiz: quiz-start.yml\n                lint: {ignore: {MF910: \"hard on purpose\"}}")
    course = load_ok(make_course(files, name="suppressed"))
    found = stats_diagnostics(course, db, {"difficulty": 0.6, "stop_rate": 0.2,
                                           "video_completion": 0.6, "min_learners": 1})
    assert sorted(d.code for d in found) == ["MF911", "MF912"]
