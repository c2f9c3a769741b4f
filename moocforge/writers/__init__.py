"""One writer per output format, each reading only the course model (like Sphinx builders).

A writer module exposes `TARGET` (its name), `DESCRIPTION` and
`write(course, out_dir, options) -> list[Diagnostic]`, where `out_dir` is
`<out>/<course-id>/<target>` and the returned diagnostics include its loss report.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

TARGETS: dict[str, str] = {
    "olx": "moocforge.writers.olx",
    "coursera": "moocforge.writers.coursera",
    "site": "moocforge.writers.site",
}


@dataclass(frozen=True)
class WriterOptions:
    """Options the CLI passes to every writer; writers ignore what they do not use."""

    profile: str = ""  # e.g. "edx" or "fun" for olx
    languages: tuple[str, ...] = ()  # empty = every course language
    keep_dir: bool = False
    preview: bool = False  # site: show lint diagnostics in pages
    answers: bool = True  # site: include answer keys
    lint: tuple = ()  # diagnostics to show in preview pages
    extra: dict = field(default_factory=dict)


def writer(target: str) -> ModuleType | None:
    """The writer module for `target`, or None when it is not available in this install."""
    name = TARGETS.get(target)
    if name is None:
        return None
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError:
        return None
    return module if hasattr(module, "write") else None


def available_targets() -> list[str]:
    return [t for t in TARGETS if writer(t) is not None]


def target_dir(out: Path, course_id: str, target: str) -> Path:
    return out / course_id / target
