"""A week folder: `week.yml` (title, objectives, lessons) and the items of its lessons."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from moocforge.i18n import msg
from moocforge.load.crosscheck import register_id
from moocforge.load.cursor import Cursor, LoadContext
from moocforge.load.items import Entry, read_item
from moocforge.model import Item, Lesson, Loc, Objective, Unit, Week, split_source_key

WEEK_FILE = "week.yml"


def read_week(ctx: LoadContext, ref: str, number: int, loc: Loc) -> Week | None:
    folder = ctx.src.resolve("", ref, loc, kind="folder")
    if folder is None:
        return None
    if not split_source_key(folder)[1]:  # `.`: the course folder (or a root) itself
        ctx.error("MF015", msg("week folder '{ref}' is the course folder itself", ref=ref), loc,
                  msg("name a sub-folder of the course that holds a {WEEK_FILE}, e.g. "
                      "`weeks/01-intro`", WEEK_FILE=WEEK_FILE))
        return None
    week_file = f"{folder}/{WEEK_FILE}"
    if not ctx.src.is_file(week_file):
        ctx.error("MF020", msg("{ref} has no {WEEK_FILE}", ref=ref, WEEK_FILE=WEEK_FILE), loc,
                  msg("create {week_file} with a title and lessons", week_file=week_file))
        return None
    ctx.src.referenced.add(week_file)
    doc = ctx.src.read_yaml(week_file, "week", loc)
    if doc is None:
        return None
    week = Cursor(ctx, doc, week_file)
    name = PurePosixPath(folder).name
    week_id = week.string("id") or re.sub(r"^\d+[-_.]?", "", name) or name
    register_id(ctx, "week:" + week_id, Loc.of(week_file, 1, 1), "week")
    return Week(
        id=week_id, number=number, title=week.text("title", week_id),
        summary=week.opt_text("summary"), objectives=_objectives(week),
        lessons=tuple(lesson for index, raw in week.items("lessons")
                      if (lesson := _lesson(raw, folder, index)) is not None),
        release=week.date("release"), suppressions=week.suppressions(), dir=folder,
        loc=Loc.of(week_file, 1, 1))


def _objectives(week: Cursor) -> tuple[Objective, ...]:
    found = []
    for _, raw in week.items("objectives"):
        if isinstance(raw.get("id"), str):
            loc = raw.loc()
            if register_id(week.ctx, "objective:" + raw.string("id"), loc, "objective"):
                found.append(Objective(raw.string("id"), raw.text("text"), loc))
    return tuple(found)


def _lesson(lesson: Cursor, folder: str, index: int) -> Lesson:
    title = lesson.text("title")
    explicit = lesson.string("id")
    lesson_id = explicit or slug(title.default) or f"lesson-{index + 1}"
    register_id(lesson.ctx, "lesson:" + lesson_id, lesson.loc(), "lesson")
    items = tuple(item for _, entry in lesson.items("items")
                  if (item := read_item(Entry(entry, folder))) is not None)
    return Lesson(id=lesson_id, title=title, items=items, loc=lesson.loc(),
                  id_from_title=not explicit, units=_units(lesson, items))


def _units(lesson: Cursor, items: tuple[Item, ...]) -> tuple[Unit, ...]:
    """`units:` of a lesson: groups of consecutive items shown on one page. An item that
    could not be read (already reported) is left out of its unit without another error."""
    entries = lesson.get("items")
    some_skipped = isinstance(entries, list) and len(entries) > len(items)
    position = {item.id: index for index, item in enumerate(items)}
    placed: set[str] = set()
    units = []
    for _, raw in lesson.items("units"):
        unit_id = raw.string("id")
        listed = raw.get("items")
        ids = [str(i) for i in listed] if isinstance(listed, list) else []
        good = []
        for index, item_id in enumerate(ids):
            if item_id in position and item_id not in placed:
                good.append(item_id)
                continue
            if item_id not in position and some_skipped:
                continue
            why = "is already in another unit" if item_id in placed else \
                "is not an item of this lesson"
            lesson.ctx.error("MF023", msg("unit '{unit_id}': item '{item_id}' {why}",
                                          unit_id=unit_id, item_id=item_id, why=why),
                             raw.loc("items", index),
                             msg("list the ids of this lesson's items, each in one unit"))
        indexes = [position[i] for i in good]
        if indexes and indexes != list(range(indexes[0], indexes[0] + len(indexes))):
            lesson.ctx.error("MF015", msg("unit '{unit_id}': its items are not consecutive in "
                                          "the lesson's items", unit_id=unit_id), raw.loc("items"),
                             msg("list them in the order of `items:`, without gaps"))
            continue
        if not good or not register_id(lesson.ctx, "unit:" + unit_id, raw.loc(), "unit"):
            continue
        placed.update(good)
        title = raw.text("title") if raw.has("title") else items[indexes[0]].title
        units.append(Unit(unit_id, title, tuple(good), raw.loc()))
    return tuple(units)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]
