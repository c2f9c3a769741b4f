"""The quiz widget: server-rendered, accessible forms plus the quiz data as JSON.

The forms work with the keyboard and carry labels; `mf-quiz.js` (themes/) reads the JSON and
checks answers in the browser with no network. Each language's page carries that language's
key: its text answers, and its decimal separator for numbers (`3,5` is 3.5 on a French page).
With `answers=False` the JSON holds no key (no correct flags, values, accepted answers,
per-choice feedback or explanation) and the widget says that checking is unavailable.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from moocforge.diagnostics import Diagnostic
from moocforge.i18n.numbers import decimal_symbol
from moocforge.model import Question, Quiz
from moocforge.writers.site.html import E, plain, render_inline, render_md, to_html, with_html
from moocforge.writers.site.rawblocks import note
from moocforge.writers.site.strings import Texts
from moocforge.writers.site.typography import for_language, html_spaces, tree_spaces

_JS_UNSAFE_REGEX = re.compile(r"\(\?P[=>]|\\[AZz]|\(\?[aLmsux]+\)|\(\?#|\(\?[imsx]*-")
_INLINE_FLAGS = re.compile(r"^\(\?([i]+)\)")


def js_regex(pattern: str) -> tuple[str, str]:
    """A Python regex as (JavaScript source, flags): `(?P<n>` → `(?<n>`, leading `(?i)` → i."""
    flags = ""
    match = _INLINE_FLAGS.match(pattern)
    if match:
        flags, pattern = "i", pattern[match.end():]
    return pattern.replace("(?P<", "(?<"), flags


def regex_problems(quiz: Quiz) -> list[Diagnostic]:
    """MF607: text answers whose regex uses Python-only syntax the browser cannot run."""
    found = []
    for question in quiz.questions:
        if question.kind != "text" or question.match != "regex":
            continue
        for pattern in question.accepted.every():
            if _JS_UNSAFE_REGEX.search(js_regex(pattern)[0]):
                found.append(Diagnostic(
                    "MF607", "warning", f"regex {pattern!r} uses Python-only syntax; the site's "
                    "quiz widget (JavaScript) cannot check it", question.loc,
                    "use syntax common to Python and JavaScript (no \\A, \\Z, (?P=…), "
                    "inline flags other than a leading (?i))", rule="site", item=quiz.id))
    return found


_BLOCKS: dict[tuple[object, ...], str] = {}  # (quiz, lang, strings, answers) -> HTML

# Strings mf-quiz.js shows, from the site's Texts.
_JS_STRINGS = ("check", "hint", "correct", "wrong", "partly", "no_more_attempts",
               "explanation", "answer_required", "not_a_number", "no_answers", "score_done")
_NOT_CONTENT = {"data-search-exclude": "1"}


def quiz_block(quiz: Quiz, lang: str, s: Texts, answers: bool) -> str:
    """The widget's HTML, memoised on the quiz's value: a preview rebuild after an edit
    elsewhere reuses every unchanged quiz (models are immutable and compare by value)."""
    key = (quiz, lang, tuple(sorted(s.items())), answers)
    if key not in _BLOCKS:
        if len(_BLOCKS) > 4096:
            _BLOCKS.clear()
        _BLOCKS[key] = _quiz_block(quiz, lang, s, answers)
    note(_BLOCKS[key])  # as `to_html` notes it when it is made
    return _BLOCKS[key]


def _quiz_block(quiz: Quiz, lang: str, s: Texts, answers: bool) -> str:
    root = E.DIV(E.CLASS("mf-quiz"), **{"data-quiz": quiz.url_name, "data-item": quiz.id})
    data: dict[str, Any] = {
        "id": quiz.url_name,
        "item": quiz.id,
        "answers": answers,
        "maxAttempts": quiz.max_attempts,
        "strings": {**s.js(*_JS_STRINGS), "attempts": s.label("attempts"),
                    "score": s.label("score")},
        "questions": {},
    }
    for number, question in enumerate(quiz.questions, start=1):
        qid = f"{quiz.url_name}-{_safe(question.id) or number}"
        root.append(_question_form(question, qid, number, len(quiz.questions), lang, s))
        data["questions"][qid] = _question_data(question, lang, answers)
    if answers:
        root.append(E.P(E.CLASS("mf-score"), role="status", hidden="hidden", **_NOT_CONTENT))
    script = E.SCRIPT(type="application/json")
    script.set("class", "mf-quiz-data")
    # "</" would close the script element early.
    script.text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    root.insert(0, script)
    return to_html(root)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")


def _question_form(question: Question, qid: str, number: int, total: int, lang: str,
                   s: Texts) -> etree._Element:
    prompt_id = f"{qid}-prompt"
    heading = E.H2(E.CLASS("mf-qnum"), f"{s['question']} {number}/{total}", **_NOT_CONTENT)
    prompt = _html(E.DIV(E.CLASS("mf-prompt"), id=prompt_id),
                   render_md(question.prompt.get_lang(lang)), lang)
    # A fieldset: disabling it once the question is over makes every input read-only.
    group = E.FIELDSET(E.CLASS("mf-answer"), **{"aria-labelledby": prompt_id})
    group.extend(_inputs(question, qid, lang, s))
    actions = E.DIV(E.CLASS("mf-actions"),
                    E.BUTTON(s["check"], E.CLASS("mf-check md-button md-button--primary"),
                             type="submit"), **_NOT_CONTENT)
    if question.hints:
        actions.append(E.BUTTON(s["hint"], E.CLASS("mf-hint-btn md-button"), type="button",
                                **{"aria-controls": f"{qid}-hints"}))
    actions.append(E.SPAN(E.CLASS("mf-attempts")))
    form = E.FORM(
        E.CLASS("mf-question"), heading, prompt, group, actions,
        E.DIV(E.CLASS("mf-hints"), id=f"{qid}-hints", **{"aria-live": "polite"}),
        E.DIV(E.CLASS("mf-feedback"), role="status", tabindex="-1",
              **{"aria-live": "polite"}, **_NOT_CONTENT),
        E.DIV(E.CLASS("mf-explanation"), hidden="hidden", tabindex="-1"),
        id=qid, novalidate="novalidate", **{"data-qid": qid, "data-kind": question.kind},
    )
    return form


def _inputs(question: Question, qid: str, lang: str, s: Texts) -> list[Any]:
    if question.kind in ("single", "multiple"):
        kind = "radio" if question.kind == "single" else "checkbox"
        rows = []
        for index, choice in enumerate(question.choices):
            cid = f"{qid}-c{index}"
            label = _html(E.LABEL(**{"for": cid}), render_inline(choice.text.get_lang(lang)),
                          lang)
            rows.append(E.DIV(E.CLASS("mf-choice"),
                              E.INPUT(type=kind, name=qid, id=cid, value=str(index),
                                      **{"aria-describedby": f"{cid}-feedback"}),
                              label,
                              E.DIV(E.CLASS("mf-choice-feedback"), id=f"{cid}-feedback",
                                    hidden="hidden")))
        return rows
    if question.kind == "dropdown":
        select = E.SELECT(E.OPTION("—", value=""), id=f"{qid}-input", name=qid)
        for index, choice in enumerate(question.choices):
            select.append(E.OPTION(for_language(plain(choice.text.get_lang(lang)), lang),
                                   value=str(index)))
        return [E.LABEL(s["choose"], E.CLASS("mf-caption"), **{"for": f"{qid}-input"}), select]
    caption = s["your_number"] if question.kind == "numeric" else s["your_answer"]
    field = E.INPUT(type="text", id=f"{qid}-input", name=qid, autocomplete="off",
                    spellcheck="false")
    if question.kind == "numeric":
        field.set("inputmode", "decimal")
    return [E.LABEL(caption, E.CLASS("mf-caption"), **{"for": f"{qid}-input"}), field]


def _html(element: etree._Element, fragment: str, lang: str) -> etree._Element:
    with_html(element, fragment)
    return tree_spaces(element) if lang == "fr" else element


def _md(text: str, lang: str) -> str:
    html = render_md(text)
    return html_spaces(html) if lang == "fr" else html


def _inline_md(text: str, lang: str) -> str:
    html = render_inline(text)
    return html_spaces(html) if lang == "fr" else html


def _question_data(question: Question, lang: str, answers: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": question.kind, "weight": question.weight,
                            "hints": [_md(h.get_lang(lang), lang) for h in question.hints]}
    if not answers:
        return data
    if question.kind in ("single", "multiple", "dropdown"):
        data["choices"] = [{"correct": c.correct,
                            "feedback": _inline_md(c.feedback.get_lang(lang), lang)
                            if c.feedback else ""} for c in question.choices]
    elif question.kind == "numeric":
        data.update(answer=question.answer, tolerance=question.tolerance or 0.0,
                    percent=question.tolerance_pct, decimal=decimal_symbol(lang))
    else:
        accepted = question.accepted.get_lang(lang)
        if question.match == "regex":
            data["answers"] = [list(js_regex(a)) for a in accepted]
        else:
            data["answers"] = list(accepted)
        data["match"] = question.match
    data["explanation"] = _md(question.explanation.get_lang(lang), lang) \
        if question.explanation else ""
    data["feedbackCorrect"] = _inline_md(question.feedback_correct.get_lang(lang), lang) \
        if question.feedback_correct else ""
    data["feedbackWrong"] = _inline_md(question.feedback_wrong.get_lang(lang), lang) \
        if question.feedback_wrong else ""
    return data
