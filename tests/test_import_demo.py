"""Round trip on a real export: the official Open edX demo course imports, validates with no
error, rebuilds as OLX with the same blocks, is judged by olxcleaner with no new error, its
quizzes grade the original's right answers right (the platform's CAPA engine), and every
block moocforge cannot express is kept raw and listed in the import report.

The export is the project's shared test data (../shared/fixtures/olx/openedx-demo-course,
AGPL-3.0, read in place, never copied into the repository)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from olx_judges import grade, load_problem, olxcleaner_report, response_input_ids

from moocforge.importers.olx import import_olx
from moocforge.load import load_course
from moocforge.model import Quiz, RawOlx
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write

DEMO = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "olx" / \
    "openedx-demo-course" / "course"
pytestmark = pytest.mark.skipif(not DEMO.is_dir(), reason=f"the demo course export is not "
                                f"at {DEMO} (the project's shared test data)")
SUPPORTED = {"html", "problem", "video", "openassessment", "discussion", "lti_consumer"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    result = import_olx(DEMO, work / "course")
    assert result.ok, [d for d in result.diagnostics if d.severity == "error"]
    loaded = load_course(work / "course")
    write(loaded.course, work / "olx", WriterOptions(keep_dir=True))
    tree = next((work / "olx").glob("*/course"))
    return result, loaded, tree, work / "course"


def _blocks(root: Path) -> Counter[str]:
    """Blocks per type, walking the course tree from course.xml (pointers followed)."""
    counts: Counter[str] = Counter()

    def visit(element: etree._Element) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.tag == "wiki":
                continue
            counts[child.tag] += 1
            target = root / child.tag / f"{child.get('url_name', '')}.xml"
            if set(child.attrib) == {"url_name"} and not len(child) and target.is_file():
                child = etree.parse(str(target)).getroot()
            if child.tag in ("chapter", "sequential", "vertical", "library_content"):
                visit(child)

    top = etree.parse(str(root / "course.xml")).getroot()
    visit(etree.parse(str(root / "course" / f"{top.get('url_name')}.xml")).getroot())
    return counts


def test_the_demo_course_imports_and_validates_without_error(demo):
    _, loaded, _, _ = demo
    assert [d for d in loaded.diagnostics if d.severity == "error"] == []
    assert loaded.course is not None and len(loaded.course.weeks) == 6


def test_the_rebuilt_package_has_the_same_blocks(demo):
    _, _, tree, _ = demo
    original, rebuilt = _blocks(DEMO), _blocks(tree)
    assert rebuilt == original
    assert original["chapter"] == 6 and original["sequential"] == 17
    assert original["vertical"] == 58 and original["html"] == 266


def test_olxcleaner_finds_no_new_error(demo):
    _, _, tree, _ = demo

    def errors(root: Path) -> Counter[str]:
        return Counter(name for level, name, _ in olxcleaner_report(root) if level == "ERROR")

    before, after = errors(DEMO), errors(tree)
    assert after - before == Counter(), f"new errors: {after - before}"


def _right_answers(original, input_id: str, kind: str, answers: dict) -> list:
    """The original's right answers for one input, each checked right by the original."""
    answer = answers[input_id]
    if kind == "MultipleChoiceResponse" and isinstance(answer, list):
        return [answer[0]]  # the engine lists the one right choice of a radio group
    if kind != "StringResponse":
        return [answer]
    response = next(r for r in original.responders.values() if input_id in r.answer_ids)
    written = [response.xml.get("answer", "")] + [
        a.get("answer", "") for a in response.xml.findall("additional_answer")]
    if "regexp" in response.xml.get("type", ""):
        written = [re.sub(r"\.", "b", w.replace(".*", "")) for w in written]  # a match
    right = [w for w in written if grade(original, {input_id: w}) == {input_id: "correct"}]
    assert right, f"no right answer found for {input_id}"
    return right


def test_every_imported_quiz_grades_the_original_right_answers_right(demo):
    _, loaded, tree, _ = demo
    quizzes = [item for item in loaded.course.items if isinstance(item, Quiz)]
    assert len(quizzes) >= 10
    checked = 0
    for quiz in quizzes:
        original = load_problem((DEMO / "problem" / f"{quiz.id}.xml").read_bytes(), "orig")
        rebuilt = load_problem((tree / "problem" / f"{quiz.id}.xml").read_bytes(), "new")
        answers = original.get_question_answers()
        old_ids, new_ids = response_input_ids(original), response_input_ids(rebuilt)
        assert len(old_ids) == len(new_ids), quiz.id
        kinds = [type(r).__name__ for r in sorted(
            rebuilt.responders.values(), key=lambda r: [int(p) for p in r.id.split("_")[1:]])]
        for old, new, kind in zip(old_ids, new_ids, kinds, strict=True):
            for answer in _right_answers(original, old, kind, answers):
                assert grade(rebuilt, {new: answer}) == {new: "correct"}, (quiz.id, answer)
                checked += 1
    assert checked >= len(quizzes)


def test_every_unsupported_block_is_kept_raw_and_listed_in_the_report(demo):
    result, loaded, _, course_dir = demo
    raw = {item.id: item for item in loaded.course.items if isinstance(item, RawOlx)}
    report = (course_dir / "import-report.md").read_text("utf-8")
    for tag, count in _blocks(DEMO).items():
        if tag in SUPPORTED or tag in ("chapter", "sequential", "vertical"):
            continue
        kept = [item for item in raw.values() if item.block_type == tag]
        assert len(kept) == count or tag == "problem", tag  # problems: below
    for item in raw.values():
        assert f"| `{item.block_type}` | `{item.id}` |" in report
    problems = [i for i in loaded.course.items if i.kind in ("quiz", "exercise")]
    raw_problems = [i for i in raw.values() if i.block_type == "problem"]
    top_level_problems = 29 - 6  # six are children of the library_content block
    assert len(problems) + len(raw_problems) == top_level_problems
    assert {d.item for d in result.diagnostics if d.code == "MF650"} == set(raw)
    assert "info/updates.items.json (course updates and handouts) is not imported" in report


def test_the_raw_blocks_are_re_emitted_as_written(demo):
    _, loaded, tree, _ = demo
    dnd = next(i for i in loaded.course.items if isinstance(i, RawOlx)
               and i.block_type == "drag-and-drop-v2")
    vertical = next(v for v in (tree / "vertical").glob("*.xml")
                    if f'url_name="{dnd.id}"' in v.read_text("utf-8"))
    written = etree.parse(str(vertical)).getroot().find("drag-and-drop-v2")
    kept = etree.fromstring(dnd.xml.encode())
    assert written is not None and written.attrib == kept.attrib
    annotatable = next(i for i in loaded.course.items if isinstance(i, RawOlx)
                       and i.block_type == "annotatable")
    assert (tree / "annotatable" / f"{annotatable.id}.xml").read_text("utf-8") == \
        annotatable.xml
