"""Graded questions explain the answer; practice questions give feedback.

**Why.** Feedback is what makes a practice question teach: a learner who got it wrong needs
to know why (Hattie & Timperley 2007). After the due date of a graded question, the
explanation is what learners read. Split from `quiz-key` so that it can be tuned on its own.

**What it checks.**

- every question of a graded quiz has an `explanation:` (with `graded_explanation`);
- every question of an ungraded quiz gives feedback (with `formative_feedback`): an
  `explanation:`, or feedback on every choice, or `wrong_feedback:` (numeric and text).

**Options:**

- `graded_explanation: true` — graded questions need an explanation.
- `formative_feedback: true` — practice questions need feedback.

**Passes:**

```yaml
graded: false
questions:
  - kind: single
    prompt: 2 + 2?
    choices:
      - {text: '4', correct: true, feedback: Right.}
      - {text: '5', feedback: Count again.}
```

**Fails:**

```yaml
graded: true
questions:
  - kind: single
    prompt: 2 + 2?
    choices: [{text: '4', correct: true}, {text: '5'}]   # no explanation
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, I18nText, Question
from moocforge.rules._common import Finding, Options

CODE = "MF205"
NAME = "quiz-feedback"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"graded_explanation": True, "formative_feedback": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def _present(text: I18nText | None) -> bool:
    return text is not None and bool(text.default.strip())


def gives_feedback(question: Question) -> bool:
    if _present(question.explanation):
        return True
    if question.choices:
        return all(_present(c.feedback) for c in question.choices)
    return _present(question.feedback_wrong)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for item in course.items:
        if item.kind != "quiz":
            continue
        for question in item.questions:
            where = msg("question '{question}' of '{quiz}'", question=question.id, quiz=item.id)
            if item.graded and options["graded_explanation"] and not _present(
                    question.explanation):
                yield finding(options, msg("graded {where} has no explanation",
                                           where=where), question.loc,
                              hint=msg("add `explanation:` shown once the answer is revealed"),
                              item=item.id)
            elif not item.graded and options["formative_feedback"] and not gives_feedback(
                    question):
                yield finding(options, msg("practice {where} gives no feedback",
                                           where=where), question.loc,
                              hint=msg("add `feedback:` to every choice, `wrong_feedback:` or an "
                                       "`explanation:`"), item=item.id)
