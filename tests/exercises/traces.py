"""What a box may leave behind, for one grader process only (other engineers grade too).

A grader's sandboxes run as uids derived from its pid and keep their folders under
`/tmp/moocforge-ex-<pid>-*`, so the traces of this test process (or of a `moocforge grade`
child, by its pid) can be told from everybody else's.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from moocforge.exercises import isolation

UID_BASE = 1_000_000
SHARED_PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")


def uid_range(pid: int | None = None) -> range:
    first = UID_BASE + ((os.getpid() if pid is None else pid) % 4_194_304) * 64
    return range(first, first + 64)


def _status(pid: str) -> dict[str, list[str]]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {k: v.split() for k, _, v in (line.partition(":") for line in text.splitlines())}


def _table() -> dict[int, dict[str, list[str]]]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            status = _status(entry)
            if status.get("Uid") and status.get("PPid"):
                table[int(entry)] = status
    return table


def _descends_from(pid: int, ancestor: int, table: dict) -> bool:
    seen = set()
    while pid in table and pid not in seen:
        seen.add(pid)
        pid = int(table[pid]["PPid"][0])
        if pid == ancestor:
            return True
    return False


def box_processes(grader: int | None = None) -> list[int]:
    """Live processes of a grader's sandboxes: by uid, or in a PID namespace below it."""
    grader = os.getpid() if grader is None else grader
    mine = uid_range(grader)
    table = _table()
    return [pid for pid, status in table.items()
            if int(status["Uid"][0]) in mine
            or (len(status.get("NSpid", [])) > 1 and _descends_from(pid, grader, table))]


def processes_named(name: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == name:
                found.append(int(entry))
        except OSError:
            continue
    return found


def sandbox_folders(grader: int | None = None) -> list[str]:
    """Sandbox folders of `grader`, or of any grader when the prefix has no pid (old code)."""
    grader = os.getpid() if grader is None else grader
    prefixes = (f"moocforge-ex-{grader}-",)
    return sorted(p for p in os.listdir(tempfile.gettempdir()) if p.startswith(prefixes))


def box_cgroups() -> list[str]:
    hierarchy = getattr(isolation(), "hierarchy", None)
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


def files_of_boxes(grader: int | None = None) -> list[str]:
    """Files in the shared temporary places owned by one of a grader's sandbox uids."""
    mine = uid_range(grader)
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


def leftovers(grader: int | None = None) -> dict[str, list]:
    """Everything a grader's sandboxes left, by kind; {} when nothing."""
    found = {"processes": box_processes(grader), "folders": sandbox_folders(grader),
             "cgroups": box_cgroups() if grader is None else [],
             "files": files_of_boxes(grader) if os.geteuid() == 0 else []}
    return {kind: items for kind, items in found.items() if items}


def _rss_bytes(pid: int) -> int:
    rss = _status(str(pid)).get("VmRSS")
    return int(rss[0]) * 1024 if rss else 0


def _shm_used() -> int:
    stats = os.statvfs("/dev/shm")
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


class Watcher:
    """While grading: the most memory the boxes' processes held at once, /dev/shm's growth."""

    def __init__(self, interval_s: float = 0.02) -> None:
        self.interval_s = interval_s
        self.peak_rss = 0
        self.shm_before = _shm_used()
        self.shm_growth = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            total = sum(_rss_bytes(pid) for pid in box_processes())
            self.peak_rss = max(self.peak_rss, total)
            self.shm_growth = max(self.shm_growth, _shm_used() - self.shm_before)
            time.sleep(self.interval_s)
