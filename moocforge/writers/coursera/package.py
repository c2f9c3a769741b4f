"""Writing the Coursera kits: one folder and zip per course language.

The lint findings shown in the kit's README (the course linted with the `coursera` profile)
come from the application layer in `options.lint`; the writer never runs the linter.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.model import Course
from moocforge.output import atomic_dir, atomic_file
from moocforge.process import cpu_count, pool_worker_init
from moocforge.render.stylesheets import shared_stylesheets
from moocforge.writers import WriterOptions
from moocforge.writers.coursera.archive import pack_kit_zip
from moocforge.writers.coursera.blueprint import rows, to_csv, to_xlsx
from moocforge.writers.coursera.items import write_item
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.losses import loss_report
from moocforge.writers.coursera.plan import Placed, place
from moocforge.writers.coursera.readme import readme


class _Abort(Exception):
    """Discard the staging folder: the kit has errors."""


def kit_languages(course: Course, options: WriterOptions) -> list[str]:
    wanted = options.languages or course.languages
    return [lang for lang in course.languages if lang in wanted]


def zip_name(course: Course, lang: str) -> str:
    suffix = f"-{lang}" if len(course.languages) > 1 else ""
    return f"{course.id}-coursera{suffix}.zip"


def write_kits(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    losses = loss_report(course)
    lint = sorted_diagnostics(options.lint) if options.lint else None
    problems: list[Diagnostic] = []
    try:
        with atomic_dir(out_dir) as staging:
            problems = _write_kits(course, staging, kit_languages(course, options), losses,
                                   lint, _previous(options, out_dir))
            if has_errors(problems):
                raise _Abort
    except _Abort:
        pass
    except OSError as error:
        problems.append(Diagnostic("MF599", "error", f"cannot write the Coursera kit: {error}",
                                   course.loc, "check free space and permissions of "
                                   f"{out_dir.parent}", rule="coursera-kit"))
    return sorted_diagnostics([*losses, *problems])


def _previous(options: WriterOptions, out_dir: Path) -> Path | None:
    """The kits this build replaces, when there are any (never the folder being written)."""
    previous = options.previous
    if previous is None or not previous.is_dir() or previous.is_symlink():
        return None
    previous = previous.resolve()
    return None if previous == out_dir.resolve() else previous


def _write_kits(course: Course, staging: Path, languages: Sequence[str],
                losses: list[Diagnostic], lint: list[Diagnostic] | None,
                previous: Path | None = None) -> list[Diagnostic]:
    placed = place(course)
    jobs = [_KitJob(course, staging, lang, placed, losses, lint,
                    tuple(other for other in languages if other != lang), index % 2 == 1,
                    previous / lang if previous is not None else None)
            for index, lang in enumerate(languages)]
    problems: list[Diagnostic] = []
    for found in _run(jobs):
        problems.extend(found)
    return problems


@dataclass(frozen=True)
class _KitJob:
    course: Course
    staging: Path
    lang: str
    placed: list[Placed]
    losses: list[Diagnostic]
    lint: list[Diagnostic] | None
    siblings: tuple[str, ...] = ()  # the other kits' languages
    # Items written last to first: kits written at the same time then meet in the middle,
    # so most files that are the same in every kit are created once and linked once.
    backwards: bool = False
    previous: Path | None = None  # this language's kit in the output being replaced


def _write_kit(job: _KitJob) -> list[Diagnostic]:
    """One language's kit and, when it has no error, its zip (packed from memory, while
    the kit's files are still being created: they are not read back)."""
    course, lang = job.course, job.lang
    kit = Kit(course, job.staging / lang, lang, job.placed,
              tuple(job.staging / other for other in job.siblings), job.previous)
    kit.root.mkdir(parents=True)
    with kit.files_in_background():
        for entry in reversed(job.placed) if job.backwards else job.placed:
            write_item(kit, entry)
        blueprint = rows(course, job.placed, lang, kit.files)
        kit.write_bytes("blueprint.xlsx", to_xlsx(course, blueprint, lang))
        kit.write_bytes("blueprint.csv", to_csv(blueprint))
        kit.write_bytes("README.html", readme(course, lang, blueprint, job.losses, job.lint,
                                              frozenset(kit.written)))
        if not has_errors(kit.problems):
            name = zip_name(course, lang)
            with atomic_file(job.staging / name) as tmp, tmp.open("wb") as handle:
                pack_kit_zip(kit.contents, handle, prefix=name.removesuffix(".zip"))
    return kit.problems


# The kits of the write in progress, read by forked workers (inherited, never pickled).
_JOBS: list[_KitJob] = []


def _run(jobs: list[_KitJob]) -> list[list[Diagnostic]]:
    """Every language's kit; one process per kit when the machine has cores to spare."""
    workers = min(len(jobs), cpu_count())
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        with shared_stylesheets():
            return [_write_kit(job) for job in jobs]
    _JOBS[:] = jobs
    try:
        context = multiprocessing.get_context("fork")
        with shared_stylesheets(), ProcessPoolExecutor(  # forked with the shared stylesheets
                max_workers=workers, mp_context=context, initializer=pool_worker_init) as pool:
            return list(pool.map(_forked_kit, range(len(jobs))))
    finally:
        _JOBS.clear()


def _forked_kit(index: int) -> list[Diagnostic]:
    # The inherited objects (the course, the cache's memory) outlive the kit: kept out of
    # the collector, which would otherwise walk them (and copy their pages) again and again.
    gc.freeze()
    return _write_kit(_JOBS[index])


