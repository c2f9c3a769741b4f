"""Fuzzing the loader and the linter with mutations of abc-c (issue 13, acceptance).

Hypothesis mutates a copy of `courses/abc-c` — its YAML (as text, and as data: a value of
another type, a huge integer, NaN, a control or bidi character, a path leaving the course, a
key dropped, renamed or added), its Markdown (tokens inserted, lines cut, swapped or
duplicated) and its files (removed, emptied, replaced by bytes that are not UTF-8, by a
symlink leading outside, by a folder) — at least four mutations per example and 2,000 in
all, then loads and lints the course. Whatever the input:

- no internal error (MF099 from the loader, a rule that crashed);
- every diagnostic names a file;
- every run finishes: a generous deadline per example (examples take ~0.1 s) and a
  watchdog that ends the process with a traceback if one never returns.

The loader bugs it found are listed in KNOWN_BUGS with a minimal reproducer each, run as a
test of its own so that they stay fixed.
"""

from __future__ import annotations

import faulthandler
import os
import re
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ABC_C
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moocforge.diagnostics import Diagnostic
from moocforge.load import load_course
from moocforge.rules import lint

MUTATIONS_WANTED = 2000
EXAMPLES = 520  # four to six mutations each: over 2,000, within CI's ~90 s on 2 cores
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FILES = sorted(p.relative_to(ABC_C).as_posix() for p in ABC_C.rglob("*")
               if p.is_file() and p.suffix in (".yml", ".md", ".lock"))
TOKENS = ["\x00", "\x07", "\x1b[31m", "\u202e", "\u200f", "\ufeff", "\t", "\r", "\n", ":",
          ": ", "- ", "-", "{", "}", "[", "]", ",", "&a ", "*a", "<<: *a\n", "!!binary ",
          "!!python/object/apply:os.system ['true']", "!!str ", "---\n", "...\n",
          "%YAML 1.1\n", "'", '"', "|\n", ">-\n", "# ", "?", "`", "```", "~~~\n", "[x](",
          "](../../../etc/passwd)", "![", "<script>", "</", "${x}", "\\", "\\u", "%",
          "99999999999999999999999999", "1e999", ".nan", "-.inf", "0x1F", "0o17", "yes", "~",
          "null", "2027-02-30", "25:61", "-1", "é", "𝔘", "\U0010ffff", "id: x\n",
          "weeks: [weeks/01-premiers-pas, weeks/01-premiers-pas]\n"]
VALUES = [None, True, False, 0, -1, 10**30, -(10**30), 2**63, 10**400, 1.5, -0.0,
          float("nan"), float("inf"), float("-inf"), "", " ", "x" * 500, "a\x07b", "a\u202eb",
          "\x00", "../../etc/passwd", "/etc/passwd", "C:\\windows", "youtube:", "https://",
          "10%", "-5%", "1e999%", "9" * 400 + "%", "1e999", "2027-02-30", "2027-13-01T25:00",
          [], {}, [1, "two", None], {"a": {"b": [1]}}, ["../x"], "MF999", "off",
          "weeks/99-nowhere", {"ignore": ["MF300"]}, {"ignore": {"MF300": {"a": 1}}},
          {"rules": ["quiz-key"]}, {"rules": {"quiz-key": [1]}}, {"profile": 3}]
# Keys of abc-c's own YAML: a generated mapping looks like a real one often enough.
KEYS = sorted({str(key) for rel in FILES if rel.endswith(".yml")
               for key in re.findall(r"^\s*-?\s*([a-z_]+):", (ABC_C / rel).read_text("utf-8"),
                                     re.MULTILINE)})
NUMBERS = [10**400, -(10**400), 2**63, 2**64 + 1, -1, 0, float("nan"), float("inf"),
           float("-inf"), 1e308, 5e-324, "9" * 400, "1e999", True]
STRINGS = ["", " ", "\x00", "a\x07b", "a\u202eb\u2066", "\ufeffx", "x" * 5000, "../../etc/passwd",
           "/etc/passwd", "~/x", "a\nb", "{{x}}", "%s", "10%", "1e999%", "9" * 400 + "%",
           "-0%", "nan%", "youtube:x", "MF", "2027-02-30", "é" * 3, 7, None, ["x"]]
_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
            | st.sampled_from(VALUES) | st.sampled_from(NUMBERS) | st.sampled_from(STRINGS))
generated_values = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


