"""Source dates: absolute or relative to the run, read in the course's time zone.

A date is written

- absolute: `2027-03-01` (a local day), `2027-03-01 18:00` (local time), `2027-03-01T18:00Z`
  or `2027-03-01T18:00+01:00` (an instant);
- relative to the run: an anchor, offsets, and an optional local time of day —
  `start`, `end`, `week 2` (the first day of week 2: start + 7 days), then `+ 6d`, `- 1w`,
  `+ 3h`, `+ 30min`, then `23:59`: `week 2 + 6d 23:59`, `start + 10d`, `end - 2d`;
- or structured: `{week: 2, days: 6, time: "23:59"}`, `{from: start, days: 10}`.

A date that names a day (no time, no hour or minute offset, on a day anchor) is that local
day's first second, or its last for a closing date (a due date, a run end, an enrollment
end): `due: 2027-10-25` closes at 23:59:59 in Paris, not at midnight UTC. Days and times
are counted on the local clock, so `week 3` is at local midnight on both sides of a
daylight-saving change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moocforge.model import NOWHERE, Loc, Moment

Anchor = Literal["date", "start", "end", "week"]
CLOSING_KEYS = ("due", "end")  # keys whose bare day means its last second: due, end, …_end
_UNITS = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "min": 1, "m": 1}
_RELATIVE = re.compile(
    r"^\s*(?P<anchor>start|end|week\s*(?P<week>\d+))"
    r"(?P<offsets>(\s*[+-]\s*\d+\s*(?:w|d|h|min|m)\b)*)"
    r"(\s+(?P<clock>\d{1,2}:\d{2}))?\s*$")
_OFFSET = re.compile(r"([+-])\s*(\d+)\s*(w|d|h|min|m)\b")
_STRUCTURED_KEYS = {"week", "from", "weeks", "days", "hours", "minutes", "time"}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class DateError(ValueError):
    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True, slots=True)
class Expr:
    """A parsed source date."""

    source: str  # canonical text: `2027-03-01`, `week 2 + 6d 23:59`
    anchor: Anchor
    week: int = 0
    minutes: int = 0  # offset, on the local clock
    clock: tuple[int, int] | None = None
    day_offset: bool = True  # offsets in whole days only

    @property
    def relative(self) -> bool:
        return self.anchor != "date"


@dataclass(frozen=True, slots=True)
class Frame:
    """What relative dates are relative to: a run's start and end, in its time zone."""

    tz: ZoneInfo
    start: Moment | None = None
    end: Moment | None = None
    weeks: int = 0  # weeks the course has (0: unknown)


def zone(name: str) -> ZoneInfo:
    """An IANA time zone; DateError MF032 for an unknown name."""
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise DateError("MF032", f"unknown time zone '{name}'",
                        "write an IANA name such as Europe/Paris or America/Montreal") from error


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    if not name or name != name.strip():
        raise ValueError(name)
    return ZoneInfo(name)


def is_closing(key: str) -> bool:
    """`due`, `submission_due`, `end`, `enrollment_end`: a bare day means its end."""
    return key.endswith(CLOSING_KEYS)


# --------------------------------------------------------------------------- parsing


def parse(value: object) -> Expr:
    """A written date → Expr; DateError (MF017 / MF033) when it is not one."""
    if isinstance(value, dict):
        return _structured(value)
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    text = str(value).strip()
    if text[:1].isdigit():
        _absolute(text, ZoneInfo("UTC"), False)  # raises for a date that does not exist
        return Expr(text, "date")
    return _relative(text)


def _relative(text: str) -> Expr:
    match = _RELATIVE.match(text.lower())
    if match is None:
        raise DateError("MF017", f"'{text}' is not a date", "write 2027-03-01, 2027-03-01 "
                        "18:00, or relative to the run: `week 2`, `week 2 + 6d 23:59`, "
                        "`start + 10d`, `end - 2d`")
    minutes, whole_days = 0, True
    for sign, amount, unit in _OFFSET.findall(match.group("offsets") or ""):
        minutes += (-1 if sign == "-" else 1) * int(amount) * _UNITS[unit]
        whole_days = whole_days and unit in ("w", "d")
    week = int(match.group("week")) if match.group("week") else 0
    if match.group("week") and week < 1:
        raise DateError("MF033", f"'{text}': weeks are numbered from 1", "write `week 1`")
    clock = _clock(match.group("clock"), text) if match.group("clock") else None
    anchor: Anchor = "week" if week else match.group("anchor")  # type: ignore[assignment]
    return Expr(_canonical(anchor, week, minutes, whole_days, clock), anchor, week, minutes,
                clock, whole_days)


