"""Every week has a formative and a summative activity.

**Why.** Practice without stakes (formative) and a graded check (summative) every week keep
learners on track; Coursera's vendor guide asks for at least one practice activity and one
knowledge check per module and one summative assessment per course (platforms.md, section 3).

**What it checks.** Each week holds at least one formative activity (an ungraded quiz, an
exercise, a peer assessment or a discussion) when `formative` is on, at least one graded
item when `summative` is on, and, when `knowledge_check` is on (Coursera profile), at
least one quiz.

**Options:**

- `formative: true` — require a formative activity.
- `summative: true` — require a graded item.
- `knowledge_check: false` — require a quiz (graded or not).

**Passes:**

```yaml
items: [{video: a.mp4, title: A}, {quiz: practice.yml}, {quiz: graded.yml, graded: true}]
```

**Fails:**

```yaml
items: [{video: a.mp4, title: A}, {reading: notes.md}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import Message, msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options, is_formative_activity

CODE = "MF201"
NAME = "weekly-assessment"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "week"  # findings depend on one week alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"formative": True, "summative": True, "knowledge_check": False}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for week in course.weeks:
        items = week.items
        missing = []
        if options["formative"] and not any(is_formative_activity(i) for i in items):
            missing.append(msg("a formative activity (practice quiz, exercise, peer, "
                               "discussion)"))
        if options["summative"] and not any(i.graded for i in items):
            missing.append(msg("a graded (summative) activity"))
        if options["knowledge_check"] and not any(i.kind == "quiz" for i in items):
            missing.append(msg("a knowledge-check quiz"))
        if missing:
            yield finding(options, msg("week {number} ({id}) lacks {missing}",
                                       number=week.number, id=week.id,
                                       missing=_and(missing)), week.loc,
                          hint=msg("learners need to practise and to check themselves every week"))


def _and(parts: list[Message]) -> Message:
    """`a and b and c`, in the reader's language."""
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("{first} and {second}", first=joined, second=part)
    return joined
