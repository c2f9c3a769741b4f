"""The files of one `course/` tree, kept in memory and packed straight into the tarball.

Creating thousands of small files is the slowest part of a build on many disks, and the
tarball is what users import, so the tree is only written out with `--keep-dir`. The archive
is built exactly like `moocforge.writers.output.write_tar_gz` (same entry order, normalised
headers from its `_tar_info`, gzip without name or time); a test checks that packing the
kept folder with `write_tar_gz` gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import tarfile
from pathlib import Path

from moocforge.writers.output import _tar_info, atomic_file, source_date_epoch


class Tree:
    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}  # relative path -> content or source file

    def add(self, rel: str, content: bytes | Path) -> None:
        self.files[rel] = content

    def write_dir(self, root: Path) -> None:
        for rel, content in sorted(self.files.items()):
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.read_bytes())

    def _entries(self) -> list[str]:
        names = set(self.files)
        for rel in self.files:
            parent = posixpath.dirname(rel)
            while parent:
                names.add(parent)
                parent = posixpath.dirname(parent)
        return sorted(names)

    def write_tar_gz(self, dest: Path, prefix: str) -> None:
        mtime = source_date_epoch()
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            tar.addfile(_tar_info(prefix, tarfile.DIRTYPE, 0o755, mtime))
            for rel in self._entries():
                name = f"{prefix}/{rel}"
                content = self.files.get(rel)
                if content is None:
                    tar.addfile(_tar_info(name, tarfile.DIRTYPE, 0o755, mtime))
                    continue
                info = _tar_info(name, tarfile.REGTYPE, 0o644, mtime)
                if isinstance(content, bytes):
                    info.size = len(content)
                    tar.addfile(info, io.BytesIO(content))
                else:
                    info.size = content.stat().st_size
                    with content.open("rb") as handle:
                        tar.addfile(info, handle)
        with (atomic_file(dest) as tmp, tmp.open("wb") as raw,
              gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                            compresslevel=9) as gz):
            gz.write(buffer.getvalue())
