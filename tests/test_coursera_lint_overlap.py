"""The lint the kits' READMEs show runs once, in the building process, while the forked kit
workers write (they wait for it only at their README); its findings reach every kit, and a
lint that fails fails the build without hanging it or touching the previous kit."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from lxml import html as lxml_html

from moocforge import app
from moocforge.app import linting


@pytest.fixture(scope="module")
def course(synthetic_course):
    return synthetic_course


def readme_text(kit: Path) -> str:
    return str(lxml_html.parse(str(kit / "README.html")).getroot().text_content())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_lint_runs_once_here_and_every_readme_shows_it(course, tmp_path, monkeypatch,
                                                           jobs):
    monkeypatch.setenv("MOOCFORGE_JOBS", jobs)
    real_lint = linting.lint
    calls: list[tuple[int, int]] = []

    def recorded(*args, **kwargs):
        calls.append((os.getpid(), len(multiprocessing.active_children())))
        return real_lint(*args, **kwargs)

    monkeypatch.setattr(linting, "lint", recorded)
    report = app.build(course, ["coursera"], tmp_path / "out")
    assert report.written, report.diagnostics[:3]
    assert len(calls) == 1 and calls[0][0] == os.getpid()
    if jobs == "2":  # the kit workers were already running
        assert calls[0][1] == 2
    findings = real_lint(course, profile="coursera")
    assert findings, "the synthetic course breaks a Coursera constraint at least"
    for lang in ("fr", "en"):
        text = readme_text(tmp_path / "out" / course.edition / "coursera" / lang)
        for finding in findings:
            assert finding.message in text, (lang, finding.code)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_lint_fails_the_build_and_keeps_the_previous_kit(course, tmp_path,
                                                                   monkeypatch, jobs):
    monkeypatch.setenv("MOOCFORGE_JOBS", jobs)
    out = tmp_path / "out"
    assert app.build(course, ["coursera"], out).written
    kit = out / course.edition / "coursera"
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise ValueError("a rule crashed")

    monkeypatch.setattr(linting, "lint", broken)
    report = app.build(course, ["coursera"], out)
    assert not report.written
    assert [d.code for d in report.diagnostics if d.severity == "error"] == ["MF098"]
    assert any("a rule crashed" in d.message for d in report.diagnostics)
    assert {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()} == before
    assert not multiprocessing.active_children()
