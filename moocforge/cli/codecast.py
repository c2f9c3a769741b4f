"""`moocforge codecast record` (a codecast from versions of a program) and
`moocforge codecast narrate` (its narration audio with espeak-ng)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from moocforge.app import load
from moocforge.cli.app import app, format_option, report, usage_error
from moocforge.codecast.record import codecast_document, from_folders, from_git, to_yaml
from moocforge.diagnostics import has_errors
from moocforge.output import atomic_file

codecast_app = typer.Typer(help="Codecasts: record one from files, narrate them.",
                           no_args_is_help=True)
app.add_typer(codecast_app, name="codecast")


@codecast_app.command()
def record(
    output: Path = typer.Argument(..., help="The codecast file to write (codecast-….yml)."),
    folders: list[Path] = typer.Option(None, "--folder", help="A snapshot folder, one per "
                                       "version, in order (repeat the option)."),
    git: Path = typer.Option(None, "--git", help="A git repository: one version per commit "
                             "that changes --file."),
    file: str = typer.Option("", "--file", help="The code file: its name in each folder, or "
                             "its path in the repository."),
    revisions: str = typer.Option("", "--revisions", help="Git revision range "
                                  "(e.g. main~5..main); default: every commit."),
    title: str = typer.Option("", "--title", help="The codecast's title."),
    lang: str = typer.Option("fr", "--lang", help="The language of the narration notes."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    fmt: str = format_option(),
) -> None:
    """Build a codecast file from snapshot folders or git commits, with narration notes."""
    if bool(folders) == bool(git):
        raise usage_error("give either --folder (several) or --git")
    if git and not file:
        raise usage_error("--git needs --file (the path of the code file in the repository)")
    if output.exists() and not force:
        raise usage_error(f"{output} exists: choose another name, or --force to replace it")
    recording = (from_git(git, file, revisions or None, lang) if git
                 else from_folders(list(folders), file or None, lang))
    if not recording.diagnostics and len(recording.versions) < 2:
        raise usage_error("a codecast needs at least two versions of the code")
    if has_errors(recording.diagnostics):
        report(recording.diagnostics, fmt)
        raise typer.Exit(1)
    document = codecast_document(recording, title or output.stem)
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(output) as tmp:
        tmp.write_text(to_yaml(document), "utf-8")
    steps = len(document["steps"])  # type: ignore[arg-type]
    typer.echo(f"wrote {output}: {steps} steps from {len(recording.versions)} versions")


@codecast_app.command()
def narrate(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    only: str = typer.Option("", "--codecast", help="Only this codecast (its id)."),
    fmt: str = format_option(),
) -> None:
    """Make the narration audio and cue list of every codecast with espeak-ng."""
    from moocforge.codecast.narrate import narrate_course

    loaded = load(course, media=False)
    if loaded.course is None or has_errors(loaded.diagnostics):
        report(loaded.diagnostics, fmt)
        raise typer.Exit(1)
    result = narrate_course(loaded.course, only or None)
    for audio, seconds in result.written:
        sys.stdout.write(f"{audio}  {seconds:.1f} s\n")
    if result.diagnostics:
        report(result.diagnostics, fmt)
    if has_errors(result.diagnostics):
        raise typer.Exit(1)
