"""What a box may leave behind, for this test process only (other engineers grade too)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from moocforge.exercises.namespaces import isolation
from moocforge.exercises.sandbox import WORKDIR_PREFIX, processes, uid_range

SHARED_PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")


def _ancestors(pid: int, parents: dict[int, int]) -> set[int]:
    seen: set[int] = set()
    while pid in parents and pid not in seen:
        seen.add(pid)
        pid = parents[pid]
    return seen


def box_processes() -> list[int]:
    """Processes of our sandboxes: their uids, or anything in a PID namespace below us."""
    mine = uid_range()
    everything = processes()
    parents = {p.pid: p.ppid for p in everything}
    me = os.getpid()
    return [p.pid for p in everything
            if p.uid in mine or (p.nested and me in _ancestors(p.ppid, parents))]


def sandbox_folders() -> list[str]:
    prefix = f"{WORKDIR_PREFIX}{os.getpid()}-"
    return sorted(p for p in os.listdir(tempfile.gettempdir()) if p.startswith(prefix))


def box_cgroups() -> list[str]:
    hierarchy = isolation().hierarchy
    if hierarchy is None:
        return []
    return sorted(str(g) for parent in set(hierarchy.parents.values())
                  for g in parent.glob("box-*"))


def ipc_objects() -> set[str]:
    """SysV shared memory, semaphore sets and message queues of the host's IPC namespace."""
    found = set()
    for kind in ("shm", "sem", "msg"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        found.update(f"{kind} {' '.join(line.split()[:2])}" for line in lines)
    return found


def files_of_boxes() -> list[str]:
    """Files in the shared temporary places owned by one of our sandboxes' uids."""
    mine = uid_range()
    found = []
    for place in SHARED_PLACES:
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid in mine:
                    found.append(entry.path)
            except OSError:
                continue
    return sorted(found)


def leftovers() -> dict[str, list]:
    """Everything our sandboxes left, by kind; {} when nothing."""
    found = {"processes": box_processes(), "folders": sandbox_folders(),
             "cgroups": box_cgroups(), "files": files_of_boxes() if os.geteuid() == 0 else []}
    return {kind: items for kind, items in found.items() if items}
