"""Real judges of OLX output, shared by the tests/test_olx_*.py files.

- `olxcleaner_report(tree)`: olxcleaner at its strictest step (8) on an unpacked `course/`.
- `load_problem(xml)`: the Open edX CAPA engine (`xblocks-contrib`) parsing one problem,
  with a capa system built like `xblocks_contrib/problem/capa/tests/helpers.py`
  (`mock_capa_system`), rendering with the real Django templates of the inputs.
- `ora_violations(element)`: the ORA2 rules of reference/olx.md §5, written independently
  of the writer (structural rules of `parse_from_xml`, sequence rules of `validation.py`).
"""

from __future__ import annotations

import gettext
import sys
import tempfile
from pathlib import Path
from unittest.mock import Mock

import dateutil.parser
from lxml import etree

# The import harness lives in tests/platform/. Its folder is put on the path rather than
# imported as a package: a package named `platform` would shadow the standard library's.
PLATFORM_HARNESS = Path(__file__).resolve().parent / "platform"
if str(PLATFORM_HARNESS) not in sys.path:
    sys.path.insert(0, str(PLATFORM_HARNESS))


def olxcleaner_report(tree: Path) -> list[tuple[str, str, str]]:
    """(level, name, description) of every finding; level is ERROR/WARNING/INFO."""
    import olxcleaner

    _, errorstore, _ = olxcleaner.validate(str(tree), steps=8)
    return [(e.level, e.name, e.description) for e in errorstore.errors]


def _setup_django() -> None:
    from openedx_env import setup

    setup()


def load_problem(xml: str | bytes, problem_id: str = "1"):
    """A `LoncapaProblem` for `xml`, rendered once (rendering runs every input template)."""
    _setup_django()
    import fs.osfs
    from xblocks_contrib.problem.capa.capa_problem import LoncapaProblem, LoncapaSystem
    from xblocks_contrib.problem.capa.inputtypes import Status
    from xblocks_contrib.problem.capa.tests.helpers import (
        StubXQueueService,
        capa_render_template,
        mock_capa_block,
    )

    system = Mock(
        spec=LoncapaSystem, ajax_url="/dummy-ajax-url", anonymous_student_id="student",
        cache=None, can_execute_unsafe_code=lambda: False, get_python_lib_zip=lambda: None,
        DEBUG=False, i18n=gettext.NullTranslations(), render_template=capa_render_template,
        resources_fs=fs.osfs.OSFS(tempfile.gettempdir()), seed=0,
        STATIC_URL="/static/", STATUS_CLASS=Status, xqueue=StubXQueueService())
    text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    problem = LoncapaProblem(text, id=problem_id, seed=1, capa_system=system,
                             capa_block=mock_capa_block())
    problem.get_html()
    return problem


def response_input_ids(problem) -> list[str]:
    """The first input id of every response, in document order."""
    responders = sorted(problem.responders.values(),
                        key=lambda r: [int(part) for part in r.id.split("_")[1:]])
    return [r.answer_ids[0] for r in responders]


def grade(problem, answers: dict) -> dict[str, str]:
    correct_map = problem.grade_answers(answers)
    return {key: correct_map.cmap[key]["correctness"] for key in answers}


def grade_quiz(quiz, xml: bytes, lang: str | None = None) -> tuple[list[str], int]:
    """Grade the source's right answers (must pass) and a wrong one (must fail) per question,
    in the package's language `lang` (text answers may differ by language).

    Returns (failures, number of right answers checked)."""
    responses = [r for r in etree.fromstring(xml) if r.tag.endswith("response")]
    problem = load_problem(xml)
    input_ids = response_input_ids(problem)
    if not len(input_ids) == len(quiz.questions) == len(responses):
        return [f"{quiz.id}: {len(input_ids)} inputs for {len(quiz.questions)} questions"], 0
    failures, checked = [], 0
    for question, input_id, response in zip(quiz.questions, input_ids, responses, strict=True):
        if question.kind == "text":
            samples = question.samples.get_lang(lang)
            accepted = list(samples) if question.match == "regex" else [
                *question.accepted.get_lang(lang), *samples]
        else:
            accepted = [correct_answer(question, response)]
        for answer in accepted:
            if grade(problem, {input_id: answer}) != {input_id: "correct"}:
                failures.append(f"{quiz.id}/{question.id}: right answer {answer!r} refused")
            checked += 1
        wrong = wrong_answer(question, response)
        if grade(problem, {input_id: wrong}) != {input_id: "incorrect"}:
            failures.append(f"{quiz.id}/{question.id}: wrong answer {wrong!r} accepted")
    return failures, checked


