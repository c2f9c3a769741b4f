"""Learner analytics on a hand-made Open edX dataset whose every figure is worked out by hand.

The events have the platform's real shapes (transcribed from the fixtures of Open edX's
event-routing-backends; written here by hand): enrollment events name the learner in
`event.user_id` and whoever clicked in `username` / `context.user_id`; forum events carry
`event.commentable_id`; `next_selected` / `previous_selected` only `current_tab`;
`complete_video`; browser events' `event` is a JSON string.

The cast (a bilingual course: platform runs 2027-spring-fr and 2027-spring-en; grade,
certificate delivered):

- alice 101: video 1 to the end, quiz 1 on her 2nd try, week 2 video to 580 s, quiz 2, a
  forum post; a video in another course — 1.0, Y
- bob 102: enrolled by the staff member; video 1 to 60 s (2 plays), quiz 1, quiz 2 twice
  (1/2) — 0.75, N
- carol 103 (en): legacy seq_goto to the reading, a browser-only problem_check — 0.0
- dave 104: quiz 1 (0/1) in week 2, `next_selected` to quiz 2 — 0.0
- erin 105: an event on a block the course lacks, then unenrolls — 0.0, unenrolled
- frank 106: only in the grade report (enrolled before the logs start) — 0.5, Y
- grace 107: week 2 only: `complete_video`, quiz 2 (2/2) — 0.5, Y
- heidi 108: video 1 to 40 s and quiz 1, each line twice (a rotated file overlaps) — 0.5, N
- ivan 109: username " ivan " in the logs, video 1 to 95 s; not in the grade report
- judy 110: `previous_selected` to the reading, quiz 1 — 0.5, Y
- mallory 111: quiz 1, never enrolled
- oscar 112: enrolled, nothing else — 0.0
- peggy 113 (en): in a syslog-prefixed file: video 1 to 30 s, quiz 1, quiz 2 twice — 1.0, Y
- prof 900: staff: enrolls bob, takes quiz 1, posts with a course role — 0.5
- zoe 120: the autumn run: quiz 1 (0/1)
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from moocforge.analytics import (
    ALL,
    NO_COHORT,
    Inputs,
    analyse,
    make_scopes,
    select_runs,
    stats_diagnostics,
)

ORG, NUM = "MyOrg", "MC101"
FR, EN, AUTUMN = "2027-spring-fr", "2027-spring-en", "2027-autumn-fr"
OTHER = "course-v1:Other+X1+2027"


def key(run: str) -> str:
    return f"course-v1:{ORG}+{NUM}+{run}"


def block(kind: str, name: str, run: str = FR) -> str:
    return f"block-v1:{ORG}+{NUM}+{run}+type@{kind}+block@{name}"


COURSE_FILES = {
    "course.yml": """
        id: tiny
        title: {fr: Petit cours, en: Tiny course}
        org: MyOrg
        number: MC101
        languages: [fr, en]
        runs:
          2027-spring: {start: 2027-03-01, end: 2027-04-12}
          2027-autumn: {start: 2027-10-04, end: 2027-11-15}
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
              - discussion: {fr: "Vos questions", en: "Your questions"}
                id: forum-vars
                title: {fr: Forum variables, en: Variables forum}
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

# ----------------------------------------------------------------------------- event shapes

COMMON = {"session": "a1b2c3", "ip": "10.0.0.1", "agent": "Mozilla/5.0", "host": "lms.example",
          "referer": "https://lms.example/courses/", "accept_language": "fr-FR,fr;q=0.9"}


def _context(run: str, uid: int | None, path: str, module: str | None = None) -> dict:
    ctx = {"course_id": key(run) if not run.startswith("course-v1") else run,
           "org_id": ORG, "user_id": uid, "path": path}
    if module:
        ctx["module"] = {"usage_key": module, "display_name": ""}
    return ctx


def browser(user: str, uid: int, name: str, payload: dict | str, time: str, run: str = FR,
            legacy: str | None = None) -> str:
    """A browser event: `event` is the payload as a JSON-encoded string."""
    event = payload if isinstance(payload, str) else json.dumps(payload)
    return json.dumps({"username": user, "name": name, "event_type": legacy or name,
                       "event_source": "browser", "time": time, "event": event,
                       "page": "https://lms.example/courses/x/courseware/",
                       "context": _context(run, uid, "/event"), **COMMON})


