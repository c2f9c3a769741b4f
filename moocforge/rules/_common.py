"""Helpers shared by the rule modules: building findings, dates, item classification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.model import Item, Loc, Run, moment

# Item kinds where the learner *does* something (as opposed to watching or reading).
ACTIVITY_KINDS = ("quiz", "exercise", "peer", "discussion")
# Item kinds that produce a score, so that they can be graded.
SCORED_KINDS = ("quiz", "exercise", "peer")


@dataclass(frozen=True)
class Finding:
    """Builds the Diagnostics of one rule: `finding(options, message, loc, ...)`."""

    code: str
    name: str
    default_severity: Severity

    def __call__(self, options: Mapping[str, object], message: str, loc: Loc, *,
                 hint: str = "", item: str = "", severity: Severity | None = None
                 ) -> Diagnostic:
        level = severity or options.get("severity") or self.default_severity
        return Diagnostic(self.code, level, message, loc, hint, self.name, item)  # type: ignore[arg-type]


def is_formative_activity(item: Item, count_graded: bool = False) -> bool:
    """An activity that gives practice: ungraded quiz, exercise, peer, discussion."""
    if item.kind not in ACTIVITY_KINDS:
        return False
    if item.kind == "quiz" and item.graded:
        return count_graded
    return True


def minutes(value: float) -> str:
    """`12.5 min` with at most one decimal."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} min"


# --------------------------------------------------------------------------- dates


@lru_cache(maxsize=4096)
def when(text: str | None, end_of_day: bool = False) -> datetime | None:
    """An ISO date or date-time as an aware UTC datetime; a bare date is midnight UTC
    (or the last second of that day when `end_of_day`, for run ends)."""
    if not text:
        return None
    try:
        return moment(text, end_of_day)
    except ValueError:
        return None


def inside_a_run(moment: datetime, runs: tuple[Run, ...]) -> bool:
    """True when `moment` is within at least one run (a run without an end is open)."""
    for run in runs:
        start = when(run.start)
        end = when(run.end, end_of_day=True)
        if (start is None or moment >= start) and (end is None or moment <= end):
            return True
    return False


def runs_text(runs: tuple[Run, ...]) -> str:
    return ", ".join(f"{r.id} {r.start}…{r.end or ''}" for r in runs)
