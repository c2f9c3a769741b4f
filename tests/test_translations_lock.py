"""Translations tracked by content: translations.lock, `moocforge translations status` and
`confirm`, and the stale part of translation-missing (MF302).

The acceptance runs in a `git clone --depth 1`, as CI checks out a repository: the check
reads digests from the lock, never git dates, so a shallow clone sees what a full one sees.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ABC_C, ROOT
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.load import load_course
from moocforge.rules.translation_missing import stale_findings
from moocforge.translations import LOCK_FILE

W = "weeks/01-bienvenue"
runner = CliRunner()
VIDEO_FILES = {
    f"{W}/week.yml": """
        title: {fr: Bienvenue, en: Welcome}
        objectives:
          - id: start
            text: {fr: Savoir comment le cours fonctionne, en: Know how the course works}
        lessons:
          - id: premiers-pas
            title: {fr: Premiers pas, en: First steps}
            items:
              - reading: intro.md
                objectives: [start]
              - video: media/accueil.mp4
                title: {fr: Accueil, en: Welcome}
                script: scripts/accueil.md
                transcripts: {fr: media/accueil.fr.vtt, en: media/accueil.en.vtt}
              - quiz: quiz-start.yml
        """,
    f"{W}/scripts/accueil.md": "Bonjour et bienvenue dans ce cours.\n",
    f"{W}/scripts/accueil.en.md": "Hello and welcome to this course.\n",
    f"{W}/media/accueil.fr.vtt": "WEBVTT\n\n00:00.000 --> 00:03.000\nBonjour et bienvenue.\n",
    f"{W}/media/accueil.en.vtt": "WEBVTT\n\n00:00.000 --> 00:03.000\nHello and welcome.\n",
    f"{W}/media/accueil.mp4": b"\x00\x00\x00\x18ftypmp42-not-a-real-video",
}


def _run(*args: str, cwd: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def clone(make_course, tmp_path, monkeypatch) -> Path:
    """A course with its lock committed, cloned with --depth 1; the cwd is the clone."""
    origin = make_course(VIDEO_FILES)
    monkeypatch.chdir(origin)
    result = invoke("translations", "confirm", "--all")
    assert result.exit_code == 0, result.output
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "c"]):
        _run(*command, cwd=origin)
    copy = tmp_path / "clone"
    _run("git", "clone", "-q", "--depth", "1", origin.as_uri(), str(copy), cwd=tmp_path)
    assert subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=copy,
                          capture_output=True, text=True).stdout.strip() == "true"
    monkeypatch.chdir(copy)
    return copy


def _stale(root: Path) -> list[tuple[str, int, str]]:
    course = load_course(root).course
    assert course is not None
    return sorted((d.loc.file, d.loc.line, d.message) for d in stale_findings(course))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


# --------------------------------------------------------------------------- acceptance


def test_a_fresh_shallow_clone_has_nothing_stale(clone):
    assert _stale(clone) == []
    result = invoke("lint", ".", "--no-media")
    assert "MF302" not in result.output, result.output


def test_editing_a_french_objective_reports_the_english_one_and_confirm_clears_it(clone):
    _edit(clone / W / "week.yml", "Savoir comment le cours fonctionne",
          "Savoir comment le cours est organisé")
    assert _stale(clone) == [(f"{W}/week.yml", 3, "the en text of objective start (text) may "
                              "be out of date: its fr text changed since it was last "
                              "confirmed")]
    lint = invoke("lint", ".", "--no-media", "--fail-on", "warning")
    assert lint.exit_code == 1
    assert f"{W}/week.yml:3:5: warning MF302" in lint.output
    # plain text in the terminal: the command without the Markdown code marks
    assert (f"hint: update it to match the fr text, then run moocforge translations confirm "
            f"'{W}/week.yml#objective start.text@en'\n") in lint.output
    status = invoke("translations", "status")
    assert status.exit_code == 1 and "1 stale" in status.output
    confirmed = invoke("translations", "confirm", "start")
    assert confirmed.exit_code == 0, confirmed.output
    assert "confirmed 1 translation(s) in translations.lock (1 changed)" in confirmed.output
    assert _stale(clone) == []
    assert invoke("translations", "status").exit_code == 0


def test_editing_the_french_script_reports_its_translation_transcript_and_video(clone):
    _edit(clone / W / "scripts/accueil.md", "Bonjour", "Bonsoir")
    assert _stale(clone) == [
        (f"{W}/media/accueil.fr.vtt", 1, f"the fr transcript {W}/media/accueil.fr.vtt may be "
                                         f"out of date: its script {W}/scripts/accueil.md "
                                         "changed since it was last confirmed"),
        (f"{W}/scripts/accueil.en.md", 1, f"the en translation {W}/scripts/accueil.en.md may "
                                          f"be out of date: its source {W}/scripts/accueil.md "
                                          "changed since it was last confirmed"),
        (f"{W}/week.yml", 11, f"the video {W}/media/accueil.mp4 may be out of date: its "
                              f"script {W}/scripts/accueil.md changed since it was last "
                              "confirmed"),
    ]
    assert invoke("translations", "confirm", f"{W}/scripts/accueil.en.md").exit_code == 0
    assert [f for f, _, _ in _stale(clone)] == [f"{W}/media/accueil.fr.vtt", f"{W}/week.yml"]
    # the id of the video names the video and its transcripts
    assert invoke("translations", "confirm", "accueil").exit_code == 0
    assert _stale(clone) == []


def test_editing_an_english_script_reports_the_english_transcript(clone):
    _edit(clone / W / "scripts/accueil.en.md", "Hello", "Good evening")
    [(file, line, message)] = _stale(clone)
    assert (file, line) == (f"{W}/media/accueil.en.vtt", 1)
    assert message.startswith(f"the en transcript {W}/media/accueil.en.vtt may be out of date")


def test_editing_a_source_markdown_file_reports_its_translation(clone):
    _edit(clone / W / "intro.md", "plusieurs semaines", "cinq semaines")
    assert _stale(clone) == [(f"{W}/intro.en.md", 1, f"the en translation {W}/intro.en.md "
                              f"may be out of date: its source {W}/intro.md changed since it "
                              "was last confirmed")]
    lint = invoke("lint", ".", "--no-media")
    assert f"hint: update it to match {W}/intro.md, then run 'moocforge translations " \
           f"confirm {W}/intro.en.md'" in lint.output
    # updating the translation is not confirming it: the hint says what is left to do
    _edit(clone / W / "intro.en.md", "several weeks", "five weeks")
    assert "it was edited since: check it against its source" in \
        invoke("lint", ".", "--no-media").output
    assert invoke("translations", "confirm", f"{W}/intro.md").exit_code == 0  # by its source
    assert _stale(clone) == []


def test_a_deleted_english_script_is_a_missing_translation(clone):
    (clone / W / "scripts/accueil.en.md").unlink()
    result = invoke("lint", ".", "--no-media")
    assert (f"the script of video 'accueil' has no en version (expected "
            f"{W}/scripts/accueil.en.md)") in result.output


def test_the_lock_is_the_same_bytes_in_any_clone(clone):
    committed = (clone / LOCK_FILE).read_bytes()
    assert invoke("translations", "confirm", "--all").exit_code == 0
    assert (clone / LOCK_FILE).read_bytes() == committed


# --------------------------------------------------------------------------- status, errors


def test_a_translation_the_lock_does_not_know_is_info(clone):
    _edit(clone / W / "week.yml", "objectives:\n",
          "objectives:\n  - {id: new, text: {fr: Nouveau, en: New one}}\n")
    lint = invoke("lint", ".", "--no-media")
    assert "info MF302 [translation-missing] the en text of objective new (text) is not in " \
           "translations.lock yet" in lint.output
    assert invoke("translations", "status").exit_code == 0  # nothing is stale


def test_without_a_lock_nothing_is_tracked(make_course, monkeypatch):
    monkeypatch.chdir(make_course(VIDEO_FILES))
    result = invoke("translations", "status")
    assert result.exit_code == 0
    assert "translations.lock: none yet, translations are not tracked" in result.output
    assert "MF302" not in invoke("lint", ".", "--no-media").output


def test_confirm_names_what_it_does_not_know(clone):
    result = invoke("translations", "confirm", "strat")
    assert result.exit_code == 1
    assert "error MF039 'strat' names no translation of the course" in result.output
    assert "hint: did you mean 'start'?" in result.output
    assert invoke("translations", "confirm").exit_code == 2


def test_an_unreadable_lock_is_reported_and_only_confirm_all_rewrites_it(clone):
    (clone / LOCK_FILE).write_text("version: 1\ntranslations: [oops\n")
    lint = invoke("lint", ".", "--no-media")
    assert f"{LOCK_FILE}:3:1: error MF038 translations.lock is not valid YAML" in lint.output
    assert invoke("translations", "confirm", "start").exit_code == 1
    assert "oops" in (clone / LOCK_FILE).read_text()  # left as it was
    assert invoke("translations", "confirm", "--all").exit_code == 0
    assert _stale(clone) == []


def test_confirm_refuses_a_course_that_does_not_load(clone):
    (clone / W / "week.yml").write_text("title: [unclosed\n")
    result = invoke("translations", "confirm", "--all")
    assert result.exit_code == 1 and "Nothing was done" in result.output


def test_the_example_courses_are_tracked_and_up_to_date():
    for root in (ABC_C, ROOT / "courses" / "roches-mineraux"):
        course = load_course(root).course
        assert course is not None and course.translation_lock.present, root
        assert stale_findings(course) == [], root
