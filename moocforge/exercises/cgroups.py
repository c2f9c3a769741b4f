"""A cgroup per box: one memory and one process-count limit for the whole tree of a run.

RLIMIT_AS and RLIMIT_NPROC are per process (and per user); a cgroup bounds everything a run
starts, sanitizer and valgrind reruns included, counts memory a program hides in tmpfs, and
lists every process of the run so that they can all be killed.

- **cgroup v2** when a subtree with the memory and pids controllers can be made: under the
  grader's own cgroup when it is alone there (a delegated service), else under the root of
  the hierarchy (root on a systemd host).
- **cgroup v1** when the memory and/or pids hierarchies are mounted writable: box groups go
  under the grader's own group, so limits an administrator set on the grader still hold.
- nothing: `probe()` says why, and the sandbox falls back to rlimits.

Box groups live in `moocforge-<pid>` folders; those of a dead grader are removed by the next.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from moocforge.process import alive

CONTROLLERS = ("memory", "pids")
_PREFIX = "moocforge-"
_MOUNTINFO = Path("/proc/self/mountinfo")
_OWN_GROUPS = Path("/proc/self/cgroup")


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Where box groups are made: one parent folder per controller (the same one in v2)."""

    version: int
    parents: dict[str, Path]  # controller → folder holding the box groups

    @property
    def controllers(self) -> tuple[str, ...]:
        return tuple(c for c in CONTROLLERS if c in self.parents)


@dataclass(frozen=True, slots=True)
class TreeLimits:
    memory_bytes: int
    processes: int


@dataclass(frozen=True, slots=True)
class TreeUsage:
    oom_killed: bool  # the kernel killed a process of the box for memory
    processes_refused: bool  # a fork failed on the process limit
    memory_peak: int  # bytes; 0 when unknown
    processes_peak: int  # 0 when unknown


# --------------------------------------------------------------------------- probing


def _mounts() -> list[tuple[str, str, str, set[str]]]:
    """(root inside the hierarchy, mount point, fs type, super options) of cgroup mounts."""
    found = []
    try:
        lines = _MOUNTINFO.read_text().splitlines()
    except OSError:
        return []
    for line in lines:
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3 or not tail[0].startswith("cgroup"):
            continue
        found.append((fields[3], fields[4].replace("\\040", " "), tail[0],
                      set(tail[2].split(","))))
    return found


def _own_groups() -> dict[str, str]:
    """Controller (v1) or "" (v2) → the grader's group path."""
    groups = {}
    with contextlib.suppress(OSError):
        for line in _OWN_GROUPS.read_text().splitlines():
            _, names, path = line.split(":", 2)
            for name in names.split(",") if names else [""]:
                groups[name] = path
    return groups


def _inside(mount: str, mount_root: str, group: str) -> Path | None:
    """The folder of `group` under a mount whose root is `mount_root` in the hierarchy."""
    root = mount_root.rstrip("/")
    if group != root and not group.startswith(root + "/"):
        return None
    return Path(mount) / group[len(root):].lstrip("/")


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _words(path: Path) -> set[str]:
    try:
        return set(path.read_text().split())
    except OSError:
        return set()


def _enable(group: Path) -> bool:
    """Turn on the memory and pids controllers for `group`'s children (cgroup v2)."""
    wanted = set(CONTROLLERS)
    if wanted <= _words(group / "cgroup.subtree_control"):
        return True
    try:
        (group / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in CONTROLLERS))
    except OSError:
        return False
    return wanted <= _words(group / "cgroup.subtree_control")


def _alone_in(group: Path) -> bool:
    return _words(group / "cgroup.procs") == {str(os.getpid())}


def _v2_parent(mount: str, mount_root: str, own: str) -> tuple[Path | None, str]:
    mine = _inside(mount, mount_root, own)
    candidates = [p for p in (mine, Path(mount)) if p is not None]
    for group in dict.fromkeys(candidates):
        if not _writable(group) or not set(CONTROLLERS) <= _words(group / "cgroup.controllers"):
            continue
        # a group with processes cannot hand controllers down: only if we are alone in ours
        # can we move to a leaf of it and delegate the rest
        if not _enable(group) and not (group == mine and _alone_in(group)
                                       and _move_to_leaf(group)):
            continue
        parent = group / f"{_PREFIX}{os.getpid()}"
        with contextlib.suppress(OSError):
            parent.mkdir(exist_ok=True)
            if _enable(parent):
                return parent, ""
            parent.rmdir()
    return None, "cgroup v2 has no writable subtree with the memory and pids controllers"


