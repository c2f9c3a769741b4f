"""Reports, the CLI and the synthetic generator of `moocforge stats`."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from test_analytics_metrics import COURSE_FILES, fixture  # noqa: F401
from typer.testing import CliRunner

from moocforge.analytics import ALL, compute, ingest
from moocforge.analytics.synthetic import generate
from moocforge.cli import app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def run_cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


def test_cli_report_writes_exports(fixture, tmp_path: Path):  # noqa: F811
    course, _db, _, base = fixture
    out = tmp_path / "out"
    args = ["stats", str(course.root), "--logs", str(base / "logs"), "--grades",
            str(base / "grades.csv"), "--problem-grades", str(base / "problem_grades.csv"),
            "--cohorts", str(base / "cohorts.csv"), "--db", str(tmp_path / "cli.duckdb"),
            "--out", str(out)]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert "Started" in result.output and "3 (50.0 %)" in result.output
    assert "MF900" in result.output and "MF901" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["items.csv", "report.html", "summary.csv", "summary.json", "weeks.csv"]
    items_csv = (out / "items.csv").read_text("utf-8")
    assert "quiz-start" in items_csv and str(course.item("quiz-start").loc) in items_csv
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    again = run_cli(*args)  # byte-reproducible outputs
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    reuse = run_cli("stats", str(course.root), "--db", str(tmp_path / "cli.duckdb"), "--out",
                    str(out))  # compute only, from the stored database
    assert reuse.exit_code == 0, reuse.output
    assert (out / "summary.json").read_bytes() == first["summary.json"]


def test_cli_usage_error_without_inputs(fixture, tmp_path: Path):  # noqa: F811
    course = fixture[0]
    result = run_cli("stats", str(course.root), "--out", str(tmp_path / "x" / "o"))
    assert result.exit_code == 2


@pytest.mark.browser
def test_html_report_offline_in_chromium(fixture, tmp_path: Path, artifacts: Path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from moocforge.analytics import write_outputs

    _course, db, _, _ = fixture
    out = tmp_path / "report"
    write_outputs(compute(db), out)
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
            for chart in ("#chart-funnel-1", "#chart-difficulty", "#chart-video"):
                assert page.locator(chart).is_visible(), chart
                box = page.locator(chart).bounding_box()
                assert box and box["width"] > 200 and box["height"] > 50
            assert page.locator("#chart-funnel-1 rect.bar").count() == 4  # 2 weeks × 2 series
            assert page.locator("#chart-difficulty rect.bar").count() == 2
            assert page.locator("#chart-video rect.bar").count() == 2
            page.screenshot(path=str(artifacts / "analytics-report.png"), full_page=True)
        finally:
            browser.close()
    assert blocked == []
    assert (artifacts / "analytics-report.png").stat().st_size > 10_000


def test_synthetic_is_deterministic_and_ingests(make_course, load_ok, tmp_path: Path):
    course = load_ok(make_course(COURSE_FILES))
    first = generate(course, tmp_path / "a", learners=200, seed=7, gzip_logs=True)
    generate(course, tmp_path / "b", learners=200, seed=7, gzip_logs=True)

    def digest(folder: Path) -> dict[str, str]:
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert first.files and all(f.name.endswith(".log.gz") for f in first.files)
    report = ingest(course, tmp_path / "s.duckdb", [first.log_dir], grades=first.grade_report,
                    problem_grades=[first.problem_grade_report])
    assert report.malformed == first.malformed >= 1
    assert report.lines == first.events + first.malformed
    assert report.unknown_block_events == 1 and report.other_course == 1
    assert report.problem_grade_columns == 2 and report.grade_rows == 200
    stats = compute(tmp_path / "s.duckdb")
    s = stats.summary[ALL]
    assert s["enrolled"] == 200
    assert 0 < s["persistent"] < s["started"] < s["enrolled"]
    weeks = stats.weeks_of(ALL)
    assert weeks[0]["active"] > weeks[1]["active"] > 0  # attrition
    quiz = {r["item_id"]: r for r in stats.items_of(ALL)}["quiz-start"]
    # the problem grade report holds each learner's last score: it agrees with the logs
    assert quiz["report_mean_score"] == pytest.approx(quiz["mean_score"])


def test_cli_synth(make_course, tmp_path: Path):
    root = make_course(COURSE_FILES)
    result = run_cli("stats", "synth", str(root), "--learners", "30", "--out",
                     str(tmp_path / "synth"), "--seed", "1")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "synth" / "grade_report.csv").is_file()
    assert list((tmp_path / "synth" / "logs").glob("*.log"))
