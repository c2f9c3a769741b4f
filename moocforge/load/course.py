"""Build the `Course` model from a course folder, reporting every problem as a Diagnostic.

The loader is best-effort: a broken item is reported and skipped, so one run lists all the
problems of a course. Readers are split by concern: this module reads `course.yml`
(identity, languages, runs, grading, settings sections, roots) and drives the rest —
`weeks` (week.yml and lessons), `items/` (one reader per item kind), `markdown` (Markdown
files and their links), `settings` (typed `targets:` and `lint:`), `crosscheck` (ids and
objective references across files), `inventory` (the files under the course folder).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.load import dates
from moocforge.load.assets import FolderAssets
from moocforge.load.crosscheck import check_objectives
from moocforge.load.cursor import LANG_CODE, Cursor, LoadContext, Reuse
from moocforge.load.inventory import inventory
from moocforge.load.markdown import course_documents, read_markdown, undeclared_translations
from moocforge.load.reuse import documents_made, read_ahead, reused_course, reused_week
from moocforge.load.runs import course_zone, frame_of, in_first_run, read_runs, schedule
from moocforge.load.settings import lint_settings, merged, section, target_settings
from moocforge.load.sources import CourseSources
from moocforge.load.translations import read_lock
from moocforge.load.variants import read_variants
from moocforge.model import (
    DEFAULT_ESTIMATES,
    DEFAULT_TOLERANCE,
    AssignmentType,
    Course,
    Grading,
    Loc,
    Section,
    SourceRoot,
    Week,
    Workload,
)

COURSE_FILE = "course.yml"
MEDIA_LOCK = "media.lock"
DEFAULT_SPEAKING_WPM = 183
DEFAULT_READING_WPM = 238
DEFAULT_WEEKLY_MINUTES = 120


@dataclass(frozen=True)
class Inherited:
    """What a catalogue gives each of its courses (catalog.yml `defaults:`): values a
    course.yml may leave out (`org`, `languages`, `timezone`), and settings sections
    (`targets.<name>`, `lint`) that the course's own keys extend and override."""

    values: Mapping[str, object] = field(default_factory=dict)
    sections: Mapping[str, Section] = field(default_factory=dict)


@dataclass
class LoadResult:
    """A model (None when course.yml itself could not be read) and every diagnostic."""

    course: Course | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.course is not None and not any(
            d.severity == "error" for d in self.diagnostics)


def load_course(root: str | Path, shared_roots: dict[str, Path] | None = None,
                inherited: Inherited | None = None) -> LoadResult:
    """Read the course folder `root` into the model, with every problem as a Diagnostic.

    `shared_roots` are folders (by name) the course may take files from besides its own,
    e.g. a catalogue's shared images; `roots:` in course.yml adds more. `inherited` are
    the catalogue's shared settings."""
    root = Path(root)
    if not (root / COURSE_FILE).is_file():
        where = root.as_posix()
        if (root / COURSE_FILE).exists():
            hint = msg("'{where}/{COURSE_FILE}' is a folder: the course's file must be a "
                       "YAML file", where=where, COURSE_FILE=COURSE_FILE)
        elif root.is_dir():
            hint = msg("create one with `moocforge init`")
        elif root.exists():
            hint = msg("'{where}' is a file: give the folder that holds {COURSE_FILE}",
                       where=where, COURSE_FILE=COURSE_FILE)
        else:
            hint = msg("the folder '{where}' does not exist", where=where)
        # the file is named as the course's others are, relative to the course folder
        return LoadResult(None, [Diagnostic("MF027", "error",
                                            msg("no {COURSE_FILE} in '{where}'",
                                                COURSE_FILE=COURSE_FILE,
                                                where=where), Loc(COURSE_FILE), hint)])
    sources = CourseSources(root, shared_roots)
    inherited = inherited or Inherited()
    place = (repr(sorted(sources.roots.items())), repr(inherited))
    try:
        course, diagnostics = reused_course(sources, place,
                                            lambda reuse: _read(sources, inherited, reuse))
        return LoadResult(course, diagnostics)
    except RecursionError:
        return LoadResult(None, sorted_diagnostics([*sources.diagnostics, Diagnostic(
            "MF008", "error", msg("structure nested too deeply"), Loc(COURSE_FILE),
            msg("flatten the nesting of this course's YAML"))]))
    except Exception as exc:  # a loader bug must still reach the user as a diagnostic
        return LoadResult(None, sorted_diagnostics([*sources.diagnostics, Diagnostic(
            "MF099", "error", msg("internal error while loading: {name}: {exc}",
                                  name=type(exc).__name__, exc=exc),
            Loc(COURSE_FILE), msg("this is a moocforge bug; please report it with the course"))]))


def _workload(workload: Cursor) -> Workload:
    """The band and the per-kind estimates of `workload:` (ranges checked by the schema)."""
    given = workload.at("estimates")
    estimates = {name: given.number(name, default) or 0.0
                 for name, default in DEFAULT_ESTIMATES.items()}
    tolerance = workload.number("tolerance", DEFAULT_TOLERANCE)
    return Workload(DEFAULT_TOLERANCE if tolerance is None else tolerance, estimates)


