"""Release and due dates fall inside a run, and nothing is due before it is released.

**Why.** A due date after the end of the run closes the item before learners can submit; a
due date before the release date makes the item impossible; a week released after the next
one breaks the order of the course. Platforms accept all of these.

**What it checks.**

- in every run, every week `release:` and item `release:` / `due:` — as that run
  resolves it: relative dates follow the run, overrides apply — lies inside the run (from
  its `start` to the end of its `end` day); an absolute date shared by two runs is
  outside one of them;
- an item is due after it is released (its own `release:`, or its week's);
- an item is not released before its week (a warning: it stays hidden until then);
- weeks are released in order (a warning).

Peer-assessment step dates are checked by `peer-rubric`.

**Options:**

- `week_order: true` — check that weeks are released in order.

**Passes:**

```yaml
# runs: {2027-spring: {start: 2027-03-01, end: 2027-04-12}}
- {quiz: q.yml, graded: true, type: Quiz, release: 2027-03-01, due: 2027-03-15}
```

**Fails:**

```yaml
- {quiz: q.yml, graded: true, type: Quiz, release: 2027-03-15, due: 2027-03-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc, Moment, Run
from moocforge.rules._common import Finding, Options, at, inside_a_run, runs_text
from moocforge.runs import for_run

CODE = "MF403"
NAME = "dates-in-run"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {"week_order": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def _outside(course: Course, run: Run, what: str, value: Moment | None, loc: Loc, item: str,
             options: Options) -> Iterator[Diagnostic]:
    moment = at(value)
    if moment is not None and value is not None and not inside_a_run(moment, (run,)):
        written = f" ('{value.source}')" if value.relative else ""
        yield finding(options, msg("{what} {value}{written} is outside run {value2}", what=what,
                                   value=value, written=written,
                                   value2=runs_text((run,))), value.loc if value.loc.file else loc,
                      hint=msg("write the date relative to the run (`week 2 + 6d`), override it "
                               "under `runs.{id}.dates`, or move it inside the run",
                               id=run.id), item=item)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for run in course.runs:
        label = f"run {run.id}: " if len(course.runs) > 1 else ""
        yield from _check_run(for_run(course, run), run, label, options)


def _check_run(course: Course, run: Run, label: str, options: Options
               ) -> Iterator[Diagnostic]:
    previous = None
    for week in course.weeks:
        week_release = at(week.release)
        yield from _outside(course, run, f"week {week.number} release", week.release,
                            week.loc, "", options)
        if options["week_order"] and week_release and previous and week_release < previous[1]:
            yield finding(options, msg("{label}week {number} is released ({release}) before week "
                                       "{previous} ({previous2})", label=label, number=week.number,
                                       release=week.release, previous=previous[0],
                                       previous2=previous[2]), week.loc,
                          hint=msg("release the weeks in their order, or reorder them under "
                                   "`weeks:` in course.yml"), severity="warning")
        if week_release:
            previous = (week.number, week_release, week.release)
        for item in week.items:
            yield from _outside(course, run, f"release of '{item.id}'", item.release,
                                item.loc, item.id, options)
            yield from _outside(course, run, f"due date of '{item.id}'", item.due, item.loc,
                                item.id, options)
            release, due = at(item.release), at(item.due)
            opens = release or week_release
            if due and opens and due <= opens:
                yield finding(options, msg("{label}'{id}' is due ({due}) before it is released "
                                           "({value})", label=label, id=item.id, due=item.due,
                                           value=item.release or week.release), item.loc,
                              hint=msg("the due date must come after the release date"),
                              item=item.id)
            if release and week_release and release < week_release:
                yield finding(options, msg("{label}'{id}' is released ({release}) before its "
                                           "week ({release2}); it stays hidden until then",
                                           label=label, id=item.id, release=item.release,
                                           release2=week.release),
                              item.loc, hint=msg("release it with its week, or move it to the "
                                                 "week it opens in"),
                              item=item.id, severity="warning")
