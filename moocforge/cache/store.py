"""The cache's SQLite file: its tables, and how it keeps from growing without end.

A key is a hash that includes the *code salt* (moocforge's version and sources, the
libraries that shape the output: `moocforge.cache.code_salt`), so the facts of another
moocforge can never be found again. The store therefore records each fact's *generation*
(one per salt) and, when a new one appears, deletes the facts of all but the
`KEPT_GENERATIONS` most recently used (a development checkout switching branches, or two
versions used side by side, keep theirs). Within a generation, facts of texts since edited
are never asked for again either: when the facts outgrow the size limit
(`MOOCFORGE_CACHE_SIZE`, default `DEFAULT_SIZE`), the oldest written quarter and more are
deleted, as many as bring them back to three quarters of it; `0` sets no limit, as in
ccache. Deleted space goes back to the file system (incremental vacuum).

Tables (`PRAGMA user_version` = `FORMAT`; a store of another format is emptied when
opened):

- `facts(key BLOB PRIMARY KEY, generation INTEGER, value BLOB)`: the value pickled;
  `rowid` grows with each write, so it orders facts by age;
- `generations(id INTEGER PRIMARY KEY, salt BLOB UNIQUE, used INTEGER)`: `used` is when a
  process last opened the store with that salt (Unix seconds, rewritten at most once an
  hour unless another generation was used since; the latest used is always the greatest).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from moocforge.sizes import parse_size

FORMAT = 2
KEPT_GENERATIONS = 3
SIZE_VARIABLE = "MOOCFORGE_CACHE_SIZE"
DEFAULT_SIZE = 2 << 30  # 2 GiB: ~20 cold builds of a 2,000-item bilingual course
NO_LIMIT = 1 << 62  # MOOCFORGE_CACHE_SIZE=0
USED_RESOLUTION = 3600  # a generation's `used` is rewritten at most once an hour



@dataclass(frozen=True)
class Opened:
    db: sqlite3.Connection
    generation: int
    empty: bool  # no fact of this generation (it was just made) or none at all


def size_setting() -> tuple[int, str | None]:
    """The size the facts may reach (`MOOCFORGE_CACHE_SIZE`, else `DEFAULT_SIZE`), and the
    variable's text when it is set but not a size (then the default holds; `moocforge
    cache info` says so). A size of 0 is `NO_LIMIT`."""
    text = os.environ.get(SIZE_VARIABLE)
    if not text:
        return DEFAULT_SIZE, None
    parsed = parse_size(text)
    if parsed is None:
        return DEFAULT_SIZE, text
    return (parsed or NO_LIMIT), None


def size_limit() -> int:
    return size_setting()[0]


def open_store(path: Path, salt: bytes) -> Opened:
    """Connect to the store at `path` (made when absent), its tables in this format, with
    the generation of `salt`; the connection is in autocommit mode (this module's writes
    take their own transactions). Raises `sqlite3.Error` or `OSError` when it cannot."""
    db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    try:
        if db.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new file
            db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes only before the first table
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")  # disposable: no fsync for a cache
        if format_of(db) != FORMAT:
            _make_tables(db)
        generation, made = generation_of(db, salt)
        empty = made or db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is None
    except BaseException:
        db.close()
        raise
    return Opened(db, generation, empty)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (connections here are in autocommit mode)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def format_of(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _make_tables(db: sqlite3.Connection) -> None:
    """Give the store this format's tables, dropping another format's (facts computed by
    another moocforge: never found again)."""
    with _transaction(db):
        if format_of(db) != FORMAT:  # another process may have made them meanwhile
            db.execute("DROP TABLE IF EXISTS facts")
            db.execute("DROP TABLE IF EXISTS generations")
            db.execute("CREATE TABLE facts (key BLOB PRIMARY KEY, generation INTEGER, "
                       "value BLOB)")
            db.execute("CREATE TABLE generations (id INTEGER PRIMARY KEY, "
                       "salt BLOB UNIQUE, used INTEGER)")
            db.execute(f"PRAGMA user_version={FORMAT}")
    if db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0:
        # a file of the former format: rewritten (empty now, so at no cost) to give space
        # back as this format's files do; busy with another process' read, left as it is
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA auto_vacuum=INCREMENTAL")
            db.execute("VACUUM")


def generation_of(db: sqlite3.Connection, salt: bytes) -> tuple[int, bool]:
    """The id of `salt`'s generation, and whether it was made now (the facts of the
    generations beyond the `KEPT_GENERATIONS` most recently used are then deleted)."""
    now = int(time.time())
    row = db.execute("SELECT id, used, (SELECT max(used) FROM generations AS other "
                     "WHERE other.salt != ?) FROM generations WHERE salt = ?",
                     (salt, salt)).fetchone()
    if row is not None:
        generation, used, others = row
        if others is not None and used <= others:  # another one was used since (or then)
            used = max(now, others + 1)
        elif now - used >= USED_RESOLUTION:
            used = now
        if used != row[1]:
            db.execute("UPDATE generations SET used = ? WHERE id = ?", (used, generation))
        return int(generation), False
    with _transaction(db):
        (latest,) = db.execute("SELECT max(used) FROM generations").fetchone()
        made = db.execute("INSERT OR IGNORE INTO generations (salt, used) VALUES (?, ?)",
                          (salt, now if latest is None else max(now, latest + 1))
                          ).rowcount == 1
        (generation,) = db.execute("SELECT id FROM generations WHERE salt = ?",
                                   (salt,)).fetchone()
        old = [found for (found,) in db.execute(
            "SELECT id FROM generations ORDER BY used DESC, id DESC LIMIT -1 OFFSET ?",
            (KEPT_GENERATIONS,))]
        _forget_generations(db, old)
    if old:
        db.executescript("PRAGMA incremental_vacuum;")  # stepped to the end: every free page
    return int(generation), made


def _forget_generations(db: sqlite3.Connection, generations: list[int]) -> None:
    for generation in generations:
        db.execute("DELETE FROM facts WHERE generation = ?", (generation,))
        db.execute("DELETE FROM generations WHERE id = ?", (generation,))


def write(db: sqlite3.Connection, generation: int, rows: Iterable[tuple[bytes, bytes]],
          limit: int | None = None) -> None:
    """Store pickled facts (one transaction), then keep the facts under the size limit."""
    with _transaction(db):
        db.executemany("INSERT OR REPLACE INTO facts (key, generation, value) "
                       "VALUES (?, ?, ?)", ((key, generation, value) for key, value in rows))
    trim(db, size_limit() if limit is None else limit)


def used_bytes(db: sqlite3.Connection) -> int:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)


def trim(db: sqlite3.Connection, limit: int) -> int:
    """Delete the oldest facts when they take more than `limit` bytes, down to three
    quarters of it (at least a quarter of them); how many were deleted."""
    used = used_bytes(db)
    if used <= limit:
        return 0
    (count,) = db.execute("SELECT count(*) FROM facts").fetchone()
    share = max(0.25, 1 - 0.75 * limit / used)
    with _transaction(db):
        deleted = db.execute(
            "DELETE FROM facts WHERE rowid IN "
            "(SELECT rowid FROM facts ORDER BY rowid LIMIT ?)",
            (max(1, int(count * share)),)).rowcount
    db.executescript("PRAGMA incremental_vacuum;")  # stepped to the end: every free page
    return int(deleted)


@dataclass(frozen=True)
class Generation:
    id: int
    used: int  # Unix seconds
    facts: int
    current: bool


@dataclass(frozen=True)
class Summary:
    path: Path
    file_bytes: int  # the file and its write-ahead log
    used_bytes: int
    limit: int
    generations: tuple[Generation, ...]


def summary(path: Path, salt: bytes) -> Summary | None:
    """What the store at `path` holds, without changing it; None without a store of this
    format."""
    if not path.is_file():
        return None
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        if format_of(db) != FORMAT:
            return None
        counts = dict(db.execute("SELECT generation, count(*) FROM facts GROUP BY generation"))
        generations = tuple(
            Generation(found, used, counts.get(found, 0), mine == salt)
            for found, mine, used in db.execute(
                "SELECT id, salt, used FROM generations ORDER BY used DESC, id DESC"))
        used = used_bytes(db)
    finally:
        db.close()
    wal = path.with_name(path.name + "-wal")
    file_bytes = path.stat().st_size + (wal.stat().st_size if wal.is_file() else 0)
    return Summary(path, file_bytes, used, size_limit(), generations)
