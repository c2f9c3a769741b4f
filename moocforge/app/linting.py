"""Linting a loaded course: the rules, and optionally learner statistics and exercise runs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.process import without_cycle_collection
from moocforge.rules import LintMemo
from moocforge.rules import lint as run_rules


def lint(course: Course, *, profile: str | None = None,
         overrides: Mapping[str, object] | None = None, stats: Path | None = None,
         check: bool = False, memo: LintMemo | None = None) -> list[Diagnostic]:
    """Every finding about the course: rules (`profile`, `overrides`), then learner
    statistics from a DuckDB file (`stats`), then the exercises run in the sandbox. With
    the `memo` of a previous run, rules check only the weeks that changed (preview)."""
    try:
        with without_cycle_collection():
            found = run_rules(course, profile, overrides, memo)
    except Exception as error:  # a broken rule must not stop the preview or the CI run
        found = [Diagnostic("MF097", "error", msg("lint could not run: {name}: {error}",
                                                  name=type(error).__name__,
                                                  error=error),
                            course.loc, msg("this is a moocforge bug; please report it"))]
    if stats is not None:
        from moocforge.analytics import stats_diagnostics

        found += stats_diagnostics(course, stats)
    if check:
        from moocforge.exercises import check_course

        exercises, _results = check_course(course)
        found += exercises
    return sorted_diagnostics(found)


def loss_targets() -> list[str]:
    """The targets whose loss report can be computed without a build."""
    from moocforge.writers.registry import writers

    return [name for name, writer in writers().items() if hasattr(writer, "losses")]


def target_losses(course: Course, target: str, profile: str = "") -> list[Diagnostic]:
    """What a target's build would report, computed in memory (no package is written):
    `moocforge lint --target olx --profile fun` lets CI catch it before a build."""
    from moocforge.writers import WriterOptions
    from moocforge.writers.olx import PROFILES
    from moocforge.writers.registry import writer

    found = writer(target)
    if found is None or not hasattr(found, "losses"):
        raise KeyError(target)
    options = WriterOptions(profile=profile if target == "olx" and profile in PROFILES else "")
    result: list[Diagnostic] = found.losses(course, options)
    return result
