"""The Coursera build kit: blueprint, per-item files, subtitles, losses, reproducibility."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from moocforge.app import load as prepare
from moocforge.diagnostics import has_errors
from moocforge.load import load_course
from moocforge.media.transcripts import load_transcript, parse_transcript
from moocforge.model import Course
from moocforge.rules import lint
from moocforge.workload import estimate
from moocforge.writers import WriterOptions
from moocforge.writers.coursera import write
from moocforge.writers.coursera.quiz import numeric_range
from moocforge.writers.registry import writer

COURSE_YML = """
id: rich
title: {fr: Cours riche, en: Rich course}
org: Test
number: R1
languages: [fr, en]
runs:
  2027-spring: {start: 2027-03-01, end: 2027-04-12}
grading:
  pass: 0.6
  types:
    - {type: Quiz, weight: 0.5, drop: 1}
    - {type: Peer, weight: 0.3}
    - {type: Code, weight: 0.2}
weeks: [weeks/01-start, weeks/02-next]
"""

WEEK1 = """
title: {fr: Premiers pas, en: First steps}
summary: {fr: On commence., en: We start.}
objectives:
  - {id: compile, text: {fr: Compiler un programme, en: Compile a program}}
  - {id: read, text: {fr: Lire du code, en: Read code}}
lessons:
  - title: {fr: Découverte, en: Discovery}
    items:
      - video: media/hello.mp4
        title: {fr: Bonjour, en: Hello}
        transcripts: {fr: media/hello.fr.vtt, en: media/hello.en.vtt}
        objectives: [compile]
      - {reading: reading.md, objectives: [read]}
      - {quiz: quiz-all.yml}
  - title: {fr: Pratique, en: Practice}
    items:
      - {exercise: exercises/greet/, graded: true, type: Code}
      - {peer: peer.yml}
      - discussion: {fr: "Présentez **votre** programme.", en: "Show **your** program."}
        id: talk
        title: {fr: Discussion, en: Discussion}
"""

WEEK2 = """
title: {fr: Suite, en: Next}
objectives:
  - {id: loops, text: {fr: Écrire une boucle, en: Write a loop}}
lessons:
  - title: {fr: Boucles, en: Loops}
    items:
      - video: youtube:dQw4w9WgXcQ
        id: loops-video
        title: {fr: Les boucles, en: Loops}
        duration: 300
        transcripts: {fr: loops.fr.srt, en: loops.en.srt}
      - {reading: more.md}
      - {quiz: practice.yml}
"""

QUIZ_ALL = """
title: {fr: Tout, en: Everything}
graded: true
type: Quiz
objectives: [compile]
max_attempts: 3
questions:
  - id: single
    kind: single
    prompt: {fr: "Un *seul* ?", en: "Only *one*?"}
    choices:
      - {text: {fr: Oui, en: "Yes"}, correct: true, feedback: {fr: Bien., en: Good.}}
      - {text: {fr: Non, en: "No"}, feedback: {fr: Non., en: Nope.}}
    hints: [{fr: Réfléchissez, en: Think}]
    explanation: {fr: Parce que., en: Because.}
  - id: multi
    kind: multiple
    prompt: {fr: Lesquels ?, en: Which ones?}
    weight: 2
    choices:
      - {text: "A", correct: true}
      - {text: "B", correct: true, feedback: {fr: Aussi., en: Also.}}
      - {text: "C"}
  - id: drop
    kind: dropdown
    prompt: {fr: Choisir, en: Pick}
    choices:
      - {text: int, correct: true}
      - {text: float}
  - id: num
    kind: numeric
    prompt: {fr: Combien ?, en: How many?}
    answer: 3.14
    tolerance: 0.01
    correct_feedback: {fr: Exact., en: Right.}
    wrong_feedback: {fr: Relisez., en: Read again.}
  - id: pct
    kind: numeric
    prompt: {fr: Pourcentage, en: Percentage}
    answer: 200
    tolerance: "5%"
  - id: ci
    kind: text
    prompt: {fr: Mot-clé ?, en: Keyword?}
    answers: [return, Return]
  - id: exact
    kind: text
    match: exact
    prompt: {fr: Exactement ?, en: Exactly?}
    answers: ["printf(x)"]
  - id: rx
    kind: text
    match: regex
    prompt: {fr: Motif, en: Pattern}
    answers: ["^int\\\\s+main$"]
    samples: ["int main"]
