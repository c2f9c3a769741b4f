"""`moocforge check` for codecasts: what the player shows must be what gcc does.

For each C codecast: the code of every step that declares a `run:` compiles with gcc (the
exercises' flags), runs in the exercise sandbox with the step's input, ends normally and
prints exactly its `expected:` output; the final code compiles too. Findings (MF830–MF832)
point at the step in the codecast file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from moocforge.codecast.timeline import replay
from moocforge.diagnostics import Diagnostic
from moocforge.exercises.compare import compare
from moocforge.exercises.sandbox import Sandbox, SandboxLimits
from moocforge.exercises.toolchain import Build, build, run_test
from moocforge.model import Codecast, Course, Loc

RULE = "codecast-check"
RUN_LIMITS = SandboxLimits(cpu_s=2, wall_s=5, memory_mb=256, output_bytes=1 << 20,
                           file_bytes=1 << 20, processes=16)


@dataclass
class RunResult:
    """One declared run: what gcc's program printed (for the comparison with the browser)."""

    step: int
    stdin: str
    expected: str | None
    stdout: str
    exit_code: int | None


@dataclass
class CodecastResult:
    codecast_id: str
    runs: list[RunResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def _finding(item: Codecast, code: str, message: str, loc: Loc, hint: str) -> Diagnostic:
    return Diagnostic(code, "error", message, loc, hint, RULE, item.id)


def _compiled(box: Sandbox, item: Codecast, source: str, step: int, loc: Loc,
              result: CodecastResult) -> Build | None:
    program = build(box, "c", source)
    if program.ok:
        return program
    first = program.errors[0] if program.errors else None
    where = f" (line {first.line} of the code: {first.text})" if first and first.line else (
        f" ({first.text})" if first else "")
    result.diagnostics.append(_finding(
        item, "MF830", f"codecast '{item.id}': the code at step {step} does not compile with "
        f"gcc{where}", loc, "fix the step's edit so that the program compiles"))
    return None


def check_codecast(item: Codecast) -> CodecastResult:
    result = CodecastResult(item.id)
    if item.language != "c":
        return result
    states = replay(item)
    with Sandbox() as box:
        for state in states:
            run = state.step.run
            if run is None or state.problem is not None:
                continue
            program = _compiled(box, item, state.code, state.step.number, run.loc, result)
            if program is None:
                continue
            outcome = run_test(box, program, (), run.stdin, RUN_LIMITS)
            stdout = outcome.stdout.decode("utf-8", "replace")
            result.runs.append(RunResult(state.step.number, run.stdin, run.expected, stdout,
                                         outcome.exit_code))
            _judge(item, state.step.number, run.expected, stdout, outcome.exit_code,
                   outcome.timed_out, run.loc, result)
        if states and not any(s.step.run for s in states[-1:]):
            _compiled(box, item, states[-1].code, states[-1].step.number,
                      states[-1].step.loc, result)
    return result


def _judge(item: Codecast, step: int, expected: str | None, stdout: str,
           exit_code: int | None, timed_out: bool, loc: Loc, result: CodecastResult) -> None:
    if timed_out or exit_code != 0:
        why = "took too long" if timed_out else (
            f"exited with code {exit_code}" if exit_code is not None else "was killed")
        result.diagnostics.append(_finding(
            item, "MF832", f"codecast '{item.id}': the run of step {step} {why}", loc,
            "a demonstrated program should end normally; give it the input it reads"))
        return
    if expected is not None:
        comparison = compare(expected, stdout)
        if not comparison.equal:
            result.diagnostics.append(_finding(
                item, "MF831", f"codecast '{item.id}': the run of step {step} prints "
                f"{stdout[:120]!r}, not the expected {expected[:120]!r}", loc,
                comparison.diff or "update `expected:` or the code"))


def check_codecasts(course: Course, only: Sequence[str] | None = None
                    ) -> tuple[list[Diagnostic], list[CodecastResult]]:
    """Every C codecast of the course (or those whose id is in `only`)."""
    chosen = [item for item in course.items if isinstance(item, Codecast)
              and (not only or item.id in only)]
    results = [check_codecast(item) for item in chosen]
    return [d for r in results for d in r.diagnostics], results


def summary_line(results: Sequence[CodecastResult]) -> str:
    runs = sum(len(r.runs) for r in results)
    passed = sum(1 for r in results if r.ok)
    return f"{passed}/{len(results)} codecast(s) ok ({runs} run(s) checked with gcc)\n"
