"""The loss report: what Coursera cannot express the way the course sources do.

Every loss is a warning Diagnostic pointing at the source, and a row in the kit's README.

- MF550 dropdown question, converted to multiple choice
- MF551 lessons: Coursera modules hold items directly (lesson titles stay in the blueprint)
- MF552 drop-lowest rule of an assignment type
- MF553 question hints (Coursera quizzes show feedback, not hints)
- MF554 max attempts: Coursera limits attempts per time window, not in total
- MF555 peer-assessment step other than peer review (training, self, staff)
- MF556 video without a file to upload (YouTube, hosted URL, or local file absent)
- MF557 absolute dates (item due/release, week release, peer dates)
- MF558 course pass threshold on a weighted average
- MF559 graded video or reading (Coursera cannot grade them)
- MF560 programming exercise: the grader must be built on Coursera
- MF561 show-answer policy
- MF562 external tool: an App item (LTI) to configure by hand, or a web app without LTI
- MF563 codecast: a reading with its steps, audio and code (no in-page editor)
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic
from moocforge.kinds import unhandled
from moocforge.model import (
    Codecast,
    Course,
    Discussion,
    Exercise,
    External,
    Item,
    Loc,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Video,
)

RULE = "coursera-loss"


def _loss(code: str, message: str, loc: Loc, hint: str = "", item: str = "") -> Diagnostic:
    return Diagnostic(code, "warning", message, loc, hint, rule=RULE, item=item)


def loss_report(course: Course) -> list[Diagnostic]:
    losses = list(_course_losses(course))
    for item in course.items:
        losses.extend(_item_losses(course, item))
    return losses


def _course_losses(course: Course) -> Iterator[Diagnostic]:
    multi = [w for w in course.weeks if len(w.lessons) > 1]
    if multi:
        lessons = sum(len(w.lessons) for w in multi)
        yield _loss("MF551", f"{lessons} lessons in {len(multi)} week(s): Coursera modules hold "
                    "items directly, so lessons are flattened", multi[0].loc,
                    "lesson titles are kept in the blueprint's Lesson column; turn them into "
                    "reading or video titles if learners need them")
    for kind in course.grading.types:
        if kind.drop:
            yield _loss("MF552", f"assignment type '{kind.type}' drops the {kind.drop} lowest "
                        "score(s); Coursera has no drop-lowest rule", kind.loc,
                        "the blueprint splits the type weight over all its items")
    if course.grading.types:
        yield _loss("MF558", f"pass threshold {course.grading.pass_threshold:.0%} of the "
                    "weighted grade: on Coursera a learner passes by passing every graded "
                    "item", course.grading.loc,
                    "set each graded item's passing threshold in the course builder; the "
                    "README gives the value to enter")
    for week in course.weeks:
        if week.release:
            yield _loss("MF557", f"week '{week.id}' has an absolute release date "
                        f"({week.release}); Coursera sessions schedule modules by week",
                        week.loc, "set the session schedule in Coursera")


def _item_losses(course: Course, item: Item) -> Iterator[Diagnostic]:
    if item.due or item.release:
        yield _loss("MF557", f"'{item.id}' has absolute dates (due {item.due or '—'}, release "
                    f"{item.release or '—'}); Coursera deadlines follow the session schedule",
                    item.loc, "deadlines are set per module in Coursera's schedule",
                    item.id)
    if item.graded and item.kind in ("video", "reading"):
        yield _loss("MF559", f"graded {item.kind} '{item.id}': Coursera cannot grade a "
                    f"{item.kind}; it will be ungraded", item.loc,
                    "grade it through a quiz that follows it", item.id)
    match item:
        case Quiz():
            yield from _quiz_losses(item)
        case Peer():
            yield from _peer_losses(item)
        case Video():
            yield from _video_losses(course, item)
        case Exercise():
            yield _loss("MF560", f"programming exercise '{item.id}': Coursera runs programming "
                        "assignments with a custom grader that the kit cannot create",
                        item.loc, "the kit holds the statement, starter code and tests "
                        "(JSON); build the grader from instructor/ or use a quiz", item.id)
        case External():
            yield from _external_losses(item)
        case Codecast():
            yield _loss("MF563", f"codecast '{item.id}' becomes a reading (its steps, the "
                        "narration audio and the final code to download): Coursera cannot "
                        "play it in an editor where learners pause, edit and run the code",
                        item.loc, "link the course's preview site or LMS version if learners "
                        "should run it", item.id)
        case RawOlx():
            yield _loss("MF564", f"'{item.id}' is an Open edX {item.block_type} block kept as "
                        "OLX: Coursera has no equivalent, the kit holds its XML for the team",
                        item.loc, "rebuild it as a Coursera item (a quiz, an ungraded plugin), "
                        "or leave it out of the Coursera course", item.id)
        case Reading() | Discussion():
            pass
        case _:
            unhandled(item, "the Coursera loss report")


def _external_losses(item: External) -> Iterator[Diagnostic]:
    if item.lti is None:
        yield _loss("MF562", f"external '{item.id}' is a web app without LTI: Coursera embeds "
                    "web apps only as an Ungraded Plugin built with its plugin kit", item.loc,
                    "the kit's page links to the app; declare `lti:` if the tool supports it",
                    item.id)
        return
    keys = ", ".join(f"{k}: {v}" for k, v in sorted(item.keys.items()))
    yield _loss("MF562", f"external '{item.id}' becomes an App item (LTI {item.lti}) whose "
                f"connection is set up by hand on Coursera ({keys or 'no keys'}); Open edX "
                "passport and configuration ids do not carry over", item.loc,
                "create the App item with the tool's consumer key and secret (1.1) or its "
                "registration (1.3); the kit's page lists the launch URL and custom "
                "parameters", item.id)


def _quiz_losses(quiz: Quiz) -> Iterator[Diagnostic]:
    for question in quiz.questions:
        if question.kind == "dropdown":
            yield _loss("MF550", f"dropdown question '{question.id}' of '{quiz.id}' becomes a "
                        "multiple-choice question (Coursera has no dropdown)", question.loc,
                        "use `kind: single` to silence this", quiz.id)
        if question.hints:
            yield _loss("MF553", f"question '{question.id}' of '{quiz.id}' has "
                        f"{len(question.hints)} hint(s); Coursera quizzes cannot show hints",
                        question.loc, "move the hint into the wrong-answer feedback", quiz.id)
    if quiz.max_attempts is not None:
        yield _loss("MF554", f"'{quiz.id}' allows {quiz.max_attempts} attempt(s) in total; "
                    "Coursera limits attempts per time window (e.g. 3 every 8 hours)",
                    quiz.loc, "set the attempt limit in the quiz settings", quiz.id)
    if quiz.showanswer not in ("always", "answered", "attempted", "finished"):
        yield _loss("MF561", f"'{quiz.id}' shows answers '{quiz.showanswer}'; Coursera shows "
                    "feedback after each submission", quiz.loc,
                    "hide feedback in the quiz settings if answers must stay secret",
                    quiz.id)


def _peer_losses(peer: Peer) -> Iterator[Diagnostic]:
    for step in peer.steps:
        if step.kind != "peer":
            yield _loss("MF555", f"'{peer.id}': the {step.kind} step has no Coursera "
                        "equivalent (Coursera peer reviews have peer grading only)", step.loc,
                        "drop the step, or grade it by staff outside the peer review",
                        peer.id)
    if peer.submission_start or peer.submission_due:
        yield _loss("MF557", f"'{peer.id}' has absolute submission dates; Coursera deadlines "
                    "follow the session schedule", peer.loc, "", peer.id)


def _video_losses(course: Course, video: Video) -> Iterator[Diagnostic]:
    if video.youtube_id or video.url:
        where = f"YouTube ({video.youtube_id})" if video.youtube_id else video.url
        yield _loss("MF556", f"video '{video.id}' is hosted on {where}; Coursera needs the "
                    "video file uploaded", video.loc,
                    "the kit holds a .url shortcut: download the master and upload it",
                    video.id)
    elif video.file is None or not course.assets.exists(video.file):
        yield _loss("MF556", f"video file '{video.file}' is not here (known from media.lock "
                    "only), so the kit has no video to upload", video.loc,
                    "build where the media files are", video.id)
