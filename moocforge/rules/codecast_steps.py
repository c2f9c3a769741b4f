"""Every step of a codecast applies to the code before it.

**Why.** A codecast is a timeline of edits: an `insert` at a line that does not exist, a
`find:` that matches twice, or a highlight past the end of the code would show the learner
something other than what the teacher says — or nothing at all — and every later step
would build on the wrong code.

**What it checks.** The steps of each codecast are applied in order to its starting code:
each position (`at`, `from`, `to`, `cursor`, `select`) must exist in the code as it is at
that step, `to` must not come before `from`, a `find:` must occur exactly once, and the
highlighted lines must exist once the step is applied. A step that does not apply is
reported at its line; the following steps are checked against the code before it.

**Options:** none.

**Passes:**

```yaml
start: "int main(void)\n{\n}\n"
steps:
  - narration: Let us return zero.
    insert: {at: "3:1", text: "    return 0;\n"}
```

**Fails:**

```yaml
start: "int main(void)\n{\n}\n"
steps:
  - narration: Let us return zero.
    insert: {at: "9:1", text: "    return 0;\n"}   # the code has 4 lines
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.codecast.timeline import replay
from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Codecast, Course
from moocforge.rules._common import Finding, Options

CODE = "MF407"
NAME = "codecast-steps"
DEFAULT_SEVERITY: Severity = "error"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for item in course.items:
        if not isinstance(item, Codecast):
            continue
        for state in replay(item):
            if state.problem is not None:
                yield finding(options, msg("codecast '{id}', step {number}: {problem}", id=item.id,
                                           number=state.step.number,
                                           problem=state.problem), state.step.loc,
                              hint=state.problem.hint, item=item.id)
