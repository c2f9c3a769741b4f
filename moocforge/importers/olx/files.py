"""The files of an export, wherever they are: an unpacked folder read in place, or the
members of an archive held in memory (an archive is never unpacked on disk: nothing of it
is written anywhere but the course folder, and import costs no file creation per member).

Names are POSIX paths relative to the folder holding `course.xml`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Protocol


class ExportFiles(Protocol):
    def read(self, rel: str) -> bytes | None: ...

    def is_file(self, rel: str) -> bool: ...

    def is_dir(self, rel: str) -> bool: ...

    def names(self, folder: str) -> list[str]:
        """Every file under `folder`, relative to it, sorted."""
        ...


def _clean(rel: str) -> str | None:
    path = PurePosixPath(rel.lstrip("/"))
    if not rel or ".." in path.parts or path.is_absolute():
        return None
    return path.as_posix()


class FolderFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, rel: str) -> Path | None:
        clean = _clean(rel)
        return self.root / clean if clean else None

    def read(self, rel: str) -> bytes | None:
        path = self._path(rel)
        return path.read_bytes() if path is not None and path.is_file() else None

    def is_file(self, rel: str) -> bool:
        path = self._path(rel)
        return path is not None and path.is_file()

    def is_dir(self, rel: str) -> bool:
        path = self._path(rel)
        return path is not None and path.is_dir()

    def names(self, folder: str) -> list[str]:
        base = self._path(folder)
        if base is None or not base.is_dir():
            return []
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


class MemoryFiles:
    """Archive members (name → bytes), seen from the folder `prefix` that holds course.xml."""

    def __init__(self, members: dict[str, bytes], prefix: str = "") -> None:
        self.members, self.prefix = members, prefix
        self.folders = {str(parent) for name in members
                        for parent in PurePosixPath(name).parents}

    def _key(self, rel: str) -> str | None:
        clean = _clean(rel)
        return f"{self.prefix}{clean}" if clean else None

    def read(self, rel: str) -> bytes | None:
        key = self._key(rel)
        return self.members.get(key) if key else None

    def is_file(self, rel: str) -> bool:
        key = self._key(rel)
        return key is not None and key in self.members

    def is_dir(self, rel: str) -> bool:
        key = self._key(rel)
        return key is not None and key in self.folders

    def names(self, folder: str) -> list[str]:
        start = f"{self.prefix}{folder.strip('/')}/"
        return sorted(n[len(start):] for n in self.members if n.startswith(start))

    def within(self, prefix: str) -> MemoryFiles:
        view = MemoryFiles.__new__(MemoryFiles)
        view.members, view.folders, view.prefix = self.members, self.folders, prefix
        return view