# --------------------------------------------------------------------------- mutations


@dataclass(frozen=True)
class Mutation:
    """One change to one file; `where` (0..1) picks the place, `pick` a token, `value` the
    new YAML value."""

    file: str
    kind: str
    where: float
    pick: int
    value: object = None

    def __str__(self) -> str:
        return f"{self.kind} in {self.file} at {self.where:.3f} ({self.pick}, {self.value!r})"


TEXT_KINDS = ["insert", "delete", "duplicate-line", "swap-lines", "truncate", "indent",
              "dedent"]
YAML_KINDS = ["set", "drop", "rename", "add", "number", "string"]
FILE_KINDS = ["remove", "empty", "not-utf8", "symlink-out", "folder"]


@st.composite
def mutation(draw) -> Mutation:
    file = draw(st.sampled_from(FILES))
    structured = YAML_KINDS * 4 if not file.endswith(".md") else []
    kind = draw(st.sampled_from(TEXT_KINDS * 2 + structured + FILE_KINDS))
    value = draw(generated_values) if kind in ("set", "add") else \
        draw(st.sampled_from(NUMBERS)) if kind == "number" else \
        draw(st.sampled_from(STRINGS)) if kind == "string" else None
    return Mutation(file, kind, draw(st.floats(0, 1)), draw(st.integers(0, 10_000)), value)


def apply(root: Path, change: Mutation) -> bool:
    """Apply `change` to the course in `root`; False when it had nothing to change."""
    path = root / change.file
    if change.kind in FILE_KINDS:
        return _file_change(root, path, change.kind)
    if path.is_symlink() or not path.is_file():
        return False
    text = path.read_bytes().decode("utf-8", errors="replace")
    if change.kind in YAML_KINDS:
        changed = _yaml_change(text, change) if path.suffix != ".md" else None
    else:
        changed = _text_change(text, change)
    if changed is None or changed == text:
        return False
    path.write_text(changed, "utf-8", errors="surrogatepass")
    return True


def _text_change(text: str, change: Mutation) -> str:
    at = int(change.where * len(text))
    lines = text.splitlines(keepends=True) or [""]
    line = min(int(change.where * len(lines)), len(lines) - 1)
    other = change.pick % len(lines)
    match change.kind:
        case "insert":
            return text[:at] + TOKENS[change.pick % len(TOKENS)] + text[at:]
        case "delete":
            return text[:at] + text[at + 1 + change.pick % 40:]
        case "duplicate-line":
            return "".join(lines[:line + 1] + lines[line:])
        case "swap-lines":
            lines[line], lines[other] = lines[other], lines[line]
            return "".join(lines)
        case "truncate":
            return text[:at]
        case "indent":
            lines[line] = " " * (1 + change.pick % 4) + lines[line]
            return "".join(lines)
        case _:  # dedent
            lines[line] = lines[line].lstrip(" ")
            return "".join(lines)


def _yaml_change(text: str, change: Mutation) -> str | None:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    paths = list(_paths(data, ()))
    if change.kind in ("number", "string"):  # a value of the same type: past the schema
        wanted = (int, float) if change.kind == "number" else (str,)
        paths = [p for p in paths if p and isinstance(_node(data, p), wanted)
                 and not isinstance(_node(data, p), bool)]
    if not paths:
        return None
    path = paths[min(int(change.where * len(paths)), len(paths) - 1)]
    parent = _node(data, path[:-1]) if path else None
    value = change.value
    match change.kind:
        case "set" | "number" | "string" if path:
            parent[path[-1]] = value
        case "set":
            data = value
        case "drop" if path:
            del parent[path[-1]]
        case "rename" if path and isinstance(parent, dict):
            key = path[-1]
            parent[f"{key}x" if change.pick % 2 else str(key).upper()] = parent.pop(key)
        case "add":
            target = _node(data, path)
            if isinstance(target, dict):
                target[["extra", "id", "title", "kind", "lint", "weeks"][change.pick % 6]] = value
            elif isinstance(target, list):
                target.append(value)
            else:
                return None
        case _:
            return None
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


