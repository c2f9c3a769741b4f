"""Code exercises: a sandboxed runner, `moocforge check` and `moocforge grade`.

- `check_course(course, only=None, jobs=None, progress=None)` → (diagnostics, results)
- `grade_submission(exercise, source_code, lang)` → `GradeReply` (Open edX external grader)
- `load_exercise(folder)` → the exercise of a folder, with or without its course
- `XQueueHandler(course_dir)` → an xqueue-watcher handler
"""

from moocforge.exercises.check import ExerciseResult, check_course, check_exercise, summary_table
from moocforge.exercises.feedback import GradeReply
from moocforge.exercises.sandbox import Isolation, Sandbox, SandboxLimits, isolation
from moocforge.exercises.service import (
    LoadedExercise,
    XQueueHandler,
    grade_report,
    grade_submission,
    load_exercise,
)

__all__ = [
    "ExerciseResult", "GradeReply", "Isolation", "LoadedExercise", "Sandbox", "SandboxLimits",
    "XQueueHandler", "check_course", "check_exercise", "grade_report", "grade_submission",
    "isolation", "load_exercise", "summary_table",
]
