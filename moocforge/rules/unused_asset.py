"""Every file in the course's asset folders is used.

**Why.** Forgotten images, old cuts of videos and draft PDFs bloat the repository and the
packages, and often mean that a page points at the wrong version of a file.

**What it checks.** Every file under a folder named in `folders` (at any depth of the
course: `media/`, `weeks/01/img/`…) is referenced by the course: named in YAML (videos,
transcripts, scripts, images…), by a Markdown link or image, or recorded in media.lock.
Hidden files and files matching `ignore` are skipped.

**Options:**

- `folders: [media, assets, images, img, static, files]` — folder names holding assets.
- `ignore: ['README*', '*.lock', '*.md']` — file name patterns never reported.

**Passes:**

```text
weeks/01/img/array.png      referenced by weeks/01/arrays.md
```

**Fails:**

```text
weeks/01/img/array-old.png  referenced by nothing
```
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import PurePosixPath

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Loc
from moocforge.rules._common import Finding
from moocforge.rules._markdown import local_refs

CODE = ID = "MF401"
NAME = "unused-asset"
DEFAULT_SEVERITY = "warning"
DEFAULTS: dict[str, object] = {"folders": ["media", "assets", "images", "img", "static",
                                           "files"],
                               "ignore": ["README*", "*.lock", "*.md"]}
_SKIP_DIRS = {"build", "node_modules", "__pycache__"}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def referenced(course: Course) -> set[str]:
    """Every course-relative file the course uses: YAML, Markdown and media.lock."""
    return set(course.files) | local_refs(course) | _locked(course)


def _locked(course: Course) -> set[str]:
    lock = course.root / "media.lock"
    if not lock.is_file():
        return set()
    import yaml

    try:
        data = yaml.safe_load(lock.read_text("utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return set()
    videos = data.get("videos") if isinstance(data, dict) else None
    return {str(k) for k in videos} if isinstance(videos, dict) else set()


def asset_files(course: Course, folders: set[str]) -> Iterator[str]:
    root = str(course.root)
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        rel_dir = os.path.relpath(current, root).replace(os.sep, "/")
        parts = () if rel_dir == "." else PurePosixPath(rel_dir).parts
        if not folders & set(parts):
            continue
        for name in sorted(files):
            if not name.startswith("."):
                yield f"{rel_dir}/{name}" if parts else name


def check(course: Course, options: dict) -> Iterator[Diagnostic]:
    folders = set(options["folders"])
    patterns = list(options["ignore"])
    used = referenced(course)
    for rel in asset_files(course, folders):
        name = PurePosixPath(rel).name
        if rel in used or any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        yield finding(options, f"{rel} is not used by the course", Loc(rel),
                      hint="delete it, or reference it from an item or a Markdown page")