def _move_to_leaf(group: Path) -> bool:
    leaf = group / f"{_PREFIX}grader-{os.getpid()}"
    try:
        leaf.mkdir(exist_ok=True)
        (leaf / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return False
    return _enable(group)


def _v1_parents(mounts: list, own: dict[str, str]) -> dict[str, Path]:
    parents: dict[str, Path] = {}
    for mount_root, point, fstype, options in mounts:
        if fstype != "cgroup":
            continue
        for controller in CONTROLLERS:
            if controller not in options or controller not in own:
                continue
            group = _inside(point, mount_root, own[controller])
            if group is None or not _writable(group):
                continue
            parent = group / f"{_PREFIX}{os.getpid()}"
            with contextlib.suppress(OSError):
                parent.mkdir(exist_ok=True)
                parents[controller] = parent
    return parents


def probe() -> tuple[Hierarchy | None, str]:
    """The hierarchy box groups go in, or None and the reason (for `isolation()`)."""
    mounts = _mounts()
    own = _own_groups()
    reasons = []
    unified = [m for m in mounts if m[2] == "cgroup2"]
    for mount_root, point, _, _ in unified:
        parent, why = _v2_parent(point, mount_root, own.get("", "/"))
        if parent is not None:
            return _adopt(Hierarchy(2, {c: parent for c in CONTROLLERS})), ""
        reasons.append(why)
    parents = _v1_parents(mounts, own)
    if parents:
        return _adopt(Hierarchy(1, parents)), ""
    if any(m[2] == "cgroup" for m in mounts):
        reasons.append("cgroup v1 memory/pids hierarchies are not writable here")
    return None, "; ".join(reasons) or "no cgroup file system is mounted"


def _adopt(hierarchy: Hierarchy) -> Hierarchy:
    for parent in set(hierarchy.parents.values()):
        _remove_stale(parent.parent)
    atexit.register(_remove_parents, hierarchy)
    return hierarchy


def _remove_stale(folder: Path) -> None:
    """Box groups left by a grader that died (killed before its exit handlers ran)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            owner = entry.name.removeprefix(_PREFIX).removeprefix("grader-")
            if not entry.name.startswith(_PREFIX) or not owner.isdigit() or \
                    alive(int(owner)):
                continue  # not ours, or a live grader's
            for box in [p for p in entry.iterdir() if p.is_dir()]:
                _empty_and_remove(box)
            with contextlib.suppress(OSError):
                entry.rmdir()  # a dead grader's leaf (cgroup v2) is empty: it goes too


def _remove_parents(hierarchy: Hierarchy) -> None:
    for parent in set(hierarchy.parents.values()):
        with contextlib.suppress(OSError):
            for box in [p for p in parent.iterdir() if p.is_dir()]:
                _empty_and_remove(box)
            parent.rmdir()


# --------------------------------------------------------------------------- one box


def _procs(group: Path) -> list[int]:
    return [int(x) for x in _words(group / "cgroup.procs") if x.isdigit()]


def _empty_and_remove(group: Path, patience_s: float = 5.0) -> bool:
    """SIGKILL everything in `group` until it is empty, then remove it."""
    deadline = time.monotonic() + patience_s
    if (group / "cgroup.kill").exists():
        with contextlib.suppress(OSError):
            (group / "cgroup.kill").write_text("1")
    while True:
        pids = _procs(group)
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        try:
            group.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002 if pids else 0.01)


def _counter(path: Path, key: str) -> int:
    """`key N` from a flat-keyed cgroup file (memory.events, pids.events, oom_control)."""
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key and value.strip().isdigit():
                return int(value)
    return 0


def _number(path: Path) -> int:
    try:
        text = path.read_text().strip()
    except OSError:
        return 0
    return int(text) if text.isdigit() else 0


_box_numbers = itertools.count(1)
_box_lock = threading.Lock()


class BoxGroup:
    """The cgroup(s) of one run: made with its limits, joined by the run, then removed."""

    def __init__(self, hierarchy: Hierarchy, limits: TreeLimits) -> None:
        self.hierarchy, self.limits = hierarchy, limits
        with _box_lock:
            name = f"box-{next(_box_numbers)}"
        self.groups = {c: p / name for c, p in hierarchy.parents.items()}
        for group in set(self.groups.values()):
            group.mkdir()
        try:
            self._set_limits()
        except OSError:
            self.remove()
            raise

    @property
    def procs_files(self) -> list[Path]:
        """The files the run writes its pid into (before it starts anything)."""
        return [g / "cgroup.procs" for g in dict.fromkeys(self.groups.values())]

    def _set_limits(self) -> None:
        memory, pids = self.groups.get("memory"), self.groups.get("pids")
        if memory is not None and self.hierarchy.version == 2:
            (memory / "memory.max").write_text(str(self.limits.memory_bytes))
            if (memory / "memory.swap.max").exists():
                (memory / "memory.swap.max").write_text("0")
        elif memory is not None:
            (memory / "memory.limit_in_bytes").write_text(str(self.limits.memory_bytes))
            if (memory / "memory.memsw.limit_in_bytes").exists():
                (memory / "memory.memsw.limit_in_bytes").write_text(
                    str(self.limits.memory_bytes))
        if pids is not None:
            (pids / "pids.max").write_text(str(self.limits.processes))

    def pids(self) -> list[int]:
        found: dict[int, None] = {}
        for group in dict.fromkeys(self.groups.values()):
            found.update(dict.fromkeys(_procs(group)))
        return list(found)

    def kill(self, spare: int | None = None) -> None:
        """SIGKILL every process of the box (but `spare`, our direct child, which then exits)."""
        for pid in self.pids():
            if pid != spare:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)

    def usage(self) -> TreeUsage:
        memory, pids = self.groups.get("memory"), self.groups.get("pids")
        oom = peak = 0
        if memory is not None and self.hierarchy.version == 2:
            oom = _counter(memory / "memory.events", "oom_kill")
            peak = _number(memory / "memory.peak")
        elif memory is not None:
            oom = _counter(memory / "memory.oom_control", "oom_kill")
            peak = _number(memory / "memory.max_usage_in_bytes")
        refused = _counter(pids / "pids.events", "max") if pids is not None else 0
        processes = _number(pids / "pids.peak") if pids is not None else 0
        return TreeUsage(oom > 0, refused > 0, peak, processes)

    def remove(self) -> bool:
        return all(_empty_and_remove(g) for g in dict.fromkeys(self.groups.values()))
