"""`moocforge import olx`: an Open edX course export → a moocforge course folder.

`import_olx(source, dest, …)` reads a `.tar.gz` / `.zip` export or an unpacked folder
(checked by `archive`, parsed safely by `export`), plans the course (`course`, `items`,
`capa`, `ora`, `media`), merges translations (`merge`), writes the folder through a
staging copy (`folder`) with `import-report.md` (`report`), and loads the result to check
that it validates. docs/import.md describes the mapping.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.importers.olx import course as course_plan
from moocforge.importers.olx.archive import Limits, UnsafeArchiveError, check_folder, read_archive
from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import (
    Block,
    Export,
    ExportError,
    course_files,
    read_export,
)
from moocforge.importers.olx.folder import (
    DestinationError,
    check_destination,
    translated,
    week_yaml,
    write_course,
)
from moocforge.importers.olx.merge import merge_plans
from moocforge.importers.olx.plan import Finding, PlannedWeek
from moocforge.importers.olx.report import REPORT_FILE, diagnostics, report_markdown
from moocforge.importers.olx.statics import StaticMap
from moocforge.model import Loc


@dataclass
class ImportResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: Path | None = None  # the course folder, when the import succeeded
    backup: Path | None = None  # where --force moved the earlier import

    @property
    def ok(self) -> bool:
        return self.written is not None


@dataclass
class _Side:
    """One export (the main one or a translation) and its plan."""

    ctx: Context
    weeks: list[PlannedWeek]
    course: dict[str, Any]
    files: dict[str, Any]


def import_olx(source: Path, dest: Path, *, lang: str | None = None, timezone: str = "UTC",
               force: bool = False, merge: list[tuple[str, Path]] | None = None,
               limits: Limits = Limits(), course_id: str | None = None) -> ImportResult:
    result = ImportResult()
    try:
        zone = ZoneInfo(timezone)
        backup = check_destination(dest, force)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if isinstance(exc, DestinationError):
            message, hint = str(exc), DESTINATION_HINT
        else:
            message, hint = f"unknown time zone '{timezone}'", TIMEZONE_HINT
        result.diagnostics.append(_error("MF662", message, str(dest), hint=hint))
        return result
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.import-", dir=dest.parent))
    try:
        result = _import(source, dest, staging, lang, zone, merge or [], limits, course_id,
                         backup)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _import(source: Path, dest: Path, staging: Path, lang: str | None, zone: ZoneInfo,
            merge: list[tuple[str, Path]], limits: Limits, course_id: str | None,
            backup: Path | None) -> ImportResult:
    result = ImportResult()
    exports: list[Export] = []
    for path in [source, *(p for _, p in merge)]:
        try:
            exports.append(_open(path, limits))
        except (UnsafeArchiveError, ExportError) as exc:
            file = getattr(exc, "file", "") or getattr(exc, "member", "")
            unsafe = isinstance(exc, UnsafeArchiveError)
            result.diagnostics.append(_error(
                "MF663" if unsafe else "MF664", f"{path.name}: {exc}",
                f"{path}/{file}" if file else str(path), getattr(exc, "line", 0),
                UNSAFE_HINT if unsafe else EXPORT_HINT if path.exists() else MISSING_HINT))
    if result.diagnostics:
        return result
    main_lang = lang or str(exports[0].policy.get("language") or "en")
    others = [other_lang for other_lang, _ in merge]
    repeated = [code for code in others if code == main_lang or others.count(code) > 1]
    if repeated:
        result.diagnostics.append(_error("MF662", f"--merge-lang {repeated[0]}: the course "
                                         f"already has {repeated[0]} (the export's language is "
                                         f"{main_lang}; set it with --lang)", str(source),
                                         hint="give each language once: --lang for the main "
                                         "export, one --merge-lang per translation"))
        return result
    main = _plan(exports[0], main_lang, zone, tuple(others), course_id)
    merged_names = []
    sources: dict[int, str] = {}  # a finding about a merged export → that export's name
    for (other_lang, path), export in zip(merge, exports[1:], strict=True):
        side = _plan(export, other_lang, zone, (main_lang,), main.course["id"],
                     [week.folder for week in main.weeks])
        if (export.org, export.number) != (exports[0].org, exports[0].number):
            side.ctx.findings.insert(0, _other_course(other_lang, path, exports[0], export,
                                                      source))
        merge_plans(main.ctx, main.weeks, main.course, main.files, side.ctx, side.weeks,
                    side.course, side.files)
        sources.update({id(finding): path.name for finding in side.ctx.findings})
        main.ctx.findings += side.ctx.findings
        merged_names.append((other_lang, path.name))
    if merge:
        main.course["languages"] = [main_lang, *others]
        _multilingual_runs(main, [main_lang, *others])
    if zone.key != "UTC":
        main.course["timezone"] = zone.key  # dates are written in it; bare dates mean it
    files = _files(main)
    origins = _origins(main, [main_lang, *others])
    files[REPORT_FILE] = report_markdown(main.ctx, main.weeks, source.name, merged_names,
                                         main.ctx.findings, sources)
    for finding in main.ctx.findings:
        result.diagnostics += diagnostics([finding], sources.get(id(finding), source.name))
    course_dir = staging / "course"
    try:
        write_course(course_dir, files, [main_lang, *others])
    except (DestinationError, OSError) as exc:  # names the export's url_names make
        # the course folder is never written: point at the block that names the file
        rel = getattr(exc, "rel", "")
        origin = origins.get(rel)
        file, line = (f"{source}/{origin.file}", origin.line) if origin else (str(source), 0)
        result.diagnostics.append(_error(
            "MF665", f"the imported course cannot be written: {exc}"
            + (f" (the course file {rel} it would write)" if rel and origin is None else ""),
            file, line, hint="an id (url_name) of the export makes a file name this system "
            "refuses, or two make the same file: rename them in the export (ids are listed "
            "in import-report.md) and export again"))
        return result
    result.diagnostics += _validate(course_dir, source, origins, _item_blocks(main))
    if any(d.severity == "error" for d in result.diagnostics):
        return result
    if backup is not None:
        dest.rename(backup)
        result.backup = backup
    elif dest.exists():
        dest.rmdir()
    course_dir.rename(dest)
    result.written = dest
    result.diagnostics = sorted_diagnostics(result.diagnostics)
    return result


def _open(path: Path, limits: Limits) -> Export:
    if path.is_dir():
        check_folder(path, limits)
        return read_export(course_files(path))
    if not path.is_file():
        raise ExportError(f"{path} does not exist")
    return read_export(course_files(read_archive(path, limits)))


def _plan(export: Export, lang: str, zone: ZoneInfo, other_langs: tuple[str, ...],
          course_id: str | None, folders: list[str] | None = None) -> _Side:
    weeks_found = course_plan.week_folders(export)
    if folders is not None:  # a translation: the main export's folders, by position
        weeks_found = [(c, w, folders[i] if i < len(folders) else f)
                       for i, (c, w, f) in enumerate(weeks_found)]
    statics = StaticMap(export.files, [f for _, _, f in weeks_found])
    ctx = Context(export=export, lang=lang, zone=zone, statics=statics, other_langs=other_langs)
    ctx.run_start = ctx.date(_str(export.policy.get("start")))
    ctx.run_end = ctx.date(_str(export.policy.get("end")))
    for file, line, message in export.problems:
        ctx.findings.append(Finding("MF664", "warning", message, file, line))
    for file, note, hint in export.notes:  # a merged export's notes are reported too
        ctx.findings.append(Finding("MF660", "info", note, file, hint=hint))
    weeks = course_plan.plan_weeks(ctx, weeks_found)
    run = export.run
    the_id = course_id or ctx.course_id_hint or course_plan.slug(export.number) or "course"
    course, files = course_plan.course_data(ctx, weeks, run, the_id)
    return _Side(ctx, weeks, course, files)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _multilingual_runs(side: _Side, languages: list[str]) -> None:
    """moocforge names the run of each language `<run>-<lang>`: one run id again."""
    runs = side.course["runs"]
    renamed = {}
    for name, dates in runs.items():
        suffix = f"-{languages[0]}"
        renamed[name[: -len(suffix)] if name.endswith(suffix) else name] = dates
    side.course["runs"] = renamed


def _files(side: _Side) -> dict[str, Any]:
    files: dict[str, Any] = {"course.yml": side.course, **side.files}
    for week in side.weeks:
        files[f"{week.folder}/week.yml"] = week_yaml(week)
        for lesson in week.lessons:
            for unit in lesson.units:
                for item in unit.items:
                    for rel, content in item.files.items():
                        files[f"{week.folder}/{rel}"] = content
    for name, target in side.ctx.statics.used.items():
        files.setdefault(target, side.ctx.statics.data(name))
    return files


def _origins(side: _Side, languages: list[str]) -> dict[str, Block]:
    """Each course-relative file the import writes → the block of the export it comes
    from (the place a problem with the file can be fixed)."""
    found: dict[str, Block] = {"course.yml": side.ctx.export.course}
    for week in side.weeks:
        found[f"{week.folder}/week.yml"] = week.block
        for lesson in week.lessons:
            for unit in lesson.units:
                for item in unit.items:
                    for rel in item.files:
                        for name in (rel, *(translated(rel, lang) for lang in languages)):
                            found[f"{week.folder}/{name}"] = item.block
    return found


def _item_blocks(side: _Side) -> dict[str, Block]:
    return {item.id: item.block for week in side.weeks for lesson in week.lessons
            for unit in lesson.units for item in unit.items}


def _validate(course_dir: Path, source: Path, origins: dict[str, Block],
              items: dict[str, Block]) -> list[Diagnostic]:
    """The written course must load without error (`moocforge validate`). It is written in
    a staging folder that is removed when it does not validate: each error points at the
    export's block it comes from (else the export), and names the course file it is in."""
    from moocforge.load import load_course

    loaded = load_course(course_dir)
    found = []
    for d in loaded.diagnostics:
        if d.severity != "error":
            continue
        rel = Path(d.loc.file).as_posix()
        if Path(d.loc.file).is_absolute() and Path(d.loc.file).is_relative_to(course_dir):
            rel = Path(d.loc.file).relative_to(course_dir).as_posix()
        named = [items[name] for name in (d.item, *re.findall(r"'([^']+)'", d.message))
                 if name in items]  # the item the error is about, else its file's block
        block = named[0] if named else origins.get(rel)
        where = Loc(f"{source}/{block.file}", block.line, 1 if block.line else 0) \
            if block is not None else Loc(str(source))
        at = f"{rel}:{d.loc.line}" if d.loc.line else rel
        found.append(Diagnostic("MF665", "error", f"the imported course does not validate: "
                                f"{d.code} {d.message} (at {at} of the course it would "
                                "write; nothing was written)", where,
                                "fix the block in the export (or in Studio) and import again"
                                + (f"; for the course file: {d.hint}" if d.hint else ""),
                                rule="import"))
    return found


