"""Readings between 100 and 1,500 words.

**Why.** Coursera's vendor guide asks for "what" readings of 800-1,500 words; past that a
reading is a chapter, and learners skim (platforms.md, section 3). A reading of a few words
is usually a placeholder or belongs in the page of another item.

**What it checks.** The prose words of every reading, in every language (fenced code is
not counted; images and link targets are not words), must lie within
`[min_words, max_words]`.

**Options:**

- `max_words: 1500` — most words.
- `min_words: 100` — fewest words (0 switches the floor off).

**Passes:**

```yaml
- {reading: pointers.md}     # 640 words
```

**Fails:**

```yaml
- {reading: everything.md}   # 4,200 words
```
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc
from moocforge.rules._common import Finding, Options
from moocforge.workload import word_count

CODE = "MF113"
NAME = "reading-length"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"max_words": 1500, "min_words": 100}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)
_words = lru_cache(maxsize=16384)(word_count)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    low, high = int(options["min_words"]), int(options["max_words"])
    for item in course.items:
        if item.kind != "reading":
            continue
        for lang, body in item.body.items():
            words = _words(body)
            if low <= words <= high:
                continue
            file = item.files.get(lang, item.loc.file)
            side = (msg("over the {high:,}-word maximum", high=high) if words > high
                    else msg("under the {low:,}-word floor", low=low))
            hint = (msg("split it into several readings, or move details to an optional page")
                    if words > high else msg("merge it with a neighbouring item, or develop it"))
            yield finding(options, msg("reading '{id}' ({lang}) has {words:,} words, {side}",
                                       id=item.id, lang=lang, words=words, side=side),
                          Loc(file, 1, 1), hint=hint, item=item.id)
