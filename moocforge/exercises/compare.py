"""Compare a program's standard output with the expected one: exact, whitespace, numeric.

Besides yes/no, a comparison says *how* the output differs, for beginners' feedback: the
first differing line, whether lines are missing or extra, and "near misses" (only spaces or
letter case differ).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

DiffKind = Literal["equal", "wrong", "missing", "extra", "empty"]
NearMiss = Literal["", "whitespace", "case"]
MAX_DIFF_LINES = 14


@dataclass(frozen=True, slots=True)
class Comparison:
    equal: bool
    kind: DiffKind
    line: int = 0  # 1-based first differing line
    expected_line: str | None = None
    actual_line: str | None = None
    expected_count: int = 0
    actual_count: int = 0
    near_miss: NearMiss = ""
    diff: tuple[str, ...] = field(default=())


def _normalise(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _as_number(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _tokens_match(expected: str, actual: str, tolerance: float) -> bool:
    exp, act = expected.split(), actual.split()
    if len(exp) != len(act):
        return False
    for e, a in zip(exp, act, strict=False):
        ne, na = _as_number(e), _as_number(a)
        if ne is not None and na is not None:
            if abs(ne - na) > tolerance:
                return False
        elif e != a:
            return False
    return True


def outputs_match(expected: str, actual: str, mode: str, tolerance: float = 1e-6) -> bool:
    if mode == "whitespace":
        return _normalise(expected) == _normalise(actual)
    if mode == "numeric":
        return _tokens_match(expected, actual, tolerance)
    return expected == actual


def compare(expected: str, actual: str, mode: str = "exact",
            tolerance: float = 1e-6) -> Comparison:
    if outputs_match(expected, actual, mode, tolerance):
        return Comparison(True, "equal")
    exp_lines, act_lines = _lines_for(expected, mode), _lines_for(actual, mode)
    same: Callable[[str, str], bool]
    if mode == "numeric":
        def same(e: str, a: str) -> bool:
            return _tokens_match(e, a, tolerance)
    else:
        def same(e: str, a: str) -> bool:
            return e == a
    pairs = enumerate(zip(exp_lines, act_lines, strict=False))
    index = next((i for i, (e, a) in pairs if not same(e, a)),
                 min(len(exp_lines), len(act_lines)))
    if not actual.strip():
        kind: DiffKind = "empty"
    elif index == len(act_lines) and index < len(exp_lines):
        kind = "missing"
    elif index == len(exp_lines) and index < len(act_lines):
        kind = "extra"
    else:
        kind = "wrong"
    return Comparison(
        equal=False, kind=kind, line=index + 1,
        expected_line=exp_lines[index] if index < len(exp_lines) else None,
        actual_line=act_lines[index] if index < len(act_lines) else None,
        expected_count=len(exp_lines), actual_count=len(act_lines),
        near_miss=_near_miss(expected, actual),
        diff=short_diff(expected, actual))


def _lines_for(text: str, mode: str) -> list[str]:
    if mode in ("whitespace", "numeric"):
        return _normalise(text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it is not an empty line
    return lines


def _near_miss(expected: str, actual: str) -> NearMiss:
    if _normalise(expected) == _normalise(actual):
        return "whitespace"
    if _normalise(expected.casefold()) == _normalise(actual.casefold()):
        return "case"
    return ""


def _visible(line: str) -> str:
    return line.replace("\t", "→").rstrip("\n") + ("·" if line.endswith(" ") else "")


def short_diff(expected: str, actual: str, labels: tuple[str, str] = ("expected", "actual"),
               limit: int = MAX_DIFF_LINES) -> tuple[str, ...]:
    """A unified diff, one line of context, trailing spaces made visible; at most `limit`."""
    diff = difflib.unified_diff(
        [_visible(x) for x in _lines_for(expected, "exact")],
        [_visible(x) for x in _lines_for(actual, "exact")],
        fromfile=labels[0], tofile=labels[1], lineterm="", n=1)
    lines = list(diff)
    if len(lines) > limit:
        lines = lines[:limit] + ["…"]
    return tuple(lines)
