"""Build and run programs of each exercise language inside a `Sandbox`.

C: `gcc -std=c11 -Wall -Wextra -O0 -g` (plus the exercise's `compile_flags`), linked with
libm; on a failure the same source is rebuilt with AddressSanitizer + UndefinedBehaviorSanitizer
to explain it. Python: `python3 -I -B` (isolated mode: no user site, no PYTHON* variables).

Each compile and each run is a box of its own: a compile sees only its source file (and
writes `out/prog`), a run only the built program (or the Python source).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.exercises.sandbox import (
    OUTPUT_DIR,
    SAFE_PATH,
    RunOutcome,
    Sandbox,
    SandboxLimits,
)

C_FLAGS = ("-std=c11", "-Wall", "-Wextra", "-O0", "-g", "-fdiagnostics-color=never")
SANITIZE_FLAGS = ("-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
                  "-fno-omit-frame-pointer", "-fno-common")
# Warnings-only pass: the optimiser's data-flow analysis finds uninitialised variables that
# -O0 misses.
UNINIT_FLAGS = ("-std=c11", "-O2", "-Wall", "-Wextra", "-Wuninitialized",
                "-Wmaybe-uninitialized", "-fdiagnostics-color=never", "-c", "-o", "/dev/null")
_ASAN_OPTIONS = ("detect_leaks=0:abort_on_error=0:symbolize=1:print_summary=1:"
                 "halt_on_error=1")
_UBSAN_OPTIONS = "print_stacktrace=1:halt_on_error=1"
SOURCE_NAME = {"c": "main.c", "python": "main.py"}
COMPILE_LIMITS = SandboxLimits(cpu_s=20, wall_s=40, memory_mb=2048, output_bytes=1 << 20,
                               file_bytes=256 << 20, processes=64)
_PY_SYNTAX_CHECK = ("import sys\n"
                    "source = open(sys.argv[1], 'rb').read()\n"
                    "compile(source, sys.argv[1], 'exec')\n")
_GCC_LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>fatal error|error|warning|note): "
    r"(?P<text>.*?)(?: \[(?P<option>-W[\w=-]+)\])?$")


@dataclass(frozen=True, slots=True)
class CompilerMessage:
    severity: str  # error, fatal error, warning, note, linker
    text: str
    line: int = 0
    col: int = 0
    option: str = ""  # e.g. -Wuninitialized
    source_line: str = ""


@dataclass(slots=True)
class Build:
    ok: bool
    language: str
    argv: tuple[str, ...]  # how to run the program in its box (arguments are appended)
    messages: list[CompilerMessage] = field(default_factory=list)
    raw: str = ""
    source: str = ""
    files: dict[str, Path] = field(default_factory=dict)  # what its box needs (name → input)

    @property
    def errors(self) -> list[CompilerMessage]:
        return [m for m in self.messages if m.severity in ("error", "fatal error", "linker")]

    @property
    def warnings(self) -> list[CompilerMessage]:
        return [m for m in self.messages if m.severity == "warning"]


def python_binary() -> str:
    """The system interpreter: a venv or pyenv one may live where the sandbox uid cannot go."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).is_file():
            return candidate
    return shutil.which("python3", path=SAFE_PATH) or "python3"


def build(box: Sandbox, language: str, source: str, flags: Sequence[str] = (),
          sanitize: bool = False) -> Build:
    name = SOURCE_NAME.get(language, "main.c")
    source_file = box.put(source)
    if language == "python":
        return _check_python(box, name, source_file, source)
    return _compile_c(box, name, source_file, source, flags, sanitize)


def _compile_c(box: Sandbox, name: str, source_file: Path, source: str,
               flags: Sequence[str], sanitize: bool) -> Build:
    extra = SANITIZE_FLAGS if sanitize else ()
    argv = ["gcc", *C_FLAGS, *extra, *flags, "-o", f"{OUTPUT_DIR}/prog", name, "-lm"]
    outcome = box.run(argv, COMPILE_LIMITS, files={name: source_file}, outputs=["prog"])
    raw = _compiler_text(outcome)
    messages = parse_gcc(raw, source)
    ok = outcome.exit_code == 0 and "prog" in outcome.files
    if not ok and not any(m.severity in ("error", "fatal error", "linker") for m in messages):
        messages.append(CompilerMessage("error", raw.strip().splitlines()[-1] if raw.strip()
                                        else "the compiler failed"))
    files = {"prog": outcome.files["prog"]} if ok else {}
    return Build(ok, "c", ("./prog",), messages, raw, source, files)


