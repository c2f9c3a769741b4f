"""Building packages: every requested writer into one staging folder, swapped in only when
all of them succeeded without an error.

    build/<course>/.staging-<pid>/<target>/…   written by the writers
    build/<course>/<target>/                     replaced by one rename per target at the end

A failed writer (an exception: MF098) or a writer that reports an error leaves every
previous output as it was. A build that is killed leaves a staging folder that the next
build removes (its process is gone), and no child process (`moocforge.process`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from moocforge import cache as facts
from moocforge.app.discard import discard
from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.process import cpu_count, left_behind, pool_worker_init
from moocforge.writers import Writer, WriterOptions
from moocforge.writers.registry import writer as find_writer

STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"


@dataclass
class TargetResult:
    name: str
    out: Path  # the target's final folder, as the caller named it (maybe relative)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False  # the writer raised


@dataclass
class BuildReport:
    targets: list[TargetResult]
    written: bool  # the outputs were swapped in

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics(d for t in self.targets for d in t.diagnostics)


def build(course: Course, targets: Sequence[str], out: Path, *, profile: str = "",
          languages: tuple[str, ...] = (), keep_dir: bool = False, answers: bool = True,
          cache: facts.Cache | None = None) -> BuildReport:
    """Build `targets` of `course` under `out/<course id>/` (`<course>-<variant>` for a
    variant), all or nothing. `cache` (default: the active one, in memory) holds rendered
    texts between builds; it never changes the bytes written."""
    with facts.using(cache or facts.active()):
        return _build(course, targets, out, profile, languages, keep_dir, answers)


def _build(course: Course, targets: Sequence[str], out: Path, profile: str,
           languages: tuple[str, ...], keep_dir: bool, answers: bool) -> BuildReport:
    course_out = (out / course.edition).resolve()
    course_out.mkdir(parents=True, exist_ok=True)
    clean_stale(course_out)
    staging = course_out / f"{STAGING_PREFIX}{os.getpid()}"
    jobs = []
    for name in targets:
        writer = find_writer(name)
        if writer is None:
            raise KeyError(f"no writer named {name!r}")
        options = WriterOptions(profile=profile, languages=languages, keep_dir=keep_dir,
                                answers=answers)
        jobs.append(_Job(writer, staging / name, out / course.edition / name, options))
    with _staged(staging):
        results = _run(course, jobs)
        ok = not any(r.failed or has_errors(r.diagnostics) for r in results)
        if ok:
            _swap(staging, course_out, {job.staging.name: job for job in jobs}, course)
    return BuildReport(results, ok)


@dataclass(frozen=True)
class _Job:
    writer: Writer
    staging: Path
    final: Path
    options: WriterOptions


# The build in progress, read by forked workers (inherited, never pickled).
_JOBS: list[tuple[Course, _Job]] = []


def _run(course: Course, jobs: list[_Job]) -> list[TargetResult]:
    """Every writer, each in a process of its own when the machine has cores to spare (the
    writers are CPU-bound Python: threads would share one core)."""
    workers = min(len(jobs), cpu_count())
    parallel = (workers > 1 and "fork" in multiprocessing.get_all_start_methods()
                and threading.current_thread() is threading.main_thread())
    if not parallel:
        return [_job(course, job) for job in jobs]
    _JOBS[:] = [(course, job) for job in jobs]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=pool_worker_init) as pool:
            return list(pool.map(_forked_job, range(len(jobs))))
    finally:
        _JOBS.clear()


def _forked_job(index: int) -> TargetResult:
    course, job = _JOBS[index]
    return _job(course, job)


def _job(course: Course, job: _Job) -> TargetResult:
    from dataclasses import replace
    from functools import partial

    if getattr(job.writer, "lints_while_writing", False):  # it calls the lint when it can
        options = replace(job.options, lint_later=partial(_lint_for, job.writer, course),
                          previous=job.final)
    else:
        options = replace(job.options, lint=_lint_for(job.writer, course), previous=job.final)
    return _write(job.writer, course, job.staging, job.final, options)


def _write(writer: Writer, course: Course, staging: Path, final: Path,
           options: WriterOptions) -> TargetResult:
    try:
        return TargetResult(writer.name, final, writer.write(course, staging, options))
    except Exception as exc:  # a writer bug must not hide the other targets' results
        if os.environ.get("MOOCFORGE_DEBUG"):
            raise
        return TargetResult(writer.name, final, [Diagnostic(
            "MF098", "error", msg("the {name} writer failed: {name2}: {exc}", name=writer.name,
                                  name2=type(exc).__name__, exc=exc),
            course.loc, msg("the previous output was left untouched; set MOOCFORGE_DEBUG=1 for "
                            "the traceback and report it"))], failed=True)


def _lint_for(writer: Writer, course: Course) -> list[Diagnostic]:
    """The findings a writer shows (the Coursera README shows the course linted with the
    `coursera` profile); writers never run the linter themselves."""
    profile = getattr(writer, "lint_profile", None)
    if profile is None:
        return []
    from moocforge.app.linting import lint

    return lint(course, profile=profile)


def _swap(staging: Path, course_out: Path, jobs: dict[str, _Job], course: Course) -> None:
    """One rename per output; the previous output is removed only once replaced (in the
    background: `discard`), unless its writer recycles it (`writers.Recycling`)."""
    for entry in sorted(staging.iterdir()):
        final = course_out / entry.name
        old = course_out / f"{OLD_PREFIX}{os.getpid()}-{entry.name}"
        replaced = final.exists() or final.is_symlink()
        if replaced:
            os.rename(final, old)
        os.rename(entry, final)
        if replaced and not _recycled(jobs.get(entry.name), course, old, final):
            store = facts.active()
            discard(old, store.folder if store.enabled else None)


def _recycled(job: _Job | None, course: Course, old: Path, final: Path) -> bool:
    recycle = getattr(job.writer, "recycle", None) if job else None
    if recycle is None or job is None or not old.is_dir() or old.is_symlink():
        return False
    return bool(recycle(course, old, final, job.options))


def clean_stale(course_out: Path) -> None:
    """Remove staging and replaced folders left by builds whose process is gone."""
    for entry in course_out.iterdir():
        for prefix in (STAGING_PREFIX, OLD_PREFIX):
            owner = entry.name.removeprefix(prefix).split("-", 1)[0]
            if entry.name.startswith(prefix) and left_behind(owner):
                _remove(entry)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def _staged(staging: Path) -> Iterator[None]:
    """The staging folder exists inside; it is removed afterwards, also when the build is
    interrupted (SIGTERM, SIGHUP, Ctrl+C)."""
    staging.mkdir(parents=True, exist_ok=True)
    previous = _on_termination()
    try:
        yield
    finally:
        _remove(staging)
        for number, handler in previous.items():
            signal.signal(number, handler)


_Handler = Callable[[int, FrameType | None], Any] | int | None


def _on_termination() -> dict[int, _Handler]:
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(number: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + number)

    previous: dict[int, _Handler] = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        previous[number] = signal.signal(number, stop)
    return previous
