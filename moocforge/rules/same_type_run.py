"""No more than 3 items of the same kind in a row.

**Why.** Alternating watching, reading and doing keeps learners active; Coursera's vendor
guide allows no more than two items of the same type in a row (platforms.md, section 3).

**What it checks.** Within each week (lessons are followed one after the other, as a
learner does), a run of more than `max_run` consecutive items of the same kind is reported
once, at the first item past the limit. Practice and graded quizzes are different kinds
here, as on Coursera.

**Options:**

- `max_run: 3` — longest allowed run.
- `kinds: [video, reading, practice-quiz, graded-quiz, exercise, peer, discussion,
  external]` — the kinds checked (every registered item kind, quizzes split in two).

**Passes:**

```yaml
items: [{video: a.mp4, title: A}, {video: b.mp4, title: B}, {quiz: q.yml},
        {video: c.mp4, title: C}]
```

**Fails:**

```yaml
items: [{video: a.mp4, title: A}, {video: b.mp4, title: B}, {video: c.mp4, title: C},
        {video: d.mp4, title: D}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge import kinds
from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Item
from moocforge.rules._common import Finding, Options

CODE = "MF114"
NAME = "same-type-run"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "week"  # findings depend on one week alone: the preview re-checks changed ones
RUN_KINDS = [part for name in kinds.names()
             for part in (("practice-quiz", "graded-quiz") if name == "quiz" else (name,))]
DEFAULTS: dict[str, object] = {"max_run": 3, "kinds": RUN_KINDS}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def run_kind(item: Item) -> str:
    if item.kind == "quiz":
        return "graded-quiz" if item.graded else "practice-quiz"
    return item.kind


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    limit = int(options["max_run"])
    checked = set(options["kinds"])
    for week in course.weeks:
        run: list[Item] = []
        for item in week.items:
            if run and run_kind(run[-1]) != run_kind(item):
                run = []
            run.append(item)
            if len(run) == limit + 1 and run_kind(item) in checked:
                yield finding(
                    options, msg("{run} {item} items in a row in week {number} (from '{id}'; "
                                 "limit {limit})", run=len(run), item=run_kind(item),
                                 number=week.number, id=run[0].id, limit=limit), item.loc,
                    hint=msg("interleave another kind of item (a practice quiz after videos, a "
                             "video between readings)"), item=item.id)
