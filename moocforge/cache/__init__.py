"""A content-addressed cache of what moocforge derives from the sources.

Every fact is stored under a hash of what it is computed from: the input's content (a
file's text, a Markdown text), the settings that change the result, and the *code salt*
(moocforge's version and source files, the versions of the libraries that shape the
output). A changed input is a new key, so nothing is ever invalidated: stale entries are
simply not asked for again. Values are pickles; the store is one SQLite file under the
build folder (`build/.moocforge-cache/facts.sqlite`), safe to delete at any time (so it
is written without fsync). A load's new facts are pickled and written when it ends, by a
forked writer when they are many (the load returns meanwhile); whoever opens the store
next waits for the writer (a lock file), so no load finds less than the one before.

What is cached (each namespace is one kind of fact):

- `yaml`: a YAML file parsed with positions and checked against its schema
  (`moocforge.load.sources.parse_and_check`);
- `scan`: the links, images and headings of a Markdown text (`moocforge.load.markdown`),
  in memory only: scanning a text costs what fetching its scan from the store would;
- `html`: a Markdown text rendered to HTML with given settings, shared by every writer
  (`moocforge.render.markdown.Renderer`);
- `course`: a whole load with what it looked at, and its weeks' readings, checked before
  use (`moocforge.load.reuse`: keyed by the course's place, not by content).

Stale facts are never asked for again, so the store forgets them: the facts of other code
salts (beyond the three most recently used) and, past a size limit, the oldest ones
(`moocforge.cache.store`; `moocforge cache info` shows what it holds).

Without a folder the cache lives in memory only (what library calls and tests get: the
preview server, a long-running process, reloads in milliseconds); `Cache.disabled()`
(`--no-cache`) computes everything every time. The cache never changes output: a test
builds cold and warm and compares the bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing.util
import os
import pickle
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from moocforge.cache import store

try:
    import fcntl
except ImportError:  # not on POSIX: no forked writers
    fcntl = None  # type: ignore[assignment]

CACHE_DIR = ".moocforge-cache"
STORE_FILE = "facts.sqlite"
MEMORY_LIMIT = 400_000  # entries kept in memory before the memory layer starts afresh

T = TypeVar("T")
_MISSING = object()


@dataclass
class Counts:
    hits: int = 0
    misses: int = 0


class Cache:
    """Facts by key: a memory layer in front of an optional SQLite store.

    Safe to share between threads; a forked child process opens its own connection (the
    parent's is never used across a fork). New facts are written in one transaction by
    `flush()`.
    """

    def __init__(self, folder: Path | None = None, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.counts: dict[str, Counts] = {}
        self._memory: dict[bytes, object] = {}
        self._pending: dict[bytes, object] = {}  # new facts, to be stored by `flush`
        self._packed: dict[bytes, bytes] = {}  # facts in memory, pickled (from a worker)
        self._collecting = False  # in a worker: every new fact pickled for the parent
        self._held = False  # new facts are written by `close` only (`hold_writes`)
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0
        self._db_failed = False
        self._generation = 0  # of this process' code salt in the store (`cache.store`)
        # the store held no fact when this process opened it and nothing was written into
        # it since by this process or its children: a lookup would only miss (a cold load
        # looks up every file it parses); another process' writes meanwhile are found by
        # the next connection
        self._db_empty = False
        if folder is not None:
            multiprocessing.util.register_after_fork(self, Cache._after_fork)

    def _after_fork(self) -> None:
        """In a multiprocessing child: a connection of its own, and its new facts written
        when it exits (forked writer workers render texts the next build will want)."""
        self._db, self._pending = None, {}
        multiprocessing.util.Finalize(self, self.flush, exitpriority=10)

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None, enabled=False)

    # ------------------------------------------------------------------ keys

    @staticmethod
    def key(namespace: str, *parts: str | bytes) -> bytes:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(code_salt())
        digest.update(namespace.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.digest()

    # ------------------------------------------------------------------ lookups

    def fetch(self, namespace: str, parts: tuple[str | bytes, ...],
              compute: Callable[[], T], *, stored: bool = True) -> T:
        """The fact stored under `parts`, computed (and stored) when absent. A fact that is
        not `stored` is kept in memory only (cheaper to compute again than to fetch)."""
        if not self.enabled:
            return compute()
        key = self.key(namespace, *parts)
        found = self.get(namespace, key, stored=stored)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = compute()
        self.put(key, value, stored=stored)
        return value

    def get(self, namespace: str, key: bytes, *, stored: bool = True) -> object:
        """The value under `key` (looked for in the store too when `stored`), or the
        `_MISSING` sentinel."""
        counts = self.counts.setdefault(namespace, Counts())
        with self._lock:
            value = self._memory.get(key, _MISSING)
            if value is _MISSING and stored:
                value = self._stored(key)
                if value is not _MISSING:
                    self._remember(key, value)
        if value is _MISSING:
            counts.misses += 1
        else:
            counts.hits += 1
        return value

    def count(self, namespace: str, *, hit: bool) -> None:
        """Count a fact found (or not) by other means (`load.reuse`'s weeks, kept inside
        their course's fact)."""
        counts = self.counts.setdefault(namespace, Counts())
        if hit:
            counts.hits += 1
        else:
            counts.misses += 1

    def stale(self, namespace: str) -> None:
        """The fact just found turned out to be out of date (`load.reuse` checks its own):
        counted as a miss."""
        counts = self.counts.setdefault(namespace, Counts())
        counts.hits -= 1
        counts.misses += 1

    def put(self, key: bytes, value: object, *, stored: bool = True) -> None:
        """Keep `value` under `key`; `stored`, it is written to the store by `flush`
        (pickled then: a value that does not pickle stays in memory)."""
        with self._lock:
            self._remember(key, value)
            if (self.folder is not None or self._collecting) and stored:
                self._pending[key] = value

    def _remember(self, key: bytes, value: object) -> None:
        if len(self._memory) >= MEMORY_LIMIT:
            self._memory.clear()
            self._packed.clear()
        self._memory[key] = value

    def forget_memory(self) -> None:
        """Drop the memory layer (benchmarks time warm runs as a new process has them)."""
        with self._lock:
            self._memory.clear()
            self._packed.clear()

    # ------------------------------------------------------------------ worker processes

    def collect_for_parent(self) -> None:
        """In a forked worker (`moocforge.load.ahead`): keep every new fact pickled, to be
        sent to the parent (`collected`), and touch neither the parent's connection nor its
        lock (a thread of the parent may have held it at the fork); the worker looks facts
        up in a connection of its own, and the parent stores what it found."""
        self._lock = threading.RLock()
        self._db, self._pending, self.counts = None, {}, {}
        self._collecting = True

    def collected(self) -> dict[bytes, bytes]:
        """The facts a worker computed, pickled (`collect_for_parent`)."""
        return _pickled(self._pending)

    def store_identity(self) -> tuple[int, int] | None:
        """(device, inode) of the store file, once it exists (`write_into`)."""
        if self.folder is None or self._connection() is None:
            return None
        try:
            found = os.stat(self.folder / STORE_FILE)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def write_collected(self, identity: tuple[int, int]) -> None:
        """In a worker: write the facts it computed into the store of `identity`."""
        if self.folder is not None:
            with contextlib.suppress(OSError, sqlite3.Error):
                write_into(self.folder / STORE_FILE, identity, self._pending)

    def written_by_child(self) -> None:
        """A child of this process writes facts into the store (`moocforge.load.ahead`):
        looked up from now on."""
        self._db_empty = False

    def adopt(self, facts: dict[bytes, bytes], counts: dict[str, Counts]) -> None:
        """Take a worker's facts (pickled: unpickled when asked for) and its counts, as if
        this cache had computed them."""
        with self._lock:
            if self.folder is not None:
                self._pending.update((key, Packed(value)) for key, value in facts.items())
            else:
                self._packed.update(facts)
        for namespace, found in counts.items():
            mine = self.counts.setdefault(namespace, Counts())
            mine.hits += found.hits
            mine.misses += found.misses

    # ------------------------------------------------------------------ the store

    def _stored(self, key: bytes) -> object:
        pending = self._pending.get(key, _MISSING)
        if pending is not _MISSING:
            return pickle.loads(pending) if isinstance(pending, Packed) else pending
        packed = self._packed.get(key)
        if packed is not None:
            return pickle.loads(packed)
        return self._selected(key)

    def _selected(self, key: bytes) -> object:
        db = self._connection()
        if db is None or self._db_empty:
            return _MISSING
        try:
            row = db.execute("SELECT value FROM facts WHERE key = ?", (key,)).fetchone()
            return _MISSING if row is None else pickle.loads(row[0])
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError,
                ImportError, TypeError, ValueError):
            return _MISSING  # a damaged or foreign entry: computed again

    def hold_writes(self) -> None:
        """Write new facts only when closed (a long-running process, the preview: each
        load would otherwise write the course's new record while the author waits for
        the page)."""
        self._held = True

    def flush(self, *, background: bool = False) -> None:
        """Write the new facts to the store (one transaction); errors leave it as it was.
        In the `background`, when they are many (or heavy: a value's `fact_weight` counts
        it as that many facts) and this process may fork: by a forked writer, while this
        process goes on (`_write_forked`). Nothing while writes are held (`hold_writes`)."""
        with self._lock:
            if not self._pending or self.folder is None or self._held:
                return
            pending, self._pending = self._pending, {}
            self._db_empty = False
            if background and _weight(pending) >= BACKGROUND_MIN and \
                    self._write_forked(pending):
                return
            db = self._connection()
            if db is not None:
                _write(db, self._generation, pending)

    def _write_forked(self, pending: dict[bytes, object]) -> bool:
        """Pickle and write `pending` in a forked child; False when it cannot be started.
        The child holds the folder's writer lock until it is done: a connection opened
        meanwhile (this process' or another's) waits for it (`wait_for_writers`), so no
        load finds the store without what a load before it found."""
        folder = self.folder
        if folder is None or self._connection() is None or not _may_fork():
            return False
        try:
            lock = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # an earlier writer of the folder finishes first
            store = os.stat(folder / STORE_FILE)
            pid = os.fork()
        except OSError:
            os.close(lock)
            return False
        if pid == 0:
            _write_and_exit(folder / STORE_FILE, (store.st_dev, store.st_ino), pending)
        os.close(lock)  # the child's copy holds the lock until it exits
        note_writer(folder, pid)
        return True

    def _connection(self) -> sqlite3.Connection | None:
        if self.folder is None or self._db_failed:
            return None
        if self._db is not None and self._db_pid == os.getpid():
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            wait_for_writers(self.folder)
            opened = store.open_store(self.folder / STORE_FILE, code_salt())
        except (OSError, sqlite3.Error):
            self._db_failed = True
            return None
        self._db, self._db_pid, self._db_empty = opened.db, os.getpid(), opened.empty
        self._generation = opened.generation
        return opened.db

    def stored(self) -> int:
        """How many facts the store holds (after writing the new ones)."""
        self.flush()
        if self.folder is not None:
            wait_for_writers(self.folder)
        db = self._connection()
        if db is None:
            return 0
        try:
            return int(db.execute("SELECT count(*) FROM facts").fetchone()[0])
        except sqlite3.Error:
            return 0

    def summary(self) -> store.Summary | None:
        """What the store holds (after writing the new facts); None without one."""
        if self.folder is None:
            return None
        self.flush()
        wait_for_writers(self.folder)
        try:
            return store.summary(self.folder / STORE_FILE, code_salt())
        except (OSError, sqlite3.Error):
            return None

    def close(self) -> None:
        self._held = False
        self.flush()
        with self._lock:
            if self._db is not None and self._db_pid == os.getpid():
                self._db.close()
            self._db = None


class Packed(bytes):
    """A fact already pickled (by a worker process)."""


def _pickled(pending: dict[bytes, object]) -> dict[bytes, bytes]:
    """The facts pickled; one that does not pickle is left out (it stays in memory: the
    store is an optimisation)."""
    rows = {}
    for key, value in pending.items():
        if isinstance(value, Packed):
            rows[key] = bytes(value)
            continue
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError,
                                 RecursionError):
            rows[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return rows


def _write(db: sqlite3.Connection, generation: int, pending: dict[bytes, object]) -> None:
    with contextlib.suppress(sqlite3.Error):  # a read-only or full disk: only a cache
        store.write(db, generation, _pickled(pending).items())


# --------------------------------------------------------------------------- the writers

LOCK_FILE = "writer.lock"
BACKGROUND_MIN = 500  # new facts below which `flush(background=True)` writes them itself


def _weight(pending: dict[bytes, object]) -> int:
    return sum(getattr(value, "fact_weight", 1) for value in pending.values())
_WRITERS: dict[Path, list[int]] = {}  # the forked writers of this process, by folder


def _may_fork() -> bool:
    """Not with other threads running (a lock one of them holds would stay held in the
    child), and not on one core (the writer would only take turns with this process)."""
    from moocforge.process import cpu_count

    return (hasattr(os, "fork") and fcntl is not None and threading.active_count() == 1
            and cpu_count() > 1)


def _write_and_exit(path: Path, identity: tuple[int, int], pending: dict[bytes, object]
                    ) -> None:
    """The forked writer."""
    status = 1
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        status = 0 if write_into(path, identity, pending) else 1
    except BaseException:  # nothing written: the cache is an optimisation
        pass
    finally:
        os._exit(status)


def write_into(path: Path, identity: tuple[int, int], pending: dict[bytes, object]) -> bool:
    """Write facts into the store file `path` if it is still the one of `identity` (device,
    inode), never into another: the folder may have been deleted, or made again, since
    (the facts are then dropped). For forked processes, with a connection of their own."""
    db = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=30,
                         isolation_level=None)
    try:
        found = os.stat(path)
        if (found.st_dev, found.st_ino) != identity:
            return False
        db.execute("PRAGMA synchronous=OFF")
        if store.format_of(db) != store.FORMAT:
            return False
        generation, _ = store.generation_of(db, code_salt())
        _write(db, generation, pending)
        return True
    finally:
        db.close()


