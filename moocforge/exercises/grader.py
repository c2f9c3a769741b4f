"""Grade one program against an exercise's tests: build, run each test, decide a verdict,
and explain the first failure (sanitizers, valgrind, compiler warnings, Python traceback).

The result, a `Report`, holds facts only; `feedback.py` phrases them for learners in any
language, so one run serves every course language.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from moocforge.exercises import explain
from moocforge.exercises.compare import Comparison, compare
from moocforge.exercises.sandbox import Isolation, RunOutcome, Sandbox, SandboxLimits
from moocforge.exercises.toolchain import (
    COMPILE_LIMITS,
    Build,
    CompilerMessage,
    build,
    python_binary,
    run_test,
    run_valgrind,
    sanitizer_env,
    uninitialised_warnings,
    valgrind_available,
)
from moocforge.model import Exercise, ExerciseTest, Limits

PASS = "pass"
WRONG_OUTPUT = "wrong_output"
WRONG_EXIT = "wrong_exit_code"
CRASH = "crash"
RUNTIME_ERROR = "runtime_error"
TIMEOUT = "timeout"
OUTPUT_LIMIT = "output_limit"
PROCESS_LIMIT = "process_limit"
MEMORY_LIMIT = "memory_limit"
FILE_LIMIT = "file_limit"
COMPILE_ERROR = "compile_error"
CHECKER_ERROR = "checker_error"
SANDBOX_ERROR = "sandbox_error"
UNDEFINED = "undefined_behaviour"  # right output, but a sanitizer caught a memory/UB error
CHECKER_LIMITS = SandboxLimits(cpu_s=10, wall_s=20, memory_mb=1024, output_bytes=64 * 1024,
                               file_bytes=16 << 20, processes=16)
CHECKER_FILES = ("input.txt", "expected.txt", "actual.txt")
_EXPLAINED = (WRONG_OUTPUT, WRONG_EXIT, CRASH, MEMORY_LIMIT)
_UNINITIALISED = ("-Wuninitialized", "-Wmaybe-uninitialized")
_KEEP = 16 * 1024  # bytes of stdout/stderr kept per test for feedback and raw detail


@dataclass(slots=True)
class TestOutcome:
    test: ExerciseTest
    number: int  # 1-based position among the exercise's tests
    verdict: str
    stdout: str = ""
    stderr: str = ""
    exit_code: int | None = None
    signal: str = ""
    comparison: Comparison | None = None
    checker_message: str = ""
    finding: explain.Finding | None = None
    cpu_s: float = 0.0
    wall_s: float = 0.0

    @property
    def passed(self) -> bool:
        return self.verdict == PASS


@dataclass(slots=True)
class Report:
    language: str
    build: Build
    tests: list[TestOutcome] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    isolation: Isolation | None = None
    error: str = ""  # the grader could not run (checker broken, sandbox failure)

    @property
    def compiled(self) -> bool:
        return self.build.ok

    @property
    def passed(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def correct(self) -> bool:
        return self.compiled and self.total > 0 and self.passed == self.total

    @property
    def failures(self) -> list[TestOutcome]:
        return [t for t in self.tests if not t.passed]


def test_limits(limits: Limits, sanitized: bool = False) -> SandboxLimits:
    """A test's limits; `sanitized` (ASan/UBSan or valgrind rerun): 3× the time, and a memory
    budget for their overhead instead of RLIMIT_AS (ASan reserves terabytes of address
    space), enforced on the whole tree by the cgroup (RLIMIT_AS for valgrind without one)."""
    factor = 3 if sanitized else 1
    output = limits.output_kb * 1024
    budget = sanitized_memory_mb(limits.memory_mb) if sanitized else None
    return SandboxLimits(
        cpu_s=limits.time_s * factor, wall_s=(limits.time_s * 2 + 1) * factor,
        memory_mb=None if sanitized else limits.memory_mb, output_bytes=output,
        file_bytes=max(output, 1 << 20), processes=limits.processes,
        tree_memory_mb=budget)


def sanitized_memory_mb(memory_mb: int) -> int:
    """The memory of a sanitizer or valgrind rerun: shadow memory, quarantine, redzones."""
    return memory_mb * 3 + 512


def valgrind_limits(limits: Limits) -> SandboxLimits:
    """A sanitized rerun's limits; valgrind, unlike ASan, also runs under RLIMIT_AS (used
    when no cgroup limits the tree)."""
    sandbox = test_limits(limits, sanitized=True)
    return replace(sandbox, fallback_memory_mb=sandbox.tree_memory_mb)


def course_root(exercise: Exercise) -> Path:
    """The course folder, from the exercise's absolute and course-relative folders."""
    depth = len(PurePosixPath(exercise.dir).parts)
    return exercise.path.parents[depth - 1] if depth else exercise.path


