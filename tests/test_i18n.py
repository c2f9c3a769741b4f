"""Diagnostics in the author's language (moocforge.i18n): the catalogues follow the code,
every rule and loader message has its French entry, `--lang` and the locale choose the
language, and the terminal shows hints as plain text."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge import i18n
from moocforge.cli import app
from moocforge.i18n import extract as catalogues
from moocforge.i18n import msg

PACKAGE = Path(i18n.__file__).resolve().parents[1]
# The code that emits diagnostics: every rule, the loader, the application layer, the
# translations commands.
EMITTING = ("rules", "load", "app", "cli/translations.py")
EMITTERS = {"finding", "Diagnostic", "error", "warning"}
runner = CliRunner()


@pytest.fixture(scope="module")
def ids() -> dict[str, list[str]]:
    return catalogues.messages()


def test_the_catalogues_hold_exactly_the_messages_of_the_code(ids) -> None:
    for lang in i18n.LANGUAGES:
        committed = (i18n.CATALOGUES / f"{lang}.po").read_text("utf-8")
        assert committed == catalogues.updated(lang, ids), (
            f"{lang}.po is behind the code: run python -m moocforge.i18n.extract")


def test_every_message_has_a_french_entry_with_the_same_placeholders(ids) -> None:
    french = i18n.catalogue("fr")
    missing = sorted(m for m in ids if not french.get(m))
    assert missing == [], f"translate in moocforge/i18n/fr.po: {missing[:10]}"
    for msgid in ids:
        assert catalogues.placeholders(french[msgid]) == catalogues.placeholders(msgid), msgid
        args = dict.fromkeys(catalogues.placeholders(msgid), 1)
        msgid.format(**args)  # literal braces are doubled, as str.format wants
        french[msgid].format(**args)  # the French text formats as the English one does


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    """The message and hint a call to an emitter gets as a literal or an f-string."""
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    if name not in EMITTERS:
        return []
    if name == "finding":
        given = call.args[1:2]
    elif name == "Diagnostic":
        given = [*call.args[2:3], *call.args[4:5]]
    else:  # ctx.error(code, message, loc, hint) or cursor.error(code, message, hint, *keys)
        cursor_style = len(call.args) > 2 and (_is_text(call.args[2]) or _is_msg(call.args[2]))
        given = call.args[1:2] + call.args[2:3] if cursor_style else call.args[1:2] + call.args[3:4]
    given += [k.value for k in call.keywords if k.arg in ("message", "hint")]
    return [node for node in given if _is_text(node)]


def _is_msg(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg"


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value != "")


def _sources() -> list[Path]:
    found: list[Path] = []
    for part in EMITTING:
        path = PACKAGE / part
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def test_every_rule_and_loader_diagnostic_is_a_translatable_message() -> None:
    raw = []
    for path in _sources():
        tree = ast.parse(path.read_text("utf-8"))
        raw += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for call in ast.walk(tree)
                if isinstance(call, ast.Call) for node in _text_arguments(call)]
    assert raw == [], "wrap these messages in msg() (moocforge.i18n): " + ", ".join(raw)


def test_a_message_is_its_english_text_and_prints_in_french() -> None:
    text = msg("week {number} ({id}) has no graded activity", number=2, id="variables")
    assert text == "week 2 (variables) has no graded activity"
    assert i18n.translate(text, "fr") == "la semaine 2 (variables) n'a aucune activité notée"
    assert i18n.translate(text, "en") == text
    # a message inside a message is translated too; a plain string is left as it is
    side = msg("under")
    assert "en dessous de" in i18n.translate(msg(
        "week {number} ({id}) has about {total} of work, {side} the {low}–{high} band (target "
        "{target} ± {tolerance:.0%})", number=1, id="w", total="61 min", side=side, low="90",
        high="150", target="120", tolerance=0.25), "fr")
    assert i18n.translate("not a message", "fr") == "not a message"
    # the parallel linters pickle diagnostics
    again = pickle.loads(pickle.dumps(text))
    assert i18n.translate(again, "fr") == i18n.translate(text, "fr")


@pytest.mark.parametrize(("option", "environ", "chosen"), [
    ("fr", {"LANG": "en_US.UTF-8"}, "fr"),
    (None, {"LANG": "fr_FR.UTF-8"}, "fr"),
    (None, {"LANGUAGE": "fr_CA:en", "LANG": "C.UTF-8"}, "fr"),
    (None, {"LC_ALL": "C"}, "en"),
    (None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_the_language_is_the_option_else_the_locale(option, environ, chosen) -> None:
    assert i18n.language(option, environ) == chosen


BROKEN = {
    "weeks/01-bienvenue/quiz-start.yml": """\
