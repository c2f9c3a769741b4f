"""Reading weeks ahead in a forked worker, on the second core, while the load reads the
others.

A cold load of a large course is mostly the reading of its weeks, each independent of the
others except for the ids they claim. A week's reading is already a self-contained record
(`load.reuse.WeekReading`: the model, what it looked at, the ids it claimed, the
diagnostics it raised), which a later load replays instead of reading the week. So the
load forks one worker that reads the weeks to be read from the last one backwards, in its
copy of the load's state, while the load reads them from the first one on, until the two
meet (each takes its next week under a lock shared with the other: whichever runs faster
on a shared machine reads more). The worker hands each reading over as soon as it is made
(pickled into a memory file shared with the load, announced by a short message on a pipe),
and the load takes those already there between two of its own weeks and while it waits for
the last one: unpickling them is part of the time both spend reading, not added after it.
Then the worker writes the facts it computed into the cache's store; the load replays the
worker's readings in order,
exactly as it replays stored ones: an id that one of its own weeks claimed first makes the
claim answer differently and that week is read again here. The load therefore gives what
a load in one process gives (a test loads both ways).

The worker is only worth its start-up and the pickling of its readings for a sizeable
course (`MIN_BYTES` of week.yml to read), is never started with other threads running (a
lock one of them holds would stay held in the child) or on one core, and anything that
goes wrong in it (a crash, a loader bug) makes the load read those weeks itself.
"""

from __future__ import annotations

import contextlib
import mmap
import multiprocessing
import os
import pickle
import select
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.synchronize import Lock

from moocforge import cache
from moocforge.process import cpu_count

# The week.yml bytes of the weeks to read below which one process reads them all: about
# 600 items (0.2 s of reading); fewer gain less than the worker's start (a fork of a large
# process), the pickling of its readings and their unpickling here cost.
MIN_BYTES = 60_000

Job = tuple[bytes, Callable[[], object]]  # a week's key, and its reading


@dataclass
class Worker:
    """The forked worker reading some weeks: `reading(key)` gives one of its readings
    (waiting for it if need be), `finish()` takes the facts it computed for the cache
    (sent after the readings, so that pickling them does not keep the load waiting)."""

    pid: int
    pipe: int
    memory: int  # the memory file the worker's readings are pickled into
    store: cache.Cache
    writes_facts: bool  # into the store itself; else sent after the readings
    split: Split
    readings: dict[bytes, object] = field(default_factory=dict)
    done: bool = False  # the worker sent every reading it will send (or failed)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, index: int) -> bool:
        """Whether this process reads job `index` itself (the worker has not taken it);
        the readings the worker handed over meanwhile are taken first."""
        with self._lock:
            self._take(block=False)
        return self.split.take_front(index)

    def handed_over(self, key: bytes) -> bool:
        """Whether the reading of `key` is here (or will never come): no waiting for it."""
        with self._lock:
            self._take(block=False)
            return key in self.readings or self.done

    def reading(self, key: bytes) -> object | None:
        """The worker's reading of week `key` (None when it failed: the load reads it)."""
        with self._lock:
            while key not in self.readings and not self.done:
                self._take(block=True)
            return self.readings.get(key)

    def _take(self, *, block: bool) -> None:
        """Take the readings announced on the pipe (waiting for one more if `block`)."""
        try:
            while not self.done and (block or _readable(self.pipe)):
                block = False
                self._took(pickle.loads(_message(self.pipe)))
        except Exception:  # a crash, a truncated or foreign payload: the load reads them
            self.done = True
            self._stop()

    def _took(self, message: tuple[object, ...]) -> None:
        if message[0] == "end":
            self.done = True
            self.store.adopt({}, message[1])  # type: ignore[arg-type]
            return
        _, key, offset, size = message
        data = os.pread(self.memory, size, offset)  # type: ignore[arg-type]
        if len(data) != size:
            raise EOFError("a reading was cut short")
        self.readings[key] = pickle.loads(data)  # type: ignore[index]

    def finish(self) -> None:
        """Take the worker's facts into the cache (when its readings were all taken and it
        sends them), and let it go: a worker that writes its facts into the store itself
        is waited for as the cache's writers are (`cache.wait_for_writers`)."""
        with self._lock:
            with contextlib.suppress(OSError):
                os.close(self.memory)
            if not self.done:  # not wanted (the load failed) or cut short: stopped at once
                self.done = True
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            elif self.pipe >= 0 and self.writes_facts and self.store.folder is not None:
                os.close(self.pipe)
                self.pipe = -1
                self.store.written_by_child()
                cache.note_writer(self.store.folder, self.pid)
                return
            elif self.pipe >= 0:
                with contextlib.suppress(Exception):  # the facts are an optimisation
                    self.store.adopt(pickle.loads(_message(self.pipe)), {})
            self._stop()

    def _stop(self) -> None:
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
            _reaped(self.pid)


