"""`moocforge check` (prove every exercise right) and `moocforge grade` (grade a submission)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import typer

from moocforge.app import load
from moocforge.cli.app import app, format_option, report, usage_error
from moocforge.codecast.check import check_codecasts
from moocforge.codecast.check import summary_line as codecast_summary
from moocforge.diagnostics import format_text, has_errors, sorted_diagnostics
from moocforge.exercises.check import ExerciseResult, check_course, summary_table
from moocforge.exercises.feedback import feedback_element, feedback_lines, reply_for
from moocforge.exercises.service import default_lang, grade_report, load_exercise


class _Bar:
    """A progress bar on stderr, created when the total is known; silent when not a tty."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def __call__(self, done: int, total: int, result: ExerciseResult) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="checking exercises",
                                         file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(1, result.exercise_id)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@app.command()
def check(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    exercise: list[str] = typer.Argument(None, help="Only these exercises (id or folder)."),
    fmt: str = format_option(),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel workers (default: two per core)."),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr (a terminal only)."),
) -> None:
    """Run every exercise's reference, starter and wrong solutions in the sandbox, and every
    codecast's declared runs with gcc."""
    loaded = load(course, media=False)
    load_errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if loaded.course is None:
        report(loaded.diagnostics, fmt)
        raise typer.Exit(1)
    bar = _Bar(progress and sys.stderr.isatty())
    codecasts = {i.id for i in loaded.course.items if i.kind == "codecast"}
    named = exercise or []
    exercises = [name for name in named if name not in codecasts]
    with_codecasts = bool(codecasts) and (not named or len(exercises) < len(named))
    diagnostics, results = [], []
    try:
        if exercises or not named:
            diagnostics, results = check_course(loaded.course, only=exercises or None,
                                                jobs=jobs or None, progress=bar)
    finally:
        bar.close()
    table = summary_table(results)
    if with_codecasts:
        found, casts = check_codecasts(loaded.course, [n for n in named if n in codecasts])
        diagnostics += found
        table += codecast_summary(casts)
    everything = sorted_diagnostics([*load_errors, *diagnostics])
    if fmt == "text":
        sys.stdout.write(table)
    else:
        sys.stderr.write(table)
    report(everything, fmt)
    if has_errors(everything):
        raise typer.Exit(1)


@app.command()
def grade(
    exercise_dir: Path = typer.Argument(..., help="The exercise folder (holding exercise.yml)."),
    submission: Path = typer.Argument(..., help="The learner's source file."),
    lang: str = typer.Option("", "--lang", help="Feedback language (default: the course's)."),
    text: bool = typer.Option(False, "--text", help="Readable feedback instead of JSON."),
) -> None:
    """Grade one submission; print the Open edX external-grader reply (JSON).

    Exit 0 when the submission is correct, 1 when it is not, 2 when it cannot be graded.
    """
    loaded = load_exercise(exercise_dir)
    if loaded.exercise is None or has_errors(loaded.diagnostics):
        sys.stderr.write(format_text(loaded.diagnostics))
        raise typer.Exit(2)
    try:
        source = submission.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise usage_error(f"cannot read {submission}: {exc}") from None
    exercise = loaded.exercise
    language = lang or default_lang(exercise)
    if lang and loaded.languages and lang not in loaded.languages:
        typer.echo(f"note: '{lang}' is not a course language "
                   f"({', '.join(loaded.languages)}); author feedback falls back to "
                   f"'{default_lang(exercise)}'", err=True)
    result = grade_report(exercise, source)
    if text:
        sys.stdout.write(feedback_lines(feedback_element(result, exercise, language)))
    else:
        sys.stdout.write(reply_for(result, exercise, language).to_json() + "\n")
    raise typer.Exit(0 if result.correct else 1)
