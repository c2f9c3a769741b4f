"""Hostile text round-trips escaped; what OLX cannot express is reported, never dropped."""

from __future__ import annotations

import textwrap

import yaml
from lxml import etree
from olx_judges import RICH_FILES, grade, load_problem, olxcleaner_report, response_input_ids

from moocforge.writers import WriterOptions
from moocforge.writers.olx import write

EVIL = "<script>alert(\"x\")</script> ]]> & \"q\" 'it' 😀 שלום עולם"
# CAPA splits dropdown options on a ' that is not between letters (MF509): not in an option.
EVIL_OPTION = EVIL.replace("'it'", "l'it")


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def evil_files() -> dict:
    files = dict(RICH_FILES)
    files["weeks/02-suite/week.yml"] = dump({
        "title": EVIL,
        "lessons": [{"id": "evil", "title": EVIL, "items": [
            {"quiz": "evil.yml", "title": EVIL},
            {"peer": "peer.yml"},
            {"discussion": EVIL, "id": "evil-forum", "title": EVIL}]}]})
    files["weeks/02-suite/evil.yml"] = dump({
        "title": EVIL, "graded": True, "type": "Quiz", "questions": [
            {"kind": "single", "prompt": EVIL, "choices": [
                {"text": EVIL, "correct": True, "feedback": EVIL}, {"text": "no"}],
             "hints": [EVIL], "explanation": EVIL},
            {"kind": "dropdown", "prompt": EVIL, "choices": [
                {"text": EVIL_OPTION, "correct": True}, {"text": "other"}]},
            {"kind": "text", "prompt": EVIL, "answers": [EVIL], "match": "exact"}]})
    peer = yaml.load(textwrap.dedent(RICH_FILES["weeks/02-suite/peer.yml"]),
                     Loader=yaml.CSafeLoader)
    peer["title"] = EVIL
    peer["rubric"][0]["label"] = EVIL
    peer["rubric"][0]["options"][0]["label"] = EVIL
    peer["rubric"][0]["options"][0]["explanation"] = EVIL
    files["weeks/02-suite/peer.yml"] = dump(peer)
    files["course.yml"] = RICH_FILES["course.yml"].replace(
        "weeks: [weeks/01-bienvenue, weeks/02-suite]", "weeks: [weeks/02-suite]").replace(
        "- {type: Exercise, weight: 0.2, short_label: Ex}",
        "- {type: Exercise, weight: 0.0, short_label: Ex}").replace(
        "{type: Quiz, weight: 0.5", "{type: Quiz, weight: 0.7")
    return files


def test_hostile_text_round_trips_escaped(make_course, load_ok, tmp_path):
    course = load_ok(make_course(evil_files()))
    diagnostics = write(course, tmp_path / "olx", WriterOptions(keep_dir=True, languages=("fr",)))
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    root = tmp_path / "olx" / "MFOrg-RICH101-2027-spring-fr" / "course"
    assert not [f for f in olxcleaner_report(root) if f[0] == "ERROR"]
    for path in root.rglob("*.xml"):
        etree.parse(str(path))  # every file is well-formed
    chapter = etree.parse(str(next((root / "chapter").glob("*.xml")))).getroot()
    assert chapter.get("display_name") == EVIL
    problem_xml = (root / "problem" / "evil.xml").read_bytes()
    problem = etree.fromstring(problem_xml)
    assert problem.get("display_name") == EVIL
    assert not list(problem.iter("script"))  # CAPA would run a <script> as Python
    choice = problem.find(".//choice")
    shown = " ".join("".join(choice.itertext()).split())  # HTML: a newline shows as a space
    assert shown.startswith(EVIL)
    assert problem.find(".//option").text == EVIL_OPTION
    assert problem.find(".//stringresponse").get("answer") == EVIL
    capa = load_problem(problem_xml)
    single, dropdown, text = response_input_ids(capa)
    assert grade(capa, {single: "choice_0", dropdown: EVIL_OPTION, text: EVIL}) == {
        single: "correct", dropdown: "correct", text: "correct"}
    assert "&lt;script&gt;" in capa.get_html()
    vertical = etree.parse(str(root / "vertical" / "v_peer.xml")).getroot()
    ora = vertical.find("openassessment")
    assert ora.findtext("title") == EVIL
    assert ora.findtext("rubric/criterion/label") == EVIL
    assert ora.findtext("rubric/criterion/option/explanation") == EVIL
    assert "<script>" not in ora.findtext("prompts/prompt/description")


