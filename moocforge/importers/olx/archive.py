"""Opening an OLX export safely: a `.tar.gz`, a `.zip` or an unpacked folder.

Archives come from outside, so every member is checked before a byte of it is written:
no absolute path, no `..`, no link (symbolic or hard), no device or FIFO, at most
`Limits.files` members and `Limits.bytes` bytes in all. Sizes are counted while the data is
read, not only taken from headers, so a member that decompresses to more than it claims
(a zip bomb) is stopped too. Members are read into memory (`files.MemoryFiles`), never
unpacked on disk: a hostile name has nowhere to land.
"""

from __future__ import annotations

import gzip
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

MB = 1024 * 1024
CHUNK = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Limits:
    files: int = 10_000  # Studio exports: the demo course has 801 files
    bytes: int = 512 * MB  # the demo course is 23 MB; FUN caps each file at 10 MB


class UnsafeArchiveError(ValueError):
    """An archive (or folder) refused before anything of it is used."""

    def __init__(self, message: str, member: str = "") -> None:
        super().__init__(f"{member}: {message}" if member else message)
        self.member = member


def _safe_name(name: str) -> PurePosixPath:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchiveError("absolute or non-POSIX path", name)
    path = PurePosixPath(name)
    if any(part == ".." for part in path.parts):
        raise UnsafeArchiveError("path leaves the archive ('..')", name)
    if "\0" in name:
        raise UnsafeArchiveError("NUL character in the name", name)
    return path


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits, self.files, self.bytes = limits, 0, 0

    def member(self, name: str, claimed: int) -> None:
        self.files += 1
        if self.files > self.limits.files:
            raise UnsafeArchiveError(f"more than {self.limits.files} files: refused as a "
                                     "possible archive bomb (raise it with --max-files)")
        self.take(name, claimed)

    def take(self, name: str, size: int) -> None:
        self.bytes += size
        if self.bytes > self.limits.bytes:
            raise UnsafeArchiveError(
                f"the archive unpacks to more than {self.limits.bytes // MB} MB: refused as a "
                "possible archive bomb (raise it with --max-mb)", name)


def read_archive(archive: Path, limits: Limits = Limits()) -> dict[str, bytes]:
    """Every file of `archive` (name → bytes), checked as it is read; nothing is written."""
    name = archive.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        return _read_tar(archive, limits)
    if name.endswith(".zip"):
        return _read_zip(archive, limits)
    raise UnsafeArchiveError("not a .tar.gz, .tar or .zip export")


def _read(source: IO[bytes], name: str, budget: _Budget, claimed: int) -> bytes:
    chunks, read = [], 0
    while chunk := source.read(CHUNK):
        read += len(chunk)
        if read > claimed:
            # more data than the header announced: count it against the budget
            budget.take(name, len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


def _add(files: dict[str, bytes], path: PurePosixPath, data: bytes) -> None:
    key = path.as_posix()
    if key in files:
        raise UnsafeArchiveError("a file appears twice in the archive", key)
    files[key] = data


class _CorruptHeader(tarfile.TarError):
    """A member header that is not one (bad checksum, cut short)."""


class _Header(tarfile.TarInfo):
    """tarfile ends a stream quietly at a corrupt header past the first member, as if the
    archive ended there: the rest of the export would be missing without a word. Only the
    end-of-archive marker (zero blocks, or nothing at all) ends it here."""

    @classmethod
    def frombuf(cls, buf: bytes, encoding: str, errors: str) -> tarfile.TarInfo:
        try:
            return super().frombuf(buf, encoding, errors)
        except (tarfile.EOFHeaderError, tarfile.EmptyHeaderError):
            raise
        except tarfile.HeaderError as exc:
            raise _CorruptHeader(f"a corrupt member header ({exc})") from None


def _read_tar(archive: Path, limits: Limits) -> dict[str, bytes]:
    budget = _Budget(limits)
    files: dict[str, bytes] = {}
    try:
        with archive.open("rb") as handle:
            gzipped = handle.read(2) == GZIP_MAGIC
        # gzip's own reader checks the trailer's CRC and length (tarfile's does not)
        with (gzip.open(archive, "rb") if gzipped else archive.open("rb")) as raw, \
                tarfile.open(fileobj=raw, mode="r|*", tarinfo=_Header) as tar:
            for member in tar:
                path = _check_tar_member(member)
                budget.member(member.name, member.size if member.isfile() else 0)
                if path is None or not path.parts or member.isdir():
                    continue
                source = tar.extractfile(member)
                assert source is not None
                _add(files, path, _read(source, member.name, budget, member.size))
            assert tar.fileobj is not None
            while chunk := tar.fileobj.read(CHUNK):  # to the end: the checksums are there
                budget.take(archive.name, len(chunk))
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise UnsafeArchiveError(f"not a readable archive: {exc}") from None
    return files


def _check_tar_member(member: tarfile.TarInfo) -> PurePosixPath | None:
    if member.issym() or member.islnk():
        raise UnsafeArchiveError(f"a {'symbolic' if member.issym() else 'hard'} link "
                                 f"(to {member.linkname})", member.name)
    if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
        raise UnsafeArchiveError("a device or FIFO", member.name)
    if not (member.isfile() or member.isdir()):
        raise UnsafeArchiveError("not a regular file or folder", member.name)
    path = _safe_name(member.name)
    return PurePosixPath(*[p for p in path.parts if p != "."])


def _read_zip(archive: Path, limits: Limits) -> dict[str, bytes]:
    budget = _Budget(limits)
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(archive) as zipped:
            infos = zipped.infolist()
            for info in infos:  # every header first: refuse before reading any data
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise UnsafeArchiveError("a symbolic link", info.filename)
                kind = stat.S_IFMT(mode)  # 0: written without a file type (plain file)
                if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                    raise UnsafeArchiveError("a device or FIFO", info.filename)
                _safe_name(info.filename)
                budget.member(info.filename, info.file_size)
            budget.bytes = 0
            for info in infos:
                path = PurePosixPath(*[p for p in PurePosixPath(info.filename).parts
                                       if p != "."])
                if not path.parts or info.is_dir():
                    continue
                budget.take(info.filename, info.file_size)
                with zipped.open(info) as source:
                    _add(files, path, _read(source, info.filename, budget, info.file_size))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise UnsafeArchiveError(f"not a readable archive: {exc}") from None
    return files


def check_folder(folder: Path, limits: Limits = Limits()) -> None:
    """An unpacked export is read in place: refuse links and special files in it, and
    folders over the limits, as for an archive."""
    budget = _Budget(limits)
    for path in _walk(folder):
        rel = path.relative_to(folder).as_posix()
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeArchiveError("a symbolic link (links are not followed)", rel)
        if stat.S_ISDIR(info.st_mode):
            continue
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeArchiveError("a device or FIFO", rel)
        budget.member(rel, info.st_size)


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames) + sorted(filenames):
            yield base / name
