"""An unpacked OLX export read as a tree of blocks, in both layouts Studio and hand-written
courses use: pointer files (`<chapter url_name="x"/>` → `chapter/x.xml`) and children
written inline. `policies/<run>/policy.json` overrides apply to the blocks they name.

Every XML file goes through `moocforge.xmlsafe` (no DTD, no entities, no network).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from moocforge.importers.olx.files import ExportFiles, FolderFiles, MemoryFiles
from moocforge.xmlsafe import UnsafeXmlError, parse_xml

MAX_DEPTH = 12  # course > chapter > sequential > vertical > component (> children)


class ExportError(ValueError):
    """An export that cannot be read at all (no course.xml, a broken course file)."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.file, self.line = file, line


@dataclass
class Block:
    tag: str
    url_name: str
    element: etree._Element  # the block's own element (its file's root, or inline)
    file: str  # export-relative file holding `element`
    attrs: dict[str, str]  # element attributes, policy overrides applied
    children: list[Block] = field(default_factory=list)
    pointer: bool = False  # read from a file of its own through a pointer
    position: int = 0  # index among its parent's children

    @property
    def line(self) -> int:
        return int(self.element.sourceline or 0)

    @property
    def display_name(self) -> str:
        return self.attrs.get("display_name", "")

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Export:
    files: ExportFiles  # seen from the folder holding course.xml
    run: str  # the course url_name
    org: str
    number: str
    course: Block
    policy: dict[str, Any]  # the "course/<run>" entry of policy.json
    grading: dict[str, Any]  # grading_policy.json
    # (file, note, hint) for the report: parts of the export not imported as such (MF660)
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # file, line, message

    def text(self, rel: str) -> str | None:
        data = self.files.read(rel)
        if data is None:
            return None
        return data.decode("utf-8", errors="replace").removeprefix("\ufeff")

    def blocks(self) -> Iterator[Block]:
        yield from self.course.walk()


def course_files(source: Path | dict[str, bytes]) -> ExportFiles:
    """The files of an unpacked folder or of archive members, seen from the folder holding
    course.xml: the top one or one level down (`course/`), as Studio uses the first
    course.xml it meets."""
    if isinstance(source, dict):
        members = MemoryFiles(source)
        for prefix in ("", *sorted({n.split("/", 1)[0] + "/" for n in source if "/" in n})):
            if f"{prefix}course.xml" in source:
                return members.within(prefix)
    else:
        for candidate in (source, *sorted(p for p in source.iterdir() if p.is_dir())):
            if (candidate / "course.xml").is_file():
                return FolderFiles(candidate)
    raise ExportError("no course.xml in the export (looked at its top folder and one "
                      "level down)")


def read_export(files: ExportFiles) -> Export:
    top = _parse(files, "course.xml")
    run = top.get("url_name") or ""
    if not run:
        raise ExportError("course.xml has no url_name (the run)", "course.xml", 1)
    policies = _json(files, f"policies/{run}/policy.json") or {}
    policy = policies.get(f"course/{run}", {}) if isinstance(policies, dict) else {}
    reader = _Reader(files, policies if isinstance(policies, dict) else {})
    if _is_pointer(top) and files.is_file(f"course/{run}.xml"):
        course_element, course_file = _parse(files, f"course/{run}.xml"), f"course/{run}.xml"
    else:
        course_element, course_file = top, "course.xml"
    course = reader.block(course_element, course_file, run, pointer=course_file != "course.xml")
    export = Export(files=files, run=run, org=top.get("org", ""),
                    number=top.get("course", ""), course=course,
                    policy=policy if isinstance(policy, dict) else {},
                    grading=_json(files, f"policies/{run}/grading_policy.json") or {},
                    notes=reader.notes, problems=reader.problems)
    if files.is_dir("drafts"):
        export.notes.append(("drafts/", "the drafts folder (unpublished changes) is ignored: "
                             "the import takes the published course", "publish the changes "
                             "in Studio and export again if they belong in the course"))
    export.notes += _course_pages(files)
    return export


_EMPTY_PAGE = re.compile(r"^\s*(<ol>\s*</ol>|\[\])?\s*$")


