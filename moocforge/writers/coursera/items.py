"""Write each item's files into a language kit."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from moocforge.diagnostics import Diagnostic
from moocforge.model import Discussion, Exercise, Loc, Peer, Quiz, Reading, Video
from moocforge.writers.coursera.html import E, div, page, serialize, table
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.peer import PeerExport, peer_page
from moocforge.writers.coursera.plan import Placed
from moocforge.writers.coursera.quiz import QuizExport, quiz_page

CODE_SUFFIX = {"c": ".c", "python": ".py"}


def dump_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_item(kit: Kit, placed: Placed, subtitles: SubtitleCache) -> None:
    item = placed.item
    if isinstance(item, Reading):
        write_reading(kit, placed, item)
    elif isinstance(item, Video):
        write_video(kit, placed, item, subtitles)
    elif isinstance(item, Quiz):
        write_quiz(kit, placed, item)
    elif isinstance(item, Peer):
        write_peer(kit, placed, item)
    elif isinstance(item, Discussion):
        write_discussion(kit, placed, item)
    elif isinstance(item, Exercise):
        write_exercise(kit, placed, item)


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


class SubtitleCache:
    """Parses each transcript once (strictly) for all language kits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[str, str] | None] = {}
        self.problems: list[Diagnostic] = []

    def get(self, rel: str, loc: Loc, item_id: str) -> tuple[str, str] | None:
        """(SRT text, VTT text), or None when the file does not parse strictly."""
        if rel not in self._cache:
            self._cache[rel] = self._convert(rel, loc, item_id)
        return self._cache[rel]

    def _convert(self, rel: str, loc: Loc, item_id: str) -> tuple[str, str] | None:
        try:
            from moocforge.media.transcripts import load_transcript, to_srt, to_vtt
        except ImportError:  # pragma: no cover - the media package ships with moocforge
            self.problems.append(Diagnostic(
                "MF573", "error", "cannot convert subtitles: moocforge.media.transcripts "
                "is not installed", loc, rule="coursera-kit", item=item_id))
            return None
        transcript = load_transcript(self.root / rel, rel)
        errors = [p for p in transcript.problems if p.severity == "error"]
        if errors:
            first = errors[0]
            self.problems.append(Diagnostic(
                "MF570", "error", f"transcript '{rel}' is not valid ({len(errors)} error(s); "
                f"first: {first.code} {first.message} at line {first.loc.line})", loc,
                first.hint or "fix the transcript; `moocforge media check` lists every "
                "problem", rule="coursera-kit", item=item_id))
            return None
        return to_srt(transcript.cues), to_vtt(transcript.cues)


def write_video(kit: Kit, placed: Placed, video: Video, subtitles: SubtitleCache) -> None:
    if video.path is not None and video.path.is_file():
        suffix = PurePosixPath(video.file or video.path.name).suffix.lower() or ".mp4"
        kit.copy(video.path, placed.path(suffix), video.id)
    elif video.youtube_id or video.url:
        url = video.url or f"https://www.youtube.com/watch?v={video.youtube_id}"
        shortcut = f"[InternetShortcut]\r\nURL={url}\r\n"
        kit.write_text(placed.path(".url"), shortcut, video.id)
    for lang in sorted(video.transcripts):
        rel = video.transcripts[lang]
        converted = subtitles.get(rel, video.loc, video.id)
        if converted is not None:
            srt, vtt = converted
            kit.write_text(placed.path(f".{lang}.srt"), srt, video.id)
            kit.write_text(placed.path(f".{lang}.vtt"), vtt, video.id)


# --------------------------------------------------------------------------- exercises


def _test_data(exercise: Exercise, kit: Kit, include_hidden: bool) -> dict:
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
        kit.write_text(placed.path(f".starter{suffix}"), exercise.starter, exercise.id)
    kit.write_text(placed.path(".tests.json"), dump_json(public), exercise.id)
    # Instructor-only files: not listed in the blueprint, which learners' staff may share.
    kit.write_text(placed.instructor_path(f".solution{suffix}"), exercise.solution)
    kit.write_text(placed.instructor_path(".tests-all.json"),
                   dump_json(_test_data(exercise, kit, include_hidden=True)))
    if exercise.checker and (kit.course.root / exercise.checker).is_file():
        checker_suffix = PurePosixPath(exercise.checker).suffix
        kit.copy(kit.course.root / exercise.checker,
                 placed.instructor_path(f".checker{checker_suffix}"))


def _exercise_page(kit: Kit, placed: Placed, exercise: Exercise, statement: str,
                   tests: dict) -> bytes:
    title = exercise.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    body.append(E.H1(title))
    body.append(E.P(f"Language: {exercise.language} · time limit {exercise.limits.time_s:g} s"
                    f" · memory {exercise.limits.memory_mb} MB", E.CLASS("meta")))
    body.append(div(statement))
    if exercise.starter:
        body.append(E.H2("Starter code"))
        body.append(E.PRE(E.CODE(exercise.starter)))
    if tests["tests"]:
        body.append(E.H2("Examples"))
        body.append(table(["Test", "Input", "Arguments", "Expected output"], [
            (t["name"], E.PRE(t["stdin"]), " ".join(t["args"]),
             E.PRE(t["expected_stdout"] or "(checked by a program)"))
            for t in tests["tests"]]))
    return serialize(document)
