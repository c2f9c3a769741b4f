"""`runs:` of course.yml (or of a variant): sessions, their time zone, and every date of the
course resolved for each of them.

```yaml
timezone: Europe/Paris
runs:
  2027-automne: {start: 2027-09-13, end: 2027-10-24}
  2028-printemps:
    start: 2028-03-06
    end: 2028-04-16
    dates: {quiz-variables: {due: week 3 + 2d}}   # an override by item (or week) id
  autoformation: {start: 2027-09-13, end: 2028-06-30, self_paced: true}
```

Reading a course happens in two steps: the runs are read first (their own dates are
absolute; enrollment dates may be relative to the run), so that weeks and items resolve
their relative dates against the first run; once the model is built, `schedule` resolves
every dated field again for each run (`Run.dates`) and applies the overrides.
"""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import replace

from moocforge.i18n import msg
from moocforge.load import dates
from moocforge.load.cursor import Cursor
from moocforge.model import Course, Moment, Peer, Run
from moocforge.runs import date_fields, date_key, for_run, week_owner

ITEM_FIELDS = ("release", "due")
PEER_FIELDS = ("submission_start", "submission_due")
STEP_FIELDS = ("start", "due")


def course_zone(course: Cursor, inherited: str | None) -> str:
    """`timezone:` of course.yml, else the catalogue's, else UTC."""
    name = course.get("timezone")
    if name is None:
        return inherited or "UTC"
    try:
        dates.zone(str(name))
    except dates.DateError as error:
        course.ctx.error(error.code, error.message, course.loc("timezone"), error.hint)
        return inherited or "UTC"
    return str(name)


def read_runs(holder: Cursor, timezone: str, weeks: int) -> tuple[Run, ...]:
    """The runs at `holder.runs` (course.yml or a variant), their own dates resolved."""
    runs = []
    raw = holder.get("runs")
    for run_id in (raw if isinstance(raw, dict) else {}):
        run = holder.at("runs", run_id)
        if isinstance(run.value, dict):
            runs.append(_run(run, str(run_id), timezone, weeks))
    return tuple(runs)


def _run(run: Cursor, run_id: str, timezone: str, weeks: int) -> Run:
    zone_name = timezone
    if run.has("timezone"):
        try:
            dates.zone(run.string("timezone"))
            zone_name = run.string("timezone")
        except dates.DateError as error:
            run.ctx.error(error.code, error.message, run.loc("timezone"), error.hint)
    base = dates.Frame(dates.zone(zone_name), weeks=weeks)
    start = _own_date(run, "start", base, None)
    end = _own_date(run, "end", base, start)
    own = dates.Frame(base.tz, start, end, weeks)
    found = Run(id=run_id, start=start, end=end,
                enrollment_start=run.date("enrollment_start", own),
                enrollment_end=run.date("enrollment_end", own), loc=run.loc(),
                timezone=zone_name, self_paced=bool(run.get("self_paced", False)))
    if found.start and found.end and found.end.at <= found.start.at:
        run.ctx.error("MF018", msg("run '{run_id}' ends ({end}) before it starts ({start})",
                                   run_id=run_id, end=found.end,
                                   start=found.start), found.loc, msg("swap or fix the dates"))
    return found


def _own_date(run: Cursor, key: str, base: dates.Frame, start: Moment | None
              ) -> Moment | None:
    """A run's `start:` or `end:`: an absolute date (docs/format.md). A date relative to the
    run is said to be one (it was "the course has no run"), with the day it would name."""
    value = run.get(key)
    try:
        expr = dates.parse(value) if value is not None else None
    except dates.DateError:
        expr = None  # reported by `run.date`
    if expr is None or not expr.relative:
        return run.date(key, base)
    example = "2027-03-01" if key == "start" else "2027-04-12"
    if start is not None and expr.anchor != "end":
        with contextlib.suppress(dates.DateError):
            example = dates.resolve(expr, replace(base, start=start), True).text
    run.ctx.error("MF033", msg("{key}: a run's `start:` and `end:` are absolute dates, not "
                               "relative to the run ('{value}')", key=key, value=expr.source),
                  run.loc(key), msg("write the date itself, e.g. `{key}: {example}`", key=key,
                                    example=example))
    return None


def frame_of(run: Run, weeks: int) -> dates.Frame:
    return dates.Frame(dates.zone(run.timezone), run.start, run.end, weeks)


def schedule(course: Course, runs: tuple[Run, ...], holder: Cursor) -> tuple[Run, ...]:
    """Each run with `dates`: every dated field resolved for it, then its overrides
    (`runs.<id>.dates` under `holder`); a self-paced run keeps no week or item date."""
    fields = [(key, moment) for key, moment in date_fields(course) if moment is not None]
    scheduled = []
    for run in runs:
        frame = frame_of(run, len(course.weeks))
        resolved: dict[str, Moment | None] = {}
        if not run.self_paced:
            for key, moment in fields:
                resolved[key] = _again(holder, moment, frame)
            resolved.update(_overrides(course, holder.at("runs", run.id), frame))
        scheduled.append(replace(run, dates=resolved))
    return tuple(scheduled)


def in_first_run(course: Course) -> Course:
    """The model as loaded carries the first run's dates."""
    return for_run(course, course.runs[0]) if course.runs else course


def _again(holder: Cursor, moment: Moment, frame: dates.Frame) -> Moment | None:
    try:
        return dates.resolve(dates.parse(moment.source), frame, moment.closing, moment.loc)
    except dates.DateError:  # reported when read against the first run
        return None


def _overrides(course: Course, run: Cursor, frame: dates.Frame) -> dict[str, Moment | None]:
    """`dates: {<item or week id>: {due: …, release: …, steps: {peer: {due: …}}}}`."""
    found: dict[str, Moment | None] = {}
    raw = run.get("dates")
    weeks = {week.id: week for week in course.weeks}
    for owner in (raw if isinstance(raw, dict) else {}):
        entry = run.at("dates", owner)
        item = course.item(str(owner))
        if item is None and str(owner) not in weeks:
            known = [i.id for i in course.items] + list(weeks)
            close = difflib.get_close_matches(str(owner), known, n=1)
            run.ctx.error("MF034", msg("dates: '{owner}' is no item or week id of the course",
                                       owner=owner),
                          run.key_loc("dates", owner),
                          f"did you mean '{close[0]}'?" if close else "check the id")
            continue
        if item is None:
            found.update(_fields(entry, week_owner(weeks[str(owner)]), ("release",), frame))
            continue
        allowed = ITEM_FIELDS + (PEER_FIELDS if isinstance(item, Peer) else ())
        found.update(_fields(entry, item.id, allowed, frame))
        if isinstance(item, Peer):
            for step in item.steps:
                found.update(_fields(entry.at("steps", step.kind), item.id, STEP_FIELDS,
                                     frame, prefix=f"{step.kind}."))
    return found


def _fields(entry: Cursor, owner: str, allowed: tuple[str, ...], frame: dates.Frame,
            prefix: str = "") -> dict[str, Moment | None]:
    found: dict[str, Moment | None] = {}
    for key in entry.data:
        if key == "steps" and not prefix:
            continue
        if key not in allowed:
            entry.ctx.error("MF034", msg("dates: '{key}' is not a date of '{owner}'", key=key,
                                         owner=owner),
                            entry.key_loc(key), msg("dates here: {allowed}",
                                                    allowed=', '.join(allowed)))
            continue
        found[date_key(owner, prefix + key)] = entry.date(key, frame)
    return found


__all__ = ["course_zone", "frame_of", "in_first_run", "read_runs", "schedule"]
