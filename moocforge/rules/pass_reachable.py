"""The grading scheme adds up and the pass threshold can be reached.

**Why.** A grading policy whose weights do not sum to 100%, a graded item in no assignment
type, or a type with no items makes the final grade wrong or the certificate impossible;
platforms accept such policies silently and the problem shows up when learners complain.

**What it checks.**

- the weights of `grading.types` sum to 1 (100%);
- every graded item has a `type:` that is declared in `grading.types` (did-you-mean hint);
- graded items can be scored (videos and readings cannot);
- every declared type has graded items, more than it drops;
- the pass threshold is at most the best reachable grade after drops.

**Options:**

- `tolerance: 0.001` — how far the sum of the weights may be from 1.

**Passes:**

```yaml
grading:
  pass: 0.5
  types: [{type: Quiz, weight: 0.6, drop: 1}, {type: Peer, weight: 0.4}]
# 5 graded quizzes of type Quiz, 1 graded peer assessment of type Peer
```

**Fails:**

```yaml
grading:
  pass: 0.5
  types: [{type: Quiz, weight: 0.6}, {type: Exam, weight: 0.3}]   # 90%, and no Exam item
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules._common import Finding, Options, is_scorable

CODE = "MF202"
NAME = "pass-reachable"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {"tolerance": 0.001}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    grading = course.grading
    declared = [t.type for t in grading.types]
    total = sum(t.weight for t in grading.types)
    if grading.types and abs(total - 1) > float(options["tolerance"]):
        yield finding(options, msg("assignment type weights sum to {total:.0%}, not 100%",
                                   total=total),
                      grading.loc, hint=msg("adjust the `weight:` values of grading.types"))
    counts = dict.fromkeys(declared, 0)
    for item in course.items:
        if not item.graded:
            continue
        if not is_scorable(item):
            yield finding(options, msg("graded {kind} '{id}' has no score to grade", kind=item.kind,
                                       id=item.id),
                          item.loc, hint=msg("only quizzes, exercises, peer assessments and "
                                             "external tools can be graded; remove `graded: true`"),
                          item=item.id)
            continue
        if item.assignment_type is None:
            yield finding(options, msg("graded item '{id}' has no assignment `type:`", id=item.id),
                          item.loc, hint=f"add `type:` with one of: {', '.join(declared)}"
                          if declared else "declare grading.types in course.yml",
                          item=item.id)
        elif item.assignment_type not in counts:
            close = difflib.get_close_matches(item.assignment_type, declared, n=1)
            yield finding(options, msg("graded item '{id}' has type '{assignment_type}', which "
                                       "grading.types does not declare", id=item.id,
                                       assignment_type=item.assignment_type),
                          item.loc, hint=f"did you mean '{close[0]}'?" if close else
                          f"declared types: {', '.join(declared) or 'none'}", item=item.id)
        else:
            counts[item.assignment_type] += 1
    reachable = 0.0
    for kind in grading.types:
        count = counts[kind.type]
        if count == 0:
            yield finding(options, msg("assignment type '{type}' has no graded item",
                                       type=kind.type),
                          kind.loc, hint=msg("grade an item with this `type:` or remove the type"))
        elif kind.drop >= count:
            yield finding(options, msg("assignment type '{type}' drops {drop} of its {count} "
                                       "item(s)", type=kind.type, drop=kind.drop,
                                       count=count), kind.loc, hint=msg("lower `drop:`"))
        else:
            reachable += kind.weight
    if grading.pass_threshold > reachable + float(options["tolerance"]):
        yield finding(options, msg("the pass threshold {pass_threshold:.0%} cannot be reached: "
                                   "the best possible grade is {reachable:.0%}",
                                   pass_threshold=grading.pass_threshold,
                                   reachable=reachable), grading.loc,
                      hint=msg("lower `pass:` or add graded items to the empty types"))
