"""Write each item's files into a language kit."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from moocforge.kinds import unhandled
from moocforge.media.transcripts import to_srt, to_vtt
from moocforge.model import (
    Codecast,
    Cue,
    Discussion,
    Exercise,
    External,
    Loc,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Video,
)
from moocforge.writers.coursera.codecast import write_codecast
from moocforge.writers.coursera.html import E, div, page, serialize, table
from moocforge.writers.coursera.jsontext import dump_json
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.peer import PeerExport, peer_page
from moocforge.writers.coursera.plan import Placed
from moocforge.writers.coursera.quiz import QuizExport, quiz_page
from moocforge.writers.coursera.raw import write_raw_olx
from moocforge.writers.coursera.strings import say

CODE_SUFFIX = {"c": ".c", "python": ".py"}


def write_item(kit: Kit, placed: Placed) -> None:
    match placed.item:
        case Reading() as reading:
            write_reading(kit, placed, reading)
        case Video() as video:
            write_video(kit, placed, video)
        case Quiz() as quiz:
            write_quiz(kit, placed, quiz)
        case Peer() as peer:
            write_peer(kit, placed, peer)
        case Discussion() as discussion:
            write_discussion(kit, placed, discussion)
        case Exercise() as exercise:
            write_exercise(kit, placed, exercise)
        case External() as external:
            write_external(kit, placed, external)
        case Codecast() as codecast:
            write_codecast(kit, placed, codecast)
        case RawOlx() as raw:
            write_raw_olx(kit, placed, raw)
        case other:
            unhandled(other, "the Coursera writer")


def _content_page(kit: Kit, placed: Placed, html_fragment: str, heading: bool) -> bytes:
    title = placed.item.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    if heading:
        body.append(E.H1(title))
    body.append(div(html_fragment))
    return serialize(document)


def write_reading(kit: Kit, placed: Placed, reading: Reading) -> None:
    lang = kit.lang if kit.lang in reading.files else reading.body.default_lang
    source = reading.files.get(lang) or next(iter(reading.files.values()))
    markdown = reading.body.get_lang(kit.lang)
    loc = Loc(source)
    fragment = kit.render(placed, markdown, source, loc, raw_html=True)
    has_h1 = markdown.lstrip().startswith("# ")
    kit.write_bytes(placed.path(".html"), _content_page(kit, placed, fragment, not has_h1),
                    reading.id)
    kit.write_text(placed.path(".md"), kit.rewrite_source(placed, markdown, source, loc),
                   reading.id)


def write_discussion(kit: Kit, placed: Placed, discussion: Discussion) -> None:
    markdown = discussion.prompt.get_lang(kit.lang)
    fragment = kit.render(placed, markdown, discussion.loc.file, discussion.loc)
    kit.write_bytes(placed.path(".html"), _content_page(kit, placed, fragment, True),
                    discussion.id)
    kit.write_text(placed.path(".md"), kit.rewrite_source(
        placed, markdown, discussion.loc.file, discussion.loc), discussion.id)


def write_quiz(kit: Kit, placed: Placed, quiz: Quiz) -> None:
    data = QuizExport(kit, placed, quiz).data()
    kit.write_text(placed.path(".json"), dump_json(data), quiz.id)
    kit.write_bytes(placed.path(".html"), quiz_page(data), quiz.id)


def write_peer(kit: Kit, placed: Placed, peer: Peer) -> None:
    data = PeerExport(kit, placed, peer).data()
    kit.write_text(placed.path(".json"), dump_json(data), peer.id)
    kit.write_bytes(placed.path(".html"), peer_page(data), peer.id)


# --------------------------------------------------------------------------- videos


@lru_cache(maxsize=4096)
def subtitles(cues: tuple[Cue, ...]) -> tuple[str, str]:
    """(SRT text, VTT text) of a transcript, converted once for every language kit."""
    return to_srt(cues), to_vtt(cues)


def write_video(kit: Kit, placed: Placed, video: Video) -> None:
    if video.file and kit.course.assets.exists(video.file):
        suffix = PurePosixPath(video.file).suffix.lower() or ".mp4"
        kit.copy(video.file, placed.path(suffix), video.id, shared=True)
    elif video.youtube_id or video.url:
        url = video.url or f"https://www.youtube.com/watch?v={video.youtube_id}"
        shortcut = f"[InternetShortcut]\r\nURL={url}\r\n"
        kit.write_text(placed.path(".url"), shortcut, video.id, shared=True)
    for lang, track in sorted(video.tracks.items()):
        if track.cues:
            srt, vtt = subtitles(track.cues)
            kit.write_text(placed.path(f".{lang}.srt"), srt, video.id, shared=True)
            kit.write_text(placed.path(f".{lang}.vtt"), vtt, video.id, shared=True)


# --------------------------------------------------------------------------- exercises


def _test_data(exercise: Exercise, kit: Kit, include_hidden: bool) -> dict[str, Any]:
    tests = [t for t in exercise.tests if include_hidden or not t.hidden]
    return {
        "id": exercise.id,
        "language": exercise.language,
        "compile_flags": list(exercise.compile_flags),
        "limits": {"time_s": exercise.limits.time_s, "memory_mb": exercise.limits.memory_mb,
                   "output_kb": exercise.limits.output_kb,
                   "processes": exercise.limits.processes},
        "checker": PurePosixPath(exercise.checker).name if exercise.checker else None,
        "tests": [{"name": t.name, "stdin": t.stdin, "args": list(t.args),
                   "expected_stdout": t.expected_stdout, "compare": t.compare,
                   "tolerance": t.tolerance, "exit_code": t.exit_code, "hidden": t.hidden,
                   "feedback": t.feedback.get_lang(kit.lang) if t.feedback else None}
                  for t in tests],
    }


def write_exercise(kit: Kit, placed: Placed, exercise: Exercise) -> None:
    suffix = CODE_SUFFIX.get(exercise.language, ".txt")
    base = f"{exercise.dir}/exercise.yml"
    loc = exercise.loc
    markdown = exercise.statement.get_lang(kit.lang)
    fragment = kit.render(placed, markdown, base, loc)
    public = _test_data(exercise, kit, include_hidden=False)
    kit.write_bytes(placed.path(".html"), _exercise_page(kit, placed, exercise, fragment,
                                                         public), exercise.id)
    kit.write_text(placed.path(".md"), kit.rewrite_source(placed, markdown, base, loc),
                   exercise.id)
    if exercise.starter:
        kit.write_text(placed.path(f".starter{suffix}"), exercise.starter, exercise.id,
                       shared=True)
    kit.write_text(placed.path(".tests.json"), dump_json(public), exercise.id)
    # Instructor-only files: not listed in the blueprint, which learners' staff may share.
    kit.write_text(placed.instructor_path(f".solution{suffix}"), exercise.solution,
                   shared=True)
    kit.write_text(placed.instructor_path(".tests-all.json"),
                   dump_json(_test_data(exercise, kit, include_hidden=True)))
    if exercise.checker and kit.course.assets.exists(exercise.checker):
        checker_suffix = PurePosixPath(exercise.checker).suffix
        kit.copy(exercise.checker, placed.instructor_path(f".checker{checker_suffix}"),
                 shared=True)


def _exercise_page(kit: Kit, placed: Placed, exercise: Exercise, statement: str,
                   tests: dict[str, Any]) -> bytes:
    title = exercise.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    body.append(E.H1(title))
    lang = kit.lang
    body.append(E.P(say(lang, "exercise_meta", language=exercise.language,
                        seconds=f"{exercise.limits.time_s:g}", mb=exercise.limits.memory_mb),
                    E.CLASS("meta")))
    body.append(div(statement))
    if exercise.starter:
        body.append(E.H2(say(lang, "starter_code")))
        body.append(E.PRE(E.CODE(exercise.starter)))
    if tests["tests"]:
        body.append(E.H2(say(lang, "examples")))
        body.append(table([say(lang, k) for k in ("test", "input", "arguments",
                                                  "expected_output")], [
            (t["name"], E.PRE(t["stdin"]), " ".join(t["args"]),
             E.PRE(t["expected_stdout"] or say(lang, "checked_by_program")))
            for t in tests["tests"]]))
    return serialize(document)


# --------------------------------------------------------------------------- external tools


def write_external(kit: Kit, placed: Placed, item: External) -> None:
    """A page for the course team: what to set up as a Coursera App item (or plugin)."""
    title = item.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    body.append(E.H1(title))
    if item.description:
        body.append(div(kit.render(placed, item.description.get_lang(kit.lang),
                                   item.loc.path, item.loc)))
    facts = [("Launch URL", item.url),
             ("LTI", item.lti or "none (web app)"),
             ("Opens in", item.launch),
             ("Graded", f"yes, {item.weight:g} point(s)" if item.graded else "no")]
    facts += [(f"Key: {name}", value) for name, value in sorted(item.keys.items())]
    facts += [(f"Custom parameter: {name}", value) for name, value in sorted(item.custom.items())]
    body.append(table(["Setting", "Value"], facts))
    kit.write_bytes(placed.path(".html"), serialize(document), item.id)
    kit.write_text(placed.path(".json"), dump_json({
        "id": item.id, "launch_url": item.url, "lti": item.lti, "launch": item.launch,
        "graded": item.graded, "weight": item.weight, "keys": dict(sorted(item.keys.items())),
        "custom": dict(sorted(item.custom.items()))}), item.id)
