"""`moocforge lint --target olx` shows the OLX build's loss report, so CI catches it."""

from __future__ import annotations

import json

import pytest
from conftest import ABC_C
from olx_judges import RICH_FILES
from typer.testing import CliRunner

from moocforge.cli.app import app
from moocforge.writers import WriterOptions
from moocforge.writers.olx import losses, write


@pytest.fixture
def rich(make_course, load_ok):
    return load_ok(make_course(RICH_FILES))


def keys(diagnostics) -> set[tuple]:
    return {(d.code, d.severity, d.loc.file, d.loc.line, d.message) for d in diagnostics}


def test_losses_equal_what_the_build_reports_without_writing(rich, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for profile in ("edx", "fun"):
        built = write(rich, tmp_path / profile, WriterOptions(profile=profile))
        before = sorted(tmp_path.rglob("*"))
        reported = losses(rich, profile)
        assert sorted(tmp_path.rglob("*")) == before  # nothing written, not even a staging dir
        assert keys(reported) == keys(built)
        assert {d.code for d in reported} >= (
            {"MF510", "MF512"} if profile == "fun" else {"MF504"})


def test_lint_target_olx_lists_the_fun_losses_and_fails_on_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths in reports are relative to the working folder
    runner = CliRunner()
    plain = runner.invoke(app, ["lint", str(ABC_C), "--profile", "fun", "--no-media",
                                "--fail-on", "warning", "-f", "json"])
    assert plain.exit_code == 0, plain.output  # clean lint: not yet "ready for FUN"
    result = runner.invoke(app, ["lint", str(ABC_C), "--target", "olx", "--profile", "fun",
                                 "--no-media", "-f", "json"])
    assert result.exit_code == 0, result.output  # warnings do not fail by default
    found = json.loads(result.stdout)["diagnostics"]
    codes = {d["code"] for d in found if d["rule"] == "olx"}
    assert {"MF510", "MF512"} <= codes  # transcripts to attach, videos to upload on FUN
    strict = runner.invoke(app, ["lint", str(ABC_C), "--target", "olx", "--profile", "fun",
                                 "--no-media", "--fail-on", "warning"])
    assert strict.exit_code == 1
    assert "MF512" in strict.stdout


def test_lint_rejects_an_unknown_target():
    result = CliRunner().invoke(app, ["lint", str(ABC_C), "--target", "scorm", "--no-media"])
    assert result.exit_code == 2
    assert "--target must be one of olx, coursera" in result.output


def test_writer_losses_of_the_every_feature_course(rich):
    assert [d for d in losses(rich) if d.severity == "error"] == []
    assert all(d.rule == "olx" for d in losses(rich))

