"""File digests known by stat signature, as git's index knows them.

A file whose size, modification and change times, inode and device are those it had when
it was hashed has the same content — unless it was modified less than `RACY_NS` before it
was hashed: a same-size edit in the same clock tick could then keep every time stamp, so
such a digest is not remembered. The loader keeps these in memory (`load.sources`); the
up-to-date check of builds keeps them in the build folder (`app.uptodate`).
"""

from __future__ import annotations

import os
import time

RACY_NS = 2_000_000_000

Signature = tuple[int, ...]


def signature(info: os.stat_result) -> Signature:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def settled(info: os.stat_result) -> bool:
    """Whether the file was last changed long enough ago for its signature to stand for
    its content."""
    return time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > RACY_NS
