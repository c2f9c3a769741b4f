"""No more than 20 minutes of video without a formative activity.

**Why.** Attention drops during long stretches of passive watching; retrieval practice
right after a few short videos is what makes them stick. The team's first rule, reported
as Coursera's recommendation in IMT's report *4 ans de MOOC, bilan 2013-2016* ("a formative
activity after about 20 minutes of video"); related: Coursera's vendor guide asks for at
least one practice activity per module (platforms.md, section 3).

**What it checks.** Walking the items of each week in order, it adds up video minutes
(`moocforge.workload` estimates: probed, locked, script-based or declared durations; a
codecast counts its narration) and resets the count at every formative activity: an
ungraded quiz, an exercise, a peer assessment or a discussion. When the count goes over
`max_minutes`, the video that crossed the limit is reported (once per stretch), with the
videos of the stretch. Readings do not reset the count. Videos of unknown duration count
as 0.

**Options:**

- `max_minutes: 20` — video minutes allowed between two formative activities.
- `count_graded: false` — whether a graded quiz also resets the count.
- `per_week: true` — start counting afresh at each week.

**Passes:**

```yaml
items:
  - {video: media/a.mp4, title: A}        # 9 min
  - {video: media/b.mp4, title: B}        # 8 min
  - {quiz: practice.yml}                  # ungraded: resets the count
  - {video: media/c.mp4, title: C}        # 9 min
```

**Fails:**

```yaml
items:
  - {video: media/a.mp4, title: A}        # 9 min
  - {video: media/b.mp4, title: B}        # 8 min
  - {reading: notes.md}
  - {video: media/c.mp4, title: C}        # 9 min: 26 min without practice
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.kinds import kind_of
from moocforge.model import Course, Item
from moocforge.rules._common import Finding, Options, is_formative_activity, minutes
from moocforge.workload import item_minutes

CODE = "MF110"
NAME = "formative-gap"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"max_minutes": 20, "count_graded": False, "per_week": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    limit = float(options["max_minutes"])
    stretch: list[tuple[Item, float]] = []
    reported = False
    for index, week in enumerate(course.weeks):
        if options["per_week"] or index == 0:
            stretch, reported = [], False
        for item in week.items:
            if is_formative_activity(item, bool(options["count_graded"])):
                stretch, reported = [], False
                continue
            if not kind_of(item).watched:  # videos and codecasts
                continue
            stretch.append((item, item_minutes(course, item)))
            total = sum(m for _, m in stretch)
            if total > limit and not reported:
                reported = True
                names = ", ".join(i.id for i, _ in stretch)
                yield finding(
                    options, msg("{total} of video without a formative activity (limit {limit}): "
                                 "{names}", total=minutes(total), limit=minutes(limit),
                                 names=names), item.loc,
                    hint=msg("add a practice quiz, an exercise or a discussion before this video"),
                    item=item.id)
