"""Files that are the same in every language kit (subtitles, video shortcuts, code) are
created once and hard-linked into the other kits; the kits' bytes do not depend on it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from moocforge import app

SHARED_SUFFIXES = (".srt", ".vtt", ".url", ".c")


@pytest.fixture(scope="module")
def course(synthetic_course):
    return synthetic_course


def build(course, out: Path, jobs: str, monkeypatch) -> Path:
    monkeypatch.setenv("MOOCFORGE_JOBS", jobs)
    report = app.build(course, ["coursera"], out)
    assert report.written, report.diagnostics[:3]
    return out / course.edition / "coursera"


def kit_files(kit: Path) -> dict[str, Path]:
    return {p.relative_to(kit).as_posix(): p for p in kit.rglob("*") if p.is_file()}


def test_a_file_the_same_in_every_kit_is_one_inode(course, tmp_path, monkeypatch):
    # One kit after the other (one job): the second finds every shared file of the first.
    out = build(course, tmp_path / "serial", "1", monkeypatch)
    fr, en = kit_files(out / "fr"), kit_files(out / "en")
    assert fr.keys() == en.keys()
    shared = [rel for rel in fr if rel.endswith(SHARED_SUFFIXES)]
    assert any(rel.endswith(".srt") for rel in shared) and any(
        rel.startswith("instructor/") for rel in shared)
    for rel in shared:
        assert os.path.samefile(fr[rel], en[rel]), rel
        assert fr[rel].stat().st_nlink == 2, rel
    for rel in fr:
        if rel.endswith((".html", ".md", ".json", ".xlsx", ".csv")):
            assert not os.path.samefile(fr[rel], en[rel]), rel


def test_kits_written_at_once_or_in_turn_are_the_same_bytes(course, tmp_path, monkeypatch):
    serial = build(course, tmp_path / "serial", "1", monkeypatch)
    parallel = build(course, tmp_path / "parallel", "2", monkeypatch)
    for lang in ("fr", "en"):
        zip_name = f"{course.id}-coursera-{lang}.zip"
        assert (serial / zip_name).read_bytes() == (parallel / zip_name).read_bytes()
        ours, theirs = kit_files(serial / lang), kit_files(parallel / lang)
        assert ours.keys() == theirs.keys()
        for rel, path in ours.items():
            assert path.read_bytes() == theirs[rel].read_bytes(), rel
        with zipfile.ZipFile(serial / zip_name) as archive:
            assert archive.testzip() is None
            for rel, path in ours.items():
                assert archive.read(f"{zip_name.removesuffix('.zip')}/{rel}") == \
                    path.read_bytes(), rel


def test_a_sibling_file_that_cannot_be_linked_is_written(tmp_path):
    from moocforge.writers.coursera.kit import _create

    target = tmp_path / "kit" / "a.srt"
    _create(str(target.parent), str(target), b"cues", (str(tmp_path / "missing.srt"),))
    assert target.read_bytes() == b"cues" and target.stat().st_nlink == 1
    other = tmp_path / "other.srt"
    _create(None, str(other), b"cues", (str(target),))
    assert os.path.samefile(other, target)


def test_writing_a_path_again_never_writes_into_the_sibling(tmp_path):
    from moocforge.writers.coursera.kit import _create

    sibling = tmp_path / "fr" / "a.srt"
    _create(str(sibling.parent), str(sibling), b"cues", ())
    mine = tmp_path / "en" / "a.srt"
    _create(str(mine.parent), str(mine), b"cues", (str(sibling),))
    assert os.path.samefile(mine, sibling)
    _create(None, str(mine), b"other bytes", ())  # the same kit path written again
    assert mine.read_bytes() == b"other bytes" and sibling.read_bytes() == b"cues"
    third = tmp_path / "de" / "a.srt"
    _create(str(third.parent), str(third), b"cues", (str(sibling),))
    source = tmp_path / "video.mp4"
    source.write_bytes(b"video")
    _create(None, str(third), source, ())  # a copy of a course file, written again
    assert third.read_bytes() == b"video" and sibling.read_bytes() == b"cues"
