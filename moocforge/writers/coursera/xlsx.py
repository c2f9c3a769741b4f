"""A small, reproducible xlsx (SpreadsheetML) writer for the blueprint workbook.

The blueprint needs text and numbers in cells, four cell styles, column widths, a frozen
header row and the document properties; openpyxl took ~0.5 s per kit for it (a cell object,
a style lookup and a generic serialiser per cell). This writes the same cells: strings as
inline strings, numbers as openpyxl writes them (`%.16g`: a whole float reads back as an
int, as before). Unlike openpyxl, a string starting with `=` stays text (never a formula a
course title could inject), and characters XML cannot hold are dropped instead of failing
the build. Every part is built with lxml and packed like the kit (sorted entries, fixed
dates), so the same workbook gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from moocforge.output import zip_epoch
from moocforge.writers.coursera.archive import pack_kit_zip

# Cell styles (indexes into cellXfs below).
NORMAL, TITLE, HEADER, WRAPPED = 0, 1, 2, 3

Value = str | int | float | None

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# What XML 1.0 cannot hold (lxml refuses it).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Sheet:
    """One worksheet: rows of values, one style per row, column widths (index from 0)."""

    name: str
    rows: list[Sequence[Value]] = field(default_factory=list)
    styles: list[int] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze_header: bool = False

    def append(self, values: Sequence[Value], style: int = NORMAL) -> None:
        self.rows.append(values)
        self.styles.append(style)


@dataclass(frozen=True)
class Properties:
    creator: str
    title: str
    language: str


def column_letter(index: int) -> str:
    """`A` for 0, `Z` for 25, `AA` for 26…"""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def workbook(sheets: Sequence[Sheet], properties: Properties) -> bytes:
    """The .xlsx file of `sheets`, dated `zip_epoch()`."""
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _relationships([
            (f"{_REL}/officeDocument", "xl/workbook.xml"),
            (f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            (f"{_REL}/extended-properties", "docProps/app.xml")]),
        "docProps/core.xml": _core(properties),
        "docProps/app.xml": _app(),
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _relationships([
            *((f"{_REL}/worksheet", f"/xl/worksheets/sheet{n}.xml")
              for n in range(1, len(sheets) + 1)),
            (f"{_REL}/styles", "styles.xml")]),
        "xl/styles.xml": _STYLES,
    }
    for number, sheet in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{number}.xml"] = _worksheet(sheet)
    out = io.BytesIO()
    pack_kit_zip(parts, out)
    return out.getvalue()


# --------------------------------------------------------------------------- sheets


def _worksheet(sheet: Sheet) -> bytes:
    root = _root(MAIN, "worksheet")
    columns = max((len(row) for row in sheet.rows), default=0)
    last = f"{column_letter(max(columns, 1) - 1)}{max(len(sheet.rows), 1)}"
    etree.SubElement(root, "dimension", ref=f"A1:{last}")
    views = etree.SubElement(etree.SubElement(root, "sheetViews"), "sheetView",
                             workbookViewId="0")
    if sheet.freeze_header:
        etree.SubElement(views, "pane", ySplit="1", topLeftCell="A2", activePane="bottomLeft",
                         state="frozen")
        etree.SubElement(views, "selection", pane="bottomLeft", activeCell="A1", sqref="A1")
    else:
        etree.SubElement(views, "selection", activeCell="A1", sqref="A1")
    etree.SubElement(root, "sheetFormatPr", baseColWidth="8", defaultRowHeight="15")
    if sheet.widths:
        cols = etree.SubElement(root, "cols")
        for index, width in sorted(sheet.widths.items()):
            etree.SubElement(cols, "col", min=str(index + 1), max=str(index + 1),
                             width=f"{width:g}", customWidth="1")
    data = etree.SubElement(root, "sheetData")
    letters = [column_letter(i) for i in range(columns)]
    for number, (values, style) in enumerate(zip(sheet.rows, sheet.styles, strict=True), 1):
        if values:
            _row(data, number, values, style, letters)
    etree.SubElement(root, "pageMargins", left="0.75", right="0.75", top="1", bottom="1",
                     header="0.5", footer="0.5")
    return _xml(root)


def _row(data: etree._Element, number: int, values: Sequence[Value], style: int,
         letters: list[str]) -> None:
    row = etree.SubElement(data, "row", r=str(number))
    style_id = str(style) if style else None
    for letter, value in zip(letters, values, strict=False):
        cell = etree.SubElement(row, "c", r=f"{letter}{number}")
        if style_id is not None:
            cell.set("s", style_id)
        if isinstance(value, str):
            cell.set("t", "inlineStr")
            if value:  # an empty one is an empty text cell, as openpyxl wrote it
                _text(etree.SubElement(cell, "is"), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                etree.SubElement(cell, "v").text = format(value, ".16g")
        elif value is not None:
            raise TypeError(f"no xlsx cell for {type(value).__name__}")


def _text(parent: etree._Element, value: str) -> None:
    text = etree.SubElement(parent, "t")
    text.text = _NOT_XML.sub("", value)
    if text.text.strip() != text.text:
        text.set(_XML_SPACE, "preserve")


# --------------------------------------------------------------------------- package parts


def _content_types(sheets: int) -> bytes:
    root = _root(_TYPES, "Types")
    etree.SubElement(root, "Default", Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")
    etree.SubElement(root, "Default", Extension="xml", ContentType="application/xml")
    overrides = [
        ("/xl/workbook.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", _SHEET_TYPE) for n in range(1, sheets + 1)),
    ]
    for name, content_type in overrides:
        etree.SubElement(root, "Override", PartName=name, ContentType=content_type)
    return _xml(root)


def _relationships(targets: list[tuple[str, str]]) -> bytes:
    root = _root(_PKG_REL, "Relationships")
    for number, (kind, target) in enumerate(targets, 1):
        etree.SubElement(root, "Relationship", Id=f"rId{number}", Type=kind, Target=target)
    return _xml(root)


def _workbook(sheets: Sequence[Sheet]) -> bytes:
    root = _root(MAIN, "workbook", r=_REL)
    etree.SubElement(etree.SubElement(root, "bookViews"), "workbookView", activeTab="0")
    listed = etree.SubElement(root, "sheets")
    for number, sheet in enumerate(sheets, 1):
        etree.SubElement(listed, "sheet", {"name": _NOT_XML.sub("", sheet.name),
                                           "sheetId": str(number),
                                           f"{{{_REL}}}id": f"rId{number}"})
    etree.SubElement(root, "calcPr", calcId="124519", fullCalcOnLoad="1")
    return _xml(root)


def _core(properties: Properties) -> bytes:
    root = etree.Element(f"{{{_CORE}}}coreProperties",
                         nsmap={"cp": _CORE, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI})
    for name, value in (("creator", properties.creator), ("title", properties.title),
                        ("language", properties.language)):
        etree.SubElement(root, f"{{{_DC}}}{name}").text = _NOT_XML.sub("", value)
    stamp = datetime.fromtimestamp(zip_epoch(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        element = etree.SubElement(root, f"{{{_DCTERMS}}}{name}",
                                   {f"{{{_XSI}}}type": "dcterms:W3CDTF"})
        element.text = stamp
    return _xml(root)


def _app() -> bytes:
    root = _root(_EXTENDED, "Properties")
    etree.SubElement(root, "Application").text = "moocforge"
    return _xml(root)


def _styles() -> bytes:
    root = _root(MAIN, "styleSheet")
    fonts = etree.SubElement(root, "fonts", count="3")
    default = etree.SubElement(fonts, "font")
    etree.SubElement(default, "sz", val="11")
    etree.SubElement(default, "name", val="Calibri")
    etree.SubElement(default, "family", val="2")
    for size in ("14", None):  # TITLE, HEADER: bold, otherwise the default font's
        font = etree.SubElement(fonts, "font")
        etree.SubElement(font, "b", val="1")
        if size:
            etree.SubElement(font, "sz", val=size)
    fills = etree.SubElement(root, "fills", count="2")
    for pattern in ("none", "gray125"):
        etree.SubElement(etree.SubElement(fills, "fill"), "patternFill", patternType=pattern)
    border = etree.SubElement(etree.SubElement(root, "borders", count="1"), "border")
    for side in ("left", "right", "top", "bottom", "diagonal"):
        etree.SubElement(border, side)
    etree.SubElement(etree.SubElement(root, "cellStyleXfs", count="1"), "xf", numFmtId="0",
                     fontId="0", fillId="0", borderId="0")
    formats = etree.SubElement(root, "cellXfs", count="4")
    for font_id in ("0", "1", "2"):  # NORMAL, TITLE, HEADER
        xf = etree.SubElement(formats, "xf", numFmtId="0", fontId=font_id, fillId="0",
                              borderId="0", xfId="0")
        if font_id != "0":
            xf.set("applyFont", "1")
    wrapped = etree.SubElement(formats, "xf", numFmtId="0", fontId="0", fillId="0",
                               borderId="0", xfId="0", applyAlignment="1")
    etree.SubElement(wrapped, "alignment", vertical="top", wrapText="1")
    styles = etree.SubElement(root, "cellStyles", count="1")
    etree.SubElement(styles, "cellStyle", name="Normal", xfId="0", builtinId="0")
    return _xml(root)


def _root(namespace: str, tag: str, **prefixes: str) -> etree._Element:
    """A root element in `namespace` as the default namespace (children need no prefix)."""
    nsmap: dict[str | None, str] = {None: namespace}
    nsmap.update(prefixes)
    return etree.Element(f"{{{namespace}}}{tag}", nsmap=nsmap)  # type: ignore[arg-type]


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True))


_STYLES = _styles()
