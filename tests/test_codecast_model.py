"""The codecast kind: its file read into the model, its timeline, its lint rules, its
estimate in the workload and the video-length and formative-gap rules."""

from __future__ import annotations

import pytest
from lint_helpers import findings

from moocforge import kinds
from moocforge.codecast.timeline import EditError, apply_edit, offset, replay
from moocforge.load import load_course
from moocforge.model import CodeEdit, Position
from moocforge.workload import estimate

W = "weeks/01-bienvenue"
WEEK = f"{W}/week.yml"
CODECAST = f"{W}/codecast-hello.yml"
START = "#include <stdio.h>\\n\\nint main(void)\\n{\\n    return 0;\\n}\\n"
CODECAST_YML = f"""\
title: {{fr: Bonjour, en: Hello}}
language: c
start: "{START}"
steps:
  - narration: {{fr: Voici le programme., en: Here is the program.}}
    highlight: [3, 4]
  - narration: {{fr: Ajoutons un message., en: Let us add a message.}}
    insert: {{at: "5:1", text: "    printf(\\"Bonjour\\\\n\\");\\n"}}
    cursor: "5:5"
  - narration: {{fr: Changeons-le., en: Let us change it.}}
    replace: {{find: Bonjour, text: Salut}}
    select: {{from: "5:13", to: "5:18"}}
    run: {{expected: "Salut\\n"}}
  - narration: {{fr: Retirons-le., en: Let us remove it.}}
    delete: {{from: "5:1", to: "6:1"}}
"""
WEEK_YML = """\
title: {fr: Bienvenue, en: Welcome}
objectives:
  - {id: start, text: {fr: Savoir comment le cours fonctionne, en: Know how the course works}}
lessons:
  - title: {fr: Premiers pas, en: First steps}
    items:
      - reading: intro.md
      - codecast: codecast-hello.yml
      - quiz: quiz-start.yml
"""


@pytest.fixture
def root(make_course):
    return make_course({WEEK: WEEK_YML, CODECAST: CODECAST_YML})


def _errors(root):
    return [d for d in load_course(root).diagnostics if d.severity == "error"]


def test_the_codecast_file_becomes_a_model(root, load_ok):
    item = load_ok(root).item("codecast-hello")
    assert (item.kind, item.language, item.file, len(item.steps)) == (
        "codecast", "c", CODECAST, 4)
    first, second, third, fourth = item.steps
    assert first.highlight == (3, 4) and first.edit is None
    assert second.edit == CodeEdit("insert", '    printf("Bonjour\\n");\n', Position(5, 1))
    assert second.cursor == Position(5, 5)
    assert third.edit.find == "Bonjour" and third.run.expected == "Salut\n"
    assert third.selection == (Position(5, 13), Position(5, 18))
    assert fourth.edit.kind == "delete" and fourth.edit.end == Position(6, 1)
    assert third.narration.get_lang("en") == "Let us change it."
    assert third.loc.file == CODECAST and third.loc.line == 10
    texts = [t for t in item.texts() if t.field == "narration"]
    assert len(texts) == 4 and texts[0].item == "codecast-hello"


def test_steps_apply_in_order(root, load_ok):
    states = replay(load_ok(root).item("codecast-hello"))
    assert [s.problem for s in states] == [None] * 4
    assert 'printf("Bonjour\\n");' in states[1].code
    assert 'printf("Salut\\n");' in states[2].code and "Bonjour" not in states[2].code
    assert states[3].code == states[0].code
    assert states[1].typed == (states[0].code.index("    return"), '    printf("Bonjour\\n");\n')


