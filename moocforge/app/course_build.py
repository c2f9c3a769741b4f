"""Building one course folder: the course and each of its variants (its editions), or
nothing at all when nothing it reads changed since its last successful build.

`moocforge build <course>` runs this. Before loading, a digest of every file the course may
read (its folder and its roots), of moocforge itself and of the build's options is compared
with the one stored by the last build that succeeded (`moocforge.app.uptodate`); when they
are equal and the outputs are as that build left them, its report is replayed and nothing
is loaded, written or replaced. `force` builds anyway; `--no-cache` neither checks nor
keeps anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from moocforge import cache as facts
from moocforge.app.building import BuildReport, build
from moocforge.app.loading import load
from moocforge.app.uptodate import outputs_digest, sources_digest, store, stored
from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.load.course import Inherited
from moocforge.variants import editions


@dataclass
class EditionBuild:
    edition: str  # `abc-c`, `abc-c-acme`
    report: BuildReport


@dataclass
class CourseBuild:
    diagnostics: list[Diagnostic]  # the load's
    roots: dict[str, Path]  # Loc.root -> its folder, to name files from the current folder
    editions: list[EditionBuild] = field(default_factory=list)
    loaded: bool = False  # the course loaded without an error
    replayed: bool = False  # nothing changed: the last build's report, nothing rebuilt

    @property
    def written(self) -> bool:
        return self.loaded and all(e.report.written for e in self.editions)

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics([*self.diagnostics,
                                   *(d for e in self.editions for d in e.report.diagnostics)])


@dataclass(frozen=True)
class _Stamp:
    build: CourseBuild
    folders: tuple[Path, ...]  # what the digest covers: the course's roots
    outputs: tuple[Path, ...]
    written: str  # `outputs_digest` of them after the build


def build_course(course_dir: Path, targets: Sequence[str], out: Path, *,
                 shared_roots: Mapping[str, Path] | None = None,
                 inherited: Inherited | None = None, catalogue_source: bytes = b"",
                 profile: str = "", languages: tuple[str, ...] = (), keep_dir: bool = False,
                 answers: bool = True, cache: facts.Cache | None = None,
                 force: bool = False) -> CourseBuild:
    """Build every edition of the course in `course_dir` under `out` (see the module). With
    a disabled `cache` (`--no-cache`) nothing is checked or kept: the course is built."""
    course_dir = course_dir.resolve()
    if cache is not None and not cache.enabled:
        return _build(course_dir, targets, out, shared_roots, inherited, profile, languages,
                      keep_dir, answers, cache)
    settings = {"kind": "build", "targets": list(targets), "profile": profile,
                "languages": list(languages), "keep_dir": keep_dir, "answers": answers,
                "out": str(out.resolve()), "shared": sorted(
                    (name, str(path)) for name, path in (shared_roots or {}).items())}
    stamp_file = out.resolve() / facts.CACHE_DIR / f"build-{course_dir.name}.pickle"
    last_digest, last = stored(stamp_file) or ("", None)
    if not isinstance(last, _Stamp):
        last = None
    # the folders the course read at its last build (its `roots:` too), else its own
    folders = last.folders if last is not None else (course_dir, *(shared_roots or {}).values())
    digest = sources_digest(out, folders, settings, catalogue_source)
    if not force and last is not None and last_digest == digest and \
            outputs_digest(last.outputs) == last.written:
        return replace(last.build, replayed=True)
    result = _build(course_dir, targets, out, shared_roots, inherited, profile, languages,
                    keep_dir, answers, cache)
    if not result.written or has_errors(result.all_diagnostics):
        stamp_file.unlink(missing_ok=True)
        return result
    read = tuple(result.roots.values())
    if read != folders:  # the course declares other roots than at its last build
        digest = sources_digest(out, read, settings, catalogue_source)
    outputs = tuple(Path(t.out).resolve() for e in result.editions for t in e.report.targets)
    store(stamp_file, digest, _Stamp(result, read, outputs, outputs_digest(outputs)))
    return result


def _build(course_dir: Path, targets: Sequence[str], out: Path,
           shared_roots: Mapping[str, Path] | None, inherited: Inherited | None,
           profile: str, languages: tuple[str, ...], keep_dir: bool, answers: bool,
           cache: facts.Cache | None) -> CourseBuild:
    loaded = load(course_dir, shared_roots=dict(shared_roots or {}), inherited=inherited,
                  cache=cache)
    course = loaded.course
    roots = {root.name: root.path for root in course.roots} if course is not None else {
        "": course_dir}
    result = CourseBuild(list(loaded.diagnostics), roots, loaded=loaded.ok)
    if course is None or not loaded.ok:
        return result
    for edition in editions(course):
        report = build(edition, targets, out, profile=profile, languages=languages,
                       keep_dir=keep_dir, answers=answers, cache=cache)
        result.editions.append(EditionBuild(edition.edition, report))
    return result
