"""Loading a course for a command: the model, its media facts, its settings checked."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from pathlib import Path

from moocforge import cache as facts
from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.load import LoadResult, load_course
from moocforge.load.course import COURSE_FILE, Inherited
from moocforge.load.items.exercise import EXERCISE_FILE
from moocforge.load.items.exercise import load_exercise as read_lone_exercise
from moocforge.model import Course, Exercise, Loc
from moocforge.process import without_cycle_collection


def load(course_dir: str | Path, *, media: bool = True,
         shared_roots: dict[str, Path] | None = None, inherited: Inherited | None = None,
         cache: facts.Cache | None = None) -> LoadResult:
    """Load a course; with `media`, measure its videos (ffprobe, cached in media.lock). The
    lint settings are checked here too, so `validate` reports a misspelt rule option at its
    line. A catalogue passes its shared roots and settings (`moocforge.app.catalogue`).
    `cache` (default: the active one, in memory) keeps parsed files between runs."""
    with facts.using(cache or facts.active()), without_cycle_collection():
        loaded = _load(course_dir, media, shared_roots, inherited)
        _kept_as_old()
        return loaded


def _kept_as_old() -> None:
    """Move the objects the load made (a model lives as long as the command or the preview
    session) to the collector's oldest generation, as collections would after surviving a
    few: the young collection that would otherwise walk all of them right after the load
    (40 % of a warm load's time) is not made. Cyclic garbage of the load is collected by
    the next full collection instead."""
    gc.freeze()
    gc.unfreeze()


def _load(course_dir: str | Path, media: bool,
          shared_roots: dict[str, Path] | None, inherited: Inherited | None) -> LoadResult:
    from moocforge.rules import check_config

    if shared_roots is None and inherited is None:
        shared_roots, inherited = catalogue_context(Path(course_dir))
    result = load_course(course_dir, shared_roots, inherited)
    course, diagnostics = result.course, list(result.diagnostics)
    if course is not None:
        diagnostics += check_config(course)
        for variant in course.variants:  # a variant's `lint:` is checked where it is written
            if variant.lint is not None:
                found = check_config(replace(course, lint=variant.lint))
                diagnostics += [d for d in found if d not in diagnostics]
        if media:
            from moocforge.media.enrich import enrich

            course, media_diagnostics = enrich(course)
            diagnostics += media_diagnostics
    return LoadResult(course, sorted_diagnostics(diagnostics))


def catalogue_context(course_dir: Path) -> tuple[dict[str, Path] | None, Inherited | None]:
    """The shared roots and settings a course gets from the catalogue it belongs to (the
    nearest catalog.yml above it), so that every command sees the course the same way."""
    from moocforge.catalog.load import load_catalogue
    from moocforge.catalog.model import find_catalogue

    root = find_catalogue(course_dir)
    if root is None or root.resolve() == course_dir.resolve():
        return None, None
    catalogue, _ = load_catalogue(root)
    if catalogue is None:
        return None, None
    return dict(catalogue.shared_roots), catalogue.inherited


@dataclass
class LoadedExercise:
    exercise: Exercise | None
    course: Course | None  # None when the folder was loaded on its own
    languages: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_course_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / COURSE_FILE).is_file():
            return candidate
    return None


def load_exercise(exercise_dir: str | Path) -> LoadedExercise:
    """The exercise in `exercise_dir`: from its course when it belongs to one, else alone."""
    folder = Path(exercise_dir).resolve()
    if not (folder / EXERCISE_FILE).is_file():
        where = Path(exercise_dir).as_posix()
        return LoadedExercise(None, None, (), [Diagnostic(
            "MF820", "error", msg("no {EXERCISE_FILE} in '{where}'", EXERCISE_FILE=EXERCISE_FILE,
                                  where=where), Loc(where),
            msg("give the folder of an exercise (the one holding exercise.yml)"))])
    root = find_course_root(folder)
    if root is not None:
        result = load_course(root)
        if result.course is not None:
            for item in result.course.items:
                if isinstance(item, Exercise) and item.path.resolve() == folder:
                    mine = [d for d in result.diagnostics
                            if d.loc.file.startswith(f"{item.dir}/") or d.item == item.id]
                    return LoadedExercise(item, result.course, result.course.languages, mine)
    exercise, diagnostics = read_lone_exercise(folder)
    languages = exercise.title.keys() if exercise is not None else ()
    mine = [replace(d, loc=replace(d.loc, file=str(folder.parent / d.loc.file)))
            for d in diagnostics]
    return LoadedExercise(exercise, None, tuple(languages), mine)
