"""About two hours of work a week, over four to five weeks.

**Why.** Learners declare about 2 hours a week for 4 to 5 weeks at most (IMT, *4 ans de
MOOC, bilan 2013-2016*); longer courses complete less (Jordan 2015, median completion
12.6%); Coursera asks for 1-2 h per module over 4-6 modules (platforms.md, section 3).

**What it checks.** The estimated work of each week (`moocforge.workload`: video durations,
readings at the course reading rate, the course's minutes per quiz question, exercise, peer
review and discussion, or the items' declared `minutes:`) must lie within the tolerance of
the target: `workload: weekly_minutes` of course.yml (default 120) ± `workload: tolerance`
(default 0.25), so 90 to 150 minutes by default. `min_minutes` / `max_minutes` replace a
side of the band with an absolute number. The number of weeks must lie between
`min_weeks` and `max_weeks`. `moocforge workload <course>` prints the per-week details;
docs/lint.md ("The workload report") gives the sources of every number.

**Options:**

- `min_minutes: null` — absolute lower bound (replaces the target − tolerance).
- `max_minutes: null` — absolute upper bound (replaces the target + tolerance).
- `min_weeks: 4` — fewest weeks.
- `max_weeks: 5` — most weeks.

**Passes:**

```yaml
# course.yml
workload: {weekly_minutes: 120, tolerance: 0.25}
weeks: [weeks/01, weeks/02, weeks/03, weeks/04]   # each 90 to 150 minutes of work
```

**Fails:**

```yaml
# course.yml
workload: {weekly_minutes: 120}
weeks: [weeks/01]      # one week of 61 minutes: too short, too light
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options, minutes
from moocforge.workload import week_minutes

CODE = "MF111"
NAME = "weekly-workload"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"min_minutes": None, "max_minutes": None, "min_weeks": 4,
                               "max_weeks": 5}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def band(course: Course, options: Options) -> tuple[float, float]:
    """The accepted minutes a week: the target ± the course's tolerance, unless an option
    gives a side in minutes."""
    target, tolerance = course.weekly_minutes_target, course.workload.tolerance
    low, high = options["min_minutes"], options["max_minutes"]
    return (float(low) if low is not None else target * (1 - tolerance),
            float(high) if high is not None else target * (1 + tolerance))


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    low, high = band(course, options)
    target = course.weekly_minutes_target
    for week in course.weeks:
        total = week_minutes(course, week)
        if total < low or total > high:
            side = msg("under") if total < low else msg("over")
            yield finding(
                options, msg("week {number} ({id}) has about {total} of work, {side} the "
                             "{low}–{high} band (target {target} ± {tolerance:.0%})",
                             number=week.number, id=week.id, total=minutes(total), side=side,
                             low=minutes(low), high=minutes(high), target=minutes(target),
                             tolerance=course.workload.tolerance), week.loc,
                hint=msg("run `moocforge workload` for the estimate of every item; declare "
                         "`minutes:` on items whose default estimate is wrong, or set the "
                         "course's `workload:` (tolerance, estimates) in course.yml"))
    count = len(course.weeks)
    if count < int(options["min_weeks"]) or count > int(options["max_weeks"]):
        yield finding(
            options, msg("the course has {count} week(s); the target is {min_weeks}–{max_weeks}",
                         count=count, min_weeks=options['min_weeks'],
                         max_weeks=options['max_weeks']), course.loc,
            hint=msg("learners commit to 4-5 weeks; split a long course into several courses"))
