"""Output comparison and the message catalogue (no compiler needed)."""

from __future__ import annotations

import pytest

from moocforge.exercises.compare import compare, outputs_match
from moocforge.exercises.feedback import xml_safe
from moocforge.exercises.messages import MESSAGES, compile_error_text
from moocforge.exercises.toolchain import CompilerMessage, parse_gcc


@pytest.mark.parametrize(("mode", "expected", "actual", "equal"), [
    ("exact", "5\n", "5\n", True),
    ("exact", "5\n", "5", False),
    ("whitespace", "a  b\n\n", "a b", True),
    ("whitespace", "a b\n", "ab\n", False),
    ("numeric", "x = 3.14159\n", "x = 3.1416\n", True),
    ("numeric", "x = 3.2\n", "x = 3.1\n", False),
    ("numeric", "1 2\n", "1 2 3\n", False),
])
def test_modes(mode, expected, actual, equal):
    assert outputs_match(expected, actual, mode, tolerance=0.001) is equal


def test_differences_are_described():
    wrong = compare("1\n2\n3\n", "1\n5\n3\n")
    assert (wrong.kind, wrong.line, wrong.expected_line, wrong.actual_line) == ("wrong", 2, "2",
                                                                                 "5")
    assert compare("1\n2\n", "1\n").kind == "missing"
    assert compare("1\n", "1\n2\n").kind == "extra"
    assert compare("1\n", "").kind == "empty"
    assert compare("5\n", "5").near_miss == "whitespace"
    assert compare("Hello\n", "hello\n").near_miss == "case"
    assert any(line.startswith("-2") for line in wrong.diff)


def test_every_message_exists_in_french_and_english():
    for key, entry in MESSAGES.items():
        assert set(entry) >= {"fr", "en"}, key


def test_gcc_errors_become_friendly_sentences():
    source = "int main(void) {\n    int n\n    n = 1;\n    return x;\n}\n"
    raw = ("main.c:3:5: error: expected '=', ',', ';', 'asm' or '__attribute__' before 'n'\n"
           "main.c:4:12: error: 'x' undeclared (first use in this function)\n")
    first, second = parse_gcc(raw, source)
    assert compile_error_text(first, "c", "en", source) == (
        "A semicolon “;” is probably missing at the end of line 2.")
    assert "« x » n'est pas déclaré" in compile_error_text(second, "c", "fr", source)
    link = CompilerMessage("linker", "undefined reference to `main'")
    assert "no main function" in compile_error_text(link, "c", "en")


def test_xml_safe_replaces_control_characters():
    assert xml_safe("a\x00b\x1bc\n") == "a\ufffdb\ufffdc\n"
