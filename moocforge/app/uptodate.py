"""Knowing, before loading anything, that a run would only repeat the last one.

A digest of everything a run over a course reads — every file of its folder and of the
shared roots it may take files from (build outputs and hidden folders aside), moocforge's
own files, and the run's settings — is compared with the digest the last successful run
stored. Equal digests (and, for a build, outputs still as that run left them) mean the last
report can be replayed instead of loading and building again: `make` for courses.

File digests are kept by stat signature (`moocforge.cache.files`) in
`<out>/.moocforge-cache/files.json`, so an unchanged file, a large video included, is not
read again; a file edited in the same clock tick as it was hashed is always hashed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from moocforge import __version__
from moocforge.cache import CACHE_DIR, files
from moocforge.output import source_date_epoch

SKIP_DIRS = frozenset({"build", "node_modules", "__pycache__"})
PACKAGE = Path(__file__).resolve().parent.parent


class FileHashes:
    """File digests by stat signature, kept in a JSON file between runs."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.changed = False
        try:
            self.known: dict[str, list[Any]] = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def digest(self, path: str) -> str:
        try:
            info = os.stat(path)
        except OSError:
            return "missing"
        seen = self.known.get(path)
        if seen and seen[:-1] == list(files.signature(info)):
            return str(seen[-1])
        hashed = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hashed.update(block)
        if files.settled(info):
            self.known[path] = [*files.signature(info), hashed.hexdigest()]
            self.changed = True
        return hashed.hexdigest()

    def save(self) -> None:
        if not self.changed:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        merged: dict[str, list[Any]] = {}
        with contextlib.suppress(OSError, ValueError):  # another worker may have saved
            merged = json.loads(self.file.read_text("utf-8"))
        merged.update(self.known)
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}")
        temporary.write_text(json.dumps(merged), "utf-8")
        os.replace(temporary, self.file)


def sources_digest(out: Path, folders: Iterable[Path], settings: Mapping[str, object],
                   extra: bytes = b"") -> str:
    """A digest of every file under `folders` (and moocforge's own), the `settings`,
    `extra` (a catalogue's catalog.yml) and SOURCE_DATE_EPOCH (the archives' dates)."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": __version__, "epoch": source_date_epoch(),
                              **settings}, sort_keys=True, default=str).encode())
    digest.update(extra)
    hashes = FileHashes(out / CACHE_DIR / "files.json")
    for folder in (PACKAGE, *folders):
        for path in source_files(folder):
            digest.update(path.encode())
            digest.update(hashes.digest(path).encode())
    hashes.save()
    return digest.hexdigest()


def source_files(folder: Path) -> Iterator[str]:
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(names):
            if not name.startswith(".") and not name.endswith(".pyc"):
                yield os.path.join(current, name)


def outputs_digest(folders: Iterable[Path]) -> str:
    """What a build left: every file under its output folders by path, size and time."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(f"{folder}\n".encode())
        for current, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(current, name)
                with contextlib.suppress(OSError):
                    info = os.stat(path)
                    digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stored(stamp: Path) -> tuple[str, object] | None:
    """The digest and the report the last successful run stored, or None."""
    try:
        with stamp.open("rb") as handle:
            found = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError, IndexError):
        return None  # none yet, or from another moocforge: run again
    if not isinstance(found, tuple) or len(found) != 2 or not isinstance(found[0], str):
        return None
    return found[0], found[1]


def store(stamp: Path, digest: str, report: object) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    temporary = stamp.with_name(f"{stamp.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps((digest, report), pickle.HIGHEST_PROTOCOL))
    os.replace(temporary, stamp)
