"""Issue 13, items 8–10: every schema-valid value converts, problems are positioned in the
file that holds them, and a failed or killed build replaces nothing and leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from moocforge import app as application
from moocforge.cli import app
from moocforge.load import load_course

W = "weeks/01-bienvenue"
QUIZ = f"{W}/quiz-start.yml"
NUMERIC = "title: Q\nquestions:\n  - kind: numeric\n    prompt: P\n    answer: {answer}\n"


def problems(root: Path) -> list[tuple[str, str, int]]:
    result = load_course(root)
    return [(d.code, d.loc.file, d.loc.line) for d in result.diagnostics
            if d.severity == "error"]


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(("answer", "tolerance"), [
    ("1" + "0" * 400, None),  # an integer no float can hold
    (".nan", None), (".inf", None), ("3", ".nan"), ("3", "-1"), ("3", "'1.2.3%'"),
])
def test_numbers_that_do_not_convert_are_positioned_errors(make_course, answer, tolerance):
    quiz = NUMERIC.format(answer=answer) + (f"    tolerance: {tolerance}\n" if tolerance else "")
    root = make_course({QUIZ: quiz})
    found = problems(root)
    assert found and all(file == QUIZ and line for _, file, line in found), found
    assert {code for code, _, _ in found} <= {"MF015", "MF016"}
    result = cli("validate", str(root))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_an_oversized_integer_in_media_lock_is_a_warning_not_a_crash(make_course):
    root = make_course({"media.lock": "version: 1\nvideos:\n  a.mp4:\n    duration: "
                        + "9" * 400 + "\n"})
    result = cli("lint", str(root))
    assert "Traceback" not in result.output and "MF099" not in result.output
    assert result.exit_code == 0, result.output


def test_lint_ignore_of_the_wrong_shape_is_positioned(make_course):
    course_yml = (ROOT / "moocforge/scaffold/course.yml").read_text("utf-8")
    root = make_course({"course.yml": course_yml + "lint:\n  ignore: [MF300]\n"})
    [(code, file, line)] = problems(root)
    assert (code, file, line) == ("MF031", "course.yml", 17)


def test_control_and_bidi_characters_in_a_title(make_course):
    week = (ROOT / "moocforge/scaffold" / W / "week.yml").read_text("utf-8")
    bidi = make_course({f"{W}/week.yml": week.replace(
        "title: {fr: Bienvenue, en: Welcome}", 'title: {fr: "Bien\\u202evenue", en: Welcome}')},
        name="bidi")
    assert problems(bidi) == [("MF029", f"{W}/week.yml", 2)]
    control = make_course({f"{W}/week.yml": week.replace(
        "title: {fr: Bienvenue, en: Welcome}", 'title: {fr: "Bien\\x01venue", en: Welcome}')},
        name="control")
    result = load_course(control)
    assert [(d.code, d.severity) for d in result.diagnostics] == [("MF029", "warning")]


def test_validate_reports_transcript_problems(make_course):
    week = (ROOT / "moocforge/scaffold" / W / "week.yml").read_text("utf-8") + (
        "      - {video: youtube:abcdefgh, id: v1, title: {fr: Un, en: One},\n"
        "         transcripts: {fr: v.vtt, en: v.vtt}}\n")
    root = make_course({f"{W}/week.yml": week,
                        f"{W}/v.vtt": "WEBVTT\n\n00:00,000 --> 00:04.000\nBonjour.\n"})
    result = cli("validate", str(root))
    assert result.exit_code == 1 and f"{W}/v.vtt:3:1: error MF701" in result.output


def test_a_week_listed_twice_points_at_course_yml(make_course):
    course_yml = (ROOT / "moocforge/scaffold/course.yml").read_text("utf-8")
    root = make_course({"course.yml": course_yml + "  - weeks/01-bienvenue\n"})
    found = problems(root)
    assert ("MF022", "course.yml", 16) in found, found


def test_ids_that_differ_only_by_case_collide(make_course):
    week = (ROOT / "moocforge/scaffold" / W / "week.yml").read_text("utf-8").replace(
        "      - quiz: quiz-start.yml",
        "      - {quiz: quiz-start.yml, id: Start}\n      - {discussion: D, id: start, "
        "title: {fr: D, en: D}}")
    root = make_course({f"{W}/week.yml": week})
    assert ("MF028", f"{W}/week.yml", 15) in problems(root)


def test_a_translation_for_an_undeclared_language_is_reported(make_course):
    root = make_course({f"{W}/intro.de.md": "# Einführung\n"})
    result = load_course(root)
    [d] = [d for d in result.diagnostics if d.code == "MF026"]
    assert (d.severity, d.loc.file) == ("warning", f"{W}/intro.de.md")


# --------------------------------------------------------------------------- builds


def test_an_error_in_one_target_replaces_no_output(make_course, load_ok, tmp_path):
    root = make_course()
    course = load_ok(root)
    first = application.build(course, ["olx", "coursera"], tmp_path)
    assert first.written
    olx = sorted((tmp_path / course.id / "olx").iterdir())
    before = {p: p.read_bytes() for p in olx}
    (root / f"{W}/intro.md").write_text("# Intro\n\n[x](gone.pdf)\n", "utf-8")
    broken = load_ok(root)  # a link to a missing file: lint's error, and the kit's (MF572)
    second = application.build(broken, ["olx", "coursera"], tmp_path)
    assert not second.written and any(d.code == "MF572" for d in second.diagnostics)
    assert {p: p.read_bytes() for p in olx} == before, "the OLX packages were replaced"
    assert not [p for p in (tmp_path / course.id).iterdir() if p.name.startswith(".")]


def test_a_writer_crash_replaces_no_output(make_course, load_ok, tmp_path, monkeypatch):
    course = load_ok(make_course())
    assert application.build(course, ["olx", "coursera"], tmp_path).written
    kit = tmp_path / course.id / "coursera"
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}
    import moocforge.writers.olx.package as olx_package

    monkeypatch.setattr(olx_package, "write_about", lambda b: 1 / 0)
    report = application.build(course, ["coursera", "olx"], tmp_path)
    assert not report.written and any(d.code == "MF098" for d in report.diagnostics)
    assert {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()} == before


def test_a_killed_build_leaves_no_process_and_its_staging_is_cleaned(make_course, tmp_path):
    root = make_course()
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "moocforge", "build", str(root), "-t",
                             "site", "-o", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    mkdocs = []
    while time.monotonic() < deadline and not mkdocs:
        # mkdocs runs in forked workers of the build (their command line is the build's)
        mkdocs = _children_running("moocforge", proc.pid)
        time.sleep(0.02)
    assert mkdocs, "the build never started its mkdocs workers"
    os.kill(proc.pid, signal.SIGKILL)  # as a CI timeout does, without a chance to clean up
    proc.wait()
    time.sleep(0.5)
    assert not [pid for pid in mkdocs if _alive(pid)], "mkdocs outlived the build"
    course_out = out / "my-course"
    stale = [p.name for p in course_out.iterdir() if p.name.startswith(".staging-")]
    assert stale, "a SIGKILL leaves the staging folder; the next build removes it"
    assert cli("build", str(root), "-t", "olx", "-o", str(out)).exit_code == 0
    assert not [p for p in course_out.iterdir() if p.name.startswith(".")]


def _children_running(name: str, ancestor: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if name in cmdline and "setpriv" not in cmdline and _descends(int(stat[1]), ancestor):
            found.append(int(entry.name))
    return found


def _descends(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            return False
    return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_course_without_languages_gets_one_error_not_one_per_text(make_course):
    """Copied out of its catalogue, a course loses `languages:`: MF012 says so once, and its
    `{fr:, en:}` texts are not each reported as in an undeclared language (MF024)."""
    root = make_course()
    course_yml = root / "course.yml"
    course_yml.write_text("\n".join(line for line in course_yml.read_text().splitlines()
                                    if not line.startswith("languages:")) + "\n")
    found = problems(root)
    assert [code for code, _, _ in found if code == "MF012"] == ["MF012"]
    assert not [p for p in found if p[0] == "MF024"], found
