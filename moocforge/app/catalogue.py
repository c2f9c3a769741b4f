"""Sessions over a catalogue: lint, build or check every course and variant, in parallel.

One worker process per course (forked: the catalogue is inherited, never pickled) loads the
course with the catalogue's shared settings and roots, and runs the task over the course
and each of its variants (its *editions*). Before loading, a content hash of everything the
course reads (its folder, the shared roots, catalog.yml, moocforge itself, the options) is
compared with the one stored by the last run: an unchanged course is skipped and its last
report is replayed. Diagnostics come back with paths relative to the current folder.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from moocforge.app.uptodate import sources_digest
from moocforge.cache import CACHE_DIR
from moocforge.catalog import CATALOG_FILE, CATALOG_ROOT, CatalogCourse, Catalogue
from moocforge.diagnostics import Diagnostic, has_errors, rebase, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.model import Course, Loc
from moocforge.process import cpu_count, pool_worker_init


@dataclass(frozen=True)
class Task:
    """What to do with every edition: `lint`, `build` or `check`, and its options."""

    kind: str
    out: Path  # build output; caches live in <out>/.moocforge-cache
    targets: tuple[str, ...] = ()
    profile: str = ""
    languages: tuple[str, ...] = ()
    keep_dir: bool = False
    answers: bool = True
    media: bool = True
    force: bool = False  # run even when nothing changed

    def key(self) -> dict[str, Any]:
        return {"kind": self.kind, "targets": list(self.targets), "profile": self.profile,
                "languages": list(self.languages), "keep_dir": self.keep_dir,
                "answers": self.answers, "media": self.media}


@dataclass
class EditionReport:
    edition: str  # `abc-c`, `abc-c-acme`
    course: str
    variant: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # built folders (relative to out)
    card: dict[str, Any] = field(default_factory=dict)  # facts for the catalogue site
    written: bool = True  # a build replaced its outputs


@dataclass
class CourseReport:
    course: str
    editions: list[EditionReport]
    skipped: bool  # nothing changed since the last run: replayed
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the course's own load
    folders: list[str] = field(default_factory=list)  # the course's declared roots

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics([*self.diagnostics,
                                   *(d for e in self.editions for d in e.diagnostics)])


@dataclass
class CatalogueReport:
    catalogue: Catalogue
    courses: list[CourseReport]
    diagnostics: list[Diagnostic]  # catalog.yml's own

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics([*self.diagnostics,
                                   *(d for c in self.courses for d in c.all_diagnostics)])

    @property
    def editions(self) -> list[EditionReport]:
        return [e for c in self.courses for e in c.editions]


Progress = Callable[[int, int, CourseReport], None]

# The session in progress, read by forked workers.
_SESSION: tuple[Catalogue, Task, Path] | None = None


def run(catalogue: Catalogue, task: Task, *, jobs: int = 0,
        progress: Progress | None = None, cwd: Path | None = None) -> CatalogueReport:
    """Run `task` over every course of the catalogue; `progress(done, total, report)` after
    each course."""
    global _SESSION
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    _SESSION = (catalogue, task, cwd)
    courses = list(catalogue.courses)
    reports: list[CourseReport] = []
    try:
        for report in _map(len(courses), jobs):
            reports.append(report)
            if progress is not None:
                progress(len(reports), len(courses), report)
    finally:
        _SESSION = None
    order = {c.id: i for i, c in enumerate(courses)}
    reports.sort(key=lambda r: order.get(r.course, 0))
    return CatalogueReport(catalogue, reports, [])


def _map(count: int, jobs: int) -> Iterator[CourseReport]:
    workers = min(count, jobs or cpu_count())
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for index in range(count):
            yield _course_task(index)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=pool_worker_init) as pool:
        futures = [pool.submit(_course_task, index) for index in range(count)]
        for future in as_completed(futures):
            yield future.result()


# --------------------------------------------------------------------------- one course


def _course_task(index: int) -> CourseReport:
    assert _SESSION is not None
    catalogue, task, cwd = _SESSION
    entry = catalogue.courses[index]
    started = time.monotonic()
    stamp = _stamp_file(task, entry)
    fingerprint = course_hash(catalogue, entry, task, _folders_read(stamp))
    if not task.force:
        replayed = _replay(stamp, fingerprint, task)
        if replayed is not None:
            replayed.seconds = time.monotonic() - started
            return replayed
    report = _run_course(catalogue, entry, task, cwd)
    report.seconds = time.monotonic() - started
    if not has_errors(report.all_diagnostics) and all(e.written for e in report.editions):
        if report.folders != _folders_read(stamp):  # other `roots:` than at the last run
            fingerprint = course_hash(catalogue, entry, task, report.folders)
        _store(stamp, fingerprint, report)
    else:
        stamp.unlink(missing_ok=True)
    return report


def _run_course(catalogue: Catalogue, entry: CatalogCourse, task: Task, cwd: Path
                ) -> CourseReport:
    from moocforge.app.loading import load
    from moocforge.variants import apply_variant

    loaded = load(entry.path, media=task.media, shared_roots=dict(catalogue.shared_roots),
                  inherited=catalogue.inherited)
    roots = _roots(catalogue, entry, loaded.course)
    diagnostics = rebase(loaded.diagnostics, roots, cwd)
    course = loaded.course
    if course is not None and course.id != entry.id:
        diagnostics.append(rebase([Diagnostic(
            "MF041", "error", msg("catalog.yml names the course '{id}', its course.yml says "
                                  "'{id2}'", id=entry.id,
                                  id2=course.id),
            entry.loc, msg("use the course's id in catalog.yml"))],
            {"": catalogue.root}, cwd)[0])
    if course is not None:
        diagnostics += rebase(_unknown_variants(catalogue, entry, course),
                              {"": catalogue.root}, cwd)
    if course is None or not loaded.ok or has_errors(diagnostics):
        return CourseReport(entry.id, [], False, 0.0, diagnostics)
    editions = [course]
    for variant in course.variants:
        if entry.variants is None or variant.id in entry.variants:
            editions.append(apply_variant(course, variant.id))
    reports = [_edition(made, task, roots, cwd, catalogue) for made in editions]
    folders = [str(root.path) for root in course.roots if root.name]
    return CourseReport(entry.id, reports, False, 0.0, diagnostics, folders)


def _unknown_variants(catalogue: Catalogue, entry: CatalogCourse, course: Course
                      ) -> list[Diagnostic]:
    """The variants catalog.yml names for this course (its `variants:`, the steps of its
    paths) that the catalogue does not build."""
    declared = {v.id for v in course.variants}
    built = declared if entry.variants is None else declared & set(entry.variants)
    found = [Diagnostic("MF041", "error", msg("the course '{id}' has no variant '{variant}'",
                                              id=entry.id, variant=name),
                        entry.variants_loc or entry.loc,
                        msg("its variants: {names}", names=", ".join(sorted(declared))
                            or msg("none")))
             for name in entry.variants or () if name not in declared]
    for program in catalogue.programs:
        for step in program.courses:
            if step.course == entry.id and step.variant and step.variant not in built:
                found.append(Diagnostic(
                    "MF041", "error", msg("path '{path}' names '{ref}', an edition the "
                                          "catalogue does not build", path=program.id,
                                          ref=step.ref), step.loc,
                    msg("the editions of '{id}': {names}", id=entry.id, names=", ".join(
                        [entry.id, *(f"{entry.id}:{v}" for v in sorted(built))]))))
    return found


def _edition(course: Course, task: Task, roots: dict[str, Path], cwd: Path,
             catalogue: Catalogue) -> EditionReport:
    from moocforge.app.building import build
    from moocforge.app.linting import lint

    report = EditionReport(course.edition, course.id, course.variant, card=card(course,
                                                                               catalogue))
    if task.kind == "lint":
        found = lint(course, profile=task.profile or None)
    elif task.kind == "check":
        found = lint(course, profile=task.profile or None, check=True)
    else:
        built = build(course, list(task.targets), task.out, profile=task.profile,
                      languages=task.languages, keep_dir=task.keep_dir, answers=task.answers)
        found = built.diagnostics
        report.written = built.written
        report.outputs = [f"{course.edition}/{t.name}" for t in built.targets]
    report.diagnostics = rebase(found, roots, cwd)
    return report


def _roots(catalogue: Catalogue, entry: CatalogCourse, course: Course | None
           ) -> dict[str, Path]:
    roots = {"": entry.path, CATALOG_ROOT: catalogue.root, **catalogue.shared_roots}
    for root in course.roots if course is not None else ():
        roots[root.name] = root.path
    return roots


def card(course: Course, catalogue: Catalogue) -> dict[str, Any]:
    """What the catalogue site shows of an edition (kept with the stamp, so a skipped
    course still has its card)."""
    from moocforge.workload import week_minutes

    entry = catalogue.course(course.id)
    weeks = max(len(course.weeks), 1)
    minutes = sum(week_minutes(course, w) for w in course.weeks) / weeks
    return {
        "edition": course.edition, "course": course.id, "variant": course.variant,
        "title": dict(course.title), "summary": dict(course.summary or {}),
        "languages": list(course.languages), "weeks": len(course.weeks),
        "minutes_per_week": round(minutes), "category": entry.category if entry else "",
        "runs": [{"id": r.id, "start": r.start.at.isoformat() if r.start else None,
                  "end": r.end.at.isoformat() if r.end else None,
                  "start_text": str(r.start or ""), "self_paced": r.self_paced}
                 for r in course.runs],
        "invitation_only": course.enrollment.invitation_only,
        "listed": course.enrollment.catalog_visibility == "both",
        "pass": course.grading.pass_threshold, "number": course.number,
    }


# --------------------------------------------------------------------------- content hashes


def course_hash(catalogue: Catalogue, entry: CatalogCourse, task: Task,
                folders: Sequence[str] = ()) -> str:
    """A digest of everything the task over this course reads: its folder, the shared
    roots, and the folders its course.yml declared at the last run (`roots:`)."""
    read = dict.fromkeys([str(entry.path), *map(str, catalogue.shared_roots.values()),
                          *folders])
    return sources_digest(task.out, [Path(f) for f in read],
                          {"task": task.key(), "course": entry.id,
                           "variants": entry.variants}, catalogue.source)


def _folders_read(stamp: Path) -> list[str]:
    try:
        found = json.loads(stamp.read_text("utf-8")).get("folders", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [str(f) for f in found] if isinstance(found, list) else []


def _stamp_file(task: Task, entry: CatalogCourse) -> Path:
    return task.out / CACHE_DIR / f"{task.kind}-{entry.id}.json"


def _store(stamp: Path, fingerprint: str, report: CourseReport) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    data = {"hash": fingerprint, "course": report.course, "folders": report.folders,
            "diagnostics": [_plain(d) for d in report.diagnostics],
            "editions": [{**asdict(e), "diagnostics": [_plain(d) for d in e.diagnostics]}
                         for e in report.editions]}
    stamp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _replay(stamp: Path, fingerprint: str, task: Task) -> CourseReport | None:
    try:
        data = json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("hash") != fingerprint:
        return None
    editions = [EditionReport(**{**e, "diagnostics": [_diagnostic(d) for d in e["diagnostics"]]})
                for e in data["editions"]]
    if task.kind == "build" and not all((task.out / o).is_dir() for e in editions
                                        for o in e.outputs):
        return None  # an output was removed: build again
    return CourseReport(data["course"], editions, True, 0.0,
                        [_diagnostic(d) for d in data["diagnostics"]], _folders_read(stamp))


def _plain(d: Diagnostic) -> dict[str, Any]:
    return {**asdict(d), "loc": asdict(d.loc)}


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(**{**data, "loc": Loc(**data["loc"])})


def catalogue_diagnostics(diagnostics: Sequence[Diagnostic], catalogue: Catalogue,
                          cwd: Path | None = None) -> list[Diagnostic]:
    """catalog.yml's own problems, with paths relative to the current folder."""
    return rebase(diagnostics, {"": catalogue.root}, cwd)


__all__ = ["CATALOG_FILE", "CatalogueReport", "CourseReport", "EditionReport", "Task",
           "card", "catalogue_diagnostics", "course_hash", "run"]


def editions(catalogue: Catalogue, media: bool = False) -> tuple[list[Course], list[Diagnostic]]:
    """Every course of the catalogue and its variants, loaded with the catalogue's shared
    roots and settings (for commands that look at them together, such as `stats`)."""
    from moocforge.app.loading import load
    from moocforge.variants import apply_variant

    found: list[Course] = []
    problems: list[Diagnostic] = []
    for entry in catalogue.courses:
        loaded = load(entry.path, media=media, shared_roots=dict(catalogue.shared_roots),
                      inherited=catalogue.inherited)
        problems += rebase([d for d in loaded.diagnostics if d.severity == "error"],
                           _roots(catalogue, entry, loaded.course))
        if loaded.course is None or not loaded.ok:
            continue
        found.append(loaded.course)
        found += [apply_variant(loaded.course, v.id) for v in loaded.course.variants
                  if entry.variants is None or v.id in entry.variants]
    return found, problems
