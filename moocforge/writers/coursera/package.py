"""Writing the Coursera kits: one folder and zip per course language.

The lint findings shown in the kit's README (the course linted with the `coursera` profile)
come from the application layer in `options.lint`; the writer never runs the linter.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from moocforge.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from moocforge.model import Course
from moocforge.output import atomic_dir, write_zip
from moocforge.writers import WriterOptions
from moocforge.writers.coursera.blueprint import rows, to_csv, to_xlsx
from moocforge.writers.coursera.items import write_item
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.losses import loss_report
from moocforge.writers.coursera.plan import place
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
                                   lint)
            if has_errors(problems):
                raise _Abort
    except _Abort:
        pass
    except OSError as error:
        problems.append(Diagnostic("MF599", "error", f"cannot write the Coursera kit: {error}",
                                   course.loc, "check free space and permissions of "
                                   f"{out_dir.parent}", rule="coursera-kit"))
    return sorted_diagnostics([*losses, *problems])


def _write_kits(course: Course, staging: Path, languages: Sequence[str],
                losses: list[Diagnostic], lint: list[Diagnostic] | None) -> list[Diagnostic]:
    placed = place(course)
    problems: list[Diagnostic] = []
    for lang in languages:
        kit = Kit(course, staging / lang, lang, placed)
        kit.root.mkdir(parents=True)
        for entry in placed:
            write_item(kit, entry)
        blueprint = rows(course, placed, lang, kit.files)
        kit.write_bytes("blueprint.xlsx", to_xlsx(course, blueprint, lang))
        kit.write_bytes("blueprint.csv", to_csv(blueprint))
        kit.write_bytes("README.html", readme(course, lang, blueprint, losses, lint,
                                              frozenset(kit.written)))
        problems.extend(kit.problems)
    if not has_errors(problems):
        for lang in languages:
            name = zip_name(course, lang)
            write_zip(staging / lang, staging / name, prefix=name.removesuffix(".zip"))
    return problems
