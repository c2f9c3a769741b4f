"""`moocforge media probe | transcode | draft`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from moocforge.app import load
from moocforge.cli.app import app, format_option, report, usage_error
from moocforge.diagnostics import has_errors, sorted_diagnostics
from moocforge.load import load_course
from moocforge.media.lock import read_lock
from moocforge.media.transcode import PROFILES, transcode_course
from moocforge.model import Course, Video

media_app = typer.Typer(help="Probe, transcode and draft the course's videos.",
                        no_args_is_help=True)
app.add_typer(media_app, name="media")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _load(course_dir: Path, fmt: str) -> Course:
    prepared = load(course_dir)
    if prepared.course is None:
        report(prepared.diagnostics, fmt)
        raise typer.Exit(1)
    return prepared.course


@media_app.command("probe")
def probe_command(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    fmt: str = format_option(),
) -> None:
    """Measure every video (ffprobe, cached by content hash in media.lock) and print a table."""
    prepared = load(course)
    if prepared.course is None:
        report(prepared.diagnostics, fmt)
        raise typer.Exit(1)
    locked = read_lock(prepared.course.root).videos  # load() just brought it up to date
    if fmt == "text":
        table = Table(title=f"Videos of {prepared.course.id}")
        for column in ("item", "file", "duration", "resolution", "codecs", "source"):
            table.add_column(column, justify="right" if column == "duration" else "left")
        for video in (i for i in prepared.course.items if i.kind == "video"):
            entry = locked.get(video.file) if video.file else None
            info = entry.info if entry is not None else None
            table.add_row(*_row(video, info))
        Console(width=max(120, Console().width)).print(table)
    report(prepared.diagnostics, fmt, quiet_when_clean=fmt == "text")
    if has_errors(prepared.diagnostics):
        raise typer.Exit(1)


def _row(video: Video, info) -> list[str]:
    where = video.file or (f"youtube:{video.youtube_id}" if video.youtube_id else video.url)
    resolution = f"{info.width}x{info.height}" if info else "-"
    codecs = f"{info.video_codec or '-'}/{info.audio_codec or '-'}" if info else "-"
    return [video.id, str(where), _clock(video.duration), resolution, codecs,
            video.duration_source]


@media_app.command("transcode")
def transcode_command(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    profile: str = typer.Option("web-720p", help=f"One of: {', '.join(PROFILES)}."),
    out: Path = typer.Option(Path("build"), "--out", "-o", help="Output folder."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel encodes (default: cores)."),
    fmt: str = format_option(),
) -> None:
    """Encode videos to H.264 + AAC MP4 (faststart) and a poster, under <out>/<course>/media."""
    if profile not in PROFILES:
        raise usage_error(f"unknown profile '{profile}'; profiles: {', '.join(PROFILES)}")
    model = _load(course, fmt)
    with Progress(TextColumn("transcoding"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), disable=fmt != "text", transient=True) as bar:
        task = bar.add_task("media", total=None)
        result = transcode_course(
            model, out, profile, jobs=jobs or None,
            progress=lambda seconds: bar.advance(task, seconds),
            on_plan=lambda total: bar.update(task, total=round(total, 1)))
    diagnostics = sorted_diagnostics(result.diagnostics)
    report(diagnostics, fmt, quiet_when_clean=True)
    if fmt == "text":
        typer.echo(f"{len(result.done)} transcoded, {len(result.skipped)} up to date → "
                   f"{result.out_dir}")
    if has_errors(diagnostics):
        raise typer.Exit(1)


@media_app.command("draft")
def draft_command(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    item: str = typer.Argument(None, help="Only this video item (its id)."),
    voice: str = typer.Option("", help="espeak-ng voice (default: the course language)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel drafts (default: cores)."),
    force: bool = typer.Option(False, "--force", help="Also replace videos and transcripts "
                               "moocforge did not draft (or that were changed since), "
                               "keeping each as <file>.bak."),
    fmt: str = format_option(),
) -> None:
    """Render narrated placeholder videos (and transcripts) from the video scripts.

    A recording, or a draft corrected by hand, is never overwritten without --force."""
    from moocforge.media.draft import DraftSettings, draft_course, draftable

    loaded = load_course(course)  # the files drafting will create may be missing now
    if loaded.course is None:
        report(loaded.diagnostics, fmt)
        raise typer.Exit(1)
    if not draftable(loaded.course, item or None):
        raise usage_error(f"no video item {'with id ' + repr(item) + ' ' if item else ''}"
                          "has a script to draft from")
    result = draft_course(loaded.course, item or None, DraftSettings(voice=voice or None),
                          jobs=jobs or None,
                          on_done=lambda f: typer.echo(f"drafted {f}") if fmt == "text"
                          else None, force=force)
    prepared = load(course)  # re-probes the new drafts and refreshes media.lock
    diagnostics = sorted_diagnostics([*result.diagnostics, *prepared.diagnostics])
    report(diagnostics, fmt, quiet_when_clean=True)
    if fmt == "text":
        total = sum(size for _, _, size in result.written)
        for backup in result.backups:
            typer.echo(f"kept the previous file as {backup}")
        typer.echo(f"{len(result.written)} draft video(s), {total / 1e6:.1f} MB, "
                   f"{len(result.transcripts)} transcript(s)")
    if has_errors(diagnostics):
        raise typer.Exit(1)
