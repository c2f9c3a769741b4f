"""A codecast's steps applied to its code: the code the learner sees at each step.

Pure functions of the model, shared by the lint rule that checks every step applies, by
`moocforge check` (which runs the code of the steps that declare a run) and by the writers
(which ship each step's code to the player).
"""

from __future__ import annotations

from dataclasses import dataclass

from moocforge.model import Codecast, CodecastStep, CodeEdit, Position
from moocforge.workload import word_count

STEP_PAUSE = 0.4  # seconds of silence between two steps of generated narration
MIN_STEP_SECONDS = 1.5  # a step without words still shows its code this long
MAX_REPLAYED_CHARS = 20_000_000  # the code of all steps together (the player ships each)


class EditError(ValueError):
    """A step that does not apply to the code before it; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class StepState:
    step: CodecastStep
    code: str  # the code once the step is applied
    typed: tuple[int, str] | None  # (offset, text) the step types in, for the player
    problem: EditError | None  # why the step did not apply (its code is then the previous)


def lines_of(code: str) -> list[str]:
    return code.split("\n")


def offset(code: str, position: Position) -> int:
    """The character offset of `position`; EditError when the code has no such place."""
    lines = lines_of(code)
    if not 1 <= position.line <= len(lines):
        raise EditError(f"line {position.line} does not exist (the code has {len(lines)} "
                        f"line{'s' if len(lines) != 1 else ''} at this step)",
                        "count lines in the code as it is before this step")
    line = lines[position.line - 1]
    if not 1 <= position.col <= len(line) + 1:
        raise EditError(f"line {position.line} has {len(line)} characters: column "
                        f"{position.col} is outside it",
                        f"use a column from 1 to {len(line) + 1} (the end of the line)")
    return sum(len(text) + 1 for text in lines[:position.line - 1]) + position.col - 1


def position_of(code: str, index: int) -> Position:
    before = code[:index]
    line = before.count("\n") + 1
    return Position(line, index - (before.rfind("\n") + 1) + 1)


def _span(code: str, edit: CodeEdit) -> tuple[int, int]:
    if edit.find is not None:
        count = code.count(edit.find) if edit.find else 0
        if count != 1:
            where = "does not occur" if count == 0 else f"occurs {count} times"
            raise EditError(f"find: {edit.find!r} {where} in the code at this step",
                            "quote text that occurs exactly once, or give from/to positions")
        start = code.index(edit.find)
        return start, start + len(edit.find)
    if edit.start is None:
        raise EditError(f"{edit.kind} needs a position", "give `at:` (insert) or `from:`/`to:`")
    start = offset(code, edit.start)
    end = offset(code, edit.end) if edit.end is not None else start
    if end < start:
        raise EditError(f"to: {edit.end} comes before from: {edit.start}",
                        "write the start of the span in `from:` and its end in `to:`")
    return start, end


def apply_edit(code: str, edit: CodeEdit) -> tuple[str, tuple[int, str] | None]:
    """The code after `edit`, and what it types in (offset, text) if anything."""
    if edit.kind == "code":
        return edit.text, None
    start, end = _span(code, edit)
    if edit.kind == "insert":
        return code[:start] + edit.text + code[start:], (start, edit.text)
    if edit.kind == "delete":
        return code[:start] + code[end:], None
    return code[:start] + edit.text + code[end:], (start, edit.text)


def check_view(code: str, step: CodecastStep) -> None:
    """The cursor, selection and highlighted lines of a step fall inside its code."""
    for place in (step.cursor, *(step.selection or ())):
        if place is not None:
            offset(code, place)
    count = len(lines_of(code))
    for line in step.highlight:
        if not 1 <= line <= count:
            raise EditError(f"highlight: line {line} does not exist (the code has {count} "
                            "lines at this step)", "highlight lines of the code as the step "
                            "leaves it")


def replay(codecast: Codecast) -> list[StepState]:
    """Every step applied in order. A step that does not apply keeps the previous code, so
    later steps are still checked (and reported) against something sensible. Past
    MAX_REPLAYED_CHARS of code in all, the first step over it is the problem and the next
    ones are not applied (they keep its code)."""
    code = codecast.start
    states = []
    volume = 0
    for step in codecast.steps:
        typed = None
        problem = None
        try:
            volume += len(code)
            if volume > MAX_REPLAYED_CHARS:  # each step holds its own copy of the code
                if volume - len(code) > MAX_REPLAYED_CHARS:  # reported at the first step over
                    states.append(StepState(step, code, None, None))
                    continue
                raise EditError(f"the code of the steps up to this one adds up to over "
                                f"{MAX_REPLAYED_CHARS:,} characters",
                                "split the codecast into shorter ones, each on one idea")
            if step.edit is not None:
                new_code, typed = apply_edit(code, step.edit)
            else:
                new_code = code
            check_view(new_code, step)
            code = new_code
        except EditError as error:
            problem = error
            typed = None
        states.append(StepState(step, code, typed, problem))
    return states


def final_code(codecast: Codecast) -> str:
    states = replay(codecast)
    return states[-1].code if states else codecast.start


def narration_files(file: str, lang: str) -> tuple[str, str]:
    """Where `moocforge codecast narrate` writes a language's audio and cue list, beside the
    codecast file (the loader finds them there)."""
    stem = file.rsplit(".", 1)[0]
    return f"{stem}.{lang}.mp3", f"{stem}.{lang}.vtt"


def estimate_timings(steps: tuple[CodecastStep, ...], lang: str, wpm: int
                     ) -> tuple[tuple[float, float], ...]:
    """Step timings from the narration's words at `wpm`, spaced as `narrate` spaces them."""
    timings = []
    clock = 0.0
    for step in steps:
        seconds = max(MIN_STEP_SECONDS, word_count(step.narration.get_lang(lang)) / wpm * 60)
        timings.append((round(clock, 3), round(clock + seconds, 3)))
        clock += seconds + STEP_PAUSE
    return tuple(timings)


__all__ = [
    "MIN_STEP_SECONDS",
    "STEP_PAUSE",
    "EditError",
    "StepState",
    "apply_edit",
    "check_view",
    "estimate_timings",
    "final_code",
    "lines_of",
    "narration_files",
    "offset",
    "position_of",
    "replay",
]
