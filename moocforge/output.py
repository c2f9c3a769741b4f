"""Writing build outputs atomically and byte-reproducibly.

Every writer puts its files in a staging folder next to the destination and swaps it in at the
end, so a failed or interrupted build leaves the previous output untouched. Archives are made
reproducible: sorted entries, fixed timestamps (SOURCE_DATE_EPOCH or 0), uid/gid 0, normalised
modes, and a gzip header without name or time.
"""

from __future__ import annotations

import gzip
import io
import os
import posixpath
import shutil
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def source_date_epoch() -> int:
    try:
        return max(0, int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    except ValueError:
        return 0


@contextmanager
def atomic_dir(final: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces `final` in one rename."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; outputs are meant to be shared
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old.{os.getpid()}")
        os.rename(final, old)
    os.rename(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_file(final: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces `final` (os.replace is atomic)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    os.chmod(tmp_path, 0o644)
    os.replace(tmp_path, final)


def _walk(tree: Path) -> list[Path]:
    return sorted(tree.rglob("*"), key=lambda p: p.relative_to(tree).as_posix())


def write_tar_gz(tree: Path, dest: Path, prefix: str = "") -> None:
    """Pack the folder `tree` into `dest` (.tar.gz), reproducibly; entries named `prefix/…`."""
    files = {p.relative_to(tree).as_posix(): p for p in _walk(tree) if p.is_file()}
    pack_tar_gz(files, dest, prefix)


def pack_tar_gz(files: Mapping[str, bytes | Path], dest: Path, prefix: str = "") -> None:
    """Pack `{relative path: bytes or source file}` into `dest` (.tar.gz), reproducibly.

    Folders are implied by the paths; entries are sorted, so the same files give the same
    bytes whether they come from memory or from disk.
    """
    mtime = source_date_epoch()
    names = set(files)
    for rel in files:
        parent = posixpath.dirname(rel)
        while parent:
            names.add(parent)
            parent = posixpath.dirname(parent)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        if prefix:
            tar.addfile(_tar_info(prefix, tarfile.DIRTYPE, 0o755, mtime))
        for rel in sorted(names):
            name = f"{prefix}/{rel}" if prefix else rel
            content = files.get(rel)
            if content is None:
                tar.addfile(_tar_info(name, tarfile.DIRTYPE, 0o755, mtime))
            elif isinstance(content, bytes):
                info = _tar_info(name, tarfile.REGTYPE, 0o644, mtime)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
            else:
                info = _tar_info(name, tarfile.REGTYPE, 0o644, mtime)
                info.size = content.stat().st_size
                with content.open("rb") as handle:
                    tar.addfile(info, handle)
    with (
        atomic_file(dest) as tmp,
        tmp.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue())


def _tar_info(name: str, kind: bytes, mode: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


ZIP_EPOCH_MIN = 315532800  # 1980-01-01: zip cannot store earlier dates


def zip_epoch() -> int:
    """The timestamp of every zip entry (and of an xlsx's properties)."""
    return max(source_date_epoch(), ZIP_EPOCH_MIN)


def write_zip(tree: Path, dest: Path, prefix: str = "") -> None:
    """Pack the folder `tree` into `dest` (.zip), reproducibly."""
    files = {p.relative_to(tree).as_posix(): p for p in _walk(tree) if p.is_file()}
    with atomic_file(dest) as tmp, tmp.open("wb") as handle:
        pack_zip(files, handle, prefix)


def pack_zip(files: Mapping[str, bytes | Path], fileobj: BinaryIO, prefix: str = "") -> None:
    """Write `{relative path: bytes or source file}` as a zip: sorted entries, fixed dates,
    normalised modes, so the same files give the same bytes."""
    date_time = time.gmtime(zip_epoch())[:6]
    with zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(files):
            content = files[rel]
            info = zipfile.ZipInfo(f"{prefix}/{rel}" if prefix else rel, date_time)
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zf.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
