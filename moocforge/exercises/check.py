"""`moocforge check`: prove every exercise right before it ships.

For each exercise: the reference solution passes every test (and is clean under the
sanitizers, without compiler warnings, well within the time limit); the starter code
compiles; each wrong solution fails the tests it declares, and the feedback a learner would
read contains the text it declares, in every course language. Findings are Diagnostics
(MF800–MF849) pointing at exercise.yml, so `lint` can include them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.exercises.explain import scrub
from moocforge.exercises.feedback import (
    feedback_element,
    feedback_text,
    markdown_plain,
    outcome_summary,
)
from moocforge.exercises.grader import (
    CHECKER_ERROR,
    WRONG_EXIT,
    WRONG_OUTPUT,
    Checker,
    Report,
    TestOutcome,
    compiles,
    exercise_folders,
    grade_source,
    prepare_checker,
)
from moocforge.exercises.messages import finding_text
from moocforge.exercises.sandbox import Sandbox, isolation
from moocforge.model import Course, Exercise, Loc, WrongSolution

RULE = "exercise-check"
SLOW_FRACTION = 0.5  # a reference using more of the time limit than this makes tests flaky

Progress = Callable[[int, int, "ExerciseResult"], None]


@dataclass
class ExerciseResult:
    exercise_id: str
    dir: str
    language: str
    tests: int
    reference_passed: int = 0
    starter: str = "none"  # ok, fails, none
    wrong_ok: int = 0
    wrong_total: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


class _Findings:
    """Diagnostics of one exercise, all tagged with its id."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.items: list[Diagnostic] = []

    def add(self, code: str, severity: str, message: str, loc: Loc, hint: str = "") -> None:
        self.items.append(Diagnostic(code, severity, message, loc, hint, RULE,  # type: ignore
                                     self.exercise.id))

    def key_loc(self, key: str) -> Loc:
        """Where `key:` is written in exercise.yml."""
        return self.exercise.key_loc(key)


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(scrub(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------- one exercise


def check_exercise(course: Course, exercise: Exercise) -> ExerciseResult:
    started = time.monotonic()
    result = ExerciseResult(exercise.id, exercise.dir, exercise.language, len(exercise.tests),
                            wrong_total=len(exercise.wrong))
    found = _Findings(exercise)
    with Sandbox(hide=exercise_folders(exercise)) as box:
        checker = prepare_checker(box, exercise)
        if checker is not None and checker.build is None:
            found.add("MF809", "error", "the checker program cannot be used",
                      found.key_loc("checker"), _excerpt(checker.error, 600))
        result.reference_passed = _check_reference(box, exercise, checker, found)
        result.starter = _check_starter(box, exercise, found)
        for wrong in exercise.wrong:
            if _check_wrong(box, course, exercise, wrong, checker, found):
                result.wrong_ok += 1
    if not exercise.wrong:
        found.add("MF813", "warning", f"exercise '{exercise.id}' has no wrong solution",
                  found.key_loc("tests"), "add `wrong:` with a typical mistake and the "
                  "feedback the learner should get, so the check proves the feedback works")
    result.seconds = time.monotonic() - started
    result.diagnostics = sorted_diagnostics(found.items)
    return result


def _check_reference(box: Sandbox, exercise: Exercise, checker: Checker | None,
                     found: _Findings) -> int:
    if not exercise.solution.strip():
        found.add("MF810", "error", "the reference solution is empty or missing",
                  found.key_loc("solution"))
        return 0
    report = grade_source(box, exercise, exercise.solution, checker)
    if not report.compiled:
        _compile_failure(report, exercise, found, "MF801", "reference solution",
                         Loc(exercise.solution_file), found.key_loc("solution"))
        return 0
    for outcome in report.failures:
        if outcome.verdict == CHECKER_ERROR:
            found.add("MF809", "error", f"the checker failed on test '{outcome.test.name}'",
                      outcome.test.loc, _excerpt(outcome.checker_message, 600))
            continue
        found.add("MF800", "error", f"the reference solution fails test '{outcome.test.name}':"
                  f" {outcome_summary(outcome, report, 'en')}", outcome.test.loc,
                  _hint(outcome))
    for warning in report.build.warnings:
        found.add("MF807", "warning", f"the reference solution compiles with a warning: "
                  f"{warning.text}", Loc(exercise.solution_file, warning.line, warning.col),
                  "learners copy the reference style: make it warning-free")
    slow = [o for o in report.tests if o.cpu_s > exercise.limits.time_s * SLOW_FRACTION]
    for outcome in slow:
        if outcome.passed:
            found.add("MF815", "warning", f"the reference solution needs {outcome.cpu_s:.2f} s "
                      f"of CPU on test '{outcome.test.name}', over half the "
                      f"{exercise.limits.time_s:g} s limit", outcome.test.loc,
                      "raise `limits: {time: …}` or make the test smaller, or correct "
                      "programs may time out on a busy grader")
    return report.passed


def _hint(outcome: TestOutcome) -> str:
    parts = []
    if outcome.finding is not None:
        parts.append(finding_text(outcome.finding.kind, outcome.finding.line,
                                  outcome.finding.fields, "en"))
    if outcome.stderr.strip():
        parts.append("stderr: " + _excerpt(outcome.stderr, 300))
    return " ".join(parts)


def _compile_failure(report: Report, exercise: Exercise, found: _Findings, code: str,
                     what: str, file_loc: Loc, key_loc: Loc) -> None:
    errors = report.build.errors
    first = errors[0] if errors else None
    loc = key_loc
    if first is not None and first.line and file_loc.file:
        loc = Loc(file_loc.file, first.line, first.col)
    message = first.text if first is not None else "it does not build"
    found.add(code, "error", f"the {what} does not compile: {message}", loc,
              _excerpt(report.build.raw, 600))


def _check_starter(box: Sandbox, exercise: Exercise, found: _Findings) -> str:
    if not exercise.starter.strip():
        return "none"
    made = compiles(box, exercise, exercise.starter)
    if made.ok:
        return "ok"
    first = made.errors[0] if made.errors else None
    found.add("MF802", "error", "the starter code does not compile: "
              f"{first.text if first else 'it does not build'}"
              f"{f' (line {first.line})' if first and first.line else ''}",
              found.key_loc("starter"), "learners start from it: it must compile, even if it "
              "does nothing useful yet")
    return "fails"


def _check_wrong(box: Sandbox, course: Course, exercise: Exercise, wrong: WrongSolution,
                 checker: Checker | None, found: _Findings) -> bool:
    before = len(found.items)
    try:
        source = wrong.path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        found.add("MF810", "error", f"cannot read wrong solution {wrong.file}: {exc}", wrong.loc)
        return False
    # Explanations only add sentences to the feedback, so try the cheapest grading first:
    # no diagnosis, then sanitizers and warnings, then valgrind (slow) if it may help.
    report = grade_source(box, exercise, source, checker, diagnose=False)
    # all passing: the sanitizer pass (part of the diagnosis) may still fail it
    if not report.failures or _feedback_missing(course, exercise, wrong, report):
        report = grade_source(box, exercise, source, checker, valgrind=False)
        if _valgrind_could_help(report) and _feedback_missing(course, exercise, wrong, report):
            report = grade_source(box, exercise, source, checker, valgrind=True)
    failed = {o.test.name for o in report.failures}
    for name in wrong.fails:
        if name not in failed:
            found.add("MF803", "error", f"wrong solution {wrong.file} passes test '{name}', "
                      "which it declares to fail", wrong.loc,
                      "strengthen the test, or correct `fails:`")
    if not wrong.fails and not failed:
        found.add("MF804", "error", f"wrong solution {wrong.file} passes every test",
                  wrong.loc, "add a test this mistake fails")
    _check_wrong_feedback(course, exercise, wrong, report, found)
    return not any(d.severity == "error" for d in found.items[before:])


def _valgrind_could_help(report: Report) -> bool:
    first = next((o for o in report.failures if o.verdict in (WRONG_OUTPUT, WRONG_EXIT)), None)
    return report.language == "c" and first is not None and first.finding is None


def _feedback_missing(course: Course, exercise: Exercise, wrong: WrongSolution,
                      report: Report) -> bool:
    if wrong.feedback is None:
        return False
    for lang in course.languages:
        if lang in wrong.feedback and wrong.feedback[lang].strip():
            said = feedback_text(feedback_element(report, exercise, lang))
            if markdown_plain(wrong.feedback[lang]) not in said:
                return True
    return False


def _check_wrong_feedback(course: Course, exercise: Exercise, wrong: WrongSolution,
                          report: Report, found: _Findings) -> None:
    if wrong.feedback is None:
        found.add("MF814", "info", f"wrong solution {wrong.file} declares no `feedback:`, so "
                  "the check cannot tell what the learner will read", wrong.loc,
                  "add the sentence the grader must show for this mistake")
        return
    for lang in course.languages:
        if lang not in wrong.feedback or not wrong.feedback[lang].strip():
            found.add("MF806", "warning", f"wrong solution {wrong.file} has no `feedback:` "
                      f"text in '{lang}'", wrong.loc,
                      f"add the {lang} sentence the grader must show for this mistake")
            continue
        expected = markdown_plain(wrong.feedback[lang])
        said = feedback_text(feedback_element(report, exercise, lang))
        if expected not in said:
            found.add("MF805", "error", f"the grader's {lang} feedback for wrong solution "
                      f"{wrong.file} does not contain “{wrong.feedback[lang].strip()}”",
                      wrong.loc, f"the grader said: {_excerpt(said, 500)}")


# --------------------------------------------------------------------------- the course


def _selected(course: Course, only: str | Sequence[str] | None) -> tuple[list[Exercise],
                                                                        list[Diagnostic]]:
    exercises = [i for i in course.items if isinstance(i, Exercise)]
    if not only:
        return exercises, []
    wanted = [only] if isinstance(only, str) else list(only)
    chosen, problems = [], []
    for name in wanted:
        key = name.rstrip("/")
        match = [e for e in exercises if key in (e.id, e.url_name, e.dir,
                                                  PurePosixPath(e.dir).name)
                 or e.path.resolve().as_posix() == os.path.abspath(key)]
        if not match:
            known = ", ".join(sorted(e.id for e in exercises)) or "none"
            problems.append(Diagnostic("MF812", "error", f"no exercise '{name}' in course "
                                       f"'{course.id}'", course.loc, f"known: {known}",
                                       RULE))
        chosen += [e for e in match if e not in chosen]
    return chosen, problems


def _sandbox_notes(course: Course) -> list[Diagnostic]:
    iso = isolation()
    hint = iso.describe()
    notes = []
    if not iso.namespaces:
        notes.append(Diagnostic("MF811", "warning", "exercise programs are NOT isolated here: "
                                "no namespace for a sandbox (they see the grader's files, "
                                "processes and network)", course.loc, hint, RULE))
    if not iso.separate_user:
        notes.append(Diagnostic("MF811", "info", "exercise programs run as this user: the "
                                "process limit is weaker (run as root to use a dedicated uid)",
                                course.loc, hint, RULE))
    if iso.hierarchy is None:
        notes.append(Diagnostic("MF811", "info", "no cgroup here: memory and processes are "
                                "limited per process, not for a program's whole tree",
                                course.loc, hint, RULE))
    return notes


def default_jobs() -> int:
    """Twice the cores: a box spends much of its start waiting on the kernel (namespaces,
    mounts, cgroup moves), not computing."""
    return 2 * (os.cpu_count() or 1)


def check_course(course: Course, only: str | Sequence[str] | None = None,
                 jobs: int | None = None, progress: Progress | None = None
                 ) -> tuple[list[Diagnostic], list[ExerciseResult]]:
    """Check the course's exercises (or those named in `only`) on `jobs` worker threads."""
    exercises, problems = _selected(course, only)
    diagnostics = problems + _sandbox_notes(course)
    workers = max(1, jobs or default_jobs())
    order = {e.id: i for i, e in enumerate(exercises)}
    results: list[ExerciseResult] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check_exercise, course, e) for e in exercises]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if progress is not None:
                progress(len(results), len(exercises), result)
    results.sort(key=lambda r: order[r.exercise_id])
    for result in results:
        diagnostics.extend(result.diagnostics)
    return sorted_diagnostics(diagnostics), results


def summary_table(results: Sequence[ExerciseResult]) -> str:
    header = ("exercise", "lang", "tests", "reference", "starter", "wrong", "time", "status")
    rows = [header]
    for r in results:
        rows.append((r.exercise_id, r.language, str(r.tests),
                     f"{r.reference_passed}/{r.tests}", r.starter,
                     f"{r.wrong_ok}/{r.wrong_total}", f"{r.seconds:.1f}s",
                     "ok" if r.ok else "FAIL"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    passed = sum(1 for r in results if r.ok)
    lines.append(f"{passed}/{len(results)} exercise(s) ok")
    return "\n".join(lines) + "\n"
