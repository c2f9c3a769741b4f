"""`moocforge lint`, `moocforge rules`, `moocforge workload`: formats, exit codes, reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from lxml import etree
from typer.testing import CliRunner

from moocforge.cli import app

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
WEEK_DIR = "weeks/01-bienvenue"
runner = CliRunner()

# A course with one problem of many kinds, used for the stable JSON report.
MULTI_PROBLEM = {
    f"{WEEK_DIR}/week.yml": """\
        title: {fr: Bienvenue, en: Welcome}
        objectives:
          - {id: start, text: {fr: Savoir comment le cours fonctionne, en: Know the course}}
          - {id: unused, text: {fr: Objectif orphelin, en: Orphan objective}}
        lessons:
          - title: {fr: Premiers pas, en: First steps}
            items:
              - {video: youtube:abcdefgh, id: v1, title: {fr: Un, en: One}, duration: 600}
              - {video: youtube:abcdefgi, id: v2, title: {fr: Deux, en: Two}, duration: 900,
                 transcripts: {fr: v2.fr.vtt}}
              - {video: youtube:abcdefgj, id: v3, title: {fr: Trois, en: Three}, duration: 300}
              - reading: intro.md
                objectives: [start]
              - quiz: quiz-start.yml
                release: 2027-03-10
                due: 2027-03-05
        """,
    f"{WEEK_DIR}/v2.fr.vtt": "WEBVTT\n\n00:00.000 --> 00:04.000\nBonjour.\n",
    f"{WEEK_DIR}/intro.md": "# Bienvenue\n\n![](img/missing.png)\n\nCe cours dure.\n",
    f"{WEEK_DIR}/quiz-start.yml": """\
        title: {fr: Quiz de démarrage, en: Getting-started quiz}
        graded: true
        type: Quiz
        objectives: [start]
        questions:
          - kind: single
            prompt: {fr: Combien ?, en: How many?}
            choices:
              - {text: {fr: Plusieurs, en: Several}, correct: true}
              - {text: {fr: Plusieurs, en: Many}, correct: true}
        """,
    "media/unused.png": b"\x89PNG",
}


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def multi(make_course, monkeypatch) -> Path:
    root = make_course(MULTI_PROBLEM)
    monkeypatch.chdir(root)  # report paths are relative to where the command runs
    return root


def test_clean_course_exits_0_and_problems_exit_1(make_course, multi):
    clean = make_course(name="clean")
    result = invoke("lint", str(clean), "--no-media")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output
    assert invoke("lint", str(clean), "--no-media", "--fail-on", "warning").exit_code == 1
    result = invoke("lint", str(multi), "--no-media")
    assert result.exit_code == 1
    assert re.search(r"weeks/01-bienvenue/quiz-start.yml:6:5: error MF204 \[quiz-key\]",
                     result.output)


def test_usage_errors_exit_2(multi):
    assert invoke("lint", str(multi), "--format", "xml").exit_code == 2
    assert invoke("lint", str(multi), "--fail-on", "info").exit_code == 2
    result = invoke("lint", str(multi), "--profile", "courserra")
    assert result.exit_code == 2 and "did you mean 'coursera'?" in result.output
    assert invoke("lint", str(multi), "--stats", str(multi / "nope.duckdb")).exit_code == 2
    assert invoke("rules", "formative-gaps").exit_code == 2


def test_missing_course_exits_1(tmp_path):
    result = invoke("lint", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "MF027" in result.output


def test_json_report_is_stable_and_ordered(multi):
    result = invoke("lint", str(multi), "--no-media", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    expected = json.loads((DATA / "lint_multi_problem.json").read_text("utf-8"))
    assert report == expected
    keys = [(d["file"], d["line"], d["col"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)
    assert invoke("lint", str(multi), "--no-media", "--format", "json").output == result.output


def test_sarif_validates_against_the_official_schema(multi):
    result = invoke("lint", str(multi), "--no-media", "--format", "sarif")
    sarif = json.loads(result.output)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"MF110", "MF204", "MF300"} <= set(rule_ids)
    result_ids = {r["ruleId"] for r in run["results"]}
    assert result_ids <= set(rule_ids)
    quiz = next(r for r in run["results"] if r["ruleId"] == "MF204"
                and "correct choices" in r["message"]["text"])
    location = quiz["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"{WEEK_DIR}/quiz-start.yml"
    assert location["region"] == {"startLine": 6, "startColumn": 5}


def test_sarif_schema_rejects_a_broken_document():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate({"version": "2.1.0", "runs": [{}]})


def test_github_annotations(multi):
    result = invoke("lint", str(multi), "--no-media", "--format", "github")
    lines = result.output.splitlines()
    assert f"::error file={WEEK_DIR}/quiz-start.yml,line=6,col=5,title=MF204 quiz-key::" \
           "single-choice question 'q1' of 'quiz-start' has 2 correct choices instead of " \
           "exactly one%0Amark exactly one choice `correct: true`, or use `kind: multiple`" \
           in lines
    assert any(line.startswith(f"::warning file={WEEK_DIR}/week.yml,line=") for line in lines)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_junit_report(multi):
    result = invoke("lint", str(multi), "--no-media", "--format", "junit")
    root = etree.fromstring(result.output.encode())
    cases = root.findall(".//testcase")
    assert any(c.get("name").startswith("MF204 ") for c in cases)
    assert int(root.get("failures")) >= 5


def test_profile_option_changes_findings(make_course):
    week = (ROOT / "moocforge/scaffold" / WEEK_DIR / "week.yml").read_text().replace(
        "      - quiz: quiz-start.yml",
        "      - {video: youtube:abcdefgh, id: v1, title: {fr: Un, en: One}, duration: 400,\n"
        "         transcripts: {fr: v.vtt, en: v.vtt}}\n      - quiz: quiz-start.yml")
    vtt = "WEBVTT\n\n00:00.000 --> 06:30.000\nBonjour.\n"
    root = make_course({f"{WEEK_DIR}/week.yml": week, f"{WEEK_DIR}/v.vtt": vtt})
    default = invoke("lint", str(root), "--no-media", "--format", "json")
    coursera = invoke("lint", str(root), "--no-media", "--format", "json", "--profile",
                      "coursera")
    assert "MF112" in {d["code"] for d in json.loads(default.output)["diagnostics"]}
    assert "MF112" not in {d["code"] for d in json.loads(coursera.output)["diagnostics"]}


def test_workload_report(make_course):
    root = make_course()
    result = invoke("workload", str(root), "--no-media")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Workload of my-course in minutes (target 120 min a week ± 25%; "
                               "readings at 238 wpm")
    assert lines[1].split() == ["week", "video", "reading", "quiz", "exercise", "peer",
                                "discussion", "external", "codecast", "olx", "total", "vs",
                                "target", "video", "durations", "from"]
    assert lines[2].split()[:13] == ["1", "bienvenue", "0.0", "0.1", "1.5", "0.0", "0.0",
                                     "10.0", "0.0", "0.0", "0.0", "11.6", "-108.4"]
    data = json.loads(invoke("workload", str(root), "--no-media", "--format", "json").output)
    assert data["weeks"][0]["minutes"]["discussion"] == 10.0
    assert data["weeks"][0]["total"] == 11.6
    both = invoke("lint", str(root), "--no-media", "--workload")
    assert both.output.startswith("Workload of my-course") and "warning(s)" in both.output


def test_workload_names_video_duration_sources(make_course):
    week = (ROOT / "moocforge/scaffold" / WEEK_DIR / "week.yml").read_text() + (
        "  - title: {fr: Vidéos, en: Videos}\n    items:\n"
        "      - {video: youtube:abcdefgh, id: v1, title: {fr: Un, en: One}, duration: 120}\n"
        "      - {video: youtube:abcdefgi, id: v2, title: {fr: Deux, en: Two}, script: s.md}\n")
    root = make_course({f"{WEEK_DIR}/week.yml": week, f"{WEEK_DIR}/s.md": "mot " * 366,
                        f"{WEEK_DIR}/s.en.md": "word " * 366})
    text = invoke("workload", str(root), "--no-media").output
    assert "declared ×1, script ×1" in text
    assert text.splitlines()[2].split()[2] == "4.0"  # 2 min declared + 366 words at 183 wpm


def test_rules_command_lists_and_documents(tmp_path):
    listing = invoke("rules").output.splitlines()
    assert listing[2].split()[:3] == ["MF110", "formative-gap", "warning"]
    doc = invoke("rules", "formative-gap").output
    assert doc.startswith("## MF110 formative-gap") and "`max_minutes: 20`" in doc
    assert invoke("rules", "MF110").output == doc
    assert invoke("rules", "--markdown").output == (ROOT / "docs/rules.md").read_text("utf-8")


def test_stats_and_check_degrade_or_run(multi, tmp_path):
    db = tmp_path / "stats.duckdb"
    db.write_bytes(b"")
    result = invoke("lint", str(multi), "--no-media", "--stats", str(db))
    assert result.exit_code in (0, 1)
    try:
        import moocforge.analytics as analytics
        has_stats = hasattr(analytics, "stats_diagnostics")
    except ImportError:
        has_stats = False
    if not has_stats:
        assert "--stats needs the analytics feature" in result.output


def test_flagship_course_is_clean():
    result = invoke("lint", str(ROOT / "courses" / "abc-c"))
    assert result.exit_code == 0, result.output


def test_transcript_problems_reported_once_with_media(make_course, monkeypatch):
    week = (ROOT / "moocforge/scaffold" / WEEK_DIR / "week.yml").read_text().replace(
        "      - quiz: quiz-start.yml",
        "      - {video: youtube:abcdefgh, id: v1, title: {fr: Un, en: One}, duration: 60,\n"
        "         transcripts: {fr: v.vtt, en: v.vtt}}\n      - quiz: quiz-start.yml")
    vtt = "WEBVTT\n\n00:00,000 --> 00:04.000\nBonjour.\n\n00:04.000 --> 00:50.000\nFin.\n"
    root = make_course({f"{WEEK_DIR}/week.yml": week, f"{WEEK_DIR}/v.vtt": vtt})
    monkeypatch.chdir(root)
    at_line_3 = lambda out: sorted(  # noqa: E731
        d["code"] for d in json.loads(out)["diagnostics"]
        if (d["file"], d["line"]) == (f"{WEEK_DIR}/v.vtt", 3))
    # the transcript is parsed once, when the course is loaded: one finding, with or
    # without the media step
    without_media = invoke("lint", str(root), "--no-media", "--format", "json").output
    assert at_line_3(without_media) == ["MF701"]
    with_media = invoke("lint", str(root), "--format", "json").output
    assert at_line_3(with_media) == ["MF701"]


def test_workload_of_a_course_with_errors_says_so_and_exits_1(make_course) -> None:
    root = make_course({"weeks/01-bienvenue/week.yml": """\
        title: T
        lessons:
          - title: L
            items:
              - reading: intro.md
              - reading: missing.md
        """})
    result = runner.invoke(app, ["workload", str(root), "--no-media"])
    assert result.exit_code == 1
    assert "MF020" in result.output and "leaves out the items" in result.output
    assert "1 bienvenue" in result.output  # the table is still printed
