"""Round trip on moocforge's own output: `import(build(c))` has c's model, field by field
(up to what OLX cannot carry, tests/importers/compare.py), and `build(import(build(c)))`
gives c's packages again, file by file (up to the differences docs/import.md lists)."""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT
from importers.compare import NOT_IN_OLX, model_differences
from olx_judges import RICH_FILES

from moocforge.importers.olx import import_olx
from moocforge.importers.olx.html2md import canonical
from moocforge.load import load_course
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write
from moocforge.writers.olx.package import package_name


def _packages(course, out: Path) -> dict[str, Path]:
    diagnostics = write(course, out, WriterOptions())
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return {lang: out / f"{package_name(course, run, lang)}.tar.gz"
            for run in course.runs for lang in course.languages}


def _import_packages(course, packages: dict[str, Path], dest: Path):
    first, *others = course.languages
    result = import_olx(packages[first], dest, lang=first, timezone=course.timezone,
                        merge=[(lang, packages[lang]) for lang in others])
    assert result.ok, [f"{d.loc} {d.code} {d.message}" for d in result.diagnostics
                       if d.severity == "error"]
    loaded = load_course(dest)
    errors = [f"{d.loc} {d.code} {d.message}" for d in loaded.diagnostics
              if d.severity == "error"]
    assert errors == [] and loaded.course is not None
    return result, loaded.course


def _files(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


# Files that may differ, and why (docs/import.md, "What a round trip keeps", lists them).
DIFFERENT_FILES = {
    "course/about/effort.html": "the weekly effort is computed from video durations and "
                                "effort estimates, which OLX does not carry",
}


def _same_page(name: str, original: bytes, rebuilt: bytes) -> bool:
    """An html file whose Markdown needed a block of raw HTML: python-markdown puts a blank
    line after such a block; the page is the same (same elements, same text)."""
    return name.endswith(".html") and canonical(original.decode()) == canonical(rebuilt.decode())


@pytest.fixture(scope="module")
def abc_round_trip(tmp_path_factory):
    from conftest import ABC_C

    original = load_course(ABC_C).course
    work = tmp_path_factory.mktemp("abc")
    packages = _packages(original, work / "olx")
    result, imported = _import_packages(original, packages, work / "imported")
    return original, packages, result, imported, work


@pytest.fixture
def rich_round_trip(make_course, load_ok, tmp_path):
    original = load_ok(make_course(RICH_FILES))
    packages = _packages(original, tmp_path / "olx")
    result, imported = _import_packages(original, packages, tmp_path / "imported")
    return original, packages, result, imported, tmp_path


@pytest.mark.parametrize("which", ["abc", "rich"])
def test_import_of_a_build_has_the_original_model(which, request):
    original, _, _, imported, _ = request.getfixturevalue(f"{which}_round_trip")
    assert model_differences(original, imported) == []


# A codecast is an html component whose player reads its files from data attributes: it comes
# back as a reading holding that html, without the player's static files (docs/import.md).
CODECAST_FILES = re.compile(r"course/(static/(mf-(codecast|codemirror|runner|picoc)|LICENSES\.txt|"
                            r".*codecast-)|html/codecast-|policies/assets\.json)")


@pytest.mark.parametrize("which", ["abc", "rich"])
def test_build_of_the_import_gives_the_original_packages(which, request):
    original, packages, _, imported, work = request.getfixturevalue(f"{which}_round_trip")
    rebuilt = _packages(imported, work / "rebuilt")
    has_codecasts = any(item.kind == "codecast" for item in original.items)
    for lang, archive in packages.items():
        before, after = _files(archive), _files(rebuilt[lang])
        if has_codecasts:
            before = {n: v for n, v in before.items() if not CODECAST_FILES.match(n)}
            after = {n: v for n, v in after.items() if not CODECAST_FILES.match(n)}
        assert sorted(before) == sorted(after), lang
        differ = [name for name in before if before[name] != after[name]]
        unexplained = [n for n in differ if not _same_page(n, before[n], after[n])
                       and n not in DIFFERENT_FILES]
        assert unexplained == [], (lang, unexplained)


def test_the_comparison_catches_a_changed_model(abc_round_trip):
    import dataclasses

    original, _, _, imported, _ = abc_round_trip
    week = imported.weeks[0]
    quiz = next(i for i in week.items if i.kind == "quiz")
    question = quiz.questions[0]
    flipped = tuple(dataclasses.replace(c, correct=not c.correct) for c in question.choices)
    changed_quiz = dataclasses.replace(quiz, questions=(
        dataclasses.replace(question, choices=flipped), *quiz.questions[1:]))
    lesson = next(lsn for lsn in week.lessons if quiz in lsn.items)
    items = tuple(changed_quiz if i is quiz else i for i in lesson.items)
    week = dataclasses.replace(week, lessons=tuple(
        dataclasses.replace(lsn, items=items) if lsn is lesson else lsn for lsn in week.lessons))
    changed = dataclasses.replace(imported, weeks=(week, *imported.weeks[1:]))
    found = model_differences(original, changed)
    assert found and all(".correct" in line for line in found)


def test_what_a_round_trip_cannot_keep_is_documented():
    text = (ROOT / "docs" / "import.md").read_text("utf-8")
    missing = [f"{cls}.{name}" for cls, name in NOT_IN_OLX if f"`{cls}.{name}`" not in text]
    missing += [name for name in DIFFERENT_FILES if f"`{name.removeprefix('course/')}`"
                not in text]
    assert missing == []


def test_the_import_report_lists_what_became_what(abc_round_trip):
    work = abc_round_trip[4]
    report = (work / "imported" / "import-report.md").read_text("utf-8")
    assert "| weeks | 5 |" in report
    assert re.search(r"\| exercise items \| \d+ \|", report)
    assert "Nothing: every block became a moocforge item." in report

