"""Assessment and grading rules (MF200-MF207): trigger, no trigger, options."""

from __future__ import annotations

from pathlib import Path

from lint_helpers import findings

WEEK_DIR = "weeks/01-bienvenue"
WEEK = f"{WEEK_DIR}/week.yml"
QUIZ = f"{WEEK_DIR}/quiz-start.yml"
PEER = f"{WEEK_DIR}/peer.yml"




def week_yml(*items: str, objectives: str = "[{id: start, text: {fr: Début, en: Start}}]"
             ) -> str:
    lines = ["title: {fr: Semaine, en: Week}", f"objectives: {objectives}", "lessons:",
             "  - title: {fr: Leçon, en: Lesson}", "    items:"]
    return "\n".join(lines + [f"      - {item}" for item in items]) + "\n"


ITEM_LINE = 6  # line of the first item in week_yml()
GRADED = "{quiz: quiz-start.yml}"  # the scaffold quiz: graded, type Quiz, objective start
FORUM = "{discussion: {fr: Parlez, en: Talk}, id: talk, title: {fr: Forum, en: Forum}}"


def quiz_yml(questions: str, graded: bool = True, extra: str = "") -> str:
    head = ("title: {fr: Quiz, en: Quiz}\n"
            f"graded: {'true' if graded else 'false'}\n"
            + ("type: Quiz\n" if graded else "") + "objectives: [start]\n" + extra
            + "questions:\n")
    return head + questions


# --------------------------------------------------------------------------- MF200


def test_early_graded_flags_week_without_graded_item(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md}", FORUM)})
    [d] = findings(root, "MF200")
    assert (d.loc.file, d.loc.line, d.severity) == (WEEK, 1, "warning")
    assert d.message == "week 1 (bienvenue) has no graded activity"


def test_early_graded_quiet_with_graded_quiz(make_course):
    assert findings(make_course(), "MF200") == []


def test_early_graded_weeks_option(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md}", FORUM)})
    assert findings(root, "MF200", overrides={"early-graded": {"weeks": [2]}}) == []


# --------------------------------------------------------------------------- MF201


def test_weekly_assessment_needs_formative_and_summative(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md}")})
    [d] = findings(root, "MF201")
    assert (d.loc.file, d.loc.line) == (WEEK, 1)
    assert d.message == ("week 1 (bienvenue) lacks a formative activity (practice quiz, "
                         "exercise, peer, discussion) and a graded (summative) activity")


def test_weekly_assessment_quiet_on_scaffold(make_course):
    assert findings(make_course(), "MF201") == []


def test_weekly_assessment_options(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md}", FORUM)})
    [d] = findings(root, "MF201")
    assert "graded (summative)" in d.message
    assert findings(root, "MF201", overrides={"MF201": {"summative": False}}) == []
    [d] = findings(root, "MF201", profile="coursera",
                   overrides={"MF201": {"summative": False}})
    assert "knowledge-check quiz" in d.message


# --------------------------------------------------------------------------- MF202


def test_pass_reachable_weights_and_empty_types(make_course):
    root = make_course()
    text = (root / "course.yml").read_text().replace(
        "    - {type: Quiz, weight: 1.0}",
        "    - {type: Quiz, weight: 0.6}\n    - {type: Exam, weight: 0.3}")
    (root / "course.yml").write_text(text)
    found = findings(root, "MF202")
    assert [(d.loc.file, d.loc.line) for d in found] == [("course.yml", 11), ("course.yml", 14)]
    assert found[0].message == "assignment type weights sum to 90%, not 100%"
    assert found[1].message == "assignment type 'Exam' has no graded item"


def test_pass_reachable_quiet_on_scaffold(make_course):
    assert findings(make_course(), "MF202") == []


def test_pass_reachable_unknown_type_drops_and_threshold(make_course):
    root = make_course({WEEK: week_yml("{quiz: quiz-start.yml, type: Quizz}", FORUM)})
    found = findings(root, "MF202")
    got = [(d.loc.file, d.loc.line, d.message) for d in found]
    assert got == [
        ("course.yml", 11, "the pass threshold 50% cannot be reached: the best possible "
                           "grade is 0%"),
        ("course.yml", 13, "assignment type 'Quiz' has no graded item"),
        (WEEK, ITEM_LINE, "graded item 'quiz-start' has type 'Quizz', which grading.types "
                          "does not declare"),
    ]
    assert found[2].hint == "did you mean 'Quiz'?" and found[2].item == "quiz-start"
    root2 = make_course({"course.yml": (root / "course.yml").read_text().replace(
        "{type: Quiz, weight: 1.0}", "{type: Quiz, weight: 1.0, drop: 1}")}, name="c2")
    threshold, drops = findings(root2, "MF202")
    assert drops.message == "assignment type 'Quiz' drops 1 of its 1 item(s)"
    assert threshold.message.startswith("the pass threshold 50% cannot be reached")
    assert findings(root2, "MF202", overrides={"MF202": "off"}) == []


# --------------------------------------------------------------------------- MF203


