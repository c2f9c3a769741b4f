"""Which writers exist: the built-in ones, and those other packages register.

A package adds a target by declaring an entry point in the `moocforge.writers` group whose
value is a `Writer` object (see `moocforge.writers.Writer`):

```toml
[project.entry-points."moocforge.writers"]
scorm = "moocforge_scorm:WRITER"
```
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

from moocforge.settings import Settings
from moocforge.writers import Writer

ENTRY_POINT_GROUP = "moocforge.writers"
BUILTIN = {
    "olx": "moocforge.writers.olx:WRITER",
    "coursera": "moocforge.writers.coursera:WRITER",
    "site": "moocforge.writers.site:WRITER",
}


def _load(spec: str) -> Writer:
    module, _, attribute = spec.partition(":")
    found: Writer = getattr(importlib.import_module(module), attribute)
    return found


@cache
def writers() -> dict[str, Writer]:
    """Every available writer by name, built-in ones first."""
    found = {name: _load(spec) for name, spec in BUILTIN.items()}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name not in found:
            found[point.name] = point.load()
    return found


def writer(name: str) -> Writer | None:
    return writers().get(name)


def writer_names() -> list[str]:
    return list(writers())


def settings_classes() -> dict[str, type[Settings]]:
    """`targets.<name>` section → its settings class, for every writer."""
    return {name: w.settings for name, w in writers().items()}
