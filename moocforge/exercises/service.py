"""Grading entry points: one submission (`grade_submission`), an exercise folder on its own
(`load_exercise`, for `moocforge grade`), and an xqueue-watcher handler (`XQueueHandler`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from moocforge.diagnostics import Diagnostic
from moocforge.exercises.feedback import GradeReply, reply_for
from moocforge.exercises.grader import (
    Report,
    exercise_folders,
    grade_source,
    prepare_checker,
)
from moocforge.exercises.sandbox import Sandbox
from moocforge.load import load_course
from moocforge.load.course import COURSE_FILE, EXERCISE_FILE
from moocforge.load.course import load_exercise as read_exercise_folder
from moocforge.model import Course, Exercise, Loc


def default_lang(exercise: Exercise) -> str:
    return exercise.title.default_lang


def grade_report(exercise: Exercise, source_code: str) -> Report:
    """Build and test `source_code` in a fresh sandbox (everything removed afterwards)."""
    with Sandbox(hide=exercise_folders(exercise)) as box:
        checker = prepare_checker(box, exercise)
        return grade_source(box, exercise, source_code, checker)


def grade_submission(exercise: Exercise, source_code: str,
                     lang: str | None = None) -> GradeReply:
    """The Open edX external-grader reply for one learner submission."""
    report = grade_report(exercise, source_code)
    return reply_for(report, exercise, lang or default_lang(exercise))


# --------------------------------------------------------------------------- exercise folders


@dataclass
class LoadedExercise:
    exercise: Exercise | None
    course: Course | None  # None when the folder was loaded on its own
    languages: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_course_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / COURSE_FILE).is_file():
            return candidate
    return None


def load_exercise(exercise_dir: str | Path) -> LoadedExercise:
    """The exercise in `exercise_dir`: from its course when it belongs to one, else alone."""
    folder = Path(exercise_dir).resolve()
    if not (folder / EXERCISE_FILE).is_file():
        where = Path(exercise_dir).as_posix()
        return LoadedExercise(None, None, (), [Diagnostic(
            "MF820", "error", f"no {EXERCISE_FILE} in '{where}'", Loc(where),
            "give the folder of an exercise (the one holding exercise.yml)")])
    root = find_course_root(folder)
    if root is not None:
        result = load_course(root)
        if result.course is not None:
            for item in result.course.items:
                if isinstance(item, Exercise) and item.path.resolve() == folder:
                    mine = [d for d in result.diagnostics
                            if d.loc.file.startswith(f"{item.dir}/") or d.item == item.id]
                    return LoadedExercise(item, result.course, result.course.languages, mine)
    return _load_alone(folder)


def _languages_of(folder: Path) -> tuple[str, ...]:
    try:
        data = yaml.safe_load((folder / EXERCISE_FILE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ("en",)
    title = data.get("title") if isinstance(data, dict) else None
    if isinstance(title, dict) and title and all(isinstance(k, str) for k in title):
        return tuple(title)
    return ("en",)


def _load_alone(folder: Path) -> LoadedExercise:
    """An exercise folder outside any course, read by the same loader."""
    languages = _languages_of(folder)
    exercise, diagnostics = read_exercise_folder(folder, languages)
    mine = [replace(d, loc=replace(d.loc, file=str(folder.parent / d.loc.file)))
            for d in diagnostics]
    return LoadedExercise(exercise, None, languages, mine)


# --------------------------------------------------------------------------- xqueue


class XQueueHandler:
    """An xqueue-watcher handler: `handler(content) -> {"correct", "score", "msg"}`.

    `grader_payload` (from the OLX `coderesponse`) is JSON naming the exercise:
    `{"exercise": "<item id>", "lang": "fr"}` ("lang" optional: course default).
    """

    def __init__(self, course_dir: str | Path, lang: str | None = None) -> None:
        result = load_course(course_dir)
        if result.course is None:
            raise ValueError("; ".join(d.message for d in result.diagnostics))
        self.course = result.course
        self.lang = lang
        self.exercises: dict[str, Exercise] = {}
        for item in self.course.items:
            if isinstance(item, Exercise):
                self.exercises[item.id] = item
                self.exercises.setdefault(item.url_name, item)

    def grade(self, payload: Mapping[str, object] | str, student_response: str) -> GradeReply:
        config = json.loads(payload) if isinstance(payload, str) else dict(payload)
        exercise = self.exercises.get(str(config.get("exercise", "")))
        lang = str(config.get("lang") or self.lang or self.course.default_lang)
        if exercise is None:
            raise KeyError(f"no exercise {config.get('exercise')!r} in course {self.course.id}")
        return grade_submission(exercise, student_response, lang)

    def __call__(self, content: Mapping[str, object]) -> dict:
        body = content.get("xqueue_body", "{}")
        data = json.loads(body) if isinstance(body, str) else dict(body)  # type: ignore[arg-type]
        reply = self.grade(data.get("grader_payload") or "{}",
                           str(data.get("student_response", "")))
        return reply.to_dict()
