"""`moocforge lint`, `moocforge rules` and `moocforge workload`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from moocforge import app as application
from moocforge import rules as rule_engine
from moocforge.app.linting import loss_targets, target_losses
from moocforge.catalog import is_catalogue
from moocforge.cli.app import (
    LANG_HELP,
    app,
    format_option,
    report,
    usage_error,
    use_language,
)
from moocforge.cli.caching import cache_for, no_cache_option
from moocforge.cli.catalogue import context_of, relative, run_catalogue
from moocforge.diagnostics import (
    REPORTERS,
    Diagnostic,
    format_text,
    has_errors,
)
from moocforge.model import Course
from moocforge.rules import workload_report
from moocforge.rules._config import did_you_mean, rule_keys

FAIL_LEVELS = ("error", "warning")


@app.command()
def lint(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml), or a "
                                  "catalogue root (holding catalog.yml)."),
    fmt: str = format_option(),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    fail_on: str = typer.Option("error", "--fail-on",
                                help="Exit 1 when a finding is at least this severe: "
                                "error or warning."),
    profile: str = typer.Option("", "--profile",
                                help="Lint profile (default, coursera, edx, fun); replaces "
                                "`lint: profile:` of course.yml."),
    workload: bool = typer.Option(False, "--workload",
                                  help="Also print the per-week workload report."),
    stats: Path | None = typer.Option(None, "--stats",
                                      help="Learner-data DuckDB file: add findings from "
                                      "learner statistics."),
    check: bool = typer.Option(False, "--check",
                               help="Also run the code exercises' solutions and tests."),
    media: bool = typer.Option(True, "--media/--no-media",
                               help="Probe media durations (cached) before linting."),
    target: str = typer.Option("", "--target",
                               help="Also list what this target's build would report (its "
                               "loss report, computed without writing): olx or coursera. "
                               "With olx, --profile edx/fun picks the OLX profile."),
    no_cache: bool = no_cache_option(),
) -> None:
    """Check a course against the pedagogy rules. Exit 0 when clean at --fail-on, else 1.

    On a catalogue root: every course and variant, in parallel, skipping those that did not
    change since the last lint; paths are relative to the current folder."""
    _validate_options(fmt, fail_on, profile, stats)
    use_language(lang)
    targets = loss_targets()
    if target and target not in targets:
        raise usage_error(f"--target must be one of {', '.join(targets)}, not '{target}'")
    if is_catalogue(course):
        from moocforge.app.catalogue import Task

        task = Task("check" if check else "lint", (course / "build").resolve(),
                    profile=profile, media=media)
        run_catalogue(course, task, fmt, fail_on)
        return
    shared, inherited, catalogue_root = context_of(course)
    loaded = application.load(course, media=media, shared_roots=shared, inherited=inherited,
                              cache=cache_for(course, None, no_cache))
    diagnostics: list[Diagnostic] = list(loaded.diagnostics)
    if loaded.course is not None:
        diagnostics += application.lint(loaded.course, profile=profile or None, stats=stats,
                                        check=check)
        if workload:
            _print_workload(loaded.course, to_stderr=fmt != "text")
        if target:
            diagnostics += target_losses(loaded.course, target, profile)
    diagnostics = relative(diagnostics, loaded.course, course, catalogue_root)
    report(diagnostics, fmt, rules=rule_engine.rule_catalogue())
    if loaded.course is None or has_errors(diagnostics, fail_on):  # type: ignore[arg-type]
        raise typer.Exit(1)


def _validate_options(fmt: str, fail_on: str, profile: str, stats: Path | None) -> None:
    if fmt not in REPORTERS:
        raise usage_error(f"unknown format '{fmt}' (choose {', '.join(REPORTERS)})")
    if fail_on not in FAIL_LEVELS:
        raise usage_error(f"--fail-on must be error or warning, not '{fail_on}'")
    if profile and profile not in rule_engine.PROFILES:
        hint = did_you_mean(profile, list(rule_engine.PROFILES))
        raise usage_error(f"unknown profile '{profile}' (profiles: "
                          f"{', '.join(rule_engine.PROFILES)}){' — ' + hint if hint else ''}")
    if stats is not None and not stats.is_file():
        raise usage_error(f"--stats: no such file '{stats}'")


def _print_workload(course: Course, to_stderr: bool) -> None:
    text = workload_report.format_text(course)
    (sys.stderr if to_stderr else sys.stdout).write(text + ("" if to_stderr else "\n"))


@app.command()
def rules(
    rule: str = typer.Argument("", help="A rule code (MF110) or slug (formative-gap)."),
    markdown: bool = typer.Option(False, "--markdown",
                                  help="Print the documentation of every rule (docs/rules.md)."),
) -> None:
    """List the lint rules, or print the documentation of one rule."""
    if markdown:
        sys.stdout.write(rule_engine.rules_markdown())
        return
    if rule:
        module = rule_engine.find_rule(rule)
        if module is None:
            hint = did_you_mean(rule, rule_keys(rule_engine.RULES))
            raise usage_error(f"no rule '{rule}'" + (f"; {hint}" if hint else
                                                     " (`moocforge rules` lists them)"))
        sys.stdout.write(rule_engine.rule_markdown(module))
        return
    width = max(len(m.NAME) for m in rule_engine.RULES)
    for entry in rule_engine.rule_catalogue():
        typer.echo(f"{entry['code']}  {entry['name'].ljust(width)}  "
                   f"{entry['severity'].ljust(7)}  {entry['summary']}")


@app.command()
def workload(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    media: bool = typer.Option(True, "--media/--no-media",
                               help="Probe media durations (cached) first."),
) -> None:
    """Print the estimated minutes of work per week and per kind of item."""
    if fmt not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not '{fmt}'")
    loaded = application.load(course, media=media)
    if loaded.course is None:
        report(loaded.diagnostics, "text")
        raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(workload_report.to_dict(loaded.course), indent=2,
                                    ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(workload_report.format_text(loaded.course))
    if not loaded.ok:  # the table leaves out what could not be read: say so, exit 1
        sys.stderr.write(format_text([d for d in loaded.diagnostics
                                      if d.severity == "error"]))
        sys.stderr.write("the estimate leaves out the items above that could not be read\n")
        raise typer.Exit(1)
