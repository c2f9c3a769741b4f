"""A rebuilt kit links the files that come out the same as in the kit it replaces, instead of
creating them again; a file that differs (an edit, a hand-edited kit file, other
permissions) is written anew, and the kits' bytes never depend on it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app
from moocforge.writers.coursera.kit import _create, reusable_mode


@pytest.fixture()
def root(tmp_path):
    return generate(tmp_path / "course", 1, 12)


def build(root: Path, out: Path) -> Path:
    loaded = app.load(root, media=True)
    assert loaded.ok and loaded.course is not None
    report = app.build(loaded.course, ["coursera"], out)
    assert report.written, report.diagnostics[:3]
    return out / loaded.course.edition / "coursera"


def kit_files(kit: Path) -> dict[str, bytes]:
    return {p.relative_to(kit).as_posix(): p.read_bytes() for p in kit.rglob("*")
            if p.is_file()}


def keep(kit: Path, rel: str, tmp_path: Path) -> Path:
    """A second name for the old kit's file: it survives the old kit's removal."""
    kept = tmp_path / "kept" / rel.replace("/", "_")
    kept.parent.mkdir(exist_ok=True)
    os.link(kit / rel, kept)
    return kept


def test_an_unchanged_file_is_the_previous_kits_file(root, tmp_path):
    kit = build(root, tmp_path / "out")
    before = kit_files(kit)
    reading = next(rel for rel in before if rel.startswith("fr/module-01/")
                   and rel.endswith(".html") and b"Lecture" in before[rel])
    quiz = next(rel for rel in before if rel.startswith("en/") and rel.endswith(".json"))
    kept = {rel: keep(kit, rel, tmp_path) for rel in (reading, quiz, "fr/blueprint.csv")}
    again = build(root, tmp_path / "out")
    assert kit_files(again) == before
    for rel, old in kept.items():
        assert os.path.samefile(old, again / rel), rel


def test_an_edited_source_gives_a_new_file_and_keeps_the_others(root, tmp_path):
    kit = build(root, tmp_path / "out")
    source = next(root.glob("weeks/*/w01-002.md"))
    rel = next(p.relative_to(kit).as_posix() for p in (kit / "fr").rglob("*w01-002.html"))
    other = next(p.relative_to(kit).as_posix() for p in (kit / "fr").rglob("*w01-003.json"))
    old_page, old_other = keep(kit, rel, tmp_path), keep(kit, other, tmp_path)
    source.write_text(source.read_text("utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    again = build(root, tmp_path / "out")
    assert b"Une phrase ajout" in (again / rel).read_bytes()
    assert not os.path.samefile(old_page, again / rel)
    assert b"Une phrase ajout" not in old_page.read_bytes()  # the old file was not written
    assert os.path.samefile(old_other, again / other)


def test_a_hand_edited_kit_file_is_written_again_not_linked(root, tmp_path):
    kit = build(root, tmp_path / "out")
    rel = "fr/blueprint.csv"
    expected = (kit / rel).read_bytes()
    (kit / rel).write_bytes(expected.replace(b"w01", b"W01"))  # same size, other bytes
    edited = keep(kit, rel, tmp_path)
    again = build(root, tmp_path / "out")
    assert (again / rel).read_bytes() == expected
    assert not os.path.samefile(edited, again / rel)


def test_the_zips_are_the_same_bytes_with_and_without_a_previous_kit(root, tmp_path):
    fresh = build(root, tmp_path / "fresh")
    build(root, tmp_path / "out")
    rebuilt = build(root, tmp_path / "out")
    zips = sorted(p.name for p in fresh.glob("*.zip"))
    assert zips and zips == sorted(p.name for p in rebuilt.glob("*.zip"))
    for name in zips:
        assert (fresh / name).read_bytes() == (rebuilt / name).read_bytes()
        with zipfile.ZipFile(rebuilt / name) as archive:
            assert archive.testzip() is None
    assert kit_files(fresh) == kit_files(rebuilt)


def test_create_links_the_previous_file_only_when_it_is_the_same(tmp_path):
    old = tmp_path / "old.html"
    old.write_bytes(b"<p>page</p>")
    os.chmod(old, reusable_mode() or 0o644)
    same, longer, other = (tmp_path / name for name in ("same", "longer", "other"))
    _create(None, str(same), b"<p>page</p>", (), str(old))
    _create(None, str(longer), b"<p>page</p>!", (), str(old))
    _create(None, str(other), b"<p>PAGE</p>", (), str(old))
    assert os.path.samefile(same, old)
    assert not os.path.samefile(longer, old) and longer.read_bytes() == b"<p>page</p>!"
    assert not os.path.samefile(other, old) and other.read_bytes() == b"<p>PAGE</p>"
    assert old.read_bytes() == b"<p>page</p>"
    missing = tmp_path / "from-missing"
    _create(None, str(missing), b"x", (), str(tmp_path / "none"))
    assert missing.read_bytes() == b"x"


def test_create_never_links_a_file_with_other_permissions_or_a_symlink(tmp_path):
    old = tmp_path / "old.c"
    old.write_bytes(b"int main(void);")
    os.chmod(old, 0o600)
    private = tmp_path / "private"
    _create(None, str(private), b"int main(void);", (), str(old))
    assert not os.path.samefile(private, old)
    os.chmod(old, reusable_mode() or 0o644)
    link = tmp_path / "link.c"
    link.symlink_to(old)
    through = tmp_path / "through"
    _create(None, str(through), b"int main(void);", (), str(link))
    assert not os.path.samefile(through, old) and not through.is_symlink()


def test_a_copied_course_file_is_compared_with_its_source(tmp_path):
    source = tmp_path / "video.mp4"
    source.write_bytes(b"\0video" * 1000)
    old = tmp_path / "old.mp4"
    old.write_bytes(source.read_bytes())
    os.chmod(old, reusable_mode() or 0o644)
    linked, copied = tmp_path / "linked.mp4", tmp_path / "copied.mp4"
    _create(None, str(linked), source, (), str(old))
    assert os.path.samefile(linked, old)
    old.unlink()
    old.write_bytes(b"\0VIDEO" * 1000)
    _create(None, str(copied), source, (), str(old))
    assert copied.read_bytes() == source.read_bytes() and not os.path.samefile(copied, old)
