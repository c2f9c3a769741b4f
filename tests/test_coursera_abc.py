"""The flagship course builds into a Coursera kit (skipped while courses/abc-c is incomplete)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from moocforge.app import load as prepare
from moocforge.diagnostics import has_errors
from moocforge.media.transcripts import parse_transcript
from moocforge.workload import estimate
from moocforge.writers import WriterOptions
from moocforge.writers.coursera import write
from moocforge.writers.coursera.plan import item_type

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"


@pytest.fixture(scope="module")
def abc_kit(tmp_path_factory):
    prepared = prepare(ABC_C)
    if not prepared.ok or prepared.course is None:
        errors = [d for d in prepared.diagnostics if d.severity == "error"]
        pytest.skip(f"courses/abc-c does not validate yet ({len(errors)} error(s))")
    out = tmp_path_factory.mktemp("abc") / "abc-c" / "coursera"
    diagnostics = write(prepared.course, out, WriterOptions())
    assert not has_errors(diagnostics), [d for d in diagnostics if d.severity == "error"]
    return prepared.course, out


def test_abc_c_blueprint_matches_the_course(abc_kit):
    course, out = abc_kit
    for lang in course.languages:
        kit = out / lang
        sheet = load_workbook(kit / "blueprint.xlsx")["Blueprint"]
        rows = list(sheet.iter_rows(values_only=True))
        headers, rows = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        assert "Files" in headers
        assert [r["Item id"] for r in rows] == [i.id for i in course.items]
        for row, item in zip(rows, course.items, strict=True):
            assert row["Item type"] == item_type(item)
            assert row["Minutes"] == pytest.approx(round(estimate(course, item, lang).minutes,
                                                         1))
            for name in row["Files"].split("\n"):
                assert (kit / name).is_file(), name


def test_abc_c_quizzes_and_subtitles(abc_kit):
    course, out = abc_kit
    kit = out / course.default_lang
    for path in kit.rglob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") == "moocforge-coursera-quiz/1":
            quiz = course.item(data["id"])
            assert quiz is not None and quiz.kind == "quiz"
            assert [q["id"] for q in data["questions"]] == [q.id for q in quiz.questions]
    for path in kit.rglob("*"):
        if path.suffix in (".srt", ".vtt"):
            parsed = parse_transcript(path.read_text("utf-8"), path.suffix[1:], path.name)
            assert not parsed.problems, (path, parsed.problems)
    zips = sorted(p.name for p in out.glob("*.zip"))
    assert zips == sorted(f"abc-c-coursera-{lang}.zip" for lang in course.languages)
