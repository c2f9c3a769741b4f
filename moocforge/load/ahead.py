"""Reading weeks ahead in a forked worker, on the second core, while the load reads the
others.

A cold load of a large course is mostly the reading of its weeks, each independent of the
others except for the ids they claim. A week's reading is already a self-contained record
(`load.reuse.WeekReading`: the model, what it looked at, the ids it claimed, the
diagnostics it raised), which a later load replays instead of reading the week. So the
load forks one worker that reads the last weeks to be read, each in order, in its copy of
the load's state, and sends their readings back (with the facts it computed for the cache,
already pickled); the load reads the first weeks itself, then replays the worker's
readings in order, exactly as it replays stored ones: an id that one of its own weeks
claimed first makes the claim answer differently and that week is read again here. The
load therefore gives what a load in one process gives (a test loads both ways).

The worker is only worth its start-up and the pickling of its readings for a sizeable
course (`MIN_BYTES` of week.yml to read), is never started with other threads running (a
lock one of them holds would stay held in the child) or on one core, and anything that
goes wrong in it (a crash, a loader bug) makes the load read those weeks itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from moocforge import cache
from moocforge.process import cpu_count

# The week.yml bytes of the weeks to read below which one process reads them all: about
# 600 items (0.2 s of reading); fewer gain less than the worker's start (a fork of a large
# process), the pickling of its readings and their unpickling here cost.
MIN_BYTES = 60_000

Job = tuple[bytes, Callable[[], object]]  # a week's key, and its reading


@dataclass
class Worker:
    """The forked worker reading some weeks: `results()` waits for their readings,
    `finish()` takes the facts it computed for the cache (sent after the readings, so
    that pickling them does not keep the load waiting)."""

    pid: int
    pipe: int
    store: cache.Cache
    writes_facts: bool  # into the store itself; else sent after the readings
    readings: dict[bytes, object] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def results(self) -> dict[bytes, object]:
        """The readings by week key ({} when the worker failed: the load reads them)."""
        with self._lock:
            if self.readings is None:
                self.readings = self._readings()
            return self.readings

    def _readings(self) -> dict[bytes, object]:
        try:
            readings, counts = pickle.loads(_message(self.pipe))
        except Exception:  # a crash, a truncated or foreign payload: the load reads them
            self._stop()
            return {}
        self.store.adopt({}, counts)
        return dict(readings)

    def finish(self) -> None:
        """Take the worker's facts into the cache (when its readings were taken and it
        sends them), and let it go: a worker that writes its facts into the store itself
        is waited for as the cache's writers are (`cache.wait_for_writers`)."""
        with self._lock:
            if self.readings is None:  # not wanted (the load failed): stopped at once
                self.readings = {}
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            elif self.pipe >= 0 and self.writes_facts and self.store.folder is not None:
                os.close(self.pipe)
                self.pipe = -1
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
    """Fork a worker that runs `jobs` in order and sends back their results by key; None
    when it cannot be started."""
    store = cache.active()
    identity = store.store_identity()
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the worker: never returns
        os.close(read)
        _work(jobs, store, write, identity)
    os.close(write)
    return Worker(pid, read, store, writes_facts=identity is not None)


def _work(jobs: list[Job], store: cache.Cache, pipe: int,
          identity: tuple[int, int] | None) -> None:
    """Read the weeks, send their readings, then store the facts found meanwhile: into
    the store the load has open (`identity`), else sent to the load."""
    status = 1
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        store.collect_for_parent()
        readings = [(key, reading()) for key, reading in jobs]
        _send(pipe, pickle.dumps((readings, store.counts), pickle.HIGHEST_PROTOCOL))
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


def _send(pipe: int, payload: bytes) -> None:
    view = memoryview(len(payload).to_bytes(8, "little") + payload)
    while view:
        view = view[os.write(pipe, view):]
