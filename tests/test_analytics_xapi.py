"""xAPI statements (Open edX Aspects' shapes): DuckDB on files, ClickHouse SQL on chDB.

The statements follow the expected outputs of Open edX's event-routing-backends (actor
account name, verbs, course activity in contextActivities, video time / length
extensions, acrossx `evaluated` with `attempt-id`, multi-question group + child
statements, `navigated` with starting-position / ending-point), written here by hand.
The ClickHouse table is Aspects' raw one: `xapi.xapi_events_all (event_id UUID,
emission_time DateTime64(6), event String)`, a ReplacingMergeTree.

The cast (one platform run, 2027-spring-fr; grade from `earned` statements):
a1 video 1 to the end, quiz 1 on the 2nd try, week 2 video to 580 s, quiz 2 (a
multi-question problem), a forum post, earned 1.0 · a2 video 1 to 60 s, quiz 1, quiz 2
twice (0.5), earned 0.75 · a3 a browser `attempted` on quiz 1, `next unit` to the reading,
earned 0 · a4 quiz 1 (0), earned 0 · a5 an unknown block, unregisters · a6 earned 0.5 only ·
a7 week 2 only: video completed, quiz 2 (1.0), earned 0.5 · a8 video 1 to 40 s and quiz 1,
each statement sent twice, earned 0.5 · a9 video 1 to 95 s · a10 `previous unit` to the
reading, quiz 1, earned 0.5 · a11 registered only · a12 quiz 1, never registered.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from test_analytics_metrics import COURSE_FILES

from moocforge.analytics import ALL, Inputs, analyse, make_scopes
from moocforge.analytics.xapi import COURSE_TYPE, V

LMS = "https://lms.example"
KEY = "course-v1:MyOrg+MC101+2027-spring-fr"
COURSE_IRI = f"{LMS}/course/{KEY}"


def actor(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def xblock(kind: str, name: str, course: str = KEY) -> str:
    return f"{LMS}/xblock/block-v1:{course[len('course-v1:'):]}+type@{kind}+block@{name}"


def _course_parent(course_iri: str = COURSE_IRI) -> dict:
    return {"parent": [{"id": course_iri, "objectType": "Activity",
                        "definition": {"name": {"en-US": "Petit cours"}, "type": COURSE_TYPE}}]}


def statement(n: int, verb: str, obj: dict, time: str, result: dict | None = None,
              context: dict | None = None) -> dict:
    body = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{n}{verb}{obj['id']}{time}")),
            "actor": {"objectType": "Agent",
                      "account": {"homePage": LMS, "name": actor(n)}},
            "verb": {"id": V[verb], "display": {"en": verb}}, "object": obj,
            "timestamp": time, "version": "1.0.3",
            "context": context or {"contextActivities": _course_parent(), "extensions": {
                "https://w3id.org/xapi/openedx/extensions/session-id": "abc"}}}
    if result is not None:
        body["result"] = result
    return body


def enrolment(n: int, time: str, verb: str = "registered") -> dict:
    return statement(n, verb, {"id": COURSE_IRI, "objectType": "Activity", "definition": {
        "type": COURSE_TYPE, "name": {"en": "Petit cours"},
        "extensions": {"https://w3id.org/xapi/acrossx/extensions/type": "audit"}}}, time,
        context={"extensions": {}})


def course_result(n: int, verb: str, time: str, scaled: float | None = None) -> dict:
    result = {"score": {"scaled": scaled, "raw": scaled, "min": 0, "max": 1}} \
        if scaled is not None else None
    return statement(n, verb, {"id": COURSE_IRI, "objectType": "Activity",
                               "definition": {"type": COURSE_TYPE, "extensions": {}}},
                     time, result=result, context={"extensions": {}})


def video(n: int, verb: str, name: str, at: float, time: str, length: float,
          course: str = KEY) -> dict:
    context = {"contextActivities": _course_parent(f"{LMS}/course/{course}"),
               "extensions": {"https://w3id.org/xapi/video/extensions/length": length}}
    result = {"extensions": {"https://w3id.org/xapi/video/extensions/time": at}}
    if verb == "completed":
        result["completion"] = True
    return statement(n, verb, {"id": xblock("video", name, course), "objectType": "Activity",
                               "definition": {"type": "https://w3id.org/xapi/video/activity"
                                              "-type/video"}}, time, result, context)


def evaluated(n: int, name: str, attempt: int, raw: float, maximum: float, time: str) -> dict:
    return statement(n, "evaluated", {
        "id": xblock("problem", name), "objectType": "Activity", "definition": {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
            "extensions": {"http://id.tincanapi.com/extension/attempt-id": attempt}}},
        time, {"score": {"min": 0, "max": maximum, "raw": raw, "scaled": raw / maximum},
               "success": raw == maximum, "response": "[\"a\"]"})


def question(n: int, name: str, part: str, time: str) -> dict:
    """A per-question child statement of a multi-question problem."""
    parent = xblock("problem", name)
    return statement(n, "evaluated", {
        "id": f"{parent}_{part}", "objectType": "Activity", "definition": {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice"}}, time, {"response": "blue", "success": True},
        context={"statement": {"id": "x", "objectType": "StatementRef"},
                 "contextActivities": {
                     "parent": [{"objectType": "GroupActivity", "id": parent,
                                 "definition": {"type": "http://adlnet.gov/expapi/activities/"
                                                "cmi.interaction"}}],
                     "grouping": [{"id": COURSE_IRI, "objectType": "Activity",
                                   "definition": {"type": COURSE_TYPE}}]}})


def navigated(n: int, lesson: str, start: int, end: int | str, time: str) -> dict:
    context = {"contextActivities": _course_parent(), "extensions": {
        "http://id.tincanapi.com/extension/starting-position": start,
        "http://id.tincanapi.com/extension/ending-point": end}}
    return statement(n, "navigated", {
        "id": xblock("sequential", f"seq_{lesson}"), "objectType": "Activity",
        "definition": {"type": "http://id.tincanapi.com/activitytype/resource",
                       "extensions": {"https://w3id.org/xapi/acrossx/extensions/"
                                      "total-items": 3}}}, time, context=context)


def attempted(n: int, name: str, time: str) -> dict:
    body = statement(n, "evaluated", {"id": xblock("problem", name), "objectType": "Activity",
                                      "definition": {"interactionType": "other",
                                                     "type": "http://adlnet.gov/expapi/"
                                                     "activities/cmi.interaction"}}, time)
    body["verb"] = {"id": "http://adlnet.gov/expapi/verbs/attempted",
                    "display": {"en": "attempted"}}
    return body


def posted(n: int, time: str) -> dict:
    return statement(n, "posted", {"id": f"{LMS}/api/discussion/v1/threads/64abcdfe",
                                   "objectType": "Activity", "definition": {
                                       "type": "http://id.tincanapi.com/activitytype/"
                                       "discussion", "name": {"en": "Une question"}}}, time)


T = "2027-03-01T{}:00.000000+00:00"
U = "2027-03-08T{}:00.000000+00:00"
DUPLICATED = [video(8, "played", "vid-intro", 0, T.format("15:00"), 100),
              evaluated(8, "quiz-start", 1, 1, 1, T.format("15:05"))]
STATEMENTS = [
    *[enrolment(n, f"2027-02-{10 + n:02d}T09:00:00+00:00") for n in range(1, 12)],
    enrolment(5, "2027-03-02T09:00:00+00:00", "unregistered"),
    video(1, "played", "vid-intro", 0, T.format("10:01"), 100),
    video(1, "paused", "vid-intro", 100, T.format("10:03"), 100),
    video(1, "completed", "vid-intro", 100, T.format("10:04"), 100),
    evaluated(1, "quiz-start", 1, 0, 1, T.format("10:05")),
    evaluated(1, "quiz-start", 2, 1, 1, T.format("10:06")),
    video(1, "played", "x", 1, T.format("14:00"), 10, course="course-v1:Other+X1+2027"),
    navigated(1, "variables", 3, 1, U.format("10:00")),
    video(1, "played", "vid-vars", 0, U.format("10:01"), 600),
    video(1, "paused", "vid-vars", 580, U.format("10:11"), 600),
    evaluated(1, "quiz-vars", 1, 2, 2, U.format("10:20")),
    question(1, "quiz-vars", "2_1", U.format("10:20")),
    question(1, "quiz-vars", "3_1", U.format("10:20")),
    posted(1, U.format("10:30")),
    course_result(1, "earned", U.format("12:00"), 1.0),
    course_result(1, "passed", U.format("12:00")),
    video(2, "played", "vid-intro", 0, T.format("11:00"), 100),
    video(2, "paused", "vid-intro", 60, T.format("11:03"), 100),
    evaluated(2, "quiz-start", 1, 1, 1, T.format("11:05")),
    evaluated(2, "quiz-vars", 1, 1, 2, U.format("11:00")),
    evaluated(2, "quiz-vars", 2, 1, 2, U.format("11:05")),
    course_result(2, "earned", U.format("12:00"), 0.75),
    attempted(3, "quiz-start", T.format("12:05")),
    navigated(3, "debuts", 1, "next unit", T.format("12:00")),
    course_result(3, "earned", U.format("12:00"), 0.0),
    evaluated(4, "quiz-start", 1, 0, 1, U.format("09:00")),
    course_result(4, "earned", U.format("12:00"), 0.0),
    evaluated(5, "ghost", 1, 0, 1, T.format("13:00")),
    course_result(6, "earned", U.format("12:00"), 0.5),
    video(7, "completed", "vid-vars", 600, U.format("13:00"), 600),
    evaluated(7, "quiz-vars", 1, 2, 2, U.format("13:10")),
    course_result(7, "earned", U.format("13:20"), 0.5),
    *DUPLICATED, *DUPLICATED,
    video(8, "paused", "vid-intro", 40, T.format("15:01"), 100),
    course_result(8, "earned", U.format("12:00"), 0.5),
    video(9, "played", "vid-intro", 0, T.format("16:00"), 100),
    video(9, "paused", "vid-intro", 95, T.format("16:02"), 100),
    navigated(10, "debuts", 3, "previous unit", T.format("17:00")),
    evaluated(10, "quiz-start", 1, 1, 1, T.format("17:05")),
    course_result(10, "earned", U.format("12:00"), 0.5),
    evaluated(12, "quiz-start", 1, 1, 1, T.format("13:30")),
]


@pytest.fixture
def xapi_course(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in STATEMENTS) + "\n", "utf-8")
    return course, path, tmp_path


def duckdb_stats(course, path: Path, tmp_path: Path):
    scopes = make_scopes([(course, course.runs[0])])
    return analyse(scopes, tmp_path / "xapi.duckdb", Inputs(xapi=[path]))


def test_xapi_files_give_the_hand_computed_figures(xapi_course):
    course, path, tmp_path = xapi_course
    stats, diagnostics = duckdb_stats(course, path, tmp_path)
    run = stats.runs[0]
    s = run.summary[ALL]
    assert (s["enrolled"], s["enrolled_end"], s["started"], s["persistent"]) == (11, 10, 5, 3)
    assert (s["passed"], s["passed_persistent"]) == (6, 3)  # earned ≥ 0.5
    items = {r["item_id"]: r for r in run.items_of(ALL)}
    v = items["vid-intro"]
    assert (v["opened"], v["attempted"], v["plays"], v["completed"]) == (4, 4, 4, 2)
    assert (items["intro"]["opened"], items["intro"]["attempted"]) == (2, 0)
    q = items["quiz-start"]
    assert (q["opened"], q["attempted"], q["completed"]) == (6, 5, 4)
    assert q["difficulty"] == pytest.approx(0.4) and q["mean_attempts"] == pytest.approx(1.2)
    q2 = items["quiz-vars"]  # the per-question child statements are not submissions
    assert (q2["opened"], q2["attempted"], q2["completed"]) == (3, 3, 3)
    assert q2["difficulty"] == pytest.approx(1 / 6)
    assert q2["mean_attempts"] == pytest.approx(4 / 3)
    assert (items["vid-vars"]["opened"], items["vid-vars"]["completed"]) == (2, 2)
    assert items["forum-vars"]["opened"] == 0  # xAPI names the thread, not the block
    reasons = {(r["reason"], r["detail"]): (r["events"], r["learners"])
               for r in stats.ingest.ignored}
    assert reasons == {("other_course", "course-v1:Other+X1+2027"): (1, 0),
                       ("unknown_block", "ghost"): (1, 1), ("not_enrolled", ""): (1, 1)}
    assert stats.ingest.duplicates == 2
    assert "MF901" in [d.code for d in diagnostics]


chdb = pytest.importorskip("chdb", reason="chDB (embedded ClickHouse) is not installed")

ASPECTS_DDL = """CREATE TABLE xapi.xapi_events_all (
    event_id UUID NOT NULL, emission_time DateTime64(6) NOT NULL, event String NOT NULL
) ENGINE ReplacingMergeTree ORDER BY (emission_time, event_id)
PRIMARY KEY (emission_time, event_id)"""


def chdb_stats(course, statements: list[dict]):
    from chdb import session

    from moocforge.analytics import warehouse
    from moocforge.analytics.backend import ChdbBackend

    db = session.Session()
    try:
        db.query("CREATE DATABASE IF NOT EXISTS xapi")
        db.query(ASPECTS_DDL)
        rows = [json.dumps({"event_id": s["id"], "emission_time": s["timestamp"][:26],
                            "event": json.dumps(s)}) for s in statements]
        db.query("INSERT INTO xapi.xapi_events_all FORMAT JSONEachRow\n" + "\n".join(rows))
        return warehouse.analyse(make_scopes([(course, course.runs[0])]), ChdbBackend(db))
    finally:
        db.close()


def _rounded(rows):
    return [{k: round(v, 9) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def test_duckdb_and_clickhouse_agree(xapi_course):
    course, path, tmp_path = xapi_course
    duck, _ = duckdb_stats(course, path, tmp_path)
    house, diagnostics = chdb_stats(course, STATEMENTS)
    assert len(duck.runs) == len(house.runs) == 1
    d, h = duck.runs[0], house.runs[0]
    assert d.groups == h.groups
    assert d.summary == h.summary
    assert _rounded(d.items) == _rounded(h.items)
    assert _rounded(d.weeks) == _rounded(h.weeks)
    assert d.summary[ALL]["started"] == 5  # and both are the hand-computed figures
    left_out = {r["reason"] for r in house.ingest.ignored}
    assert {"unknown_block", "not_enrolled"} <= left_out  # other courses are never read
    assert "other_course" not in left_out
    assert "MF901" in [x.code for x in diagnostics]


class ChdbClient:
    """clickhouse-connect's client surface (command / query / insert) over chDB: the
    warehouse backend's own code path, run against a real ClickHouse engine in-process."""

    def __init__(self, db) -> None:
        self.db = db

    def command(self, sql: str):
        return self.db.query(sql)

    def query(self, sql: str):
        data = json.loads(str(self.db.query(sql, "JSONCompact")) or '{"meta": [], "data": []}')

        class Result:
            column_names = [m["name"] for m in data["meta"]]
            result_rows = data["data"]

        return Result()

    def insert(self, table: str, rows: list, column_names: list[str]) -> None:
        lines = [json.dumps(dict(zip(column_names, r, strict=True))) for r in rows]
        self.db.query(f"INSERT INTO {table} FORMAT JSONEachRow\n" + "\n".join(lines))


def test_warehouse_backend_runs_the_same_sql(xapi_course):
    from chdb import session

    from moocforge.analytics import warehouse
    from moocforge.analytics.backend import ClickHouseBackend

    course, _path, _ = xapi_course
    direct, _ = chdb_stats(course, STATEMENTS)
    db = session.Session()
    try:
        db.query("CREATE DATABASE IF NOT EXISTS xapi")
        db.query(ASPECTS_DDL)
        rows = [json.dumps({"event_id": s["id"], "emission_time": s["timestamp"][:26],
                            "event": json.dumps(s)}) for s in STATEMENTS]
        db.query("INSERT INTO xapi.xapi_events_all FORMAT JSONEachRow\n" + "\n".join(rows))
        through_client, _ = warehouse.analyse(make_scopes([(course, course.runs[0])]),
                                              ClickHouseBackend(ChdbClient(db)))
    finally:
        db.close()
    assert through_client.runs[0].summary == direct.runs[0].summary
    assert _rounded(through_client.runs[0].items) == _rounded(direct.runs[0].items)