title: {fr: Démarrage, en: Getting started}
questions:
  - kind: single
    prompt: {fr: Combien ?, en: How many?}
    choices:
      - {text: {fr: Un, en: One}}
      - {text: {fr: Deux, en: Two}}
""",
}


def test_lint_lang_fr_prints_french_messages_and_plain_hints(make_course) -> None:
    root = make_course(BROKEN)
    english = runner.invoke(app, ["lint", str(root), "--no-media"])
    french = runner.invoke(app, ["lint", str(root), "--no-media", "--lang", "fr"])
    assert "single-choice question 'q1' of 'quiz-start' has 0 correct choices" in english.output
    # the label inside the sentence is translated too
    assert ("la question 'q1' de 'quiz-start' (single) a 0 choix corrects au lieu "
            "d'exactement un") in french.output
    assert "il manque à la semaine 1 (bienvenue) une activité notée (sommative)" in french.output
    assert "conseil : marquez exactement un choix 'correct: true', ou utilisez 'kind: multiple'" \
        in french.output
    assert re.search(r"^\d+ erreurs?, \d+ avertissements?, \d+ infos?$", french.output, re.M)
    assert re.search(r"^\d+ error\(s\), \d+ warning\(s\), \d+ info$", english.output, re.M)
    assert "le cours a 1 semaine(s) ; la cible est de 4 à 5" in french.output
    assert "`" not in english.output + french.output  # plain text in the terminal
    # machine formats carry the same language, with their code marks
    json_out = runner.invoke(app, ["lint", str(root), "--no-media", "--lang", "fr",
                                   "--format", "json"])
    assert "marquez exactement un choix `correct: true`" in json_out.output


def test_the_locale_chooses_french_and_an_unknown_language_is_refused(make_course,
                                                                      monkeypatch) -> None:
    root = make_course(BROKEN)
    monkeypatch.setenv("LANGUAGE", "fr_FR")
    assert "le cours a 1 semaine(s)" in runner.invoke(app, ["lint", str(root),
                                                            "--no-media"]).output
    refused = runner.invoke(app, ["lint", str(root), "--lang", "de"])
    assert refused.exit_code == 2 and "no messages in 'de'" in refused.output


def test_loader_diagnostics_are_french_too(make_course) -> None:
    root = make_course({"weeks/01-bienvenue/week.yml": "title: {fr: Bienvenue}\n"
                                                       "lessons: 3\n"})
    result = runner.invoke(app, ["validate", str(root), "--lang", "fr"])
    assert result.exit_code == 1
    assert "doit être" in result.output, result.output


QUIZ = "weeks/01-bienvenue/quiz-start.yml"
WEEK = "weeks/01-bienvenue/week.yml"


def test_a_missing_quiz_title_is_reported_in_the_quiz_file(make_course) -> None:
    from lint_helpers import findings

    quiz = (make_course() / QUIZ).read_text("utf-8")
    root = make_course({QUIZ: quiz.replace(", en: Getting-started quiz", "")},
                       name="untitled")
    [found] = [d for d in findings(root, "MF302") if "quiz quiz-start" in d.message]
    assert (found.loc.file, found.loc.line) == (QUIZ, 2), found
    # a title the week.yml entry gives (and overrides the quiz's) is reported there
    week = (root / WEEK).read_text("utf-8")
    (root / WEEK).write_text(week.replace("      - quiz: quiz-start.yml\n",
                                          "      - quiz: quiz-start.yml\n"
                                          "        title: {fr: Quiz de la semaine}\n"), "utf-8")
    [found] = [d for d in findings(root, "MF302") if "quiz quiz-start" in d.message]
    assert (found.loc.file, found.loc.line) == (WEEK, 14), found