def test_control_characters_do_not_crash_the_build(make_course, load_ok, tmp_path):
    files = dict(RICH_FILES)
    files["weeks/02-suite/week.yml"] = RICH_FILES["weeks/02-suite/week.yml"].replace(
        "title: {fr: Code, en: Code}", 'title: {fr: "Co\\x0bde\\x01", en: Code}')
    course = load_ok(make_course(files))
    write(course, tmp_path / "olx", WriterOptions(keep_dir=True, languages=("fr",)))
    seq = tmp_path / "olx" / "MFOrg-RICH101-2027-spring-fr" / "course" / "sequential"
    assert etree.parse(str(seq / "seq_code.xml")).getroot().get("display_name") == "Code"


def test_losses_are_reported_with_their_source(make_course, load_ok, tmp_path):
    files = dict(RICH_FILES)
    quiz = RICH_FILES["weeks/01-bienvenue/quiz-all.yml"]
    files["weeks/01-bienvenue/quiz-all.yml"] = quiz.replace(
        "            answer: 600\n", "            answer: 600\n            weight: 2\n")
    files["weeks/02-suite/week.yml"] = RICH_FILES["weeks/02-suite/week.yml"].replace(
        "          - id: review\n            title: {fr: Relecture, en: Review}\n"
        "            items:\n", "")  # the peer joins the exercise lesson: mixed types
    files["weeks/01-bienvenue/week.yml"] = RICH_FILES["weeks/01-bienvenue/week.yml"].replace(
        "              - reading: other.md", "              - reading: other.md\n"
        "                graded: true\n                type: Homework")
    course = load_ok(make_course(files))
    diagnostics = write(course, tmp_path / "olx", WriterOptions())
    by_code = {d.code: d for d in diagnostics}
    assert by_code["MF503"].loc.file == "weeks/01-bienvenue/quiz-all.yml"  # question weights
    assert by_code["MF503"].item == "quiz-all"
    assert "mixes assignment types (Exercise, Peer)" in by_code["MF501"].message
    assert by_code["MF506"].item == "other"  # a graded reading cannot be scored
    assert by_code["MF504"].loc.line > 0  # numeric wrong feedback moved to the explanation
    assert all(d.code.startswith("MF5") or d.code.startswith("MF7") for d in diagnostics)


def test_reused_converter_renders_like_the_shared_renderer():
    """The writer's converter (one per build) must give render()'s exact output."""
    from moocforge.render.markdown import render
    from moocforge.writers.olx.markdown import Renderer

    renderer = Renderer()
    texts = [RICH_FILES["weeks/01-bienvenue/intro.md"], RICH_FILES["about.md"], EVIL,
             "Plain text.", "`code` & *em*", "# Title\n\nBody[^1]\n\n[^1]: note",
             "!!! note\n    body\n\n| a | b |\n|---|---|\n| 1 | 2 |", "x < y", "  indented"]
    rewrite = "/static/{}".format
    for text in texts * 2:  # twice: state must not leak from one document to the next
        assert renderer.render(text, rewrite, key="k") == render(
            text, rewrite_url=rewrite, strip_h1=True, xhtml=True), text


def test_a_dropdown_option_capa_cannot_show_is_an_error(make_course, load_ok, tmp_path):
    files = evil_files()
    files["weeks/02-suite/evil.yml"] = dump({
        "title": "Q", "graded": True, "type": "Quiz", "questions": [
            {"kind": "dropdown", "prompt": "Pick", "choices": [
                {"text": EVIL, "correct": True}, {"text": "other"}]}]})
    course = load_ok(make_course(files))
    diagnostics = write(course, tmp_path / "olx", WriterOptions(languages=("fr",)))
    refused = [d for d in diagnostics if d.code == "MF509"]
    assert refused and refused[0].severity == "error" and refused[0].item == "evil"
