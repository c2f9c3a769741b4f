"""Coursera build kit writer.

Coursera publishes no import format: course teams fill a blueprint and build items one by one
in the course builder. This writer emits, under `build/<course>/coursera/`, one kit folder
per course language (`<lang>/`: text content in that language, videos and subtitles in every
language) and a reproducible zip of each (`<course-id>-coursera-<lang>.zip`, or
`<course-id>-coursera.zip` for a one-language course). See docs/coursera.md.

Diagnostics: MF550–MF561 losses (see `losses`), MF569 constraints not checked (linter
missing), MF570–MF573 kit errors (bad transcript, link leaving the course, missing linked
file, subtitle converter missing), MF599 write failure. On any error the previous kit stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.model import Course
from moocforge.writers import WriterOptions
from moocforge.writers.coursera.blueprint import rows, to_csv, to_xlsx
from moocforge.writers.coursera.items import SubtitleCache, write_item
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.losses import loss_report
from moocforge.writers.coursera.plan import place
from moocforge.writers.coursera.readme import readme
from moocforge.writers.output import atomic_dir, write_zip

TARGET = "coursera"
DESCRIPTION = "Coursera build kit: blueprint.xlsx, per-item files, subtitles, loading guide"


class _Abort(Exception):
    """Discard the staging folder: the kit has errors."""


def kit_languages(course: Course, options: WriterOptions) -> list[str]:
    wanted = options.languages or course.languages
    return [lang for lang in course.languages if lang in wanted]


def zip_name(course: Course, lang: str) -> str:
    suffix = f"-{lang}" if len(course.languages) > 1 else ""
    return f"{course.id}-coursera{suffix}.zip"


def coursera_lint(course: Course) -> tuple[list[Diagnostic] | None, list[Diagnostic]]:
    """The linter's findings under the `coursera` profile, or None if there is no linter."""
    try:
        from moocforge.rules import lint
    except ImportError as error:
        return None, [Diagnostic("MF569", "info", "Coursera constraints were not checked: "
                                 f"the linter is not available ({error})", course.loc,
                                 "run `moocforge lint --profile coursera`",
                                 rule="coursera-kit")]
    try:
        findings = lint(course, profile="coursera")
    except Exception as error:  # a linter bug must not cost the team its kit
        return None, [Diagnostic("MF569", "info", "Coursera constraints were not checked: "
                                 f"the linter failed ({type(error).__name__}: {error})",
                                 course.loc, rule="coursera-kit")]
    return sorted_diagnostics(findings), []


def write(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    losses = loss_report(course)
    lint, notes = coursera_lint(course)
    problems: list[Diagnostic] = []
    try:
        with atomic_dir(out_dir) as staging:
            problems = _write_kits(course, staging, kit_languages(course, options), losses,
                                   lint)
            if has_errors(problems):
                raise _Abort
    except _Abort:
        pass
    except OSError as error:
        problems.append(Diagnostic("MF599", "error", f"cannot write the Coursera kit: {error}",
                                   course.loc, "check free space and permissions of "
                                   f"{out_dir.parent}", rule="coursera-kit"))
    return sorted_diagnostics([*losses, *notes, *problems])


def _write_kits(course: Course, staging: Path, languages: Sequence[str],
                losses: list[Diagnostic], lint: list[Diagnostic] | None) -> list[Diagnostic]:
    placed = place(course)
    subtitles = SubtitleCache(course.root)
    problems: list[Diagnostic] = []
    for lang in languages:
        kit = Kit(course, staging / lang, lang, placed)
        kit.root.mkdir(parents=True)
        for entry in placed:
            write_item(kit, entry, subtitles)
        blueprint = rows(course, placed, lang, kit.files)
        kit.write_bytes("blueprint.xlsx", to_xlsx(course, blueprint, lang))
        kit.write_bytes("blueprint.csv", to_csv(blueprint))
        kit.write_bytes("README.html", readme(course, lang, blueprint, losses, lint,
                                              frozenset(kit.written)))
        problems.extend(kit.problems)
    problems.extend(subtitles.problems)
    if not has_errors(problems):
        for lang in languages:
            name = zip_name(course, lang)
            write_zip(staging / lang, staging / name, prefix=name.removesuffix(".zip"))
    return problems
