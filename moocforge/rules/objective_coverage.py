"""Every learning objective is assessed.

**Why.** Constructive alignment: an objective that no activity assesses is a promise the
course does not check, and an assessment tied to no objective is hard to justify. Objectives
that items name but no week declares are already errors of the loader (MF023).

**What it checks.** Every objective declared in a week's `objectives:` is named by at least
one assessed item (by default a quiz, an exercise or a peer assessment; with `graded_only`,
a graded one) anywhere in the course. With `require_week_objectives`, every week declares
at least one objective.

**Options:**

- `kinds: [quiz, exercise, peer]` — item kinds that count as assessing.
- `graded_only: false` — only graded items count.
- `require_week_objectives: true` — each week declares objectives.

**Passes:**

```yaml
objectives: [{id: compile, text: Compile a program}]
lessons:
  - title: Hello
    items: [{quiz: q.yml, objectives: [compile]}]
```

**Fails:**

```yaml
objectives: [{id: compile, text: Compile a program}]
lessons:
  - title: Hello
    items: [{video: hello.mp4, title: Hello, objectives: [compile]}]   # not assessed
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options

CODE = "MF203"
NAME = "objective-coverage"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"kinds": ["quiz", "exercise", "peer"], "graded_only": False,
                               "require_week_objectives": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    kinds = set(options["kinds"])
    assessed = {objective for item in course.items
                if item.kind in kinds and (item.graded or not options["graded_only"])
                for objective in item.objectives}
    for week in course.weeks:
        if options["require_week_objectives"] and not week.objectives:
            yield finding(options, msg("week {number} ({id}) declares no learning objectives",
                                       number=week.number, id=week.id), week.loc,
                          hint=msg("add `objectives: [{{id, text}}]` saying what learners will "
                                   "be able to do"))
        for objective in week.objectives:
            if objective.id not in assessed:
                yield finding(options, msg("objective '{id}' is not assessed by any "
                                           "{value}{kinds} item", id=objective.id,
                                           value='graded ' if options['graded_only'] else '',
                                           kinds='/'.join(sorted(kinds))), objective.loc,
                              hint=msg("add `objectives: [{id}]` to a quiz or exercise that "
                                       "checks it", id=objective.id))
