"""Reusing a course's reading, or the readings of its weeks, when nothing they depend on
has changed.

Reading a week (week.yml, its lessons, every item and the files they name) is most of a
load. While a week is read, the sources note every fact about the file system the reading
looked at (`CourseSources.look`: a file's content digest, whether a path is a file, a
folder, a symlink leading outside, a folder's names) and the context notes every id the
week claimed (`crosscheck.register_id`). The week's reading keeps that record together
with the week's model, the diagnostics it raised and what it added to the load's shared
state.

The whole load is recorded the same way (`reused_course`): every fact any part of it looked
at (course.yml, the weeks' facts, the Markdown links, the walk of each root for the
inventory), with the model, the diagnostics and the readings of the weeks. The next load
of the course checks those facts first: when every answer is the same (a file whose stat
signature is unchanged counts as unchanged, as in git's index), the load would be the same
and its model is returned as it was. Otherwise the course is read again, and each week
whose own facts give the same answers is reused: its ids are claimed again (they may now
collide with another week's, which only a fresh claim can tell; a claim that is answered
differently means a fresh reading), the rest is replayed and the same `Week` object is
returned — which also lets the preview and the rule engine see at once that the week did
not change.

Unlike the other namespaces of `moocforge.cache`, an entry here is keyed by a place (the
course folder and what the load is given), not by content, and is checked before use: a
course whose files changed gets a new entry under the same key. Nothing here changes what
a load returns (a test loads cold, warm and edited).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from moocforge import cache
from moocforge.diagnostics import Diagnostic
from moocforge.load import ahead
from moocforge.load.crosscheck import register_id, release_id
from moocforge.load.cursor import Claim, LoadContext, Reuse
from moocforge.load.markdown import WeekDocuments, week_documents
from moocforge.load.sources import CourseSources, Observation, observed
from moocforge.load.weeks import WEEK_FILE, read_week
from moocforge.memo import note_digest
from moocforge.model import Course, Loc, NoAssets, Week, rebuilt_by_init

NAMESPACE = "week"  # counted per week; the readings are kept in the course's
COURSE_NAMESPACE = "course"

Read = Callable[[Reuse], tuple[Course | None, list[Diagnostic]]]


@dataclass(frozen=True, slots=True)
class WeekReading:
    """A week's reading and everything it depended on and did to the load."""

    week: Week | None
    observations: tuple[Observation, ...]
    claims: tuple[Claim, ...]
    diagnostics: tuple[Diagnostic, ...]  # except the claims' own
    referenced: frozenset[str]
    objective_refs: tuple[tuple[str, Loc], ...]
    markdown_files: tuple[tuple[str, tuple[str, str]], ...]
    documents: WeekDocuments  # its Markdown's, made while it was read


@dataclass(frozen=True, slots=True)
class CourseReading:
    """A whole load: what it gave, everything it looked at, and its weeks' readings."""

    # Pickling a course's record takes as long as a thousand small facts (0.2–0.5 s for
    # 2,000 items): after an edit, the load leaves it to a forked writer too.
    fact_weight: ClassVar[int] = 1000

    course: Course | None  # without its asset accessor (that holds the load's sources)
    diagnostics: tuple[Diagnostic, ...]
    observations: tuple[Observation, ...]
    roots: tuple[tuple[str, Path], ...]  # the facts' roots: given ones and course.yml's
    weeks: Mapping[bytes, WeekReading]


