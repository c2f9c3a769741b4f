"""The course tree: course.xml → chapter (week) → sequential (lesson) → vertical (item).

Containers are written as separate files reached through pointers carrying only `url_name`.
Built-in components (html, problem, video) are pointers too; XBlocks that are not built in
(`openassessment`) and FUN's video block are written inline, as Studio exports them.

Grading: Open edX grades a whole subsection (sequential) as one assignment type, so a lesson
holding a graded item becomes a graded sequential whose `format` is that item's type. A
formative problem inside it gets `weight="0"` so that it does not count. A lesson that mixes
assignment types cannot be expressed: it is graded as the type of its first graded item and
MF501 says so (move the other items to a lesson of their own).
"""

from __future__ import annotations

from lxml import etree

from moocforge import ids
from moocforge.kinds import kind_of, unhandled
from moocforge.model import (
    Codecast,
    Discussion,
    Exercise,
    External,
    I18nText,
    Item,
    Lesson,
    Loc,
    Moment,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Unit,
    Video,
    Week,
)
from moocforge.writers.olx.codecast import codecast_component
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.external import lti_block
from moocforge.writers.olx.ora import openassessment
from moocforge.writers.olx.problems import exercise_problem, problem_weight, quiz_problem
from moocforge.writers.olx.raw import raw_block
from moocforge.writers.olx.video import video_block
from moocforge.writers.olx.xmlutil import (
    PROBLEM_CONTAINERS,
    element,
    sub,
    write_text,
    write_xml,
)


def write_structure(b: Build) -> None:
    write_xml(b.tree, "course.xml", element("course", {
        "url_name": b.run_name, "org": b.course.org, "course": b.course.number}))
    run = element("course")
    for week in b.course.weeks:
        sub(run, "chapter", attrs={"url_name": b.claim(ids.chapter_id(week), f"week {week.id}",
                                                         week.loc)})
        _chapter(b, week)
    write_xml(b.tree, f"course/{b.run_name}.xml", run)


def _chapter(b: Build, week: Week) -> None:
    chapter = element("chapter", {"display_name": b.t(week.title),
                                  "start": _dated(b, week.release, week.loc)})
    for lesson in week.lessons:
        sub(chapter, "sequential", attrs={"url_name": b.claim(
            ids.sequential_id(lesson), f"lesson {lesson.id}", lesson.loc)})
        _sequential(b, week, lesson)
    write_xml(b.tree, f"chapter/{ids.chapter_id(week)}.xml", chapter)


def assignment_type(b: Build, item: Item) -> str | None:
    """The GRADER type a graded item counts for (None when it cannot count)."""
    types = b.course.grading.types
    name = item.assignment_type
    if name is None:
        if not types:
            return None
        if len(types) > 1:
            b.loss("MF502", f"graded item '{item.id}' has no `type:`; it counts as "
                   f"'{types[0].type}'", item.loc,
                   f"set type: to one of {', '.join(t.type for t in types)}", item)
        return types[0].type
    if b.course.grading.type_named(name) is None:
        b.loss("MF502", f"item '{item.id}' counts as '{name}', which course.yml does not "
               "declare under grading.types: Open edX would silently ignore its score",
               item.loc, "declare the type or fix its name", item, "error")
        return None
    return name


def lesson_format(b: Build, lesson: Lesson) -> str | None:
    formats: list[str] = []
    for item in lesson.items:
        if not item.graded:
            continue
        if not kind_of(item).scorable:
            b.loss("MF506", f"{item.kind} '{item.id}' is marked graded, but Open edX cannot "
                   "score it", item.loc, "remove `graded: true` or grade a quiz instead", item)
            continue
        name = assignment_type(b, item)
        if name is not None and name not in formats:
            formats.append(name)
    if len(formats) > 1:
        b.loss("MF501", f"lesson '{lesson.id}' mixes assignment types ({', '.join(formats)}); "
               f"Open edX grades a subsection as one type, so it counts as '{formats[0]}'",
               lesson.loc, "put the items of each assignment type in lessons of their own")
    return formats[0] if formats else None


def _sequential(b: Build, week: Week, lesson: Lesson) -> None:
    fmt = lesson_format(b, lesson)
    dues = sorted(d for d in (b.date(item.due) for item in lesson.items) if d)
    due = dues[-1] if dues else None
    sequential = element("sequential", {
        "display_name": b.t(lesson.title),
        "graded": "true" if fmt else None,
        "format": fmt,
        "due": due,
    })
    if fmt:
        b.graded_counts[fmt] = b.graded_counts.get(fmt, 0) + 1
    for unit, items in _units(lesson):
        vertical_id = ids.unit_vertical_id(unit) if unit else ids.vertical_id(items[0])
        owner = f"unit {unit.id}" if unit else f"item {items[0].id}"
        sub(sequential, "vertical", attrs={"url_name": b.claim(
            vertical_id, owner, unit.loc if unit else items[0].loc)})
        _vertical(b, week, vertical_id, unit, items, graded_sequential=fmt is not None,
                  sequential_due=due)
    write_xml(b.tree, f"sequential/{ids.sequential_id(lesson)}.xml", sequential)