def _course_pages(files: ExportFiles) -> list[tuple[str, str, str]]:
    """Course updates, handouts and custom tabs: moocforge courses have no such pages."""
    notes = []
    for rel in ("info/updates.html", "info/handouts.html", "info/updates.items.json"):
        data = files.read(rel)
        if data is not None and not _EMPTY_PAGE.match(data.decode("utf-8", "replace")):
            notes.append((rel, f"{rel} (course updates and handouts) is not imported: copy "
                               "what is still useful into a reading or the about page",
                          "copy what learners still need into a reading, or into about.md"))
    for name in files.names("tabs"):
        notes.append((f"tabs/{name}", f"the custom page tabs/{name} is not imported: make it "
                                      "a reading if learners still need it",
                      "copy its content into a reading of the week it belongs to"))
    return notes


def _parse(files: ExportFiles, rel: str) -> etree._Element:
    data = files.read(rel)
    if data is None:
        raise ExportError(f"cannot read {rel}", rel)
    try:
        return parse_xml(data)
    except UnsafeXmlError as exc:
        raise ExportError(f"{rel} {exc}", rel, exc.line) from None


def _json(files: ExportFiles, rel: str) -> Any:
    data = files.read(rel)
    if data is None:
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExportError(f"{rel} is not valid JSON: {exc}", rel) from None


def _is_pointer(element: etree._Element) -> bool:
    """Studio's pointer rule: only url_name (plus org/course on course.xml), no content."""
    extra = set(element.attrib) - {"url_name", "org", "course"}
    return not extra and not len(element) and not (element.text or "").strip()


class _Reader:
    def __init__(self, files: ExportFiles, policies: dict[str, Any]) -> None:
        self.files, self.policies = files, policies
        self.notes: list[tuple[str, str, str]] = []
        self.problems: list[tuple[str, int, str]] = []
        self.seen: set[str] = set()

    def block(self, element: etree._Element, file: str, url_name: str, pointer: bool,
              depth: int = 0, position: int = 0) -> Block:
        tag = str(element.tag)
        attrs = {str(k): str(v) for k, v in element.attrib.items()}
        override = self.policies.get(f"{tag}/{url_name}")
        if isinstance(override, dict):
            attrs.update({k: v if isinstance(v, str) else json.dumps(v)
                          for k, v in override.items()})
        block = Block(tag, url_name, element, file, attrs, pointer=pointer, position=position)
        if depth >= MAX_DEPTH or tag not in HOLDERS:
            return block
        for index, child in enumerate(c for c in element if isinstance(c.tag, str)):
            found = self.child(child, file, depth + 1, index)
            if found is not None:
                block.children.append(found)
        return block

    def child(self, element: etree._Element, file: str, depth: int, index: int
              ) -> Block | None:
        tag = str(element.tag)
        if tag == "wiki":
            return None
        name = element.get("url_name") or ""
        if _is_pointer(element) and name:
            rel = f"{tag}/{name.replace(':', '/')}.xml"
            if self.files.is_file(rel):
                if rel in self.seen:
                    self.problems.append((file, int(element.sourceline or 0),
                                          f"{rel} is pointed at twice; the second is skipped"))
                    return None
                self.seen.add(rel)
                return self.block(_parse(self.files, rel), rel, name, True, depth, index)
            self.problems.append((file, int(element.sourceline or 0),
                                  f"<{tag} url_name=\"{name}\"/> points to {rel}, which is "
                                  "missing: the block is left out"))
            return None
        if not name:
            name = f"{tag}_{_slugline(file)}_{element.sourceline or index}"
            self.notes.append((file, f"an inline <{tag}> without url_name got the id '{name}'",
                               "nothing to do; to choose the id, give the block a url_name "
                               "in the export and import again"))
        return self.block(element, file, name, False, depth, index)


def _slugline(file: str) -> str:
    return Path(file).stem.replace(".", "_")[:24]


# Blocks whose child elements are blocks: the course tree, and the blocks that group
# components (kept raw, with their children read so that they can be written inline).
CONTAINERS = frozenset({"course", "chapter", "sequential", "vertical"})
HOLDERS = CONTAINERS | {"library_content", "split_test", "conditional", "randomize",
                        "itembank"}
