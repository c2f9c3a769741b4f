"""The unsafe-html rule (MF304): script in reading bodies, the one place raw HTML is kept."""

from __future__ import annotations

import inspect
import re

from lint_helpers import findings

from moocforge.rules import unsafe_html

READING = "weeks/01-bienvenue/intro.md"


def example(kind: str) -> str:
    """The Markdown of the rule's documented Passes/Fails example."""
    doc = inspect.getdoc(unsafe_html)
    return re.search(rf"\*\*{kind}:\*\*\n\n```markdown\n(.*?)```", doc, re.DOTALL).group(1)


def lint_reading(make_course, body: str, english: str = "# Welcome\n", **options):
    root = make_course({READING: body, READING.replace(".md", ".en.md"): english})
    return lint_with(root, **options)


def lint_with(root, **options):
    return findings(root, "MF304", overrides={"unsafe-html": options} if options else None)


def test_documented_passing_example_passes(make_course):
    assert lint_reading(make_course, example("Passes")) == []


def test_documented_failing_example_fails_once_per_problem(make_course):
    found = lint_reading(make_course, example("Fails"))
    assert [(str(d.loc), d.severity) for d in found] == [
        (f"{READING}:2:1", "warning"), (f"{READING}:3:1", "warning"),
        (f"{READING}:4:1", "warning")]
    assert "<script>" in found[0].message
    assert "onload" in found[1].message and "remove the onload attribute" in found[1].hint
    assert "javascript:run()" in found[2].message
    assert {d.item for d in found} == {"intro"} and {d.rule for d in found} == {"unsafe-html"}


def test_both_languages_are_checked(make_course):
    found = lint_reading(make_course, "# Bienvenue\n", "# Welcome\n\n<b onclick=x()>b</b>\n")
    assert [str(d.loc) for d in found] == ["weeks/01-bienvenue/intro.en.md:3:1"]


def test_code_comments_and_plain_html_are_not_reported(make_course):
    body = ("# Code\n\n```html\n<script>alert(1)</script>\n```\n\n"
            "Write `<a href=\"javascript:x()\">` to see why not.\n\n"
            "<!-- <script src=old.js></script> -->\n\n"
            '<div class="note" title="onclick=is text">A <b>bold</b> word, an '
            '<img src="data:image/png;base64,AAAA" alt="dot">.</div>\n\n'
            "[A page](https://example.org/javascript:guide)\n")
    assert lint_reading(make_course, body) == []


def test_obfuscated_urls_and_every_url_attribute(make_course):
    body = ("# Links\n\n[one](java&#x73;cript:alert(1))\n\n"
            '<a href=" JaVaScRiPt:alert(2)">two</a>\n\n'
            '<form action="vbscript:msgbox(3)"></form>\n\n'
            "[four]: data:text/html;base64,PHNjcmlwdD4=\n\n"
            '<button formaction="javascript:go()">five</button>\n')
    found = lint_reading(make_course, body)
    assert [d.loc.line for d in found] == [3, 5, 7, 9, 11]


def test_each_kind_can_be_allowed(make_course):
    root = make_course({READING: example("Fails")})
    kinds = {"allow_scripts": "<script>", "allow_handlers": "onload",
             "allow_javascript_urls": "javascript:"}
    for option, word in kinds.items():
        found = lint_with(root, **{option: True})
        assert len(found) == 2 and not any(word in d.message for d in found), option
    assert lint_with(root, allow_scripts=True, allow_handlers=True,
                     allow_javascript_urls=True) == []


def test_only_reading_bodies_are_checked(make_course):
    quiz = (make_course().joinpath("weeks/01-bienvenue/quiz-start.yml")
            .read_text("utf-8").replace("{fr: Plusieurs, en: Several}",
                                        "'<script>alert(1)</script>'"))
    root = make_course({"weeks/01-bienvenue/quiz-start.yml": quiz}, name="other")
    assert findings(root, "MF304") == []  # shown as text on the site and in the kit
