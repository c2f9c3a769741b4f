"""Every generated problem goes through the Open edX CAPA engine (xblocks-contrib).

The engine parses and renders each problem; then the answers the source marks correct are
graded correct, and wrong ones incorrect, input by input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from olx_judges import RICH_FILES, grade, grade_quiz, load_problem, response_input_ids

from moocforge.model import Quiz
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write


@pytest.fixture
def built(make_course, load_ok, tmp_path):
    course = load_ok(make_course(RICH_FILES))
    out = tmp_path / "olx"
    diagnostics = write(course, out, WriterOptions(keep_dir=True))
    assert not [d for d in diagnostics if d.severity == "error"]
    return course, out


def trees(out: Path) -> list[Path]:
    return sorted(p / "course" for p in out.iterdir() if p.is_dir())


def test_every_problem_parses_and_renders(built):
    _, out = built
    count = 0
    for root in trees(out):
        for path in sorted((root / "problem").glob("*.xml")):
            problem = load_problem(path.read_bytes())
            assert problem.responders, path
            count += 1
    assert count == 8  # 4 problems × 2 languages


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_source_answers_are_graded_by_the_engine(built, lang):
    course, out = built
    quiz = next(i for i in course.items if isinstance(i, Quiz) and i.id == "quiz-all")
    root = next(r for r in trees(out) if r.parent.name.endswith(lang))
    xml = (root / "problem" / "quiz-all.xml").read_bytes()
    failures, checked = grade_quiz(quiz, xml, lang)
    assert not failures, failures
    assert checked >= 10


def test_regex_alternatives_are_anchored_as_a_whole(built):
    """CAPA joins answers as ^a|b$; the writer groups them so 'int mainXYZ' stays wrong."""
    _, out = built
    xml = (trees(out)[0] / "problem" / "quiz-all.xml").read_bytes()
    problem = load_problem(xml)
    regex_input = response_input_ids(problem)[6]
    assert grade(problem, {regex_input: "int main(void)"}) == {regex_input: "correct"}
    assert grade(problem, {regex_input: "int mainXYZ"}) == {regex_input: "incorrect"}
    assert grade(problem, {regex_input: "xx int main"}) == {regex_input: "incorrect"}


def test_literal_answers_with_capa_special_sequences(built):
    """'_or_' is CAPA's legacy separator and '$seed' a variable: both must stay literal."""
    _, out = built
    xml = (trees(out)[0] / "problem" / "quiz-all.xml").read_bytes()
    problem = load_problem(xml)
    exact = response_input_ids(problem)[7]
    assert grade(problem, {exact: "a_or_b"}) == {exact: "correct"}
    assert grade(problem, {exact: "$seed"}) == {exact: "correct"}
    assert grade(problem, {exact: "a"}) == {exact: "incorrect"}
    assert grade(problem, {exact: "A_OR_B"}) == {exact: "incorrect"}  # exact match


def test_feedback_reaches_the_learner(built):
    _, out = built
    root = next(r for r in trees(out) if r.parent.name.endswith("en"))
    problem = load_problem((root / "problem" / "quiz-all.xml").read_bytes())
    ids = response_input_ids(problem)
    correct_map = problem.grade_answers({ids[0]: "choice_2", ids[5]: "tcc", ids[1]: [
        "choice_0", "choice_1"]})
    assert "Read again." in correct_map.get_msg(ids[0])  # question-level wrong feedback
    assert "Think of GNU" in correct_map.get_msg(ids[5])  # catch-all wrong text feedback
    assert "Well done" in correct_map.get_msg(ids[1])  # multiple: all right
