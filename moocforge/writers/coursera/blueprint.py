"""The course blueprint: one row per item, as `blueprint.xlsx` (openpyxl) and `blueprint.csv`.

The xlsx is made reproducible: fixed document dates (SOURCE_DATE_EPOCH, at least 1980-01-01)
and its parts packed by `pack_zip` (sorted entries, fixed entry dates), because openpyxl
stamps the current time on both.
"""

from __future__ import annotations

import csv
import io
from copy import copy
from dataclasses import dataclass
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from moocforge.model import Course, I18nText, Objective
from moocforge.output import pack_zip, zip_epoch
from moocforge.workload import estimate
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


def to_csv(blueprint: list[BlueprintRow]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows accented letters correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in blueprint:
        writer.writerow(row.values())
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- xlsx


def _text(value: I18nText | None, lang: str) -> str:
    return value.get_lang(lang) if value is not None else ""


def to_xlsx(course: Course, blueprint: list[BlueprintRow], lang: str) -> bytes:
    workbook = Workbook()
    intro = workbook.active
    assert intro is not None
    intro.title = "Introduction"
    _introduction(intro, course, lang)
    _sheet(workbook.create_sheet("Blueprint"), HEADERS, [r.values() for r in blueprint],
           [c[2] for c in COLUMNS])
    _modules(workbook.create_sheet("Modules"), course, blueprint, lang)
    _grading(workbook.create_sheet("Grading"), course, blueprint)
    fixed = datetime.fromtimestamp(zip_epoch(), UTC)
    fixed = fixed.replace(tzinfo=None)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "moocforge"
    workbook.properties.title = course.title.get_lang(lang)
    workbook.properties.language = lang
    parts = _Parts()
    # ExcelWriter keeps our dates; openpyxl's save_workbook() would stamp "now".
    ExcelWriter(workbook, parts).save()
    out = io.BytesIO()
    pack_zip(parts.files, out)
    return out.getvalue()


class _Parts:
    """What ExcelWriter needs of a zip archive: the parts are collected, then packed once,
    sorted and with fixed dates (never compressed twice)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes) -> None:
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data

    def namelist(self) -> list[str]:  # in writing order, as a zip lists them
        return list(self.files)

    def write(self, filename: str, arcname: str) -> None:
        with open(filename, "rb") as handle:
            self.files[arcname] = handle.read()

    def close(self) -> None:
        pass


def _sheet(sheet: Worksheet, headers: list[str], values: list[list[object]],
           widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in values:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    styled = None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if styled is None:
                cell.alignment = wrap
                styled = cell._style
            else:  # the same style: copying its ids skips openpyxl's per-cell lookup
                cell._style = copy(styled)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index + 1)
    return letter


def _introduction(sheet: Worksheet, course: Course, lang: str) -> None:
    sheet.append([course.title.get_lang(lang)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Coursera course blueprint generated by moocforge from the course "
                  f"'{course.id}' ({course.org} {course.number}), language '{lang}'."])
    sheet.append(["Sheets: Blueprint (one row per item, in course order), Modules (titles, "
                  "descriptions, objectives), Grading (weights to enter). README.html in "
                  "the kit explains how to load the course."])
    sheet.append([])
    sheet.append(["Column (Blueprint sheet)", "Meaning"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for header, meaning, _ in COLUMNS:
        sheet.append([header, meaning])
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100


def _modules(sheet: Worksheet, course: Course, blueprint: list[BlueprintRow],
             lang: str) -> None:
    values = []
    for week in course.weeks:
        week_rows = [r for r in blueprint if r.module == week.number]
        objectives = "\n".join(f"{o.id}: {o.text.get_lang(lang)}" for o in week.objectives)
        values.append([week.number, week.title.get_lang(lang), _text(week.summary, lang),
                       objectives, len(week_rows),
                       round(sum(r.minutes for r in week_rows), 1)])
    _sheet(sheet, ["Module", "Title", "Description", "Learning objectives", "Items",
                   "Minutes"], values, [8, 30, 60, 60, 8, 10])


def _grading(sheet: Worksheet, course: Course, blueprint: list[BlueprintRow]) -> None:
    values: list[list[object]] = []
    for kind in course.grading.types:
        items = [r for r in blueprint if r.graded and r.assignment_type == kind.type]
        values.append([kind.type, round(kind.weight * 100, 2), kind.drop, len(items),
                       round(kind.weight * 100 / len(items), 2) if items else ""])
    values.append(["Pass threshold %", round(course.grading.pass_threshold * 100, 2), "", "",
                   ""])
    _sheet(sheet, ["Assignment type", "Weight %", "Drop lowest (lost)", "Graded items",
                   "Weight % per item"], values, [22, 10, 18, 14, 18])