def test_positions_outside_the_code_are_explained():
    code = "ab\ncd\n"
    assert offset(code, Position(2, 3)) == 5 and offset(code, Position(3, 1)) == 6
    with pytest.raises(EditError, match="line 4 does not exist"):
        offset(code, Position(4, 1))
    with pytest.raises(EditError, match="column 4 is outside it"):
        offset(code, Position(1, 4))
    with pytest.raises(EditError, match="occurs 2 times"):
        apply_edit("x x", CodeEdit("replace", "y", find="x"))
    with pytest.raises(EditError, match="comes before"):
        apply_edit(code, CodeEdit("delete", start=Position(2, 1), end=Position(1, 1)))
    assert apply_edit(code, CodeEdit("code", "new\n")) == ("new\n", None)


def test_a_step_that_does_not_apply_is_an_error_at_its_line(make_course):
    broken = CODECAST_YML.replace('at: "5:1"', 'at: "12:1"').replace(
        "find: Bonjour", "find: Bonsoir")
    root = make_course({WEEK: WEEK_YML, CODECAST: broken})
    found = findings(root, "MF407")
    assert [(d.loc.file, d.loc.line) for d in found] == [(CODECAST, 7), (CODECAST, 10)]
    assert "line 12 does not exist (the code has 7 lines at this step)" in found[0].message
    assert "'Bonsoir' does not occur" in found[1].message
    assert found[1].hint.startswith("quote text that occurs exactly once")


def test_a_highlight_past_the_code_is_reported(make_course):
    root = make_course({WEEK: WEEK_YML,
                        CODECAST: CODECAST_YML.replace("highlight: [3, 4]", "highlight: [30]")})
    [found] = findings(root, "MF407")
    assert "highlight: line 30 does not exist" in found.message


def test_bad_positions_and_two_edits_in_one_step_are_load_errors(make_course):
    root = make_course({WEEK: WEEK_YML, CODECAST: CODECAST_YML.replace(
        'cursor: "5:5"', 'cursor: "5:0"').replace(
        "    run: {expected", "    code: x\n    run: {expected")})
    problems = sorted((d.code, d.loc.file, d.loc.line, d.message) for d in _errors(root))
    assert problems == [
        ("MF015", CODECAST, 9, "cursor: '5:0' is not a position"),
        ("MF015", CODECAST, 13, "a step makes one edit, this one has replace, code")]


def test_unknown_keys_in_a_codecast_get_a_did_you_mean(make_course):
    root = make_course({WEEK: WEEK_YML,
                        CODECAST: CODECAST_YML.replace("highlight: [3, 4]", "higlight: [3]")})
    [problem] = _errors(root)
    assert (problem.code, problem.loc.file, problem.hint) == (
        "MF011", CODECAST, "did you mean 'highlight'?")


def test_narration_in_every_language_and_audio(make_course):
    root = make_course({WEEK: WEEK_YML, CODECAST: CODECAST_YML.replace(
        "{fr: Changeons-le., en: Let us change it.}", "{fr: Changeons-le.}")})
    found = findings(root, "MF305")
    missing = [d for d in found if d.severity == "error"]
    assert [(d.loc.line, d.message) for d in missing] == [
        (10, "codecast 'codecast-hello', step 3 has no narration in en")]
    silent = sorted(d.message for d in found if d.severity == "warning")
    assert silent == [f"codecast 'codecast-hello' has no narration audio in {lang}: the player "
                      "shows timed captions only" for lang in ("en", "fr")]


def _with_cues(make_course, cues: str, name: str = "course") -> object:
    audio = b"ID3"
    return make_course(name=name, files={WEEK: WEEK_YML, CODECAST: CODECAST_YML,
                        f"{W}/codecast-hello.fr.mp3": audio, f"{W}/codecast-hello.fr.vtt": cues,
                        f"{W}/codecast-hello.en.mp3": audio,
                        f"{W}/codecast-hello.en.vtt": cues.replace("Voici", "Here is")})


CUES = """WEBVTT

00:00:00.000 --> 00:00:02.500
Voici le programme.

00:00:02.900 --> 00:00:05.000
Ajoutons un message.

00:00:05.400 --> 00:00:07.000
Changeons-le.

00:00:07.400 --> 00:00:09.250
Retirons-le.
"""


