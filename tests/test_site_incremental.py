"""Warm site builds: only the changed pages are rendered again, and the site is byte for
byte the one a cold build of the same sources makes (real mkdocs, a small generated
bilingual course)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app, cache
from moocforge.model import Course, Reading
from moocforge.writers.site.incremental import last_build
from moocforge.writers.site.pages import item_pages


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


class Builds:
    """A course, its build folder with a kept cache, and cold builds to compare with."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = generate(base / "course", weeks=2, items=10)
        self.out = base / "out"
        self.cold_count = 0
        self.cold_diagnostics: list[object] = []
        # A finding made while generating week 1's pages (MF606): a warm build that copies
        # the week's pages must report it as a cold build does.
        first = next(p for p in sorted((self.root / "weeks" / "week01").glob("w01-*.md")))
        first.write_text(first.read_text("utf-8") + "\n![](nowhere.png)\n", "utf-8")

    def load(self, folder: Path) -> tuple[Course, cache.Cache]:
        store = cache.Cache(folder)
        loaded = app.load(self.root, cache=store)
        assert loaded.ok and loaded.course is not None, loaded.diagnostics[:3]
        return loaded.course, store

    def warm(self) -> app.BuildReport:
        course, store = self.load(cache.store_folder(self.out))
        return app.build(course, ["site"], self.out, cache=store)

    def last(self) -> object:
        return last_build(cache.store_folder(self.out), "synthetic")

    def cold(self) -> Path:
        """A cold build of the sources as they are now, in a folder of its own."""
        self.cold_count += 1
        out = self.base / f"cold-{self.cold_count}"
        course, store = self.load(cache.store_folder(out))
        report = app.build(course, ["site"], out, cache=store)
        assert report.written, report.diagnostics[:3]
        self.cold_diagnostics = list(report.diagnostics)
        return out / course.edition

    def output(self) -> Path:
        return self.out / "synthetic"

    def reading(self) -> tuple[Reading, Path]:
        course, _ = self.load(self.base / "scratch-cache")
        reading = next(i for i in course.weeks[1].items if isinstance(i, Reading))
        return reading, self.root / reading.files["fr"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    found = Builds(tmp_path_factory.mktemp("incremental"))
    report = found.warm()
    assert report.written, report.diagnostics[:3]
    assert found.last().mode == "full"  # type: ignore[attr-defined]
    return found


def assert_same_as_cold(builds: Builds) -> None:
    warm, cold = _tree(builds.output()), _tree(builds.cold())
    assert sorted(warm) == sorted(cold)
    different = [rel for rel in warm if warm[rel] != cold[rel]]
    assert different == []


def test_a_reading_edit_renders_its_page_only_and_gives_the_cold_bytes(
        builds: Builds, tmp_path: Path) -> None:
    reading, path = builds.reading()
    page = item_pages(builds.load(builds.base / "scratch-cache")[0])[reading.id]
    site = builds.output() / "site"
    # The output shares its files with the cache: a warm build writes new files, never
    # into the old ones (which a failed build must leave as they were).
    old_page, old_index = tmp_path / "page.html", tmp_path / "index.json"
    os.link(site / "fr" / (page[:-3] + ".html"), old_page)
    os.link(site / "fr" / "search" / "search_index.json", old_index)
    before = old_page.read_bytes(), old_index.read_bytes()
    path.write_text(path.read_text("utf-8") + "\nUne phrase toute neuve, introuvable.\n",
                    "utf-8")
    report = builds.warm()
    assert report.written, report.diagnostics[:3]
    assert any(d.code == "MF606" and "nowhere.png" in d.message for d in report.diagnostics)
    last = builds.last()
    assert last.mode == "incremental", last.reason  # type: ignore[attr-defined]
    # The first warm build after a cold one (its model read from the cache, not parsed):
    # week 1's Markdown is copied in both trees, week 2 (the edited one) generated again.
    assert last.reused_weeks == 2  # type: ignore[attr-defined]
    rendered = last.rendered  # type: ignore[attr-defined]
    assert page in rendered["fr"]
    assert len(rendered["fr"]) <= 3  # the page, and its week's and the home page (minutes)
    assert (old_page.read_bytes(), old_index.read_bytes()) == before
    html = (site / "fr" / (page[:-3] + ".html")).read_text("utf-8")
    assert "introuvable" in html
    index = json.loads((site / "fr" / "search" / "search_index.json").read_text("utf-8"))
    assert any("introuvable" in doc["text"] for doc in index["docs"])
    assert_same_as_cold(builds)
    assert report.diagnostics == builds.cold_diagnostics


def test_nothing_changed_is_incremental_with_nothing_rendered(builds: Builds) -> None:
    before = _tree(builds.output())
    assert builds.warm().written
    last = builds.last()
    assert last.mode == "incremental"  # type: ignore[attr-defined]
    assert all(not pages for pages in last.rendered.values())  # type: ignore[attr-defined]
    assert _tree(builds.output()) == before


def test_a_broken_edit_reports_and_replaces_nothing(builds: Builds, tmp_path: Path) -> None:
    _, path = builds.reading()
    before, manifest = _tree(builds.output()), builds.last()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for learners")
    link = path.parent / "outside.png"
    os.symlink(secret, link)
    text = path.read_text("utf-8")
    path.write_text(text + "\n![](outside.png)\n", "utf-8")
    try:
        report = builds.warm()
        assert not report.written
        found = [d for d in report.diagnostics if d.code == "MF608"]
        assert found and found[0].loc.file.endswith(path.name) and found[0].hint
        assert _tree(builds.output()) == before
        assert builds.last() == manifest
    finally:
        link.unlink()
        path.write_text(text, "utf-8")
    assert builds.warm().written
    assert builds.last().mode == "incremental"  # type: ignore[attr-defined]
    assert_same_as_cold(builds)


def test_a_lesson_title_change_falls_back_to_a_full_build(builds: Builds) -> None:
    week = builds.root / "weeks" / "week02" / "week.yml"
    text = week.read_text("utf-8")
    assert "Leçon" in text
    week.write_text(text.replace("Leçon", "Séance", 1), "utf-8")
    assert builds.warm().written
    last = builds.last()
    assert last.mode == "full" and "mkdocs.yml" in last.reason  # type: ignore[attr-defined]
    assert_same_as_cold(builds)


def test_a_touched_kept_site_is_not_trusted(builds: Builds) -> None:
    _, path = builds.reading()
    page = builds.output() / "site" / "fr" / "index.html"
    page.unlink()  # the output shares files with the cache: a user removed or edited one
    shutil.copyfile(builds.output() / "site" / "en" / "index.html", page)
    kept = cache.store_folder(builds.out) / "site" / "synthetic" / "site" / "fr" / "index.html"
    os.utime(kept, ns=(1, 1))
    path.write_text(path.read_text("utf-8") + "\nEncore.\n", "utf-8")
    assert builds.warm().written
    assert builds.last().mode == "full"  # type: ignore[attr-defined]
    assert_same_as_cold(builds)


def test_no_cache_builds_fully_and_keeps_nothing(builds: Builds, tmp_path: Path) -> None:
    course, _ = builds.load(tmp_path / "c")
    report = app.build(course, ["site"], tmp_path / "out", cache=cache.Cache.disabled())
    assert report.written
    assert not (tmp_path / "out" / cache.CACHE_DIR).exists()


def _kept_site(builds: Builds) -> Path:
    return cache.store_folder(builds.out) / "site" / "synthetic" / "site"


def test_the_replaced_output_becomes_the_kept_copy(builds: Builds) -> None:
    """A warm build moves the kept copy into its output and keeps the output it replaces
    as the next copy: no tree of ten thousand links made or removed per edit."""
    _, path = builds.reading()
    site, kept = builds.output() / "site", _kept_site(builds)
    output_folder, kept_folder = os.stat(site).st_ino, os.stat(kept).st_ino
    path.write_text(path.read_text("utf-8") + "\nRecyclé.\n", "utf-8")
    assert builds.warm().written
    assert builds.last().mode == "incremental"  # type: ignore[attr-defined]
    assert os.stat(kept).st_ino == output_folder
    assert os.stat(site).st_ino == kept_folder
    output_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert output_files == sorted(p.relative_to(kept) for p in kept.rglob("*") if p.is_file())
    assert all((site / rel).samefile(kept / rel) for rel in output_files)
    assert not [p for p in builds.output().iterdir() if p.name.startswith(".")]
    path.write_text(path.read_text("utf-8") + "\nEncore recyclé.\n", "utf-8")
    assert builds.warm().written
    assert builds.last().mode == "incremental"  # type: ignore[attr-defined]
    assert_same_as_cold(builds)


def test_a_build_whose_output_is_not_swapped_in_leaves_a_full_build_next(
        builds: Builds, tmp_path: Path) -> None:
    """The writer took the kept copy but no swap handed the replaced output back (a library
    call of the writer alone, another target's error): the next build is a full one."""
    from moocforge.writers import WriterOptions
    from moocforge.writers.site import WRITER

    _, path = builds.reading()
    path.write_text(path.read_text("utf-8") + "\nSans échange.\n", "utf-8")
    course, store = builds.load(cache.store_folder(builds.out))
    with cache.using(store):
        assert not [d for d in WRITER.write(course, tmp_path / "alone", WriterOptions())
                    if d.severity == "error"]
    assert not _kept_site(builds).exists()
    assert builds.warm().written
    assert builds.last().mode == "full"  # type: ignore[attr-defined]
    assert_same_as_cold(builds)
    path.write_text(path.read_text("utf-8") + "\nPuis un échange.\n", "utf-8")
    assert builds.warm().written
    assert builds.last().mode == "incremental"  # type: ignore[attr-defined]
    assert_same_as_cold(builds)
