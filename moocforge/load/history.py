"""When each source file was last committed (one `git log`), for the translation check."""

from __future__ import annotations

import subprocess
from pathlib import Path


def commit_times(root: Path) -> dict[str, int]:
    """Course-relative path -> time of the last commit that touched it; {} outside git."""
    try:
        prefix = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-prefix"],
                                capture_output=True, text=True, timeout=30, check=True
                                ).stdout.strip()
        log = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%ct",
                              "--name-only", "--no-renames", "--", "."],
                             capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}  # not a git work tree, or no git: nothing to compare
    times: dict[str, int] = {}
    stamp = 0
    for line in log.splitlines():
        if line.startswith("\0"):
            stamp = int(line[1:] or 0)
        elif line.strip() and line.startswith(prefix):
            times.setdefault(line[len(prefix):], stamp)  # newest first: keep the first seen
    return times
