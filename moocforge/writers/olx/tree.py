"""The files of one `course/` tree, kept in memory and packed straight into the tarball.

Creating thousands of small files is the slowest part of a build on many disks, and the
tarball is what users import, so the tree is only written out with `--keep-dir`. The archive
is packed by `moocforge.output.pack_tar_gz`, the same code that packs a folder, so a
test can check that packing the kept folder gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from moocforge.output import pack_tar_gz


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

    def write_tar_gz(self, dest: Path, prefix: str) -> None:
        pack_tar_gz(self.files, dest, prefix)
