"""A variant of a course as a course of its own: the subset of weeks, lessons and items it
includes, its grading, runs, enrollment and about page. Pure: imports only the model."""

from __future__ import annotations

from dataclasses import replace

from moocforge.model import Course, Lesson, Variant, Week
from moocforge.runs import for_run


def variant_named(course: Course, name: str) -> Variant | None:
    return next((v for v in course.variants if v.id == name), None)


def apply_variant(course: Course, name: str) -> Course:
    """The course `name` makes of `course` (KeyError for an unknown variant)."""
    variant = variant_named(course, name)
    if variant is None:
        raise KeyError(f"the course has no variant {name!r}")
    include = {value for value, _ in variant.include}
    exclude = {value for value, _ in variant.exclude}
    weeks = []
    for week in course.weeks:
        kept = _week(week, include, exclude)
        if kept is not None:
            weeks.append(replace(kept, number=len(weeks) + 1))
    made = replace(
        course, weeks=tuple(weeks), variant=variant.id, variants=(), run="",
        title=variant.title or course.title, subtitle=variant.subtitle or course.subtitle,
        summary=variant.summary or course.summary,
        description=variant.description or course.description,
        image=variant.image or course.image, number=variant.number or course.number,
        grading=variant.grading or course.grading, runs=variant.runs or course.runs,
        enrollment=variant.enrollment or course.enrollment,
        lint=variant.lint or course.lint,
        suppressions=course.suppressions + variant.suppressions, loc=variant.loc)
    kept = {item.id for item in made.items}
    made = replace(made, documents=tuple(d for d in course.documents
                                         if not d.item or d.item in kept))
    return for_run(made, made.runs[0]) if made.runs else made


def _week(week: Week, include: set[str], exclude: set[str]) -> Week | None:
    if week.id in exclude:
        return None
    whole = not include or week.id in include
    lessons = tuple(kept for lesson in week.lessons
                    if (kept := _lesson(lesson, include, exclude, whole)) is not None)
    return replace(week, lessons=lessons) if lessons else None


def _lesson(lesson: Lesson, include: set[str], exclude: set[str], whole: bool
            ) -> Lesson | None:
    if lesson.id in exclude:
        return None
    whole = whole or lesson.id in include
    items = tuple(item for item in lesson.items
                  if item.id not in exclude and (whole or item.id in include))
    return replace(lesson, items=items) if items else None


def editions(course: Course) -> list[Course]:
    """The course, then each of its variants."""
    return [course, *(apply_variant(course, v.id) for v in course.variants)]


__all__ = ["apply_variant", "editions", "variant_named"]
