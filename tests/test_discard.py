"""Replaced outputs are moved out of the output folder at once and removed in the
background (`moocforge.app.discard`); without a cache folder they are removed before the
build returns."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app, cache
from moocforge.app.discard import TRASH_DIR, discard, wait_for_discards


def _tree(root: Path, files: int = 30) -> Path:
    for n in range(files):
        folder = root / f"d{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{n}.txt").write_text(str(n))
    return root


def test_a_discarded_tree_leaves_at_once_and_is_removed_in_the_background(
        tmp_path: Path) -> None:
    old, folder = _tree(tmp_path / "out" / ".old-site"), tmp_path / "cache"
    discard(old, folder)
    assert not old.exists()
    wait_for_discards()
    assert list((folder / TRASH_DIR).iterdir()) == []


def test_without_a_cache_folder_the_tree_is_removed_before_discard_returns(
        tmp_path: Path) -> None:
    old = _tree(tmp_path / "old")
    discard(old, None)
    assert not old.exists()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    old = _tree(tmp_path / "old2")
    discard(old, blocked)  # no trash can be made there
    assert not old.exists()


def test_without_rm_the_tree_is_removed_in_place(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    old, folder = _tree(tmp_path / "old"), tmp_path / "cache"
    discard(old, folder)
    assert not old.exists()
    assert list((folder / TRASH_DIR).iterdir()) == []


def test_the_trash_of_a_process_that_is_gone_is_removed_by_the_next_discard(
        tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    gone = subprocess.Popen(["true"])
    gone.wait()
    left = _tree(folder / TRASH_DIR / f"{gone.pid}-0-site")
    other = subprocess.Popen(["sleep", "30"])  # a live process' entry is not touched
    try:
        alive = _tree(folder / TRASH_DIR / f"{other.pid}-0-site")
        discard(_tree(tmp_path / "old"), folder)
        wait_for_discards()
        assert not left.exists()
        assert alive.is_dir()
    finally:
        other.kill()
        other.wait()


def test_a_rebuild_replaces_its_output_without_leaving_anything_beside_it(
        tmp_path: Path) -> None:
    root = generate(tmp_path / "course", weeks=1, items=6)
    out = tmp_path / "build"
    store = cache.Cache(cache.store_folder(out))
    course = app.load(root, cache=store).course
    assert course is not None
    assert app.build(course, ["olx"], out, cache=store, keep_dir=True).written
    first = {p.relative_to(out) for p in (out / course.edition).rglob("*")}
    marker = next((out / course.edition / "olx").rglob("*.xml"))
    inode = os.stat(marker).st_ino
    assert app.build(course, ["olx"], out, cache=store, keep_dir=True).written
    assert {p.relative_to(out) for p in (out / course.edition).rglob("*")} == first
    assert os.stat(marker).st_ino != inode  # a new output, the old one gone from here
    wait_for_discards()
    assert list((cache.store_folder(out) / TRASH_DIR).iterdir()) == []
