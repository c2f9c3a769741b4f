"""`moocforge cache info` and `moocforge cache clear`: the build folder's cache."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import typer

from moocforge import cache
from moocforge.cache import store
from moocforge.cli.app import app, usage_error
from moocforge.cli.catalogue import default_out
from moocforge.sizes import SIZE_EXAMPLES

group = typer.Typer(help="The build folder's cache (build/.moocforge-cache): what it holds, "
                         "and emptying it.", no_args_is_help=True)
app.add_typer(group, name="cache")

COURSE_HELP = "Course (or catalogue) folder whose build folder holds the cache."
OUT_HELP = "Build folder (default: build/ of the catalogue, else of the course)."


@group.command()
def info(
    course: Path = typer.Argument(Path("."), help=COURSE_HELP),
    out: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
) -> None:
    """Print where the cache is, its size, its limit and its facts per version.

    The facts are counted per generation: one per moocforge version (code salt) that used
    the store, the three most recently used being kept."""
    folder = _folder(course, out)
    typer.echo(f"cache: {folder}")
    if not folder.is_dir():
        typer.echo("  empty (nothing built into this folder yet, or cleared)")
        return
    typer.echo(f"  on disk: {_size(_folder_bytes(folder))} in all")
    typer.echo(_limit_line())
    found = cache.for_folder(folder).summary()
    if found is None:
        path = folder / cache.STORE_FILE
        typer.echo(f"  facts ({cache.STORE_FILE}): " + (
            f"{_size(path.stat().st_size)} written by an older moocforge (emptied by the "
            "next run that uses the cache)" if path.is_file() else "none"))
        return
    typer.echo(f"  facts ({cache.STORE_FILE}): {_size(found.used_bytes)} used, "
               f"{_size(found.file_bytes)} file")
    for generation in found.generations:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(generation.used))
        mark = "  (this moocforge)" if generation.current else ""
        typer.echo(f"    generation {generation.id}: {generation.facts} facts, "
                   f"last used {when}{mark}")


@group.command()
def clear(
    course: Path = typer.Argument(Path("."), help=COURSE_HELP),
    out: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
) -> None:
    """Delete the cache: the next build computes everything again.

    The packages and sites already built stay."""
    folder = _folder(course, out)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise usage_error(f"{folder} is not a folder moocforge made: left as it is")
    if not folder.exists():
        typer.echo(f"{folder}: no cache")
        return
    freed = _folder_bytes(folder)
    cache.wait_for_writers(folder)
    cache.for_folder(folder).close()
    failed: list[str] = []

    def unremovable(function: Callable[..., object], path: str,
                    info: tuple[type[BaseException], BaseException, TracebackType]) -> None:
        if not isinstance(info[1], FileNotFoundError):  # gone meanwhile: the trash's rm
            failed.append(f"{path}: {info[1]}")

    shutil.rmtree(folder, onerror=unremovable)
    if failed:
        typer.echo(f"error: {folder}: {len(failed)} files could not be removed, e.g. "
                   f"{failed[0]}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{folder}: removed ({_size(freed)})")


def _folder(course: Path, out: Path | None) -> Path:
    return cache.store_folder(out or default_out(course)).absolute()


def _limit_line() -> str:
    size, wrong = store.size_setting()
    limit = "none" if size == store.NO_LIMIT else _size(size)
    if wrong is not None:
        return (f"  limit for facts: {limit}: {store.SIZE_VARIABLE}={wrong!r} is not a size "
                f"(write it like {SIZE_EXAMPLES})")
    if store.SIZE_VARIABLE not in os.environ:
        return f"  limit for facts: {limit} (set {store.SIZE_VARIABLE}, e.g. 500MB or 4GiB)"
    return f"  limit for facts: {limit} ({store.SIZE_VARIABLE})"


def _folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder`, each inode once (the kept site shares its files
    with the built site through hard links: counted here all the same)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                found = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if (found.st_dev, found.st_ino) not in seen:
                seen.add((found.st_dev, found.st_ino))
                total += found.st_blocks * 512
    return total


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"
