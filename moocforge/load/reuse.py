"""Reusing a week's reading from the cache when nothing it depends on has changed.

Reading a week (week.yml, its lessons, every item and the files they name) is most of a
load. While a week is read, the sources note every fact about the file system the reading
looked at (`CourseSources.look`: a file's content digest, whether a path is a file, a
folder, a symlink leading outside, a folder's names) and the context notes every id the
week claimed (`crosscheck.register_id`). The cache keeps, under the week's place in the
course and the course-level settings a week reader uses, that record together with the
week's model, the diagnostics it raised and what it added to the load's shared state.

The next load looks the same facts up again. When every answer is the same, the reading
would be the same: the week's ids are claimed again (they may now collide with another
week's, which only a fresh claim can tell; a claim that is answered differently means a
fresh reading), the rest is replayed and the same `Week` object is returned — which also
lets the preview and the rule engine see at once that the week did not change.

Unlike the other namespaces of `moocforge.cache`, an entry here is keyed by a place, not by
content, and is checked before use: a week whose files changed gets a new entry under the
same key. Nothing here changes what a load returns (a test loads cold, warm and edited).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass

from moocforge import cache
from moocforge.diagnostics import Diagnostic
from moocforge.load.crosscheck import register_id, release_id
from moocforge.load.cursor import Claim, LoadContext
from moocforge.load.weeks import read_week
from moocforge.memo import note_digest
from moocforge.model import Loc, Week, rebuilt_by_init

NAMESPACE = "week"


@dataclass(frozen=True, slots=True)
class WeekReading:
    """A week's reading and everything it depended on and did to the load."""

    week: Week | None
    observations: tuple[tuple[tuple[str, str], object], ...]
    claims: tuple[Claim, ...]
    diagnostics: tuple[Diagnostic, ...]  # except the claims' own
    referenced: frozenset[str]
    objective_refs: tuple[tuple[str, Loc], ...]
    markdown_files: tuple[tuple[str, tuple[str, str]], ...]


def reused_week(ctx: LoadContext, ref: str, number: int, loc: Loc) -> Week | None:
    """The week `weeks.read_week` gives, from the active cache when its files are unchanged."""
    store = cache.active()
    if not store.enabled:
        return read_week(ctx, ref, number, loc)
    key = store.key(NAMESPACE, *_place(ctx, ref, number, loc))
    found = store.get(NAMESPACE, key)
    if isinstance(found, WeekReading):
        if _replayed(ctx, found):
            return _noted(key, found)
        store.stale(NAMESPACE)
    reading = _recorded(ctx, lambda: read_week(ctx, ref, number, loc))
    store.put(key, reading)
    return _noted(key, reading)


def _noted(key: bytes, reading: WeekReading) -> Week | None:
    """The reading's week, its digest noted (`memo.note_digest`): the same place, facts
    and claims give the same week, so their digest stands for the week's content (the
    site writer compares weeks by it instead of serialising each one again)."""
    if reading.week is not None:
        facts = pickle.dumps((reading.observations, [(c.id, c.accepted) for c in reading.claims]),
                             protocol=pickle.HIGHEST_PROTOCOL)
        note_digest(reading.week, hashlib.blake2b(key + facts, digest_size=20).digest())
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
    src.observations, ctx.claims = {}, []
    try:
        week = read()
        observations, claims = src.observations, ctx.claims
    finally:
        src.observations, ctx.claims = None, None
    claimed = {index for claim in claims for index in range(claim.first, claim.end)}
    return WeekReading(
        week=week, observations=tuple(observations.items()), claims=tuple(claims),
        diagnostics=tuple(d for index, d in enumerate(src.diagnostics[first:], first)
                          if index not in claimed),
        referenced=frozenset(src.referenced - referenced),
        objective_refs=tuple(ctx.objective_refs[objective_refs:]),
        markdown_files=tuple((k, v) for k, v in ctx.markdown_files.items()
                             if markdown_files.get(k) is not v))


def _replayed(ctx: LoadContext, reading: WeekReading) -> bool:
    """Apply a stored reading to this load; False (and nothing applied) when a file it
    looked at changed or one of its ids is now answered differently."""
    src = ctx.src
    if any(src.look(what, path) != answer for (what, path), answer in reading.observations):
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
    return True


rebuilt_by_init(WeekReading, Claim, Diagnostic)
