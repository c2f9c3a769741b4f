"""Codecasts through every target and tool: the site page, the Open edX html component and
its static files, the Coursera reading and loss, `moocforge check` with gcc, narration with
espeak-ng, and `moocforge codecast record` from snapshot folders and git commits."""

from __future__ import annotations

import json
import subprocess
import tarfile

import pytest
from lxml import html as lxml_html
from test_codecast_model import CODECAST, CODECAST_YML, WEEK, WEEK_YML, W
from typer.testing import CliRunner

from moocforge import app as application
from moocforge.cli import app
from moocforge.codecast.check import check_codecasts
from moocforge.codecast.narrate import narrate_course
from moocforge.codecast.player import ASSET_FILES
from moocforge.codecast.timeline import replay
from moocforge.load import load_course
from moocforge.platforms import FUN

INJECTION = "</script><script>alert(1)</script> & \"quotes\""


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    """A course with one codecast, narrated by espeak-ng (its narration holds markup)."""
    import shutil

    from conftest import SCAFFOLD, write_files

    root = tmp_path_factory.mktemp("narrated") / "course"
    shutil.copytree(SCAFFOLD, root)
    codecast = CODECAST_YML.replace("Let us remove it.", f"Let us remove it {INJECTION}")
    write_files(root, {WEEK: WEEK_YML, CODECAST: codecast})
    loaded = load_course(root)
    report = narrate_course(loaded.course)
    assert report.diagnostics == [] and len(report.written) == 2
    course = load_course(root).course
    assert course is not None
    return course


def test_narration_files_time_every_step_and_are_reproducible(narrated):
    item = narrated.item("codecast-hello")
    for lang, narration in item.narrations.items():
        assert narration.source == "generated" and len(narration.timings) == 4
        audio = narrated.root / narration.audio
        probed = float(subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
             str(audio)], capture_output=True, text=True, check=True).stdout)
        assert probed == pytest.approx(narration.duration, abs=0.2), lang
        starts = [start for start, _ in narration.timings]
        assert starts == sorted(starts) and starts[0] == 0
    before = (narrated.root / item.narrations["fr"].audio).read_bytes()
    narrate_course(narrated)
    assert (narrated.root / item.narrations["fr"].audio).read_bytes() == before
    assert not [d for d in application.lint(narrated) if d.code == "MF305"]


def test_the_site_page_holds_the_player_with_its_files(narrated, tmp_path):
    report = application.build(narrated, ["site"], tmp_path)
    assert report.written, report.diagnostics
    site = tmp_path / narrated.id / "site" / "en"
    page = site / W / "codecast-hello.html"
    tree = lxml_html.parse(str(page)).getroot()
    [player] = tree.find_class("mf-codecast")
    data = json.loads(player.get("data-codecast"))
    states = replay(narrated.item("codecast-hello"))
    assert [s["code"] for s in data["steps"]] == [state.code for state in states]
    assert data["steps"][3]["narration"] == f"Let us remove it {INJECTION}"
    assert data["exercise"] is None and data["runnable"] and data["audio"]
    scripts = [s.get("src") for s in tree.iter("script") if "codecast" in (s.get("src") or "")]
    assert scripts == ["../../assets/moocforge/codecast/mf-codecast.js"]
    assert not any("alert(1)" in (s.text or "") for s in tree.iter("script"))
    for attribute in ("data-runner", "data-wasm", "data-editor"):
        assert (page.parent / player.get(attribute)).is_file(), attribute
    [audio] = player.iter("audio")
    assert (page.parent / audio.get("src")).is_file()
    transcript = player.find_class("mf-cc-transcript")[0].text_content()
    assert INJECTION in transcript  # learner text escaped by construction, shown as written


def test_the_olx_component_ships_the_player_in_static_under_funs_limit(narrated, tmp_path):
    from olx_judges import olxcleaner_report

    report = application.build(narrated, ["olx"], tmp_path, languages=("fr",))
    assert report.written, report.diagnostics
    package = next((tmp_path / narrated.id / "olx").glob("*.tar.gz"))
    with tarfile.open(package) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    course = tmp_path / "unpacked" / "course"
    vertical = (course / "vertical" / "v_codecast-hello.xml").read_text("utf-8")
    assert '<html url_name="codecast-hello"/>' in vertical
    component = lxml_html.fromstring((course / "html" / "codecast-hello.html").read_text("utf-8"))
    assert component.get("data-wasm") == "/static/mf-picoc.wasm"
    assert component.get("data-runner") == "/static/mf-runner.js"
    [script] = component.iter("script")
    assert script.get("src") == "/static/mf-codecast.js"
    [audio] = component.iter("audio")
    assert audio.get("src").startswith("/static/") and audio.get("src").endswith(".fr.mp3")
    static = {p.name: p.stat().st_size for p in (course / "static").iterdir()}
    assert set(ASSET_FILES) <= set(static)
    assert max(static.values()) < FUN.max_asset_bytes
    assert sum(static[name] for name in ASSET_FILES) < 1_000_000
    errors = [e for e in olxcleaner_report(course) if e[0] == "ERROR"]
    assert errors == []


def test_a_python_codecast_plays_but_does_not_run_on_open_edx(make_course, load_ok, tmp_path):
    python = CODECAST_YML.replace("language: c", "language: python").replace(
        "    run: {expected: \"Salut\\n\"}\n", "")
    course = load_ok(make_course({WEEK: WEEK_YML, CODECAST: python}))
    report = application.build(course, ["olx"], tmp_path, languages=("en",))
    assert report.written
    assert [d.code for d in report.diagnostics if d.code == "MF517"] == ["MF517"]