def _structured(value: dict[str, object]) -> Expr:
    unknown = sorted(set(value) - _STRUCTURED_KEYS)
    if unknown:
        raise DateError("MF017", f"unknown key '{unknown[0]}' in a relative date",
                        f"keys: {', '.join(sorted(_STRUCTURED_KEYS))}")
    week, origin = value.get("week"), value.get("from")
    if (week is None) == (origin is None):
        raise DateError("MF017", "a relative date needs `week: N` or `from: start|end`",
                        "e.g. {week: 2, days: 6, time: \"23:59\"}")
    amounts = {key: value.get(key, 0) for key in ("weeks", "days", "hours", "minutes")}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in amounts.values()):
        raise DateError("MF017", "weeks, days, hours and minutes are whole numbers",
                        "e.g. {week: 2, days: 6, time: \"23:59\"}")
    parts = [f"week {week}" if week is not None else str(origin)]
    for key, unit in (("weeks", "w"), ("days", "d"), ("hours", "h"), ("minutes", "min")):
        amount = int(amounts[key])  # type: ignore[call-overload]
        if amount:
            parts.append(f"{'-' if amount < 0 else '+'} {abs(amount)}{unit}")
    if value.get("time") is not None:
        parts.append(str(value["time"]))
    return _relative(" ".join(parts))


def _clock(text: str, whole: str) -> tuple[int, int]:
    match = _CLOCK.match(text)
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
    if hour > 23 or minute > 59:
        raise DateError("MF017", f"'{whole}': {text} is not a time of day", "write 00:00 to 23:59")
    return hour, minute


def _canonical(anchor: str, week: int, minutes: int, whole_days: bool,
               clock: tuple[int, int] | None) -> str:
    parts = [f"week {week}" if anchor == "week" else anchor]
    if minutes:
        sign = "-" if minutes < 0 else "+"
        amount = abs(minutes)
        if whole_days and amount % (24 * 60) == 0:
            parts.append(f"{sign} {amount // (24 * 60)}d")
        else:
            parts.append(f"{sign} {amount}min")
    if clock is not None:
        parts.append(f"{clock[0]:02d}:{clock[1]:02d}")
    return " ".join(parts)


# --------------------------------------------------------------------------- resolving


def resolve(expr: Expr, frame: Frame, closing: bool, loc: Loc = NOWHERE) -> Moment:
    """The moment `expr` names in `frame`; DateError MF033 when a relative date has no run
    to follow or names a week the course does not have, MF017 when it falls outside the
    calendar (years 1 to 9999, in its time zone and in UTC)."""
    try:
        return _resolve(expr, frame, closing, loc)
    except OverflowError as error:
        raise DateError("MF017", f"'{expr.source}' falls outside the years 1 to 9999 (in "
                        f"{frame.tz.key} or in UTC)", "write a date within the years 1 "
                        "to 9999, away from their ends") from error


def _resolve(expr: Expr, frame: Frame, closing: bool, loc: Loc) -> Moment:
    if expr.anchor == "date":
        at, date_only = _absolute(expr.source, frame.tz, closing)
        return Moment(at, expr.source, date_only, expr.source, closing, loc)
    base, day = _anchor(expr, frame)
    local = base + timedelta(minutes=expr.minutes)
    day = day and expr.day_offset
    if expr.clock is not None:
        local = local.replace(hour=expr.clock[0], minute=expr.clock[1], second=0)
        day = False
    if day:
        at = _local_day(local.date(), frame.tz, closing)
        return Moment(at, local.date().isoformat(), True, expr.source, closing, loc)
    at = local.replace(tzinfo=frame.tz).astimezone(UTC)
    return Moment(at, local.strftime("%Y-%m-%d %H:%M"), False, expr.source, closing, loc)


def _anchor(expr: Expr, frame: Frame) -> tuple[datetime, bool]:
    """The anchor as a naive local datetime, and whether it names a day."""
    if expr.anchor == "end":
        if frame.end is None:
            raise DateError("MF033", f"'{expr.source}' is relative to the run's end, and the "
                            "run has none", "give the run an `end:` or write a date")
        return _local(frame.end, frame.tz), frame.end.date_only
    if frame.start is None:
        raise DateError("MF033", f"'{expr.source}' is relative to a run, and the course has "
                        "no run (with a start)", "add a run under `runs:` or write a date")
    if expr.week and frame.weeks and expr.week > frame.weeks:
        raise DateError("MF033", f"'{expr.source}': the course has {frame.weeks} week(s)",
                        f"write a week from 1 to {frame.weeks}")
    start = _local(frame.start, frame.tz)
    return start + timedelta(weeks=max(expr.week - 1, 0)), frame.start.date_only


def _local(value: Moment, tz: ZoneInfo) -> datetime:
    """A moment as a naive local datetime (a day: its local midnight)."""
    local = value.at.astimezone(tz).replace(tzinfo=None)
    return datetime.combine(local.date(), time()) if value.date_only else local


def _absolute(text: str, tz: ZoneInfo, closing: bool) -> tuple[datetime, bool]:
    value = text.replace(" ", "T", 1) if " " in text.strip() else text
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise DateError("MF017", f"'{text}' is not a real date", "check the day and month"
                        ) from error
    if "T" not in value:
        return _local_day(parsed.date(), tz, closing), True
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC), False


def _local_day(day: date, tz: ZoneInfo, closing: bool) -> datetime:
    clock = time(23, 59, 59) if closing else time()
    return datetime.combine(day, clock).replace(tzinfo=tz).astimezone(UTC)


__all__ = ["DateError", "Expr", "Frame", "is_closing", "parse", "resolve", "zone"]
