"""`moocforge import olx`: bring an existing Open edX course export into moocforge."""

from __future__ import annotations

from pathlib import Path

import typer

from moocforge.cli.app import app, format_option, report
from moocforge.diagnostics import has_errors

import_app = typer.Typer(help="Bring existing courses into moocforge sources.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("olx")
def olx_command(
    export: Path = typer.Argument(..., help="The Studio export: a .tar.gz or .zip, or the "
                                  "unpacked folder (holding course.xml)."),
    dest: Path = typer.Argument(..., help="The course folder to create (new or empty)."),
    lang: str = typer.Option("", "--lang", help="Language of the export (default: the "
                             "course's language setting in policy.json, else en)."),
    timezone: str = typer.Option("UTC", "--timezone", help="Time zone the dates are written "
                                 "in (Europe/Paris): ISO dates with their offset."),
    merge: tuple[str, str] = typer.Option(
        ("", ""), "--merge-lang", metavar="LANG EXPORT",
        help="Merge the export of a translation of the same course: --merge-lang en "
             "course-en.tar.gz."),
    force: bool = typer.Option(False, "--force", help="Replace an earlier import in DEST "
                               "(it is kept as DEST.bak-N); never a folder of your own."),
    max_files: int = typer.Option(10_000, "--max-files", help="Refuse archives with more "
                                  "files (an archive bomb guard)."),
    max_mb: int = typer.Option(512, "--max-mb", help="Refuse archives that unpack to more."),
    course_id: str = typer.Option("", "--id", help="The course id (default: the grader "
                                  "payload's, else the course number)."),
    fmt: str = format_option(),
) -> None:
    """Turn an Open edX / FUN course export into a moocforge course folder, with
    import-report.md listing what stays raw OLX and what changed (docs/import.md)."""
    from moocforge.importers.olx import Limits, import_olx

    result = import_olx(export, dest, lang=lang or None, timezone=timezone, force=force,
                        merge=[(merge[0], Path(merge[1]))] if merge[0] else [],
                        limits=Limits(files=max_files, bytes=max_mb * 1024 * 1024),
                        course_id=course_id or None)
    report(result.diagnostics, fmt)
    if not result.ok or has_errors(result.diagnostics):
        raise typer.Exit(1)
    if fmt == "text":
        if result.backup is not None:
            typer.echo(f"the earlier import is kept in {result.backup}")
        typer.echo(f"imported into {dest} (see {dest}/import-report.md); next: "
                   f"moocforge validate {dest}")
