"""`--merge-lang`: a translation's blocks matched by url_name, then by position; what
matches nothing is reported; the CLI runs the whole import."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.importers.olx import import_olx
from moocforge.load import load_course


def _export(root: Path, lang: str, week: str, page: str, extra: str = "") -> Path:
    files = {
        "course.xml": '<course url_name="run" org="Org" course="N1"/>',
        "course/run.xml": '<course display_name="T"><chapter url_name="c1"/></course>',
        "policies/run/policy.json": '{"course/run": {"start": "2027-03-01T08:00:00Z", '
                                    f'"language": "{lang}", "display_name": "{week}"}}}}',
        "policies/run/grading_policy.json": '{"GRADER": [{"type": "Quiz", "weight": 1.0, '
                                            '"min_count": 1, "drop_count": 0}], '
                                            '"GRADE_CUTOFFS": {"Pass": 0.6}}',
        "chapter/c1.xml": f'<chapter display_name="{week}"><sequential url_name="s1"/>'
                          "</chapter>",
        "sequential/s1.xml": '<sequential display_name="L"><vertical url_name="v1"/>'
                             f"{extra}</sequential>",
        "vertical/v1.xml": '<vertical display_name="U"><html url_name="h1"/>'
                           '<problem url_name="p1"/></vertical>',
        "html/h1.xml": '<html filename="h1" display_name="Page"/>',
        "html/h1.html": f"<p>{page}</p>",
        "problem/p1.xml": '<problem display_name="Q"><multiplechoiceresponse>'
                          f"<label>{week}?</label><choicegroup type=\"MultipleChoice\">"
                          '<choice correct="true">A</choice><choice correct="false">B</choice>'
                          "</choicegroup></multiplechoiceresponse></problem>",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def test_a_translation_is_merged_by_url_name(tmp_path):
    fr = _export(tmp_path / "fr", "fr", "Semaine", "Bonjour")
    en = _export(tmp_path / "en", "en", "Week", "Hello")
    result = import_olx(fr, tmp_path / "course", merge=[("en", en)],
                        timezone="Europe/Paris")
    assert result.ok, result.diagnostics
    course = load_course(tmp_path / "course").course
    assert course.languages == ("fr", "en")
    assert course.weeks[0].title == {"fr": "Semaine", "en": "Week"}
    reading = course.item("h1")
    assert reading.body["fr"].strip() == "# Page\n\nBonjour"
    assert reading.body["en"].strip() == "# Page\n\nHello"
    assert (tmp_path / "course/weeks/01-c1/h1.en.md").is_file()
    quiz = course.item("p1")
    assert quiz.questions[0].prompt == {"fr": "Semaine?", "en": "Week?"}
    data = yaml.safe_load((tmp_path / "course/weeks/01-c1/p1.yml").read_text("utf-8"))
    assert data["questions"][0]["choices"][0]["text"] == "A", "the same words: written once"
    run = yaml.safe_load((tmp_path / "course/course.yml").read_text("utf-8"))["runs"]["run"]
    assert run["start"] == "2027-03-01T09:00:00+01:00"


def test_blocks_are_matched_by_position_when_url_names_differ(tmp_path):
    fr = _export(tmp_path / "fr", "fr", "Semaine", "Bonjour")
    en = _export(tmp_path / "en", "en", "Week", "Hello")
    vertical = en / "vertical/v1.xml"
    vertical.write_text(vertical.read_text().replace('"h1"', '"h1-en"'))
    (en / "html/h1.xml").unlink()
    (en / "html/h1.html").rename(en / "html/h1-en.html")
    (en / "html/h1-en.xml").write_text('<html filename="h1-en" display_name="Page"/>')
    result = import_olx(fr, tmp_path / "course", merge=[("en", en)])
    assert result.ok, result.diagnostics
    assert load_course(tmp_path / "course").course.item("h1").body["en"].strip().endswith(
        "Hello")


def test_blocks_of_the_translation_that_match_nothing_are_reported(tmp_path):
    fr = _export(tmp_path / "fr", "fr", "Semaine", "Bonjour")
    en = _export(tmp_path / "en", "en", "Week", "Hello", extra='<vertical url_name="v2"/>')
    (en / "vertical/v2.xml").write_text('<vertical display_name="More"><html url_name="h2"/>'
                                        "</vertical>")
    (en / "html/h2.xml").write_text('<html display_name="Extra">Only in English</html>')
    result = import_olx(fr, tmp_path / "course", merge=[("en", en)])
    assert result.ok
    unmatched = [d for d in result.diagnostics if d.code == "MF661"]
    assert any("'h2'" in d.message and d.severity == "warning" for d in unmatched)
    assert "MF661" in (tmp_path / "course/import-report.md").read_text("utf-8")


def test_the_cli_imports_and_refuses_to_write_over(tmp_path):
    fr = _export(tmp_path / "fr", "fr", "Semaine", "Bonjour")
    runner = CliRunner()
    done = runner.invoke(app, ["import", "olx", str(fr), str(tmp_path / "course")])
    assert done.exit_code == 0, done.output
    assert "import-report.md" in done.output
    again = runner.invoke(app, ["import", "olx", str(fr), str(tmp_path / "course")])
    assert again.exit_code == 1 and "MF662" in again.output
    same = runner.invoke(app, ["import", "olx", str(fr), str(tmp_path / "x"),
                               "--merge-lang", "fr", str(fr)])
    assert same.exit_code == 1 and "already has fr" in same.output
    en = _export(tmp_path / "en", "en", "Week", "Hello")
    forced = runner.invoke(app, ["import", "olx", str(fr), str(tmp_path / "course"),
                                 "--force", "--merge-lang", "en", str(en)])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "course.bak-1" / "course.yml").is_file()
    bad_zone = runner.invoke(app, ["import", "olx", str(fr), str(tmp_path / "other"),
                                   "--timezone", "Mars/Olympus"])
    assert bad_zone.exit_code == 1 and "unknown time zone" in bad_zone.output
