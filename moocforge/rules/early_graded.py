"""A graded activity in week 1 and in week 2.

**Why.** A graded item in week 1 improves completion (Coursera, 2024), and the team measures
"started" (did graded work in week 1) and "persistent" (did graded work in week 2) learners
from grades; without graded items in those weeks neither number exists. Weeks 1-2 are where
most learners drop out (Jordan 2015).

**What it checks.** Each week listed in `weeks` (1-based; weeks the course does not have are
skipped) holds at least one item with `graded: true`.

**Options:**

- `weeks: [1, 2]` — the weeks that need a graded activity.

**Passes:**

```yaml
# weeks/01/week.yml
items: [{video: a.mp4, title: A}, {quiz: check-1.yml, graded: true, type: Quiz}]
```

**Fails:**

```yaml
# weeks/01/week.yml: nothing graded
items: [{video: a.mp4, title: A}, {quiz: practice.yml}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options

CODE = "MF200"
NAME = "early-graded"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "week"  # findings depend on one week alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"weeks": [1, 2]}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    wanted = {int(n) for n in options["weeks"]}
    for week in course.weeks:
        if week.number in wanted and not any(item.graded for item in week.items):
            yield finding(
                options, msg("week {number} ({id}) has no graded activity", number=week.number,
                             id=week.id),
                week.loc, hint=msg("grade a short quiz this week so that analytics can tell who "
                                   "started and who persisted"))
