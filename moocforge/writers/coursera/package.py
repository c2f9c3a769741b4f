"""Writing the Coursera kits: one folder and zip per course language.

The lint findings shown in the kit's README (the course linted with the `coursera` profile)
come from the application layer: in `options.lint`, or from `options.lint_later`, which the
writer calls in its own process once the kit workers are started (the findings are needed
only for the README, so the lint runs while the kits are written).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import BinaryIO

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
from moocforge.writers.xmltext import xml_clean


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
    course = xml_clean(course)  # the losses name the texts as written
    given = options.lint
    lint = _Lint(options.lint_later or (lambda: given))
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
                losses: list[Diagnostic], lint: _Lint,
                previous: Path | None = None) -> list[Diagnostic]:
    placed = place(course)
    jobs = [_KitJob(course, staging, lang, placed, losses, lint,
                    tuple(other for other in languages if other != lang), index % 2 == 1,
                    previous / lang if previous is not None else None)
            for index, lang in enumerate(languages)]
    problems: list[Diagnostic] = []
    for found in _run(jobs, lint):
        problems.extend(found)
    return problems


Findings = list[Diagnostic] | None  # what a README shows; None: the linter is not available


class _Lint:
    """The lint findings the READMEs show. `compute` runs once, in the writing process: at
    once when the kits are written in it, else after the kit workers are forked, which wait
    for the findings only when they reach their README; the findings reach them through an
    unnamed file opened before the fork."""

    def __init__(self, compute: Callable[[], Sequence[Diagnostic] | None]) -> None:
        self._compute = compute
        self._found: Findings = None
        self._done = False
        self._ready: Event | None = None
        self._file: BinaryIO | None = None

    def share_through(self, handover: BinaryIO) -> None:
        """Call before forking the workers that will `get()` the findings: `handover` is an
        empty unnamed file that outlives them."""
        self._ready = multiprocessing.get_context("fork").Event()
        self._file = handover

    def compute_now(self) -> None:
        """Run the lint here and hand its result (or its failure) to the workers."""
        if self._done:
            return
        try:
            given = self._compute()
            self._found = sorted_diagnostics(given) if given else None
            outcome: Findings | BaseException = self._found
        except BaseException as error:
            outcome = RuntimeError(f"the lint for the Coursera README failed: {error!r}")
            raise
        finally:
            self._done = True
            if self._ready is not None and self._file is not None:
                self._file.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
                self._file.flush()
                self._ready.set()

    def get(self) -> Findings:
        if self._done:
            return self._found
        if self._ready is None or self._file is None:
            self.compute_now()
            return self._found
        self._ready.wait()  # set by the parent (a worker dies with its parent)
        fd = self._file.fileno()
        outcome = pickle.loads(os.pread(fd, os.fstat(fd).st_size, 0))
        if isinstance(outcome, BaseException):
            raise outcome
        self._found, self._done = outcome, True
        return self._found


@dataclass(frozen=True)
class _KitJob:
    course: Course
    staging: Path
    lang: str
    placed: list[Placed]
    losses: list[Diagnostic]
    lint: _Lint
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
        kit.write_bytes("README.html", readme(course, lang, blueprint, job.losses,
                                              job.lint.get(), frozenset(kit.written)))
        if not has_errors(kit.problems):
            name = zip_name(course, lang)
            with atomic_file(job.staging / name) as tmp, tmp.open("wb") as handle:
                pack_kit_zip(kit.contents, handle, prefix=name.removesuffix(".zip"))
    return kit.problems


# The kits of the write in progress, read by forked workers (inherited, never pickled).
_JOBS: list[_KitJob] = []


def _run(jobs: list[_KitJob], lint: _Lint) -> list[list[Diagnostic]]:
    """Every language's kit; one process per kit when the machine has cores to spare, the
    lint running in this process meanwhile."""
    workers = min(len(jobs), cpu_count())
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        lint.compute_now()
        with shared_stylesheets():
            return [_write_kit(job) for job in jobs]
    _JOBS[:] = jobs
    try:
        context = multiprocessing.get_context("fork")
        with tempfile.TemporaryFile() as handover, shared_stylesheets(), ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=pool_worker_init) as pool:
            lint.share_through(handover)  # before the workers are forked (on submit)
            kits = [pool.submit(_forked_kit, index) for index in range(len(jobs))]
            lint.compute_now()
            return [kit.result() for kit in kits]
    finally:
        _JOBS.clear()


def _forked_kit(index: int) -> list[Diagnostic]:
    # The inherited objects (the course, the cache's memory) outlive the kit: kept out of
    # the collector, which would otherwise walk them (and copy their pages) again and again.
    gc.freeze()
    return _write_kit(_JOBS[index])


