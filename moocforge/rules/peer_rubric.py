"""Peer assessments have a usable rubric, valid steps and ordered dates.

**Why.** Open edX's ORA refuses (or silently breaks on) rubrics with duplicate point values,
steps in an impossible order, or learners who must grade fewer peers than grade each of
them — then submissions wait forever for reviews.

**What it checks.**

- at least one criterion; criterion names unique; every criterion has options with unique
  names and distinct points, listed in increasing order of points (`points_order`);
- steps: at least one of peer, self or staff; no step twice; training only before a peer
  step; staff last; for peer, `must_grade` ≥ `graded_by`;
- training examples select an existing option for every criterion;
- dates: submission start before submission due, each step's start before its due, review
  steps not due before submissions close, and every date inside a run of the course.

**Options:**

- `points_order: increasing` — `increasing`, `decreasing` or `any`.

**Passes:**

```yaml
rubric:
  - name: clarity
    options: [{name: poor, points: 0}, {name: good, points: 2}]
steps:
  - {kind: peer, must_grade: 3, graded_by: 2}
  - {kind: self}
```

**Fails:**

```yaml
rubric:
  - name: clarity
    options: [{name: good, points: 2}, {name: poor, points: 2}]
steps:
  - {kind: staff}
  - {kind: peer, must_grade: 1, graded_by: 3}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Peer, PeerStep, RubricCriterion
from moocforge.rules._common import Finding, Options, at, inside_a_run, runs_text
from moocforge.runs import for_run

CODE = "MF206"
NAME = "peer-rubric"
DEFAULT_SEVERITY: Severity = "error"
DEFAULTS: dict[str, object] = {"points_order": "increasing"}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for item in course.items:
        if item.kind == "peer":
            yield from _rubric(item, options)
            yield from _steps(item, options)
            yield from _dates(course, item, options)


def _rubric(peer: Peer, options: Options) -> Iterator[Diagnostic]:
    if not peer.rubric:
        yield finding(options, msg("peer assessment '{id}' has no rubric criterion", id=peer.id),
                      peer.key_loc("rubric"),
                      hint=msg("add a `rubric:` criterion, with its options and their points"),
                      item=peer.id)
    names: set[str] = set()
    for criterion in peer.rubric:
        if criterion.name in names:
            yield finding(options, msg("criterion '{name}' is defined twice", name=criterion.name),
                          criterion.loc, hint=msg("give each criterion its own `name:`"),
                          item=peer.id)
        names.add(criterion.name)
        if not criterion.options:
            yield finding(options, msg("criterion '{name}' has no options", name=criterion.name),
                          criterion.loc,
                          hint=msg("add `options:`, each with a name and its points"),
                          item=peer.id)
            continue
        option_names: set[str] = set()
        points_seen: dict[int, str] = {}
        for option in criterion.options:
            if option.name in option_names:
                yield finding(options, msg("criterion '{name}': option '{name2}' is defined twice",
                                           name=criterion.name,
                                           name2=option.name), option.loc,
                              hint=msg("give each option of a criterion its own `name:`"),
                              item=peer.id)
            option_names.add(option.name)
            if option.points in points_seen:
                yield finding(options, msg("criterion '{name}': options '{points_seen}' and "
                                           "'{name2}' both give {points} points",
                                           name=criterion.name,
                                           points_seen=points_seen[option.points],
                                           name2=option.name, points=option.points), option.loc,
                              hint=msg("each option of a criterion needs its own score"),
                              item=peer.id)
            points_seen.setdefault(option.points, option.name)
        yield from _order(peer, criterion, options)


def _order(peer: Peer, criterion: RubricCriterion, options: Options) -> Iterator[Diagnostic]:
    order = options["points_order"]
    if order == "any":
        return
    points = [o.points for o in criterion.options]
    start = "lowest" if order == "increasing" else "highest"
    for index in range(1, len(points)):
        bad = points[index] < points[index - 1] if order == "increasing" else \
            points[index] > points[index - 1]
        if bad:
            yield finding(options, msg("criterion '{name}': options are not in {order} order of "
                                       "points ({str})", name=criterion.name, order=order,
                                       str=', '.join(map(str, points))),
                          criterion.options[index].loc,
                          hint=msg("list options from the {start} score",
                                   start=start), item=peer.id)
            return


def _steps(peer: Peer, options: Options) -> Iterator[Diagnostic]:
    kinds = [step.kind for step in peer.steps]
    where = peer.key_loc("steps")
    if not {"peer", "self", "staff"} & set(kinds):
        yield finding(options, msg("peer assessment '{id}' has no peer, self or staff step",
                                   id=peer.id),
                      peer.steps[0].loc if peer.steps else where,
                      hint=msg("add a step of kind `peer`, `self` or `staff` to `steps:`"),
                      item=peer.id)
    for index, step in enumerate(peer.steps):
        if step.kind in kinds[:index]:
            yield finding(options, msg("step '{kind}' appears twice",
                                       kind=step.kind), step.loc,
                          hint=msg("keep one step of each kind"), item=peer.id)
        if step.kind == "training" and "peer" not in kinds[index + 1:]:
            yield finding(options, msg("a training step must come before a peer step"), step.loc,
                          hint=msg("learners train to grade their peers: put training just "
                                   "before peer, or remove it"), item=peer.id)
        if step.kind == "staff" and index != len(peer.steps) - 1:
            yield finding(options, msg("the staff step must be the last step"), step.loc,
                          hint=msg("move the staff step to the end of `steps:`"), item=peer.id)
        if step.kind == "peer" and step.must_grade is not None and step.graded_by is not None \
                and step.must_grade < step.graded_by:
            yield finding(options, msg("peer step: each learner grades {must_grade} peer(s) but "
                                       "needs {graded_by} grades; submissions will wait for "
                                       "reviews", must_grade=step.must_grade,
                                       graded_by=step.graded_by),
                          step.loc, hint=msg("make must_grade ≥ graded_by"),
                          item=peer.id)
        if step.kind == "training":
            yield from _examples(peer, step, options)


def _examples(peer: Peer, step: PeerStep, options: Options) -> Iterator[Diagnostic]:
    rubric = {c.name: {o.name for o in c.options} for c in peer.rubric}
    for example in step.examples:
        for criterion, option in example.selections.items():
            if criterion not in rubric:
                yield finding(options, msg("training example selects unknown criterion "
                                           "'{criterion}'",
                                           criterion=criterion), example.loc,
                              hint=msg("select options of the rubric's criteria: {names}",
                                       names=", ".join(rubric)), item=peer.id)
            elif option not in rubric[criterion]:
                yield finding(options, msg("training example selects unknown option '{option}' "
                                           "of criterion '{criterion}'", option=option,
                                           criterion=criterion), example.loc,
                              hint=msg("select one of its options: {names}",
                                       names=", ".join(sorted(rubric[criterion]))),
                              item=peer.id)
        missing = sorted(set(rubric) - set(example.selections))
        if missing:
            yield finding(options, msg("training example selects no option for {criteria}",
                                       criteria=", ".join(f"'{m}'" for m in missing)),
                          example.loc, hint=msg("select one option of every criterion"),
                          item=peer.id)


def _dates(course: Course, peer: Peer, options: Options) -> Iterator[Diagnostic]:
    where = peer.key_loc("submission_due", "submission_start")
    pairs = [("submission", peer.submission_start, peer.submission_due, where)]
    pairs += [(f"{s.kind} step", s.start, s.due, s.loc) for s in peer.steps]
    for label, start, due, loc in pairs:
        begin, end = at(start), at(due)
        if begin and end and end <= begin:
            yield finding(options, msg("{label} is due ({due}) before it starts ({start})",
                                       label=label, due=due, start=start), loc,
                          hint=msg("the due date must come after the start date"),
                          item=peer.id)
    yield from _outside_runs(course, peer, options)
    closes = at(peer.submission_due)
    for step in peer.steps:
        step_due = at(step.due)
        if closes and step_due and step.kind in ("peer", "self") and step_due < closes:
            yield finding(options, msg("{kind} step is due ({due}) before submissions close "
                                       "({submission_due})", kind=step.kind, due=step.due,
                                       submission_due=peer.submission_due), step.loc,
                          hint=msg("make the step due after `submission_due`: learners review "
                                   "the submissions once they are in"), item=peer.id)


def _outside_runs(course: Course, peer: Peer, options: Options) -> Iterator[Diagnostic]:
    """Each run's resolution of the peer dates lies inside that run."""
    where = peer.key_loc("submission_due", "submission_start")
    for run in course.runs:
        dated = for_run(course, run).item(peer.id)
        if not isinstance(dated, Peer):
            continue
        pairs = [("submission", dated.submission_start, dated.submission_due, where)]
        pairs += [(f"{s.kind} step", s.start, s.due, s.loc) for s in dated.steps]
        for label, start, due, loc in pairs:
            for value in (start, due):
                moment = at(value)
                if value is not None and moment and not inside_a_run(moment, (run,)):
                    yield finding(options, msg("{label} date {value} is outside run {value2}",
                                               label=label, value=value,
                                               value2=runs_text((run,))),
                                  value.loc if value.loc.file else loc,
                                  hint=msg("move the date inside the run, or give the run its "
                                           "own date in its `dates:`"), item=peer.id)
