"""Bad and hostile input to the catalogue, `ci init`, media and `codecast record`: a located
diagnostic with a hint, never a traceback, and nothing written outside the intended folder
or over a file the user made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SCAFFOLD
from typer.testing import CliRunner

from moocforge.catalog import load_catalogue
from moocforge.cli import app
from moocforge.media.lock import LOCK_FILE, LockEntry, read_lock, write_lock
from moocforge.media.probe import MediaInfo
from moocforge.media.transcripts import parse_transcript

runner = CliRunner()


def _catalogue(root: Path, text: str, courses: tuple[str, ...] = ("courses/c1",)) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel in courses:
        shutil.copytree(SCAFFOLD, root / rel)
    (root / "catalog.yml").write_text(text, "utf-8")
    return root


def _codes(found) -> list[tuple[str, int]]:
    return sorted((d.code, d.loc.line) for d in found)


def _located(found) -> None:
    for d in found:
        assert d.loc.line > 0 and d.hint, d


# --------------------------------------------------------------------------- catalogue


@pytest.mark.parametrize("path", ["../outside", "ABS", "courses/link"])
def test_a_course_outside_the_repository_is_refused(tmp_path: Path, path: str) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(SCAFFOLD, outside)
    root = _catalogue(tmp_path / "repo", "", ())
    (root / "courses").mkdir()
    (root / "courses" / "link").symlink_to(outside)
    path = str(outside) if path == "ABS" else path
    (root / "catalog.yml").write_text(f"courses:\n  my-course: {{path: '{path}'}}\n", "utf-8")
    catalogue, found = load_catalogue(root)
    assert _codes(found) == [("MF021", 2)]
    _located(found)
    assert catalogue is not None and not catalogue.courses


@pytest.mark.parametrize("ref", ["..", "courses", "courses/c1", "courses/c1/weeks", "ABS"])
def test_a_shared_root_outside_or_overlapping_a_course_is_refused(tmp_path: Path,
                                                                 ref: str) -> None:
    root = tmp_path / "repo"
    ref = str(tmp_path) if ref == "ABS" else ref
    _catalogue(root, f"courses:\n  my-course: {{path: courses/c1}}\nroots:\n  shared: '{ref}'\n")
    catalogue, found = load_catalogue(root)
    assert [d.code for d in found] in (["MF021"], ["MF020"], ["MF015"]), found
    assert [d.loc.line for d in found] == [4]
    _located(found)
    assert catalogue is not None and not catalogue.shared_roots


def test_a_shared_root_beside_the_courses_is_fine(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "repo", "courses:\n  my-course: {path: courses/c1}\n"
                                         "roots:\n  shared: shared\n")
    (root / "shared").mkdir()
    catalogue, found = load_catalogue(root)
    assert not found and catalogue is not None and "shared" in catalogue.shared_roots


def test_a_program_that_names_a_course_twice_is_refused(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "repo", "courses:\n  my-course: {path: courses/c1}\n"
                      "programs:\n  p:\n    title: P\n    courses:\n"
                      "      - {course: my-course}\n      - {course: my-course}\n")
    _, found = load_catalogue(root)
    assert _codes(found) == [("MF022", 8)]
    _located(found)


def test_unknown_variants_in_the_catalogue_are_errors(tmp_path: Path, monkeypatch) -> None:
    root = _catalogue(tmp_path / "repo", "courses:\n  my-course: {path: courses/c1, "
                      "variants: [nope]}\nprograms:\n  p:\n    title: P\n    courses:\n"
                      "      - {course: 'my-course:gone'}\n")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["lint", ".", "--no-media"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "catalog.yml:2:" in result.output and "'nope'" in result.output
    assert "catalog.yml:7:" in result.output and "'my-course:gone'" in result.output


@pytest.mark.parametrize("section", ["courses", "programs"])
def test_catalogue_ids_that_are_paths_are_refused(tmp_path: Path, monkeypatch,
                                                  section: str) -> None:
    course, program = ("../../x", "p") if section == "courses" else ("my-course", "../../x")
    root = _catalogue(tmp_path / "repo", f"courses:\n  '{course}': {{path: courses/c1}}\n"
                      f"programs:\n  '{program}':\n    title: P\n    courses:\n"
                      f"      - {{course: '{course}'}}\n")
    _, found = load_catalogue(root)
    assert ("MF015", 2 if section == "courses" else 4) in _codes(found)
    _located(found)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["build", ".", "--target", "olx"])
    assert result.exit_code == 1 and "Nothing was run" in result.output, result.output
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("repo/*.json"))


def test_the_categories_hint_is_spelled(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "repo", "courses:\n  my-course: {path: courses/c1, "
                      "category: x}\n")
    _, found = load_catalogue(root)
    assert [d.hint for d in found] == ["the catalogue's categories: none"]


def test_stats_of_a_catalogue_names_a_broken_course_from_the_root(tmp_path: Path,
                                                                   monkeypatch) -> None:
    root = _catalogue(tmp_path / "repo", "courses:\n  my-course: {path: courses/c1}\n")
    with (root / "courses/c1/course.yml").open("a") as file:
        file.write("bad: [\n")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["stats", ".", "--logs", str(tmp_path)])
    assert result.exit_code == 1
    assert "courses/c1/course.yml:" in result.output, result.output


# --------------------------------------------------------------------------- ci init


def test_ci_init_never_writes_through_a_symlink(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    victim = tmp_path / "victim.yml"
    (repo / ".gitlab-ci.yml").symlink_to(victim)  # dangling: exists() is False
    for force in ([], ["--force"]):
        result = runner.invoke(app, ["ci", "init", str(repo), *force])
        assert result.exit_code == 2, result.output
        assert "symbolic link" in result.output
        assert not victim.exists() and not (repo / ".github").exists()
    victim.write_text("mine\n")
    result = runner.invoke(app, ["ci", "init", str(repo), "--force"])
    assert result.exit_code == 2 and victim.read_text() == "mine\n"


def test_ci_init_never_writes_into_a_linked_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".github" / "workflows").symlink_to(elsewhere)
    result = runner.invoke(app, ["ci", "init", str(repo)])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert not list(elsewhere.iterdir()) and not (repo / ".gitlab-ci.yml").exists()


def test_ci_init_where_a_folder_is_a_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".github").write_text("mine\n")
    result = runner.invoke(app, ["ci", "init", str(repo), "--force"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "not a folder" in result.output
    assert (repo / ".github").read_text() == "mine\n" and not (repo / ".gitlab-ci.yml").exists()


def test_ci_init_keeps_the_users_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "moocforge.yml").write_text("mine\n")
    result = runner.invoke(app, ["ci", "init", str(repo)])
    assert result.exit_code == 2 and "--force" in result.output
    assert (repo / ".github" / "workflows" / "moocforge.yml").read_text() == "mine\n"
    assert not (repo / ".gitlab-ci.yml").exists()


# --------------------------------------------------------------------------- media


@pytest.mark.parametrize("text", [
    "9" * 5000 + "\n00:00:01,000 --> 00:00:02,000\nx\n",
    "1\n" + "9" * 5000 + ":00:01,000 --> 00:00:02,000\nx\n",
])
def test_srt_numbers_too_long_for_python_are_findings(text: str) -> None:
    found = parse_transcript(text, "srt", "x.srt")
    assert found.problems and all(p.loc.line > 0 and p.hint for p in found.problems)


def test_vtt_hours_too_long_for_python_are_findings() -> None:
    text = "WEBVTT\n\n" + "9" * 5000 + ":00:01.000 --> 00:00:02.000\nx\n"
    found = parse_transcript(text, "vtt", "x.vtt")
    assert (found.problems[0].code, found.problems[0].loc.line) == ("MF701", 3)
    assert all(p.hint for p in found.problems)


def _entry() -> LockEntry:
    return LockEntry(MediaInfo(2.0, 640, 360, "h264", "aac", True, 25.0, False, 1000, 10,
                               "0" * 64, "mov"), "ffprobe 5")


def test_a_lock_from_a_newer_moocforge_is_kept(tmp_path: Path) -> None:
    text = "# header\nversion: 2\nvideos: {}\nnew_things: {}\n"
    (tmp_path / LOCK_FILE).write_text(text)
    lock = read_lock(tmp_path)
    assert [(d.code, d.loc.line) for d in lock.problems] == [("MF730", 2)]
    assert "newer" in lock.problems[0].message and lock.problems[0].hint
    assert write_lock(tmp_path, {"a.mp4": _entry()}, lock.text, newer=lock.newer) == []
    assert (tmp_path / LOCK_FILE).read_text() == text


@pytest.mark.parametrize("text", ["[1, 2]\n", "version: '1'\n", "version: 1\nvideos: [a]\n"])
def test_a_lock_of_the_wrong_shape_is_located(tmp_path: Path, text: str) -> None:
    (tmp_path / LOCK_FILE).write_text(text)
    lock = read_lock(tmp_path)
    assert [d.code for d in lock.problems] == ["MF730"]
    assert lock.problems[0].loc.line > 0
    assert write_lock(tmp_path, {"a.mp4": _entry()}, lock.text) == []
    assert yaml.safe_load((tmp_path / LOCK_FILE).read_text())["version"] == 1


# --------------------------------------------------------------------------- codecast record


def _versions(tmp_path: Path, second: bytes) -> list[str]:
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "main.c").write_text("int main(void) { return 0; }\n")
    (tmp_path / "v2" / "main.c").write_bytes(second)
    return ["--folder", str(tmp_path / "v1"), "--folder", str(tmp_path / "v2"),
            "--file", "main.c"]


def _refused(tmp_path: Path, args: list[str]) -> None:
    """`codecast record` with `args` stops with MF036 (no internal error) and writes
    nothing."""
    out = tmp_path / "codecast-x.yml"
    result = runner.invoke(app, ["codecast", "record", str(out), *args])
    assert result.exit_code == 1, result.output
    assert "MF036" in result.output and "internal error" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("second", [b"\x9b\xff\x00binary", b"int x;\n" * 1_000_000])
def test_record_refuses_binary_and_huge_versions(tmp_path: Path, second: bytes) -> None:
    args = _versions(tmp_path, second)
    _refused(tmp_path, args)


def test_record_refuses_a_binary_narration(tmp_path: Path) -> None:
    args = _versions(tmp_path, b"int main(void) { return 1; }\n")
    (tmp_path / "v2" / "narration.txt").write_bytes(b"\xff\xfe\x00")
    _refused(tmp_path, args)


def test_record_never_reads_a_file_outside_its_folder(tmp_path: Path) -> None:
    args = _versions(tmp_path, b"int main(void) { return 1; }\n")
    (tmp_path / "secret.c").write_text("secret\n")
    args[-1] = "../secret.c"
    _refused(tmp_path, args)


def test_record_checks_the_limits_without_a_symlink_escape(tmp_path: Path) -> None:
    args = _versions(tmp_path, b"int main(void) { return 1; }\n")
    (tmp_path / "secret.c").write_text("secret\n")
    os.remove(tmp_path / "v2" / "main.c")
    (tmp_path / "v2" / "main.c").symlink_to(tmp_path / "secret.c")
    _refused(tmp_path, args)


def test_record_passes_no_option_to_git(tmp_path: Path) -> None:
    import subprocess

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for text in ("int main(void) {}\n", "int main(void) { return 1; }\n"):
        (repo / "a.c").write_text(text)
        subprocess.run(["git", "-C", str(repo), "add", "a.c"], check=True)
        subprocess.run(["git", "-C", str(repo), "-c", "user.email=a@b", "-c", "user.name=a",
                        "commit", "-qm", "step"], check=True)
    written = tmp_path / "written"
    out = tmp_path / "codecast-x.yml"
    result = runner.invoke(app, ["codecast", "record", str(out), "--git", str(repo),
                                 "--file", "a.c", f"--revisions=--output={written}"])
    assert result.exit_code == 1 and "MF036" in result.output, result.output
    assert not written.exists() and not out.exists()


@pytest.mark.parametrize("where", ["video", "transcript"])
def test_draft_never_writes_through_a_link_out_of_the_course(make_course, tmp_path: Path,
                                                             where: str) -> None:
    from media_fixtures import course_yml_with, video_week

    outside = tmp_path / "outside"
    outside.mkdir()
    video, track = (("lnk/v.mp4", "media/v.fr.vtt") if where == "video"
                    else ("media/v.mp4", "lnk/v.fr.vtt"))
    root = make_course({
        "course.yml": course_yml_with(""),
        "weeks/02-videos/week.yml": video_week(
            f"- {{video: {video}, script: v.md, transcripts: {{fr: {track}}}, id: v,\n"
            "   title: {fr: V, en: V}}\n"),
        "weeks/02-videos/v.md": "Bonjour à tous.\n"})
    (root / "weeks/02-videos/lnk").symlink_to(outside)
    (outside / "v.fr.vtt").write_text("mine\n")
    result = runner.invoke(app, ["media", "draft", str(root), "v"])
    assert result.exit_code == 1, result.output
    if where == "video":
        assert "MF746" in result.output and "outside the course" in result.output
    assert [p.name for p in outside.iterdir()] == ["v.fr.vtt"]
    assert (outside / "v.fr.vtt").read_text() == "mine\n"


def test_a_codecast_too_large_to_replay_is_one_finding(monkeypatch) -> None:
    import time
    from types import SimpleNamespace

    from moocforge.codecast import timeline
    from moocforge.model import CodecastStep, CodeEdit, I18nText, Loc, Position

    monkeypatch.setattr(timeline, "MAX_REPLAYED_CHARS", 2_000_000)
    steps = tuple(CodecastStep(i + 1, I18nText({"en": "a"}, "en"),
                               CodeEdit("insert", "line\n", Position(i + 1, 1)), None, None,
                               (), None, Loc("cc.yml", i + 1))
                  for i in range(6000))
    started = time.monotonic()
    states = timeline.replay(SimpleNamespace(start="x\n", steps=steps))  # type: ignore[arg-type]
    assert time.monotonic() - started < 10
    problems = [s for s in states if s.problem is not None]
    assert len(states) == 6000 and len(problems) == 1 and problems[0].problem.hint