def server(user: str, uid: int | None, name: str, payload: dict, time: str, run: str = FR,
           module: str | None = None) -> str:
    """A server event: `event` is an object."""
    return json.dumps({"username": user, "name": name, "event_type": name,
                       "event_source": "server", "time": time, "event": payload, "page": None,
                       "context": _context(run, uid, f"/courses/{key(run)}/xblock", module),
                       **COMMON})


def enroll(learner: int, time: str, run: str = FR, by: tuple[str, int] | None = None,
           name: str = "edx.course.enrollment.activated", user: str = "") -> str:
    actor_name, actor_id = by or (user, learner)
    return server(actor_name, actor_id, name,
                  {"course_id": key(run), "user_id": learner, "mode": "audit"}, time, run)


def check(user: str, uid: int, problem: str, attempts: int, grade: int, max_grade: int,
          time: str, run: str = FR) -> str:
    problem_id = problem if ":" in problem else block("problem", problem, run)
    return server(user, uid, "problem_check", {
        "problem_id": problem_id, "attempts": attempts, "grade": grade,
        "max_grade": max_grade, "success": "correct" if grade == max_grade else "incorrect",
        "answers": {}, "correct_map": {}, "submission": {}, "state": {}}, time, run,
        module=problem_id)


def video(user: str, uid: int, name: str, video_id: str, at: float | None, time: str,
          run: str = FR) -> str:
    payload: dict = {"id": video_id, "code": "html5"}
    if at is not None:
        payload["currentTime"] = at
    if name == "complete_video":
        payload["duration"] = 600
    return browser(user, uid, name, payload, time, run)


def forum(user: str, uid: int, discussion: str, time: str, roles: list[str],
          forum_roles: list[str]) -> str:
    return server(user, uid, "edx.forum.thread.created", {
        "commentable_id": discussion, "thread_type": "discussion", "anonymous": False,
        "title": "Une question", "body": "<p>…</p>", "id": "64abcdfee68f35002fd013c6",
        "user_forums_roles": forum_roles, "user_course_roles": roles}, time)


def seq(user: str, uid: int, name: str, lesson: str, data: dict, time: str, run: str = FR,
        legacy: str | None = None) -> str:
    return browser(user, uid, name, {"id": block("sequential", f"seq_{lesson}", run),
                                     "tab_count": 3, "widget_placement": "top", **data},
                   time, run, legacy=legacy)


D1, D2 = "2027-03-01T", "2027-03-08T"
HEIDI_PLAY = video("heidi", 108, "play_video", "vid-intro", 0, D1 + "15:00:00.000001+00:00")
HEIDI_CHECK = check("heidi", 108, "quiz-start", 1, 1, 1, D1 + "15:05:00.000001+00:00")

