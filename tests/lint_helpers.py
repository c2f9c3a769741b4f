"""Shared by the rule tests: load a course that must be valid, lint it, keep one code."""

from __future__ import annotations

from pathlib import Path

from moocforge.app import lint
from moocforge.diagnostics import Diagnostic
from moocforge.load import load_course


def findings(root: Path, code: str, profile: str | None = None,
             overrides: dict | None = None) -> list[Diagnostic]:
    result = load_course(root)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert not errors, errors
    assert result.course is not None
    return [d for d in lint(result.course, profile=profile, overrides=overrides)
            if d.code == code]