def reused_course(src: CourseSources, place: tuple[str, ...], read: Read
                  ) -> tuple[Course | None, list[Diagnostic]]:
    """What `read` gives for the course of `src`, from the active cache when nothing the
    last load of it (at this `place`: what the load is given besides its files) looked at
    changed; else read again, reusing the weeks that did not change."""
    store = cache.active()
    if not store.enabled:
        return read(Reuse())
    key = store.key(COURSE_NAMESPACE, str(src.root), *place)
    found = store.get(COURSE_NAMESPACE, key)
    before: Mapping[bytes, WeekReading] = {}
    if isinstance(found, CourseReading):
        if src.unchanged(found.observations, dict(found.roots)):
            for week_key, reading in found.weeks.items():
                _noted(week_key, reading)
            return _with_assets(found.course, src), list(found.diagnostics)
        store.stale(COURSE_NAMESPACE)
        before = found.weeks
    reuse = Reuse(before)
    outer, src.observations = src.observations, {}
    try:
        course, diagnostics = read(reuse)
        looks = src.observations
    finally:
        src.observations = outer
        if reuse.ahead is not None:
            reuse.ahead.finish()
    weeks = {key: reading for key, reading in reuse.now.items()
             if isinstance(reading, WeekReading)}
    stored = None if course is None else replace(course, assets=NoAssets())
    store.put(key, CourseReading(stored, tuple(diagnostics), observed(looks),
                                 tuple(src.roots.items()), weeks))
    return course, diagnostics


def _with_assets(course: Course | None, src: CourseSources) -> Course | None:
    from moocforge.load.assets import FolderAssets

    return None if course is None else replace(course, assets=FolderAssets(src))


def reused_week(ctx: LoadContext, ref: str, number: int, loc: Loc) -> Week | None:
    """The week `weeks.read_week` gives, from the active cache when its files are unchanged."""
    store = cache.active()
    if not store.enabled:
        return read_week(ctx, ref, number, loc)
    key = store.key(NAMESPACE, *_place(ctx, ref, number, loc))
    reuse = ctx.reuse
    found = reuse.before.get(key)
    if isinstance(found, WeekReading) and _replayed(ctx, found, key in reuse.checked):
        store.count(NAMESPACE, hit=True)
        reuse.now[key] = found
        return _noted(key, found)
    store.count(NAMESPACE, hit=False)
    shared = reuse.ahead_keys.get(key)
    if reuse.ahead is not None and shared is not None and not reuse.ahead.claim(shared):
        if not reuse.ahead.handed_over(key):
            while reuse.meanwhile:
                reuse.meanwhile.pop(0)()
        ahead = reuse.ahead.reading(key)
        if isinstance(ahead, WeekReading) and _replayed(ctx, ahead, True):
            reuse.now[key] = ahead
            return _noted(key, ahead)
    reading = _recorded(ctx, lambda: read_week(ctx, ref, number, loc))
    ctx.reuse.now[key] = reading
    return _noted(key, reading)


def documents_made(ctx: LoadContext) -> dict[int, tuple[Week, WeekDocuments]]:
    """The documents of the weeks this load read or reused, by week number, with their
    week (`markdown.course_documents` takes them for that very week only)."""
    return {reading.week.number: (reading.week, reading.documents)
            for reading in ctx.reuse.now.values()
            if isinstance(reading, WeekReading) and reading.week is not None}


def read_ahead(ctx: LoadContext, weeks: list[tuple[str, int, Loc]]) -> None:
    """Have a forked worker read the `weeks` (ref, number, place in course.yml) that cannot
    be reused from the last one backwards while this load reads them from the first one
    on (`moocforge.load.ahead`), when they are many enough to be worth it."""
    store, reuse = cache.active(), ctx.reuse
    if not store.enabled or len(weeks) < 2:
        return
    to_read = []
    for ref, number, loc in weeks:
        key = store.key(NAMESPACE, *_place(ctx, ref, number, loc))
        found = reuse.before.get(key)
        if isinstance(found, WeekReading) and ctx.src.unchanged(found.observations):
            reuse.checked.add(key)
        else:
            to_read.append((key, ref, number, loc))
    week_bytes = sum(_week_bytes(ctx, ref) for _, ref, _, _ in to_read)
    if len(to_read) < 2 or not ahead.worth_forking(week_bytes):
        return
    reuse.ahead = ahead.read_ahead([(key, _reading(ctx, ref, number, loc))
                                    for key, ref, number, loc in to_read])
    if reuse.ahead is not None:
        reuse.ahead_keys = {key: index for index, (key, *_) in enumerate(to_read)}