DAY1 = [
    enroll(101, "2027-02-20T09:00:00+00:00", user="alice"),
    enroll(900, "2027-02-01T09:00:00+00:00", user="prof"),
    enroll(102, "2027-02-21T09:00:00+00:00", by=("prof", 900)),
    enroll(103, "2027-02-22T09:00:00+00:00", run=EN, user="carol"),
    enroll(104, "2027-02-23T09:00:00+00:00", user=""),  # a background task: no username
    enroll(105, "2027-02-24T09:00:00+00:00", user="erin"),
    enroll(107, "2027-02-25T09:00:00+00:00", user="grace"),
    enroll(108, "2027-02-26T09:00:00+00:00", user="heidi"),
    enroll(109, "2027-02-27T09:00:00+00:00", user=" ivan "),
    enroll(110, "2027-02-28T09:00:00+00:00", user="judy"),
    enroll(112, D1 + "08:00:00+00:00", user="oscar"),
    seq("alice", 101, "edx.ui.lms.sequence.tab_selected", "debuts",
        {"current_tab": 1, "target_tab": 1}, D1 + "10:00:00+00:00", legacy="seq_goto"),
    video("alice", 101, "play_video", "vid-intro", 0, D1 + "10:01:00+00:00"),
    video("alice", 101, "stop_video", "vid-intro", 100, D1 + "10:03:00+00:00"),
    video("alice", 101, "complete_video", "vid-intro", None, D1 + "10:03:00.5+00:00"),
    check("alice", 101, "quiz-start", 1, 0, 1, D1 + "10:05:00+00:00"),
    check("alice", 101, "quiz-start", 2, 1, 1, D1 + "10:06:00+00:00"),
    browser("alice", 101, "play_video", {"id": "x", "currentTime": 1}, D1 + "14:00:00+00:00",
            run=OTHER),
    video("bob", 102, "play_video", block("video", "vid-intro"), 0, D1 + "11:00:00+00:00"),
    video("bob", 102, "pause_video", block("video", "vid-intro"), 50, D1 + "11:01:00+00:00"),
    video("bob", 102, "play_video", block("video", "vid-intro"), 50, D1 + "11:02:00+00:00"),
    video("bob", 102, "pause_video", block("video", "vid-intro"), 60, D1 + "11:03:00+00:00"),
    check("bob", 102, "quiz-start", 1, 1, 1, D1 + "11:05:00+00:00"),
    seq("carol", 103, "seq_goto", "debuts", {"old": 1, "new": 2}, D1 + "12:00:00+00:00",
        run=EN),
    browser("carol", 103, "problem_check", "input_quiz-start_2_1=choice_1",
            D1 + "12:05:00+00:00", run=EN),
    check("erin", 105, "ghost", 1, 0, 1, D1 + "13:00:00+00:00"),
    check("mallory", 111, "quiz-start", 1, 1, 1, D1 + "13:30:00+00:00"),
    browser("", None, "page_close", {}, D1 + "14:00:00+00:00"),  # anonymous
    HEIDI_PLAY,
    video("heidi", 108, "pause_video", "vid-intro", 40, D1 + "15:01:00+00:00"),
    HEIDI_CHECK,
    video(" ivan ", 109, "play_video", "vid-intro", 0, D1 + "16:00:00+00:00"),
    video(" ivan ", 109, "pause_video", "vid-intro", 95, D1 + "16:02:00+00:00"),
    seq("judy", 110, "edx.ui.lms.sequence.previous_selected", "debuts", {"current_tab": 3},
        D1 + "17:00:00+00:00"),
    check("judy", 110, "quiz-start", 1, 1, 1, D1 + "17:05:00+00:00"),
    check("prof", 900, "quiz-start", 1, 1, 1, D1 + "09:00:00+00:00"),
    '{"username": "alice", "event_type": "play_video", "event": "{\\"id',  # truncated
    "",
]
DAY2 = [  # gzipped
    seq("alice", 101, "edx.ui.lms.sequence.tab_selected", "variables",
        {"current_tab": 3, "target_tab": 1}, D2 + "10:00:00+00:00"),
    video("alice", 101, "play_video", "vid-vars", 0, D2 + "10:01:00+00:00"),
    video("alice", 101, "pause_video", "vid-vars", 580, D2 + "10:11:00+00:00"),
    check("alice", 101, "quiz-vars", 1, 2, 2, D2 + "10:20:00+00:00"),
    forum("alice", 101, "forum-vars", D2 + "10:30:00+00:00", [], ["Student"]),
    check("bob", 102, "i4x://MyOrg/MC101/problem/quiz-vars", 1, 1, 2, D2 + "11:00:00+00:00"),
    check("bob", 102, "i4x://MyOrg/MC101/problem/quiz-vars", 2, 1, 2, D2 + "11:05:00+00:00"),
    check("dave", 104, "quiz-start", 1, 0, 1, D2 + "09:00:00+00:00"),
    seq("dave", 104, "edx.ui.lms.sequence.next_selected", "variables", {"current_tab": 1},
        D2 + "09:10:00+00:00"),
    video("grace", 107, "complete_video", "vid-vars", None, D2 + "13:00:00+00:00"),
    check("grace", 107, "quiz-vars", 1, 2, 2, D2 + "13:10:00+00:00"),
    forum("prof", 900, "forum-vars", D2 + "08:00:00+00:00", ["instructor"], ["Administrator"]),
]
ROTATED = [enroll(105, "2027-03-02T09:00:00+00:00", user="erin",
                  name="edx.course.enrollment.deactivated")]
