"""Suppressions: `lint: {ignore: {CODE-or-slug: "reason"}}` on an item, a week or the course.

An item suppression silences the findings about that item; a week suppression the findings
about the week and its items (and its files); a course suppression every finding of the rule.
A suppression that silenced nothing is itself reported (MF100 unused-suppression), so that
stale excuses do not pile up once the course is fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Item, Suppression, Week


@dataclass(frozen=True)
class Scope:
    kind: str  # "course", "week" or "item"
    week: Week | None = None
    item: Item | None = None


def all_suppressions(course: Course) -> list[tuple[Suppression, Scope]]:
    found = [(s, Scope("course")) for s in course.suppressions]
    for week in course.weeks:
        found += [(s, Scope("week", week)) for s in week.suppressions]
        found += [(s, Scope("item", week, item)) for item in week.items
                  for s in item.suppressions]
    return found


def _week_of_file(course: Course, file: str) -> Week | None:
    for week in course.weeks:
        if file == week.loc.file or file.startswith(week.dir.rstrip("/") + "/"):
            return week
    return None


def _covers(scope: Scope, finding: Diagnostic, item_weeks: dict[str, Week],
            course: Course) -> bool:
    if scope.kind == "course":
        return True
    if scope.kind == "item":
        return bool(finding.item) and scope.item is not None and finding.item == scope.item.id
    week = item_weeks.get(finding.item) if finding.item else _week_of_file(course,
                                                                          finding.loc.file)
    return week is not None and scope.week is not None and week.id == scope.week.id


def apply(course: Course, findings: Iterable[Diagnostic],
          find_rule: Callable[[str], ModuleType | None]) -> tuple[
        list[Diagnostic], list[tuple[Suppression, Scope, ModuleType]]]:
    """Findings left after suppressions, and the suppressions that silenced nothing."""
    suppressions = [(s, scope, rule) for s, scope in all_suppressions(course)
                    if (rule := find_rule(s.code)) is not None]
    by_code: dict[str, list[int]] = {}
    for index, (_, _, rule) in enumerate(suppressions):
        by_code.setdefault(rule.CODE, []).append(index)
    item_weeks = {item.id: week for week, _, item in course.walk()}
    used: set[int] = set()
    kept = []
    for finding in findings:
        hits = [i for i in by_code.get(finding.code, ())
                if _covers(suppressions[i][1], finding, item_weeks, course)]
        used.update(hits)
        if not hits:
            kept.append(finding)
    unused = [entry for i, entry in enumerate(suppressions) if i not in used]
    return kept, unused
