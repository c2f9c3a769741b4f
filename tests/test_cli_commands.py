"""The command line imports a command's module when the command runs
(`moocforge.cli.commands`): `--help` lists every command as it would with all of them
imported, each command still runs, and `validate` imports none of what it does not use."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from moocforge.cli import app, commands

ROOT = Path(__file__).resolve().parent.parent
ABC_C = ROOT / "courses" / "abc-c"


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`code` run in a new interpreter (nothing imported yet), on an 80-column terminal."""
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


MAIN = "import sys; from moocforge.cli import main; sys.argv[0] = 'moocforge'; main()"
MODULES_AT_EXIT = ("import atexit, sys; atexit.register(lambda: sys.stderr.write("
                   "'\\nMODULES ' + ' '.join(sorted(sys.modules))))\n")


def _modules(result: subprocess.CompletedProcess[str]) -> set[str]:
    return set(result.stderr.rpartition("MODULES ")[2].split())


def test_each_summary_is_the_first_paragraph_of_its_commands_help() -> None:
    commands.import_all()
    group = get_command(app)
    for name, registered in commands.COMMANDS.items():
        command = group.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help is not None, name
        assert inspect.cleandoc(command.help).split("\n\n")[0] == registered.summary, name
    built = {info.name or info.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
             for info in app.registered_commands} | {g.name for g in app.registered_groups}
    assert built == set(commands.COMMANDS), "a command is missing from the registry"


def test_help_lists_every_command_as_if_all_were_imported_and_imports_none() -> None:
    lazy = _python(MODULES_AT_EXIT + MAIN, "--help")
    eager = _python("from moocforge.cli import commands; commands.import_all()\n" + MAIN,
                    "--help")
    assert lazy.returncode == eager.returncode == 0, lazy.stderr
    assert lazy.stdout == eager.stdout
    assert all(f" {name} " in lazy.stdout for name in commands.COMMANDS)
    imported = {m for m in _modules(lazy) if m.startswith("moocforge.cli.")}
    assert imported == {"moocforge.cli.app", "moocforge.cli.commands"}


def test_validate_imports_neither_writers_nor_exercises_nor_jsonschema() -> None:
    result = _python(MODULES_AT_EXIT + MAIN, "validate", str(ABC_C), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout
    imported = _modules(result)
    assert "moocforge.cli.core" in imported and "moocforge.app.loading" in imported
    unused = ("moocforge.exercises", "moocforge.cli.exercises", "moocforge.cli.codecast",
              "moocforge.app.catalogue", "moocforge.app.building", "jsonschema")
    assert not imported & set(unused)
    # of the writers, only what checks their settings in course.yml
    writers = {m for m in imported if m.startswith("moocforge.writers.")}
    assert writers and all(m.count(".") == 2 or m.endswith(".settings") for m in writers)


@pytest.mark.parametrize("name", list(commands.COMMANDS))
def test_every_command_runs_from_the_lazy_registry(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_a_mistyped_command_is_answered_with_the_close_names() -> None:
    result = _python(MAIN, "valdate", "x")
    assert result.returncode == 2
    assert "No such command 'valdate'. Did you mean 'validate', 'dates'?" in result.stderr


@pytest.mark.parametrize("command", [["build"], ["lint"], ["cache", "info"]])
def test_help_paragraphs_are_wrapped_once_to_the_terminal(command: list[str]) -> None:
    """On 80 columns, a docstring's own line breaks used to break each line a second time
    ("... as warnings; in" / "text format ..."): every line of a paragraph but its last
    is filled."""
    result = _python(MAIN, *command, "--help")
    assert result.returncode == 0, result.stderr
    description = result.stdout.split("╭")[0].splitlines()[3:]  # after "Usage:"
    paragraphs = "\n".join(line.strip() for line in description).strip().split("\n\n")
    assert len(paragraphs) >= 2, result.stdout
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        assert all(len(line) > 60 for line in lines[:-1]), paragraph
