"""A `lint: ignore:` entry that silences nothing.

**Why.** Suppressions are excuses written next to the content ("this video is a long
interview on purpose"). When the content changes, an excuse that no longer applies hides
the next real problem; yamllint and ESLint report unused disable comments for the same reason.

**What it checks.** Every `lint: {ignore: {<code-or-slug>: reason}}` on an item, a week or
the course must silence at least one finding of that rule in its scope (the item; the
week, its items and its files; the whole course). A suppression of a rule that is switched
off is reported too. The engine applies this rule after all the others.

**Options:** none.

**Passes:**

```yaml
# the video is 18 minutes long, so video-length has a finding to silence
- video: media/interview.mp4
  title: Interview
  lint: {ignore: {video-length: "a long interview, cut would lose the argument"}}
```

**Fails:**

```yaml
# the video is 4 minutes long: nothing to silence
- video: media/short.mp4
  title: Short
  lint: {ignore: {video-length: "long interview"}}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Suppression
from moocforge.rules._common import Options
from moocforge.rules._config import RuleSettings
from moocforge.rules._suppress import Scope

CODE = "MF100"
NAME = "unused-suppression"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {}
ENGINE = True  # run by the engine after the other rules


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    """Computed by the engine (it needs every other rule's findings); yields nothing."""
    return iter(())


def report(unused: list[tuple[Suppression, Scope, ModuleType]],
           settings: Mapping[str, RuleSettings]) -> list[Diagnostic]:
    """Findings for the suppressions that silenced nothing (`unused` from the engine)."""
    own = settings[CODE]
    if not own.enabled:
        return []
    found = []
    for suppression, scope, rule in unused:
        state = settings[rule.CODE]
        why = ("the rule is switched off" if not state.enabled
               else f"no {rule.NAME} finding in this {scope.kind}")
        item = scope.item.id if scope.item is not None else ""
        found.append(Diagnostic(
            CODE, own.severity, msg("unused suppression of {CODE} {NAME}: {why}", CODE=rule.CODE,
                                    NAME=rule.NAME, why=why),
            suppression.loc, msg("remove this `lint: ignore:` entry"), NAME, item))
    return found
