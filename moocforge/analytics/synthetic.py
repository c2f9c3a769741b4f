"""Realistic synthetic Open edX data for a course: tracking logs and grade reports.

Driven by the course model, deterministic for a seed. Each learner enrolls (most by
themselves; some through a staff member's batch enrollment, whose event names the learner in
`event.user_id` and the staff member in `username`; some by a background task with an
empty username; a few unenroll later), works through
the items in course order and stops at some point: a per-learner stop hazard drawn from a
wide (log-normal) distribution plus an extra hazard at each week boundary gives the steep
then flattening attrition curve MOOCs show. Videos get play/pause/stop events with
`currentTime`; quizzes and exercises get a browser `problem_check` (answers as a query
string) then the server `problem_check` with attempts, grade and max_grade; peer items an
ORA submission; discussions a forum post naming its block by `event.commentable_id` (no
`context.module`, as on the platform); moving on inside a lesson is a `next_selected` with
only `current_tab`; a video watched to the end ends with `complete_video`. Browser events
carry `event` as a JSON *string*, server events as an object, as the platform writes them.
A few malformed lines, exact duplicate lines, anonymous events, a staff member's activity,
events of another course and events on a block the course does not have are mixed in, so
every ingestion path is exercised. Lines are built from templates (not `json.dumps` per
event) to stay fast enough for the ten-million-event benchmark.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from moocforge.ids import block_type, course_key, run_name, sequential_id, usage_key
from moocforge.model import Course, Item, Quiz, Video

DEFAULT_VIDEO_SECONDS = 300.0
MALFORMED_EVERY = 4000  # about one malformed line per this many events
WEEK_BOUNDARY_HAZARD = 0.12
NEVER_START = 0.45  # share of enrolled learners who never open anything (typical MOOC)
BY_STAFF = 0.05  # enrolled by a staff member (batch enrollment)
BY_TASK = 0.03  # enrolled by a background task (empty username)
UNENROLL = 0.05  # unenroll after a while
DUPLICATE_EVERY = 2000  # about one line written twice per this many events
STAFF_USER, STAFF_ID = "prof_staff", 99


@dataclass
class SynthResult:
    log_dir: Path
    grade_report: Path
    problem_grade_report: Path
    learners: int
    events: int = 0
    malformed: int = 0
    duplicates: int = 0
    counted_duplicates: int = 0  # of them, copies of a play, a submission or a post
    files: list[Path] = field(default_factory=list)


@dataclass
class _Ctx:
    course: Course
    run: str
    rng: random.Random
    start: datetime
    key: str
    item_difficulty: dict[str, float]
    video_pull: dict[str, float]
    seq_of: dict[str, tuple[str, int, int]]  # item id -> (seq usage key, tab, tab count)
    platform_run: str = ""


def _run_start(course: Course, run: str) -> datetime:
    match = next((r for r in course.runs if r.id == run), None)
    start = match.start if match else None
    if isinstance(getattr(start, "at", None), datetime):  # a resolved moment
        return start.at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    text = start or "2027-01-04"
    try:
        day = datetime.fromisoformat(str(text)[:10])
    except ValueError:
        day = datetime(2027, 1, 4)
    return day.replace(tzinfo=UTC)


def _item_key(ctx: _Ctx, item: Item) -> str:
    c = ctx.course
    return usage_key(c.org, c.number, ctx.platform_run, block_type(item),
                     item.url_name)


class _Days:
    """One log file per day, opened on first use (gzip with a fixed mtime when asked)."""

    def __init__(self, folder: Path, prefix: str, gzip_logs: bool) -> None:
        self.folder, self.prefix, self.gzip_logs = folder, prefix, gzip_logs
        self.handles: dict[str, TextIO] = {}
        self.paths: list[Path] = []

    def file(self, day: str) -> TextIO:
        handle = self.handles.get(day)
        if handle is None:
            suffix = ".log.gz" if self.gzip_logs else ".log"
            path = self.folder / f"{self.prefix}-events-{day}{suffix}"
            raw = path.open("wb")
            if self.gzip_logs:
                handle = io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                        mtime=0, compresslevel=3),
                                          encoding="utf-8", newline="\n")
            else:
                handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            self.handles[day] = handle
            self.paths.append(path)
        return handle

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def _browser(ctx: _Ctx, user: str, uid: int, when: datetime, name: str, payload: str,
             legacy: str | None = None) -> str:
    """A browser event: `event` holds the payload as a JSON-encoded string."""
    inner = payload.replace("\\", "\\\\").replace('"', '\\"')
    names = f'"name":"{name}","event_type":"{legacy or name}"'
    return (f'{{"username":"{user}",{names},"event_source":"browser",'
            f'"time":"{when.isoformat()}","event":"{inner}","page":null,'
            f'"context":{{"course_id":"{ctx.key}","org_id":"{ctx.course.org}",'
            f'"user_id":{uid},"path":"/event"}}}}')


def _server(ctx: _Ctx, user: str, uid: int, when: datetime, name: str, payload: str,
            module: str | None = None) -> str:
    """A server event: `event` is an object."""
    mod = f',"module":{{"usage_key":"{module}"}}' if module else ""
    return (f'{{"username":"{user}","event_type":"{name}","event_source":"server",'
            f'"time":"{when.isoformat()}","event":{payload},'
            f'"context":{{"course_id":"{ctx.key}","org_id":"{ctx.course.org}",'
            f'"user_id":{uid},"path":"/courses/{ctx.key}/xblock"{mod}}}}}')


def _video_events(ctx: _Ctx, user: str, uid: int, when: datetime, item: Video
                  ) -> Iterator[tuple[datetime, str]]:
    rng, vid = ctx.rng, item.url_name
    duration = item.duration or DEFAULT_VIDEO_SECONDS
    yield when, _browser(ctx, user, uid, when, "load_video", f'{{"id":"{vid}","code":"html5"}}')
    yield when, _browser(ctx, user, uid, when, "play_video",
                         f'{{"id":"{vid}","currentTime":0,"code":"html5",'
                         f'"duration":{duration:.1f}}}')
    finish = rng.random() < ctx.video_pull[item.id]
    end = duration if finish else duration * rng.uniform(0.03, 0.9)
    if rng.random() < 0.3:  # a pause and resume half-way through what is watched
        mid = end / 2
        t = when + timedelta(seconds=mid)
        yield t, _browser(ctx, user, uid, t, "pause_video",
                          f'{{"id":"{vid}","currentTime":{mid:.3f},"code":"html5"}}')
        yield t, _browser(ctx, user, uid, t, "play_video",
                          f'{{"id":"{vid}","currentTime":{mid:.3f},"code":"html5"}}')
    t = when + timedelta(seconds=end)
    name = "stop_video" if finish else "pause_video"
    yield t, _browser(ctx, user, uid, t, name,
                      f'{{"id":"{vid}","currentTime":{end:.3f},"code":"html5"}}')
    if finish:
        yield t, _browser(ctx, user, uid, t, "complete_video",
                          f'{{"id":"{vid}","duration":{duration:.1f},"code":"html5"}}')


def _problem_events(ctx: _Ctx, user: str, uid: int, when: datetime, item: Item,
                    ability: float) -> Iterator[tuple[datetime, str] | float]:
    """Submissions until full marks, no attempt left, or giving up; yields the last score."""
    rng = ctx.rng
    questions = len(item.questions) if isinstance(item, Quiz) else 1
    max_attempts = (item.max_attempts if isinstance(item, Quiz) else None) or 3
    key = _item_key(ctx, item)
    url = item.url_name
    fraction = 0.0
    for attempt in range(1, max_attempts + 1):
        p = 1 / (1 + math.exp(-(1.0 + ability - ctx.item_difficulty[item.id]
                                + 0.8 * (attempt - 1))))
        grade = sum(rng.random() < p for _ in range(questions))
        when = when + timedelta(seconds=rng.randint(30, 600))
        answers = "&".join(f"input_{url}_{q + 2}_1=choice_{rng.randint(0, 2)}"
                           for q in range(questions))
        yield when, _browser(ctx, user, uid, when, "problem_check", answers)
        success = "correct" if grade == questions else "incorrect"
        payload = (f'{{"problem_id":"{key}","attempts":{attempt},"grade":{grade},'
                   f'"max_grade":{questions},"success":"{success}","answers":{{}},'
                   f'"correct_map":{{}},"submission":{{}}}}')
        yield when, _server(ctx, user, uid, when, "problem_check", payload, key)
        fraction = grade / questions
        if grade == questions or rng.random() < 0.35:
            break
    yield fraction


def _item_events(ctx: _Ctx, user: str, uid: int, when: datetime, item: Item,
                 ability: float, scores: dict[str, float]) -> Iterator[tuple[datetime, str]]:
    seq, tab, count = ctx.seq_of[item.id]
    if tab > 1 and ctx.rng.random() < 0.6:  # "next" from the previous unit: current_tab only
        yield when, _browser(ctx, user, uid, when, "edx.ui.lms.sequence.next_selected",
                             f'{{"id":"{seq}","current_tab":{tab - 1},"tab_count":{count},'
                             f'"widget_placement":"bottom"}}', legacy="seq_next")
    else:
        yield when, _browser(ctx, user, uid, when, "edx.ui.lms.sequence.tab_selected",
                             f'{{"id":"{seq}","current_tab":1,"target_tab":{tab},'
                             f'"tab_count":{count},"widget_placement":"top"}}',
                             legacy="seq_goto")
    if isinstance(item, Video):
        yield from _video_events(ctx, user, uid, when, item)
    elif item.kind in ("quiz", "exercise"):
        for produced in _problem_events(ctx, user, uid, when, item, ability):
            if isinstance(produced, float):
                scores[item.id] = produced
            else:
                yield produced
    elif item.kind == "peer" and ctx.rng.random() < 0.8:
        key = _item_key(ctx, item)
        yield when, _server(ctx, user, uid, when, "openassessmentblock.create_submission",
                            '{"answer":{"parts":[{"text":"..."}]}}', key)
        scores[item.id] = ctx.rng.uniform(0.4, 1.0)
    elif item.kind == "discussion" and ctx.rng.random() < 0.3:
        yield when, _server(ctx, user, uid, when, "edx.forum.thread.created",
                            f'{{"commentable_id":"{item.url_name}","thread_type":"discussion",'
                            f'"title":"Hello","body":"...","anonymous":false,'
                            f'"user_forums_roles":["Student"],"user_course_roles":[]}}')


def _learner(ctx: _Ctx, n: int) -> tuple[str, list[tuple[datetime, str]], dict[str, float]]:
    rng = ctx.rng
    user, uid = f"learner{n:07d}", 100000 + n
    enrolled = ctx.start + timedelta(days=rng.uniform(-10, 14))
    who = rng.random()
    actor, actor_id = ((STAFF_USER, STAFF_ID) if who < BY_STAFF
                       else ("", uid) if who < BY_STAFF + BY_TASK else (user, uid))
    payload = f'{{"course_id":"{ctx.key}","user_id":{uid},"mode":"audit"}}'
    events = [(enrolled, _server(ctx, actor, actor_id, enrolled,
                                 "edx.course.enrollment.activated", payload))]
    if rng.random() < UNENROLL:
        left = enrolled + timedelta(days=rng.uniform(1, 30))
        events.append((left, _server(ctx, user, uid, left, "edx.course.enrollment.deactivated",
                                     payload)))
    scores: dict[str, float] = {}
    if rng.random() < NEVER_START:
        return user, events, scores
    hazard = min(0.5, math.exp(rng.gauss(-3.6, 1.1)))
    ability = rng.gauss(0.0, 1.0)
    when = max(enrolled, ctx.start) + timedelta(hours=rng.uniform(1, 48))
    for week in ctx.course.weeks:
        week_start = ctx.start + timedelta(days=7 * (week.number - 1))
        if week.number > 1:
            if rng.random() < WEEK_BOUNDARY_HAZARD:
                break
            when = max(when, week_start) + timedelta(hours=rng.uniform(0, 72))
        for item in week.items:
            when += timedelta(minutes=rng.uniform(2, 25))
            events.extend(_item_events(ctx, user, uid, when, item, ability, scores))
            if rng.random() < hazard:
                return user, events, scores
    return user, events, scores


def _grade(course: Course, scores: dict[str, float]) -> float:
    """The final grade by the course's grading policy (missing scores count 0)."""
    total = 0.0
    for kind in course.grading.types:
        marks = sorted(scores.get(i.id, 0.0) for i in course.items
                       if i.graded and (i.assignment_type or course.grading.types[0].type)
                       == kind.type)
        if not marks:
            continue
        kept = marks[min(kind.drop, len(marks) - 1):]
        total += kind.weight * sum(kept) / len(kept)
    return round(total, 2)


