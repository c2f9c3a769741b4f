"""The application layer: what the CLI, the preview server and the grader service share.

- `load(course_dir)`: sources → model, media facts, settings checked (`moocforge.app.loading`);
- `lint(loaded, …)`: the rules, optionally learner statistics and exercise runs;
- `build(loaded, targets, out, …)`: every requested writer, staged, swapped in all or nothing;
- `preview` (the live preview server) and `check` (exercises in the sandbox).

Commands parse options and call these; nothing here prints. Each is imported when first
used (`moocforge validate` loads a course without importing the writers).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moocforge.app.building import BuildReport, build
    from moocforge.app.linting import lint
    from moocforge.app.loading import load, load_exercise

_MODULES = {"BuildReport": "building", "build": "building", "lint": "linting",
            "load": "loading", "load_exercise": "loading"}

__all__ = ["BuildReport", "build", "lint", "load", "load_exercise"]


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value
