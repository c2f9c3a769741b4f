"""Quiz answer keys are consistent.

**Why.** A wrong key is the most damaging bug a course can ship: learners who answer right
are marked wrong, and the forum fills up. Platforms import inconsistent keys without a word
(an Open edX multiple-choice problem with two correct choices, a regex that never matches).

**What it checks.**

- single choice and dropdown: exactly one correct choice; multiple choice: at least one;
- no two choices with the same text (in any language);
- numeric: a tolerance that is not negative, a percentage tolerance under 100% (else zero
  and the opposite sign are accepted), and every `samples:` value inside the accepted range;
- numeric samples are read as the language writes numbers (`3,5` is 3.5 in French);
- text: every regex compiles (Python syntax, as Open edX uses), and every `samples:` answer
  is accepted by one of the answers (regexes must match the whole answer); with answers or
  samples per language (`{fr: [calcaire], en: [limestone]}`), each language's samples are
  tested against that language's answers; a regex that
  cannot decide on a sample within half a second (catastrophic backtracking, e.g.
  `(a|a)+b`) is an error too: the platform runs it on every learner's answer with no limit;
- with `require_samples`, regex answers come with `samples:` to test them (a warning).

**Options:**

- `require_samples: true` — regex answers need `samples:`.

**Passes:**

```yaml
- kind: text
  prompt: Name the compiler we use.
  match: regex
  answers: ['gcc|GCC']
  samples: [gcc]
```

**Fails:**

```yaml
- kind: single
  prompt: Which header declares printf?
  choices:
    - {text: stdio.h, correct: true}
    - {text: stdlib.h, correct: true}     # two correct answers in a single choice
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants, _parser  # type: ignore[attr-defined]  # Python's own parser
from typing import TYPE_CHECKING, Any

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import Message, msg
from moocforge.i18n.numbers import parse_number
from moocforge.model import Course, Question, Quiz
from moocforge.rules._common import Finding, Options

CODE = "MF204"
NAME = "quiz-key"
DEFAULT_SEVERITY: Severity = "error"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"require_samples": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)

if TYPE_CHECKING:
    import regex

# Author regexes run in the `regex` module (Python's syntax and semantics, plus a timeout),
# so that a pathological one ends lint instead of hanging it.
MATCH_TIMEOUT_S = 0.5
# ... and `regex` compiles a counted repeat by writing it out, with no timeout: a pattern
# that expands to more steps than this is reported instead of compiled
MAX_UNROLLED = 100_000
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for item in course.items:
        if item.kind != "quiz":
            continue
        for question in item.questions:
            if question.kind in ("single", "dropdown", "multiple"):
                yield from _choices(item, question, options)
            elif question.kind == "numeric":
                yield from _numeric(item, question, options)
            else:
                yield from _text(item, question, options)


def _label(quiz: Quiz, question: Question) -> Message:
    return msg("question '{question}' of '{quiz}'", question=question.id, quiz=quiz.id)


def _choices(quiz: Quiz, question: Question, options: Options) -> Iterator[Diagnostic]:
    correct = sum(1 for c in question.choices if c.correct)
    label = _label(quiz, question)
    if question.kind in ("single", "dropdown") and correct != 1:
        yield finding(options, msg("{kind}-choice {label} has {correct} correct choices instead "
                                   "of exactly one", kind=question.kind, label=label,
                                   correct=correct), question.loc,
                      hint=msg("mark exactly one choice `correct: true`, or use `kind: multiple`"),
                      item=quiz.id)
    elif question.kind == "multiple" and correct == 0:
        yield finding(options, msg("multiple-choice {label} has no correct choice",
                                   label=label), question.loc,
                      hint=msg("mark at least one choice `correct: true`"), item=quiz.id)
    seen: dict[tuple[str, str], int] = {}
    for index, choice in enumerate(question.choices):
        for lang, text in choice.text.items():
            key = (lang, " ".join(text.casefold().split()))
            if key in seen:
                yield finding(options, msg("{label}: choice {value} repeats choice {value2} "
                                           "('{text}')", label=label, value=index + 1,
                                           value2=seen[key] + 1, text=text), choice.loc,
                              hint=msg("every choice must differ"), item=quiz.id)
                break
            seen[key] = index


def _numeric(quiz: Quiz, question: Question, options: Options) -> Iterator[Diagnostic]:
    label = _label(quiz, question)
    if question.answer is None:
        yield finding(options, msg("numeric {label} has no `answer:`",
                                   label=label), question.loc,
                      hint=msg("write the expected number, e.g. `answer: 3.5`"), item=quiz.id)
        return
    tolerance = question.tolerance or 0.0
    if tolerance < 0:
        yield finding(options, msg("numeric {label} has a negative tolerance ({tolerance})",
                                   label=label, tolerance=tolerance),
                      question.loc, hint=msg("a tolerance is a distance: write it positive"),
                      item=quiz.id)
        return
    if question.tolerance_pct and tolerance >= 100:
        yield finding(options, msg("numeric {label} accepts ±{tolerance:g}% of the answer, so 0 "
                                   "and answers of the wrong sign count as right", label=label,
                                   tolerance=tolerance), question.loc,
                      hint=msg("use a tolerance well under 100%"), item=quiz.id)
    spread = abs(question.answer) * tolerance / 100 if question.tolerance_pct else tolerance
    for lang, sample in _samples(question):
        value = parse_number(sample, lang)
        if value is None:
            yield finding(options, msg("numeric {label}: sample '{sample}' is not a "
                                       "number{question}", label=label, sample=sample,
                                       question=_in(question, lang)), question.loc,
                          hint=msg("write samples as numbers, e.g. `samples: [3.5]`"),
                          item=quiz.id)
            continue
        if abs(value - question.answer) > spread + 1e-12:
            yield finding(options, msg("numeric {label}: sample {sample} is outside the accepted "
                                       "range {answer:g} ± {spread:g}", label=label, sample=sample,
                                       answer=question.answer, spread=spread), question.loc,
                          hint=msg("widen the tolerance or fix the answer"), item=quiz.id)


def _text(quiz: Quiz, question: Question, options: Options) -> Iterator[Diagnostic]:
    import regex  # here: a tenth of a second to import, and few questions need it

    label = _label(quiz, question)
    patterns: dict[str, regex.Pattern[str]] = {}
    if question.match == "regex":
        for answer in question.accepted.every():
            try:
                # the platform's engine decides what is valid
                size = _unrolled_size(_parser.parse(answer))
                if size > MAX_UNROLLED:
                    yield finding(options, msg("{label}: regex '{answer}' repeats too much to be "
                                               "tested (over {MAX_UNROLLED} steps once its "
                                               "counted repeats are expanded)", label=label,
                                               answer=answer, MAX_UNROLLED=MAX_UNROLLED),
                                  question.loc, hint=msg("write smaller counts in `{{n}}` "
                                                         "repeats, or `+` when any number will "
                                                         "do"), item=quiz.id)
                    continue
                patterns[answer] = regex.compile(answer, regex.VERSION0)
            except (re.error, regex.error, OverflowError, RecursionError) as exc:
                yield finding(options, msg("{label}: regex '{answer}' does not compile: {exc}",
                                           label=label, answer=answer, exc=exc),
                              question.loc, hint=msg("answers with `match: regex` are Python "
                                                     "regular expressions"), item=quiz.id)
        if options["require_samples"] and not question.samples.every():
            yield finding(options, msg("{label}: regex answers have no `samples:` to test them",
                                       label=label),
                          question.loc, hint=msg("add `samples:` with answers learners will type"),
                          item=quiz.id, severity="warning")
    slow: list[regex.Pattern[str]] = []
    for lang, sample in _samples(question):
        accepted = question.accepted.get_lang(lang)
        mine = [patterns[a] for a in accepted if a in patterns]
        if not _accepted(question, accepted, mine, sample, slow):
            yield finding(options, msg("{label}: sample answer '{sample}' is not accepted by any "
                                       "answer{question}", label=label, sample=sample,
                                       question=_in(question, lang)), question.loc,
                          hint=msg("fix the answers or the sample"), item=quiz.id)
    for pattern in slow:
        yield finding(options, msg("{label}: regex '{pattern}' takes too long to decide whether "
                                   "it matches (over {MATCH_TIMEOUT_S:g} s on a sample)",
                                   label=label, pattern=pattern.pattern,
                                   MATCH_TIMEOUT_S=MATCH_TIMEOUT_S),
                      question.loc, hint=msg("avoid nested or overlapping repetition such as "
                                             "(a|a)+ or (a+)+: the platform runs the regex on "
                                             "every answer with no time limit"), item=quiz.id)


def _unrolled_size(items: Any) -> int:
    """How many steps `regex` compiles a parsed pattern into, at least: it writes out the
    minimum count of every counted repeat (`a{1000000000}`: a billion, before any timeout of
    the match applies). Capped just past MAX_UNROLLED."""
    total = 0
    for op, arg in items:
        if op in _REPEATS:
            total += max(arg[0], 1) * _unrolled_size(arg[2])
        elif op is _constants.BRANCH:
            total += sum(_unrolled_size(branch) for branch in arg[1])
        elif op in (_constants.SUBPATTERN, _constants.ASSERT, _constants.ASSERT_NOT):
            total += _unrolled_size(arg[-1])
        elif op is _constants.ATOMIC_GROUP:
            total += _unrolled_size(arg)
        elif op is _constants.GROUPREF_EXISTS:
            total += sum(_unrolled_size(part) for part in arg[1:] if part is not None)
        else:
            total += 1
        if total > MAX_UNROLLED:
            return MAX_UNROLLED + 1
    return total


def _samples(question: Question) -> Iterator[tuple[str, str]]:
    """(language, sample) pairs to test: each language's samples against that language's
    answers when either is written per language, else the one list once."""
    samples, accepted = question.samples, question.accepted
    if not (samples.per_language or accepted.per_language):
        yield from ((samples.default_lang, s) for s in samples.default)
        return
    for lang in dict.fromkeys([*samples, *accepted]):
        yield from ((lang, s) for s in samples.get_lang(lang))


def _in(question: Question, lang: str) -> str:
    """' (fr)' when the question's answers differ by language."""
    return f" ({lang})" if question.samples.per_language or question.accepted.per_language \
        else ""


def _accepted(question: Question, accepted: tuple[str, ...],
              patterns: list[regex.Pattern[str]], sample: str,
              slow: list[regex.Pattern[str]]) -> bool:
    """Whether `sample` is accepted; regexes that time out join `slow` and are not tried
    again (they count as accepting, so the sample is not also reported)."""
    text = sample.strip()
    if question.match == "regex":
        if any(p in slow for p in patterns):
            return True
        for pattern in patterns:
            try:
                if pattern.fullmatch(text, timeout=MATCH_TIMEOUT_S):
                    return True
            except TimeoutError:
                slow.append(pattern)
                return True
        return False
    if question.match == "ci":
        return text.casefold() in {a.strip().casefold() for a in accepted}
    return text in {a.strip() for a in accepted}