def _paths(node: object, prefix: tuple) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _node(data: object, path: tuple) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def _file_change(root: Path, path: Path, kind: str) -> bool:
    if not path.exists() and not path.is_symlink():
        return False
    _clear(path)
    match kind:
        case "remove":
            pass
        case "empty":
            path.write_bytes(b"")
        case "not-utf8":
            path.write_bytes(b"title: \xff\xfe\xc3(\x80 \xed\xa0\x80\n")
        case "symlink-out":
            path.symlink_to("/etc/passwd")
        case _:
            path.mkdir()
            (path / "inside.yml").write_text("id: x\n", "utf-8")
    return True


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def restore(root: Path, files: set[str]) -> None:
    for rel in files:
        _clear(root / rel)
        shutil.copy2(ABC_C / rel, root / rel)


# --------------------------------------------------------------------------- known bugs

# Classes of loader bugs this fuzz test found, all fixed since: the pattern of the internal
# error's message, and a minimal reproducer on the scaffold course (file, text replaced,
# replacement), each run by test_known_loader_bug_is_fixed so that it stays fixed.
QUIZ, WEEK = "weeks/01-bienvenue/quiz-start.yml", "weeks/01-bienvenue/week.yml"
KNOWN_BUGS: dict[str, tuple[str, tuple[str, str, str]]] = {
    # An integer beyond float range in a number the loader or a rule converts: MF099, or
    # weekly-workload crashing (workload.weekly_minutes).
    "int-beyond-float": (r"OverflowError: int too large to convert to float", (
        QUIZ, "  - kind: single\n",
        "  - kind: numeric\n    answer: 1" + "0" * 400 + "\n    prompt: x\n  - kind: single\n")),
    "int-beyond-float-in-a-rule": (r"rule weekly-workload failed: OverflowError", (
        "course.yml", "weeks:\n", "workload: {weekly_minutes: 1" + "0" * 400 + "}\nweeks:\n")),
    # A referenced file name longer than the file system allows (ENAMETOOLONG): MF099.
    "file-name-too-long": (r"File name too long", (
        WEEK, "reading: intro.md", "reading: " + "x" * 300 + ".md")),
    # A path with a NUL byte: the loader reports MF020 but keeps it; asset-size crashes.
    "nul-in-a-path": (r"embedded null byte", (
        WEEK, "      - quiz: quiz-start.yml",
        '      - quiz: quiz-start.yml\n      - {video: "\\0", id: v, title: V}')),
    # `lint: ignore:` as a list instead of a mapping: MF099.
    "lint-ignore-not-a-mapping": (r"'list' object has no attribute 'items'", (
        "course.yml", "weeks:\n", "lint: {ignore: [MF300]}\nweeks:\n")),
}


def problems(diagnostics: list[Diagnostic]) -> list[str]:
    """What must never happen."""
    found = []
    for d in diagnostics:
        if d.code in ("MF098", "MF099") or "this is a moocforge bug" in d.hint:
            found.append(f"internal error: {d}")
        elif not d.loc.file:
            found.append(f"diagnostic without a file: {d}")
    return found


def check_course(root: Path) -> list[str]:
    result = load_course(root)
    found = list(result.diagnostics)
    if result.course is not None:
        found += lint(result.course)
    return problems(found)


# --------------------------------------------------------------------------- the fuzz test


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "abc-c"
    shutil.copytree(ABC_C, root, symlinks=True)
    return root


def test_the_pristine_copy_is_clean(course_copy):
    assert check_course(course_copy) == []


@pytest.mark.slow
def test_mutated_abc_c_loads_and_lints_without_internal_errors(course_copy):
    applied = [0]

    @settings(max_examples=EXAMPLES, deadline=timedelta(seconds=30), database=None,
              derandomize=not os.environ.get("MOOCFORGE_FUZZ_RANDOM"),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(mutation(), min_size=4, max_size=6))
    def mutated(changes: list[Mutation]) -> None:
        touched = {change.file for change in changes}
        try:
            applied[0] += sum(apply(course_copy, change) for change in changes)
            assert check_course(course_copy) == [], [str(c) for c in changes]
        finally:
            restore(course_copy, touched)

    faulthandler.dump_traceback_later(900, exit=True)  # a hang ends the run, with a trace
    try:
        mutated()
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert applied[0] >= MUTATIONS_WANTED, f"only {applied[0]} mutations changed a file"


@pytest.mark.parametrize("name", sorted(KNOWN_BUGS))
def test_known_loader_bug_is_fixed(make_course, name):
    file, old, new = KNOWN_BUGS[name][1]
    root = make_course()
    text = (root / file).read_text("utf-8")
    assert old in text
    (root / file).write_text(text.replace(old, new, 1), "utf-8")
    assert check_course(root) == []
