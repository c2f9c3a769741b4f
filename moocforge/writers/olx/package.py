"""Building the OLX packages of a course: one tree per run × language, in parallel.

The whole `out_dir` is staged and swapped in at the end, so a failed build leaves the
previous packages untouched.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.ids import run_name
from moocforge.model import Course, Loc, Reading, Run
from moocforge.output import atomic_dir
from moocforge.platforms import MB, olx_platform
from moocforge.process import cpu_count, pool_worker_init
from moocforge.render.stylesheets import shared_stylesheets
from moocforge.runs import for_run
from moocforge.writers import WriterOptions, settings_for
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.course import write_structure
from moocforge.writers.olx.markdown import Renderer
from moocforge.writers.olx.policies import (
    course_image,
    write_about,
    write_assets,
    write_info,
    write_policies,
)
from moocforge.writers.olx.settings import OlxSettings
from moocforge.writers.olx.static import StaticFiles
from moocforge.writers.olx.tree import Tree
from moocforge.writers.xmltext import xml_clean

PROFILES = ("edx", "fun")


def write_packages(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    course = xml_clean(course)
    plans = [_plan(course, options, profile) for profile in _profiles(course, options)]
    diagnostics = [d for plan in plans for d in plan.diagnostics]
    if any(plan.jobs is None for plan in plans):
        return sorted_diagnostics(diagnostics)
    packages = [_Package(run, lang, plan.profile, plan.settings)
                for plan in plans for run, lang in plan.jobs or []]
    with atomic_dir(out_dir) as staging:
        for problems in _run_jobs(course, packages, staging, options.keep_dir):
            diagnostics.extend(problems)
    return sorted_diagnostics(diagnostics)


def _profiles(course: Course, options: WriterOptions) -> list[str]:
    """`--profile X`: X; else every profile of `targets.olx.profiles`, else `profile`."""
    if options.profile:
        return [options.profile]
    settings = settings_for(course, OlxSettings, "olx", options)
    return list(dict.fromkeys(settings.profiles)) or [settings.profile]


def losses(course: Course, options: WriterOptions) -> list[Diagnostic]:
    """What `write_packages` would report, computed in memory: nothing is written.

    `moocforge lint --target olx` shows it, so that CI catches a loss before a build."""
    course = xml_clean(course)
    plan = _plan(course, options)
    diagnostics = list(plan.diagnostics)
    renderer = Renderer()
    for run, lang in plan.jobs or []:
        diagnostics += build_tree(course, run, lang, plan.profile, plan.settings,
                                  renderer).diagnostics
    return sorted_diagnostics(diagnostics)


@dataclass(frozen=True)
class _Plan:
    profile: str
    settings: OlxSettings
    jobs: list[tuple[Run, str]] | None  # None: nothing can be built
    diagnostics: list[Diagnostic]


def _plan(course: Course, options: WriterOptions, profile: str = "") -> _Plan:
    settings = settings_for(course, OlxSettings, "olx", options)
    diagnostics: list[Diagnostic] = []
    profile = profile or options.profile or settings.profile
    if profile not in PROFILES:
        diagnostics.append(Diagnostic("MF540", "error", f"unknown OLX profile '{profile}'",
                                      course.loc, "use --profile edx or --profile fun",
                                      rule="olx"))
        return _Plan(profile, settings, None, diagnostics)
    languages = _languages(course, options, diagnostics)
    if not course.runs:
        diagnostics.append(Diagnostic("MF541", "error", "the course has no run to package",
                                      course.loc, "add one under `runs:`", rule="olx"))
    if not languages or not course.runs:
        return _Plan(profile, settings, None, diagnostics)
    jobs = [(run, lang) for run in course.runs for lang in languages]
    return _Plan(profile, settings, jobs, diagnostics)


@dataclass(frozen=True)
class _Package:
    run: Run
    lang: str
    profile: str
    settings: OlxSettings


# The write in progress, read by forked workers (inherited, never pickled).
_JOB_COURSE: Course | None = None
_JOBS: list[_Package] = []


def _run_jobs(course: Course, packages: list[_Package], staging: Path,
              keep_dir: bool) -> list[list[Diagnostic]]:
    """Build every package (each profile's, each run's, each language's) in one pool: one
    process per package when the machine has cores to spare."""
    global _JOB_COURSE
    _JOB_COURSE = course
    _JOBS[:] = packages
    indexes = range(len(packages))
    try:
        workers = min(len(packages), cpu_count())
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            renderer = Renderer()
            with shared_stylesheets():
                return [_package(index, staging, keep_dir, renderer) for index in indexes]
        context = multiprocessing.get_context("fork")
        with shared_stylesheets(), ProcessPoolExecutor(  # forked with the shared stylesheets
                max_workers=workers, mp_context=context, initializer=pool_worker_init) as pool:
            return list(pool.map(functools.partial(_package, staging=staging,
                                                   keep_dir=keep_dir), indexes))
    finally:
        _JOB_COURSE = None
        _JOBS.clear()


def _package(index: int, staging: Path, keep_dir: bool,
             renderer: Renderer | None = None) -> list[Diagnostic]:
    course = _JOB_COURSE
    assert course is not None
    job = _JOBS[index]
    name = package_name(course, job.run, job.lang, job.profile)
    build = build_tree(course, job.run, job.lang, job.profile, job.settings, renderer)
    build.tree.write_tar_gz(staging / f"{name}.tar.gz", prefix="course")
    if keep_dir:
        build.tree.write_dir(staging / name / "course")
    return build.diagnostics


def package_name(course: Course, run: Run, lang: str, profile: str = "edx") -> str:
    """`<org>-<number>[-<variant>]-<run>[-<lang>][-<profile>]`: the language of a
    multilingual course, the profile unless it is edx (the standard package)."""
    variant = f"-{course.variant}" if course.variant else ""
    suffix = f"-{lang}" if len(course.languages) > 1 else ""
    flavour = f"-{profile}" if profile and profile != "edx" else ""
    return f"{course.org}-{course.number}{variant}-{run.id}{suffix}{flavour}"


def build_tree(course: Course, run: Run, lang: str, profile: str, settings: OlxSettings,
               renderer: Renderer | None = None) -> Build:
    """The `course/` tree of one run in one language (in memory, see tree.py), with the
    dates of that run."""
    course = for_run(course, run)
    pages = {file: item.url_name for item in course.items if isinstance(item, Reading)
             for file in item.files.values()}
    build: Build | None = None

    def report(code: str, message: str, loc: Loc, hint: str) -> None:
        assert build is not None
        build.loss(code, message, loc, hint, severity="error" if code == "MF530" else "warning")

    build = Build(course=course, run=run, run_name=run_name(course, run, lang), lang=lang,
                  profile=profile, settings=settings, tree=Tree(),
                  renderer=renderer or Renderer(),
                  static=StaticFiles(course, pages, report))
    write_structure(build)
    image = course_image(build)
    write_about(build)
    write_info(build)
    write_policies(build, image)
    if build.fun:
        _check_fun_sizes(build)
    build.static.write(build.tree)
    write_assets(build)
    return build


def _languages(course: Course, options: WriterOptions,
               diagnostics: list[Diagnostic]) -> list[str]:
    if not options.languages:
        return list(course.languages)
    unknown = [lang for lang in options.languages if lang not in course.languages]
    for lang in unknown:
        diagnostics.append(Diagnostic("MF542", "error", f"--lang {lang}: not a course language "
                                      f"({', '.join(course.languages)})", course.loc,
                                      rule="olx"))
    return [lang for lang in course.languages if lang in options.languages]


def _check_fun_sizes(build: Build) -> None:
    platform = olx_platform(build.profile)
    limit = platform.max_asset_bytes
    if limit is None:
        return
    for name, asset in sorted(build.static.assets.items()):
        if not asset.is_video and asset.size > limit:
            build.loss("MF514", f"static file {name} ({asset.size / MB:.1f} MB) is over "
                       f"FUN's {platform.max_asset_mb:g} MB upload limit", build.course.loc,
                       "compress it or host it elsewhere and link to it", severity="error")
