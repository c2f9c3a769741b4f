"""`- {quiz: q.yml}`: the questions of a quiz file."""

from __future__ import annotations

import math

from moocforge.load.cursor import Cursor
from moocforge.load.items.common import Entry, common, item_id, item_title, key_locs
from moocforge.model import Choice, Question, Quiz


def read(entry: Entry) -> Quiz:
    own = entry.own_file("quiz", "quiz")
    iid = item_id(entry, entry.ref("quiz"), own)
    title = item_title(entry, own.text("title"), iid)
    fields = common(entry, iid, title, own)
    questions = tuple(question(q, index) for index, q in own.items("questions")
                      if isinstance(q.get("kind"), str))
    max_attempts = own.integer("max_attempts", 0) or None
    return Quiz(**fields, file=own.file, key_locs=key_locs(own), intro=own.opt_text("intro"),
                questions=questions, max_attempts=max_attempts,
                showanswer=own.string("showanswer", "finished"))


def question(q: Cursor, index: int) -> Question:
    choices = tuple(
        Choice(text=c.text("text"), correct=bool(c.get("correct", False)),
               feedback=c.opt_text("feedback"), loc=c.loc())
        for _, c in q.items("choices"))
    tolerance, percent = _tolerance(q)
    answers = q.get("answers")
    samples = q.get("samples")
    hints = q.get("hints")
    return Question(
        id=q.string("id") or f"q{index + 1}", kind=q.string("kind"),  # type: ignore[arg-type]
        prompt=q.text("prompt"), choices=choices, answer=q.number("answer"),
        tolerance=tolerance, tolerance_pct=percent,
        answers=tuple(str(a) for a in answers) if isinstance(answers, list) else (),
        match=q.string("match", "ci"),  # type: ignore[arg-type]
        sample_answers=tuple(str(s) for s in samples) if isinstance(samples, list) else (),
        hints=tuple(q.at("hints", i).text() for i in range(len(hints)))
        if isinstance(hints, list) else (),
        explanation=q.opt_text("explanation"),
        feedback_correct=q.opt_text("correct_feedback"),
        feedback_wrong=q.opt_text("wrong_feedback"),
        weight=q.number("weight", 1.0) or 0.0,
        loc=q.loc())


def _tolerance(q: Cursor) -> tuple[float | None, bool]:
    """`tolerance: 0.01` (absolute) or `tolerance: "5%"` (relative)."""
    raw = q.get("tolerance")
    if isinstance(raw, str) and raw.endswith("%"):
        try:
            value = float(raw[:-1])
        except ValueError:
            q.error("MF015", f"tolerance: '{raw}' is not a percentage",
                    "write e.g. `tolerance: 5%`", "tolerance")
            return None, False
        percent = True
    else:
        number = q.number("tolerance")
        if number is None:
            return None, False
        value, percent = number, False
    if not math.isfinite(value) or value < 0:
        q.error("MF016", f"tolerance: {raw!r} must be a positive finite number",
                "write the largest accepted difference, e.g. `tolerance: 0.01`", "tolerance")
        return None, False
    return value, percent
