"""`moocforge check` and `moocforge grade` on small courses with real gcc."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from lxml import etree
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.exercises import check_course, grade_submission, load_exercise

WEEK = """\
title: {fr: Bienvenue, en: Welcome}
lessons:
  - title: {fr: Premiers pas, en: First steps}
    items:
      - reading: intro.md
      - exercise: exercises/sum/
"""
EXERCISE = """\
title: {fr: Somme, en: Sum}
language: c
statement: statement.md
starter: starter.c
solution: solution.c
tests:
  - name: small
    stdin: "2 3\\n"
    expected: "5\\n"
    feedback: {fr: "Additionnez les deux nombres lus.", en: "Add the two numbers you read."}
  - name: decimals
    args: ["2"]
    stdin: "1 1\\n"
    expected: "2.00 \\n"
    compare: whitespace
  - name: secret
    stdin: "100 23\\n"
    expected: "123\\n"
    hidden: true
wrong:
  - file: wrong/minus.c
    fails: [small, secret]
    feedback: {fr: "Additionnez les deux nombres lus.", en: "Add the two numbers you read."}
  - file: wrong/loop.c
    fails: [small]
    feedback: {fr: "boucle infinie", en: "infinite loop"}
limits: {time: 1}
"""
SOLUTION = r"""#include <stdio.h>