class Split:
    """Jobs 0 … n-1 shared by two processes: this one takes them from the front, the
    worker from the back, each under a lock (the state lives in memory both share)."""

    def __init__(self, jobs: int) -> None:
        self.memory = mmap.mmap(-1, 16)  # front (next for this process), back (worker's)
        self.lock: Lock = multiprocessing.get_context("fork").Lock()
        self._set(0, jobs)

    def _get(self) -> tuple[int, int]:
        return int.from_bytes(self.memory[:8], "little"), int.from_bytes(self.memory[8:],
                                                                          "little")

    def _set(self, front: int, back: int) -> None:
        self.memory[:] = front.to_bytes(8, "little") + back.to_bytes(8, "little")

    def take_front(self, index: int) -> bool:
        with self.lock:
            front, back = self._get()
            if index >= back:
                return False
            self._set(max(front, index + 1), back)
            return True

    def take_back(self) -> int | None:
        with self.lock:
            front, back = self._get()
            if back - 1 < front:
                return None
            self._set(front, back - 1)
            return back - 1


def _readable(pipe: int) -> bool:
    return bool(select.select([pipe], [], [], 0)[0])


def _message(pipe: int) -> bytes:
    """One length-prefixed message from the worker (EOFError when it stopped short)."""
    size = int.from_bytes(_exactly(pipe, 8), "little")
    return _exactly(pipe, size)


def _exactly(pipe: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(pipe, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the worker stopped")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reaped(pid: int) -> int:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return -1
    return status


def worth_forking(week_bytes: int) -> bool:
    return (week_bytes >= MIN_BYTES and hasattr(os, "fork") and cpu_count() > 1
            and threading.active_count() == 1)


def read_ahead(jobs: list[Job]) -> Worker | None:
    """Fork a worker that runs `jobs` from the last one backwards, those this process
    does not `claim` first, and hands over their results by key; None when it cannot be
    started."""
    store = cache.active()
    identity = store.store_identity()
    try:
        memory = _memory_file()
        split = Split(len(jobs))
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the worker: never returns
        os.close(read)
        _work(jobs, split, store, write, memory, identity)
    os.close(write)
    return Worker(pid, read, memory, store, identity is not None, split)


def _memory_file() -> int:
    """A file in memory both processes see (the worker writes its readings, the load reads
    them at the offsets it is told): writing there never waits for the reader, as a pipe
    full of a large reading would."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("moocforge-weeks", os.MFD_CLOEXEC)
    with tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())


def _work(jobs: list[Job], split: Split, store: cache.Cache, pipe: int, memory: int,
          identity: tuple[int, int] | None) -> None:
    """Read weeks from the back until this process meets the load, handing each reading
    over as it is made; then store the facts found meanwhile: into the store the load has
    open (`identity`), else sent to the load."""
    status = 1
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        store.collect_for_parent()
        offset = 0
        while (index := split.take_back()) is not None:
            key, reading = jobs[index]
            data = pickle.dumps(reading(), pickle.HIGHEST_PROTOCOL)
            _write_at(memory, data, offset)
            _send(pipe, pickle.dumps(("reading", key, offset, len(data))))
            offset += len(data)
        _send(pipe, pickle.dumps(("end", store.counts), pickle.HIGHEST_PROTOCOL))
        if identity is None:
            _send(pipe, pickle.dumps(store.collected(), pickle.HIGHEST_PROTOCOL))
        else:
            os.close(pipe)
            store.write_collected(identity)
        status = 0
    except BaseException:  # the parent reads these weeks itself
        pass
    finally:
        os._exit(status)


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _send(pipe: int, payload: bytes) -> None:
    view = memoryview(len(payload).to_bytes(8, "little") + payload)
    while view:
        view = view[os.write(pipe, view):]
