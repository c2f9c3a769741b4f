"""`--merge-lang en other-export.tar.gz`: the translation of a course, block by block.

The other export is planned like the main one; its blocks are matched with the main
course's by url_name first, then by position (same week, lesson and place), and every text
of a matched block gets the other language (`x.en.md`, `{fr: …, en: …}`). Blocks that match
nothing are reported (MF661).
"""

from __future__ import annotations

from typing import Any

from moocforge.importers.olx.context import Context
from moocforge.importers.olx.plan import Planned, PlannedWeek, Text


def merge_plans(main: Context, weeks: list[PlannedWeek], course: dict[str, Any],
                course_files: dict[str, Any], other: Context, other_weeks: list[PlannedWeek],
                other_course: dict[str, Any], other_files: dict[str, Any]) -> None:
    lang = other.lang
    add_texts(course, other_course, lang)
    for rel, content in other_files.items():
        if rel in course_files:
            add_texts(course_files[rel], content, lang)
    items = {item.id: item for week in weeks for lesson in week.lessons
             for unit in lesson.units for item in unit.items}
    matched: set[str] = set()
    for w_index, other_week in enumerate(other_weeks):
        week = _match(weeks, other_week.id, w_index)
        if week is None:
            other.find("MF661", "warning", f"week '{other_week.id}' of the {lang} export "
                       "matches no week of the course: its texts are not merged",
                       other_week.block)
            continue
        add_texts(week.title, other_week.title, lang)
        for l_index, other_lesson in enumerate(other_week.lessons):
            lesson = _match(week.lessons, other_lesson.id, l_index)
            if lesson is None:
                other.find("MF661", "warning", f"lesson '{other_lesson.id}' of the {lang} "
                           "export matches no lesson of the course", other_lesson.block)
                continue
            add_texts(lesson.title, other_lesson.title, lang)
            for u_index, other_unit in enumerate(other_lesson.units):
                unit = _match(lesson.units, other_unit.id, u_index)
                if unit is not None:
                    add_texts(unit.title, other_unit.title, lang)
                for i_index, other_item in enumerate(other_unit.items):
                    item = items.get(other_item.id) or (_at(unit.items, i_index)
                                                        if unit is not None else None)
                    if item is None or item.kind != other_item.kind or item.id in matched:
                        other.find("MF661", "warning", f"{other_item.kind} '{other_item.id}' "
                                   f"of the {lang} export matches no item of the course: its "
                                   "texts are not merged", other_item.block, other_item.id)
                        continue
                    matched.add(item.id)
                    _merge_item(item, other_item, lang)
    for item_id, item in items.items():
        if item_id not in matched:
            main.find("MF661", "info", f"{item.kind} '{item_id}' has no {lang} version in the "
                      "merged export", item.block, item_id,
                      hint=f"add its {lang} texts by hand (`x.{lang}.md`, `{lang}:` in its "
                           f"YAML texts), or add it to the {lang} run in Studio and import "
                           "again")


def _match(candidates: list[Any], wanted: str, index: int) -> Any:
    by_id = next((c for c in candidates if c.id == wanted), None)
    return by_id if by_id is not None else _at(candidates, index)


def _at(values: list[Any], index: int) -> Any:
    return values[index] if 0 <= index < len(values) else None


def _merge_item(item: Planned, other: Planned, lang: str) -> None:
    add_texts(item.entry, other.entry, lang)
    if set(item.files) == set(other.files):
        pairs = [(rel, other.files[rel]) for rel in item.files]
    elif len(item.files) == len(other.files):  # matched by position: files named otherwise
        pairs = list(zip(item.files, other.files.values(), strict=True))
    else:
        pairs = [(rel, other.files[rel]) for rel in item.files if rel in other.files]
    for rel, content in pairs:
        item.files[rel] = add_texts(item.files[rel], content, lang)


def add_texts(target: Any, source: Any, lang: str) -> Any:
    """Copy the `lang` texts of `source` into the texts at the same places of `target`."""
    if isinstance(target, Text) and isinstance(source, Text):
        # the same words in both languages (code, a name): written once, as authors do
        if source.get(lang) and source[lang] not in target.values():
            target[lang] = source[lang]
        return target
    if isinstance(target, dict) and isinstance(source, dict):
        for key, value in target.items():
            if key in source:
                target[key] = add_texts(value, source[key], lang)
        return target
    if isinstance(target, list) and isinstance(source, list) and len(target) == len(source):
        for index, value in enumerate(target):
            target[index] = add_texts(value, source[index], lang)
    return target