def exercise_folders(exercise: Exercise) -> list[Path]:
    """What a box must never show: the course and the exercise folder."""
    return [course_root(exercise), exercise.path]


# --------------------------------------------------------------------------- checker


@dataclass(slots=True)
class Checker:
    build: Build | None
    error: str = ""


def prepare_checker(box: Sandbox, exercise: Exercise) -> Checker | None:
    """Build the checker in a box of its own; no other box ever sees it."""
    if not exercise.checker:
        return None
    path = course_root(exercise) / exercise.checker
    try:
        data = path.read_bytes()
        source = data.decode("utf-8") if path.suffix.lower() in (".py", ".c") else ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = (exc.strerror or type(exc).__name__) if isinstance(exc, OSError) \
            else "not UTF-8"  # no path: the message may reach a learner
        return Checker(None, f"cannot read the checker {exercise.checker}: {reason}")
    suffix = path.suffix.lower()
    if suffix in (".py", ".c"):
        made = build(box, "python" if suffix == ".py" else "c", source)
        if not made.ok:
            return Checker(None, f"the checker {exercise.checker} does not build:\n"
                           f"{explain.scrub(made.raw)}")
        return Checker(made)
    copy = box.put(data, executable=True)
    return Checker(Build(True, "exec", ("./checker",), files={"checker": copy}))


def _run_checker(box: Sandbox, checker: Checker, test: ExerciseTest,
                 actual: bytes) -> tuple[bool | None, str]:
    """(passed, message); passed is None when the checker itself failed.

    The checker's box holds the checker, the test's input, its expected output and a copy
    of what the program printed: data, read-only; the program's box is long gone.
    """
    assert checker.build is not None
    contents = (test.stdin.encode("utf-8"), (test.expected_stdout or "").encode("utf-8"),
                actual)
    files = dict(checker.build.files)
    files.update({name: box.put(data) for name, data in zip(CHECKER_FILES, contents,
                                                             strict=True)})
    outcome = box.run([*checker.build.argv, *CHECKER_FILES], CHECKER_LIMITS, files=files)
    message = outcome.stdout.decode("utf-8", "replace").strip()
    if outcome.exit_code in (0, 1):
        return outcome.exit_code == 0, message
    detail = explain.scrub(outcome.stderr.decode("utf-8", "replace"))
    return None, (f"checker failed ({outcome.signal_name or f'exit {outcome.exit_code}'}"
                  f"{', timeout' if outcome.timed_out else ''}): {detail[-2000:]}")


# --------------------------------------------------------------------------- verdicts


def _text(data: bytes) -> str:
    return data[:_KEEP].decode("utf-8", "replace")