def correct_answer(question, xml_response: etree._Element):
    if question.kind == "single":
        return f"choice_{next(i for i, c in enumerate(question.choices) if c.correct)}"
    if question.kind == "multiple":
        return [f"choice_{i}" for i, c in enumerate(question.choices) if c.correct]
    if question.kind == "dropdown":
        options = xml_response.findall(".//option")
        index = next(i for i, c in enumerate(question.choices) if c.correct)
        return options[index].text.strip()
    if question.kind == "numeric":
        return repr(question.answer)
    return None  # text: several answers, checked separately


def wrong_answer(question, xml_response: etree._Element):
    if question.kind == "single":
        return f"choice_{next(i for i, c in enumerate(question.choices) if not c.correct)}"
    if question.kind == "multiple":
        return [f"choice_{i}" for i, c in enumerate(question.choices) if not c.correct]
    if question.kind == "dropdown":
        options = xml_response.findall(".//option")
        index = next(i for i, c in enumerate(question.choices) if not c.correct)
        return options[index].text.strip()
    if question.kind == "numeric":
        span = (question.tolerance or 0) * (abs(question.answer) / 100
                                            if question.tolerance_pct else 1)
        return repr(question.answer + span * 3 + 1)
    return "definitely-wrong"



# --------------------------------------------------------------------------- ORA rules

_ORDER_REQUIRED = {"peer-assessment", "self-assessment", "staff-assessment"}


def ora_violations(root: etree._Element) -> list[str]:
    problems: list[str] = []
    if root.tag != "openassessment":
        return [f"root is <{root.tag}>"]
    for tag in ("title", "rubric", "assessments"):
        if root.find(tag) is None:
            problems.append(f"missing <{tag}>")
    prompts = root.findall("prompts/prompt")
    if not prompts or any(p.find("description") is None for p in prompts):
        problems.append("every prompt needs a <description>")
    for name in ("submission_start", "submission_due"):
        try:
            dateutil.parser.parse(root.get(name, ""))
        except (ValueError, OverflowError):
            problems.append(f"bad or missing {name}")
    if root.get("file_upload_response") and root.get("file_upload_type") == "custom" \
            and not root.get("white_listed_file_types"):
        problems.append("custom uploads without white_listed_file_types")
    rubric = root.find("rubric")
    criteria = rubric.findall("criterion") if rubric is not None else []
    if not criteria:
        problems.append("rubric without criteria")
    options_of: dict[str, set[str]] = {}
    for criterion in criteria:
        name = criterion.findtext("name")
        if name is None or criterion.find("prompt") is None:
            problems.append("criterion without name or prompt")
        opts = criterion.findall("option")
        options_of[name or ""] = {o.findtext("name") or "" for o in opts}
        for option in opts:
            points = option.get("points")
            if points is None or not points.lstrip("-").isdigit():
                problems.append(f"option points not an integer: {points!r}")
            if option.find("name") is None or option.find("explanation") is None:
                problems.append("option without name or explanation")
    problems += _sequence_violations(root.findall("assessments/assessment"), options_of)
    return problems


def _sequence_violations(assessments: list, options_of: dict[str, set[str]]) -> list[str]:
    problems = []
    names = [a.get("name") for a in assessments]
    if not any(n in _ORDER_REQUIRED for n in names):
        problems.append("no peer, self or staff step")
    if any(n not in _ORDER_REQUIRED | {"student-training"} for n in names):
        problems.append(f"unknown step in {names}")
    if len(set(names)) != len(names):
        problems.append("duplicate step")
    if "staff-assessment" in names and names[-1] != "staff-assessment":
        problems.append("staff step is not last")
    if "student-training" in names and "peer-assessment" not in names[
            names.index("student-training"):]:
        problems.append("training not followed by peer")
    for step in assessments:
        if step.get("name") == "peer-assessment":
            must, by = int(step.get("must_grade", "0")), int(step.get("must_be_graded_by", "0"))
            if must < 1 or by < 1 or must < by:
                problems.append(f"peer must_grade={must} must_be_graded_by={by}")
        if step.get("name") == "student-training":
            examples = step.findall("example")
            if not examples:
                problems.append("training without examples")
            for example in examples:
                if len(example.findall("answer")) != 1:
                    problems.append("example needs exactly one answer")
                chosen = {s.get("criterion"): s.get("option") for s in example.findall("select")}
                for criterion, options in options_of.items():
                    if options and chosen.get(criterion) not in options:
                        problems.append(f"example selects no valid option for {criterion}")
        for attr in ("start", "due"):
            if step.get(attr) is not None:
                dateutil.parser.parse(step.get(attr))
    return problems


# --------------------------------------------------------------------------- fixture course

VTT_FR = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour & bienvenue <3\n\n" \
         "00:00:02.000 --> 00:00:04.000\nDeuxième phrase.\n"
VTT_EN = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello & welcome\n"