def _dated(b: Build, value: Moment | None, loc: Loc) -> str | None:
    moment = b.date(value)
    if moment and not b.start <= moment <= b.end:
        b.loss("MF535", f"date {value} is outside run '{b.run.id}' ({b.start[:10]} – "
               f"{b.end[:10]})", loc, "write it relative to the run (`week 2 + 6d`) or "
               "override it for this run (`runs.<run>.dates`); lint reports it (MF403)")
    return moment


def _units(lesson: Lesson) -> list[tuple[Unit | None, list[Item]]]:
    """The lesson's pages: its explicit units, and each other item alone."""
    pages: list[tuple[Unit | None, list[Item]]] = []
    for item in lesson.items:
        unit = lesson.unit_of(item.id)
        if unit is not None and pages and pages[-1][0] is unit:
            pages[-1][1].append(item)
        else:
            pages.append((unit, [item]))
    return pages


def _vertical(b: Build, week: Week, vertical_id: str, unit: Unit | None, items: list[Item],
              graded_sequential: bool, sequential_due: str | None) -> None:
    releases = sorted({item.release.at for item in items if item.release is not None})
    first = min((i.release for i in items if i.release is not None), key=lambda m: m.at,
                default=None)
    if len(releases) > 1 and unit is not None:
        b.loss("MF538", f"the items of unit '{unit.id}' have different release dates; the unit "
               f"opens at the earliest ({first})", unit.loc,
               "give the items of a unit one release date, or split the unit")
    vertical = element("vertical", {"display_name": b.t(unit.title if unit else items[0].title),
                                    "start": _dated(b, first, items[0].loc)})
    for item in items:
        _component(b, week, vertical, item, graded_sequential, sequential_due)
    write_xml(b.tree, f"vertical/{vertical_id}.xml", vertical)


def _component(b: Build, week: Week, vertical: etree._Element, item: Item,
               graded_sequential: bool, sequential_due: str | None) -> None:
    name = b.claim(ids.component_id(item), f"item {item.id}", item.loc)
    due = _dated(b, item.due, item.loc)
    component_due = due if due and due != sequential_due else None
    counted = item.graded and graded_sequential
    match item:
        case Reading():
            _html(b, vertical, name, item.title, b.t(item.body), item.files.get(b.lang)
                  or item.files.get(b.course.default_lang, ""))
        case Quiz():
            points = sum(q.weight for q in item.questions)
            problem = quiz_problem(b, item, problem_weight(points, counted, graded_sequential))
            _pointer(b, vertical, "problem", name, problem, component_due)
        case Exercise():
            problem = exercise_problem(b, item, problem_weight(1, counted, graded_sequential))
            _pointer(b, vertical, "problem", name, problem, component_due)
        case Video():
            node = video_block(b, item)
            if b.fun:
                vertical.append(node)
            else:
                _pointer(b, vertical, "video", name, node, None)
        case Peer():
            if graded_sequential and not item.graded:
                b.loss("MF507", f"peer '{item.id}' is formative but sits in a graded lesson: "
                       "Open edX will count its score", item.loc,
                       "move it to an ungraded lesson", item)
            b.advanced_modules.add("openassessment")
            vertical.append(openassessment(b, item))
        case Discussion():
            _discussion(b, week, vertical, item, name)
        case External():
            b.advanced_modules.add("lti_consumer")
            vertical.append(lti_block(b, item, name, counted, component_due))
        case Codecast():
            codecast_component(b, vertical, name, item)
        case RawOlx():
            raw_block(b, vertical, item, name)
        case _:
            unhandled(item, "the OLX writer")


def _pointer(b: Build, vertical: etree._Element, tag: str, name: str, block: etree._Element,
             due: str | None) -> None:
    if due:
        block.set("due", due)
    sub(vertical, tag, attrs={"url_name": name})
    containers = PROBLEM_CONTAINERS if tag == "problem" else None
    write_xml(b.tree, f"{tag}/{name}.xml", block, containers)


def _html(b: Build, vertical: etree._Element, name: str, title: I18nText, body: str,
          source_file: str, raw_html: bool = True) -> None:
    sub(vertical, "html", attrs={"url_name": name})
    write_xml(b.tree, f"html/{name}.xml",
              element("html", {"filename": name, "display_name": b.t(title)}))
    write_text(b.tree, f"html/{name}.html", b.md(body, source_file, raw_html) or "<p></p>")


def _discussion(b: Build, week: Week, vertical: etree._Element, item: Discussion,
                name: str) -> None:
    prompt = b.t(item.prompt)
    if prompt.strip():
        # The discussion block has no text of its own: the prompt is an html block before it.
        prompt_name = b.claim(f"{name}-prompt", f"item {item.id} (prompt)", item.loc)
        _html(b, vertical, prompt_name, item.title, prompt, item.loc.file, raw_html=False)
    sub(vertical, "discussion", attrs={
        "url_name": name,
        "display_name": b.t(item.title),
        "discussion_id": name,
        "discussion_category": b.t(week.title),
        "discussion_target": b.t(item.title),
    })