OVERLAP = [HEIDI_PLAY, HEIDI_CHECK]  # the same lines again, in a rotated gzipped file
SYSLOG = [
    enroll(113, D1 + "07:00:00+00:00", run=EN, user="peggy"),
    video("peggy", 113, "play_video", "vid-intro", 0, D1 + "18:00:00+00:00", run=EN),
    video("peggy", 113, "pause_video", "vid-intro", 30, D1 + "18:01:00+00:00", run=EN),
    check("peggy", 113, "quiz-start", 1, 1, 1, D1 + "18:05:00+00:00", run=EN),
    check("peggy", 113, "quiz-vars", 1, 1, 2, "2027-03-09T09:00:00+00:00", run=EN),
    check("peggy", 113, "quiz-vars", 2, 2, 2, "2027-03-09T09:05:00+00:00", run=EN),
]
AUTUMN_LOG = [
    enroll(120, "2027-10-01T09:00:00+00:00", run=AUTUMN, user="zoe"),
    check("zoe", 120, block("problem", "quiz-start", AUTUMN), 1, 0, 1,
          "2027-10-05T09:00:00+00:00", run=AUTUMN),
]

GRADE_HEAD = ("Student ID,Email,Username,Grade,Quiz 01: Débuts,Quiz 02: Variables,Quiz (Avg),"
              "Cohort Name,Enrollment Track,Verification Status,Certificate Eligible,"
              "Certificate Delivered,Certificate Type,Enrollment Status\n")
GRADES_FR = GRADE_HEAD + """\
101,alice@x.org,alice,1.0,1.0,1.0,1.0,,audit,N/A,Y,Y,honor,enrolled
102,bob@x.org,bob,0.75,1.0,0.5,0.75,,audit,N/A,Y,N,N/A,enrolled
104,dave@x.org,dave,0.0,0.0,Not Attempted,0.0,,audit,N/A,N,N,N/A,enrolled
105,erin@x.org,erin,0.0,Not Attempted,Not Attempted,0.0,,audit,N/A,N,N,N/A,unenrolled
106,frank@x.org,frank,0.5,0.5,0.5,0.5,,audit,N/A,Y,Y,honor,enrolled
107,grace@x.org,grace,0.5,Not Attempted,1.0,0.5,,audit,N/A,Y,Y,honor,enrolled
108,heidi@x.org,heidi,0.5,1.0,Not Attempted,0.5,,audit,N/A,Y,N,N/A,enrolled
110,judy@x.org,judy,0.5,1.0,Not Attempted,0.5,,audit,N/A,Y,Y,honor,enrolled
112,oscar@x.org,oscar,0.0,Not Attempted,Not Attempted,0.0,,audit,N/A,N,N,N/A,enrolled
900,prof@x.org,prof,0.5,1.0,Not Attempted,0.5,,audit,N/A,Y,N,N/A,enrolled
"""
GRADES_EN = GRADE_HEAD + """\
103,carol@x.org,carol,0.0,Not Attempted,Not Attempted,0.0,,audit,N/A,N,N,N/A,enrolled
113,peggy@x.org,peggy,1.0,1.0,1.0,1.0,,audit,N/A,Y,Y,honor,enrolled
"""
PROBLEM_GRADES_FR = """\
Student ID,Email,Username,Enrollment Status,Grade,\
Quiz 01: Débuts - Quiz de démarrage (Earned),Quiz 01: Débuts - Quiz de démarrage (Possible),\
Quiz 02: Variables - Quiz variables (Earned),Quiz 02: Variables - Quiz variables (Possible)
101,alice@x.org,alice,enrolled,1.0,1,1,2,2
102,bob@x.org,bob,enrolled,0.75,1,1,1,2
104,dave@x.org,dave,enrolled,0.0,0,1,Not Attempted,2
107,grace@x.org,grace,enrolled,0.5,Not Attempted,1,2,2
108,heidi@x.org,heidi,enrolled,0.5,1,1,Not Attempted,2
110,judy@x.org,judy,enrolled,0.5,1,1,Not Attempted,2
900,prof@x.org,prof,enrolled,0.5,1,1,Not Attempted,2
"""
# The dashboard's layout; alice is moved to school-b by a later line.
COHORTS = """\
username,email,cohort
alice,,school-a
bob,,school-a
,carol@x.org,school-a
dave,,school-b
grace,,school-b
ivan,,school-a
heidi,,school-b
alice,,school-b
"""


def _prefixed(line: str) -> str:
    return f"Mar  1 18:00:00 lms-1 tracking: {line}"


