"""Quizzes as structured JSON in Coursera's question vocabulary, plus a printable page.

Mapping (Coursera question types from its research exports: mcq, checkbox, single numeric,
text exact match, regex):

- single → "multiple choice"; multiple → "checkbox";
- dropdown → "multiple choice" (Coursera has no dropdown; reported as a loss, MF550);
- numeric → "numeric" with an accepted range [answer − tolerance, answer + tolerance]
  (a percentage tolerance is turned into an absolute one);
- text, case-insensitive → "text match"; text, exact (case-sensitive) → "regex" with the
  anchored, escaped answer (so case sensitivity survives whatever "text match" does);
  text, regex → "regex".

Each JSON question also keeps its source fields (`source_kind`, `match`, `answers`,
`tolerance`…) so the file round-trips to the model.
"""

from __future__ import annotations

import re
from typing import Any

from moocforge.model import I18nText, Question, Quiz
from moocforge.writers.coursera.html import E, append_markup, div, page, serialize
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import Placed, item_type

FORMAT = "moocforge-coursera-quiz/1"
COURSERA_TYPE = {"single": "multiple choice", "multiple": "checkbox",
                 "dropdown": "multiple choice", "numeric": "numeric"}


def coursera_question_type(question: Question) -> str:
    if question.kind == "text":
        return "text match" if question.match == "ci" else "regex"
    return COURSERA_TYPE[question.kind]


def numeric_range(question: Question) -> tuple[float, float]:
    answer = question.answer or 0.0
    tolerance = question.tolerance or 0.0
    if question.tolerance_pct:
        tolerance = abs(answer) * tolerance / 100
    return round(answer - abs(tolerance), 10), round(answer + abs(tolerance), 10)


def coursera_answers(question: Question, lang: str) -> list[str]:
    """What to type in Coursera's answer fields for a text question, in the kit's language."""
    answers = question.accepted.get_lang(lang)
    if question.match == "exact":
        return [f"^{re.escape(answer)}$" for answer in answers]
    return list(answers)


class QuizExport:
    """Builds the JSON data and the printable page of one quiz in one language."""

    def __init__(self, kit: Kit, placed: Placed, quiz: Quiz) -> None:
        self.kit, self.placed, self.quiz, self.lang = kit, placed, quiz, kit.lang

    def text(self, value: I18nText | None) -> dict[str, Any] | None:
        if value is None:
            return None
        markdown = value.get_lang(self.lang)
        html = self.kit.render_text(self.placed, markdown, self.quiz.file, self.quiz.loc)
        return {"markdown": markdown, "html": html}

    def data(self) -> dict[str, Any]:
        quiz = self.quiz
        return {
            "format": FORMAT,
            "id": quiz.id,
            "language": self.lang,
            "title": quiz.title.get_lang(self.lang),
            "item_type": item_type(quiz),
            "graded": quiz.graded,
            "assignment_type": quiz.assignment_type,
            "max_attempts": quiz.max_attempts,
            "show_answer": quiz.showanswer,
            "objectives": list(quiz.objectives),
            "intro": self.text(quiz.intro),
            "questions": [self.question(q) for q in quiz.questions],
        }

    def question(self, question: Question) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": question.id,
            "type": coursera_question_type(question),
            "source_kind": question.kind,
            "points": question.weight,
            "prompt": self.text(question.prompt),
        }
        if question.kind in ("single", "multiple", "dropdown"):
            data["options"] = [
                {"text": self.text(choice.text), "correct": choice.correct,
                 "feedback": self.text(choice.feedback)}
                for choice in question.choices
            ]
            if question.kind == "dropdown":
                data["converted_from"] = "dropdown"
        elif question.kind == "numeric":
            low, high = numeric_range(question)
            data.update(answer=question.answer, tolerance=question.tolerance,
                        tolerance_pct=question.tolerance_pct, range={"min": low, "max": high})
        else:
            data.update(match=question.match,
                        answers=list(question.accepted.get_lang(self.lang)),
                        coursera_answers=coursera_answers(question, self.lang),
                        case_sensitive=question.match != "ci",
                        samples=list(question.samples.get_lang(self.lang)))
        data.update(
            feedback_correct=self.text(question.feedback_correct),
            feedback_wrong=self.text(question.feedback_wrong),
            explanation=self.text(question.explanation),
            hints=[self.text(hint) for hint in question.hints],
        )
        return data


def quiz_page(data: dict[str, Any]) -> bytes:
    """A printable quiz: the questions as learners see them, then an answer key."""
    document, body = page(data["title"], data["language"])
    body.append(E.H1(data["title"]))
    attempts = data["max_attempts"] or "unlimited"
    body.append(E.P(f"{data['item_type']} · {len(data['questions'])} question(s) · "
                    f"attempts in the source: {attempts}", E.CLASS("meta")))
    if data["intro"]:
        body.append(div(data["intro"]["html"]))
    questions = E.OL()
    for question in data["questions"]:
        questions.append(_question_item(question))
    body.append(questions)
    key = E.DIV(E.H2("Answer key"), E.CLASS("answer-key"))
    answers = E.OL()
    for question in data["questions"]:
        answers.append(_answer_item(question))
    key.append(answers)
    body.append(key)
    return serialize(document)


def _question_item(question: dict[str, Any]) -> object:
    item = E.LI(div(question["prompt"]["html"]))
    item.append(E.P(f"{question['type']} · {question['points']:g} point(s)", E.CLASS("meta")))
    if "options" in question:
        marker = "☐ " if question["type"] == "checkbox" else "○ "
        options = E.UL(style="list-style: none")
        for option in question["options"]:
            options.append(append_markup(E.LI(marker), option["text"]["html"]))
        item.append(options)
    else:
        item.append(E.P("Answer: ______________________"))
    return item


def _answer_item(question: dict[str, Any]) -> object:
    item = E.LI()
    if "options" in question:
        options = E.UL()
        for option in question["options"]:
            entry = E.LI(E.CLASS("correct") if option["correct"] else E.CLASS("wrong"))
            entry.append(E.STRONG("✔ correct: " if option["correct"] else "✘ wrong: "))
            append_markup(entry, option["text"]["html"])
            if option["feedback"]:
                entry.append(div(option["feedback"]["html"], **{"class": "meta"}))
            options.append(entry)
        item.append(options)
    elif question["type"] == "numeric":
        rng = question["range"]
        item.append(E.P(f"{question['answer']:g} (accepted from {rng['min']:g} to "
                        f"{rng['max']:g})", E.CLASS("correct")))
    else:
        item.append(E.P("Accepted (" + question["type"] + "): ",
                        E.CODE(" | ".join(question["coursera_answers"])), E.CLASS("correct")))
    for key, label in (("feedback_correct", "Feedback when right"),
                       ("feedback_wrong", "Feedback when wrong"),
                       ("explanation", "Explanation")):
        if question[key]:
            item.append(E.DIV(E.STRONG(label + ": "), div(question[key]["html"])))
    for hint in question["hints"]:
        item.append(E.DIV(E.STRONG("Hint (not available on Coursera): "), div(hint["html"])))
    return item
