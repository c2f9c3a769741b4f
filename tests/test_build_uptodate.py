"""`moocforge build <course>` does nothing when nothing it reads changed since its last
successful build (`moocforge.app.course_build`), and builds again whenever something did."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge.app.course_build import CourseBuild, build_course


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return generate(tmp_path / "course", 2, 6)


def _build(course: Path, out: Path, **options: object) -> CourseBuild:
    result = build_course(course, ["olx"], out, **options)  # type: ignore[arg-type]
    assert result.loaded and result.written, result.all_diagnostics[:3]
    return result


def _outputs(out: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file() and ".moocforge-cache" not in p.parts}


def test_nothing_changed_replays_the_last_build_and_writes_nothing(course: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = _build(course, out)
    before = _outputs(out)
    again = _build(course, out)
    assert again.replayed and not first.replayed
    assert _outputs(out) == before  # same bytes, same time stamps: nothing was written
    assert again.all_diagnostics == first.all_diagnostics
    assert [t.name for e in again.editions for t in e.report.targets] == ["olx"]


@pytest.mark.parametrize("what", ["a reading", "an output", "the options", "force",
                                  "SOURCE_DATE_EPOCH"])
def test_a_change_builds_again(course: Path, tmp_path: Path, what: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _build(course, out)
    options: dict[str, object] = {}
    if what == "SOURCE_DATE_EPOCH":  # the archives' dates
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
    elif what == "a reading":
        reading = course / "weeks/week02/w02-002.md"
        reading.write_text(reading.read_text("utf-8") + "\nNouvelle phrase.\n", "utf-8")
    elif what == "an output":
        next(out.rglob("*.tar.gz")).unlink()
    elif what == "the options":
        options["languages"] = ("fr",)
    else:
        options["force"] = True
    again = _build(course, out, **options)
    assert not again.replayed


def test_a_declared_root_outside_the_course_is_watched_too(course: Path,
                                                          tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "note.md").write_text("Une note partagée.\n", "utf-8")
    course_yml = course / "course.yml"
    course_yml.write_text(course_yml.read_text("utf-8") + "roots:\n  shared: ../shared\n",
                          "utf-8")
    week = course / "weeks/week01/week.yml"
    week.write_text(week.read_text("utf-8").replace(
        "  - reading: w01-002.md\n", "  - reading: w01-002.md\n  - reading: "
        "../../../shared/note.md\n    id: shared-note\n", 1), "utf-8")
    out = tmp_path / "build"
    _build(course, out)
    assert _build(course, out).replayed
    (shared / "note.md").write_text("Une note partagée, revue.\n", "utf-8")
    assert not _build(course, out).replayed


def test_a_failed_build_is_never_replayed(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(course, out)
    week = course / "weeks/week01/week.yml"
    good = week.read_text("utf-8")
    week.write_text(good.replace("lessons:", "lessons: [\n", 1), "utf-8")
    broken = build_course(course, ["olx"], out)
    assert not broken.loaded and not broken.replayed
    assert broken.all_diagnostics and broken.all_diagnostics[0].code == "MF001"
    week.write_text(good, "utf-8")
    assert not _build(course, out).replayed  # the stamp went with the failure
