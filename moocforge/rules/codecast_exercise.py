"""A codecast's `exercise:` names an exercise of the course, in the codecast's language.

**Why.** A codecast linked to an exercise lets learners test their edited code against the
exercise's visible tests, with the teacher's feedback message for each failed test; a
misspelt id silently loses that, and tests of a Python exercise cannot judge C code.

**What it checks.** The `exercise:` of each codecast is the id of an exercise item of the
course (with a "did you mean"), and that exercise is in the codecast's language.

**Options:** none.

**Passes:**

```yaml
# codecast-hello.yml
exercise: ex-bonjour        # an exercise of the course
```

**Fails:**

```yaml
# codecast-hello.yml
exercise: ex-bonjuor        # no such exercise
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Codecast, Course, Exercise
from moocforge.rules._common import Finding, Options

CODE = "MF406"
NAME = "codecast-exercise"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    exercises = {item.id: item for item in course.items if isinstance(item, Exercise)}
    for item in course.items:
        if not isinstance(item, Codecast) or item.exercise is None:
            continue
        loc = item.key_loc("exercise")
        target = exercises.get(item.exercise)
        if target is None:
            close = difflib.get_close_matches(item.exercise, sorted(exercises), n=1)
            yield finding(options, msg("codecast '{id}' names exercise '{exercise}', which the "
                                       "course does not have", id=item.id,
                                       exercise=item.exercise), loc,
                          hint=f"did you mean '{close[0]}'?" if close else
                          "write the id of an exercise item", item=item.id)
        elif target.language != item.language:
            yield finding(options, msg("codecast '{id}' is in {language} but exercise '{id2}' is "
                                       "in {language2}", id=item.id, language=item.language,
                                       id2=target.id, language2=target.language), loc,
                          hint=msg("link an exercise in the codecast's language"), item=item.id)