def test_generated_narration_is_found_beside_the_file_and_times_the_steps(make_course, load_ok):
    root = _with_cues(make_course, CUES)
    item = load_ok(root).item("codecast-hello")
    narration = item.narrations["fr"]
    assert (narration.source, narration.audio, narration.cues) == (
        "generated", f"{W}/codecast-hello.fr.mp3", f"{W}/codecast-hello.fr.vtt")
    assert narration.timings[2] == (5.4, 7.0) and item.duration == 9.25
    stale = [d for d in findings(root, "MF305")]
    assert [d.message for d in stale] == [
        "codecast 'codecast-hello': the en narration audio is older than the text of step(s) "
        "1, 2, 3, 4"]


def test_a_cue_list_without_a_cue_per_step_is_an_error(make_course):
    root = _with_cues(make_course, CUES.rsplit("\n\n", 1)[0] + "\n")
    found = [d for d in findings(root, "MF305") if d.severity == "error"]
    assert len(found) == 2 and "has 3 cue(s) for 4 step(s)" in found[0].message


def test_recorded_narration_is_declared_per_language(make_course, load_ok):
    recorded = CODECAST_YML + ("narration:\n  fr: {audio: rec/fr.mp3, cues: rec/fr.vtt}\n"
                               "  de: {audio: rec/fr.mp3, cues: rec/fr.vtt}\n")
    root = make_course({WEEK: WEEK_YML, CODECAST: recorded, f"{W}/rec/fr.mp3": b"ID3",
                        f"{W}/rec/fr.vtt": CUES})
    problems = _errors(root)
    assert [(d.code, d.loc.line) for d in problems] == [("MF024", 18)]
    item = load_course(root).course.item("codecast-hello")
    assert item.narrations["fr"].source == "recorded"
    assert item.narrations["en"].source == "estimate"


def test_the_estimate_is_the_narration_and_feeds_the_pacing_rules(make_course, load_ok):
    root = _with_cues(make_course, CUES)
    course = load_ok(root)
    item = course.item("codecast-hello")
    assert kinds.kind_of(item).watched and not kinds.kind_of(item).activity
    assert estimate(course, item) == kinds.Estimate(9.25 / 60, "generated")
    long_cues = CUES.replace("00:00:09.250", "00:21:00.000").replace(
        "00:00:07.400", "00:20:00.000")
    root = _with_cues(make_course, long_cues, name="long")
    [length] = findings(root, "MF112")
    assert length.message.startswith("codecast 'codecast-hello' lasts 21 min (generated")
    assert length.severity == "error"
    [gap] = findings(root, "MF110")
    assert "21 min of video without a formative activity" in gap.message


def test_without_audio_timings_come_from_the_words(root, load_ok):
    course = load_ok(root)
    item = course.item("codecast-hello")
    narration = item.narrations["en"]
    assert narration.source == "estimate" and len(narration.timings) == 4
    assert all(end - start >= 1.5 for start, end in narration.timings)
    assert estimate(course, item).source == "estimate"


def test_the_linked_exercise_must_exist_in_the_same_language(make_course):
    root = make_course({WEEK: WEEK_YML, CODECAST: "exercise: ex-bonjuor\n" + CODECAST_YML})
    [found] = findings(root, "MF406")
    assert (found.loc.file, found.loc.line) == (CODECAST, 1)
    assert "names exercise 'ex-bonjuor', which the course does not have" in found.message


def test_abc_c_has_codecasts_linked_to_exercises_in_weeks_1_2_and_4(abc_course):
    found = {abc_course.week_of(i.id).number: i for i in abc_course.items if i.kind == "codecast"}
    assert sorted(found) == [1, 2, 4]
    for item in found.values():
        assert abc_course.item(item.exercise).kind == "exercise"
        assert {n.source for n in item.narrations.values()} == {"generated"}
        assert all(len(n.timings) == len(item.steps) for n in item.narrations.values())
        assert any(step.run for step in item.steps)
