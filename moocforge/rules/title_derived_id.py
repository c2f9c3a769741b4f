"""Every lesson has an explicit `id:` (its id does not follow its title).

**Why.** Open edX matches a re-imported course to the one on the platform by url_names:
a lesson without `id:` takes its id from its title, so fixing a typo in the title renames
the subsection, and Studio creates a new one, losing learners' progress and the analytics
joins on the old id. Week ids come from the folder name and item ids from the file name,
which a title change leaves alone.

**What it checks.** Every lesson of week.yml without `id:` (the id it was given, from
its title, is in the message: write that one to keep the platform's subsection).

**Options:** none.

**Passes:**

```yaml
lessons:
  - {id: hello, title: {fr: Bonjour, en: Hello}, items: [{reading: hello.md}]}
```

**Fails:**

```yaml
lessons:
  - {title: {fr: Bonjour, en: Hello}, items: [{reading: hello.md}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options

CODE = "MF405"
NAME = "title-derived-id"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "week"  # findings depend on one week alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for week in course.weeks:
        for lesson in week.lessons:
            if lesson.id_from_title:
                yield finding(options, msg("lesson '{default}' has no id: it is '{id}', from its "
                                           "title, and changes with it",
                                           default=lesson.title.default, id=lesson.id),
                              lesson.loc, hint=msg("add `id: {id}` to the lesson", id=lesson.id))
