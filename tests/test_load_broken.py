"""The broken-course corpus: one course per failure class, each with its exact diagnostic.

Every case starts from the scaffold course (moocforge/scaffold) and overwrites files. The
expected diagnostic is (code, file, line); every case also runs through the CLI to prove it
exits 1 with the diagnostic printed and no traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.load import load_course

W = "weeks/01-bienvenue"
WEEK = f"{W}/week.yml"
QUIZ = f"{W}/quiz-start.yml"

WEEK_OK = """\
title: {fr: Bienvenue, en: Welcome}
objectives:
  - {id: start, text: {fr: Savoir, en: Know}}
lessons:
  - title: {fr: Premiers pas, en: First steps}
    items:
"""


def week_with(*item_lines: str) -> str:
    return WEEK_OK + "".join(f"      {line}\n" for line in item_lines)


COURSE_OK = (Path(__file__).resolve().parent.parent / "moocforge/scaffold/course.yml").read_text()

CASES: dict[str, tuple[dict, str, str, int]] = {
    # name: (files, code, file, line)
    "yaml-syntax-course": ({"course.yml": "id: x\ntitle: [unclosed\norg: X\n"},
                           "MF001", "course.yml", 3),
    "yaml-bad-indent-week": ({WEEK: WEEK_OK + "      - reading: intro.md\n     - quiz: q.yml\n"},
                             "MF001", WEEK, 8),
    "wrong-type": ({QUIZ: "title: Q\nmax_attempts: two\nquestions:\n  - kind: text\n"
                          "    prompt: P\n    answers: [a]\n"}, "MF010", QUIZ, 2),
    "wrong-type-text": ({WEEK: "title: [a, b]\nlessons:\n  - title: L\n    items:\n"
                              "      - reading: intro.md\n"}, "MF010", WEEK, 1),
    "unknown-key-item": ({WEEK: week_with("- reading: intro.md", "  titel: Intro")},
                         "MF011", WEEK, 8),
    "unknown-key-course": ({"course.yml": COURSE_OK.replace("summary:", "sumary:")},
                           "MF011", "course.yml", 4),
    "missing-required": ({QUIZ: "title: Q\n"}, "MF012", QUIZ, 1),
    "missing-choices": ({QUIZ: "title: Q\nquestions:\n  - kind: single\n    prompt: P\n"},
                        "MF012", QUIZ, 3),
    "invalid-enum": ({QUIZ: "title: Q\nquestions:\n  - kind: singel\n    prompt: P\n"},
                     "MF013", QUIZ, 3),
    "impossible-date": ({"course.yml": COURSE_OK.replace("start: 2027-03-01",
                                                         "start: 2027-02-30")},
                        "MF017", "course.yml", 9),
    "date-format": ({"course.yml": COURSE_OK.replace("start: 2027-03-01",
                                                     "start: 03/01/2027")},
                    "MF015", "course.yml", 9),
    "run-ends-before-start": ({"course.yml": COURSE_OK.replace("end: 2027-04-12",
                                                               "end: 2027-01-12")},
                              "MF018", "course.yml", 9),
    "missing-reading": ({WEEK: week_with("- reading: nope.md")}, "MF020", WEEK, 7),
    "missing-week-folder": ({"course.yml": COURSE_OK.replace("weeks/01-bienvenue",
                                                             "weeks/02-absent")},
                            "MF020", "course.yml", 15),
    "path-escapes": ({WEEK: week_with("- reading: ../../../../etc/passwd")},
                     "MF021", WEEK, 7),
    "absolute-path": ({WEEK: week_with("- reading: /etc/passwd")}, "MF021", WEEK, 7),
    "duplicate-item-id": ({WEEK: week_with("- reading: intro.md",
                                           "- {reading: intro.md, title: Again}")},
                          "MF022", WEEK, 8),
    "duplicate-objective": ({WEEK: WEEK_OK.replace(
        "objectives:\n", "objectives:\n  - {id: start, text: Twice}\n")
        + "      - reading: intro.md\n"}, "MF022", WEEK, 4),
    "unknown-objective": ({WEEK: week_with("- reading: intro.md", "  objectives: [strat]")},
                          "MF023", WEEK, 8),
    "undeclared-language": ({WEEK: WEEK_OK.replace("en: Welcome}", "en: Welcome, de: Hallo}")
                             + "      - reading: intro.md\n"}, "MF024", WEEK, 1),
    "alias-bomb": ({QUIZ: "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                          "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                          "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"},
                   "MF004", QUIZ, 0),
    "binary-reading": ({f"{W}/intro.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
                       "MF003", WEEK, 9),
    "not-utf8": ({f"{W}/intro.en.md": "# Welcome\n\nline two\ncaf\xe9\n".encode("latin-1")},
                 "MF002", f"{W}/intro.en.md", 4),
    "duplicate-key": ({QUIZ: "title: Q\ntitle: R\nquestions: []\n"}, "MF005", QUIZ, 2),
    "empty-week": ({WEEK: "# nothing here\n"}, "MF006", WEEK, 1),
    "list-not-mapping": ({QUIZ: "- kind: single\n"}, "MF006", QUIZ, 1),
    "item-without-kind": ({WEEK: week_with("- readng: intro.md")}, "MF014", WEEK, 7),
    "item-two-kinds": ({WEEK: week_with("- {reading: intro.md, quiz: quiz-start.yml}")},
                       "MF014", WEEK, 7),
    "hosted-video-without-id": ({WEEK: week_with("- {video: 'youtube:dQw4w9WgXcQ', "
                                                 "title: V, duration: 60}")},
                                "MF012", WEEK, 7),
    "bad-youtube-id": ({WEEK: week_with("- {video: 'youtube:<bad>', id: v1, title: V}")},
                       "MF015", WEEK, 7),
    "transcript-language": ({WEEK: week_with("- {video: 'youtube:dQw4w9WgXcQ', id: v1, "
                                             "title: V, transcripts: {de: intro.md}}")},
                            "MF024", WEEK, 7),
    "transcript-extension": ({WEEK: week_with("- {video: 'youtube:dQw4w9WgXcQ', id: v1, "
                                              "title: V, transcripts: {fr: intro.md}}")},
                             "MF015", WEEK, 7),
    # values of the wrong type deep inside a file: reported, and the model is built without them
    "wrong-type-lessons": ({WEEK: "title: T\nlessons: 42\n"}, "MF010", WEEK, 2),
    "null-setting": ({"course.yml": COURSE_OK.replace("weeks:\n",
                                                      "workload:\n  weekly_minutes:\nweeks:\n")},
                     "MF010", "course.yml", 15),
    "null-discussion-id": ({WEEK: week_with("- discussion: Hi", "  id:", "  title: T",
                                            "- reading: intro.md")}, "MF010", WEEK, 8),
    "merge-key": ({QUIZ: "base: &b {title: Q}\nother:\n  <<: *b\n"}, "MF001", QUIZ, 3),
}


def _course(make_course, files: dict) -> Path:
    return make_course(files)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_course_reports_exact_diagnostic(name: str, make_course) -> None:
    files, code, file, line = CASES[name]
    root = _course(make_course, files)
    result = load_course(root)
    found = [(d.code, d.loc.file, d.loc.line) for d in result.diagnostics]
    assert (code, file, line) in found if line else (code, file) in [f[:2] for f in found], found
    assert not result.ok
    assert "MF099" not in [f[0] for f in found], "the loader hit an internal error"


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_course_cli_exits_1_without_traceback(name: str, make_course) -> None:
    files, code, file, _ = CASES[name]
    root = _course(make_course, files)
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 1, result.output
    assert code in result.output and file in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_symlink_leaving_the_course_is_refused(make_course, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# secret\n")
    root = make_course({WEEK: week_with("- reading: leak.md")})
    os.symlink(secret, root / W / "leak.md")
    result = load_course(root)
    assert ("MF021", WEEK, 7) in [(d.code, d.loc.file, d.loc.line) for d in result.diagnostics]


def test_missing_course_file(tmp_path: Path) -> None:
    result = load_course(tmp_path)
    assert [d.code for d in result.diagnostics] == ["MF027"]
    assert result.course is None


def test_every_problem_of_a_run_is_reported_together(make_course) -> None:
    root = make_course({
        WEEK: week_with("- reading: nope.md", "- {reading: intro.md, titel: x}",
                        "- quiz: quiz-start.yml", "  objectives: [unknown-one]"),
        QUIZ: "title: Q\nquestions:\n  - kind: singel\n    prompt: P\n",
        f"{W}/intro.en.md": b"caf\xe9\n",
    })
    result = load_course(root)
    codes = sorted({d.code for d in result.diagnostics})
    assert codes == ["MF002", "MF011", "MF013", "MF020", "MF023"]
    lines = [(d.loc.file, d.loc.line) for d in result.diagnostics]
    assert lines == sorted(lines), "diagnostics are ordered by file and line"


def test_exercise_wrong_solution_naming_unknown_test(make_course) -> None:
    ex = f"{W}/exercises/sum"
    root = make_course({
        WEEK: week_with("- exercise: exercises/sum/"),
        f"{ex}/exercise.yml": """\
            title: Sum
            language: c
            statement: statement.md
            solution: solution.c
            tests:
              - {name: basic, stdin: "1 2", expected: "3\\n"}
              - {name: no-output, stdin: "1 2"}
            wrong:
              - {file: wrong.c, fails: [basik]}
            """,
        f"{ex}/statement.md": "# Sum\n",
        f"{ex}/solution.c": "int main(void){return 0;}\n",
        f"{ex}/wrong.c": "int main(void){return 1;}\n",
    })
    found = {(d.code, d.loc.file, d.loc.line) for d in load_course(root).diagnostics}
    assert ("MF023", f"{ex}/exercise.yml", 9) in found
    assert ("MF012", f"{ex}/exercise.yml", 7) in found


def test_mutated_flagship_course_never_breaks_the_loader(tmp_path: Path) -> None:
    """Random line edits of abc-c's YAML files (deleted, duplicated, re-typed values) give
    diagnostics with positions, never an internal error."""
    import random
    import shutil

    source = Path(__file__).resolve().parent.parent / "courses" / "abc-c"
    root = tmp_path / "abc-c"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("*.mp4"))
    rng = random.Random(2027)
    files = sorted(root.rglob("*.yml"))
    values = [": [1, {a: b}]", ": []", ":", ": 42", ": hello", ": {x: 1}"]
    for _ in range(80):
        path = rng.choice(files)
        original = path.read_text("utf-8")
        lines = original.splitlines()
        for _ in range(3):
            k = rng.randrange(len(lines))
            edit = rng.choice(["delete", "duplicate", "retype", "retype"])
            if edit == "delete" and len(lines) > 1:
                del lines[k]
            elif edit == "duplicate":
                lines.insert(k, lines[k])
            elif ":" in lines[k]:
                lines[k] = lines[k].split(":")[0] + rng.choice(values)
        path.write_text("\n".join(lines) + "\n", "utf-8")
        result = load_course(root)
        assert "MF099" not in [d.code for d in result.diagnostics], (path, lines[k:k + 1])
        assert all(d.loc.file for d in result.diagnostics)
        path.write_text(original, "utf-8")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) + 3 >= 25


def test_symlinked_folder_leaving_the_course_is_refused(make_course, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("# notes\n")
    root = make_course({WEEK: week_with("- reading: shared/notes.md")})
    os.symlink(outside, root / W / "shared")
    result = load_course(root)
    assert ("MF021", WEEK, 7) in [(d.code, d.loc.file, d.loc.line) for d in result.diagnostics]
