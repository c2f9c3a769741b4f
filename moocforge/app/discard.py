"""Removing replaced outputs without making the build wait for it.

A site or a Coursera kit holds ten thousand files, and removing them costs seconds on some
file systems (an `rmdir` took 3 ms here). A build that has swapped its new outputs in moves
each replaced one into the cache folder's trash, in one rename, and an `rm -rf` started in
the background removes it there:

    <cache folder>/trash/<pid>-<n>-<name>/

The output folder never shows a half-removed tree (the move is atomic, and the trash is
not in it). Without a cache folder (`--no-cache`, library calls), on another file system,
or without `rm`, the tree is removed before the build returns, as before. A trash entry
whose process is gone (an `rm` killed with the machine) is removed by the next discard.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

from moocforge.process import left_behind

TRASH_DIR = "trash"

_removers: list[subprocess.Popen[bytes]] = []
_numbers = itertools.count()


def discard(path: Path, cache_folder: Path | None) -> None:
    """Remove `path` (a replaced output): in the background when it can be moved into the
    trash of `cache_folder`, else now."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    moved = _into_trash(path, cache_folder) if cache_folder is not None else None
    if moved is None or not _remove_in_background(moved.parent):
        shutil.rmtree(moved or path, ignore_errors=True)


def _into_trash(path: Path, cache_folder: Path) -> Path | None:
    trash = cache_folder / TRASH_DIR
    target = trash / f"{os.getpid()}-{next(_numbers)}-{path.name}"
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(path, target)
    except OSError:  # another file system, a read-only cache: removed in place
        return None
    return target


def _remove_in_background(trash: Path) -> bool:
    """Start an `rm -rf` of this process' trash entries and of those left by processes
    that are gone; False when it cannot be started."""
    entries = [str(entry) for entry in trash.iterdir() if left_behind(entry.name.split("-", 1)[0])]
    if not entries:
        return True
    try:
        remover = subprocess.Popen(["rm", "-rf", "--", *entries], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, close_fds=True)
    except OSError:
        return False
    _removers[:] = [r for r in _removers if r.poll() is None] + [remover]
    return True


def wait_for_discards() -> None:
    """Wait until the trees this process discarded are removed (benchmarks, tests)."""
    while _removers:
        _removers.pop().wait()


__all__ = ["TRASH_DIR", "discard", "wait_for_discards"]
