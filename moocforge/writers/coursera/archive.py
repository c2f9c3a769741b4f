"""The kit's zip, packed without `zipfile`'s per-entry machinery.

A kit zip has ~6,600 small entries; `zipfile` spends more time on each entry (a writer
object, a header written, then sought back to and rewritten) than zlib spends compressing
it. This writes the bytes `moocforge.output.pack_zip` writes (a test compares them): each
entry compressed first, then its final header and data in one go. Files that are compressed
already (videos, audio, images, nested zips such as the workbook) are stored, not deflated
again for nothing (deflating a course's videos took longer than the rest of the kit).
Archives that need zip64 (an entry or the archive near 2 GiB, more than 65,535 entries) go
to `pack_zip`.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from moocforge.output import pack_zip, zip_epoch

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate
_UNIX = 3
_UTF8_NAME = 0x800
_MODE = (0o100644 & 0xFFFF) << 16
_LIMIT = (1 << 31) - 1  # zipfile switches to zip64 from here (sizes × 1.05, offsets)
_MAX_ENTRIES = 0xFFFF
STORED_SUFFIXES = (".mp4", ".m4v", ".webm", ".mov", ".mkv", ".mp3", ".m4a", ".aac", ".ogg",
                   ".oga", ".opus", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".zip",
                   ".xlsx", ".gz", ".bz2", ".xz", ".7z")


def pack_kit_zip(files: Mapping[str, bytes | Path], fileobj: BinaryIO,
                 prefix: str = "") -> None:
    """Write `{relative path: bytes or source file}` as `pack_zip` does (sorted entries,
    fixed dates, normalised modes), faster."""
    if len(files) > _MAX_ENTRIES or any(
            isinstance(c, Path) and c.stat().st_size * 1.05 > _LIMIT for c in files.values()):
        pack_zip(files, fileobj, prefix)
        return
    year, month, day, hour, minute, second = time.gmtime(zip_epoch())[:6]
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | (second // 2)
    central: list[bytes] = []
    offset = 0
    chunks: list[bytes] = []
    for rel in sorted(files):
        content = files[rel]
        data = content if isinstance(content, bytes) else content.read_bytes()
        name = f"{prefix}/{rel}" if prefix else rel
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        method, packed = _packed(rel, data)
        crc = zlib.crc32(data)
        if len(data) * 1.05 > _LIMIT or offset + len(packed) > _LIMIT:
            pack_zip(files, fileobj, prefix)  # nothing written yet
            return
        chunks.append(_LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, method, dostime, dosdate,
                                  crc, len(packed), len(data), len(encoded), 0))
        chunks.append(encoded)
        chunks.append(packed)
        central.append(_CENTRAL.pack(b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, flags,
                                     method, dostime, dosdate, crc, len(packed), len(data),
                                     len(encoded), 0, 0, 0, 0, _MODE, offset))
        central.append(encoded)
        offset += _LOCAL.size + len(encoded) + len(packed)
    directory = b"".join(central)
    if offset + len(directory) > _LIMIT:
        pack_zip(files, fileobj, prefix)
        return
    chunks.append(directory)
    chunks.append(_END.pack(b"PK\005\006", 0, 0, len(files), len(files), len(directory),
                            offset, 0))
    fileobj.write(b"".join(chunks))


def _packed(rel: str, data: bytes) -> tuple[int, bytes]:
    """(zip method, bytes to store) of one entry."""
    if rel.lower().endswith(STORED_SUFFIXES):
        return 0, data  # stored
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.DEFLATED, compressor.compress(data) + compressor.flush()
