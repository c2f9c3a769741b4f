"""Shared fixtures: the flagship course, a small synthetic course and a builder for small
courses written in tests."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from moocforge.load import load_course
from moocforge.model import Course

ROOT = Path(__file__).resolve().parent.parent
ABC_C = ROOT / "courses" / "abc-c"
SCAFFOLD = ROOT / "moocforge" / "scaffold"
ARTIFACTS = ROOT / "test-artifacts"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relative path: content}` under root (text is dedented)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), "utf-8")
    return root


@pytest.fixture
def make_course(tmp_path: Path):
    """Copy the scaffold course into tmp_path, then overwrite/add the given files.

    Returns the course folder. Pass `base=False` to start from an empty folder.
    """

    def factory(files: dict[str, str | bytes] | None = None, base: bool = True,
                name: str = "course") -> Path:
        root = tmp_path / name
        if base:
            shutil.copytree(SCAFFOLD, root)
        else:
            root.mkdir(parents=True)
        return write_files(root, files or {})

    return factory


@pytest.fixture
def load_ok():
    """Load a course folder and fail the test if it has errors."""

    def loader(root: Path) -> Course:
        result = load_course(root)
        errors = [d for d in result.diagnostics if d.severity == "error"]
        assert not errors, "\n".join(f"{d.loc}: {d.code} {d.message}" for d in errors)
        assert result.course is not None
        return result.course

    return loader


@pytest.fixture(scope="session")
def abc_course() -> Course:
    result = load_course(ABC_C)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert not errors, "\n".join(f"{d.loc}: {d.code} {d.message}" for d in errors)
    assert result.course is not None
    return result.course


@pytest.fixture(scope="module")
def synthetic_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The synthetic course of the benchmarks, 2 weeks × 12 items, loaded with its media."""
    from benchmarks.make_course import generate
    from moocforge import app

    loaded = app.load(generate(tmp_path_factory.mktemp("synthetic") / "course", 2, 12),
                      media=True)
    assert loaded.ok and loaded.course is not None
    return loaded.course


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
