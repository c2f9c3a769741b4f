"""Helpers shared by the rule modules: building findings, dates, item classification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.kinds import kind_of
from moocforge.model import Item, Loc, Moment, Run

Options = Mapping[str, Any]  # a rule's resolved options (declared in its DEFAULTS)


@dataclass(frozen=True)
class Finding:
    """Builds the Diagnostics of one rule: `finding(options, message, loc, ...)`."""

    code: str
    name: str
    default_severity: Severity

    def __call__(self, options: Options, message: str, loc: Loc, *,
                 hint: str = "", item: str = "", severity: Severity | None = None
                 ) -> Diagnostic:
        level = severity or options.get("severity") or self.default_severity
        return Diagnostic(self.code, level, message, loc, hint, self.name, item)


def is_formative_activity(item: Item, count_graded: bool = False) -> bool:
    """An activity that gives practice (a kind where the learner acts: quiz, exercise,
    peer, discussion, external tool); a graded quiz counts only with `count_graded`."""
    if not kind_of(item).activity:
        return False
    if item.kind == "quiz" and item.graded:
        return count_graded
    return True


def is_scorable(item: Item) -> bool:
    """A kind that can carry a score, so can be graded."""
    return kind_of(item).scorable


def minutes(value: float) -> str:
    """`12.5 min` with at most one decimal."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} min"


# --------------------------------------------------------------------------- dates


def at(moment: Moment | None) -> datetime | None:
    return moment.at if moment is not None else None


def inside_a_run(moment: datetime, runs: tuple[Run, ...]) -> bool:
    """True when `moment` is within at least one run (a run without an end is open; a
    date-only run end means the end of that day)."""
    for run in runs:
        start = at(run.start)
        end = run.end.end_of_day if run.end is not None else None
        if (start is None or moment >= start) and (end is None or moment <= end):
            return True
    return False


def runs_text(runs: tuple[Run, ...]) -> str:
    return ", ".join(f"{r.id} {r.start or ''}…{r.end or ''}" for r in runs)