def _other_course(lang: str, path: Path, main: Export, other: Export,
                  source: Path) -> Finding:
    """A translation that is the export of another course (org / course number)."""
    return Finding(
        "MF661", "warning", f"--merge-lang {lang}: {path.name} is the export of another course "
        f"({other.org}/{other.number}) than {source.name} ({main.org}/{main.number}): its "
        "blocks are merged only where their url_names or places happen to match",
        "course.xml", 1,
        hint=f"give --merge-lang {lang} the export of the {lang} run of {main.org}/"
             f"{main.number}; if it is the same course under another number, check the "
             "MF661 findings of each block in import-report.md")


DESTINATION_HINT = ("give a new or empty folder; --force replaces only a folder an earlier "
                    "import made (it holds .moocforge-import)")
TIMEZONE_HINT = "give an IANA time zone name, e.g. --timezone Europe/Paris (default UTC)"
UNSAFE_HINT = ("export the course again from Studio (Tools → Export) and import that file; an "
               "archive must hold only plain files and folders, within the limits")
EXPORT_HINT = ("fix that file of the export (or the block in Studio) and export again: the "
               "import reads nothing of an export it cannot read whole")
MISSING_HINT = "give the .tar.gz (or .zip) Studio exported, or the folder holding course.xml"


def _error(code: str, message: str, file: str, line: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(code, "error", message, Loc(file, line, 1 if line else 0), hint,
                      rule="import")


__all__ = ["ImportResult", "Limits", "import_olx"]