def _read(src: CourseSources, inherited: Inherited, reuse: Reuse
          ) -> tuple[Course | None, list[Diagnostic]]:
    doc = src.read_yaml(COURSE_FILE, "course")
    if doc is None:
        return None, sorted_diagnostics(src.diagnostics)
    course = Cursor(LoadContext(src, reuse=reuse), doc, COURSE_FILE)
    ctx = course.ctx
    langs = course.get("languages", inherited.values.get("languages"))
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        ctx.languages = tuple(langs)
    else:
        ctx.languages_known = False
    _require(course, inherited, ("org", "languages"))
    _known_languages(course)
    _declare_roots(course)
    workload = course.at("workload")
    ctx.speaking_wpm = workload.integer("speaking_rate", DEFAULT_SPEAKING_WPM) or \
        DEFAULT_SPEAKING_WPM
    ctx.locked_videos = frozenset(_locked_videos(src))
    refs = course.get("weeks")
    week_refs = refs if isinstance(refs, list) else []
    timezone = course_zone(course, _text(inherited.values.get("timezone")))
    runs = read_runs(course, timezone, len(week_refs))
    ctx.frame = frame_of(runs[0], len(week_refs)) if runs else dates.Frame(
        dates.zone(timezone), weeks=len(week_refs))
    ctx.reuse.meanwhile.append(lambda: _look_ahead(ctx))
    weeks = _weeks(course, week_refs)
    check_objectives(ctx, weeks)
    image = None
    if isinstance(course.get("image"), str):
        image = src.resolve("", course.string("image"), course.loc("image"))
    description = None
    if isinstance(course.get("description"), str):
        description, _ = read_markdown(ctx, "", course.string("description"),
                                       course.loc("description"))
    targets, settings_problems = target_settings(course, inherited.sections)
    lint, lint_problems = lint_settings(course, inherited.sections.get("lint"))
    src.diagnostics.extend(settings_problems + lint_problems)
    model = Course(
        id=course.string("id", src.root.name), title=course.text("title", src.root.name),
        summary=course.opt_text("summary"), subtitle=course.opt_text("subtitle"),
        description=description,
        org=course.string("org", _text(inherited.values.get("org")) or "ORG"),
        number=course.string("number", "NUM"),
        languages=ctx.languages, runs=runs, grading=_grading(course),
        weeks=tuple(weeks), image=image,
        weekly_minutes_target=workload.integer("weekly_minutes", DEFAULT_WEEKLY_MINUTES),
        speaking_rate_wpm=ctx.speaking_wpm,
        reading_rate_wpm=workload.integer("reading_rate", DEFAULT_READING_WPM) or
        DEFAULT_READING_WPM,
        targets=targets, lint=lint, suppressions=course.suppressions(), root=src.root,
        loc=Loc(COURSE_FILE, 1, 1), locked_media=tuple(sorted(ctx.locked_videos)),
        roots=tuple(SourceRoot(name, path) for name, path in src.roots.items()),
        timezone=timezone, workload=_workload(workload),
    )
    model = replace(model, runs=schedule(model, runs, course))
    model = replace(model, variants=read_variants(course, model, _grading,
                                                  _lint_section(course, inherited)))
    undeclared_translations(ctx, [f for f in ctx.markdown_files if f.endswith(".md")])
    model = replace(model, documents=course_documents(ctx, model, documents_made(ctx)))
    model = replace(model, files=tuple(sorted(src.referenced | {COURSE_FILE})),
                    inventory=inventory(src), assets=FolderAssets(src),
                    translation_lock=read_lock(src))
    return in_first_run(model), sorted_diagnostics(src.diagnostics)


def _look_ahead(ctx: LoadContext) -> None:
    """What the course-level part of the load will look at, whatever the weeks the worker
    reading ahead still reads: the walk of each root (`inventory`), the folders of the
    Markdown files read so far (`undeclared_translations`)."""
    src = ctx.src
    for root in src.roots.values():
        src.look_ahead("tree", str(root))
    one_per_folder = {rel.rpartition("/")[0]: rel for rel in ctx.markdown_files
                      if rel.endswith(".md")}
    for rel in one_per_folder.values():
        src.look_ahead("list", str(src.path(rel).parent))


def _weeks(course: Cursor, refs: list[object]) -> list[Week]:
    read_ahead(course.ctx, _planned(course, refs))
    weeks: list[Week] = []
    listed: dict[str, Loc] = {}
    for index, ref in enumerate(refs):
        if not isinstance(ref, str):  # the schema check reported it
            continue
        loc = course.loc("weeks", index)
        folder = os.path.normpath(ref.rstrip("/"))
        if folder in listed:
            course.ctx.error("MF022", msg("week '{ref}' is listed twice (first at {listed})",
                                          ref=ref,
                                          listed=listed[folder]),
                             loc, msg("remove one of the two entries"))
            continue
        listed[folder] = loc
        week = reused_week(course.ctx, ref, len(weeks) + 1, loc)
        if week is not None:
            weeks.append(week)
    return weeks


