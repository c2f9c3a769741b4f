"""How moocforge's processes behave: children that never outlive the build that started
them, the worker count, and bursts of allocation without cycle collections.

A build killed by a timeout (SIGTERM, or SIGKILL) must not leave mkdocs processes or pool
workers running. Children are started with the kernel's parent-death signal set to SIGKILL
(`prctl(PR_SET_PDEATHSIG)`): through util-linux `setpriv --pdeathsig` for commands, and
`die_with_parent` as the initializer of process pools.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Sequence

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass


def bound_to_parent(argv: Sequence[str]) -> list[str]:
    """`argv` run so that it dies with the thread that starts it (when setpriv exists)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or not sys.platform.startswith("linux"):
        return list(argv)
    return [setpriv, "--pdeathsig", "KILL", "--", *argv]


def pool_worker_init() -> None:
    """Initializer of forked pool workers: die with the build, and take termination signals
    the default way (not the build's clean-up handlers, which belong to the parent)."""
    die_with_parent()
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def alive(pid: int) -> bool:
    """Whether process `pid` exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def left_behind(owner: str) -> bool:
    """Whether what a process named after itself (`owner`: its pid as text) may be removed:
    the process is this one or gone, or the name holds no pid."""
    return not owner.isdigit() or int(owner) == os.getpid() or not alive(int(owner))


def cpu_count() -> int:
    """The worker processes to start: `MOOCFORGE_JOBS` when set, else the cores this process
    may run on."""
    wanted = os.environ.get("MOOCFORGE_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block (reference counting still
    frees everything that is not a cycle). Loading a course or running the rules allocates
    tens of thousands of long-lived objects; each generation-2 collection would walk all of
    them again (half of a warm load's time, the super-linear part of lint's). What the block
    leaves as cyclic garbage is collected by the first collection after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def with_cycle_collection() -> Iterator[None]:
    """The collector running inside the block, even within `without_cycle_collection`: for
    work whose garbage is cycles (mkdocs' Markdown converters, one per page), which would
    otherwise pile up until the next collection."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