def note_writer(folder: Path, pid: int) -> None:
    """A forked child of this process writing into the store of `folder`: waited for (and
    reaped) by `wait_for_writers`."""
    _WRITERS.setdefault(folder, []).append(pid)


def wait_for_writers(folder: Path) -> None:
    """Wait until no forked writer is writing into the store of `folder` (this process'
    are also reaped)."""
    for pid in _WRITERS.pop(folder, []):
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(pid, 0)
    if fcntl is None:
        return
    try:
        lock = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return  # never written in the background
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        pass
    finally:
        os.close(lock)


# --------------------------------------------------------------------------- the salt

_SALT_LIBRARIES = ("markdown", "pymdown-extensions", "pygments", "pyyaml", "fastjsonschema",
                   "jsonschema", "lxml")


@dataclass
class _Salt:
    value: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)


_salt = _Salt()


def code_salt() -> bytes:
    """What every key includes: moocforge's version and the size and modification time of
    its source and schema files (a development checkout that changes code gets new keys),
    and the versions of the libraries whose output is cached."""
    if _salt.value:
        return _salt.value
    with _salt.lock:
        if not _salt.value:
            _salt.value = _compute_salt()
    return _salt.value


def _compute_salt() -> bytes:
    from importlib import metadata

    import moocforge

    digest = hashlib.blake2b(moocforge.__version__.encode(), digest_size=20)
    package = Path(moocforge.__file__).resolve().parent
    for path in sorted((*package.rglob("*.py"), *package.glob("data/schemas/*.json"))):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                      .encode())
    for name in _SALT_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    return digest.digest()