def judge(test: ExerciseTest, number: int, outcome: RunOutcome, limits: Limits,
          language: str, source: str, box: Sandbox | None = None,
          checker: Checker | None = None) -> TestOutcome:
    result = TestOutcome(test, number, PASS, _text(outcome.stdout), _text(outcome.stderr),
                         outcome.exit_code, outcome.signal_name, cpu_s=outcome.cpu_s,
                         wall_s=outcome.wall_s)
    result.verdict = _limit_verdict(outcome, limits, language)
    if result.verdict != PASS:
        _explain_signal(result, outcome, language, source)
        return result
    if language == "python" and outcome.exit_code != (test.exit_code or 0):
        finding = explain.parse_traceback(result.stderr, source)
        if finding is not None:
            result.finding = finding
            result.verdict = MEMORY_LIMIT if finding.kind == "memory" else RUNTIME_ERROR
            return result
    actual = outcome.stdout.decode("utf-8", "replace")
    if checker is not None and box is not None:
        ok, result.checker_message = _run_checker(box, checker, test, outcome.stdout)
        if ok is None:
            result.verdict = CHECKER_ERROR
            return result
        if not ok:
            result.verdict = WRONG_OUTPUT
            return result
    elif test.expected_stdout is not None:
        comparison = compare(test.expected_stdout, actual, test.compare, test.tolerance)
        if not comparison.equal:
            result.comparison = comparison
            result.verdict = WRONG_OUTPUT
            return result
    if test.exit_code is not None and outcome.exit_code != test.exit_code:
        result.verdict = WRONG_EXIT
    return result


def _limit_verdict(outcome: RunOutcome, limits: Limits, language: str) -> str:
    if outcome.error:
        return SANDBOX_ERROR
    if outcome.output_exceeded:
        return OUTPUT_LIMIT
    if outcome.memory_exceeded:
        return MEMORY_LIMIT
    if outcome.timed_out:
        processes_hit = outcome.process_limit_hit or outcome.peak_processes >= limits.processes
        return PROCESS_LIMIT if processes_hit else TIMEOUT
    if outcome.signal == signal.SIGXFSZ:
        return FILE_LIMIT
    if outcome.signal is not None:
        # no memory verdict from ru_maxrss: it includes the pages of the forking grader
        return CRASH
    return PASS


def _explain_signal(result: TestOutcome, outcome: RunOutcome, language: str,
                    source: str) -> None:
    if result.verdict != CRASH:
        return
    if outcome.signal == signal.SIGABRT:
        result.finding = explain.parse_assertion(result.stderr, source)


# --------------------------------------------------------------------------- grading


def grade_source(box: Sandbox, exercise: Exercise, source: str,
                 checker: Checker | None = None, diagnose: bool = True,
                 valgrind: bool = True) -> Report:
    """Build `source` and run every test of `exercise` in `box`."""
    program = build(box, exercise.language, source, exercise.compile_flags)
    report = Report(exercise.language, program, limits=exercise.limits, isolation=box.iso)
    if not program.ok:
        report.tests = [TestOutcome(t, i, COMPILE_ERROR) for i, t in
                        enumerate(exercise.tests, 1)]
        return report
    if checker is not None and checker.build is None:
        report.error = checker.error
    limits = test_limits(exercise.limits)
    for number, test in enumerate(exercise.tests, 1):
        outcome = run_test(box, program, test.args, test.stdin, limits)
        usable = checker if checker is not None and checker.build is not None else None
        result = judge(test, number, outcome, exercise.limits, exercise.language, source,
                       box, usable)
        if checker is not None and checker.build is None and result.verdict == PASS:
            result.verdict = CHECKER_ERROR
            result.checker_message = checker.error
        report.tests.append(result)
    if diagnose and exercise.language == "c":
        if report.failures:
            _diagnose_first_failure(box, exercise, report, valgrind)
        else:
            _sanitize_passing(box, exercise, report)
    return report


def _sanitize_passing(box: Sandbox, exercise: Exercise, report: Report) -> None:
    """A C program that passes by luck (out-of-bounds write, overflow, an uninitialised
    variable that happens to hold the right value…) does not pass."""
    found = sanitizer_findings(box, exercise, report.build.source)
    if not found:
        found = uninitialised_findings(box, exercise, report.build)
    for test, finding in found:
        outcome = next(o for o in report.tests if o.test is test)
        outcome.verdict = MEMORY_LIMIT if finding.kind == "memory" else UNDEFINED
        outcome.finding = finding


