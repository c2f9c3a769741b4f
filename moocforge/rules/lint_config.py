"""The `lint:` settings of course.yml are valid.

**Why.** A misspelt rule name or option would otherwise be ignored silently, and the team
would believe a rule is configured when it is not.

**What it checks.** Under `lint:` only `profile`, `rules` and `ignore` are allowed; the
profile exists; every key of `rules:` and of every `ignore:` (course, week or item) names
a rule by code or slug; every setting is `off`, `on`, `error`, `warning`, `info` or a
mapping whose keys are `severity` or options of that rule, with values of the option's
type. Each problem comes with a did-you-mean hint and points at the key in the file. The
engine computes this rule while it reads the configuration.

**Options:** none.

**Passes:**

```yaml
lint:
  profile: coursera
  rules:
    formative-gap: {max_minutes: 25}
    MF402: off
```

**Fails:**

```yaml
lint:
  rules:
    formative-gaps: {max_minute: 25}   # unknown rule: did you mean 'formative-gap'?
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.model import Course
from moocforge.rules._common import Options

CODE = "MF101"
NAME = "lint-config"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {}
ENGINE = True  # computed by the engine while it resolves the configuration


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    """Computed by the engine (see moocforge.rules._config); yields nothing."""
    return iter(())