# --------------------------------------------------------------------------- the active cache

_MEMORY = Cache()
_active: list[Cache] = [_MEMORY]
_open: dict[Path, Cache] = {}
_open_lock = threading.Lock()


def active() -> Cache:
    """The cache the loader and the renderers use now."""
    return _active[-1]


@contextlib.contextmanager
def using(cache: Cache) -> Iterator[Cache]:
    """Make `cache` the active one inside the block; its new facts are flushed at the end."""
    _active.append(cache)
    try:
        yield cache
    finally:
        _active.remove(cache)
        cache.flush(background=True)


def for_folder(folder: Path | None, *, enabled: bool = True) -> Cache:
    """The cache stored in `folder` (one instance per folder in a process); the memory
    cache without a folder; a disabled one when not `enabled` (`--no-cache`)."""
    if not enabled:
        return Cache.disabled()
    if folder is None:
        return _MEMORY
    folder = folder.resolve()
    with _open_lock:
        if folder not in _open:
            _open[folder] = Cache(folder)
        return _open[folder]


def store_folder(out: Path) -> Path:
    """Where the cache of builds into `out` (a build folder) lives."""
    return out / CACHE_DIR


_FORGETTERS: list[Callable[[], None]] = []


def forget_with_memory(forget: Callable[[], None]) -> None:
    """Have `clear_memory` call `forget` too (a module's own in-memory facts)."""
    _FORGETTERS.append(forget)


def clear_memory() -> None:
    """Forget every fact held in memory (benchmarks time cold runs with it): what a new
    process would find, once this process' writers are done."""
    for cache in (_MEMORY, *_open.values()):
        cache.forget_memory()
    for folder in list(_WRITERS):
        wait_for_writers(folder)
    for forget in _FORGETTERS:
        forget()
