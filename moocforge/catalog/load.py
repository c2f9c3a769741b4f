"""Reading catalog.yml: positions, schema, shared settings, categories, programs."""

from __future__ import annotations

import difflib
import os
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
        shared_roots=_roots(cursor), categories=categories, courses=courses,
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


def _roots(cursor: Cursor) -> dict[str, Path]:
    found: dict[str, Path] = {}
    raw = cursor.get("roots")
    for name, ref in (raw.items() if isinstance(raw, dict) else ()):
        path = Path(os.path.normpath(cursor.ctx.src.root / str(ref)))
        if os.path.isabs(str(ref)) or not path.is_dir():
            cursor.ctx.error("MF020", f"root '{name}': folder not found ({ref})",
                             cursor.loc("roots", name), "a folder relative to catalog.yml")
            continue
        found[str(name)] = path
    return found


def _courses(cursor: Cursor, categories: set[str]) -> tuple[CatalogCourse, ...]:
    found = []
    raw = cursor.get("courses")
    for course_id in (raw if isinstance(raw, dict) else {}):
        entry = cursor.at("courses", course_id)
        if not isinstance(entry.value, dict):
            continue
        rel = entry.string("path")
        path = Path(os.path.normpath(cursor.ctx.src.root / rel))
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
            loc=entry.key_loc()))
    return tuple(found)


def _programs(cursor: Cursor, courses: set[str]) -> tuple[Program, ...]:
    found = []
    raw = cursor.get("programs")
    for program_id in (raw if isinstance(raw, dict) else {}):
        entry = cursor.at("programs", program_id)
        if not isinstance(entry.value, dict):
            continue
        steps = []
        for index, step in entry.items("courses"):
            ref = step.string("course")
            if ref.partition(":")[0] not in courses:
                _unknown(cursor, "course", ref, courses, entry.loc("courses", index))
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


def _unknown(cursor: Cursor, what: str, name: str, known: set[str], loc: Loc) -> None:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    cursor.ctx.error("MF041", f"unknown {what} '{name}'", loc,
                     f"did you mean '{close[0]}'?" if close else
                     f"the catalogue's {what}s: {', '.join(sorted(known)) or 'none'}")


def text_of(value: I18nText | None, lang: str) -> str:
    return value.get_lang(lang) if value is not None else ""
