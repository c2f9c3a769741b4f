"""Learner data fed back into lint: items whose numbers say they are a problem.

`stats_diagnostics(course, db_path)` reads a database built by `moocforge stats` and returns
Diagnostics pointing at the item's source file:line (`moocforge lint --stats <db>`).
Thresholds come from the argument, else from `lint: {stats: {...}}` in course.yml, else
the defaults below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from moocforge.analytics.metrics import ALL
from moocforge.analytics.results import Stats
from moocforge.diagnostics import Diagnostic
from moocforge.model import Course


@dataclass(frozen=True)
class Thresholds:
    difficulty: float = 0.6  # MF910 above: 1 − mean first-attempt score
    stop_rate: float = 0.25  # MF911 above: share of the item's learners whose last activity it is
    video_completion: float = 0.5  # MF912 below: share of players who watch to the end
    min_learners: int = 20  # no finding on fewer learners than this

    @classmethod
    def from_settings(cls, settings: Mapping[str, object] | None) -> Thresholds:
        result = cls()
        for f in fields(cls):
            value = (settings or {}).get(f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                result = replace(result, **{f.name: type(getattr(result, f.name))(value)})
        return result


def _thresholds(course: Course, given: Thresholds | Mapping[str, object] | None) -> Thresholds:
    if isinstance(given, Thresholds):
        return given
    if given is not None:
        return Thresholds.from_settings(given)
    settings = course.lint.get("stats") if isinstance(course.lint, Mapping) else None
    return Thresholds.from_settings(settings if isinstance(settings, Mapping) else None)


def stats_diagnostics(course: Course, db_path: Path | str,
                      thresholds: Thresholds | Mapping[str, object] | None = None
                      ) -> list[Diagnostic]:
    """MF910 too difficult, MF911 drop-off spike after an item, MF912 video abandoned."""
    limits = _thresholds(course, thresholds)
    path = Path(db_path)
    if not path.is_file():
        return [Diagnostic("MF909", "error", f"stats database not found: {path}",
                           hint="build it with `moocforge stats <course> --logs … --db "
                           f"{path}`", rule="stats-input")]
    import duckdb

    from moocforge.analytics.session import compute

    try:
        stats = compute(path)
    except duckdb.Error as exc:
        return [Diagnostic("MF909", "error", f"not a stats database: {path} "
                           f"({str(exc).splitlines()[0]})", hint="build it with `moocforge "
                           f"stats <course> --logs … --db {path}`", rule="stats-input")]
    runs = [r for r in stats.runs if r.course_id == course.id]
    if not runs:
        return []
    return diagnostics_from(course, stats, limits, runs[-1].run_key)


def diagnostics_from(course: Course, stats: Stats, limits: Thresholds,
                     run_key: int | None = None) -> list[Diagnostic]:
    """Findings on one run (the latest by default): a lint finding is about the course now."""
    found: list[Diagnostic] = []
    by_id = {item.id: item for item in course.items}
    for row in stats.run(run_key).items_of(ALL):
        item = by_id.get(row["item_id"])
        if item is None:
            continue
        week = course.week_of(item.id)
        ignored = {s.code for s in (*course.suppressions, *(week.suppressions if week else ()),
                                    *item.suppressions)}
        found.extend(d for d in _item_findings(row, item.loc, limits) if d.code not in ignored)
    return found


def _item_findings(row: dict, loc, limits: Thresholds) -> list[Diagnostic]:
    found = []
    title = row["title"]
    attempted, difficulty = row["attempted"] or 0, row["difficulty"]
    if difficulty is not None and attempted >= limits.min_learners \
            and difficulty > limits.difficulty:
        found.append(Diagnostic(
            "MF910", "warning", f"'{title}' is hard for learners: difficulty {difficulty:.0%} "
            f"(mean first-attempt score {1 - difficulty:.0%}, {attempted} learners)", loc,
            "check the answer key and the wording, or add a formative step before it",
            rule="stats-difficulty", item=row["item_id"]))
    stop_rate, opened = row["stop_rate"], row["opened"] or 0
    if stop_rate is not None and opened >= limits.min_learners and stop_rate > limits.stop_rate:
        found.append(Diagnostic(
            "MF911", "warning", f"{stop_rate:.0%} of the {opened} learners who opened "
            f"'{title}' did nothing after it", loc,
            "a drop-off spike: look at this item's length, difficulty and what comes next",
            rule="stats-dropoff", item=row["item_id"]))
    completion = row["video_completion"]
    if completion is not None and attempted >= limits.min_learners \
            and completion < limits.video_completion:
        found.append(Diagnostic(
            "MF912", "warning", f"video '{title}' is mostly abandoned: {completion:.0%} of "
            f"its {attempted} viewers watched it to the end", loc,
            "split it into shorter videos or put a question in the middle",
            rule="stats-video", item=row["item_id"]))
    return found
