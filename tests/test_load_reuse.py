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
from moocforge.load import sources
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


def _add_unused_image(root: Path) -> None:
    (root / "weeks/week02/media/unused.png").write_bytes(b"\x89PNG not used by any item")


def _add_undeclared_translation(root: Path) -> None:
    (root / "weeks/week01/w01-002.de.md").write_text("Hallo\n", "utf-8")


def _add_broken_translations_lock(root: Path) -> None:
    (root / "translations.lock").write_text("version: [\n", "utf-8")


def _lock_a_video(root: Path) -> None:
    (root / "media.lock").write_text("videos:\n  weeks/week02/media/clip.mp4: {}\n", "utf-8")


def _declare_shared_root(root: Path) -> None:
    shared = root.parent / "shared"
    shared.mkdir()
    (shared / "logo.png").write_bytes(b"\x89PNG shared")
    _replace("course.yml", "languages:", "roots:\n  shared: ../shared\nlanguages:")(root)


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
    # what only the course-level parts of a load look at: the whole load is not reused,
    # no week is read again
    "a file added that nothing uses (the inventory)": (_add_unused_image, 0),
    "a translation into an undeclared language": (_add_undeclared_translation, 0),
    "a translations.lock that cannot be read": (_add_broken_translations_lock, 0),
    "media.lock naming a video": (_lock_a_video, 3),
    "a shared root declared": (_declare_shared_root, 3),
}


@pytest.mark.parametrize("kind", ["store", "memory"])
@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_reads_only_its_week_again_and_loads_as_without_cache(
        course: Path, tmp_path: Path, kind: str, what: str) -> None:
    edit, weeks_read = EDITS[what]
    loaded, read = _reloaded(course, tmp_path, kind, edit)
    assert read == weeks_read
    _same_as_without_cache(loaded, course)


def test_an_unchanged_course_is_the_load_before(course: Path, tmp_path: Path) -> None:
    """Nothing changed: the whole load comes back (in memory, the very same weeks), no week
    is even replayed."""
    store = _store(tmp_path, "memory")
    first = _load(course, store)
    second = _load(course, store)
    assert store.counts["course"].hits == 1 and store.counts["week"].hits == 0
    assert first.course is not None and second.course is not None
    assert all(a is b for a, b in zip(first.course.weeks, second.course.weeks, strict=True))
    assert second.course.assets.exists("weeks/week01/week.yml")  # its own sources
    _same_as_without_cache(second, course)


def test_a_new_process_checks_the_files_without_reading_them(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps the stat signature each file had when its digest was taken (once it
    is a few seconds old): a new process finding nothing changed hashes no file, and a file
    edited since is read and hashed again."""
    monkeypatch.setattr(files, "RACY_NS", 200_000_000)
    time.sleep(0.3)  # every file older than RACY_NS: its signature stands for its content
    first = _store(tmp_path, "store")
    assert _load(course, first).ok
    first.flush()
    hashed: list[str] = []
    remembered = sources._remembered
    monkeypatch.setattr(sources, "_DIGESTS", {})  # what a new process knows
    monkeypatch.setattr(sources, "_remembered", lambda path, info, digest: hashed.append(
        Path(path).relative_to(course).as_posix()) or remembered(path, info, digest))
    store = _store(tmp_path, "store")
    assert _load(course, store).ok and store.counts["course"].hits == 1
    assert hashed == []
    _append("weeks/week02/w02-002.md", "\nUne phrase de plus.\n")(course)
    cache.clear_memory()
    store = _store(tmp_path, "store")
    loaded = _load(course, store)
    assert store.counts["week"].misses == 1  # week 2, whose files are read again
    assert "weeks/week02/w02-002.md" in hashed
    # course.yml is read whenever the whole load is not reused; no file of another week
    assert [rel for rel in hashed if not rel.startswith("weeks/week02/")] == ["course.yml"]
    _same_as_without_cache(loaded, course)


def test_a_course_with_a_shared_root_is_reused_and_sees_the_root_change(
        course: Path, tmp_path: Path) -> None:
    """The facts of a reused load are checked with the roots it had (course.yml's too), and
    the walk of a shared root is one of them."""
    _declare_shared_root(course)
    assert _load(course, _store(tmp_path, "store")).ok
    store = _store(tmp_path, "store")
    loaded = _load(course, store)
    assert store.counts["course"].hits == 1 and loaded.course is not None
    assert "@shared/logo.png" in loaded.course.inventory
    assert loaded.course.assets.exists("@shared/logo.png")
    loaded, read = _reloaded(course, tmp_path, "store", lambda root: (
        root.parent / "shared" / "banner.png").write_bytes(b"\x89PNG"))
    assert read == 0 and loaded.course is not None
    assert "@shared/banner.png" in loaded.course.inventory
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


@pytest.mark.parametrize("kind", ["store", "memory"])
def test_a_link_target_removed_reads_the_week_linking_to_it_again(
        course: Path, tmp_path: Path, kind: str) -> None:
    """A week's documents (its Markdown's links resolved) are made with its reading: a
    target that disappears makes that week be read again, and only it; a link held in a
    quiz (YAML) and one of a Markdown file of another week are resolved the same way."""
    (course / "weeks/week03/media/figure.png").write_bytes(b"\x89PNG figure")
    _append("weeks/week02/w02-002.md", "\n![figure](../week03/media/figure.png)\n")(course)
    _replace("weeks/week01/quizzes/w01-003.yml", "fr: Quelle fonction démarre ?",
             "fr: 'Quelle fonction démarre ? [la figure](../../week03/media/figure.png)'"
             )(course)
    store = _store(tmp_path, kind)
    first = _load(course, store)
    assert first.course is not None
    statuses = {d.file: [r.status for r in d.refs] for d in first.course.documents if d.refs}
    assert statuses == {"weeks/week02/w02-002.md": ["ok"],
                        "weeks/week01/quizzes/w01-003.yml": ["ok"]}
    _same_as_without_cache(first, course)
    loaded, read = _reloaded(course, tmp_path, kind,
                             lambda root: (root / "weeks/week03/media/figure.png").unlink())
    assert read == 2  # weeks 1 and 2, not week 3 (which holds the file)
    assert loaded.course is not None
    assert {d.file: [r.status for r in d.refs] for d in loaded.course.documents
            if d.refs} == {file: ["missing"] for file in statuses}
    _same_as_without_cache(loaded, course)
