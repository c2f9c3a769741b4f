"""The course's items as analytics sees them: one row per item, joined to platform ids.

Platform block ids come from `moocforge.ids`, the scheme the OLX writer uses, so a usage key
in a tracking log (`block-v1:…+type@problem+block@<url_name>`), an old `i4x://` location or
an answer id (`input_<url_name>_2_1`) all lead back to the item, its title and its source
file:line.
"""

from __future__ import annotations

from dataclasses import dataclass

from moocforge.ids import OLX_BLOCK_TYPE, chapter_id, component_id, sequential_id, vertical_id
from moocforge.model import Course, Item, Video


# Kinds whose learners submit something that the platform grades (a CAPA problem_check).
@dataclass(frozen=True, slots=True)
class CatalogItem:
    item_id: str
    url_name: str
    block_type: str
    kind: str
    ord: int  # 1-based position in the whole course
    week: int
    week_title: str
    lesson_url_name: str  # the sequential's url_name is seq_<lesson>
    tab: int  # 1-based position in its lesson: the sequence tab (one vertical per item)
    title: str
    lesson_title: str
    loc: str  # file:line:col of the item entry
    graded: bool
    duration: float | None  # seconds, videos only
    first_graded_quiz: bool  # the course's first graded quiz: "started"
    first_graded_quiz_week2: bool  # week 2's first graded quiz: "persistent"


def catalog(course: Course, lang: str | None = None) -> list[CatalogItem]:
    rows: list[CatalogItem] = []
    first_quiz = _first_graded_quiz(course.items)
    week2 = next((w for w in course.weeks if w.number == 2), None)
    first_quiz_w2 = _first_graded_quiz(week2.items) if week2 else None
    for week in course.weeks:
        for lesson in week.lessons:
            for tab, item in enumerate(lesson.items, start=1):
                rows.append(CatalogItem(
                    item_id=item.id, url_name=component_id(item),
                    block_type=OLX_BLOCK_TYPE[item.kind], kind=item.kind, ord=len(rows) + 1,
                    week=week.number, week_title=week.title.get_lang(lang),
                    lesson_url_name=sequential_id(lesson), tab=tab,
                    title=item.title.get_lang(lang), lesson_title=lesson.title.get_lang(lang),
                    loc=str(item.loc), graded=item.graded,
                    duration=item.duration if isinstance(item, Video) else None,
                    first_graded_quiz=first_quiz is not None and item.id == first_quiz.id,
                    first_graded_quiz_week2=first_quiz_w2 is not None
                    and item.id == first_quiz_w2.id))
    return rows


def _first_graded_quiz(items: tuple[Item, ...]) -> Item | None:
    return next((i for i in items if i.kind == "quiz" and i.graded), None)


def block_rows(course: Course) -> list[tuple[str, str, str | None]]:
    """(url_name, block type, item id or None) for every block of the course.

    Containers are known blocks too (their events are not "unknown"); a vertical holds
    exactly one item, so its events count for that item.
    """
    rows: list[tuple[str, str, str | None]] = [("course", "course", None)]
    for week in course.weeks:
        rows.append((chapter_id(week), "chapter", None))
        for lesson in week.lessons:
            rows.append((sequential_id(lesson), "sequential", None))
            for item in lesson.items:
                rows.append((vertical_id(item), "vertical", item.id))
                rows.append((component_id(item), OLX_BLOCK_TYPE[item.kind], item.id))
    return rows


def titles_by_item(course: Course) -> dict[str, set[str]]:
    """Every language's title of each item (problem grade reports name problems by title)."""
    return {item.id: set(item.title.values()) for item in course.items}
