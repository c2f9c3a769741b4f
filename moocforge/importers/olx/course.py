"""The course tree of an export → planned weeks, lessons, units and items, and course.yml.

Studio's url_names become explicit ids. moocforge's own packages use prefixed container
url_names (`ch_<week>`, `seq_<lesson>`, `v_<item>`): the prefixes are taken off, so that a
course built by moocforge comes back with its own ids.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

from lxml import html as lxml_html
from lxml.html import builder as E

from moocforge.importers.olx import items
from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import Block, Export
from moocforge.importers.olx.html2md import canonical
from moocforge.importers.olx.items import Where
from moocforge.importers.olx.plan import (
    Finding,
    Planned,
    PlannedLesson,
    PlannedUnit,
    PlannedWeek,
    Text,
)

STUDIO_DEFAULT_START = "2030-01-01T00:00:00Z"  # openedx-platform DEFAULT_START_DATE
_HASH = re.compile(r"[0-9a-f]{20,}")
_READABLE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_SLUG = re.compile(r"[^a-z0-9]+")


def strip_prefix(url_name: str, prefix: str) -> str:
    return url_name[len(prefix):] if url_name.startswith(prefix) and \
        len(url_name) > len(prefix) else url_name


def week_folders(export: Export) -> list[tuple[Block, str, str]]:
    """(chapter, week id, folder) of every chapter, folders unique."""
    found, taken = [], set()
    chapters = [c for c in export.course.children if c.tag == "chapter"]
    for number, chapter in enumerate(chapters, start=1):
        week_id = strip_prefix(chapter.url_name, "ch_")
        name = week_id if _READABLE.fullmatch(week_id) and not _HASH.fullmatch(week_id) \
            else slug(chapter.display_name) or f"week-{number}"
        folder = f"weeks/{number:02d}-{name}"
        while folder in taken:
            folder += "-x"
        taken.add(folder)
        found.append((chapter, week_id, folder))
    return found


def slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")[:40].strip("-")


def plan_weeks(ctx: Context, folders: list[tuple[Block, str, str]]) -> list[PlannedWeek]:
    for chapter, _, folder in folders:
        for block in chapter.walk():
            if block.tag == "html":
                ctx.pages[block.url_name] = f"{folder}/{block.url_name}.md"
    for other in ctx.export.course.children:
        if other.tag != "chapter":
            ctx.find("MF660", "warning", f"<{other.tag}> at the top of the course is not "
                     "imported (moocforge courses hold weeks)", other,
                     hint="move its content into a chapter in Studio and export again, or "
                          "add it to a week after the import")
    return [_week(ctx, chapter, week_id, folder) for chapter, week_id, folder in folders]


def _week(ctx: Context, chapter: Block, week_id: str, folder: str) -> PlannedWeek:
    lessons = []
    for child in chapter.children:
        sequential = child if child.tag == "sequential" else _wrap(child, "sequential")
        lessons.append(_lesson(ctx, sequential, folder, chapter))
    title = ctx.text(chapter.display_name) or Text.of(ctx.lang, week_id)
    return PlannedWeek(week_id, folder, title, ctx.date(chapter.attrs.get("start"), chapter),
                       [lesson for lesson in lessons if lesson.units], chapter)


def _wrap(block: Block, tag: str) -> Block:
    """A container for a block that sits one level too high (hand-written OLX)."""
    return Block(tag, f"{tag}_{block.url_name}", block.element, block.file, {}, [block])


def _lesson(ctx: Context, sequential: Block, folder: str, chapter: Block) -> PlannedLesson:
    graded = sequential.attrs.get("graded", "").lower() == "true"
    fmt = sequential.attrs.get("format") if graded else None
    where = Where(folder, fmt or None, ctx.date(sequential.attrs.get("due"), sequential))
    if sequential.attrs.get("start") and sequential.attrs["start"] != chapter.attrs.get("start"):
        ctx.find("MF660", "warning", f"subsection '{sequential.url_name}' opens on its own "
                 f"date ({sequential.attrs['start']}); moocforge lessons open with their week, "
                 "so its units carry that date", sequential,
                 hint="nothing to do if the units' `release:` in week.yml is right; to open "
                      "the lesson on its own date, make it a week of its own")
    units = []
    for child in sequential.children:
        vertical = child if child.tag == "vertical" else _wrap(child, "vertical")
        unit = _unit(ctx, vertical, where, sequential)
        if unit is not None:
            units.append(unit)
    lesson_id = strip_prefix(sequential.url_name, "seq_")
    title = ctx.text(sequential.display_name) or Text.of(ctx.lang, lesson_id)
    return PlannedLesson(lesson_id, title, units, sequential)


def _unit(ctx: Context, vertical: Block, where: Where, sequential: Block
          ) -> PlannedUnit | None:
    planned: list[Planned] = []
    children = vertical.children
    index = 0
    while index < len(children):
        block = children[index]
        following = children[index + 1] if index + 1 < len(children) else None
        if block.tag == "html" and following is not None and following.tag == "discussion" \
                and block.url_name == f"{following.url_name}-prompt":
            prompt = items.reading(ctx, block, where)
            ctx.pages.pop(block.url_name, None)
            planned.append(items.discussion(ctx, following, where, prompt))
            index += 2
            continue
        reader = items.READERS.get(block.tag)
        if block.tag == "discussion":
            planned.append(items.discussion(ctx, block, where))
        elif reader is not None:
            planned.append(reader(ctx, block, where))
        else:
            planned.append(items.raw(ctx, block, where))
        index += 1
    if not planned:
        ctx.find("MF660", "warning", f"unit '{vertical.url_name}' is empty and is left out",
                 vertical, hint="nothing to do if it was meant to be empty; otherwise add its "
                                "components in Studio and export again")
        return None
    start = ctx.date(vertical.attrs.get("start"), vertical)
    if start:
        for item in planned:
            item.entry.setdefault("release", start)
    unit_id = strip_prefix(vertical.url_name, "v_")
    title = ctx.text(vertical.display_name) or Text.of(ctx.lang, unit_id)
    alone = len(planned) == 1 and unit_id == planned[0].id and \
        vertical.display_name == _title_of(ctx, planned[0])
    return PlannedUnit(unit_id, title, planned, not alone, vertical)


def _title_of(ctx: Context, item: Planned) -> str:
    """The title the item will have once loaded (its entry's, its file's, or its h1)."""
    if "title" in item.entry:
        return str(item.entry["title"].get(ctx.lang, ""))
    for content in item.files.values():
        if isinstance(content, dict) and isinstance(content.get("title"), Text):
            return str(content["title"].get(ctx.lang, ""))
        if isinstance(content, Text):
            first = content.get(ctx.lang, "").lstrip().splitlines()[:1]
            if first and first[0].startswith("# "):
                return first[0][2:].strip()
    return item.block.display_name


# --------------------------------------------------------------------------- course.yml


def course_data(ctx: Context, weeks: list[PlannedWeek], run: str, course_id: str
                ) -> tuple[dict[str, Any], dict[str, Any]]:
    """course.yml, and the course-level files (about.md)."""
    export, policy = ctx.export, ctx.export.policy
    title = policy.get("display_name") or _about_text(ctx, "title") or export.number
    data: dict[str, Any] = {"id": course_id, "title": Text.of(ctx.lang, str(title))}
    files: dict[str, Any] = {}
    summary = _about_text(ctx, "short_description")
    if summary:
        data["summary"] = Text.of(ctx.lang, summary)
    subtitle = _about_text(ctx, "subtitle")
    if subtitle:
        data["subtitle"] = Text.of(ctx.lang, subtitle)
    overview = export.text("about/overview.html") or ""
    if overview.strip() and canonical(overview) != canonical(
            lxml_html.tostring(E.P(summary or ""), encoding="unicode")):
        data["description"] = "about.md"
        files["about.md"] = ctx.markdown(overview, "", export.course)
    image = _image(ctx)
    if image:
        data["image"] = image
    data.update(org=export.org or "org", number=export.number or "course",
                languages=[ctx.lang])
    start = ctx.date(_str(policy.get("start")) or _str(export.course.attrs.get("start")),
                     export.course)
    if start is None:
        start = ctx.date(STUDIO_DEFAULT_START)
        ctx.find("MF660", "warning", f"the export has no course start: the run starts on "
                 f"{start}, as Open edX does (invisible to learners until then)",
                 export.course, hint="set the run's `start:` in course.yml, or the course "
                 "start in Studio (Settings → Schedule & Details) and export again")
    dates = {key: ctx.date(_str(policy.get(key)), export.course)
             for key in ("end", "enrollment_start", "enrollment_end")}
    data["runs"] = {run: {k: v for k, v in {"start": start, **dates}.items() if v}}
    data["grading"] = _grading(ctx)
    olx: dict[str, Any] = {}
    if ctx.queue:
        olx["queue"] = ctx.queue
    if ctx.video_ids:
        olx["video_ids"] = dict(sorted(ctx.video_ids.items()))
    if olx:
        data["targets"] = {"olx": olx}
    data["weeks"] = [week.folder for week in weeks]
    return data, files


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _about_text(ctx: Context, name: str) -> str:
    text = ctx.export.text(f"about/{name}.html") or ""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _image(ctx: Context) -> str | None:
    name = _str(ctx.export.policy.get("course_image")) or ""
    name = name.split("/static/", 1)[-1].split("@", 1)[-1] if "/" in name else name
    if not name:
        return None
    if name == "course_image.png":
        from moocforge.writers.olx.static import placeholder_png  # moocforge's placeholder

        if ctx.statics.available and name in ctx.statics.available and \
                ctx.statics.data(name) == placeholder_png():
            ctx.statics.consume(name)
            return None
    return ctx.statics.use(name)


def _grading(ctx: Context) -> dict[str, Any]:
    policy = ctx.export.grading if isinstance(ctx.export.grading, dict) else {}
    cutoffs = policy.get("GRADE_CUTOFFS") or {}
    cutoffs = cutoffs if isinstance(cutoffs, dict) else {}
    values = [v for v in cutoffs.values() if isinstance(v, int | float)]
    threshold = _number(ctx, cutoffs["Pass"], "GRADE_CUTOFFS.Pass") if "Pass" in cutoffs \
        else None
    types = []
    grader = policy.get("GRADER") or []
    for entry in grader if isinstance(grader, list) else []:
        if not isinstance(entry, dict) or not entry.get("type"):
            continue
        label = f"GRADER '{entry['type']}'"
        kind: dict[str, Any] = {"type": str(entry["type"]), "weight": _number(
            ctx, entry.get("weight", 0) or 0, f"{label} weight") or 0.0}
        drop = _number(ctx, entry.get("drop_count", 0) or 0, f"{label} drop_count") or 0
        if drop:
            kind["drop"] = int(drop)
        if entry.get("short_label"):
            kind["short_label"] = str(entry["short_label"])
        types.append(kind)
    if not types:
        ctx.find("MF660", "info", "the export has no grading policy: the course gets Open "
                 "edX's default assignment types (Homework, Lab, Midterm Exam, Final Exam)",
                 ctx.export.course, hint="edit `grading:` in course.yml, or set the grading "
                 "in Studio (Settings → Grading) and export again")
        types = [dict(entry) for entry in STUDIO_DEFAULT_GRADER]
    return {"pass": threshold if threshold is not None else float(min(values, default=0.5)),
            "types": types}


GRADING_FILE = "policies/{run}/grading_policy.json"


def _number(ctx: Context, value: object, what: str) -> float | None:
    """A number of grading_policy.json; None (and MF664) for one that is not a finite
    number, which the platform would refuse too."""
    number: float | None = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is not None and math.isfinite(number):
        return number
    ctx.findings.append(Finding(
        "MF664", "warning", f"{what} is {value!r:.60}, not a number: it is left out",
        GRADING_FILE.format(run=ctx.export.run), _line_of(ctx, what.rsplit(" ", 1)[-1]),
        hint="set it in Studio (Settings → Grading) and export again, or edit grading: in "
             "course.yml after the import"))
    return None


def _line_of(ctx: Context, key: str) -> int:
    """The line of the first `"key"` in grading_policy.json (1 when it is not found)."""
    text = ctx.export.text(GRADING_FILE.format(run=ctx.export.run)) or ""
    at = text.find(f'"{key.rsplit(".", 1)[-1]}"')
    return text[:at].count("\n") + 1 if at >= 0 else 1


# openedx-platform xmodule/course_block.py: the grader of a course without a policy
STUDIO_DEFAULT_GRADER = (
    {"type": "Homework", "weight": 0.15, "drop": 2, "short_label": "HW"},
    {"type": "Lab", "weight": 0.15, "drop": 2},
    {"type": "Midterm Exam", "weight": 0.3, "short_label": "Midterm"},
    {"type": "Final Exam", "weight": 0.4, "short_label": "Final"},
)