def test_coursera_gets_a_reading_with_the_steps_audio_and_code(narrated, tmp_path):
    report = application.build(narrated, ["coursera"], tmp_path)
    assert report.written, report.diagnostics
    kit = tmp_path / narrated.id / "coursera" / "en"
    [page] = kit.rglob("*codecast-hello.html")
    tree = lxml_html.parse(str(page)).getroot()
    text = tree.text_content()
    assert "Step 4 of 4" in text and INJECTION in text
    assert 'printf("Salut\\n");' in text and "Salut\n" in text
    [audio] = tree.iter("audio")
    assert (page.parent / audio.get("src")).is_file()
    [code] = [a for a in tree.iter("a") if a.get("download")]
    final = replay(narrated.item("codecast-hello"))[-1].code
    assert (page.parent / code.get("href")).read_text("utf-8") == final
    assert "Reading" in (kit / "blueprint.csv").read_text("utf-8")
    losses = [d for d in report.diagnostics if d.code == "MF563"]
    assert len(losses) == 1 and losses[0].loc.file == WEEK


# --------------------------------------------------------------------------- check


def _course_with(make_course, load_ok, codecast: str, name: str = "course"):
    return load_ok(make_course({WEEK: WEEK_YML, CODECAST: codecast}, name=name))


def test_check_runs_every_declared_run_with_gcc(make_course, load_ok):
    course = _course_with(make_course, load_ok, CODECAST_YML)
    diagnostics, [result] = check_codecasts(course)
    assert diagnostics == [] and [(r.step, r.stdout) for r in result.runs] == [(3, "Salut\n")]


def test_check_reports_a_wrong_output_a_compile_error_and_a_failing_run(make_course, load_ok):
    wrong = _course_with(make_course, load_ok, CODECAST_YML.replace(
        'expected: "Salut\\n"', 'expected: "Bonjour\\n"'), "wrong")
    [found] = check_codecasts(wrong)[0]
    assert (found.code, found.loc.file, found.loc.line) == ("MF831", CODECAST, 13)
    broken = _course_with(make_course, load_ok, CODECAST_YML.replace(
        'text: Salut}', 'text: Salut"}'), "broken")
    [found] = check_codecasts(broken)[0]
    assert found.code == "MF830" and "step 3 does not compile" in found.message
    assert "line 5 of the code" in found.message
    failing = _course_with(make_course, load_ok, CODECAST_YML.replace(
        "return 0;", "return 3;"), "failing")
    [found] = check_codecasts(failing)[0]
    assert found.code == "MF832" and "exited with code 3" in found.message


def test_moocforge_check_includes_codecasts(make_course):
    root = make_course({WEEK: WEEK_YML, CODECAST: CODECAST_YML.replace(
        'expected: "Salut\\n"', 'expected: "Bonjour\\n"')})
    result = CliRunner().invoke(app, ["check", str(root), "codecast-hello", "--format", "json"])
    assert result.exit_code == 1
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes == ["MF831"]


# --------------------------------------------------------------------------- record


def _versions() -> list[str]:
    base = "#include <stdio.h>\n\nint main(void)\n{\n    return 0;\n}\n"
    second = base.replace("    return", '    printf("Bonjour\\n");\n    return')
    third = second.replace("Bonjour", "Salut")
    return [base, second, third]


def _record_into_course(make_course, load_ok, args: list[str], name: str):
    root = make_course({WEEK: WEEK_YML}, name=name)
    out = root / CODECAST
    result = CliRunner().invoke(app, ["codecast", "record", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "3 steps from 3 versions" in result.output
    again = CliRunner().invoke(app, ["codecast", "record", str(out), *args])
    assert again.exit_code == 2 and "exists" in again.output  # never overwrites a file
    course = load_ok(root)
    states = replay(course.item("codecast-hello"))
    assert [s.problem for s in states] == [None, None, None]
    assert states[-1].code == _versions()[-1]
    return course.item("codecast-hello")


def test_record_from_snapshot_folders(make_course, load_ok, tmp_path):
    folders = []
    for number, code in enumerate(_versions(), start=1):
        folder = tmp_path / f"v{number}"
        folder.mkdir()
        (folder / "main.c").write_text(code, "utf-8")
        (folder / "narration.txt").write_text(f"Étape {number}.", "utf-8")
        (folder / "narration.en.txt").write_text(f"Step {number}.", "utf-8")
        folders += ["--folder", str(folder)]
    item = _record_into_course(make_course, load_ok, folders, "folders")
    assert item.steps[1].edit.kind == "insert" and item.steps[2].edit.kind == "replace"
    assert item.steps[2].narration == {"fr": "Étape 3.", "en": "Step 3."}


def test_record_from_git_commits(make_course, load_ok, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    for number, code in enumerate(_versions(), start=1):
        (repo / "hello.c").write_text(code, "utf-8")
        subprocess.run([*git, "add", "hello.c"], check=True)
        subprocess.run([*git, "commit", "-qm", f"Version {number}"], check=True)
    item = _record_into_course(make_course, load_ok, ["--git", str(repo), "--file", "hello.c",
                                                       "--lang", "en"], "git")
    assert item.steps[1].narration.get_lang("en") == "Version 2"


def test_record_reports_unreadable_snapshots(tmp_path):
    result = CliRunner().invoke(app, ["codecast", "record", str(tmp_path / "x.yml"),
                                      "--folder", str(tmp_path / "missing"), "--folder",
                                      str(tmp_path)])
    assert result.exit_code == 1 and "MF036" in result.output
    assert not (tmp_path / "x.yml").exists()
