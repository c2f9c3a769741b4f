"""The asset accessor of a course loaded from disk: the one way writers get file bytes.

Only files the loader resolved (and confined to the course's roots) are served; the path is
checked again when it is read, so a symlink swapped in after the load cannot leak a file
from outside the roots.
"""

from __future__ import annotations

import os
from pathlib import Path

from moocforge.load.sources import CourseSources


class AssetOutsideRoots(PermissionError):
    pass


class FolderAssets:
    def __init__(self, src: CourseSources) -> None:
        self._roots = dict(src.roots)
        self._src = src

    def _path(self, key: str) -> Path:
        path = self._src.path(key)
        real = Path(os.path.realpath(path))
        if not any(real == base or base in real.parents for base in self._roots.values()):
            raise AssetOutsideRoots(f"{key} leads outside the course's folders")
        return real

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except AssetOutsideRoots:
            return False

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def content(self, key: str) -> bytes | Path:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path

    def read_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()


class MemoryAssets:
    """Assets held in memory (tests, and models built without a folder)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self._files = dict(files)

    def exists(self, key: str) -> bool:
        return key in self._files

    def size(self, key: str) -> int:
        return len(self._files[key])

    def content(self, key: str) -> bytes | Path:
        return self._files[key]

    def read_bytes(self, key: str) -> bytes:
        return self._files[key]
