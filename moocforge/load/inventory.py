"""The files under a course's roots (with their sizes), walked once per load, so rules
such as unused-asset and asset-size never walk the disk themselves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from moocforge.load.sources import CourseSources
from moocforge.model import source_key


def inventory(src: CourseSources) -> Mapping[str, int]:
    """Source key -> size in bytes, for every file under every root (hidden files and
    folders, build output and caches left out). The walk of each root is one fact a load
    looks at (`CourseSources.look`), so a reused load walks again and compares."""
    found: dict[str, int] = {}
    for name, root in src.roots.items():
        tree = cast(dict[str, int], src.look("tree", str(root)))
        if name:
            found.update((source_key(name, rel), size) for rel, size in tree.items())
        else:
            found.update(tree)
    return found
