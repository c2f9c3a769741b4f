"""Unit tests of the loader and the model: positions, i18n, ids, translations, durations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.load import load_course, word_count
from moocforge.load.yamlpos import AliasBomb, compose
from moocforge.model import I18nText, Loc, url_name
from moocforge.output import write_tar_gz, write_zip

W = "weeks/01-bienvenue"


def test_yaml_positions_point_at_values_and_keys() -> None:
    doc = compose("a: 1\nlist:\n  - x: 2\n    y: [3, 4]\n")
    assert doc.data == {"a": 1, "list": [{"x": 2, "y": [3, 4]}]}
    assert doc.pos(("list", 0, "y", 1)) == (4, 12)
    assert doc.key_pos(("list", 0, "y")) == (4, 5)
    assert doc.pos(("list", 0, "missing")) == (3, 5)  # closest ancestor


def test_yaml_dates_stay_text() -> None:
    assert compose("start: 2027-03-01\n").data == {"start": "2027-03-01"}


def test_yaml_alias_bomb_is_stopped() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
        for p, n in zip("abcdefg", "bcdefgh", strict=True))
    with pytest.raises(AliasBomb):
        compose(text)


def test_scaffold_course_model(load_ok) -> None:
    course = load_ok(Path(__file__).resolve().parent.parent / "moocforge/scaffold")
    assert course.languages == ("fr", "en")
    assert course.default_lang == "fr"
    week = course.weeks[0]
    assert week.id == "bienvenue" and week.number == 1
    kinds = [item.kind for item in week.items]
    assert kinds == ["reading", "discussion", "quiz"]
    reading = week.items[0]
    assert reading.id == "intro"
    assert reading.title.get_lang("en") == "Welcome"  # from the H1 of intro.en.md
    assert reading.files == {"fr": f"{W}/intro.md", "en": f"{W}/intro.en.md"}
    assert reading.loc == Loc(f"{W}/week.yml", 9, 9)
    quiz = week.items[2]
    assert quiz.graded and quiz.assignment_type == "Quiz" and quiz.max_attempts == 2
    assert quiz.questions[0].choices[0].correct
    assert quiz.questions[0].loc.file == f"{W}/quiz-start.yml"
    with pytest.raises(dataclasses.FrozenInstanceError):
        quiz.graded = False  # type: ignore[misc]


def test_item_overrides_file_and_objective_positions(make_course) -> None:
    course = load_course(make_course({
        f"{W}/week.yml": """\
            title: T
            objectives:
              - {id: start, text: S}
            lessons:
              - title: L
                items:
                  - {quiz: quiz-start.yml, id: renamed, graded: false, minutes: 7}
            """})).course
    quiz = course.items[0]
    assert (quiz.id, quiz.graded, quiz.minutes) == ("renamed", False, 7.0)
    assert quiz.objectives == ("start",)


def test_i18n_text_falls_back_to_default_language() -> None:
    text = I18nText({"fr": "Bonjour"}, "fr")
    assert text.get_lang("en") == "Bonjour"
    assert text.missing(("fr", "en")) == ["en"]
    assert text == {"fr": "Bonjour"}


def test_url_name_is_restricted() -> None:
    assert url_name("week 1: intro+x") == "week_1_intro_x"
    assert url_name("...") == "item"


def test_script_gives_a_video_duration_estimate(make_course) -> None:
    words = " ".join(["mot"] * 366)
    root = make_course({
        f"{W}/week.yml": """\
            title: T
            lessons:
              - title: L
                items:
                  - {video: media/v.mp4, title: V, script: v.md}
            """,
        f"{W}/v.md": words,
        "media.lock": "version: 1\nvideos:\n  weeks/01-bienvenue/media/v.mp4: {duration: 1}\n",
    })
    result = load_course(root)
    assert result.ok, result.diagnostics
    video = result.course.items[0]
    assert video.duration_source == "script"
    assert video.duration == pytest.approx(366 / 183 * 60)


def test_missing_local_video_without_lock_is_an_error(make_course) -> None:
    root = make_course({f"{W}/week.yml": """\
        title: T
        lessons:
          - title: L
            items:
              - {video: media/v.mp4, title: V}
        """})
    diags = load_course(root).diagnostics
    assert [(d.code, d.loc.line) for d in diags] == [("MF020", 5)]
    assert "media.lock" in diags[0].hint


def test_word_count_ignores_code_and_markup() -> None:
    assert word_count("Hello *big* world\n\n```c\nint x;\n```\n![img](a.png)") == 3


def test_init_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "new-course"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    assert "id: new-course" in (target / "course.yml").read_text()
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "not empty" in again.output


def test_validate_json_format(make_course) -> None:
    root = make_course({f"{W}/week.yml": "title: T\nlessons: []\n"})
    result = CliRunner().invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1
    import json

    payload = json.loads(result.output)
    assert payload["summary"]["error"] == 1
    assert payload["diagnostics"][0]["code"] == "MF019"  # an empty list
    assert payload["diagnostics"][0]["line"] == 2


def test_build_refuses_unknown_target(make_course) -> None:
    result = CliRunner().invoke(app, ["build", str(make_course()), "--target", "scorm"])
    assert result.exit_code == 2
    assert "unknown target 'scorm'" in result.output


def test_archives_are_reproducible(tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "tree"
    (tree / "b").mkdir(parents=True)
    (tree / "b" / "z.txt").write_text("z")
    (tree / "a.txt").write_text("a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_tar_gz(tree, tmp_path / "one.tar.gz", "course")
    write_zip(tree, tmp_path / "one.zip")
    (tree / "a.txt").touch()  # a new mtime must not change the archive
    write_tar_gz(tree, tmp_path / "two.tar.gz", "course")
    write_zip(tree, tmp_path / "two.zip")
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    import tarfile

    with tarfile.open(tmp_path / "one.tar.gz") as tar:
        names = tar.getnames()
        assert names == ["course", "course/a.txt", "course/b", "course/b/z.txt"]
        assert all(m.uid == 0 and m.mtime == 1700000000 for m in tar.getmembers())


def test_unquoted_comma_in_flow_text_gets_a_quoting_hint(make_course) -> None:
    root = make_course({f"{W}/week.yml": """\
        title: {fr: Rien, le programme, en: Nothing}
        lessons:
          - title: L
            items:
              - reading: intro.md
        """})
    diags = load_course(root).diagnostics
    assert [(d.code, d.loc.line) for d in diags] == [("MF010", 1)]
    assert "quote the text" in diags[0].hint


def test_package_data_links_resolve() -> None:
    """moocforge/data/ links to the top-level schemas, theme and mkdocs.yml; wheels carry
    them through package-data, so a broken link would break every non-editable install."""
    from moocforge.load.schema import SCHEMA_DIR
    from moocforge.writers.site.project import BASE_CONFIG, THEME

    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == [
        f"{n}.schema.json" for n in ("catalog", "codecast", "common", "course", "exercise", "peer",
                                     "quiz",
                                     "week")]
    assert BASE_CONFIG.is_file() and (THEME / "assets" / "mf-quiz.js").is_file()
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["moocforge"]
    assert {"data/schemas/*.json", "data/mkdocs.yml", "data/themes/**/*"} <= set(globs)


def test_unknown_objective_in_a_quiz_file_points_at_the_quiz_file(make_course) -> None:
    quiz = f"{W}/quiz-start.yml"
    text = (Path(__file__).resolve().parent.parent / "moocforge/scaffold" / quiz).read_text()
    root = make_course({quiz: text.replace("objectives: [start]", "objectives: [start, strat]")})
    diags = load_course(root).diagnostics
    line = text.splitlines().index("objectives: [start]") + 1
    assert [(d.code, d.loc.file, d.loc.line) for d in diags] == [("MF023", quiz, line)]