def _reading(ctx: LoadContext, ref: str, number: int, loc: Loc
             ) -> Callable[[], WeekReading]:
    return lambda: _recorded(ctx, lambda: read_week(ctx, ref, number, loc))


def _week_bytes(ctx: LoadContext, ref: str) -> int:
    """The size of a week's week.yml (0 when there is none): how much reading it takes."""
    try:
        return os.stat(os.path.join(ctx.src.root, ref, WEEK_FILE)).st_size
    except (OSError, ValueError):
        return 0


def _noted(key: bytes, reading: WeekReading) -> Week | None:
    """The reading's week, its digest noted (`memo.note_digest`, worked out when asked):
    the same place, facts and claims give the same week, so their digest stands for the
    week's content (the site writer compares weeks by it instead of serialising each one)."""
    if reading.week is not None:
        def digest() -> bytes:
            facts = pickle.dumps((reading.observations,
                                  [(c.id, c.accepted) for c in reading.claims]),
                                 protocol=pickle.HIGHEST_PROTOCOL)
            return hashlib.blake2b(key + facts, digest_size=20).digest()

        note_digest(reading.week, digest)
    return reading.week


def _place(ctx: LoadContext, ref: str, number: int, loc: Loc) -> tuple[str, ...]:
    """What, besides its files, a week's reading depends on."""
    src = ctx.src
    return (ref, str(number), repr(loc), repr(sorted(src.roots.items())),
            repr(ctx.languages), str(ctx.languages_known), str(ctx.speaking_wpm),
            repr(sorted(ctx.locked_videos)), repr(ctx.frame))


def _recorded(ctx: LoadContext, read: Callable[[], Week | None]) -> WeekReading:
    src = ctx.src
    first = len(src.diagnostics)
    referenced = set(src.referenced)
    objective_refs = len(ctx.objective_refs)
    markdown_files = dict(ctx.markdown_files)
    outer, src.observations, ctx.claims = src.observations, {}, []
    try:
        week = read()
        new_files = tuple((k, v) for k, v in ctx.markdown_files.items()
                          if markdown_files.get(k) is not v)
        # the links of its Markdown resolved as part of the week: their targets are facts
        # it looked at, and the worker reading weeks ahead resolves those of its weeks
        documents = WeekDocuments() if week is None else week_documents(ctx, week, new_files)
        observations, claims = src.observations, ctx.claims
    finally:
        src.observations, ctx.claims = outer, None
    if outer is not None:  # the course's record holds what its weeks looked at
        outer.update(observations)
    claimed = {index for claim in claims for index in range(claim.first, claim.end)}
    return WeekReading(
        week=week, observations=observed(observations), claims=tuple(claims),
        diagnostics=tuple(d for index, d in enumerate(src.diagnostics[first:], first)
                          if index not in claimed),
        referenced=frozenset(src.referenced - referenced),
        objective_refs=tuple(ctx.objective_refs[objective_refs:]),
        markdown_files=new_files, documents=documents)


def _replayed(ctx: LoadContext, reading: WeekReading, checked: bool = False) -> bool:
    """Apply a stored reading to this load; False (and nothing applied) when a file it
    looked at changed (unless `checked` already) or one of its ids is now answered
    differently."""
    src = ctx.src
    if not checked and not src.unchanged(reading.observations):
        return False
    first = len(src.diagnostics)
    claimed: list[str] = []
    for claim in reading.claims:
        accepted = register_id(ctx, claim.id, claim.loc, claim.what)
        if accepted:
            claimed.append(claim.id)
        if accepted != claim.accepted:
            for item_id in claimed:
                release_id(ctx, item_id)
            del src.diagnostics[first:]
            return False
    src.diagnostics.extend(reading.diagnostics)
    src.referenced.update(reading.referenced)
    ctx.objective_refs.extend(reading.objective_refs)
    ctx.markdown_files.update(reading.markdown_files)
    if src.observations is not None:  # the course's record holds what its weeks looked at
        src.observations.update(((what, path), answer)
                                for what, path, answer, _ in reading.observations)
    return True


rebuilt_by_init(WeekReading, CourseReading, Claim, Diagnostic, WeekDocuments)
