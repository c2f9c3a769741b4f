"""Reading headings form an outline: one title, no skipped levels.

**Why.** Screen-reader users move through a page by its headings (WCAG 2.1 success criteria
1.3.1 "info and relationships" and 2.4.6 "headings and labels"); a jump from `##` to `####`
or a second `#` title breaks that outline. Coursera's layout for readings is an H1 title
and H2 sections (platforms.md, section 1.3).

**What it checks.** In every reading (each language): at most one level-1 heading, and
it is the first heading (with `single_title`); no heading more than one level deeper than
the heading before it.

**Options:**

- `single_title: true` — at most one `#` heading, first.

**Passes:**

```markdown
# Pointers
## What a pointer holds
### An example
## Pointer arithmetic
```

**Fails:**

```markdown
# Pointers
### An example        (skips level 2)
# Arithmetic          (a second title)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Document
from moocforge.rules._common import Finding, Options
from moocforge.rules._markdown import documents

CODE = "MF303"
NAME = "heading-order"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"single_title": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    pages = {f: item.id for item in course.items if item.kind == "reading"
             for f in item.files.values()}
    for doc in documents(course):
        if doc.anchor is None and doc.file in pages:
            yield from _outline(doc, pages[doc.file], options)


def _outline(doc: Document, item_id: str, options: Options) -> Iterator[Diagnostic]:
    previous = 0
    for index, heading in enumerate(doc.headings):
        loc = doc.loc(heading.line, 1)
        if options["single_title"] and heading.level == 1 and index > 0:
            yield finding(options, msg("second level-1 heading '{text}' (a reading has one title)",
                                       text=heading.text),
                          loc, hint=msg("make it a `##` section"), item=item_id)
        elif previous and heading.level > previous + 1:
            yield finding(options, msg("heading '{text}' jumps from level {previous} to {level}",
                                       text=heading.text, previous=previous,
                                       level=heading.level), loc,
                          hint=msg("use {value} here", value='#' * (previous + 1)), item=item_id)
        previous = heading.level
