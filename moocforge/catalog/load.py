"""Reading catalog.yml: positions, schema, shared settings, categories, programs."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from moocforge.catalog.model import (
    CATALOG_FILE,
    CATALOG_ROOT,
    Capstone,
    CatalogCourse,
    Catalogue,
    Program,
    ProgramCourse,
)
from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.load import dates
from moocforge.load.course import Inherited
from moocforge.load.cursor import Cursor, LoadContext
from moocforge.load.settings import section
from moocforge.load.sources import CourseSources
from moocforge.model import I18nText, Loc, Section

INHERITED_VALUES = ("org", "languages", "timezone")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")  # common.schema.json#/$defs/id


def load_catalogue(root: Path) -> tuple[Catalogue | None, list[Diagnostic]]:
    """catalog.yml of `root`, and every problem of it (positions in catalog.yml)."""
    src = CourseSources(root)
    doc = src.read_yaml(CATALOG_FILE, "catalog")
    if doc is None:
        return None, sorted_diagnostics(src.diagnostics)
    cursor = Cursor(LoadContext(src), doc, CATALOG_FILE)
    defaults = cursor.at("defaults")
    langs = defaults.get("languages")
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        cursor.ctx.languages = tuple(langs)
    categories = {str(k): cursor.at("categories").text(str(k))
                  for k in (cursor.get("categories") or {})}  # type: ignore[union-attr]
    courses = _courses(cursor, set(categories))
    catalogue = Catalogue(
        root=src.root, title=cursor.text("title", src.root.name),
        summary=cursor.opt_text("summary"), inherited=_inherited(defaults),
        shared_roots=_roots(cursor, courses), categories=categories, courses=courses,
        programs=_programs(cursor, {c.id for c in courses}),
        languages=cursor.ctx.languages, source=(src.root / CATALOG_FILE).read_bytes())
    return catalogue, sorted_diagnostics(src.diagnostics)


def _inherited(defaults: Cursor) -> Inherited:
    values = {key: defaults.get(key) for key in INHERITED_VALUES if defaults.has(key)}
    if "timezone" in values:
        try:
            dates.zone(str(values["timezone"]))
        except dates.DateError as error:
            defaults.ctx.error(error.code, error.message, defaults.loc("timezone"), error.hint)
            del values["timezone"]
    sections: dict[str, Section] = {}
    if isinstance(defaults.get("lint"), dict):
        sections["lint"] = _rooted(section(defaults.at("lint"), "lint"))
    targets = defaults.get("targets")
    for name in (targets if isinstance(targets, dict) else {}):
        if isinstance(targets[name], dict):  # type: ignore[index]
            sections[f"targets.{name}"] = _rooted(section(defaults.at("targets", name),
                                                          f"targets.{name}"))
    return Inherited(values, sections)


def _rooted(found: Section) -> Section:
    """Positions in catalog.yml, named so that a course's report points at that file."""
    def move(loc: Loc) -> Loc:
        return Loc(loc.file, loc.line, loc.col, CATALOG_ROOT)

    return Section(found.name, found.values, {k: move(v) for k, v in found.key_locs.items()},
                   {k: move(v) for k, v in found.value_locs.items()}, move(found.loc))


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks followed) is `folder` or under it."""
    return path.resolve().is_relative_to(folder.resolve())


def _roots(cursor: Cursor, courses: tuple[CatalogCourse, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    raw = cursor.get("roots")
    repository = cursor.ctx.src.root
    for name, ref in (raw.items() if isinstance(raw, dict) else ()):
        path = Path(os.path.normpath(repository / str(ref)))
        loc = cursor.loc("roots", name)
        if os.path.isabs(str(ref)) or not path.is_dir():
            cursor.ctx.error("MF020", f"root '{name}': folder not found ({ref})",
                             loc, "a folder relative to catalog.yml")
            continue
        if not _inside(path, repository) or path.resolve() == repository.resolve():
            cursor.ctx.error("MF021", f"root '{name}' ({ref}) is not a folder inside the "
                             "repository", loc, "a shared root is a folder under the one "
                             "of catalog.yml, beside the courses, such as `shared`")
            continue
        overlap = next((c for c in courses if _inside(path, c.path)
                        or _inside(c.path, path)), None)
        if overlap is not None:
            cursor.ctx.error("MF015", f"root '{name}' ({ref}) overlaps the folder of the "
                             f"course '{overlap.id}' ({overlap.rel})", loc,
                             "keep shared files in a folder of their own, outside every "
                             "course, such as `shared`")
            continue
        found[str(name)] = path
    return found


def _courses(cursor: Cursor, categories: set[str]) -> tuple[CatalogCourse, ...]:
    found = []
    raw = cursor.get("courses")
    for course_id in (raw if isinstance(raw, dict) else {}):
        entry = cursor.at("courses", course_id)
        if not isinstance(entry.value, dict) or not _is_id(cursor, "course", course_id):
            continue
        rel = entry.string("path")
        path = Path(os.path.normpath(cursor.ctx.src.root / rel))
        if not _inside(path, cursor.ctx.src.root):
            cursor.ctx.error("MF021", f"course '{course_id}': '{rel}' is outside the "
                             "repository", entry.loc("path"), "a course of the catalogue "
                             "is a folder under the one of catalog.yml (not a symbolic link "
                             "out of it): move it there")
            continue
        if not (path / "course.yml").is_file():
            cursor.ctx.error("MF040", f"course '{course_id}': no course.yml in '{rel}'",
                             entry.loc("path"), "fix the path or create the course with "
                             "`moocforge init`")
            continue
        category = entry.string("category")
        if category and category not in categories:
            _unknown(cursor, "category", category, categories, entry.loc("category"))
        variants = entry.get("variants")
        found.append(CatalogCourse(
            id=str(course_id), path=path, rel=rel, category=category,
            variants=tuple(str(v) for v in variants) if isinstance(variants, list) else None,
            loc=entry.key_loc(), variants_loc=entry.loc("variants")))
    return tuple(found)


def _programs(cursor: Cursor, courses: set[str]) -> tuple[Program, ...]:
    found = []
    raw = cursor.get("programs")
    for program_id in (raw if isinstance(raw, dict) else {}):
        entry = cursor.at("programs", program_id)
        if not isinstance(entry.value, dict) or not _is_id(cursor, "path", program_id):
            continue
        steps: list[ProgramCourse] = []
        for index, step in entry.items("courses"):
            ref = step.string("course")
            if ref.partition(":")[0] not in courses:
                _unknown(cursor, "course", ref, courses, entry.loc("courses", index))
                continue
            if any(s.ref == ref for s in steps):
                cursor.ctx.error("MF022", f"path '{program_id}' names '{ref}' twice",
                                 entry.loc("courses", index), "a course is one step of a "
                                 "path: remove the second one")
                continue
            steps.append(ProgramCourse(ref, bool(step.get("required", True)),
                                       step.number("min_grade"), step.number("credits"),
                                       step.loc()))
        capstone = None
        if isinstance(entry.get("capstone"), dict):
            cap = entry.at("capstone")
            capstone = Capstone(cap.text("title"), cap.opt_text("summary"), cap.number("credits"))
        languages = entry.get("languages")
        found.append(Program(
            id=str(program_id), title=entry.text("title"), summary=entry.opt_text("summary"),
            languages=tuple(str(x) for x in languages) if isinstance(languages, list) else (),
            courses=tuple(steps), capstone=capstone, declared_credits=entry.number("credits"),
            loc=entry.key_loc()))
    return tuple(found)


def _is_id(cursor: Cursor, what: str, key: object) -> bool:
    """Whether a key of `courses:` or `programs:` is an id (it names files under build/)."""
    if isinstance(key, str) and ID.match(key):
        return True
    section = "courses" if what == "course" else "programs"
    cursor.ctx.error("MF015", f"the {what} id {str(key)!r} is not an id",
                     cursor.at(section, key).key_loc(), "letters, digits, _, - and ., "
                     "starting with a letter or a digit, at most 80 characters")
    return False


def _unknown(cursor: Cursor, what: str, name: str, known: set[str], loc: Loc) -> None:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    plural = {"category": "categories"}.get(what, f"{what}s")
    cursor.ctx.error("MF041", f"unknown {what} '{name}'", loc,
                     f"did you mean '{close[0]}'?" if close else
                     f"the catalogue's {plural}: {', '.join(sorted(known)) or 'none'}")


def text_of(value: I18nText | None, lang: str) -> str:
    return value.get_lang(lang) if value is not None else ""
