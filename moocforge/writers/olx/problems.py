"""Quizzes and code exercises → CAPA `<problem>` blocks.

One quiz is one problem holding one response per question (so analytics sees one block per
item). What CAPA cannot say is reported as a loss:

- per-question weights (CAPA scores each response 1 point; only the problem has a weight);
- a question-level "wrong answer" feedback on multiple-select, numeric and dropdown-less
  questions: it is added to the question's explanation instead;
- hints belong to the whole problem (`<demandhint>`), so in a quiz of several questions each
  hint is prefixed with its question number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from lxml import etree

from moocforge.i18n.numbers import decimal_symbol, format_decimal
from moocforge.model import Exercise, Question, Quiz
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import (
    append_html,
    element,
    number,
    plain_text,
    set_leading_text,
    sub,
)

# CodeMirror modes Open edX ships for the `<textbox mode>` of an exercise.
CODE_MODES = {"c": "text/x-csrc", "python": "python"}
_BACKWARD_OR = re.compile("_(o)(r)_", re.IGNORECASE)
# CAPA joins a dropdown's options as "('a','b')" and splits them again (OptionInput
# parse_options): only a ' between two ASCII letters survives, and a backslash before the
# closing quote escapes it.
CAPA_OPTION_QUOTE = re.compile(r"(?<![a-zA-Z])'|'(?![a-zA-Z])|\\'|\\$")


def quiz_problem(b: Build, quiz: Quiz, weight: str | None) -> etree._Element:
    problem = element("problem", {
        "display_name": b.t(quiz.title),
        "max_attempts": str(quiz.max_attempts) if quiz.max_attempts else None,
        "weight": weight,
        "showanswer": quiz.showanswer,
    })
    odd = [q for q in quiz.questions if q.weight != quiz.questions[0].weight]
    if odd:
        weights = ", ".join(sorted({number(q.weight) for q in quiz.questions}))
        b.loss("MF503", f"quiz '{quiz.id}': per-question weights ({weights}) cannot be "
               "expressed in one Open edX problem; every question counts the same",
               odd[0].loc, "give the questions equal weights, or split the quiz", quiz)
    if quiz.intro is not None and b.t(quiz.intro).strip():
        intro = sub(problem, "div", attrs={"class": "mf-intro"})
        append_html(intro, b.text_md(b.t(quiz.intro), quiz.file))
    hints: list[str] = []
    for number_, question in enumerate(quiz.questions, start=1):
        QUESTION_WRITERS[question.kind](b, quiz, question, problem)
        prefix = f"Q{number_}. " if len(quiz.questions) > 1 else ""
        hints.extend(prefix + b.t(hint) for hint in question.hints if b.t(hint).strip())
    if hints:
        demand = sub(problem, "demandhint")
        for hint in hints:
            _inline(b, quiz, sub(demand, "hint"), hint)
    return problem


def problem_weight(points: float, counted: bool, in_graded_sequential: bool) -> str | None:
    """A graded item keeps its points; a formative one in a graded subsection counts 0."""
    if counted:
        return number(points)
    return "0" if in_graded_sequential else None


# --------------------------------------------------------------------------- questions


def _label(b: Build, quiz: Quiz, question: Question, response: etree._Element) -> None:
    label = sub(response, "label")
    _inline(b, quiz, label, b.t(question.prompt))


def _solution(b: Build, quiz: Quiz, question: Question, response: etree._Element,
              extra: list[str] | None = None) -> None:
    texts = [b.t(question.explanation)] if question.explanation is not None else []
    texts += extra or []
    texts = [t for t in texts if t.strip()]
    if not texts:
        return
    detail = sub(sub(response, "solution"), "div", attrs={"class": "detailed-solution"})
    for text in texts:
        append_html(detail, b.text_md(text, quiz.file))


def _inline(b: Build, quiz: Quiz, parent: etree._Element, text: str) -> None:
    """Append one line of quiz Markdown (a choice, a hint, feedback) without its paragraph."""
    append_html(parent, b.text_md(text, quiz.file), inline=True)


def _feedback(b: Build, quiz: Quiz, question: Question, correct: bool,
              own: str) -> str:
    """A choice's own feedback, else the question's correct/wrong feedback."""
    if own.strip():
        return own
    general = question.feedback_correct if correct else question.feedback_wrong
    return b.t(general) if general is not None else ""


def single(b: Build, quiz: Quiz, question: Question, problem: etree._Element) -> None:
    response = sub(problem, "multiplechoiceresponse")
    _label(b, quiz, question, response)
    group = sub(response, "choicegroup", attrs={"type": "MultipleChoice"})
    for choice in question.choices:
        node = sub(group, "choice", attrs={"correct": "true" if choice.correct else "false"})
        _inline(b, quiz, node, b.t(choice.text))
        feedback = _feedback(b, quiz, question, choice.correct, b.t(choice.feedback))
        if feedback:
            _inline(b, quiz, sub(node, "choicehint"), feedback)
    _solution(b, quiz, question, response)


def multiple(b: Build, quiz: Quiz, question: Question, problem: etree._Element) -> None:
    response = sub(problem, "choiceresponse")
    _label(b, quiz, question, response)
    group = sub(response, "checkboxgroup")
    for choice in question.choices:
        node = sub(group, "choice", attrs={"correct": "true" if choice.correct else "false"})
        _inline(b, quiz, node, b.t(choice.text))
        if choice.feedback is not None and b.t(choice.feedback).strip():
            hint = sub(node, "choicehint", attrs={"selected": "true"})
            _inline(b, quiz, hint, b.t(choice.feedback))
    if question.feedback_correct is not None and b.t(question.feedback_correct).strip():
        letters = " ".join(chr(ord("A") + i) for i, c in enumerate(question.choices)
                           if c.correct)
        if letters and len(question.choices) <= 26:
            hint = sub(group, "compoundhint", attrs={"value": letters})
            _inline(b, quiz, hint, b.t(question.feedback_correct))
    _solution(b, quiz, question, response, _wrong_feedback_fallback(b, quiz, question))


def dropdown(b: Build, quiz: Quiz, question: Question, problem: etree._Element) -> None:
    response = sub(problem, "optionresponse")
    _label(b, quiz, question, response)
    group = sub(response, "optioninput")
    correct_seen = False
    for choice in question.choices:
        text, dropped = plain_text(b.text_md(b.t(choice.text), quiz.file))
        if CAPA_OPTION_QUOTE.search(text):
            b.loss("MF509", f"quiz '{quiz.id}' question '{question.id}': Open edX cannot show "
                   f"or grade the dropdown option '{text}': its engine reads the options as "
                   "a quoted list, where a ' not between two letters, or a final \\, ends "
                   "an option", choice.loc, "write the apostrophe as ’, or rephrase the "
                   "option", quiz,
                   "error")
        if dropped:
            b.loss("MF508", f"quiz '{quiz.id}' question '{question.id}': a dropdown option is "
                   f"plain text on Open edX; '{b.t(choice.text)}' is shown as '{text}'",
                   choice.loc, "write the option without Markdown formatting, or put code "
                   "in `backticks`", quiz)
        is_correct = choice.correct and not correct_seen
        if choice.correct and correct_seen:
            b.loss("MF505", f"quiz '{quiz.id}' question '{question.id}': a dropdown has one "
                   f"correct option on Open edX; '{text}' is marked wrong there", choice.loc,
                   "use a multiple-choice question for several right answers", quiz)
        correct_seen = correct_seen or choice.correct
        node = sub(group, "option", text, {"correct": "True" if is_correct else "False"})
        feedback = _feedback(b, quiz, question, is_correct, b.t(choice.feedback))
        if feedback:
            _inline(b, quiz, sub(node, "optionhint"), feedback)
    _solution(b, quiz, question, response)


def numeric(b: Build, quiz: Quiz, question: Question, problem: etree._Element) -> None:
    _decimal_comma_loss(b, quiz, question)
    response = sub(problem, "numericalresponse", attrs={"answer": number(question.answer or 0)})
    _label(b, quiz, question, response)
    if question.tolerance is not None:
        tolerance = number(question.tolerance) + ("%" if question.tolerance_pct else "")
        sub(response, "responseparam", attrs={"type": "tolerance", "default": tolerance})
    sub(response, "formulaequationinput")
    _correct_hint(b, quiz, question, response)
    _solution(b, quiz, question, response, _wrong_feedback_fallback(b, quiz, question))


def _decimal_comma_loss(b: Build, quiz: Quiz, question: Question) -> None:
    """CAPA evaluates a numeric answer as a formula, where `3,5` is a syntax error: learners
    of a language with a decimal comma must type a point."""
    answer, tolerance = question.answer or 0.0, question.tolerance or 0.0
    whole_tolerance = tolerance == 0 or (tolerance == int(tolerance) and not question.tolerance_pct)
    if decimal_symbol(b.lang) == "." or (answer == int(answer) and whole_tolerance):
        return
    b.loss("MF518", f"quiz '{quiz.id}' question '{question.id}': Open edX reads numeric "
           f"answers with a decimal point only; a learner of the {b.lang} package who types "
           f"{format_decimal(question.answer or 0, b.lang)} is told the syntax is invalid",
           question.loc, "say in the prompt to write the number with a point "
           f"({number(question.answer or 0)})", quiz)


def text(b: Build, quiz: Quiz, question: Question, problem: etree._Element) -> None:
    answers = [a for a in question.accepted.get_lang(b.lang) if a.strip()]
    regexp = question.match == "regex"
    flags = {"exact": "cs", "ci": "ci", "regex": "regexp"}[question.match]
    if regexp:
        # CAPA joins answers as "^a|b$" (wrong precedence): give it one grouped pattern.
        main, extra = "(?:" + "|".join(f"(?:{a})" for a in answers) + ")", []
        main = _defuse_or(main)
    else:
        plain = [a for a in answers if not _BACKWARD_OR.search(a) and "$" not in a]
        if len(plain) == len(answers):
            main, extra = answers[0], answers[1:]
        else:
            # "_or_" (legacy separator) or "$name" (variable) would be rewritten by CAPA.
            flags = "regexp" + (" ci" if question.match == "ci" else "")
            main = "(?:" + "|".join(_literal_regex(a) for a in answers) + ")"
            extra = []
    response = sub(problem, "stringresponse", attrs={"answer": main, "type": flags})
    _label(b, quiz, question, response)
    correct = b.t(question.feedback_correct) if question.feedback_correct is not None else ""
    if correct.strip():
        _inline(b, quiz, sub(response, "correcthint"), correct)
    for answer in extra:
        node = sub(response, "additional_answer", attrs={"answer": answer})
        if correct.strip():
            _inline(b, quiz, sub(node, "correcthint"), correct)
    wrong = b.t(question.feedback_wrong) if question.feedback_wrong is not None else ""
    if wrong.strip():
        # Checked only once the answer is known to be wrong: a catch-all wrong feedback.
        hint = sub(response, "regexphint", attrs={"answer": ".*"})
        _inline(b, quiz, hint, wrong)
    sub(response, "textline", attrs={"size": "40"})
    _solution(b, quiz, question, response)


def _literal_regex(answer: str) -> str:
    return "(?:" + _defuse_or(re.escape(answer).replace("\\$", "\\x24")) + ")"


def _defuse_or(pattern: str) -> str:
    """Spell the `o` of `_or_` as an escape: CAPA splits answers on a literal `_or_`."""
    return _BACKWARD_OR.sub(lambda m: f"_\\x{ord(m.group(1)):02x}{m.group(2)}_", pattern)


def _correct_hint(b: Build, quiz: Quiz, question: Question, response: etree._Element) -> None:
    if question.feedback_correct is not None and b.t(question.feedback_correct).strip():
        _inline(b, quiz, sub(response, "correcthint"), b.t(question.feedback_correct))


def _wrong_feedback_fallback(b: Build, quiz: Quiz, question: Question) -> list[str]:
    if question.feedback_wrong is None or not b.t(question.feedback_wrong).strip():
        return []
    b.loss("MF504", f"quiz '{quiz.id}' question '{question.id}': Open edX has no general "
           f"wrong-answer feedback for {question.kind} questions; it is shown with the "
           "explanation instead", question.loc,
           "give per-choice feedback instead" if question.kind == "multiple" else "", quiz)
    return [b.t(question.feedback_wrong)]


QUESTION_WRITERS: dict[str, Callable[[Build, Quiz, Question, etree._Element], None]] = {
    "single": single, "multiple": multiple, "dropdown": dropdown, "numeric": numeric,
    "text": text,
}


# --------------------------------------------------------------------------- exercises


def exercise_problem(b: Build, exercise: Exercise, weight: str | None) -> etree._Element:
    """An external-grader problem: statement, code box, and the payload the grader reads."""
    problem = element("problem", {"display_name": b.t(exercise.title), "weight": weight,
                                  "showanswer": "finished"})
    statement_file = f"{exercise.dir}/exercise.yml"
    statement = sub(problem, "div", attrs={"class": "mf-statement"})
    append_html(statement, b.text_md(b.t(exercise.statement), statement_file))
    response = sub(problem, "coderesponse", attrs={"queuename": b.settings.queue})
    set_leading_text(sub(response, "label"), b.t(exercise.title))
    sub(response, "textbox", attrs={
        "rows": "20", "cols": "80", "mode": CODE_MODES.get(exercise.language, "text/plain"),
        "tabsize": "4"})
    param = sub(response, "codeparam")
    sub(param, "initial_display", exercise.starter)
    sub(param, "answer_display", exercise.solution)
    payload = {"course": b.course.id, "exercise": exercise.id, "lang": b.lang,
               "language": exercise.language, "tests": [t.name for t in exercise.tests]}
    sub(param, "grader_payload", json.dumps(payload, sort_keys=True, ensure_ascii=False))
    return problem