"""

PRACTICE = """
title: {fr: Entraînement, en: Practice}
questions:
  - kind: single
    prompt: {fr: Vrai ?, en: True?}
    choices:
      - {text: {fr: Vrai, en: "True"}, correct: true}
      - {text: {fr: Faux, en: "False"}}
"""

PEER = """
title: {fr: Évaluation par les pairs, en: Peer assessment}
prompt: {fr: "Écrivez un programme.", en: "Write a program."}
graded: true
type: Peer
submission: {text: required, files: optional, file_types: [c, pdf]}
rubric:
  - name: compiles
    label: {fr: Compile, en: Compiles}
    prompt: {fr: Le programme compile-t-il ?, en: Does it compile?}
    feedback: disabled
    options:
      - {name: "yes", label: {fr: Oui, en: "Yes"}, points: 2}
      - {name: "no", label: {fr: Non, en: "No"}, points: 0}
  - name: style
    label: {fr: Style, en: Style}
    feedback: required
    options:
      - name: poor
        label: {fr: Faible, en: Poor}
        points: 0
        explanation: {fr: Illisible, en: Unreadable}
      - {name: ok, label: {fr: Correct, en: OK}, points: 1}
      - {name: good, label: {fr: Bon, en: Good}, points: 3}
steps:
  - {kind: training}
  - {kind: peer, must_grade: 3, graded_by: 2}
  - {kind: self}
"""

EXERCISE = """
title: {fr: Bonjour, en: Hello}
language: c
statement: statement.md
starter: starter.c
solution: solution.c
tests:
  - {name: visible, expected: "Hello\\n"}
  - {name: secret, stdin: "x", expected: "Hello\\n", hidden: true}
"""

VTT_FR = """WEBVTT

00:00:00.000 --> 00:00:00.500
Bonjour & bienvenue

