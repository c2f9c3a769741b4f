"""Graded quizzes do not show their answers while they can still be attempted.

**Why.** With Open edX's `showanswer: always` a learner can reveal the answer before
answering a graded problem; with `attempted` the answer appears after a first wrong attempt
and the next attempt is free points. The grade then measures nothing.

**What it checks.** A graded quiz must not use a `showanswer` listed in `leaky` while it
allows another attempt: `always` leaks in any case; `attempted` leaks when `max_attempts` is
unset (unlimited) or above 1.

**Options:**

- `leaky: [always, attempted]` — showanswer values that reveal the key early.

**Passes:**

```yaml
graded: true
max_attempts: 2
showanswer: finished
```

**Fails:**

```yaml
graded: true
showanswer: always
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options

CODE = "MF207"
NAME = "answer-leak"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"leaky": ["always", "attempted"]}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    leaky = set(options["leaky"])
    for item in course.items:
        if item.kind != "quiz" or not item.graded or item.showanswer not in leaky:
            continue
        retries = item.max_attempts is None or item.max_attempts > 1
        if item.showanswer == "always" or retries:
            attempts = "unlimited" if item.max_attempts is None else str(item.max_attempts)
            yield finding(options, msg("graded quiz '{id}' shows its answers (showanswer: "
                                       "{showanswer}) with {attempts} attempts", id=item.id,
                                       showanswer=item.showanswer, attempts=attempts),
                          item.key_loc("showanswer", "max_attempts"),
                          hint=msg("use `showanswer: finished` or `past_due` on graded quizzes"),
                          item=item.id)
