"""`moocforge build`: targets, the loss-report summary, and refusing broken courses."""

from __future__ import annotations

from typer.testing import CliRunner

from moocforge.cli import app

QUIZ = "weeks/01-bienvenue/quiz-start.yml"
DROPDOWN_QUIZ = """\
title: Q
graded: true
type: Quiz
questions:
  - kind: dropdown
    prompt: Size of char?
    choices: [{text: "1", correct: true}, {text: "2"}]
    explanation: One byte.
"""


def test_loss_report_is_summarised_then_listed_with_losses(make_course, tmp_path) -> None:
    course = make_course({QUIZ: DROPDOWN_QUIZ})
    runner = CliRunner()
    out = tmp_path / "build"
    brief = runner.invoke(app, ["build", str(course), "-t", "coursera", "-o", str(out)])
    assert brief.exit_code == 0, brief.output
    assert "built coursera:" in brief.output and "MF550 ×1" in brief.output
    assert "dropdown question" not in brief.output
    full = runner.invoke(app, ["build", str(course), "-t", "coursera", "-o", str(out),
                               "--losses"])
    assert full.exit_code == 0
    assert f"{QUIZ}:5:5: warning MF550" in full.output and "dropdown question" in full.output


def test_build_refuses_a_course_with_errors_and_keeps_old_output(make_course, tmp_path) -> None:
    course = make_course()
    out = tmp_path / "build"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out)]).exit_code == 0
    before = sorted(p.name for p in (out / "my-course" / "olx").iterdir())
    (course / QUIZ).write_text("title: Q\nquestions: [}\n")
    broken = runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out)])
    assert broken.exit_code == 1
    assert "MF001" in broken.output and "Nothing was built" in broken.output
    assert sorted(p.name for p in (out / "my-course" / "olx").iterdir()) == before


def test_relative_output_folder_gets_every_site_tree(make_course, tmp_path, monkeypatch) -> None:
    course = make_course()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", str(course), "-t", "site", "-o", "out"])
    assert result.exit_code == 0, result.output
    site = tmp_path / "out" / "my-course" / "site"
    assert (site / "fr" / "index.html").is_file() and (site / "en" / "index.html").is_file()
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    assert "built site: out/my-course/site" in result.output
