"""`moocforge translations status` and `moocforge translations confirm`: translations.lock."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import typer

from moocforge import app as application
from moocforge import translations as tracking
from moocforge.app.loading import find_course_root
from moocforge.cli.app import (
    LANG_HELP,
    app,
    format_option,
    report,
    usage_error,
    use_language,
)
from moocforge.cli.catalogue import context_of, relative
from moocforge.diagnostics import REPORTERS, Diagnostic
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.output import atomic_file
from moocforge.rules.translation_missing import stale_findings

group = typer.Typer(help="Translations tracked by content (translations.lock): what is stale, "
                         "and recording that a translation is up to date.",
                    no_args_is_help=True)
app.add_typer(group, name="translations")


@group.command()
def status(
    course: Path = typer.Argument(Path("."), help="Course folder (holding course.yml)."),
    fmt: str = format_option(),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """List the translations whose source changed since they were last confirmed, and those
    translations.lock does not know yet. Exit 1 when one is stale."""
    use_language(lang)
    if fmt not in REPORTERS:
        raise usage_error(f"unknown format '{fmt}' (choose {', '.join(REPORTERS)})")
    loaded, catalogue_root = _load(course)
    found = relative(stale_findings(loaded), loaded, course, catalogue_root)
    report(found, fmt)
    if fmt == "text":
        typer.echo(_summary(loaded, found))
    if any(d.severity != "info" for d in found):
        raise typer.Exit(1)


@group.command()
def confirm(
    targets: list[str] = typer.Argument(None, help="What to confirm: a file (a translation "
                                        "x.en.md, its source x.md, a transcript, a video, a "
                                        "YAML file for all its texts), an id (item, week, "
                                        "lesson, objective) or a key of the lock."),
    course: Path | None = typer.Option(None, "--course", help="Course folder (default: the "
                                       "one holding the first file, else the current one)."),
    every: bool = typer.Option(False, "--all", help="Confirm every translation of the course "
                               "(start tracking, or rewrite an unreadable lock)."),
) -> None:
    """Record in translations.lock that translations are up to date with their sources."""
    targets = targets or []
    if bool(targets) == every:
        raise usage_error("give what to confirm, or --all (not both)")
    folder = course or _course_of(targets)
    loaded, _ = _load(folder, allow_bad_lock=every)
    pairs = tracking.pairs(loaded)
    chosen = pairs if every else _chosen(loaded, pairs, targets, folder)
    entries = tracking.confirmed(loaded.translation_lock, pairs, chosen)
    with atomic_file(loaded.root / tracking.LOCK_FILE) as staged:
        staged.write_text(tracking.lock_text(entries), "utf-8")
    stale = {p.key for p in chosen if tracking.state(p, loaded.translation_lock) != "ok"}
    typer.echo(f"confirmed {len(chosen)} translation(s) in {tracking.LOCK_FILE} "
               f"({len(stale)} changed)")
    for pair in chosen:
        if pair.key in stale and len(stale) <= 20:
            typer.echo(f"  {pair.key}")


def _load(course_dir: Path, allow_bad_lock: bool = False) -> tuple[Course, Path | None]:
    """The course, or exit 1 with its load errors: translations of a course that does not
    load completely would be tracked (and pruned) wrongly."""
    shared, inherited, catalogue_root = context_of(course_dir)
    loaded = application.load(course_dir, media=False, shared_roots=shared,
                              inherited=inherited)
    blocking = [d for d in loaded.diagnostics if d.severity == "error"
                and not (allow_bad_lock and d.code == "MF038")]
    if loaded.course is None or blocking:
        report(relative(blocking, loaded.course, course_dir, catalogue_root))
        typer.echo("Nothing was done: fix the errors above first.", err=True)
        raise typer.Exit(1)
    return loaded.course, catalogue_root


def _course_of(targets: list[str]) -> Path:
    for target in targets:
        if os.path.exists(target):
            root = find_course_root(Path(target).resolve().parent)
            if root is not None:
                return root
    return find_course_root(Path.cwd()) or Path(".")


def _chosen(course: Course, pairs: list[tracking.Pair], targets: list[str],
            folder: Path) -> list[tracking.Pair]:
    chosen: dict[str, tracking.Pair] = {}
    unknown: list[str] = []
    for target in targets:
        found = tracking.matching(pairs, _as_key(target, course, folder))
        if not found:
            unknown.append(target)
        chosen.update((p.key, p) for p in found)
    if unknown:
        problems = [_unknown(target, pairs) for target in unknown]
        report(relative(problems, course, folder, None))
        raise typer.Exit(1)
    return list(chosen.values())


def _as_key(target: str, course: Course, folder: Path) -> str:
    """A file given as a path from the current folder, as the model names it."""
    if not os.path.exists(target):
        return target
    try:
        return Path(os.path.abspath(target)).relative_to(course.root).as_posix()
    except ValueError:
        return target


def _unknown(target: str, pairs: list[tracking.Pair]) -> Diagnostic:
    names = sorted({name for p in pairs for name in (*p.files, *p.ids)})
    close = difflib.get_close_matches(target, names, n=1)
    hint = (f"did you mean '{close[0]}'?" if close else
            "name a translated file, an item, week, lesson or objective id, or use --all")
    return Diagnostic("MF039", "error", msg("'{target}' names no translation of the course",
                                            target=target),
                      hint=hint)


def _summary(course: Course, found: list[Diagnostic]) -> str:
    lock = course.translation_lock
    if not lock.present:
        return (f"{tracking.LOCK_FILE}: none yet, translations are not tracked; run "
                "`moocforge translations confirm --all` once they are checked")
    pairs = tracking.pairs(course)
    stale = sum(d.severity != "info" for d in found)
    new = len(found) - stale
    gone = len(tracking.obsolete(pairs, lock))
    return (f"{len(pairs) - stale - new} up to date, {stale} stale, {new} not confirmed yet"
            + (f", {gone} entries for texts the course no longer has" if gone else ""))
