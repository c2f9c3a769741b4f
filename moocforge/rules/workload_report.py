"""The workload report: estimated minutes of work per week and per kind of item.

Estimates come from `moocforge.workload` (declared `minutes:` win; videos use their best
known duration and the report says where each came from: probe, lock, script, declared or
unknown; readings are words at the course reading rate, default 238 wpm, code lines
slower; quizzes, exercises, peer assessments and discussions use documented defaults).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from moocforge.kinds import names as kind_names
from moocforge.model import Course, Week
from moocforge.workload import estimate


@dataclass
class WeekLoad:
    number: int
    id: str
    title: str
    minutes: dict[str, float] = field(default_factory=dict)  # per item kind
    video_sources: Counter[str] = field(default_factory=Counter)  # duration source -> videos

    @property
    def total(self) -> float:
        return sum(self.minutes.values())


def week_load(course: Course, week: Week) -> WeekLoad:
    load = WeekLoad(week.number, week.id, week.title.default,
                    dict.fromkeys(kind_names(), 0.0))
    for item in week.items:
        guess = estimate(course, item)
        load.minutes[item.kind] += guess.minutes
        if item.kind == "video":
            load.video_sources[guess.source] += 1
    return load


def weekly(course: Course) -> list[WeekLoad]:
    return [week_load(course, week) for week in course.weeks]


def _sources(counter: Counter[str]) -> str:
    return ", ".join(f"{source} ×{n}" for source, n in sorted(counter.items())) or "-"


def to_dict(course: Course) -> dict[str, object]:
    weeks = weekly(course)
    return {
        "course": course.id,
        "target_minutes": course.weekly_minutes_target,
        "tolerance": course.workload.tolerance,
        "estimates": dict(course.workload.estimates),
        "reading_rate_wpm": course.reading_rate_wpm,
        "speaking_rate_wpm": course.speaking_rate_wpm,
        "weeks": [{"week": w.number, "id": w.id, "title": w.title,
                   "minutes": {k: round(v, 1) for k, v in w.minutes.items()},
                   "total": round(w.total, 1),
                   "video_duration_sources": dict(sorted(w.video_sources.items()))}
                  for w in weeks],
        "total": round(sum(w.total for w in weeks), 1),
    }


def format_text(course: Course) -> str:
    weeks = weekly(course)
    target = course.weekly_minutes_target
    head = ["week", *kind_names(), "total", "vs target", "video durations from"]
    rows = [[f"{w.number} {w.id}", *(f"{w.minutes[k]:.1f}" for k in kind_names()),
             f"{w.total:.1f}", f"{w.total - target:+.1f}", _sources(w.video_sources)]
            for w in weeks]
    total = sum(w.total for w in weeks)
    all_sources: Counter[str] = sum((w.video_sources for w in weeks), Counter())
    rows.append(["all", *(f"{sum(w.minutes[k] for w in weeks):.1f}" for k in kind_names()),
                 f"{total:.1f}", f"{total - target * len(weeks):+.1f}",
                 _sources(all_sources)])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(widths[i]) if i in (0, len(head) - 1) else c.rjust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    title = (f"Workload of {course.id} in minutes (target {target} min a week "
             f"± {course.workload.tolerance:.0%}; readings at "
             f"{course.reading_rate_wpm} wpm; script-based video durations at "
             f"{course.speaking_rate_wpm} wpm)")
    return "\n".join([title, line(head), *(line(r) for r in rows)]) + "\n"
