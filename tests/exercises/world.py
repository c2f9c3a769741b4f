"""The attack tests' world: exercises in a world-readable folder (as courses on a grading
server usually are), a root-only file next to them, and what must not change there."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from exercises.traces import ipc_objects, leftovers, processes_named
from moocforge.exercises import load_exercise
from moocforge.model import Exercise

EXERCISE = """\
title: {fr: Plus un, en: Plus one}
language: c
statement: statement.md
solution: solution.c
tests:
  - name: one
    stdin: "7\\n"
    expected: "8\\n"
  - name: two
    stdin: "8\\n"
    expected: "9\\n"
  - name: secret
    stdin: "41\\n"
    expected: "42\\n"
    hidden: true
limits: {time: 1, memory: 64, output: 64, processes: 8}
"""
SOLUTION = """\
#include <stdio.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    printf("%d\\n", n + 1);
    return 0;
}
"""
CHECKER = """\
import sys

expected = open(sys.argv[2]).read().split()
actual = open(sys.argv[3]).read().split()
sys.exit(0 if expected == actual else 1)
"""
SECRET = b"root only\n"


def _make_exercise(parent: Path, name: str, checker: bool) -> Path:
    folder = parent / name
    folder.mkdir()
    text = EXERCISE + ("checker: check.py\n" if checker else "")
    (folder / "exercise.yml").write_text(text, "utf-8")
    (folder / "statement.md").write_text("# Plus un\n\nAffichez n + 1.\n", "utf-8")
    (folder / "solution.c").write_text(SOLUTION, "utf-8")
    if checker:
        (folder / "check.py").write_text(CHECKER, "utf-8")
    return folder


@contextlib.contextmanager
def attack_world() -> Iterator[Path]:
    """`plus` (n → n + 1), `checked` (the same with a checker), and `secret` (root, 0600)."""
    root = Path(tempfile.mkdtemp(prefix="mf-attacks-", dir="/tmp"))
    try:
        root.chmod(0o755)
        _make_exercise(root, "plus", checker=False)
        _make_exercise(root, "checked", checker=True)
        secret = root / "secret"
        secret.write_bytes(SECRET)
        secret.chmod(0o600)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def exercise_in(world: Path, name: str = "plus") -> Exercise:
    loaded = load_exercise(world / name)
    assert loaded.exercise is not None, loaded.diagnostics
    return loaded.exercise


def fingerprint(root: Path) -> dict[str, tuple]:
    prints = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        prints[str(path)] = (stat.filemode(info.st_mode), info.st_uid, digest)
    return prints


@contextlib.contextmanager
def untouched(world: Path) -> Iterator[None]:
    """After the block: no trace of any box, no new IPC object, no file changed in `world`."""
    before = fingerprint(world)
    ipc_before = ipc_objects()
    yield
    assert leftovers() == {}
    assert ipc_objects() - ipc_before == set()
    assert processes_named("mf-survivor") == []
    assert fingerprint(world) == before
    assert (world / "secret").read_bytes() == SECRET


def source(template: str, **fields: str) -> str:
    """An attack with its `@FIELDS@` filled in."""
    for name, value in fields.items():
        template = template.replace(f"@{name}@", value)
    return "#define _GNU_SOURCE\n" + template  # gcc runs with -std=c11: POSIX on demand