def test_objective_coverage_flags_unassessed_objective(make_course):
    root = make_course({WEEK: week_yml(
        "{reading: intro.md, objectives: [start]}", GRADED,
        objectives="[{id: start, text: {fr: A, en: A}}, {id: other, text: {fr: B, en: B}}]")})
    [d] = findings(root, "MF203")
    assert (d.loc.file, d.loc.line) == (WEEK, 2)
    assert d.message == "objective 'other' is not assessed by any exercise/peer/quiz item"


def test_objective_coverage_quiet_on_scaffold(make_course):
    assert findings(make_course(), "MF203") == []


def test_objective_coverage_graded_only(make_course):
    quiz = (Path(__file__).parent.parent / "moocforge/scaffold" / QUIZ).read_text()
    root = make_course({QUIZ: quiz.replace("graded: true", "graded: false").replace(
        "type: Quiz\n", "")})
    assert findings(root, "MF203") == []
    [d] = findings(root, "MF203", overrides={"objective-coverage": {"graded_only": True}})
    assert "not assessed by any graded" in d.message


# --------------------------------------------------------------------------- MF204


KEY_QUESTIONS = """\
  - kind: single
    prompt: {fr: Lequel ?, en: Which?}
    explanation: {fr: Voilà., en: There.}
    choices:
      - {text: {fr: A, en: A}, correct: true}
      - {text: {fr: B, en: B}, correct: true}
  - kind: multiple
    prompt: {fr: Lesquels ?, en: Which ones?}
    explanation: {fr: Voilà., en: There.}
    choices:
      - {text: {fr: Un, en: One}}
      - {text: {fr: un, en: one}}
  - kind: numeric
    prompt: {fr: Combien ?, en: How many?}
    explanation: {fr: Voilà., en: There.}
    answer: 10
    tolerance: 1
    samples: ['12']
  - kind: text
    prompt: {fr: Quoi ?, en: What?}
    explanation: {fr: Voilà., en: There.}
    match: regex
    answers: ['gcc(']
  - kind: text
    prompt: {fr: Quoi ?, en: What?}
    explanation: {fr: Voilà., en: There.}
    match: regex
    answers: ['gcc|clang']
    samples: ['tcc']
"""


def test_quiz_key_finds_every_inconsistent_key(make_course):
    root = make_course({QUIZ: quiz_yml(KEY_QUESTIONS)})
    found = findings(root, "MF204")
    got = [(d.loc.file, d.loc.line, d.severity, d.message) for d in found]
    assert got == [
        (QUIZ, 6, "error", "single-choice question 'q1' of 'quiz-start' has 2 correct choices "
                           "instead of exactly one"),
        (QUIZ, 12, "error", "multiple-choice question 'q2' of 'quiz-start' has no correct "
                            "choice"),
        (QUIZ, 17, "error", "question 'q2' of 'quiz-start': choice 2 repeats choice 1 ('un')"),
        (QUIZ, 18, "error", "numeric question 'q3' of 'quiz-start': sample 12 is outside the "
                            "accepted range 10 ± 1"),
        (QUIZ, 24, "error", "question 'q4' of 'quiz-start': regex 'gcc(' does not compile: "
                            "missing ), unterminated subpattern at position 3"),
        (QUIZ, 24, "warning", "question 'q4' of 'quiz-start': regex answers have no "
                              "`samples:` to test them"),
        (QUIZ, 29, "error", "question 'q5' of 'quiz-start': sample answer 'tcc' is not "
                            "accepted by any answer"),
    ]


def test_quiz_key_quiet_on_consistent_quiz(make_course):
    good = """\
  - kind: numeric
    prompt: {fr: Combien ?, en: How many?}
    explanation: {fr: Voilà., en: There.}
    answer: 10
    tolerance: 10%
    samples: ['10.5']
  - kind: text
    prompt: {fr: Quoi ?, en: What?}
    explanation: {fr: Voilà., en: There.}
    match: regex
    answers: ['gcc|clang']
    samples: [gcc, clang]
"""
    assert findings(make_course({QUIZ: quiz_yml(good)}), "MF204") == []


def test_quiz_key_require_samples_option(make_course):
    question = """\
  - kind: text
    prompt: {fr: Quoi ?, en: What?}
    explanation: {fr: Voilà., en: There.}
    match: regex
    answers: ['gcc|clang']
"""
    root = make_course({QUIZ: quiz_yml(question)})
    assert len(findings(root, "MF204")) == 1
    assert findings(root, "MF204", overrides={"quiz-key": {"require_samples": False}}) == []


# --------------------------------------------------------------------------- MF205

BARE = """\
  - kind: single
    prompt: {fr: Lequel ?, en: Which?}
    choices:
      - {text: {fr: A, en: A}, correct: true}
      - {text: {fr: B, en: B}}
"""


def test_quiz_feedback_graded_needs_explanation(make_course):
    [d] = findings(make_course({QUIZ: quiz_yml(BARE)}), "MF205")
    assert (d.loc.file, d.loc.line, d.item) == (QUIZ, 6, "quiz-start")
    assert d.message == "graded question 'q1' of 'quiz-start' has no explanation"