int main(int argc, char **argv) {
    (void) argv;
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    if (argc > 1) printf("%.2f\n", (double) (a + b));
    else printf("%d\n", a + b);
    return 0;
}
"""
FILES = {
    "weeks/01-bienvenue/week.yml": WEEK,
    "weeks/01-bienvenue/exercises/sum/exercise.yml": EXERCISE,
    "weeks/01-bienvenue/exercises/sum/statement.md": "# Somme\n\nAffichez la somme.\n",
    "weeks/01-bienvenue/exercises/sum/statement.en.md": "# Sum\n\nPrint the sum.\n",
    "weeks/01-bienvenue/exercises/sum/starter.c": "int main(void) {\n    return 0;\n}\n",
    "weeks/01-bienvenue/exercises/sum/solution.c": SOLUTION,
    "weeks/01-bienvenue/exercises/sum/wrong/minus.c": SOLUTION.replace("a + b", "a - b"),
    "weeks/01-bienvenue/exercises/sum/wrong/loop.c": SOLUTION.replace(
        "    return 0;\n}", "    while (a == 2) { b++; }\n    return 0;\n}"),
}
EX = "weeks/01-bienvenue/exercises/sum"


@pytest.fixture
def course_dir(make_course):
    return make_course(FILES)


def test_a_right_exercise_passes_the_check(course_dir, load_ok):
    diagnostics, results = check_course(load_ok(course_dir), jobs=2)
    assert [d for d in diagnostics if d.severity != "info"] == []
    (result,) = results
    assert result.ok and result.reference_passed == 3 and result.starter == "ok"
    assert result.wrong_ok == result.wrong_total == 2


def test_broken_exercises_are_reported_at_their_yaml_lines(course_dir, load_ok):
    folder = course_dir / EX
    (folder / "solution.c").write_text(SOLUTION.replace("%.2f", "%.3f"), "utf-8")
    (folder / "starter.c").write_text("int main(void) {\n    return 0\n}\n", "utf-8")
    (folder / "exercise.yml").write_text(
        EXERCISE.replace("boucle infinie", "erreur de segmentation"), "utf-8")
    (folder / "wrong" / "minus.c").write_text(SOLUTION, "utf-8")  # passes what it must fail
    diagnostics, results = check_course(load_ok(course_dir))
    lines = {(d.code, d.loc.line) for d in diagnostics if d.loc.file == f"{EX}/exercise.yml"}
    assert (("MF800", 11)) in lines  # the `decimals` test entry
    assert ("MF802", 4) in lines  # `starter:`
    assert ("MF803", 21) in lines  # the first `wrong:` entry
    assert ("MF805", 24) in lines  # the second one: its feedback is not what the grader says
    messages = " ".join(d.message for d in diagnostics)
    assert "decimals" in messages and "erreur de segmentation" in messages
    assert not results[0].ok


def test_only_one_exercise_and_unknown_names(course_dir, load_ok):
    course = load_ok(course_dir)
    diagnostics, results = check_course(course, only="nope")
    codes = [d.code for d in diagnostics if d.code != "MF811"]  # notes on this machine
    assert results == [] and codes == ["MF812"]


def test_check_command_prints_a_table_and_exits_0(course_dir):
    result = CliRunner().invoke(app, ["check", str(course_dir), "sum", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "reference" in result.output and "3/3" in result.output and "2/2" in result.output
    assert "1/1 exercise(s) ok" in result.output


def test_check_command_json_and_failure_exit(course_dir):
    (course_dir / EX / "solution.c").write_text(SOLUTION.replace("a + b", "a * b"), "utf-8")
    result = CliRunner().invoke(app, ["check", str(course_dir), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    codes = {d["code"] for d in payload["diagnostics"]}
    assert "MF800" in codes


def test_grade_command_prints_an_open_edx_reply_in_each_language(course_dir, tmp_path):
    submission = tmp_path / "mine.c"
    # small (a = 2) divides by zero, secret prints a wrong number, decimals passes
    submission.write_text(SOLUTION.replace('"%d\\n", a + b', '"%d\\n", (a + b) / (a - 2)'),
                          "utf-8")
    replies = {}
    for lang in ("fr", "en"):
        result = CliRunner().invoke(app, ["grade", str(course_dir / EX), str(submission),
                                          "--lang", lang])
        assert result.exit_code == 1, result.output  # graded, not correct
        replies[lang] = json.loads(result.stdout)
    for reply in replies.values():
        assert reply["correct"] is False and reply["score"] == pytest.approx(1 / 3)
        root = etree.fromstring(reply["msg"])  # valid XML
        assert root.tag == "div"
    assert "Additionnez les deux nombres lus." in replies["fr"]["msg"]
    assert "Test caché n° 3" in replies["fr"]["msg"]
    assert "Add the two numbers you read." in replies["en"]["msg"]
    assert "Hidden test #3" in replies["en"]["msg"]
    # the hidden test's input and expected output stay hidden (a bare 123: sanitizer
    # addresses such as 0x5635d123d44d may hold those digits)
    assert "100 23" not in replies["en"]["msg"]
    assert not re.search(r"\b123\b", replies["en"]["msg"])
    assert "Division by zero on line" in replies["en"]["msg"]
    assert "Division par zéro ligne" in replies["fr"]["msg"]


def test_grade_correct_submission_and_default_language(course_dir, tmp_path):
    submission = tmp_path / "mine.c"
    submission.write_text(SOLUTION, "utf-8")
    result = CliRunner().invoke(app, ["grade", str(course_dir / EX), str(submission)])
    assert result.exit_code == 0
    reply = json.loads(result.stdout)
    assert reply == {"correct": True, "score": 1.0, "msg": reply["msg"]}
    assert "Bravo" in reply["msg"]  # French: the course's default language


def test_grade_submission_api_with_control_characters(course_dir):
    exercise = load_exercise(course_dir / EX).exercise
    assert exercise is not None
    noisy = SOLUTION.replace('printf("%d\\n", a + b);', 'printf("\\x01\\x02%d\\n", a + b);')
    reply = grade_submission(exercise, noisy, "en")
    assert reply.correct is False
    etree.fromstring(reply.msg)  # control characters were made XML-safe


def test_grade_reports_a_broken_exercise_folder(tmp_path):
    (tmp_path / "mine.c").write_text("int main(void) { return 0; }\n", "utf-8")
    result = CliRunner().invoke(app, ["grade", str(tmp_path), str(tmp_path / "mine.c")])
    assert result.exit_code == 2
    assert "MF820" in result.output


def test_grade_an_exercise_folder_that_belongs_to_no_course(course_dir, tmp_path):
    lone = tmp_path / "lone" / "sum"
    shutil.copytree(course_dir / EX, lone)
    submission = tmp_path / "mine.c"
    submission.write_text(SOLUTION, "utf-8")
    result = CliRunner().invoke(app, ["grade", str(lone), str(submission), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["correct"] is True
    (lone / "exercise.yml").write_text(
        (lone / "exercise.yml").read_text("utf-8").replace("solution:", "solutoin:"), "utf-8")
    broken = CliRunner().invoke(app, ["grade", str(lone), str(submission)])
    assert broken.exit_code == 2
    assert f"{lone}/exercise.yml" in broken.output and "MF011" in broken.output
