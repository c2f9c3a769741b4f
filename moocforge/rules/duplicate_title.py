"""No two items (or lessons) of a week share a title.

**Why.** Navigation on every platform shows titles only: two "Exercise" entries in the same
week force learners to open both to find the one they want, and analytics tables keyed by
title become ambiguous.

**What it checks.** Within each week and in each course language, item titles are unique
(compared case-insensitively, spaces collapsed); with `lessons`, lesson titles too. The
second occurrence is reported.

**Options:**

- `lessons: true` — also compare lesson titles.

**Passes:**

```yaml
items: [{quiz: q1.yml, title: Check your syntax}, {quiz: q2.yml, title: Check your types}]
```

**Fails:**

```yaml
items: [{quiz: q1.yml, title: Quiz}, {quiz: q2.yml, title: Quiz}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, I18nText, Loc
from moocforge.rules._common import Finding, Options

CODE = "MF402"
NAME = "duplicate-title-in-week"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "week"  # findings depend on one week alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"lessons": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for week in course.weeks:
        entries: list[tuple[str, str, I18nText, Loc, str]] = []
        if options["lessons"]:
            entries += [("lesson", lesson.id, lesson.title, lesson.loc, "")
                        for lesson in week.lessons]
        entries += [("item", item.id, item.title, item.loc, item.id) for item in week.items]
        yield from _duplicates(course, week.number, entries, options)


def _duplicates(course: Course, number: int, entries: list[tuple[str, str, I18nText, Loc, str]],
                options: Options) -> Iterator[Diagnostic]:
    for kind in ("lesson", "item"):
        first: dict[tuple[str, str], str] = {}
        for entry_kind, entry_id, title, loc, item_id in entries:
            if entry_kind != kind:
                continue
            for lang in course.languages:
                text = title.get(lang)
                if not text:
                    continue
                key = (lang, " ".join(text.casefold().split()))
                if key in first:
                    yield finding(options, msg("{kind} '{entry_id}' has the same title as "
                                               "'{first}' in week {number}: '{text}'", kind=kind,
                                               entry_id=entry_id, first=first[key], number=number,
                                               text=text), loc,
                                  hint=msg("make titles say what differs"), item=item_id)
                    break
                first[key] = entry_id
