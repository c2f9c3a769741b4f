"""Videos shorter than 6 minutes, never longer than 15.

**Why.** In 6.9 million edX viewing sessions, engagement fell sharply after 6 minutes
(Guo, Kim & Rubin 2014; contested by Lagerstrom et al. 2015); Coursera's vendor guide asks
for every video under 7 minutes and its own data for under 10 (platforms.md, section 3).

**What it checks.** Every video (and every codecast: its narration) whose duration is
known (probed by `moocforge media`, recorded in media.lock, estimated from its script at
the course speaking rate, or declared) must last at most `max_minutes` (a warning) and at
most `hard_max_minutes` (an error, unless the rule's severity is configured). The message
says where the duration came from. Videos of unknown duration are not checked.

**Options:**

- `max_minutes: 6` — recommended maximum (warning above it).
- `hard_max_minutes: 15` — maximum (error above it).

**Passes:**

```yaml
- {video: youtube:dQw4w9WgXcQ, id: intro, title: Intro, duration: 300}   # 5 min
```

**Fails:**

```yaml
- {video: youtube:dQw4w9WgXcQ, id: intro, title: Intro, duration: 1200}  # 20 min
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.kinds import kind_of
from moocforge.model import Course
from moocforge.rules._common import Finding, Options, minutes

CODE = "MF112"
NAME = "video-length"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"max_minutes": 6, "hard_max_minutes": 15}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    soft, hard = float(options["max_minutes"]), float(options["hard_max_minutes"])
    for item in course.items:
        kind = kind_of(item)
        if not kind.watched:
            continue
        known = kind.estimate(course, item, None)
        if known.source == "unknown":
            continue
        length = known.minutes
        if length <= soft:
            continue
        over_hard = length > hard
        limit = hard if over_hard else soft
        yield finding(
            options, msg("{name} '{id}' lasts {length} ({source} duration), over the {value} "
                         "{limit}", name=kind.name, id=item.id, length=minutes(length),
                         source=known.source, value='maximum' if over_hard else 'recommended',
                         limit=minutes(limit)), item.loc,
            hint=msg("split it into shorter videos, each on one idea"),
            item=item.id, severity="error" if over_hard else None)