def uninitialised_warnings(box: Sandbox, source: str, flags: Sequence[str]) -> list[
        CompilerMessage]:
    outcome = box.run(["gcc", *UNINIT_FLAGS, *flags, "main.c"], COMPILE_LIMITS,
                      files={"main.c": box.put(source)})
    return [m for m in parse_gcc(_compiler_text(outcome), source)
            if m.option in ("-Wuninitialized", "-Wmaybe-uninitialized")]


def _check_python(box: Sandbox, name: str, source_file: Path, source: str) -> Build:
    outcome = box.run([python_binary(), "-I", "-B", "-c", _PY_SYNTAX_CHECK, name],
                      COMPILE_LIMITS, files={name: source_file})
    raw = _compiler_text(outcome)
    run_argv = (python_binary(), "-I", "-B", name)
    files = {name: source_file}
    if outcome.exit_code == 0:
        return Build(True, "python", run_argv, [], raw, source, files)
    return Build(False, "python", run_argv, [parse_python_syntax_error(raw, source)], raw,
                 source, files)


def _compiler_text(outcome: RunOutcome) -> str:
    text = outcome.stderr.decode("utf-8", "replace") + outcome.stdout.decode("utf-8", "replace")
    if outcome.timed_out:
        text += "\n(compilation stopped: it took too long)"
    if outcome.error:
        text += f"\n{outcome.error}"
    return text


def source_line(source: str, line: int) -> str:
    lines = source.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def parse_gcc(raw: str, source: str) -> list[CompilerMessage]:
    messages = []
    for text_line in raw.splitlines():
        match = _GCC_LINE.match(text_line)
        if match:
            line = int(match["line"])
            messages.append(CompilerMessage(
                match["sev"], _plain_quotes(match["text"]), line, int(match["col"]),
                match["option"] or "", source_line(source, line)))
        elif "undefined reference to" in text_line:
            messages.append(CompilerMessage("linker", _plain_quotes(
                text_line.split(": ", 1)[-1] if ": " in text_line else text_line)))
    return messages


def _plain_quotes(text: str) -> str:
    return text.replace("‘", "'").replace("’", "'")


_PY_FILE_LINE = re.compile(r'File "(?P<file>[^"]*)", line (?P<line>\d+)')


def parse_python_syntax_error(raw: str, source: str) -> CompilerMessage:
    line = 0
    for match in _PY_FILE_LINE.finditer(raw):
        if match["file"].endswith("main.py"):
            line = int(match["line"])
    last = next((x for x in reversed(raw.strip().splitlines()) if x.strip()), "SyntaxError")
    return CompilerMessage("error", last.strip(), line, 0, "", source_line(source, line))


def sanitizer_env(limits: SandboxLimits, program_memory_mb: int,
                  name_big_allocations: bool = False) -> dict[str, str]:
    """ASan/UBSan settings: AddressSanitizer's own memory floor (for machines without a
    cgroup), and one allocation never larger than the program's memory limit.

    `name_big_allocations`: report an allocation over the limit (to explain a failure)
    instead of returning NULL as the plain run's RLIMIT_AS does (to judge a passing program).
    """
    may_return_null = 0 if name_big_allocations else 1
    options = (f"{_ASAN_OPTIONS}:allocator_may_return_null={may_return_null}:"
               f"hard_rss_limit_mb={limits.tree_bytes >> 20}:"
               f"max_allocation_size_mb={program_memory_mb}")
    return {"ASAN_OPTIONS": options, "UBSAN_OPTIONS": _UBSAN_OPTIONS}


def run_test(box: Sandbox, program: Build, args: Sequence[str], stdin: str,
             limits: SandboxLimits, env: dict[str, str] | None = None) -> RunOutcome:
    return box.run([*program.argv, *args], limits, files=program.files,
                   stdin=stdin.encode("utf-8"), env=env)


def valgrind_available() -> bool:
    return shutil.which("valgrind", path=SAFE_PATH) is not None


def run_valgrind(box: Sandbox, program: Build, args: Sequence[str], stdin: str,
                 limits: SandboxLimits) -> RunOutcome:
    argv = ["valgrind", "-q", "--vgdb=no", "--track-origins=yes", "--error-limit=no",
            *program.argv, *args]
    return box.run(argv, limits, files=program.files, stdin=stdin.encode("utf-8"))
