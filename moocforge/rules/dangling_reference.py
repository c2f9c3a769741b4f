"""Links and images in Markdown point at files that exist in the course.

**Why.** The loader checks every path written in YAML, but paths inside Markdown (images,
links to a PDF or to another reading, `<img>`, `<video>`, `<source>` tags) are only text:
a typo becomes a broken image on every platform. Paths that leave the course folder or are
site-absolute (`/static/x.png`) work in one target at best.

**What it checks.** In every Markdown file and in Markdown held in quiz, peer and discussion
texts: every relative link or image target (query and `#fragment` removed, `%20` decoded)
resolved against the folder of the file that names it must exist inside the course folder.
External URLs (`https:`, `mailto:`…) and in-page anchors (`#section`) are not checked.

**Options:**

- `allow_absolute: false` — accept site-absolute paths (`/static/…`) without checking them.

**Passes:**

```markdown
![Memory layout of an array](img/array.png)      <!-- weeks/01/img/array.png exists -->
```

**Fails:**

```markdown
![Memory layout of an array](img/aray.png)       <!-- no such file -->
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options
from moocforge.rules._markdown import documents

CODE = "MF400"
NAME = "dangling-reference"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {"allow_absolute": False}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for doc in documents(course):
        for ref in doc.refs:
            loc = doc.loc(ref.line, ref.col)
            what = "image" if ref.kind == "image" else "link"
            if ref.status == "absolute":
                if not options["allow_absolute"]:
                    yield finding(options, msg("{what} '{target}' is a site-absolute path",
                                               what=what, target=ref.target),
                                  loc, hint=msg("write the path relative to this file; moocforge "
                                                "rewrites it for every target"), item=doc.item)
            elif ref.status == "outside":
                yield finding(options, msg("{what} '{target}' leaves the course folder", what=what,
                                           target=ref.target), loc,
                              hint=msg("copy the file into the course"), item=doc.item)
            elif ref.status == "missing":
                yield finding(options, msg("{what} '{target}' points to a missing file ({path})",
                                           what=what, target=ref.target,
                                           path=ref.path),
                              loc, hint=msg("check the spelling and the folder: "
                                                             "paths are relative to the file "
                                                             "that names them"), item=doc.item)
