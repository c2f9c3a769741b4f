"""Answers in the learner's language: text answers per language, dropdown choices graded in
each language, decimal commas in French numbers — on every target.

The Open edX packages are judged by the CAPA engine (xblocks-contrib), the site's widget in
headless Chromium, the Coursera kit by its JSON export.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import serving
from conftest import SCAFFOLD, write_files
from lint_helpers import findings
from olx_judges import grade, grade_quiz, load_problem, response_input_ids
from test_site_browser import browser, page  # noqa: F401  (Chromium fixtures)

from moocforge.load import load_course
from moocforge.model import Quiz
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write as write_olx

W = "weeks/01-bienvenue"
QUIZ_FILE = f"{W}/quiz-roches.yml"
WEEK = """
    title: {fr: Bienvenue, en: Welcome}
    lessons:
      - id: roches
        title: {fr: Roches, en: Rocks}
        items:
          - quiz: quiz-roches.yml
    """
QUIZ = """
    title: {fr: Roches et minéraux, en: Rocks and minerals}
    questions:
      - id: roche
        kind: text
        prompt: {fr: Quelle roche fait effervescence à l'acide ?, en: Which rock fizzes with acid?}
        answers: {fr: [calcaire, roche calcaire], en: [limestone]}
        samples: {fr: [Calcaire], en: [Limestone]}
      - id: granite
        kind: text
        match: regex
        prompt: {fr: Une roche à gros grains ?, en: A coarse-grained rock?}
        answers: {fr: ['granite?'], en: ['granite']}
        samples: {fr: [granit, granite], en: [granite]}
      - id: dur
        kind: dropdown
        prompt: {fr: Le minéral le plus dur, en: The hardest mineral}
        choices:
          - {text: {fr: Diamant, en: Diamond}, correct: true}
          - {text: {fr: Quartz rose, en: Rose quartz}}
          - {text: Talc}
      - id: densite
        kind: numeric
        prompt: {fr: Densité du quartz ?, en: Density of quartz?}
        answer: 2,65
        tolerance: 0.02
        samples: ["2,66"]
      - id: compile
        kind: text
        prompt: {fr: Le compilateur ?, en: The compiler?}
        answers: [gcc]
    """


@pytest.fixture
def roches(make_course) -> Path:
    root = make_course({f"{W}/week.yml": WEEK, QUIZ_FILE: QUIZ})
    (root / f"{W}/quiz-start.yml").unlink()
    return root


def _quiz(root: Path) -> Quiz:
    result = load_course(root)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.course is not None
    [quiz] = [i for i in result.course.items if isinstance(i, Quiz)]
    return quiz


# --------------------------------------------------------------------------- loader, lint


def test_answers_per_language_and_a_decimal_comma_load(roches):
    quiz = _quiz(roches)
    roche, granite, _dur, densite, compile_ = quiz.questions
    assert roche.accepted.get_lang("fr") == ("calcaire", "roche calcaire")
    assert roche.accepted.get_lang("en") == ("limestone",)
    assert roche.samples.get_lang("en") == ("Limestone",)
    assert granite.accepted.get_lang("fr") == ("granite?",)
    assert densite.answer == 2.65
    # one list holds for every language
    assert compile_.accepted.get_lang("en") == compile_.accepted.get_lang("fr") == ("gcc",)
    assert not compile_.accepted.per_language


def test_the_key_is_checked_language_by_language(roches):
    assert findings(roches, "MF204") == []
    text = (roches / QUIZ_FILE).read_text().replace("en: [Limestone]", "en: [calcaire]")
    (roches / QUIZ_FILE).write_text(text)
    [d] = findings(roches, "MF204")
    assert d.message == ("question 'roche' of 'quiz-roches': sample answer 'calcaire' is not "
                         "accepted by any answer (en)")
    assert (d.loc.file, d.loc.line) == (QUIZ_FILE, 3)


def test_a_numeric_sample_reads_as_the_course_language_writes_numbers(roches):
    text = (roches / QUIZ_FILE).read_text().replace('samples: ["2,66"]', 'samples: ["2,70"]')
    (roches / QUIZ_FILE).write_text(text)
    [d] = findings(roches, "MF204")
    assert "sample 2,70 is outside the accepted range 2.65 ± 0.02" in d.message


def test_a_language_without_its_answers_is_a_missing_translation(roches):
    text = (roches / QUIZ_FILE).read_text().replace(", en: [limestone]", "")
    (roches / QUIZ_FILE).write_text(text)
    [d] = [d for d in findings(roches, "MF302") if "answers" in d.message]
    assert d.message == "question roche of quiz-roches has no en text for: answers"
    assert (d.loc.file, d.loc.line) == (QUIZ_FILE, 3)


@pytest.mark.parametrize(("answer", "languages", "hint"), [
    ("2,6,5", "[fr, en]", "write one number, e.g. `answer: 3.5` or `answer: 3,5`"),
    ("2,65", "[en, fr]", "'en' writes decimals with a point: `answer: 2.65`"),
])
def test_a_number_the_language_cannot_read_is_positioned(make_course, answer, languages,
                                                         hint):
    course = (make_course() / "course.yml")
    course.write_text(course.read_text().replace("languages: [fr, en]",
                                                 f"languages: {languages}"))
    root = write_files(course.parent, {QUIZ_FILE: QUIZ.replace("answer: 2,65",
                                                                f"answer: {answer}"),
                                       f"{W}/week.yml": WEEK})
    result = load_course(root)
    [d] = [d for d in result.diagnostics if d.code == "MF010"]
    assert d.message == f"answer: '{answer}' is not a number"
    assert (d.loc.file, d.loc.line, d.hint) == (QUIZ_FILE, 24, hint)


# --------------------------------------------------------------------------- Open edX


@pytest.fixture
def olx(roches, tmp_path):
    quiz = _quiz(roches)
    out = tmp_path / "olx"
    course = load_course(roches).course
    diagnostics = write_olx(course, out, WriterOptions(keep_dir=True))
    assert [d for d in diagnostics if d.severity == "error"] == []
    packages = {p.name.rsplit("-", 1)[-1]: p / "course" for p in out.iterdir() if p.is_dir()}
    return quiz, packages, diagnostics


@pytest.mark.parametrize(("lang", "right", "wrong"), [
    ("fr", ["calcaire", "Roche calcaire", "granit", "Diamant", "2.65"],
     ["limestone", "granitee", "Diamond", "2.7"]),
    ("en", ["limestone", "Limestone", "granite", "Diamond", "2.65"],
     ["calcaire", "granit", "Diamant", "2.7"]),
])
def test_each_package_grades_its_own_language(olx, lang, right, wrong):
    quiz, packages, _ = olx
    xml = (packages[lang] / "problem" / "quiz-roches.xml").read_bytes()
    failures, checked = grade_quiz(quiz, xml, lang)
    assert failures == [] and checked >= 5
    problem = load_problem(xml)
    roche, granite, dur, densite, _ = response_input_ids(problem)
    inputs = [roche, roche, granite, dur, densite]
    for answer, input_id in zip(right, inputs, strict=True):
        assert grade(problem, {input_id: answer}) == {input_id: "correct"}, answer
    for answer, input_id in zip(wrong, [roche, granite, dur, densite], strict=True):
        assert grade(problem, {input_id: answer}) == {input_id: "incorrect"}, answer


def test_open_edx_refuses_a_decimal_comma_and_the_loss_report_says_so(olx):
    _, packages, diagnostics = olx
    problem = load_problem((packages["fr"] / "problem" / "quiz-roches.xml").read_bytes())
    densite = response_input_ids(problem)[3]
    with pytest.raises(Exception, match="Invalid math syntax"):
        grade(problem, {densite: "2,65"})
    [loss] = [d for d in diagnostics if d.code == "MF518"]
    assert loss.message == ("quiz 'quiz-roches' question 'densite': Open edX reads numeric "
                            "answers with a decimal point only; a learner of the fr package "
                            "who types 2,65 is told the syntax is invalid")
    assert (loss.loc.file, loss.loc.line, loss.item) == (QUIZ_FILE, 21, "quiz-roches")
    assert loss.hint == "say in the prompt to write the number with a point (2.65)"


# --------------------------------------------------------------------------- Coursera, site


def test_the_coursera_kit_of_each_language_holds_its_answers(roches, tmp_path):
    from moocforge.writers.coursera import write as write_coursera

    course = load_course(roches).course
    out = tmp_path / "coursera"
    assert not [d for d in write_coursera(course, out, WriterOptions(keep_dir=True))
                if d.severity == "error"]
    for lang, answers in (("fr", ["calcaire", "roche calcaire"]), ("en", ["limestone"])):
        [file] = (out / lang).rglob("*quiz-roches.json")
        roche = json.loads(file.read_text("utf-8"))["questions"][0]
        assert (roche["answers"], roche["coursera_answers"]) == (answers, answers)


def _page_data(site: Path, lang: str) -> dict:
    html = (site / lang / "weeks/01-bienvenue/quiz-roches.html").read_text("utf-8")
    start = html.index('<script type="application/json" class="mf-quiz-data">')
    body = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.loads(body.replace("<\\/", "</"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from test_site_build import build_site

    root = tmp_path_factory.mktemp("roches") / "course"
    shutil.copytree(SCAFFOLD, root)
    write_files(root, {f"{W}/week.yml": WEEK, QUIZ_FILE: QUIZ})
    (root / f"{W}/quiz-start.yml").unlink()
    built, _ = build_site(root, root.parent / "build")
    return built


def test_each_site_page_carries_its_language_key(site):
    fr, en = (_page_data(site, lang)["questions"] for lang in ("fr", "en"))
    assert fr["quiz-roches-roche"]["answers"] == ["calcaire", "roche calcaire"]
    assert en["quiz-roches-roche"]["answers"] == ["limestone"]
    assert (fr["quiz-roches-densite"]["decimal"], en["quiz-roches-densite"]["decimal"]) == (
        ",", ".")


@pytest.fixture(scope="module")
def served(site):
    with serving(site) as url:
        yield url


def _answer(form, text: str) -> str:
    form.locator("input[type=text]").fill(text)
    form.get_by_role("button", name=re.compile("Check|Vérifier")).click()
    return form.locator(".mf-feedback").inner_text()


@pytest.mark.browser
def test_the_french_page_grades_french_answers_and_decimal_commas(page, served):  # noqa: F811
    page.goto(served + "/fr/weeks/01-bienvenue/quiz-roches.html")
    roche = page.locator("#quiz-roches-roche")
    assert "Pas tout à fait" in _answer(roche, "limestone")
    assert "Correct" in _answer(roche, "Roche calcaire")
    densite = page.locator("#quiz-roches-densite")
    assert "Pas tout à fait" in _answer(densite, "2,7")
    assert "Correct" in _answer(densite, "2,65")
    dur = page.locator("#quiz-roches-dur")
    dur.locator("select").select_option(label="Diamant")
    dur.get_by_role("button", name="Vérifier").click()
    assert "Correct" in dur.locator(".mf-feedback").inner_text()


@pytest.mark.browser
def test_the_english_page_grades_english_answers_and_refuses_a_comma(page, served):  # noqa: F811
    page.goto(served + "/en/weeks/01-bienvenue/quiz-roches.html")
    roche = page.locator("#quiz-roches-roche")
    assert "Not quite" in _answer(roche, "calcaire")
    assert "Correct" in _answer(roche, "limestone")
    densite = page.locator("#quiz-roches-densite")
    assert _answer(densite, "2,65") == "Enter a number, e.g. 3.5."  # a comma groups digits
    assert "Correct" in _answer(densite, "2.65")


def test_answers_of_the_wrong_form_say_which_forms_they_take(make_course):
    root = make_course({QUIZ_FILE: QUIZ.replace("answers: [gcc]", "answers: gcc").replace(
        "en: [limestone]", "en: limestone"), f"{W}/week.yml": WEEK})
    got = [(d.code, d.loc.line, d.message, d.hint) for d in load_course(root).diagnostics]
    assert got == [
        ("MF010", 6, "questions[0].answers.en must be a list, not 'limestone'",
         "write a list: `[a, b]`, or one `- entry` per line below the key"),
        ("MF010", 30, "questions[4].answers must be a list or a mapping, not 'gcc'",
         "one list for every language, e.g. `answers: [gcc]`, or one per language, e.g. "
         "`answers: {fr: [calcaire], en: [limestone]}`"),
    ]
