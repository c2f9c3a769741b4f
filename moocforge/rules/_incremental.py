"""Re-running only the rules whose inputs changed (the preview lints on every edit).

Each rule module declares its `SCOPE`:

- `"item"`: its findings about an item depend only on that item (and its Markdown);
- `"week"`: its findings about a week depend only on that week (its items, their Markdown);
- `"course"` (the default): anything else — across weeks, the file inventory, the translation lock.

Item and week rules are run per *part*: one week (with the documents of its items) at a
time, plus the course's own documents, each part a course of its own with the same
settings. A part whose content equals the part of the previous run (same week, same
documents, same course settings) gets its previous findings back; only changed parts are
checked again. Course-wide rules always run. The result equals a full `lint()` (a test
compares them after edits).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import ModuleType

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Document

Scope = str  # "item" | "week" | "course"
SCOPES = ("item", "week", "course")
Run = Callable[[ModuleType, Course], list[Diagnostic]]


def scope_of(module: ModuleType) -> Scope:
    scope = getattr(module, "SCOPE", "course")
    return scope if scope in SCOPES else "course"


@dataclass
class LintMemo:
    """The parts of the last run and their findings per rule; `reused` / `checked` count
    (rule, part) pairs."""

    keys: dict[int, tuple[object, ...]] = field(default_factory=dict)  # part -> its content
    findings: dict[tuple[str, int], list[Diagnostic]] = field(default_factory=dict)
    reused: int = 0
    checked: int = 0
    _course: Course | None = None
    _parts: list[tuple[int, Course]] = field(default_factory=list)
    _changed: set[int] = field(default_factory=set)

    def _begin(self, course: Course) -> None:
        """Split the course into parts once per lint run and find the changed ones (each
        part compared once, not once per rule)."""
        if course is self._course:
            return
        shell = _shell(course)
        self._course, self._parts, self._changed = course, _parts(course), set()
        keys: dict[int, tuple[object, ...]] = {
            number: (shell, part.weeks, part.documents) for number, part in self._parts}
        for number, key in keys.items():
            if self.keys.get(number) != key:
                self._changed.add(number)
        self.keys = keys

    def run(self, module: ModuleType, course: Course, options_key: str, run: Run
            ) -> list[Diagnostic]:
        if scope_of(module) == "course":
            return run(module, course)
        self._begin(course)
        merged: Counter[Diagnostic] = Counter()
        for number, part in self._parts:
            memo_key = (f"{module.CODE}:{options_key}", number)
            found = self.findings.get(memo_key)
            if found is None or number in self._changed:
                found = self.findings[memo_key] = run(module, part)
                self.checked += 1
            else:
                self.reused += 1
            # a finding about the course itself comes out of every part: keep it once
            for diagnostic, count in Counter(found).items():
                merged[diagnostic] = max(merged[diagnostic], count)
        return list(merged.elements())


def _shell(course: Course) -> Course:
    """The course without its weeks and what changes with any file (sizes, documents)."""
    return replace(course, weeks=(), documents=(), inventory={}, files=())


def _parts(course: Course) -> list[tuple[int, Course]]:
    """(part number, course of one week and its documents); part 0: the course's own
    documents (about page, texts outside any week)."""
    week_of_item = {item.id: week.number for week in course.weeks for item in week.items}
    by_week: dict[int, list[Document]] = {}
    for doc in course.documents:
        by_week.setdefault(week_of_item.get(doc.item, 0), []).append(doc)
    parts = [(0, replace(course, weeks=(), documents=tuple(by_week.get(0, ()))))]
    for week in course.weeks:
        parts.append((week.number, replace(course, weeks=(week,),
                                           documents=tuple(by_week.get(week.number, ())))))
    return parts
