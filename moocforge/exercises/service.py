"""Grading entry points: one submission (`grade_submission`), an exercise folder on its own
(`load_exercise`, for `moocforge grade`), and an xqueue-watcher handler (`XQueueHandler`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from moocforge.app import loading
from moocforge.exercises.feedback import GradeReply, reply_for
from moocforge.exercises.grader import (
    Report,
    exercise_folders,
    grade_source,
    prepare_checker,
)
from moocforge.exercises.sandbox import Sandbox
from moocforge.model import Exercise


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

# `moocforge grade` and the handler below read exercises through the application layer.
LoadedExercise = loading.LoadedExercise
load_exercise = loading.load_exercise


# --------------------------------------------------------------------------- xqueue


class XQueueHandler:
    """An xqueue-watcher handler: `handler(content) -> {"correct", "score", "msg"}`.

    `grader_payload` (from the OLX `coderesponse`) is JSON naming the exercise:
    `{"exercise": "<item id>", "lang": "fr"}` ("lang" optional: course default).
    """

    def __init__(self, course_dir: str | Path, lang: str | None = None) -> None:
        result = loading.load(course_dir, media=False)
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