def _planned(course: Cursor, refs: list[object]) -> list[tuple[str, int, Loc]]:
    """The weeks `_weeks` reads (ref, number, place), should every one of them be read."""
    planned: list[tuple[str, int, Loc]] = []
    listed: set[str] = set()
    for index, ref in enumerate(refs):
        if isinstance(ref, str) and os.path.normpath(ref.rstrip("/")) not in listed:
            listed.add(os.path.normpath(ref.rstrip("/")))
            planned.append((ref, len(planned) + 1, course.loc("weeks", index)))
    return planned


def _known_languages(course: Cursor) -> None:
    """A warning (MF024) for each code of `languages:` that names no language CLDR knows (the
    schema checks only its form: `xx` passed), or that is an old or other spelling of one
    (`eng`, `iw`, `en-UK`)."""
    raw = course.get("languages")
    for index, code in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(code, str) or not LANG_CODE.match(code):
            continue  # the schema reports it
        known, usual = language_code(code)
        if known and usual == code:
            continue
        hint = msg("did you mean '{name}'?", name=usual) if usual else msg(
            "write a language code of BCP 47 (ISO 639), e.g. `fr`, `en` or `pt-BR`")
        course.ctx.warning("MF024", msg("'{code}' is not a known language code", code=code)
                           if not known else
                           msg("'{code}' is not the usual code of its language", code=code),
                           course.loc("languages", index), hint)


@cache
def language_code(code: str) -> tuple[bool, str]:
    """Whether CLDR (babel) knows the language of `code` (`pt-BR`), and its usual spelling
    ("" for an unknown code with no close known one)."""
    from babel import Locale, UnknownLocaleError, localedata

    language, _, region = code.partition("-")
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is not None:
        part = locale.script if len(region) == 4 else locale.territory
        usual = locale.language + (f"-{part}" if region and part else "")
        return True, code if usual.lower() == code.lower() else usual
    if localedata.exists(language):
        return False, language  # a known language in an unknown region
    known = [name.replace("_", "-") for name in localedata.locale_identifiers()]
    close = difflib.get_close_matches(code, known, n=1, cutoff=0.75)
    return False, close[0] if close else ""


def _require(course: Cursor, inherited: Inherited, keys: tuple[str, ...]) -> None:
    for key in keys:
        written = (key,) in course.doc.key_positions  # a bad value: the schema reported it
        if not course.has(key) and not written and key not in inherited.values:
            course.ctx.error("MF012", msg("course.yml has no `{key}:`",
                                          key=key), Loc(COURSE_FILE, 1, 1),
                             msg("add `{key}:` here, or to `defaults:` of the catalogue", key=key))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _declare_roots(course: Cursor) -> None:
    """`roots: {shared: ../shared}`: folders (relative to the course) it may take files from."""
    src = course.ctx.src
    raw = course.get("roots")
    for name, ref in (raw.items() if isinstance(raw, dict) else ()):
        loc = course.loc("roots", name)
        path = Path(os.path.normpath(src.root / str(ref)))
        if os.path.isabs(str(ref)):
            course.ctx.error("MF021", msg("root '{name}' must be a path relative to the course "
                                          "folder",
                                          name=name),
                             loc, msg("e.g. `roots: {{shared: ../../shared}}`"))
        elif not src.look("folder", str(path)):
            course.ctx.error("MF020", msg("root '{name}': folder not found ({path})", name=name,
                                          path=path), loc,
                             msg("create the folder or fix the path"))
        else:
            src.add_root(str(name), path)


def _lint_section(course: Cursor, inherited: Inherited) -> Section | None:
    """The course's `lint:` over the catalogue's: what a variant's `lint:` starts from."""
    base = inherited.sections.get("lint")
    here = course.at("lint")
    return merged(base, section(here, "lint")) if isinstance(here.value, dict) else base


def _grading(course: Cursor) -> Grading:
    grading = course.at("grading")
    types = []
    seen: set[str] = set()
    for index, entry in grading.items("types"):
        if not isinstance(entry.get("type"), str):
            continue
        name = entry.string("type")
        if name in seen:
            course.ctx.error("MF022", msg("assignment type '{name}' is declared twice", name=name),
                             grading.loc("types", index), msg("merge the two entries"))
            continue
        seen.add(name)
        types.append(AssignmentType(
            type=name, weight=entry.number("weight", 0.0) or 0.0,
            drop=entry.integer("drop", 0), short_label=entry.string("short_label") or name[:3],
            loc=grading.loc("types", index)))
    threshold = grading.number("pass", 0.5)
    return Grading(pass_threshold=0.5 if threshold is None else threshold, types=tuple(types),
                   loc=course.loc("grading"))


def _locked_videos(src: CourseSources) -> set[str]:
    """Video paths that `media.lock` knows, so CI without the media files still loads."""
    src.observe_file(MEDIA_LOCK)
    lock = src.root / MEDIA_LOCK
    if not lock.is_file():
        return set()
    try:
        data = yaml.load(lock.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader",
                                                                 yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError, OSError, ValueError):
        return set()
    videos = data.get("videos") if isinstance(data, dict) else None
    return {str(k) for k in videos} if isinstance(videos, dict) else set()