# A course that uses every feature the OLX writer knows (tests build it with make_course).
RICH_FILES: dict[str, str | bytes] = {
    "course.yml": """
        id: rich
        title: {fr: "Cours <riche> & \\"complet\\"", en: "Rich <course> & \\"full\\""}
        summary: {fr: Un résumé., en: A summary.}
        subtitle: {fr: "Du C <vraiment> & bien", en: "C <really> & well"}
        description: about.md
        image: images/card.png
        org: MFOrg
        number: RICH101
        languages: [fr, en]
        runs:
          2027-spring: {start: 2027-03-01, end: 2027-06-30, enrollment_start: 2027-01-15,
                        enrollment_end: 2027-03-20}
        grading:
          pass: 0.6
          types:
            - {type: Quiz, weight: 0.5, short_label: Q}
            - {type: Exercise, weight: 0.2, short_label: Ex}
            - {type: Peer, weight: 0.3, short_label: P}
        targets:
          olx: {queue: c-grader}
        weeks: [weeks/01-bienvenue, weeks/02-suite]
        """,
    "about.md": "# À propos\n\nUn cours ![carte](images/card.png) **riche**.\n",
    "about.en.md": "# About\n\nA **rich** course.\n",
    "images/card.png": b"\x89PNG\r\n\x1a\n-card",
    "weeks/01-bienvenue/week.yml": """
        title: {fr: Bienvenue, en: Welcome}
        release: 2027-03-01
        objectives:
          - {id: start, text: {fr: Démarrer, en: Start}}
        lessons:
          - id: intro
            title: {fr: Introduction, en: Introduction}
            items:
              - reading: intro.md
              - reading: other.md
              - video: youtube:dQw4w9WgXcQ
                id: yt-welcome
                title: {fr: Bienvenue, en: Welcome}
                duration: 120
                transcripts: {fr: media/welcome.fr.vtt, en: media/welcome.en.vtt}
              - video: media/clip.mp4
                title: {fr: Un extrait, en: A clip}
                transcripts: {fr: media/clip.fr.vtt}
              - discussion: {fr: "Présentez-vous !", en: "Introduce yourself!"}
                id: hello-forum
                title: {fr: Présentations, en: Introductions}
          - id: quizzes
            title: {fr: Quiz, en: Quizzes}
            items:
              - quiz: quiz-all.yml
                due: 2027-03-20
              - quiz: quiz-start.yml
                id: practice
                graded: false
              - quiz: quiz-code.yml
                graded: false
        """,
    "weeks/01-bienvenue/intro.md": (
        "# Intro\n\nVoir ![schéma](images/diagram.png) et [la suite](other.md), "
        "[la fiche](files/sheet.pdf).\n\n```c\nint main(void) { return 0; }\n```\n\n"
        "Math: \\(x^2\\).\n"),
    "weeks/01-bienvenue/intro.en.md": "# Intro\n\nSee ![diagram](images/diagram.png).\n",
    "weeks/01-bienvenue/other.md": "# Other\n\nMore.\n",
    "weeks/01-bienvenue/images/diagram.png": b"\x89PNG\r\n\x1a\n-diagram",
    "weeks/01-bienvenue/files/sheet.pdf": b"%PDF-1.4 sheet",
    "weeks/01-bienvenue/media/clip.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048,
    "weeks/01-bienvenue/media/welcome.fr.vtt": VTT_FR,
    "weeks/01-bienvenue/media/welcome.en.vtt": VTT_EN,
    "weeks/01-bienvenue/media/clip.fr.vtt": VTT_FR,
    "weeks/01-bienvenue/quiz-all.yml": """
        title: {fr: Tout, en: Everything}
        graded: true
        type: Quiz
        max_attempts: 3
        showanswer: finished
        intro: {fr: "Répondez **vite**.", en: "Answer **fast**."}
        questions:
          - id: single
            kind: single
            prompt: {fr: "Que vaut `1 + 1` ?", en: "What is `1 + 1`?"}
            choices:
              - {text: "2", correct: true, feedback: {fr: Oui, en: "Yes"}}
              - {text: "3", feedback: {fr: Non, en: "No"}}
              - {text: "11"}
            hints: [{fr: Additionnez, en: Add them}]
            explanation: {fr: "Car 1 + 1 = 2.", en: "Because 1 + 1 = 2."}
            wrong_feedback: {fr: Relisez., en: Read again.}
          - id: multi
            kind: multiple
            prompt: {fr: Quels types existent ?, en: Which types exist?}
            choices:
              - {text: "`int`", correct: true, feedback: {fr: Oui, en: "Yes"}}
              - {text: "`char`", correct: true}
              - {text: "`print`", feedback: {fr: Non, en: "No"}}
            correct_feedback: {fr: Bravo, en: Well done}
            hints: [{fr: Deux, en: Two}]
          - id: drop
            kind: dropdown
            prompt: {fr: Format d'un entier, en: Format of an integer}
            choices:
              - {text: "`%d`", correct: true, feedback: {fr: Oui, en: "Yes"}}
              - {text: "`%s`", feedback: {fr: "Non, c'est une chaîne", en: "No, a string"}}
          - id: num
            kind: numeric
            prompt: {fr: Valeur de pi ?, en: Value of pi?}
            answer: 3.14
            tolerance: 1%
            correct_feedback: {fr: Exact, en: Right}
          - id: num-abs
            kind: numeric
            prompt: {fr: Secondes en 10 minutes ?, en: Seconds in 10 minutes?}
            answer: 600
            tolerance: 5
            wrong_feedback: {fr: Multipliez par 60., en: Multiply by 60.}
          - id: txt
            kind: text
            prompt: {fr: Un compilateur C ?, en: A C compiler?}
            answers: [gcc, clang]
            match: ci
            correct_feedback: {fr: Oui, en: "Yes"}
            wrong_feedback: {fr: Pensez à GNU, en: Think of GNU}
          - id: rx
            kind: text
            prompt: {fr: Signature de main, en: Signature of main}
            answers: ['int\\s+main', 'int\\s+main\\s*\\(void\\)']
            match: regex
            samples: ['int  main', 'int main(void)']
          - id: exact
            kind: text
            prompt: {fr: "Écrivez a_or_b", en: "Type a_or_b"}
            answers: [a_or_b, "$seed"]
            match: exact
        """,
    # Everyday text of a C course: `<` and `&` are characters, never markup.
    "weeks/01-bienvenue/quiz-code.yml": """
        title: {fr: Du code, en: Some code}
        questions:
          - id: lt
            kind: text
            prompt: {fr: "Tapez exactement a<b && c>d", en: "Type exactly a<b && c>d"}
            answers: ["a<b && c>d"]
            match: exact
          - id: vector
            kind: single
            prompt: "Which line declares a vector? Include <vector> & <stdio.h> first."
            choices:
              - {text: "std::vector<int> v;", correct: true}
              - {text: "int v<3>;"}
          - id: none
            kind: dropdown
            prompt: "What does `f(void)` take?"
            choices:
              - {text: "<none>", correct: true}
              - {text: "a <int> & a `char`"}
        """,
    "weeks/02-suite/week.yml": """
        title: {fr: Suite, en: Next}
        lessons:
          - id: code
            title: {fr: Code, en: Code}
            items:
              - exercise: exercises/hello/
                graded: true
                type: Exercise
          - id: review
            title: {fr: Relecture, en: Review}
            items:
              - peer: peer.yml
        """,
    "weeks/02-suite/exercises/hello/exercise.yml": """
        title: {fr: Bonjour, en: Hello}
        language: c
        statement: statement.md
        starter: starter.c
        solution: solution.c
        tests:
          - {name: prints, expected: "Bonjour\\n"}
        """,
    "weeks/02-suite/exercises/hello/statement.md": "Affichez `Bonjour` ![x](../../img.png).\n",
    "weeks/02-suite/img.png": b"\x89PNG\r\n\x1a\n-img",
    "weeks/02-suite/exercises/hello/starter.c": "int main(void) {\n  /* <à compléter> & */\n}\n",
    "weeks/02-suite/exercises/hello/solution.c": (
        '#include <stdio.h>\nint main(void) {\n  printf("Bonjour\\n");\n  return 0;\n}\n'),
    "weeks/02-suite/peer.yml": """
        title: {fr: Relecture, en: Review}
        graded: true
        type: Peer
        prompt: {fr: "Écrivez un programme **C**.", en: "Write a **C** program."}
        submission: {text: required, files: optional, file_types: [c, pdf], multiple_files: true,
                     editor: rich}
        submission_start: 2027-04-01
        submission_due: 2027-04-20
        rubric:
          - name: correct
            label: {fr: Correction, en: Correctness}
            prompt: {fr: Le programme marche-t-il ?, en: Does it work?}
            options:
              - {name: "no", label: {fr: Non, en: "No"}, points: 0,
                 explanation: {fr: Non, en: "No"}}
              - {name: "yes", label: {fr: Oui, en: "Yes"}, points: 2,
                 explanation: {fr: Oui, en: "Yes"}}
          - name: style
            label: {fr: Style, en: Style}
            prompt: {fr: Est-il lisible ?, en: Is it readable?}
            feedback: required
            options:
              - {name: poor, points: 0, explanation: {fr: Peu lisible, en: Hard to read}}
              - {name: good, points: 1, explanation: {fr: Lisible, en: Readable}}
        steps:
          - kind: training
            examples:
              - answer: "int main(void) { return 0; }"
                select: {correct: "yes", style: good}
          - kind: peer
            must_grade: 3
            graded_by: 2
            due: 2027-04-30
          - kind: self
          - {kind: staff, required: false}
        """,
}