def _graded_problems(course: Course) -> list[tuple[Item, str]]:
    """(item, column head `"{type} {n}: {subsection} - {problem}"`) per graded item."""
    heads, numbers = [], {}
    for _week, lesson, item in course.walk():
        if not item.graded:
            continue
        kind = item.assignment_type or course.grading.types[0].type
        numbers[kind] = numbers.get(kind, 0) + 1
        heads.append((item, f"{kind} {numbers[kind]:02d}: {lesson.title.default} - "
                            f"{item.title.default}"))
    return heads


def _graded_lessons(course: Course) -> list[tuple[str, list[Item]]]:
    """The grade report's per-subsection columns: `"{type} {n}: {subsection}"`."""
    heads, numbers = [], {}
    for week in course.weeks:
        for lesson in week.lessons:
            graded = [i for i in lesson.items if i.graded]
            if not graded:
                continue
            kind = graded[0].assignment_type or course.grading.types[0].type
            numbers[kind] = numbers.get(kind, 0) + 1
            heads.append((f"{kind} {numbers[kind]:02d}: {lesson.title.default}", graded))
    return heads


def generate(course: Course, out_dir: Path, learners: int = 1000, seed: int = 0,
             run: str | None = None, gzip_logs: bool = False, first_learner: int = 0,
             noise: bool = True) -> SynthResult:
    """Write `logs/…-events-<day>.log[.gz]`, `<org>_<number>_<platform run>_grade_report.csv`
    and `problem_grade_report.csv`; learners are in the course's first language's run."""
    run = run or (course.runs[0].id if course.runs else "run")
    run_model = next((r for r in course.runs if r.id == run), None)
    platform_run = run_name(course, run_model, course.default_lang) if run_model else run
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    log_dir = out_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    ctx = _Ctx(course=course, run=run, rng=rng, start=_run_start(course, run),
               key=course_key(course.org, course.number, platform_run),
               item_difficulty={i.id: rng.gauss(0.0, 1.0) for i in course.items},
               video_pull={i.id: rng.uniform(0.25, 0.9) for i in course.items},
               seq_of={}, platform_run=platform_run)
    for _week, lesson, item in course.walk():
        tab = lesson.items.index(item) + 1
        ctx.seq_of[item.id] = (usage_key(course.org, course.number, platform_run, "sequential",
                                         sequential_id(lesson)), tab, len(lesson.items))
    report_name = f"{course.org}_{course.number}_{platform_run}_grade_report.csv"
    result = SynthResult(log_dir=log_dir, grade_report=out_dir / report_name,
                         problem_grade_report=out_dir / "problem_grade_report.csv",
                         learners=learners)
    days = _Days(log_dir, f"{course.org}-edx".replace("/", "_"), gzip_logs)
    problems, lessons = _graded_problems(course), _graded_lessons(course)
    kinds = sorted({head.split(" ")[0] for head, _ in lessons})
    with result.grade_report.open("w", newline="", encoding="utf-8") as grades_file, \
            result.problem_grade_report.open("w", newline="", encoding="utf-8") as pg_file:
        grades_csv, pg_csv = csv.writer(grades_file), csv.writer(pg_file)
        grades_csv.writerow(["Student ID", "Email", "Username", "Grade",
                             *[head for head, _ in lessons], *[f"{k} (Avg)" for k in kinds],
                             "Cohort Name", "Enrollment Track", "Verification Status",
                             "Certificate Eligible", "Certificate Delivered",
                             "Certificate Type", "Enrollment Status"])
        pg_csv.writerow(["Student ID", "Email", "Username", "Enrollment Status", "Grade",
                         *[f"{head} ({kind})" for _, head in problems
                           for kind in ("Earned", "Possible")]])
        for n in range(first_learner, first_learner + learners):
            user, events, scores = _learner(ctx, n)
            for when, line in events:
                out = days.file(when.date().isoformat())
                out.write(line)
                out.write("\n")
                result.events += 1
                if noise and rng.random() < 1 / MALFORMED_EVERY:
                    out.write(line[: len(line) // 2] + "\n")  # a truncated write
                    result.malformed += 1
                if noise and rng.random() < 1 / DUPLICATE_EVERY:
                    out.write(line + "\n")  # the same line twice (overlapping shippers)
                    result.duplicates += 1
                    result.counted_duplicates += _counted(line)
            grade = _grade(course, scores)
            uid = 100000 + n
            status = "unenrolled" if any("deactivated" in line for _, line in events) \
                else "enrolled"
            passed = grade >= course.grading.pass_threshold
            delivered = "Y" if passed and rng.random() < 0.7 else "N"  # some never verify
            grades_csv.writerow([
                uid, f"{user}@example.org", user, f"{grade:.2f}",
                *[_cell(_mean([scores.get(i.id) for i in items])) for _, items in lessons],
                *["" for _ in kinds], "", "audit", "N/A", "Y" if passed else "N", delivered,
                "honor" if delivered == "Y" else "N/A", status])
            pg_csv.writerow([uid, f"{user}@example.org", user, status, f"{grade:.2f}",
                             *[cell for i, _ in problems for cell in _earned(i, scores)]])
        if noise:
            _write_noise(ctx, days, result)
    days.close()
    result.files = sorted(days.paths)
    return result


def _counted(line: str) -> bool:
    """Is this a line whose copies change a count (a play, a submission, a post)?"""
    return ('"name":"play_video"' in line or '"max_grade"' in line
            or "create_submission" in line or 'thread.created' in line)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(values) if known else None


def _cell(score: float | None) -> str:
    return "Not Attempted" if score is None else f"{score:.2f}"


def _earned(item: Item, scores: dict[str, float]) -> tuple[str, str]:
    possible = len(item.questions) if isinstance(item, Quiz) else 1
    if item.id not in scores:
        return "Not Attempted", f"{possible}"
    return f"{scores[item.id] * possible:g}", f"{possible}"


def _write_noise(ctx: _Ctx, days: _Days, result: SynthResult) -> None:
    """Anonymous page views, another course's events, a block the course lacks, a staff
    member trying a quiz and posting as an instructor."""
    when = ctx.start + timedelta(hours=3)
    out = days.file(when.date().isoformat())
    c = ctx.course
    retired = usage_key(c.org, c.number, ctx.platform_run, "problem", "retired_problem")
    other = course_key(c.org, "OTHER101", ctx.platform_run)
    quiz = next((i for i in c.items if i.kind == "quiz"), None)
    forum = next((i for i in c.items if i.kind == "discussion"), None)
    lines = [
        _browser(ctx, "", 0, when, "page_close", "{}").replace('"user_id":0', '"user_id":null'),
        _server(ctx, "learner0000000", 100000, when, "problem_check",
                f'{{"problem_id":"{retired}","attempts":1,"grade":0,"max_grade":1}}', retired),
        _browser(ctx, "learner0000001", 100001, when, "play_video",
                 '{"id":"x","currentTime":1}').replace(ctx.key, other),
        _server(ctx, STAFF_USER, STAFF_ID, when, "edx.course.enrollment.activated",
                f'{{"course_id":"{ctx.key}","user_id":{STAFF_ID},"mode":"honor"}}'),
    ]
    if quiz is not None:
        key = _item_key(ctx, quiz)
        lines.append(_server(ctx, STAFF_USER, STAFF_ID, when, "problem_check",
                             f'{{"problem_id":"{key}","attempts":1,"grade":1,"max_grade":1}}',
                             key))
    if forum is not None:
        lines.append(_server(ctx, STAFF_USER, STAFF_ID, when, "edx.forum.thread.created",
                             f'{{"commentable_id":"{forum.url_name}","title":"Welcome",'
                             f'"user_forums_roles":["Administrator"],'
                             f'"user_course_roles":["instructor"]}}'))
    lines.append('{"username": "learner0000002", "event_type": "play_video", "event": '
                 '"{\\"id\\": "')
    for line in lines:
        out.write(line + "\n")
    result.events += len(lines) - 1
    result.malformed += 1