def test_quiz_feedback_practice_needs_feedback(make_course):
    [d] = findings(make_course({QUIZ: quiz_yml(BARE, graded=False),
                                WEEK: week_yml(FORUM, "{quiz: quiz-start.yml}")}), "MF205")
    assert d.message == "practice question 'q1' of 'quiz-start' gives no feedback"
    assert findings(make_course(name="scaffold"), "MF205") == []


def test_quiz_feedback_options(make_course):
    root = make_course({QUIZ: quiz_yml(BARE)})
    assert findings(root, "MF205", overrides={"MF205": {"graded_explanation": False}}) == []


# --------------------------------------------------------------------------- MF206

PEER_BAD = """\
title: {fr: Évaluation, en: Assessment}
prompt: {fr: Écrivez, en: Write}
submission_start: 2027-03-10
submission_due: 2027-03-05
rubric:
  - name: clarity
    label: {fr: Clarté, en: Clarity}
    options:
      - {name: good, points: 2, label: {fr: Bien, en: Good}}
      - {name: poor, points: 2, label: {fr: Faible, en: Poor}}
      - {name: bad, points: 0, label: {fr: Mauvais, en: Bad}}
steps:
  - {kind: staff}
  - {kind: training, examples: [{answer: {fr: x, en: x}, select: {clarity: great}}]}
  - {kind: peer, must_grade: 1, graded_by: 3, due: 2027-06-01}
"""

PEER_GOOD = """\
title: {fr: Évaluation, en: Assessment}
prompt: {fr: Écrivez, en: Write}
submission_start: 2027-03-01
submission_due: 2027-03-20
rubric:
  - name: clarity
    label: {fr: Clarté, en: Clarity}
    options:
      - {name: poor, points: 0, label: {fr: Faible, en: Poor}}
      - {name: good, points: 2, label: {fr: Bien, en: Good}}
steps:
  - {kind: training, examples: [{answer: {fr: x, en: x}, select: {clarity: good}}]}
  - {kind: peer, must_grade: 3, graded_by: 2, due: 2027-03-30}
  - {kind: staff}
"""


def _peer_course(make_course, peer: str):
    return make_course({PEER: peer, WEEK: week_yml(
        GRADED, FORUM, "{peer: peer.yml, graded: true, type: Quiz}")})


def test_peer_rubric_reports_every_problem(make_course):
    found = findings(_peer_course(make_course, PEER_BAD), "MF206")
    got = {(d.loc.line, d.message) for d in found}
    assert (4, "submission is due (2027-03-05) before it starts (2027-03-10)") in got
    assert (10, "criterion 'clarity': options 'good' and 'poor' both give 2 points") in got
    assert (10, "criterion 'clarity': options are not in increasing order of points "
                "(2, 2, 0)") not in got
    assert (11, "criterion 'clarity': options are not in increasing order of points "
                "(2, 2, 0)") in got
    assert (13, "the staff step must be the last step") in got
    assert (14, "training example selects unknown option 'great' of criterion "
                "'clarity'") in got
    assert (15, "peer step: each learner grades 1 peer(s) but needs 3 grades; submissions "
                "will wait for reviews") in got
    assert any(line == 15 and "is outside run" in m for line, m in got)
    assert all(d.loc.file == PEER and d.item == "peer" for d in found)


def test_peer_rubric_quiet_on_valid_peer(make_course):
    assert findings(_peer_course(make_course, PEER_GOOD), "MF206") == []


def test_peer_rubric_points_order_option(make_course):
    decreasing = PEER_GOOD.replace(
        "      - {name: poor, points: 0, label: {fr: Faible, en: Poor}}\n"
        "      - {name: good, points: 2, label: {fr: Bien, en: Good}}\n",
        "      - {name: good, points: 2, label: {fr: Bien, en: Good}}\n"
        "      - {name: poor, points: 0, label: {fr: Faible, en: Poor}}\n")
    root = _peer_course(make_course, decreasing)
    assert len(findings(root, "MF206")) == 1
    assert findings(root, "MF206", overrides={"MF206": {"points_order": "decreasing"}}) == []


# --------------------------------------------------------------------------- MF207


def test_answer_leak_on_graded_quiz_with_showanswer_always(make_course):
    root = make_course({QUIZ: quiz_yml(BARE, extra="showanswer: always\n")})
    [d] = findings(root, "MF207")
    assert d.loc.file == QUIZ
    assert (root / QUIZ).read_text().splitlines()[d.loc.line - 1].startswith("showanswer:")
    assert d.message == ("graded quiz 'quiz-start' shows its answers (showanswer: always) "
                         "with unlimited attempts")


def test_answer_leak_quiet_by_default(make_course):
    assert findings(make_course(), "MF207") == []


def test_answer_leak_options(make_course):
    root = make_course({QUIZ: quiz_yml(BARE, extra="showanswer: attempted\nmax_attempts: 3\n")})
    assert len(findings(root, "MF207")) == 1
    assert findings(root, "MF207", overrides={"answer-leak": {"leaky": ["always"]}}) == []
