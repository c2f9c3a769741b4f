"""Turn raw tool output (sanitizers, valgrind, Python tracebacks, gcc) into findings.

A `Finding` is language-neutral: a kind, the line of the learner's source it points at, a few
named fields. `messages.py` phrases it for learners in their language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from moocforge.exercises.toolchain import CompilerMessage, source_line

_SCRUB = re.compile(r"/[^\s:'\"]*moocforge-ex-[^/\s]+/(?:[^/\s:]+/)?|(?<![\w/.])/box/")


def scrub(text: str) -> str:
    """Remove sandbox paths so raw detail reads `main.c:7`, not `/box/main.c:7`."""
    return _SCRUB.sub("", text)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # see messages.FINDING_MESSAGES
    line: int = 0
    code: str = ""  # the learner's source line
    fields: dict[str, str] = field(default_factory=dict)
    raw: str = ""
    tool: str = ""  # asan, ubsan, valgrind, gcc, python


# --------------------------------------------------------------------------- sanitizers

_ASAN_ERROR = re.compile(r"ERROR: AddressSanitizer: ([\w-]+)(?: on (?:unknown )?address "
                         r"(0x[0-9a-f]+))?")
_ASAN_SUMMARY = re.compile(r"SUMMARY: AddressSanitizer: ([\w-]+)")
# its background thread's memory floor (hard_rss_limit_mb), and allocations it refused
_ASAN_MEMORY = re.compile(r"AddressSanitizer: (?:hard rss limit exhausted|out of memory|"
                          r"requested allocation size|allocation-size-too-big|"
                          r"rss-limit-exceeded|out-of-memory)")
_ASAN_ACCESS = re.compile(r"^(READ|WRITE) of size (\d+)", re.MULTILINE)
_FRAME_MAIN = re.compile(r"#\d+ 0x[0-9a-f]+ in (\w+) \S*?main\.c:(\d+)")
_UBSAN = re.compile(r"main\.c:(\d+):\d+: runtime error: (.*)")
_ASAN_VARIABLE = re.compile(r"'(\w+)' \(line \d+\) <== Memory access at offset \d+ "
                            r"(overflows|underflows|partially overflows)")
_OUT_OF_BOUNDS = ("heap-buffer-overflow", "stack-buffer-overflow", "global-buffer-overflow",
                  "stack-buffer-underflow", "dynamic-stack-buffer-overflow")


def _main_frame(text: str) -> tuple[str, int]:
    match = _FRAME_MAIN.search(text)
    return (match[1], int(match[2])) if match else ("", 0)


def parse_sanitizer(stderr: str, source: str) -> Finding | None:
    ubsan = _UBSAN.search(stderr)
    asan = _ASAN_ERROR.search(stderr)
    memory = _ASAN_MEMORY.search(stderr)
    if memory and not (ubsan and ubsan.start() < memory.start()):
        return _memory_finding(memory, stderr, source)
    if ubsan and (not asan or ubsan.start() < asan.start()):
        return _ubsan_finding(int(ubsan[1]), ubsan[2], stderr, source)
    if asan:
        return _asan_finding(asan, stderr, source)
    return None


def _memory_finding(match: re.Match, raw: str, source: str) -> Finding:
    summary = _ASAN_SUMMARY.search(raw)
    _, line = _main_frame(raw[match.end():])
    error = summary[1] if summary else "out-of-memory"
    return Finding("memory", line, source_line(source, line), {"error": error},
                   scrub(raw), "asan")


def _ubsan_finding(line: int, text: str, raw: str, source: str) -> Finding:
    if "division by zero" in text:
        kind = "division_by_zero"
    elif "out of bounds for type" in text:
        kind = "out_of_bounds"
    elif "null pointer" in text:
        kind = "null_pointer"
    elif "signed integer overflow" in text:
        kind = "integer_overflow"
    elif "shift exponent" in text or "left shift" in text:
        kind = "bad_shift"
    elif "misaligned" in text or "insufficient space" in text:
        kind = "bad_pointer"
    else:
        kind = "undefined_behaviour"
    index = re.search(r"index (-?\d+) out of bounds for type '([^']*)'", text)
    fields = {"detail": text}
    if index:
        fields.update(index=index[1], type=index[2])
    return Finding(kind, line, source_line(source, line), fields, scrub(raw), "ubsan")


def _asan_finding(match: re.Match, raw: str, source: str) -> Finding:
    error, address = match[1], match[2] or ""
    after = raw[match.end():]
    _, line = _main_frame(after)
    access = _ASAN_ACCESS.search(after)
    fields = {"access": access[1].lower() if access else "", "error": error}
    variable = _ASAN_VARIABLE.search(after)
    if variable:
        fields["variable"] = variable[1]
    if error in _OUT_OF_BOUNDS:
        kind = "out_of_bounds"
    elif error == "heap-use-after-free":
        kind = "use_after_free"
    elif error in ("double-free", "attempting double-free"):
        kind = "double_free"
    elif error in ("bad-free", "attempting free on address which was not malloc()-ed"):
        kind = "bad_free"
    elif error == "stack-overflow":
        kind = "stack_overflow"
    elif error == "SEGV":
        kind = "null_pointer" if address and int(address, 16) < 4096 else "bad_pointer"
    elif error in ("FPE",):
        kind = "division_by_zero"
    elif error in ("allocation-size-too-big", "out-of-memory", "requested allocation size"):
        kind = "memory"
    else:
        kind = "memory_error"
    if "attempting double-free" in raw:
        kind = "double_free"
    return Finding(kind, line, source_line(source, line), fields, scrub(raw), "asan")


# --------------------------------------------------------------------------- valgrind

_VALGRIND_UNINIT = re.compile(
    r"(Conditional jump or move depends on uninitialised value|Use of uninitialised value|"
    r"Syscall param \S+ points to uninitialised byte)")
_VALGRIND_FRAME = re.compile(r"(?:at|by) 0x[0-9A-F]+: \w+ \(main\.c:(\d+)\)")


def parse_valgrind(stderr: str, source: str) -> Finding | None:
    match = _VALGRIND_UNINIT.search(stderr)
    if not match:
        return None
    frame = _VALGRIND_FRAME.search(stderr, match.end())
    line = int(frame[1]) if frame else 0
    return Finding("uninitialised", line, source_line(source, line), {}, scrub(stderr),
                   "valgrind")


def uninitialised_from_warnings(messages: list[CompilerMessage]) -> Finding | None:
    for message in messages:
        if message.option in ("-Wuninitialized", "-Wmaybe-uninitialized"):
            variable = re.search(r"'(\w+)'", message.text)
            return Finding("uninitialised", message.line, message.source_line,
                           {"variable": variable[1] if variable else ""},
                           f"main.c:{message.line}:{message.col}: warning: {message.text} "
                           f"[{message.option}]", "gcc")
    return None


# --------------------------------------------------------------------------- python

_PY_FRAME = re.compile(r'File "(?P<file>[^"]*)", line (?P<line>\d+)')
_PY_EXCEPTION = re.compile(r"^(?P<name>[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|"
                           r"Warning|Iteration))(?::\s*(?P<message>.*))?$", re.MULTILINE)
PYTHON_KINDS = {
    "ZeroDivisionError": "division_by_zero",
    "IndexError": "index_error",
    "KeyError": "key_error",
    "NameError": "name_error",
    "UnboundLocalError": "name_error",
    "TypeError": "type_error",
    "ValueError": "value_error",
    "RecursionError": "recursion",
    "MemoryError": "memory",
    "EOFError": "eof",
    "AttributeError": "attribute_error",
}


def parse_traceback(stderr: str, source: str) -> Finding | None:
    if "Traceback (most recent call last)" not in stderr:
        return None
    line = 0
    for match in _PY_FRAME.finditer(stderr):
        if match["file"].endswith("main.py"):
            line = int(match["line"])
    exceptions = list(_PY_EXCEPTION.finditer(stderr))
    name = exceptions[-1]["name"] if exceptions else "Exception"
    message = (exceptions[-1]["message"] or "") if exceptions else ""
    kind = PYTHON_KINDS.get(name.rsplit(".", 1)[-1], "exception")
    return Finding(kind, line, source_line(source, line),
                   {"exception": name, "detail": message.strip()}, scrub(stderr), "python")


_ASSERT = re.compile(r"main\.c:(\d+): \w+: Assertion `(.*)' failed")


def parse_assertion(stderr: str, source: str) -> Finding | None:
    match = _ASSERT.search(stderr)
    if not match:
        return None
    line = int(match[1])
    return Finding("assertion", line, source_line(source, line), {"condition": match[2]},
                   scrub(stderr), "libc")