def _diagnose_first_failure(box: Sandbox, exercise: Exercise, report: Report,
                            valgrind: bool) -> None:
    failing = next((t for t in report.tests if t.verdict in _EXPLAINED), None)
    if failing is None or (failing.finding and failing.finding.kind == "assertion"):
        return
    source = report.build.source
    sanitized = build(box, "c", source, exercise.compile_flags, sanitize=True)
    if sanitized.ok:
        finding = _sanitized_run(box, exercise, sanitized, failing.test, explaining=True)
        if finding is not None:
            failing.finding = finding
            if finding.kind == "memory":
                failing.verdict = MEMORY_LIMIT
            return
    finding = (explain.uninitialised_from_warnings(report.build.warnings)
               or explain.uninitialised_from_warnings(
                   uninitialised_warnings(box, source, exercise.compile_flags)))
    if finding is None and valgrind and valgrind_available() and failing.verdict != CRASH:
        finding = _valgrind_finding(box, exercise, report.build, failing.test)
    if finding is not None:
        failing.finding = finding


def _sanitized_run(box: Sandbox, exercise: Exercise, sanitized: Build, test: ExerciseTest,
                   explaining: bool = False) -> explain.Finding | None:
    """Run one test under ASan/UBSan; a memory finding when its memory budget ran out."""
    limits = test_limits(exercise.limits, sanitized=True)
    env = sanitizer_env(limits, exercise.limits.memory_mb, name_big_allocations=explaining)
    outcome = run_test(box, sanitized, test.args, test.stdin, limits, env)
    stderr = outcome.stderr.decode("utf-8", "replace")
    finding = explain.parse_sanitizer(stderr, sanitized.source)
    if finding is None and outcome.memory_exceeded:
        finding = explain.Finding("memory", raw=explain.scrub(stderr), tool="asan")
    return finding


def _valgrind_finding(box: Sandbox, exercise: Exercise, program: Build,
                      test: ExerciseTest) -> explain.Finding | None:
    outcome = run_valgrind(box, program, test.args, test.stdin, valgrind_limits(exercise.limits))
    return explain.parse_valgrind(outcome.stderr.decode("utf-8", "replace"), program.source)


def uninitialised_findings(box: Sandbox, exercise: Exercise,
                           program: Build) -> list[tuple[ExerciseTest, explain.Finding]]:
    """A passing C program that reads an uninitialised variable: gcc suspects it, valgrind
    shows it on a test (gcc alone when valgrind is missing, only for a certain warning)."""
    warnings = [m for m in program.warnings if m.option in _UNINITIALISED] or \
        uninitialised_warnings(box, program.source, exercise.compile_flags)
    if not warnings:
        return []
    if not valgrind_available():
        return _certain_uninitialised(exercise, warnings)
    for test in exercise.tests:
        finding = _valgrind_finding(box, exercise, program, test)
        if finding is not None:
            return [(test, finding)]
    return []


def _certain_uninitialised(exercise: Exercise, warnings: list[CompilerMessage]
                           ) -> list[tuple[ExerciseTest, explain.Finding]]:
    certain = [m for m in warnings if m.option == "-Wuninitialized"]
    finding = explain.uninitialised_from_warnings(certain)
    return [(exercise.tests[0], finding)] if finding and exercise.tests else []


def sanitizer_findings(box: Sandbox, exercise: Exercise,
                       source: str) -> list[tuple[ExerciseTest, explain.Finding]]:
    """Run every test under ASan/UBSan: problems a passing C program hides (author check)."""
    if exercise.language != "c":
        return []
    sanitized = build(box, "c", source, exercise.compile_flags, sanitize=True)
    if not sanitized.ok:
        return []
    for test in exercise.tests:
        finding = _sanitized_run(box, exercise, sanitized, test)
        if finding is not None:
            return [(test, finding)]  # one is enough to tell the author
    return []


def compiles(box: Sandbox, exercise: Exercise, source: str) -> Build:
    return build(box, exercise.language, source, exercise.compile_flags)


__all__ = [
    "COMPILE_LIMITS", "Checker", "Report", "TestOutcome", "compiles", "course_root",
    "exercise_folders",
    "grade_source", "judge", "prepare_checker", "python_binary", "sanitized_memory_mb",
    "sanitizer_findings", "test_limits", "uninitialised_findings", "valgrind_limits",
]
