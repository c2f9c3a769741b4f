"""A sweep of hostile inputs through the loader and the everyday commands (validate, lint,
workload, dates, translations status, init): each gets a positioned diagnostic with a
hint, never a traceback, an internal error (MF099), a hang or a user's file overwritten.

What tests/test_load_broken.py and tests/test_hardening_*.py already cover is not
repeated here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.load import load_course
from moocforge.settings import Bool, Float, Int, Option, SettingError

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLD = ROOT / "moocforge" / "scaffold"
W = "weeks/01-bienvenue"
WEEK = f"{W}/week.yml"
QUIZ = f"{W}/quiz-start.yml"
COURSE = (SCAFFOLD / "course.yml").read_text("utf-8")
WEEK_TEXT = (SCAFFOLD / WEEK).read_text("utf-8")
RUN = "2027-spring: {start: 2027-03-01, end: 2027-04-12}"


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def errors(root: Path) -> list[tuple[str, str, int, str]]:
    """(code, file, line, hint) of every error of a load."""
    result = load_course(root)
    return [(d.code, d.loc.file, d.loc.line, d.hint) for d in result.diagnostics
            if d.severity == "error"]


def assert_reported(root: Path, code: str, file: str, line: int) -> None:
    found = errors(root)
    assert "MF099" not in [f[0] for f in found], found
    assert any(f[:3] == (code, file, line) and f[3] for f in found), found
    for command in (["validate"], ["lint"], ["dates"], ["workload"]):
        result = cli(command[0], str(root))
        assert result.exit_code == 1, result.output
        assert "MF099" not in result.output and "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------------------------------------------- dates

DATES = {
    # a day that exists, but not in UTC: its local end is in the year 10000
    "end-of-time-in-new-york": ({"course.yml": COURSE.replace(
        RUN, "2027-spring: {start: 2027-03-01, end: 9999-12-31, timezone: America/New_York}")},
        "course.yml", 9),
    # and the first day in Tokyo is in the year 0 in UTC
    "start-of-time-in-tokyo": ({"course.yml": COURSE.replace(
        RUN, "2027-spring: {start: 0001-01-01, end: 2027-04-12, timezone: Asia/Tokyo}")},
        "course.yml", 9),
    "offset-past-the-calendar": ({WEEK: "release: start + 999999999d\n" + WEEK_TEXT},
                                 WEEK, 1),
    "offset-past-timedelta": ({WEEK: "release: {week: 1, days: 99999999999999}\n" + WEEK_TEXT},
                              WEEK, 1),
    "override-past-the-calendar": ({"course.yml": COURSE.replace(
        RUN, "2027-spring: {start: 2027-03-01, end: 2027-04-12, "
             "dates: {quiz-start: {due: end + 9999999999d}}}")}, "course.yml", 9),
}


@pytest.mark.parametrize("name", sorted(DATES))
def test_dates_beyond_the_calendar_are_positioned_errors(make_course, name):
    files, file, line = DATES[name]
    assert_reported(make_course(files), "MF017", file, line)


# --------------------------------------------------------------------------- regexes


def test_an_answer_regex_too_large_to_compile_ends_lint_with_a_finding(make_course):
    """`regex` unrolls counted repeats when it compiles: `a{1000000000}` took minutes and
    gigabytes before the match's timeout could apply."""
    quiz = ("title: Q\nquestions:\n  - id: huge\n    kind: text\n    match: regex\n"
            "    prompt: P\n    answers: ['a{1000000000}', '(?:(?:b{1000}){1000}){1000}']\n"
            "    samples: [a]\n")
    root = make_course({QUIZ: quiz})
    try:
        result = subprocess.run([sys.executable, "-m", "moocforge", "lint", str(root), "-f",
                                 "json"], capture_output=True, text=True, timeout=30,
                                check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("lint hung on an answer regex with a huge repeat count")
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("repeats too much") == 2, result.stdout
    assert '"hint": ""' not in result.stdout


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize(("files", "code", "file", "line"), [
    ({"course.yml": COURSE.replace("org: MyOrg", "org: 12")}, "MF010", "course.yml", 5),
    ({"course.yml": COURSE + "roots: [..]\n"}, "MF010", "course.yml", 16),
    ({"course.yml": COURSE.replace("  - weeks/01-bienvenue", "  - ''")}, "MF019",
     "course.yml", 15),
    ({WEEK: WEEK_TEXT + "      - {discussion: D, id: " + "a" * 300 + ", title: T}\n"},
     "MF009", WEEK, 15),
    ({"course.yml": COURSE.replace("pass: 0.5", "pass: 1e999")}, "MF010", "course.yml", 11),
])
def test_schema_errors_carry_a_hint(make_course, files, code, file, line):
    assert_reported(make_course(files), code, file, line)


def test_a_merge_key_is_positioned_with_a_hint(make_course):
    root = make_course({"course.yml": COURSE + "extra: &e {a: 1}\nfoo:\n  <<: *e\n"})
    assert_reported(root, "MF001", "course.yml", 18)


def test_an_unknown_key_that_is_a_list_is_named_and_positioned(make_course):
    root = make_course({"course.yml": COURSE + "? [a, b]\n: x\n"})
    [(code, file, line, hint)] = errors(root)
    assert (code, file, line) == ("MF011", "course.yml", 16)
    assert hint.startswith("allowed keys: ")


@pytest.mark.parametrize("file", ["course.yml", f"{W}/intro.en.md"])
def test_a_binary_file_nobody_refers_to_is_positioned_at_its_first_nul(make_course, file):
    root = make_course({file: b"# Title\n\nsome text\x00more\n"})
    assert_reported(root, "MF003", file, 3)
    assert next(d for d in load_course(root).diagnostics if d.code == "MF003").loc.col == 10


def test_a_binary_file_named_by_another_is_reported_where_it_is_named(make_course):
    root = make_course({WEEK: b"# Title\n\nsome text\x00more\n"})
    assert_reported(root, "MF003", "course.yml", 15)


# --------------------------------------------------------------------------- the folder


def test_a_folder_without_course_yml_is_named_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# notes\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "odd" / "course.yml").mkdir(parents=True)
    for given, hint in (("missing", "does not exist"), ("notes.md", "is a file"),
                        ("folder", "moocforge init"), ("odd", "is a folder")):
        result = cli("validate", given, "-f", "json")
        assert result.exit_code == 1, result.output
        assert f'"file": "{given}/course.yml"' in result.output, result.output
        assert hint in result.output, result.output


def test_validate_refuses_an_unknown_format(make_course):
    result = cli("validate", str(make_course()), "--format", "nonsense")
    assert result.exit_code == 2 and "unknown format 'nonsense'" in result.output


# --------------------------------------------------------------------------- init


def test_init_on_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    result = cli("init", str(target))
    assert result.exit_code == 2, result.output
    assert "not a folder" in result.output and target.read_text() == "mine\n"


def test_init_force_keeps_the_users_files(tmp_path):
    root = tmp_path / "course"
    (root / W).mkdir(parents=True)
    (root / "course.yml").write_text("id: mine\n")
    (root / W / "intro.md").write_text("# My intro\n")
    result = cli("init", str(root), "--force")
    assert result.exit_code == 0, result.output
    assert (root / "course.yml").read_text() == "id: mine\n"
    assert (root / W / "intro.md").read_text() == "# My intro\n"
    assert (root / W / "intro.en.md").is_file() and "course.yml" in result.output


def test_init_force_never_writes_through_a_symlink(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "course"
    root.mkdir()
    os.symlink(outside / "course.yml", root / "course.yml")  # dangling, out of the course
    os.symlink(outside, root / "weeks")
    os.symlink(outside / "ignore", root / ".gitignore")
    result = cli("init", str(root), "--force")
    assert result.exit_code == 0, result.output
    assert list(outside.iterdir()) == [], "init wrote outside the course folder"


def test_a_bad_rule_severity_has_a_hint(make_course):
    root = make_course({"course.yml": COURSE + "lint: {rules: {weekly-workload: "
                        "{severity: fatal}}}\n"})
    result = cli("validate", str(root), "-f", "json")
    assert result.exit_code == 1 and '"code": "MF101"' in result.output, result.output
    assert '"hint": ""' not in result.output, result.output


def test_a_relative_date_with_fractional_days_has_a_hint(make_course):
    root = make_course({WEEK: "release: {week: 1, days: 1.5}\n" + WEEK_TEXT})
    assert_reported(root, "MF010", WEEK, 1)


def test_every_lint_finding_is_written_with_a_hint():
    """A rule's `finding(...)` without `hint=` printed a diagnostic the author could not act
    on (a rubric without options, a numeric question without answer, dates out of order)."""
    import ast

    missing = []
    for path in sorted((ROOT / "moocforge" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "finding"
                    and "hint" not in {k.arg for k in node.keywords}):
                missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


# --------------------------------------------------------------------------- symlinks


@pytest.mark.parametrize(("file", "where"), [("course.yml", "course.yml"),
                                             (WEEK, "course.yml"),  # at `weeks:`
                                             (f"{W}/intro.en.md", f"{W}/intro.en.md")])
def test_a_file_found_by_its_name_is_not_read_through_a_symlink_out_of_the_course(
        make_course, tmp_path, file, where):
    """course.yml, week.yml and translations are found by their names, not through a path
    the course writes: they were read wherever their symlink led (the English reading
    became the text of /etc/hostname, with no diagnostic)."""
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nkey: 1234\n", "utf-8")
    root = make_course()
    (root / file).unlink()
    os.symlink(secret, root / file)
    result = load_course(root)
    assert ("MF021", where) in [(d.code, d.loc.file) for d in result.diagnostics], \
        result.diagnostics
    assert not result.ok
    if result.course is not None:
        texts = [text for item in result.course.items for text in item.texts()]
        assert not any("1234" in str(text) for text in texts)


@pytest.mark.parametrize(("files", "line", "says"), [
    ({WEEK: WEEK_TEXT + "      - reading: sub\n", f"{W}/sub/a.md": "# A\n"}, 15,
     "'sub' is not a file"),
    ({WEEK: WEEK_TEXT + "      - quiz: q.yml\n", f"{W}/q.yml/a": "x"}, 15,
     "'q.yml' is not a file"),
    ({WEEK: WEEK_TEXT + "      - exercise: intro.md\n"}, 15, "'intro.md' is not a folder"),
])
def test_a_folder_where_a_file_goes_is_said_so(make_course, files, line, says):
    """It was 'file not found: 'sub'', with the hint "did you mean 'sub'?"."""
    root = make_course(files)
    assert_reported(root, "MF020", WEEK, line)
    [found] = [d for d in load_course(root).diagnostics if d.code == "MF020"]
    assert says in found.message and "did you mean" not in found.hint


# --------------------------------------------------------------------------- format-doc


def test_format_doc_into_a_file_it_cannot_take_is_a_usage_error(tmp_path):
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"# caf\xe9\n")
    for target, says in ((latin, "is not UTF-8"), (tmp_path, "is not a file")):
        result = cli("format-doc", "--into", str(target))
        assert result.exit_code == 2, result.output
        assert says in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert latin.read_bytes() == b"# caf\xe9\n"


@pytest.mark.parametrize(("option", "value"), [
    (Bool(True, "a flag"), "yes"),
    (Int(3, "a count", maximum=10), "3"),
    (Int(3, "a count", maximum=10), 11),
    (Float(0.5, "a rate", maximum=1.0), "0.5"),
    (Float(0.5, "a rate", maximum=1.0), float("inf")),
    (Float(0.5, "a rate", maximum=1.0), 2.0),
])
def test_every_bad_setting_value_comes_with_a_hint(option: Option[object], value: object
                                                   ) -> None:
    with pytest.raises(SettingError) as raised:
        option.convert(value)
    assert raised.value.hint, raised.value.message


def test_html_in_a_quiz_text_is_text_for_the_rules_too(make_course) -> None:
    """Every target shows the HTML of a text held in YAML as typed (`<img src=x>` reaches
    the learner as those characters), so no rule reads an image or a link in it; the same
    tag in a reading is one (MF301: no alt text; MF400: no such file)."""
    quiz = "weeks/01-bienvenue/quiz-start.yml"
    root = make_course()
    text = (root / quiz).read_text("utf-8")
    (root / quiz).write_text(text.replace(
        "Combien de semaines dure ce cours ?", "'Combien de semaines <img src=x> ?'"), "utf-8")
    reading = root / "weeks/01-bienvenue/intro.md"
    reading.write_text(reading.read_text("utf-8") + '\n<img src="y.png">\n', "utf-8")
    result = CliRunner().invoke(app, ["lint", str(root), "--format", "json"])
    found = {(d["code"], d["file"].rsplit("/", 1)[-1])
             for d in json.loads(result.output)["diagnostics"]}
    assert ("MF301", "intro.md") in found and ("MF400", "intro.md") in found
    assert not {code for code, file in found if file == "quiz-start.yml"} & {"MF301", "MF400"}


# --------------------------------------------------------------------------- loader leftovers


def _schema_patterns() -> set[str]:
    """Every `pattern` the schemas give a value or a key."""
    from moocforge.load.schema import SCHEMA_NAMES, schema

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for key, value in node.items():
                if key != "patternProperties":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in SCHEMA_NAMES:
        walk(schema(name))
    return found


@pytest.mark.parametrize("pattern", sorted(_schema_patterns()))
def test_every_schema_pattern_has_a_human_hint(pattern: str) -> None:
    """The hint of a value of the wrong form was the regex itself: 'must match
    ^[-+−]?[0-9][0-9 .,]*$'."""
    from moocforge.load.schema import PATTERN_FALLBACK, _pattern_hint

    hint = _pattern_hint((), pattern)
    assert hint != PATTERN_FALLBACK and "e.g." in hint, hint
    assert pattern not in hint and "^" not in hint and "\\" not in hint, hint


def test_a_value_of_the_wrong_form_gets_an_example_and_an_unknown_pattern_no_regex() -> None:
    from moocforge.load.schema import PATTERN_FALLBACK, _pattern_hint

    assert _pattern_hint((), "^[xyz]+$") == PATTERN_FALLBACK
    assert "^" not in PATTERN_FALLBACK


def test_a_tolerance_of_the_wrong_form_is_shown_the_forms_it_takes(make_course) -> None:
    quiz = (SCAFFOLD / QUIZ).read_text("utf-8") + (
        "  - kind: numeric\n    prompt: Combien ?\n    answer: 3\n"
        "    tolerance: 5 percent\n")
    root = make_course({QUIZ: quiz})
    assert_reported(root, "MF015", QUIZ, 17)
    [found] = [d for d in load_course(root).diagnostics if d.code == "MF015"]
    assert "`5%`" in found.hint and "must match" not in found.hint, found.hint


def test_a_run_end_relative_to_its_start_is_said_to_be_absolute(make_course) -> None:
    """It was "end: 'start + 10d' is relative to a run, and the course has no run (with a
    start)", in a course with a run that has a start: a run's own dates are absolute
    (docs/format.md)."""
    root = make_course({"course.yml": COURSE.replace(RUN, "2027-spring: {start: 2027-03-01, "
                                                          "end: start + 10d}")})
    assert_reported(root, "MF033", "course.yml", 9)
    [found] = [d for d in load_course(root).diagnostics if d.code == "MF033"]
    assert "no run" not in found.message and "absolute" in found.message, found.message
    assert "`end: 2027-03-11`" in found.hint, found.hint


def test_a_week_that_is_the_course_folder_itself_is_told_to_name_a_sub_folder(make_course):
    """`weeks: [.]` had the hint "create /week.yml"."""
    root = make_course({"course.yml": COURSE.replace("  - weeks/01-bienvenue", "  - .")})
    assert_reported(root, "MF015", "course.yml", 15)
    [found] = [d for d in load_course(root).diagnostics if d.loc.line == 15]
    assert "course folder itself" in found.message, found.message
    assert "sub-folder" in found.hint and "/week.yml" not in found.hint, found.hint


@pytest.mark.parametrize(("key", "shown"), [("? [a, b]\n: x\n", "[a, b]"),
                                            ("[a, 'b c']: x\n", "[a, 'b c']"),
                                            ("? {a: [1, 2]}\n: x\n", "{a: [1, 2]}")])
def test_an_unknown_key_that_is_a_collection_is_shown_as_written(make_course, key, shown):
    """It was shown as PyYAML's node: `SequenceNode(tag='tag:yaml.org,2002:seq', …)`."""
    root = make_course({"course.yml": COURSE + key})
    [found] = [d for d in load_course(root).diagnostics if d.code == "MF011"]
    assert f"unknown key '{shown}'" in found.message, found.message
    assert "Node" not in found.message


def test_a_nul_byte_past_the_first_8_kib_is_a_binary_file(make_course) -> None:
    """Only the first 8 KiB were looked at: a NUL later reached the model."""
    text = "# Title\n\n" + ("word " * 20 + "\n") * 100 + "some text\x00more\n"
    root = make_course({f"{W}/intro.en.md": text.encode()})
    assert_reported(root, "MF003", f"{W}/intro.en.md", 103)
    assert next(d for d in load_course(root).diagnostics if d.code == "MF003").loc.col == 10


@pytest.mark.parametrize("char", ["\x01", "\u202e"])
def test_a_control_character_in_a_file_name_and_the_id_it_gives_is_reported(
        make_course, char) -> None:
    """A reading `in\\x01tro.md` got the id `in\\x01tro`, without a word."""
    name = f"in{char}tro.md"
    text = WEEK_TEXT.replace("- reading: intro.md", f'- reading: "in\\u{ord(char):04x}tro.md"')
    root = make_course({WEEK: text, f"{W}/{name}": "# Intro\n"})
    (root / W / "intro.md").unlink()
    found = [d for d in load_course(root).diagnostics if d.code == "MF029"]
    assert {(d.severity, d.loc.file, d.loc.line) for d in found} >= {
        ("error", WEEK, 9)}, found
    assert any(d.severity == "warning" and d.loc.line == 9 and "file name" in d.message
               for d in found), found
    assert all(d.hint for d in found), found
    assert_reported(root, "MF029", WEEK, 9)


def test_an_unknown_language_code_is_warned_with_a_did_you_mean(make_course) -> None:
    """`languages: [xx]` was accepted: only the form of a code was checked."""
    root = make_course({"course.yml": COURSE.replace("languages: [fr, en]",
                                                     "languages: [fr, en, xx, frr, en-UK]")})
    found = {d.message.split("'")[1]: d for d in load_course(root).diagnostics
             if d.code == "MF024"}
    assert set(found) == {"xx", "en-UK"}, found
    assert all(d.severity == "warning" and d.loc.line == 7 for d in found.values())
    assert found["en-UK"].hint == "did you mean 'en-GB'?", found["en-UK"].hint
    assert found["xx"].hint, found["xx"]
    ok = load_course(make_course({"course.yml": COURSE.replace(
        "languages: [fr, en]", "languages: [fr, en, pt-BR, zh-Hans, es-419]")}, name="ok"))
    assert "MF024" not in [d.code for d in ok.diagnostics]


def test_every_kind_of_setting_has_a_hint_for_a_bad_value() -> None:
    from moocforge.settings import AnyMapping, Choice, ListOf, MapOf, Nullable, Str, Url

    cases: list[tuple[Option[object], object]] = [
        (Str("", "a text"), [1]), (Str("", "a text"), 3), (Url("", "a URL"), "ftp://x"),
        (Choice(("a", "b"), "a", "a choice"), "c"), (Choice(("abc",), "abc", "x"), "abd"),
        (AnyMapping({}, "a mapping"), [1]), (MapOf(Int(1, "n"), "a map"), [1]),
        (MapOf(Int(1, "n"), "a map"), {"k": "x"}), (ListOf(Str("", "t"), (), "a list"), "x"),
        (ListOf(Str("", "t"), (), "a list"), [[1]]), (Nullable(Bool(True, "b")), "yes"),
    ]
    for option, value in cases:
        with pytest.raises(SettingError) as raised:
            option.convert(value)
        assert raised.value.hint, (option, value, raised.value.message)


def test_a_list_where_a_text_setting_goes_is_not_told_to_quote_it() -> None:
    """A list or a mapping given to a text setting had the hint "quote the value if it
    looks like a number or a date"."""
    from moocforge.settings import Str

    for value in ([1, 2], {"a": 1}):
        with pytest.raises(SettingError) as raised:
            Str("", "a text").convert(value)
        assert "quote" not in raised.value.hint and "one text" in raised.value.hint
    with pytest.raises(SettingError) as raised:
        Str("", "a text").convert(12)
    assert "quote" in raised.value.hint


def test_a_required_key_of_the_wrong_form_is_not_also_said_to_be_missing(make_course):
    """`org: My Org` gave MF015 at its line and "course.yml has no `org:`" at 1:1."""
    root = make_course({"course.yml": COURSE.replace("org: MyOrg", "org: My Org")})
    assert [(code, line) for code, _, line, _ in errors(root)] == [("MF015", 5)]
