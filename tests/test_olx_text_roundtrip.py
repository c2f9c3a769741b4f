"""Property: random quiz text full of `<>&"'` and Markdown punctuation reaches the learner
with the visible text the source means — through the OLX writer and the Open edX CAPA engine,
and through the Coursera kit.

"Visible text" is defined from the source alone (tests/platform/openedx_fidelity.py
`visible_text`: the Markdown rendered with HTML shown as typed, as a browser lays it out).
Each example writes one quiz of STRINGS_PER_EXAMPLE questions (each string is a prompt, a
choice and a dropdown option), so EXAMPLES × STRINGS_PER_EXAMPLE ≥ 500 strings per writer.
The site's quiz widget is not covered here (its writer belongs to another change).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import olx_judges  # noqa: F401  (puts tests/platform on the path)
import yaml
from conftest import SCAFFOLD, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html
from openedx_fidelity import visible_text
from openedx_import import import_course
from openedx_learner import problem_view, words

from moocforge.load import load_course
from moocforge.model import Quiz
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import place
from moocforge.writers.coursera.quiz import QuizExport, quiz_page
from moocforge.writers.olx.package import build_tree
from moocforge.writers.olx.problems import CAPA_OPTION_QUOTE
from moocforge.writers.olx.settings import OlxSettings

EXAMPLES = 12
STRINGS_PER_EXAMPLE = 45  # 12 × 45 = 540 strings per writer

HOSTILE = "<>&\"'*_`[]()#!~-+=|\\{}:.;/ "
# Pieces that look like markup, entities, comments or Markdown, mixed with single characters.
TOKENS = ["<b>", "</i>", "<none>", "<stdio.h>", "std::vector<int>", "a<b", "c>d", "&&",
          "&amp;", "&lt;", "&#36;", "<!--", "-->", "<script>", "<img src=x onerror=y>", "**",
          "_or_", "`", "``", "[x](y)", "\\<", "<br/>", "'", '"', "#", "- ", "1. ", "> "]
piece = st.one_of(st.sampled_from(TOKENS), st.sampled_from(list(HOSTILE + "abcxyzAZ019éß")))
text = st.lists(piece, min_size=1, max_size=10).map("".join)
batch = st.lists(text.filter(lambda s: visible_text(s) != ""), min_size=STRINGS_PER_EXAMPLE,
                 max_size=STRINGS_PER_EXAMPLE, unique=True)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])


def quiz_course(root: Path, strings: list[str]):
    """The scaffold course holding one quiz built from `strings`."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SCAFFOLD, root)
    questions = []
    for index, value in enumerate(strings):
        questions.append({"id": f"s{index}", "kind": "single", "prompt": value, "choices": [
            {"text": value, "correct": True}, {"text": "other"}]})
        questions.append({"id": f"d{index}", "kind": "dropdown", "prompt": f"Q{index}",
                          "choices": [{"text": value, "correct": True},
                                      {"text": f"not {index}"}]})
    write_files(root, {
        "weeks/01-bienvenue/week.yml": WEEK,
        "weeks/01-bienvenue/quiz-code.yml": yaml.safe_dump(
            {"title": "Text", "questions": questions}, allow_unicode=True)})
    result = load_course(root)
    assert result.course is not None, result.diagnostics
    return result.course


WEEK = """
    title: Text
    lessons:
      - title: Text
        items:
          - quiz: quiz-code.yml
    """


@SETTINGS
@given(strings=batch)
def test_olx_and_capa_show_the_visible_text_of_the_source(strings, tmp_path):
    course = quiz_course(tmp_path / "course", strings)
    build = build_tree(course, course.runs[0], "en", "edx", OlxSettings())
    refused = {d.message.split("'")[3] for d in build.diagnostics if d.code == "MF509"}
    out = tmp_path / "package"
    if out.exists():
        shutil.rmtree(out)
    build.tree.write_dir(out)
    imported = import_course(out)
    assert imported.errors == []
    view = problem_view(next(n for n in imported.nodes("problem") if n.url_name == "quiz-code"))
    for index, value in enumerate(strings):
        shown = visible_text(value)
        assert shown in view.text, (value, shown)
        assert view.choices[2 * index].startswith(shown), (value, view.choices[2 * index])
        if CAPA_OPTION_QUOTE.search(shown):  # the engine cannot: the writer says so
            assert f"d{index}" in refused, value
        else:
            assert view.options[index][0] == shown, (value, view.options[index])


@SETTINGS
@given(strings=batch)
def test_coursera_quiz_shows_the_visible_text_of_the_source(strings, tmp_path):
    course = quiz_course(tmp_path / "course", strings)
    quiz = next(i for i in course.items if isinstance(i, Quiz) and i.id == "quiz-code")
    placed = next(p for p in place(course) if p.item is quiz)
    kit_root = tmp_path / "kit"
    if kit_root.exists():
        shutil.rmtree(kit_root)
    kit = Kit(course, kit_root, "en", place(course))
    data = json.loads(json.dumps(QuizExport(kit, placed, quiz).data()))
    page = words(html.fromstring(quiz_page(data)).text_content())
    for index, value in enumerate(strings):
        shown = visible_text(value)
        question = data["questions"][2 * index]
        for field in (question["prompt"], question["options"][0]["text"]):
            assert words(html.fromstring(f"<div>{field['html']}</div>").text_content()) == \
                shown, (value, field["html"])
        assert shown in page, value
