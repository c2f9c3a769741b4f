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
from collections.abc import Iterator
from pathlib import PurePosixPath

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc
from moocforge.rules._common import Finding, Options
from moocforge.rules._markdown import local_refs

CODE = "MF401"
NAME = "unused-asset"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"folders": ["media", "assets", "images", "img", "static",
                                           "files"],
                               "ignore": ["README*", "*.lock", "*.md"]}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def referenced(course: Course) -> set[str]:
    """Every source file the course uses: YAML, Markdown links and images, media.lock."""
    return set(course.files) | local_refs(course) | set(course.locked_media)


def asset_files(course: Course, folders: set[str]) -> Iterator[str]:
    """Files of the course folder under a folder named in `folders` (at any depth)."""
    for rel in sorted(course.inventory):  # keys: normalised POSIX paths
        if not rel.startswith("@") and not folders.isdisjoint(rel.split("/")[:-1]):
            yield rel


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    folders = set(options["folders"])
    patterns = list(options["ignore"])
    used = referenced(course)
    for rel in asset_files(course, folders):
        name = PurePosixPath(rel).name
        if rel in used or any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        yield finding(options, msg("{rel} is not used by the course", rel=rel), Loc(rel),
                      hint=msg("delete it, or reference it from an item or a Markdown page"))