@pytest.fixture
def dataset(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "edx-events-2027-03-01.log").write_text("\n".join(DAY1) + "\n", "utf-8")
    with gzip.open(logs / "edx-events-2027-03-08.log.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(DAY2) + "\n")
    (logs / "tracking.log-20270302").write_text("\n".join(ROTATED) + "\n", "utf-8")
    with gzip.open(logs / "tracking.log.1.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(OVERLAP) + "\n")
    (logs / "lms-syslog.log").write_text("\n".join(_prefixed(x) for x in SYSLOG) + "\n")
    (logs / "autumn").mkdir()
    (logs / "autumn" / "edx-events-2027-10-05.log").write_text("\n".join(AUTUMN_LOG) + "\n")
    (logs / "README.txt").write_text("exported by the platform team\n", "utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / f"{ORG}_{NUM}_{FR}_grade_report_2027-04-13-1200.csv").write_text(GRADES_FR)
    (reports / f"{ORG}_{NUM}_{EN}_grade_report_2027-04-13-1200.csv").write_text(GRADES_EN)
    (reports / "problem_grades.csv").write_text(PROBLEM_GRADES_FR, "utf-8")
    (reports / "cohorts.csv").write_text(COHORTS, "utf-8")
    inputs = Inputs(logs=[logs], grades=[str(p) for p in sorted(reports.glob("*grade_report*"))],
                    problem_grades=[f"2027-spring={reports / 'problem_grades.csv'}"],
                    cohorts=reports / "cohorts.csv")
    return course, inputs, tmp_path


def run_stats(course, inputs, tmp_path: Path, name: str = "stats.duckdb", **options):
    runs, problems = select_runs(course, ["2027-spring", "2027-autumn"])
    assert problems == []
    scopes = make_scopes([(course, run) for run in runs],
                         passed_rule=options.pop("passed_rule", None))
    return analyse(scopes, tmp_path / name, inputs, **options)


@pytest.fixture
def computed(dataset):
    course, inputs, tmp_path = dataset
    stats, diagnostics = run_stats(course, inputs, tmp_path)
    return course, stats, diagnostics


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["item_id"]: r for r in rows}


def test_headline_figures(computed):
    _course, stats, _ = computed
    s = stats.run("2027-spring").summary[ALL]
    # 11 enrollment events of learners (+ prof, staff) and frank from the grade report;
    # mallory never enrolled; erin unenrolled
    assert (s["enrolled"], s["enrolled_end"]) == (12, 11)
    # started: a graded week-1 submission (alice bob dave heidi judy peggy; carol's browser
    # check is no submission); persistent: quiz 2 (alice bob grace peggy: grace skipped week 1)
    assert (s["started"], s["persistent"]) == (6, 4)
    # passed at 0.5: alice bob frank grace heidi judy peggy (prof is staff)
    assert (s["passed"], s["passed_persistent"]) == (7, 4)
    assert s["started_rate"] == pytest.approx(6 / 12)
    assert s["persistent_rate"] == pytest.approx(4 / 12)
    assert s["passed_rate"] == pytest.approx(7 / 12)
    assert s["pass_rate_persistent"] == pytest.approx(1.0)
    assert (s["started_rate_end"], s["passed_rate_end"]) == (pytest.approx(6 / 11),
                                                             pytest.approx(7 / 11))


def test_item_figures(computed):
    course, stats, _ = computed
    items = by_id(stats.run("2027-spring").items_of(ALL))
    assert list(items) == ["vid-intro", "intro", "quiz-start", "vid-vars", "quiz-vars",
                           "forum-vars"]
    v = items["vid-intro"]  # alice bob heidi ivan peggy; ≥ 70 s: alice (100), ivan (95)
    assert (v["opened"], v["attempted"], v["plays"], v["completed"]) == (5, 5, 6, 2)
    assert v["video_completion"] == pytest.approx(2 / 5)
    assert (v["stopped_here"], v["stop_rate"]) == (1, pytest.approx(1 / 5))  # ivan
    assert v["title"] == "Introduction" and v["loc"] == str(course.item("vid-intro").loc)
    r = items["intro"]  # carol (seq_goto new=2), judy (previous_selected from tab 3)
    assert (r["opened"], r["attempted"], r["completed"], r["stopped_here"]) == (2, 0, None, 0)
    q = items["quiz-start"]
    assert (q["opened"], q["attempted"], q["completed"]) == (7, 6, 5)
    assert q["mean_score"] == pytest.approx(5 / 6)  # last scores 1 1 0 1 1 1
    assert q["mean_attempts"] == pytest.approx(7 / 6)  # alice 2, the others 1
    assert q["difficulty"] == pytest.approx(1 - 4 / 6)  # first scores 0 1 0 1 1 1
    assert q["report_mean_score"] == pytest.approx(4 / 5)  # fr report: 1 1 0 1 1
    assert (q["stopped_here"], q["stop_rate"]) == (3, pytest.approx(3 / 7))  # carol heidi judy
    w = items["vid-vars"]  # alice to 580 ≥ 570, grace's complete_video
    assert (w["opened"], w["attempted"], w["plays"], w["completed"]) == (2, 2, 1, 2)
    assert (w["video_completion"], w["stopped_here"]) == (pytest.approx(1.0), 0)
    q2 = items["quiz-vars"]  # alice bob grace peggy submit, dave only opens it
    assert (q2["opened"], q2["attempted"], q2["completed"]) == (5, 4, 4)
    assert q2["mean_score"] == pytest.approx(3.5 / 4)
    assert q2["mean_attempts"] == pytest.approx(1.5)
    assert q2["difficulty"] == pytest.approx(0.25)
    assert q2["report_mean_score"] == pytest.approx(2.5 / 3)
    assert q2["stopped_here"] is None  # the last graded item: nobody "stops" there
    f = items["forum-vars"]  # alice's post (by commentable_id); prof's is staff's
    assert (f["opened"], f["attempted"], f["completed"], f["stopped_here"]) == (1, 1, None, None)


def test_week_funnel(computed):
    weeks = computed[1].run("2027-spring").weeks_of(ALL)
    got = [(w["week"], w["active"], w["items_opened"], w["graded_submitted"]) for w in weeks]
    assert got == [(1, 8, 14, 6), (2, 5, 8, 4)]
    assert weeks[0]["dropoff"] is None and weeks[1]["dropoff"] == pytest.approx(1 - 5 / 8)


def test_cohorts_use_the_header_and_the_latest_line(computed):
    run = computed[1].run("2027-spring")
    assert run.groups == [ALL, "school-a", "school-b", NO_COHORT]
    figures = {g: tuple(run.summary[g][k] for k in ("enrolled", "enrolled_end", "started",
                                                     "persistent", "passed",
                                                     "passed_persistent"))
               for g in run.groups[1:]}
    # school-a: bob, carol (by e-mail), ivan (trimmed); school-b: alice (latest), dave,
    # grace, heidi; no cohort: erin frank judy oscar peggy
    assert figures == {"school-a": (3, 3, 1, 1, 1, 1), "school-b": (4, 4, 3, 2, 3, 2),
                       NO_COHORT: (5, 4, 2, 1, 3, 1)}
    quiz_b = by_id(run.items_of("school-b"))["quiz-start"]
    assert (quiz_b["opened"], quiz_b["attempted"], quiz_b["completed"]) == (3, 3, 2)
    assert quiz_b["difficulty"] == pytest.approx(2 / 3)
    weeks_a = [(w["active"], w["items_opened"], w["graded_submitted"])
               for w in run.weeks_of("school-a")]
    assert weeks_a == [(3, 5, 1), (1, 1, 1)]


def test_passed_follows_the_platform_rule(dataset):
    course, inputs, tmp_path = dataset
    fun, _ = run_stats(course, inputs, tmp_path, "fun.duckdb", passed_rule="fun")
    # FUN: above the threshold and certificate delivered: not bob, not heidi
    assert fun.run("2027-spring").summary[ALL]["passed"] == 5
    assert fun.run("2027-spring").pass_rule == "fun"
    coursera, _ = run_stats(course, inputs, tmp_path, "c.duckdb", passed_rule="coursera")
    # Coursera: every graded item done and above the threshold: alice bob peggy
    assert coursera.run("2027-spring").summary[ALL]["passed"] == 3


def test_one_row_per_course_and_run(computed):
    _course, stats, _ = computed
    table = stats.table()
    assert [(r["run"], r["enrolled"], r["started"], r["persistent"]) for r in table] \
        == [("2027-spring", 12, 6, 4), ("2027-autumn", 1, 1, 0)]
    assert table[0]["platform_runs"] == f"{EN} {FR}"
    assert table[1]["passed"] is None  # no grade data for the autumn run
    quiz = next(c for c in stats.comparison() if c["item_id"] == "quiz-start")
    assert quiz["runs"]["2027-autumn"]["difficulty"] == pytest.approx(1.0)
    assert quiz["runs"]["2027-spring"]["difficulty"] == pytest.approx(1 - 4 / 6)


def test_what_was_left_out_is_counted_per_reason(computed):
    _course, stats, diagnostics = computed
    ing = stats.ingest
    reasons = {(r["reason"], r["detail"]): (r["events"], r["learners"]) for r in ing.ignored}
    logs_dir = Path(ing.skipped_files[0]).parent  # README.txt sits in the logs folder
    assert reasons == {
        ("malformed", str(logs_dir / "edx-events-2027-03-01.log")): (1, 0),
        ("other_course", OTHER): (1, 0),
        ("anonymous", ""): (1, 0),
        ("unknown_block", block("problem", "ghost")): (1, 1),
        ("not_enrolled", ""): (1, 1),  # mallory
        ("staff", ""): (3, 1),  # prof: own enrollment, quiz, forum post
    }
    assert ing.duplicates == 2  # heidi's play and check, read twice
    assert ing.malformed == 1  # the syslog-prefixed lines were read, not dropped
    assert len(ing.files) == 6 and any(f.endswith("tracking.log-20270302") for f in ing.files)
    assert [Path(f).name for f in ing.skipped_files] == ["README.txt"]
    codes = sorted(d.code for d in diagnostics)
    assert codes == ["MF900", "MF901", "MF908", "MF913"]
    summary = next(d for d in diagnostics if d.code == "MF913").message
    assert "posts counted once: 2" in summary and "not_enrolled: 1" in summary


def test_results_do_not_depend_on_memory_or_threads(dataset):
    course, inputs, tmp_path = dataset
    roomy, _ = run_stats(course, inputs, tmp_path, "a.duckdb")
    tight, _ = run_stats(course, inputs, tmp_path, "b.duckdb", memory_limit="200MiB", threads=1)
    assert [r.summary for r in roomy.runs] == [r.summary for r in tight.runs]
    assert [r.items for r in roomy.runs] == [r.items for r in tight.runs]
    assert [r.weeks for r in roomy.runs] == [r.weeks for r in tight.runs]


def test_run_names_follow_the_olx_build(dataset):
    course = dataset[0]
    runs, problems = select_runs(course, [FR])
    assert [r.id for r in runs] == ["2027-spring"] and problems == []
    _runs, problems = select_runs(course, ["2031-winter"])
    assert [d.code for d in problems] == ["MF907"]


def test_stats_diagnostics_point_at_sources(dataset):
    course, inputs, tmp_path = dataset
    runs, _ = select_runs(course, ["2027-spring"])
    analyse(make_scopes([(course, runs[0])]), tmp_path / "lint.duckdb", inputs)
    found = stats_diagnostics(course, tmp_path / "lint.duckdb",
                              {"difficulty": 0.3, "stop_rate": 0.4, "video_completion": 0.5,
                               "min_learners": 5})
    got = sorted((d.code, d.item, str(d.loc)) for d in found)
    assert got == [("MF910", "quiz-start", str(course.item("quiz-start").loc)),
                   ("MF911", "quiz-start", str(course.item("quiz-start").loc)),
                   ("MF912", "vid-intro", str(course.item("vid-intro").loc))]
    assert stats_diagnostics(course, tmp_path / "lint.duckdb") == []  # default: 20 learners
    missing = stats_diagnostics(course, tmp_path / "nope.duckdb")
    assert [d.code for d in missing] == ["MF909"]


def test_stats_diagnostics_respect_suppressions(make_course, load_ok, dataset):
    course, inputs, tmp_path = dataset
    runs, _ = select_runs(course, ["2027-spring"])
    analyse(make_scopes([(course, runs[0])]), tmp_path / "lint.duckdb", inputs)
    files = dict(COURSE_FILES)
    files["weeks/01-bienvenue/week.yml"] = files["weeks/01-bienvenue/week.yml"].replace(
        "- quiz: quiz-start.yml",
        "- quiz: quiz-start.yml\n                lint: {ignore: {MF910: \"hard on purpose\"}}")
    suppressed = load_ok(make_course(files, name="suppressed"))
    found = stats_diagnostics(suppressed, tmp_path / "lint.duckdb",
                              {"difficulty": 0.3, "stop_rate": 0.4, "video_completion": 0.5,
                               "min_learners": 5})
    assert sorted(d.code for d in found) == ["MF911", "MF912"]


def test_stats_diagnostics_on_a_file_that_is_no_database(dataset):
    course, _inputs, tmp_path = dataset
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(b"not a database")
    found = stats_diagnostics(course, bogus)
    assert [d.code for d in found] == ["MF909"] and "not a stats database" in found[0].message
