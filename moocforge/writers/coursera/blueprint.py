"""The course blueprint: one row per item, as `blueprint.xlsx` and `blueprint.csv`.

The xlsx is written by `xlsx` (ours: reproducible, fixed document dates from
SOURCE_DATE_EPOCH, at least 1980-01-01).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from moocforge.model import Course, I18nText, Objective
from moocforge.workload import estimate
from moocforge.writers.coursera import xlsx
from moocforge.writers.coursera.plan import Placed, item_type, item_weights

COLUMNS: list[tuple[str, str, int]] = [
    # (header, meaning, width)
    ("Module", "Module number (one module per course week).", 8),
    ("Module title", "Title of the module.", 28),
    ("Lesson", "Lesson title in the sources. Coursera modules hold items directly, so this is "
               "only a grouping hint (see the loss report).", 24),
    ("Item order", "Position of the item in its module: add the items in this order.", 10),
    ("Item id", "Stable id of the item in the sources (also in its file names).", 18),
    ("Item type", "Coursera item type: Video lecture, Reading, Practice quiz, Graded quiz, "
                  "Peer review, Discussion prompt, Graded discussion prompt, Ungraded "
                  "programming, Graded programming.", 18),
    ("Title", "Item title to enter in Coursera.", 36),
    ("Minutes", "Estimated learner time in minutes (moocforge workload estimate: declared "
                "minutes, video duration, reading words, 1.5 min per question…).", 9),
    ("Graded", "yes when the item counts towards the grade.", 8),
    ("Assignment type", "Grading category of the item in the sources.", 16),
    ("Weight %", "Share of the final grade to enter for this item, in percent: the weight of "
                 "its assignment type divided by the number of graded items of that type.", 10),
    ("Objectives", "Learning objectives of the item, one per line: `id: text`.", 40),
    ("Files", "Kit files holding the item's content, one per line, relative to the kit "
              "folder.", 48),
]
HEADERS = [c[0] for c in COLUMNS]


@dataclass(frozen=True)
class BlueprintRow:
    module: int
    module_title: str
    lesson: str
    order: int
    item_id: str
    item_type: str
    title: str
    minutes: float
    graded: bool
    assignment_type: str
    weight_pct: float | None
    objectives: str
    files: tuple[str, ...]

    def values(self) -> list[object]:
        return [self.module, self.module_title, self.lesson, self.order, self.item_id,
                self.item_type, self.title, self.minutes, "yes" if self.graded else "no",
                self.assignment_type, "" if self.weight_pct is None else self.weight_pct,
                self.objectives, "\n".join(self.files)]


def _objective_lines(ids: tuple[str, ...], known: dict[str, Objective], lang: str) -> str:
    return "\n".join(f"{oid}: {known[oid].text.get_lang(lang)}" if oid in known else oid
                     for oid in ids)


def rows(course: Course, placed: list[Placed], lang: str,
         files: dict[str, list[str]]) -> list[BlueprintRow]:
    weights = item_weights(course)
    known = {o.id: o for o in course.objectives}
    result = []
    for p in placed:
        item = p.item
        weight = weights.get(item.id)
        result.append(BlueprintRow(
            module=p.module, module_title=p.week.title.get_lang(lang),
            lesson=p.lesson.title.get_lang(lang), order=p.order, item_id=item.id,
            item_type=item_type(item), title=item.title.get_lang(lang),
            minutes=round(estimate(course, item, lang).minutes, 1), graded=item.graded,
            assignment_type=item.assignment_type or "",
            weight_pct=None if weight is None else round(weight * 100, 2),
            objectives=_objective_lines(item.objectives, known, lang),
            files=tuple(files.get(item.id, ()))))
    return result


# What makes a spreadsheet read a CSV cell as a formula (`=`, `+`, `-`, `@`; a tab or a
# carriage return before one of them).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """A text a spreadsheet shows as written: one that would start a formula (a title
    `=HYPERLINK(…)`) gets the text mark `'` first, as the xlsx keeps it a text cell."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(blueprint: list[BlueprintRow]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows accented letters correctly; no
    text cell starts a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in blueprint:
        writer.writerow([_csv_cell(value) for value in row.values()])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- xlsx


def _text(value: I18nText | None, lang: str) -> str:
    return value.get_lang(lang) if value is not None else ""


def to_xlsx(course: Course, blueprint: list[BlueprintRow], lang: str) -> bytes:
    sheets = [
        _introduction(course, lang),
        _sheet("Blueprint", HEADERS, [r.values() for r in blueprint], [c[2] for c in COLUMNS]),
        _modules(course, blueprint, lang),
        _grading(course, blueprint),
    ]
    return xlsx.workbook(sheets, xlsx.Properties(creator="moocforge",
                                                 title=course.title.get_lang(lang),
                                                 language=lang))


def _sheet(name: str, headers: list[str], values: list[list[object]],
           widths: list[int]) -> xlsx.Sheet:
    """A table: a bold header row (frozen), then rows wrapped and aligned to the top."""
    sheet = xlsx.Sheet(name, widths=dict(enumerate(widths)), freeze_header=True)
    sheet.append(headers, xlsx.HEADER)
    for row in values:
        sheet.append(row, xlsx.WRAPPED)  # type: ignore[arg-type]  # str/int/float cells
    return sheet


def _introduction(course: Course, lang: str) -> xlsx.Sheet:
    sheet = xlsx.Sheet("Introduction", widths={0: 26, 1: 100})
    sheet.append([course.title.get_lang(lang)], xlsx.TITLE)
    sheet.append([f"Coursera course blueprint generated by moocforge from the course "
                  f"'{course.id}' ({course.org} {course.number}), language '{lang}'."])
    sheet.append(["Sheets: Blueprint (one row per item, in course order), Modules (titles, "
                  "descriptions, objectives), Grading (weights to enter). README.html in "
                  "the kit explains how to load the course."])
    sheet.append([])
    sheet.append(["Column (Blueprint sheet)", "Meaning"], xlsx.HEADER)
    for header, meaning, _ in COLUMNS:
        sheet.append([header, meaning])
    return sheet


def _modules(course: Course, blueprint: list[BlueprintRow], lang: str) -> xlsx.Sheet:
    values: list[list[object]] = []
    for week in course.weeks:
        week_rows = [r for r in blueprint if r.module == week.number]
        objectives = "\n".join(f"{o.id}: {o.text.get_lang(lang)}" for o in week.objectives)
        values.append([week.number, week.title.get_lang(lang), _text(week.summary, lang),
                       objectives, len(week_rows),
                       round(sum(r.minutes for r in week_rows), 1)])
    return _sheet("Modules", ["Module", "Title", "Description", "Learning objectives",
                              "Items", "Minutes"], values, [8, 30, 60, 60, 8, 10])


def _grading(course: Course, blueprint: list[BlueprintRow]) -> xlsx.Sheet:
    values: list[list[object]] = []
    for kind in course.grading.types:
        items = [r for r in blueprint if r.graded and r.assignment_type == kind.type]
        values.append([kind.type, round(kind.weight * 100, 2), kind.drop, len(items),
                       round(kind.weight * 100 / len(items), 2) if items else ""])
    values.append(["Pass threshold %", round(course.grading.pass_threshold * 100, 2), "", "",
                   ""])
    return _sheet("Grading", ["Assignment type", "Weight %", "Drop lowest (lost)",
                              "Graded items", "Weight % per item"], values,
                  [22, 10, 18, 14, 18])
