"""`- {quiz: q.yml}`: the questions of a quiz file."""

from __future__ import annotations

import math

from moocforge.i18n import msg
from moocforge.i18n.numbers import decimal_symbol, parse_number
from moocforge.load.cursor import LANG_CODE, Cursor
from moocforge.load.items.common import Entry, common, item_id, item_title, key_locs
from moocforge.model import Answers, Choice, Question, Quiz


def read(entry: Entry) -> Quiz:
    own = entry.own_file("quiz", "quiz")
    iid = item_id(entry, entry.ref("quiz"), own)
    title = item_title(entry, own.text("title"), iid)
    fields = common(entry, iid, title, own)
    questions = tuple(question(q, index) for index, q in own.items("questions")
                      if isinstance(q.get("kind"), str))
    max_attempts = own.integer("max_attempts", 0) or None
    return Quiz(**fields, file=own.file, key_locs=key_locs(own, entry), intro=own.opt_text("intro"),
                questions=questions, max_attempts=max_attempts,
                showanswer=own.string("showanswer", "finished"))


def question(q: Cursor, index: int) -> Question:
    choices = tuple(
        Choice(text=c.text("text"), correct=bool(c.get("correct", False)),
               feedback=c.opt_text("feedback"), loc=c.loc())
        for _, c in q.items("choices"))
    tolerance, percent = _tolerance(q)
    hints = q.get("hints")
    return Question(
        id=q.string("id") or f"q{index + 1}", kind=q.string("kind"),  # type: ignore[arg-type]
        prompt=q.text("prompt"), choices=choices, answer=_numeric_answer(q),
        tolerance=tolerance, tolerance_pct=percent, accepted=_answers(q, "answers"),
        match=q.string("match", "ci"),  # type: ignore[arg-type]
        samples=_answers(q, "samples"),
        hints=tuple(q.at("hints", i).text() for i in range(len(hints)))
        if isinstance(hints, list) else (),
        explanation=q.opt_text("explanation"),
        feedback_correct=q.opt_text("correct_feedback"),
        feedback_wrong=q.opt_text("wrong_feedback"),
        weight=q.number("weight", 1.0) or 0.0,
        loc=q.loc())


def _answers(q: Cursor, key: str) -> Answers:
    """`answers: [gcc]` (every language) or `answers: {fr: [calcaire], en: [limestone]}`."""
    value = q.get(key)
    lang = q.ctx.default_lang
    if isinstance(value, list):
        return Answers.same(tuple(str(a) for a in value if a is not None), lang)
    if not isinstance(value, dict):
        return Answers({}, lang)
    q.at(key).text()  # reports languages that are not the course's (MF024)
    per_lang = {str(code): tuple(str(a) for a in answers if a is not None)
                for code, answers in value.items()
                if isinstance(answers, list) and LANG_CODE.match(str(code))}
    return Answers(per_lang, lang, per_language=True)


def _numeric_answer(q: Cursor) -> float | None:
    """`answer: 3.5`, or `answer: 3,5` (a string to YAML) where the course's default language
    writes decimals with a comma."""
    raw = q.get("answer")
    if not isinstance(raw, str):
        return q.number("answer")
    lang = q.ctx.default_lang
    value = parse_number(raw, lang)
    if value is None:
        if parse_number(raw, "fr") is not None:  # a decimal comma, in a language without
            hint = f"'{lang}' writes decimals with a point: `answer: {raw.replace(',', '.')}`"
        else:
            comma = " or `answer: 3,5`" if decimal_symbol(lang) == "," else ""
            hint = f"write one number, e.g. `answer: 3.5`{comma}"
        q.error("MF010", msg("answer: '{raw}' is not a number", raw=raw), hint, msg("answer"))
    return value


def _tolerance(q: Cursor) -> tuple[float | None, bool]:
    """`tolerance: 0.01` (absolute) or `tolerance: "5%"` (relative)."""
    raw = q.get("tolerance")
    if isinstance(raw, str) and raw.endswith("%"):
        try:
            value = float(raw[:-1])
        except ValueError:
            q.error("MF015", msg("tolerance: '{raw}' is not a percentage", raw=raw),
                    msg("write e.g. `tolerance: 5%`"), "tolerance")
            return None, False
        percent = True
    else:
        number = q.number("tolerance")
        if number is None:
            return None, False
        value, percent = number, False
    if not math.isfinite(value) or value < 0:
        q.error("MF016", msg("tolerance: {raw!r} must be a positive finite number", raw=raw),
                msg("write the largest accepted difference, e.g. `tolerance: 0.01`"),
                "tolerance")
        return None, False
    return value, percent
