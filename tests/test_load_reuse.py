"""A load reuses the weeks whose files did not change (`moocforge.load.reuse`), and gives
exactly what a load without any cache gives, whatever was edited between two loads."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app as application
from moocforge import cache
from moocforge.cache import files
from moocforge.load.course import LoadResult as Loaded

Edit = Callable[[Path], None]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return generate(tmp_path / "course", 3, 10)


def _load(root: Path, store: cache.Cache) -> Loaded:
    return application.load(root, media=False, cache=store)


def _store(tmp_path: Path, kind: str) -> cache.Cache:
    """The cache a new process gets from the build folder, or the preview's memory one."""
    cache.clear_memory()
    return cache.Cache(tmp_path / "facts") if kind == "store" else cache.Cache()


def _reloaded(root: Path, tmp_path: Path, kind: str, edit: Edit) -> tuple[Loaded, int]:
    """Load, edit, load again: the second load and how many weeks it read afresh."""
    store = _store(tmp_path, kind)
    assert _load(root, store).ok
    store.flush()
    edit(root)
    second = _store(tmp_path, kind) if kind == "store" else store
    before = second.counts.get("week", cache.Counts()).misses
    loaded = _load(root, second)
    return loaded, second.counts.get("week", cache.Counts()).misses - before


def _same_as_without_cache(loaded: Loaded, root: Path) -> None:
    fresh = _load(root, cache.Cache.disabled())
    assert loaded.diagnostics == fresh.diagnostics
    assert loaded.course == fresh.course


def _append(rel: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    return edit


def _replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    return edit


def _nothing(root: Path) -> None:
    pass


def _remove_transcript(root: Path) -> None:
    (root / "weeks/week02/media/w02-004.en.vtt").unlink()


def _add_translation(root: Path) -> None:
    source = root / "weeks/week03/w03-002.md"
    (root / "weeks/week03/w03-002.de.md").write_text("Hallo\n", "utf-8")
    source.with_name("w03-002.en.md").unlink()


def _link_outside(root: Path) -> None:
    outside = root.parent / "secret.md"
    outside.write_text("# secret\n", "utf-8")
    reading = root / "weeks/week02/w02-006.md"
    reading.unlink()
    os.symlink(outside, reading)


WEEK_TWO_ITEM = "  - quiz: quizzes/w01-003.yml\n"


EDITS: dict[str, tuple[Edit, int]] = {
    "nothing": (_nothing, 0),
    "a reading's text": (_append("weeks/week02/w02-002.md", "\nUne phrase de plus.\n"), 1),
    "a quiz": (_replace("weeks/week03/quizzes/w03-003.yml", "fr:", "fr: Nouveau —"), 1),
    "a lesson title": (_replace("weeks/week01/week.yml", "Leçon 1.2", "Leçon revue"), 1),
    "a transcript removed": (_remove_transcript, 1),
    "a translation removed": (_add_translation, 1),
    "a reading made a symlink leaving the course": (_link_outside, 1),
    "an id taken by an earlier week": (_replace(
        "weeks/week01/week.yml", WEEK_TWO_ITEM,
        "  - quiz: quizzes/w01-003.yml\n    id: w02-003\n"), 2),
    "the course's speaking rate": (_replace(
        "course.yml", "languages:", "workload:\n  speaking_rate: 150\nlanguages:"), 3),
}


@pytest.mark.parametrize("kind", ["store", "memory"])
@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_reads_only_its_week_again_and_loads_as_without_cache(
        course: Path, tmp_path: Path, kind: str, what: str) -> None:
    edit, weeks_read = EDITS[what]
    loaded, read = _reloaded(course, tmp_path, kind, edit)
    assert read == weeks_read
    _same_as_without_cache(loaded, course)


BREAKING_EDITS = {
    # a syntax error, reported and then fixed
    "a broken quiz": ("weeks/week02/quizzes/w02-003.yml", "max_attempts:", "max_attempts: [\n",
                      "MF001"),
    # week 2 is never edited: its reused reading must lose its id to week 1 when week 1
    # takes it, and get it back when week 1 gives it up
    "an id taken from a reused week": (
        "weeks/week01/week.yml", WEEK_TWO_ITEM,
        "  - quiz: quizzes/w01-003.yml\n    id: w02-003\n", "MF022"),
}


@pytest.mark.parametrize("what", list(BREAKING_EDITS))
def test_an_edit_that_breaks_is_reported_then_recovers(course: Path, tmp_path: Path,
                                                       what: str) -> None:
    rel, old, new, code = BREAKING_EDITS[what]
    store = _store(tmp_path, "memory")
    assert _load(course, store).ok
    path = course / rel
    good = path.read_text("utf-8")
    assert old in good
    path.write_text(good.replace(old, new, 1), "utf-8")
    broken = _load(course, store)
    assert [d.code for d in broken.diagnostics if d.severity == "error"] == [code]
    _same_as_without_cache(broken, course)
    path.write_text(good, "utf-8")
    recovered = _load(course, store)
    assert recovered.ok
    _same_as_without_cache(recovered, course)


def test_the_stored_model_is_the_model_read(course: Path, tmp_path: Path) -> None:
    """What the store gives back is the model the reading built (the fast pickling of the
    model's frozen classes keeps every field, compared or not)."""
    store = _store(tmp_path, "store")
    first = _load(course, store)
    store.flush()
    second = _load(course, _store(tmp_path, "store"))
    assert first.course is not None and second.course is not None
    for before, after in zip(first.course.weeks, second.course.weeks, strict=True):
        assert before == after and before is not after
        assert repr(before) == repr(after)


def test_an_old_file_edited_in_place_with_its_time_stamp_kept_is_read_again(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File digests are remembered by stat signature (size, times, inode) once a file is a
    few seconds old; an edit that keeps the size and puts the modification time back still
    changes the inode's change time."""
    monkeypatch.setattr(files, "RACY_NS", 200_000_000)
    reading = course / "weeks/week02/w02-002.md"
    old = reading.stat().st_mtime_ns - 3600 * 10**9
    os.utime(reading, ns=(old, old))
    time.sleep(0.3)  # older than RACY_NS: its digest is remembered
    store = _store(tmp_path, "memory")
    assert _load(course, store).ok
    text = reading.read_text("utf-8")
    reading.write_text(text.replace("a", "b", 1), "utf-8")
    os.utime(reading, ns=(old, old))
    loaded = _load(course, store)
    assert store.counts["week"].misses == 3 + 1
    _same_as_without_cache(loaded, course)
