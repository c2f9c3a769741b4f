"""Give every video its real duration, from ffprobe or `media.lock`, and check the media.

`enrich(course)` is called by `moocforge.app.loading` for every build and lint. For each
local video it hashes the file and reuses the lock entry when the SHA-256 matches, so an
unchanged course runs no ffprobe process; changed or new files are probed (in parallel) and
the lock is rewritten, with entries of videos the course no longer uses pruned.

`duration_source` on the returned videos says where the value came from:

- `probe`: measured on the file present now (freshly, or cached in the lock under its hash);
- `lock`: the file is absent (media kept out of git) and the lock's entry is used;
- `script` / `declared`: no file measured; the loader's estimate from the script's word count,
  or the `duration:` an author declared for a hosted video.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from moocforge.diagnostics import Diagnostic
from moocforge.media.checks import check_cues, check_video
from moocforge.media.lock import LockEntry, read_lock, write_lock
from moocforge.media.probe import (
    INSTALL_HINT,
    MediaInfo,
    ProbeError,
    ProbeUnavailable,
    ffprobe_version,
    probe,
    sha256_of,
)
from moocforge.memo import by_identity
from moocforge.model import Course, Item, Video, Week


@dataclass(frozen=True)
class FileFacts:
    """What is known about one course-relative video file."""

    file: str
    info: MediaInfo | None
    source: str  # "probe" | "lock" | "missing" | "failed"
    probed_now: bool = False
    problem: Diagnostic | None = None  # for the first item that uses the file


def local_videos(course: Course) -> list[Video]:
    return [item for item in course.items if item.kind == "video" and item.file]


def measure(course: Course, *, write: bool = True) -> tuple[dict[str, FileFacts],
                                                             list[Diagnostic]]:
    """Facts for every local video file of the course; updates media.lock when `write`."""
    lock = read_lock(course.root)
    diagnostics = list(lock.problems)
    videos = local_videos(course)
    first_use = {}
    for video in videos:
        first_use.setdefault(video.file, video)
    workers = max(1, min(len(first_use), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        facts = dict(zip(first_use, pool.map(
            lambda item: _facts(course.root, item, lock.videos.get(item.file)),
            first_use.values()), strict=True))
    diagnostics += [f.problem for f in facts.values() if f.problem is not None]
    if write:
        entries = _lock_entries(facts, lock.videos)
        diagnostics += write_lock(course.root, entries, lock.text, newer=lock.newer)
    return facts, diagnostics


def _facts(root: Path, video: Video, locked: LockEntry | None) -> FileFacts:
    rel = str(video.file)
    path = root / rel
    if not path.is_file():
        if locked is not None:
            return FileFacts(rel, locked.info, "lock")
        return FileFacts(rel, None, "missing")  # the loader already reported MF020
    try:
        size = path.stat().st_size
        digest = sha256_of(path) if locked is None or locked.info.size == size else ""
    except OSError as error:
        return FileFacts(rel, None, "failed", problem=_unreadable(video, str(error)))
    if locked is not None and locked.info.sha256 == digest:
        return FileFacts(rel, locked.info, "probe")
    try:
        info = probe(path, digest or None)
    except ProbeUnavailable:
        return FileFacts(rel, None, "failed", problem=Diagnostic(
            "MF721", "error", f"cannot measure '{rel}': ffprobe (ffmpeg) is not installed",
            video.loc, INSTALL_HINT, "ffmpeg-missing", video.id))
    except ProbeError as error:
        return FileFacts(rel, None, "failed", problem=_unreadable(video, str(error)))
    return FileFacts(rel, info, "probe", probed_now=True)


def _unreadable(video: Video, reason: str) -> Diagnostic:
    return Diagnostic("MF720", "error", f"cannot read video '{video.file}': {reason}",
                      video.loc, "the file is corrupt or not a video; export it again",
                      "media-unreadable", video.id)


def _lock_entries(facts: dict[str, FileFacts], old: dict[str, LockEntry]
                  ) -> dict[str, LockEntry]:
    """The new lock: one entry per video the course uses; the rest is pruned."""
    entries: dict[str, LockEntry] = {}
    for rel, fact in facts.items():
        if fact.probed_now and fact.info is not None:
            entries[rel] = LockEntry(fact.info, ffprobe_version())
        elif rel in old and _still_valid(fact):
            entries[rel] = old[rel]
    return entries


def _still_valid(fact: FileFacts) -> bool:
    # Without ffprobe a changed file cannot be re-measured: keep the old entry until it can.
    if fact.source == "failed":
        return fact.problem is not None and fact.problem.code == "MF721"
    return fact.source in ("probe", "lock")


def enrich(course: Course) -> tuple[Course, list[Diagnostic]]:
    """The course with measured video durations, and the media/transcript diagnostics."""
    facts, diagnostics = measure(course)
    new_items: dict[str, Item] = {}
    for video in (item for item in course.items if item.kind == "video"):
        fact = facts.get(video.file) if video.file else None
        updated = video
        if fact is not None and fact.info is not None:
            updated = _measured(video, fact.info.duration, fact.source)
            diagnostics += check_video(course, updated, fact.info)
        diagnostics += _transcript_checks(course, updated, fact)
        if updated is not video:
            new_items[video.id] = updated
    kept = [d for d in diagnostics if not _suppressed(course, d)]
    return _with_items(course, new_items), kept


@by_identity(limit=100_000)
def _measured(video: Video, duration: float, source: str) -> Video:
    """The video with its measured duration; the same object for the same video and
    measure, so that a week the loader reused stays the same object after enrichment
    (the preview's rules and pages know such a week by its identity)."""
    return replace(video, duration=duration, duration_source=source)


def _transcript_checks(course: Course, video: Video, fact: FileFacts | None
                       ) -> list[Diagnostic]:
    """Cues past the end of the measured (or declared) video; the transcripts' own syntax
    was checked when the course was loaded."""
    measured = fact is not None and fact.info is not None
    duration = video.duration if measured or video.duration_source == "declared" else None
    if not duration:
        return []
    return [d for lang, track in sorted(video.tracks.items())
            for d in check_cues(video, lang, track, duration)]


def _suppressed(course: Course, diagnostic: Diagnostic) -> bool:
    if not diagnostic.item:
        return False
    item = course.item(diagnostic.item)
    week = course.week_of(diagnostic.item)
    scopes: Iterable = (
        *(item.suppressions if item else ()),
        *(week.suppressions if week else ()),
        *course.suppressions,
    )
    return any(s.code in (diagnostic.code, diagnostic.rule) for s in scopes)


def _with_items(course: Course, new_items: dict[str, Item]) -> Course:
    """The course with `new_items` in place of the items of the same id."""
    if not new_items:
        return course
    return replace(course, weeks=tuple(
        _week_with(week, tuple(new_items.get(item.id, item) for item in week.items))
        for week in course.weeks))


@by_identity(limit=10_000)
def _week_with(week: Week, items: tuple[Item, ...]) -> Week:
    """`week` with these items, in order: the same object when they are its own, and
    the same new object when they are the same as last time (the loader reused the week)."""
    if all(new is old for new, old in zip(items, week.items, strict=True)):
        return week
    given = iter(items)
    lessons = []
    for lesson in week.lessons:
        mine = tuple(next(given) for _ in lesson.items)
        same = all(new is old for new, old in zip(mine, lesson.items, strict=True))
        lessons.append(lesson if same else replace(lesson, items=mine))
    return replace(week, lessons=tuple(lessons))


__all__ = ["FileFacts", "enrich", "local_videos", "measure"]