00:00:00.500 --> 00:00:01.000
<i>à tous</i>
"""

VTT_EN = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n"

SRT_FR = "1\n00:00:01,000 --> 00:00:03,000\nLes boucles\n\n2\n00:00:03,500 --> 00:00:05,000\nfor\n"
SRT_EN = "1\n00:00:01,000 --> 00:00:03,000\nLoops\n"

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


@pytest.fixture(scope="module")
def tiny_video(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("video") / "hello.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=64x48:rate=10", "-t", "1", "-pix_fmt", "yuv420p",
                    "-fflags", "+bitexact", "-y", str(out)], check=True)
    return out.read_bytes()


@pytest.fixture
def rich_course(make_course, tiny_video) -> Path:
    return make_course({
        "course.yml": COURSE_YML,
        "weeks/01-start/week.yml": WEEK1,
        "weeks/01-start/media/hello.mp4": tiny_video,
        "weeks/01-start/media/hello.fr.vtt": VTT_FR,
        "weeks/01-start/media/hello.en.vtt": VTT_EN,
        "weeks/01-start/reading.md": "# Lecture\n\nUn schéma : ![Schéma](img/diagram.png)\n\n"
                                     "Voir [la suite](../02-next/more.md#boucles).\n",
        "weeks/01-start/reading.en.md": "# Reading\n\nA diagram: ![Diagram](img/diagram.png)"
                                        "\n\nSee [next](../02-next/more.md#loops).\n",
        "weeks/01-start/img/diagram.png": PNG,
        "weeks/01-start/quiz-all.yml": QUIZ_ALL,
        "weeks/01-start/peer.yml": PEER,
        "weeks/01-start/exercises/greet/exercise.yml": EXERCISE,
        "weeks/01-start/exercises/greet/statement.md": "Affichez `Hello`.\n",
        "weeks/01-start/exercises/greet/statement.en.md": "Print `Hello`.\n",
        "weeks/01-start/exercises/greet/starter.c": "int main(void) { return 0; }\n",
        "weeks/01-start/exercises/greet/solution.c":
            '#include <stdio.h>\nint main(void) { puts("Hello"); return 0; }\n',
        "weeks/02-next/week.yml": WEEK2,
        "weeks/02-next/loops.fr.srt": SRT_FR,
        "weeks/02-next/loops.en.srt": SRT_EN,
        "weeks/02-next/more.md": "# Plus\n\n## Boucles\n\nTexte.\n",
        "weeks/02-next/more.en.md": "# More\n\n## Loops\n\nText.\n",
        "weeks/02-next/practice.yml": PRACTICE,
    })


def load(root: Path) -> Course:
    prepared = prepare(root)
    errors = [d for d in prepared.diagnostics if d.severity == "error"]
    assert not errors, errors
    assert prepared.course is not None
    return prepared.course


def build(course: Course, out: Path, **options) -> list:
    # as `moocforge build` does: the README shows the course linted with the Coursera profile
    options.setdefault("lint", lint(course, profile="coursera"))
    diagnostics = write(course, out, WriterOptions(**options))
    assert not has_errors(diagnostics), [d for d in diagnostics if d.severity == "error"]
    return diagnostics


@pytest.fixture
def built(rich_course, tmp_path) -> tuple[Course, Path, list]:
    course = load(rich_course)
    out = tmp_path / "build" / course.id / "coursera"
    return course, out, build(course, out)


def blueprint_rows(kit: Path) -> list[dict]:
    workbook = load_workbook(kit / "blueprint.xlsx")
    sheet = workbook["Blueprint"]
    values = list(sheet.iter_rows(values_only=True))
    headers = values[0]
    return [dict(zip(headers, row, strict=True)) for row in values[1:]]


# --------------------------------------------------------------------------- blueprint


def test_registered_as_a_writer():
    found = writer("coursera")
    assert found is not None and found.name == "coursera" and found.description


def test_layout_one_kit_and_zip_per_language(built):
    _course, out, _ = built
    assert sorted(p.name for p in out.iterdir()) == [
        "en", "fr", "rich-coursera-en.zip", "rich-coursera-fr.zip"]
    for lang in ("fr", "en"):
        for name in ("README.html", "blueprint.xlsx", "blueprint.csv"):
            assert (out / lang / name).is_file()


def test_blueprint_has_one_row_per_item_in_order(built):
    course, out, _ = built
    expected_types = ["Video lecture", "Reading", "Graded quiz", "Graded programming",
                      "Peer review", "Discussion prompt", "Video lecture", "Reading",
                      "Practice quiz"]
    for lang in ("fr", "en"):
        rows = blueprint_rows(out / lang)
        assert [r["Item id"] for r in rows] == [i.id for i in course.items]
        assert [r["Item type"] for r in rows] == expected_types
        assert [(r["Module"], r["Item order"]) for r in rows] == [
            (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (2, 1), (2, 2), (2, 3)]
        for row, item in zip(rows, course.items, strict=True):
            assert row["Minutes"] == pytest.approx(
                round(estimate(course, item, lang).minutes, 1))
            assert row["Title"] == item.title.get_lang(lang)
            assert row["Graded"] == ("yes" if item.graded else "no")
    rows = {r["Item id"]: r for r in blueprint_rows(out / "en")}
    assert rows["loops-video"]["Minutes"] == 5.0
    assert rows["quiz-all"]["Minutes"] == 12.0  # 8 questions × 1.5
    assert rows["greet"]["Weight %"] == 20.0  # the only Code item
    assert rows["quiz-all"]["Weight %"] == 50.0  # the only graded Quiz
    assert rows["peer"]["Weight %"] == 30.0
    assert rows["talk"]["Weight %"] is None
    assert rows["greet"]["Lesson"] == "Practice"
    assert rows["reading"]["Objectives"] == "read: Read code"
    fr = {r["Item id"]: r for r in blueprint_rows(out / "fr")}
    assert fr["reading"]["Objectives"] == "read: Lire du code"
    assert fr["reading"]["Title"] == "Lecture"


def test_blueprint_sheets_and_csv_hold_the_same_data(built):
    _, out, _ = built
    workbook = load_workbook(out / "en" / "blueprint.xlsx")
    assert workbook.sheetnames == ["Introduction", "Blueprint", "Modules", "Grading"]
    intro = [c for row in workbook["Introduction"].iter_rows(values_only=True) for c in row]
    assert "Item type" in intro and "Weight %" in intro
    modules = list(workbook["Modules"].iter_rows(values_only=True))
    assert modules[1][:3] == (1, "First steps", "We start.")
    assert "compile: Compile a program" in modules[1][3]
    raw = (out / "en" / "blueprint.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv_rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    xlsx_rows = blueprint_rows(out / "en")
    assert len(csv_rows) == len(xlsx_rows)
    for from_csv, from_xlsx in zip(csv_rows, xlsx_rows, strict=True):
        assert from_csv["Item id"] == from_xlsx["Item id"]
        assert from_csv["Files"] == from_xlsx["Files"]
        assert float(from_csv["Minutes"]) == from_xlsx["Minutes"]


def test_every_file_the_blueprint_names_exists(built):
    _course, out, _ = built
    for lang in ("fr", "en"):
        rows = blueprint_rows(out / lang)
        for row in rows:
            files = row["Files"].split("\n")
            assert files, row
            for name in files:
                assert (out / lang / name).is_file(), name
        # the README links point at real files too
        readme = lxml_html.parse(str(out / lang / "README.html"))
        for href in readme.xpath("//a/@href"):
            assert (out / lang / href).is_file(), href


# --------------------------------------------------------------------------- items


def _text(value: dict | None, expected) -> bool:
    if value is None:
        return expected is None
    return expected is not None and value["markdown"] == expected


def test_quiz_json_round_trips_to_the_model(built):
    course, out, _ = built
    quizzes = [i for i in course.items if i.kind == "quiz"]
    for lang in ("fr", "en"):
        rows = {r["Item id"]: r for r in blueprint_rows(out / lang)}
        for quiz in quizzes:
            json_file = next(f for f in rows[quiz.id]["Files"].split("\n")
                             if f.endswith(".json"))
            data = json.loads((out / lang / json_file).read_text("utf-8"))
            assert data["id"] == quiz.id and data["graded"] == quiz.graded
            assert data["max_attempts"] == quiz.max_attempts
            assert len(data["questions"]) == len(quiz.questions)
            for got, question in zip(data["questions"], quiz.questions, strict=True):
                assert got["id"] == question.id
                assert got["source_kind"] == question.kind
                assert got["points"] == question.weight
                assert got["prompt"]["markdown"] == question.prompt.get_lang(lang)
                assert _text(got["explanation"], question.explanation and
                             question.explanation.get_lang(lang))
                assert [h["markdown"] for h in got["hints"]] == [
                    h.get_lang(lang) for h in question.hints]
                if question.kind in ("single", "multiple", "dropdown"):
                    assert [(o["text"]["markdown"], o["correct"]) for o in got["options"]] == [
                        (c.text.get_lang(lang), c.correct) for c in question.choices]
                    assert [o["feedback"] and o["feedback"]["markdown"]
                            for o in got["options"]] == [
                        c.feedback and c.feedback.get_lang(lang) for c in question.choices]
                elif question.kind == "numeric":
                    assert (got["answer"], got["tolerance"], got["tolerance_pct"]) == (
                        question.answer, question.tolerance, question.tolerance_pct)
                    assert (got["range"]["min"], got["range"]["max"]) == numeric_range(question)
                else:
                    assert got["answers"] == list(question.accepted.get_lang(lang))
                    assert got["match"] == question.match
    data = json.loads((out / "en/module-01/01-03-quiz-all.json").read_text("utf-8"))
    types = {q["id"]: q["type"] for q in data["questions"]}
    assert types == {"single": "multiple choice", "multi": "checkbox",
                     "drop": "multiple choice", "num": "numeric", "pct": "numeric",
                     "ci": "text match", "exact": "regex", "rx": "regex"}
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["num"]["range"] == {"min": 3.13, "max": 3.15}
    assert by_id["pct"]["range"] == {"min": 190.0, "max": 210.0}
    assert by_id["exact"]["coursera_answers"] == [r"^printf\(x\)$"]
    assert by_id["drop"]["converted_from"] == "dropdown"


def test_printable_quiz_has_questions_then_answer_key(built):
    _, out, _ = built
    page = lxml_html.parse(str(out / "en/module-01/01-03-quiz-all.html"))
    assert len(page.xpath("//body/ol/li")) == 8
    key = page.xpath("//div[@class='answer-key']")[0]
    correct = [" ".join(li.text_content().split()) for li in key.xpath(".//li[@class='correct']")]
    assert any("Yes" in text for text in correct)
    assert "Read again." in key.text_content()  # wrong-answer feedback of `num`


def test_reading_images_copied_and_links_rewritten(built):
    _, out, _ = built
    for lang in ("fr", "en"):
        page = lxml_html.parse(str(out / lang / "module-01/01-02-reading.html"))
        assert page.xpath("//img/@src") == ["01-02-reading-assets/diagram.png"]
        assert (out / lang / "module-01/01-02-reading-assets/diagram.png").read_bytes() == PNG
        links = page.xpath("//a/@href")
        assert links == [f"../module-02/02-02-more.html#{'boucles' if lang == 'fr' else 'loops'}"]
        markdown = (out / lang / "module-01/01-02-reading.md").read_text("utf-8")
        assert "](01-02-reading-assets/diagram.png)" in markdown
        assert "](../module-02/02-02-more.html#" in markdown
    assert "A diagram" in (out / "en/module-01/01-02-reading.html").read_text("utf-8")
    assert "Un schéma" in (out / "fr/module-01/01-02-reading.html").read_text("utf-8")


def test_videos_and_strict_subtitles_in_every_language(built, rich_course):
    _course, out, _ = built
    for lang in ("fr", "en"):
        module1 = out / lang / "module-01"
        assert (module1 / "01-01-hello.mp4").read_bytes() == (
            rich_course / "weeks/01-start/media/hello.mp4").read_bytes()
        shortcut = (out / lang / "module-02/02-01-loops-video.url").read_text("utf-8")
        assert "URL=https://www.youtube.com/watch?v=dQw4w9WgXcQ" in shortcut
        subtitles = sorted(p.name for p in (out / lang).rglob("*") if p.suffix in (".srt",
                                                                                    ".vtt"))
        assert subtitles == ["01-01-hello.en.srt", "01-01-hello.en.vtt", "01-01-hello.fr.srt",
                             "01-01-hello.fr.vtt", "02-01-loops-video.en.srt",
                             "02-01-loops-video.en.vtt", "02-01-loops-video.fr.srt",
                             "02-01-loops-video.fr.vtt"]
        for path in (out / lang).rglob("*"):
            if path.suffix in (".srt", ".vtt"):
                parsed = parse_transcript(path.read_text("utf-8"), path.suffix[1:], path.name)
                assert parsed.problems == [], (path.name, parsed.problems)
                assert parsed.cues
    source = load_transcript(rich_course / "weeks/01-start/media/hello.fr.vtt", "x.vtt")
    srt = parse_transcript((out / "fr/module-01/01-01-hello.fr.srt").read_text("utf-8"),
                           "srt", "x.srt")
    assert [(c.start, c.end) for c in srt.cues] == [(c.start, c.end) for c in source.cues]
    assert "Bonjour & bienvenue" in srt.cues[0].text


def test_peer_review_rubric_parts(built):
    _, out, _ = built
    data = json.loads((out / "en/module-01/01-05-peer.json").read_text("utf-8"))
    assert [p["type"] for p in data["submission_parts"]] == ["plainText", "fileUpload"]
    assert data["submission_parts"][1]["allowed_types"] == ["c", "pdf"]
    assert [(p["criterion"], p["type"]) for p in data["rubric"]] == [
        ("compiles", "yesNo"), ("style", "options"), ("style", "multiLineInput")]
    assert [(o["label"], o["points"]) for o in data["rubric"][1]["options"]] == [
        ("Poor", 0), ("OK", 1), ("Good", 3)]
    assert data["rubric"][2]["required"] is True
    assert data["max_points"] == 5
    assert (data["reviews_per_learner"], data["reviews_per_submission"]) == (3, 2)
    page = (out / "en/module-01/01-05-peer.html").read_text("utf-8")
    assert "Unreadable" in page and "Write a program." in page


def test_exercise_solution_only_in_instructor_folder(built):
    _, out, _ = built
    for lang in ("fr", "en"):
        kit = out / lang
        solution = kit / "instructor/module-01/01-04-greet.solution.c"
        assert 'puts("Hello")' in solution.read_text("utf-8")
        learner_files = [p for p in (kit / "module-01").rglob("*") if p.is_file()]
        assert not any('puts("Hello")' in p.read_text("utf-8", errors="ignore")
                       for p in learner_files)
        public = json.loads((kit / "module-01/01-04-greet.tests.json").read_text("utf-8"))
        assert [t["name"] for t in public["tests"]] == ["visible"]
        full = json.loads((kit / "instructor/module-01/01-04-greet.tests-all.json")
                          .read_text("utf-8"))
        assert [t["name"] for t in full["tests"]] == ["visible", "secret"]
        assert (kit / "module-01/01-04-greet.starter.c").is_file()
    assert "Print" in (out / "en/module-01/01-04-greet.html").read_text("utf-8")
    assert "Affichez" in (out / "fr/module-01/01-04-greet.md").read_text("utf-8")
    discussion = lxml_html.parse(str(out / "en/module-01/01-06-talk.html"))
    assert discussion.xpath("//strong/text()") == ["your"]


# --------------------------------------------------------------------------- losses, README


def test_losses_are_warnings_at_the_source_and_in_the_readme(built):
    _, out, diagnostics = built
    losses = {d.code: d for d in diagnostics if d.rule == "coursera-loss"}
    assert all(d.severity == "warning" for d in diagnostics if d.rule == "coursera-loss")
    assert {"MF550", "MF551", "MF552", "MF553", "MF554", "MF555", "MF556", "MF558",
            "MF560"} <= set(losses)
    dropdown = losses["MF550"]
    assert dropdown.loc.file == "weeks/01-start/quiz-all.yml"
    lines = (Path(out.parents[2]) / "course" / dropdown.loc.file)
    assert lines.read_text("utf-8").splitlines()[dropdown.loc.line - 1].strip() == "- id: drop"
    steps = [d for d in diagnostics if d.code == "MF555"]
    assert sorted(d.message.split("the ")[1].split(" step")[0] for d in steps) == [
        "self", "training"]
    readme = lxml_html.parse(str(out / "en" / "README.html"))
    text = readme.getroot().text_content()
    for code in losses:
        assert code in text
    for needed in ("Loading the course, step by step", "Grading settings to enter",
                   "What stays manual", "Coursera constraints", "60%"):
        assert needed in text
    grading = readme.xpath("//h2[.='Grading settings to enter']/following-sibling::table[1]"
                           "//tr/td[1]/text()")
    assert grading == ["Quiz", "Peer", "Code"]


def test_readme_lists_the_coursera_lint_findings(built):
    course, out, _ = built
    text = lxml_html.parse(str(out / "en" / "README.html")).getroot().text_content()
    findings = lint(course, profile="coursera")
    assert findings, "the rich course breaks Coursera's reading length at least"
    for finding in findings:
        assert finding.message in text


# --------------------------------------------------------------------------- robustness


def test_zip_is_byte_identical_across_builds(rich_course, tmp_path):
    course = load(rich_course)
    first, second = tmp_path / "a" / "coursera", tmp_path / "b" / "coursera"
    build(course, first)
    build(load(rich_course), second)
    for name in ("rich-coursera-fr.zip", "rich-coursera-en.zip"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "fr/blueprint.xlsx").read_bytes() == (second / "fr/blueprint.xlsx"
                                                           ).read_bytes()
    with zipfile.ZipFile(first / "rich-coursera-en.zip") as archive:
        names = archive.namelist()
    kit_files = sorted(p.relative_to(first / "en").as_posix()
                       for p in (first / "en").rglob("*") if p.is_file())
    assert names == [f"rich-coursera-en/{n}" for n in kit_files]


def test_failed_build_leaves_the_previous_kit_intact(rich_course, tmp_path):
    out = tmp_path / "coursera"
    build(load(rich_course), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (rich_course / "weeks/02-next/more.en.md").write_text(
        "# More\n\nSee [the notes](gone.pdf).\n", "utf-8")
    # `build` would stop at lint (dangling-reference); the writer must hold on its own too.
    diagnostics = write(load_course(rich_course).course, out, WriterOptions())
    errors = [d for d in diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["MF572"]
    assert errors[0].loc.file == "weeks/02-next/more.en.md"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not any(p.name.startswith(".coursera") for p in out.parent.iterdir())


def test_link_leaving_the_course_is_an_error(rich_course, tmp_path):
    (rich_course / "weeks/02-next/more.en.md").write_text(
        "# More\n\n![x](../../../secret.png) and [gone](missing.pdf)\n", "utf-8")
    out = tmp_path / "coursera"
    diagnostics = write(load(rich_course), out, WriterOptions())
    codes = sorted(d.code for d in diagnostics if d.severity == "error")
    assert codes == ["MF571", "MF572"]
    assert not out.exists()


def test_language_selection_and_monolingual_zip_name(rich_course, make_course, tmp_path):
    out = tmp_path / "only-en"
    build(load(rich_course), out, languages=("en",))
    assert sorted(p.name for p in out.iterdir()) == ["en", "rich-coursera-en.zip"]
    mono = make_course({
        "course.yml": "id: mono\ntitle: Mono\norg: O\nnumber: N\nlanguages: [fr]\n"
                      "runs: {r: {start: 2027-01-01}}\n"
                      "grading: {pass: 0.5, types: [{type: Quiz, weight: 1}]}\n"
                      "weeks: [weeks/01-a]\n",
        "weeks/01-a/week.yml": "title: Un\nlessons:\n  - title: L\n    items:\n"
                               "      - {discussion: Bonjour, id: d, title: D}\n",
    }, base=False, name="mono")
    mono_out = tmp_path / "mono-out"
    diagnostics = write(load(mono), mono_out, WriterOptions())
    assert not has_errors(diagnostics)
    assert sorted(p.name for p in mono_out.iterdir()) == ["fr", "mono-coursera.zip"]


def test_cli_build_target_coursera(rich_course, tmp_path):
    from typer.testing import CliRunner

    from moocforge.cli import app

    result = CliRunner().invoke(app, ["build", str(rich_course), "--target", "coursera",
                                      "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b/rich/coursera/rich-coursera-fr.zip").is_file()
    assert "MF550" in result.output
