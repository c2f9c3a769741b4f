"""Per-box cgroups: where they go, their limits, and cleaning up after a dead grader."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from moocforge.exercises import cgroups, isolation

MOUNTINFO = """\
25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 /docker/abc /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
"""


def test_cgroup_mounts_are_read_from_mountinfo(tmp_path, monkeypatch):
    info = tmp_path / "mountinfo"
    info.write_text(MOUNTINFO)
    monkeypatch.setattr(cgroups, "_MOUNTINFO", info)
    mounts = cgroups._mounts()
    assert [(root, point, kind) for root, point, kind, _ in mounts] == [
        ("/", "/sys/fs/cgroup/memory", "cgroup"),
        ("/docker/abc", "/sys/fs/cgroup/pids", "cgroup"),
        ("/", "/sys/fs/cgroup/unified", "cgroup2")]
    assert "memory" in mounts[0][3] and "nsdelegate" in mounts[2][3]


def test_a_group_is_found_under_a_mount_of_part_of_the_hierarchy():
    assert cgroups._inside("/m", "/", "/a/b") == Path("/m/a/b")
    assert cgroups._inside("/m", "/docker/abc", "/docker/abc/grader") == Path("/m/grader")
    assert cgroups._inside("/m", "/docker/abc", "/docker/abc") == Path("/m")
    assert cgroups._inside("/m", "/docker/abc", "/docker/abcd") is None


needs_cgroup = pytest.mark.skipif(isolation().hierarchy is None,
                                  reason="no writable cgroup here")


@needs_cgroup
def test_a_box_group_has_its_limits_and_is_removed_with_its_processes():
    hierarchy = isolation().hierarchy
    group = cgroups.BoxGroup(hierarchy, cgroups.TreeLimits(48 << 20, 5))
    folders = set(group.groups.values())
    if "memory" in group.groups:
        memory = group.groups["memory"]
        limit = "memory.max" if hierarchy.version == 2 else "memory.limit_in_bytes"
        assert int((memory / limit).read_text()) == 48 << 20
    if "pids" in group.groups:
        assert (group.groups["pids"] / "pids.max").read_text().strip() == "5"
    join = f'for p in {" ".join(str(f) for f in group.procs_files)}; do echo $$ > $p; done'
    sleeper = subprocess.Popen(["sh", "-c", f"{join}; exec sleep 60"])
    try:
        deadline = time.monotonic() + 10
        while len(group.pids()) < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert group.pids() == [sleeper.pid]
        assert group.remove()
        assert sleeper.wait(timeout=10) == -9
    finally:
        sleeper.kill()
    assert not any(f.exists() for f in folders)


@needs_cgroup
def test_the_groups_of_a_dead_grader_are_removed_by_the_next():
    dead = subprocess.Popen(["true"])
    dead.wait()
    parents = set(isolation().hierarchy.parents.values())
    stale = [p.parent / f"moocforge-{dead.pid}" for p in parents]
    for folder in stale:
        (folder / "box-1").mkdir(parents=True)
    for folder in stale:
        cgroups._remove_stale(folder.parent)
    assert not any(f.exists() for f in stale)
