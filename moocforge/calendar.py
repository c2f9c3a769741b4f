"""A run's calendar: every week and dated item, when it opens and when it is due, in the
run's local time and in UTC (`moocforge dates`). Pure: imports only the model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from moocforge.model import Course, Moment, Peer, Run
from moocforge.runs import for_run


@dataclass(frozen=True, slots=True)
class Row:
    week: int
    what: str  # "week", "quiz q1-evaluation", "peer p4 (peer step)"
    title: str
    opens: Moment | None
    due: Moment | None

    def to_dict(self) -> dict[str, Any]:
        def when(m: Moment | None) -> dict[str, str] | None:
            return None if m is None else {"utc": m.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                           "source": m.source, "text": m.text}
        return {"week": self.week, "what": self.what, "title": self.title,
                "opens": when(self.opens), "due": when(self.due)}


def calendar(course: Course, run: Run) -> list[Row]:
    dated = for_run(course, run)
    rows = []
    for week in dated.weeks:
        rows.append(Row(week.number, "week", week.title.default, week.release, None))
        for item in week.items:
            if item.release or item.due:
                rows.append(Row(week.number, f"{item.kind} {item.id}", item.title.default,
                                item.release, item.due))
            if isinstance(item, Peer):
                if item.submission_start or item.submission_due:
                    rows.append(Row(week.number, f"peer {item.id} (submissions)",
                                    item.title.default, item.submission_start,
                                    item.submission_due))
                rows += [Row(week.number, f"peer {item.id} ({step.kind} step)",
                             item.title.default, step.start, step.due)
                         for step in item.steps if step.start or step.due]
    return rows


def local(moment: Moment | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "—"
    return moment.at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


def utc(moment: Moment | None) -> str:
    return "" if moment is None else moment.at.strftime("%Y-%m-%d %H:%MZ")


def format_calendar(course: Course, run: Run, rows: list[Row]) -> str:
    zone = ZoneInfo(run.timezone)
    head = (f"{course.edition} — run {run.id}: {local(run.start, zone)} → "
            f"{local(run.end, zone)} ({run.timezone}"
            f"{', self-paced' if run.self_paced else ''})")
    lines = [head, "", f"{'week':<5} {'what':<34} {'opens (local)':<21} {'due (local)':<21} "
             f"{'due (UTC)':<18} written"]
    for row in rows:
        written = " / ".join(m.source for m in (row.opens, row.due) if m is not None)
        lines.append(f"{row.week:<5} {row.what[:34]:<34} {local(row.opens, zone):<21} "
                     f"{local(row.due, zone):<21} {utc(row.due):<18} {written}")
    return "\n".join(lines) + "\n"


def today() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)
