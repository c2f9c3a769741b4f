"""Reports, the CLI and the synthetic generator of `moocforge stats`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from test_analytics_metrics import COURSE_FILES, dataset, run_stats  # noqa: F401
from typer.testing import CliRunner

from moocforge.analytics import ALL, Inputs, analyse, make_scopes, write_outputs
from moocforge.analytics.synthetic import generate
from moocforge.cli import app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


def cli_args(course, inputs: Inputs, tmp_path: Path) -> list[str]:
    args = ["stats", str(course.root), "--run", "2027-spring", "--run", "2027-autumn",
            "--db", str(tmp_path / "cli.duckdb"), "--out", str(tmp_path / "out"),
            "--cohorts", str(inputs.cohorts)]
    for path in inputs.logs:
        args += ["--logs", str(path)]
    for grade in inputs.grades:
        args += ["--grades", grade]
    for grade in inputs.problem_grades:
        args += ["--problem-grades", grade]
    return args


def test_cli_writes_every_export(dataset, tmp_path: Path):  # noqa: F811
    course, inputs, _ = dataset
    args = cli_args(course, inputs, tmp_path)
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert "Started" in result.output and "6 (50.0 %)" in result.output  # count beside rate
    for code in ("MF900", "MF901", "MF908", "MF913"):
        assert code in result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "items.csv", "report.html", "runs.csv", "summary.csv", "summary.json", "weeks.csv"]
    runs = list(csv.DictReader(io.StringIO((out / "runs.csv").read_text("utf-8"))))
    assert [(r["run"], r["enrolled"], r["started"], r["persistent"], r["passed"],
             r["pass_rate_persistent"]) for r in runs] \
        == [("2027-spring", "12", "6", "4", "7", "1.0"), ("2027-autumn", "1", "1", "0", "", "")]
    items = (out / "items.csv").read_text("utf-8")
    assert str(course.item("quiz-start").loc) in items and "Quiz de démarrage" in items
    data = json.loads((out / "summary.json").read_text("utf-8"))
    assert data["ingest"]["duplicates"] == 2
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    again = run_cli(*args)  # byte-reproducible outputs
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    reuse = run_cli("stats", str(course.root), "--run", "2027-spring", "--run", "2027-autumn",
                    "--db", str(tmp_path / "cli.duckdb"), "--out", str(out))
    assert reuse.exit_code == 0, reuse.output  # compute only, from the stored database
    assert json.loads((out / "summary.json").read_text("utf-8"))["runs"] == data["runs"]


def test_cli_lang_and_errors(dataset, tmp_path: Path):  # noqa: F811
    course, inputs, _ = dataset
    english = run_cli(*cli_args(course, inputs, tmp_path), "--lang", "en")
    assert english.exit_code == 0, english.output
    assert "Getting-started quiz" in (tmp_path / "out" / "items.csv").read_text("utf-8")
    missing = run_cli("stats", str(course.root), "--out", str(tmp_path / "x" / "o"))
    assert missing.exit_code == 2
    bad_run = run_cli("stats", str(course.root), "--run", "2031-winter", "--logs",
                      str(inputs.logs[0]), "--out", str(tmp_path / "y"))
    assert bad_run.exit_code == 1 and "MF907" in bad_run.output
    # a failed run keeps the earlier outputs and database
    before = (tmp_path / "out" / "summary.json").read_bytes()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xfe not utf-8")
    failed = run_cli(*cli_args(course, inputs, tmp_path), "--grades", str(broken))
    assert failed.exit_code == 1 and "MF903" in failed.output
    assert (tmp_path / "out" / "summary.json").read_bytes() != b""
    assert before


def test_report_html_escapes_and_shows_counts(dataset, tmp_path: Path):  # noqa: F811
    course, inputs, _ = dataset
    stats, _ = run_stats(course, inputs, tmp_path, "html.duckdb")
    stats.runs[0].items[0]["title"] = "<script>alert(1)</script>"
    html = (write_outputs(stats, tmp_path / "html")[-1]).read_text("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "6 (50.0 %)" in html and "3 (42.9 %)" in html  # started; stopped at quiz 1
    assert 'id="comparison"' in html and "2027-spring-en, 2027-spring-fr" in html


@pytest.mark.browser
def test_html_report_offline_in_chromium(dataset, tmp_path: Path, artifacts: Path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    course, inputs, _ = dataset
    stats, _ = run_stats(course, inputs, tmp_path, "chromium.duckdb")
    out = tmp_path / "report"
    write_outputs(stats, out)
    page_url = (out / "report.html").resolve().as_uri()
    blocked: list[str] = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1200, "height": 900})
        try:
            def guard(route):
                if route.request.url.startswith("file:"):
                    return route.continue_()
                blocked.append(route.request.url)
                return route.abort()

            browser.route("**/*", guard)
            page = browser.new_page()
            page.goto(page_url)
            for chart in ("#chart-funnel-1", "#chart-weeks-1-1", "#chart-difficulty-1",
                          "#chart-video-1"):
                assert page.locator(chart).is_visible(), chart
                box = page.locator(chart).bounding_box()
                assert box and box["width"] > 200 and box["height"] > 50
            # the funnel: 4 stages × 4 groups (all, school-a, school-b, no cohort)
            assert page.locator("#chart-funnel-1 rect.bar").count() == 16
            assert page.locator("#chart-weeks-1-1 rect.bar").count() == 4  # 2 weeks × 2
            assert page.locator("#chart-difficulty-1 rect.bar").count() == 2
            assert page.locator("#runs-table tbody tr").count() == 2
            page.screenshot(path=str(artifacts / "analytics-report.png"), full_page=True)
        finally:
            browser.close()
    assert blocked == []
    assert (artifacts / "analytics-report.png").stat().st_size > 10_000


def test_synthetic_is_deterministic_and_has_real_shapes(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    first = generate(course, tmp_path / "a", learners=300, seed=4, gzip_logs=True)
    generate(course, tmp_path / "b", learners=300, seed=4, gzip_logs=True)

    def digest(folder: Path) -> dict[str, str]:
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert first.files and all(f.name.endswith(".log.gz") for f in first.files)
    assert "2027-spring-fr" in first.grade_report.name  # the platform run of the OLX build
    stats, diagnostics = analyse(make_scopes([(course, course.runs[0])]), tmp_path / "s.duckdb",
                                 Inputs(logs=[first.log_dir], grades=[str(first.grade_report)],
                                        problem_grades=[f"2027-spring={first.problem_grade_report}"]))
    ing = stats.ingest
    assert ing.malformed == first.malformed >= 1
    assert first.duplicates >= first.counted_duplicates >= 1
    assert ing.duplicates == first.counted_duplicates  # copies of plays / submissions / posts
    assert ing.lines == first.events + first.malformed + first.duplicates
    reasons = {r["reason"] for r in ing.ignored}
    assert {"anonymous", "other_course", "unknown_block", "staff"} <= reasons
    run = stats.runs[0]
    s = run.summary[ALL]
    assert s["enrolled"] == 300 and s["enrolled_end"] < 300  # a few unenrolled
    assert 0 < s["persistent"] < s["started"] < s["enrolled"]
    items = {r["item_id"]: r for r in run.items_of(ALL)}
    assert items["forum-vars"]["attempted"] > 0  # posts found by commentable_id
    assert items["intro"]["opened"] > 0  # reached by next_selected (current_tab only)
    weeks = run.weeks_of(ALL)
    assert weeks[0]["active"] > weeks[1]["active"] > 0  # attrition
    # the problem grade report holds each learner's last score: it agrees with the logs
    quiz = items["quiz-start"]
    assert quiz["report_mean_score"] == pytest.approx(quiz["mean_score"])
    assert "MF913" in [d.code for d in diagnostics]


def test_cli_synth(make_course, tmp_path: Path):
    root = make_course(COURSE_FILES)
    result = run_cli("stats", "synth", str(root), "--learners", "30", "--out",
                     str(tmp_path / "synth"), "--seed", "1")
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "synth").glob("*_grade_report.csv"))
    assert list((tmp_path / "synth" / "logs").glob("*.log"))
