"""The files under a course's roots (with their sizes), walked once per load, so rules
such as unused-asset and asset-size never walk the disk themselves."""

from __future__ import annotations

import os
from collections.abc import Mapping

from moocforge.load.sources import CourseSources
from moocforge.model import source_key

SKIP_DIRS = frozenset({"build", "node_modules", "__pycache__"})


def inventory(src: CourseSources) -> Mapping[str, int]:
    """Source key -> size in bytes, for every file under every root (hidden files and
    folders, build output and caches left out)."""
    found: dict[str, int] = {}
    for name, root in src.roots.items():
        for current, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
            rel_dir = os.path.relpath(current, root).replace(os.sep, "/")
            for file in sorted(files):
                if file.startswith("."):
                    continue
                rel = file if rel_dir == "." else f"{rel_dir}/{file}"
                try:
                    found[source_key(name, rel)] = os.lstat(os.path.join(current, file)).st_size
                except OSError:
                    continue
    return found
