"""Static files are small enough to upload.

**Why.** Open edX Studio refuses files over its `MAX_ASSET_UPLOAD_FILE_SIZE_IN_MB` setting
(10 MB on FUN-MOOC, openfun/openedx-docker); big PDFs and images also make pages slow on
the mobile connections many MOOC learners have. Videos are not concerned: they go to a
video host.

**What it checks.** Every file the course references (in YAML or Markdown), except video
files, is at most `max_mb` megabytes (MB, 10^6 bytes, as Studio counts them). The `edx` and
`fun` profiles set the platforms' limit (`moocforge.platforms`).

**Options:**

- `max_mb: 20` — largest static file, in MB.
- `video_extensions: [mp4, webm, mov, m4v, mkv, avi]` — files not checked.

**Passes:**

```text
weeks/01/files/cheatsheet.pdf     400 KiB
```

**Fails:**

```text
weeks/01/files/scan.pdf           38 MB
```
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc
from moocforge.platforms import MB
from moocforge.rules._common import Finding, Options
from moocforge.rules.unused_asset import referenced

CODE = "MF404"
NAME = "asset-size"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"max_mb": 20,
                               "video_extensions": ["mp4", "webm", "mov", "m4v", "mkv", "avi"]}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    limit = float(options["max_mb"]) * MB
    videos = {f".{e.lower()}" for e in options["video_extensions"]}
    for rel in sorted(referenced(course)):
        size = course.inventory.get(rel)
        if size is None or size <= limit or rel.startswith(("/", "../")) or \
                PurePosixPath(rel).suffix.lower() in videos:
            continue
        yield finding(options, msg("{rel} is {value:.1f} MB, over the {max_mb} MB limit",
                                   rel=rel, value=size / MB,
                                   max_mb=options['max_mb']), Loc.of(rel),
                      hint=msg("compress it, or host it elsewhere and link to it"))
