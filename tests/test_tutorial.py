"""The tutorial at the top of docs/format.md, run as written.

Its `sh` blocks are run one after the other, with bash, in an empty folder, with the
moocforge of this environment first on the PATH. Each must exit 0, the findings the text
talks about must be the ones the linter prints, and the last lint must be clean.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from moocforge.docs.format import MARKER

ROOT = Path(__file__).resolve().parent.parent
FORMAT_DOC = ROOT / "docs" / "format.md"
HEADING = "## Your first course in 15 minutes"
BIN = Path(sys.executable).parent


def tutorial_blocks() -> list[str]:
    text = FORMAT_DOC.read_text("utf-8")
    tutorial = text.split(HEADING, 1)[1].split(MARKER, 1)[0]
    return re.findall(r"^```sh\n(.*?)^```$", tutorial, re.DOTALL | re.MULTILINE)


def block_with(blocks: list[str], outputs: list[str], needle: str, index: int = 0) -> str:
    """The output of the `index`-th block whose commands contain `needle`."""
    return [out for block, out in zip(blocks, outputs, strict=True) if needle in block][index]


@pytest.fixture(scope="module")
def tutorial_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    if not (BIN / "moocforge").exists():
        pytest.skip("the moocforge command is not installed in this environment")
    folder = tmp_path_factory.mktemp("tutorial")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_COLOR": "1", "MOOCFORGE_JOBS": "1"}
    blocks, outputs = tutorial_blocks(), []
    for block in blocks:
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=folder, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{block}\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}"
        outputs.append(run.stdout + run.stderr)
    return folder, blocks, outputs


def test_the_tutorial_has_every_step() -> None:
    commands = "\n".join(tutorial_blocks())
    for step in ("moocforge init", "moocforge validate", "week.yml <<", "quiz-practice.yml <<",
                 "moocforge lint", "moocforge build"):
        assert step in commands, step


def test_init_writes_the_editor_settings(tutorial_run) -> None:
    folder, _, _ = tutorial_run
    assert (folder / "my-course" / ".vscode" / "settings.json").is_file()
    assert (folder / "my-course" / ".schemas" / "quiz.schema.json").is_file()


def test_the_findings_the_text_announces_are_the_ones_printed(tutorial_run) -> None:
    _, blocks, outputs = tutorial_run
    first_lint = block_with(blocks, outputs, "moocforge lint my-course")
    assert first_lint.count("MF113") == 2 and first_lint.count("MF111") == 2
    assert "4 warning(s)" in first_lint
    after_edit = block_with(blocks, outputs, "id: plan")  # the week edited, readings written
    assert "MF203" in after_edit and "'plan'" in after_edit and "MF113" not in after_edit
    before_ignore = block_with(blocks, outputs, "moocforge lint my-course", 2)
    assert "MF203" not in before_ignore and before_ignore.count("MF111") == 2


def test_the_tutorial_ends_with_a_clean_lint_and_built_packages(tutorial_run) -> None:
    folder, blocks, outputs = tutorial_run
    last_lint = block_with(blocks, outputs, "--fail-on warning")
    assert last_lint.strip().endswith("0 error(s), 0 warning(s), 0 info")
    build = folder / "my-course" / "build" / "my-course"  # the course's own build/
    assert list((build / "olx").glob("*.tar.gz"))
    assert (build / "site" / "index.html").is_file()
    assert (build / "coursera").is_dir()
