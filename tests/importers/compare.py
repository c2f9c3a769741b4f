"""Field-by-field comparison of two course models: the original and `import(build(c))`.

What an OLX package cannot carry is listed in NOT_IN_OLX, with the reason; docs/import.md
("What a round trip keeps") has the same list, and a test checks they agree. Everything
else must be equal: texts up to Markdown normalisation (the same HTML once rendered), dates
as instants.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterator, Mapping
from typing import Any

from moocforge.importers.olx.html2md import canonical
from moocforge.model import Choice, Cue, I18nText, Loc, Moment, Question
from moocforge.render.markdown import render

# (class, field) → why the package does not carry it.
NOT_IN_OLX: dict[tuple[str, str], str] = {
    ("Course", "weekly_minutes_target"): "workload settings are moocforge's own",
    ("Course", "speaking_rate_wpm"): "workload settings are moocforge's own",
    ("Course", "reading_rate_wpm"): "workload settings are moocforge's own",
    ("Course", "workload"): "workload settings are moocforge's own",
    ("Course", "targets"): "target settings other than the OLX queue and video ids",
    ("Course", "lint"): "lint settings are moocforge's own",
    ("Course", "suppressions"): "lint suppressions are moocforge's own",
    ("Course", "files"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "documents"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "inventory"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "locked_media"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "roots"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "root"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "translation_lock"): "source bookkeeping (file lists, inventory, roots)",
    ("Course", "variants"): "each variant is a package of its own",
    ("Codecast", "kind"): "a codecast is an html component on Open edX: it comes back as a "
                          "reading holding the player",
    ("Week", "summary"): "Open edX chapters have no summary",
    ("Week", "objectives"): "learning objectives are not in OLX",
    ("Week", "suppressions"): "lint suppressions are moocforge's own",
    ("Lesson", "id_from_title"): "imported lessons always have an explicit id",
    ("Item", "objectives"): "learning objectives are not in OLX",
    ("Item", "minutes"): "effort estimates are not in OLX",
    ("Item", "suppressions"): "lint suppressions are moocforge's own",
    ("Video", "script"): "video scripts are not in OLX",
    ("Video", "script_files"): "video scripts are not in OLX",
    ("Video", "declared_duration"): "durations are not in OLX",
    ("Video", "duration"): "durations are not in OLX",
    ("Video", "duration_source"): "durations are not in OLX",
    ("Video", "transcripts"): "transcript file names (the cues are compared)",
    ("Track", "file"): "transcript file names (the cues are compared)",
    ("Quiz", "file"): "the quiz file's name, when it differs from the id (files are named "
                      "after ids)",
    ("Peer", "file"): "the peer file's name, when it differs from the id (files are named "
                      "after ids)",
    ("Question", "id"): "CAPA has no question ids: imported questions are q1, q2…",
    ("Question", "samples"): "sample answers of regex questions are not in OLX",
    ("Exercise", "tests"): "test inputs and expected outputs live in the external grader",
    ("Exercise", "wrong"): "wrong solutions live in the course repository only",
    ("Exercise", "limits"): "limits live in the external grader",
    ("Exercise", "checker"): "checkers live in the external grader",
    ("Exercise", "compile_flags"): "compile flags live in the external grader",
    ("Exercise", "statement"): "its leading `# heading` (Open edX shows the title): compared "
                               "without it",
    ("Course", "description"): "its leading `# heading` (Open edX shows the title): compared "
                               "without it",
}
COMPARED_DIFFERENTLY = {("Exercise", "statement"), ("Course", "description")}
ALWAYS_SKIPPED = {"loc", "key_locs", "path", "assets", "line", "file_loc"}
ITEM_CLASSES = {"Video", "Reading", "Quiz", "Exercise", "Peer", "Discussion", "External",
                "RawOlx"}


def model_differences(original: Any, imported: Any) -> list[str]:
    _LANGUAGES[:] = list(original.languages)
    return list(_diff(original, imported, "course"))


_LANGUAGES: list[str] = []
# Markdown whose leading `# heading` the OLX writer leaves out (Open edX shows a title).
WITHOUT_H1 = {"description", "statement"}


def _skipped(cls: str, name: str) -> bool:
    if name in ALWAYS_SKIPPED:
        return True
    if (cls, name) in NOT_IN_OLX and (cls, name) not in COMPARED_DIFFERENTLY:
        return True
    return cls in ITEM_CLASSES and ("Item", name) in NOT_IN_OLX


def _diff(a: Any, b: Any, where: str) -> Iterator[str]:
    if isinstance(a, Question) and isinstance(b, Question):
        a, b = _folded(a), _folded(b)
    if isinstance(a, Cue) and isinstance(b, Cue):
        # the words the learner reads (`&` and `&amp;` are one character in WebVTT)
        a, b = (dataclasses.replace(c, text=html.unescape(c.text)) for c in (a, b))
    if getattr(a, "graded", True) is False and getattr(b, "graded", True) is False and \
            hasattr(a, "assignment_type"):
        # the type of a formative item counts for nothing and is not in the package
        a, b = (dataclasses.replace(x, assignment_type=None) for x in (a, b))
    if isinstance(a, Moment) or isinstance(b, Moment):
        if getattr(a, "at", None) != getattr(b, "at", None):
            yield f"{where}: {a} != {b}"
        return
    if type(a).__name__ == "Codecast" and type(b).__name__ == "Reading":
        return  # NOT_IN_OLX: the player's html component comes back as a reading
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            yield f"{where}: {type(a).__name__} != {type(b).__name__}"
            return
        cls = type(a).__name__
        for f in dataclasses.fields(a):
            if _skipped(cls, f.name):
                continue
            yield from _diff(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
        return
    if isinstance(a, I18nText) or isinstance(b, I18nText):
        h1 = where.rsplit(".", 1)[-1] in WITHOUT_H1
        yield from _texts(a, b, where, h1)
        return
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            yield f"{where}: keys {sorted(a)} != {sorted(b)}"
            return
        for key in a:
            yield from _diff(a[key], b[key], f"{where}[{key}]")
        return
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} elements != {len(b)}"
            return
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            label = getattr(x, "id", None) or index
            yield from _diff(x, y, f"{where}[{label}]")
        return
    if isinstance(a, Loc):
        return
    if a != b:
        yield f"{where}: {a!r} != {b!r}"


def _texts(a: Any, b: Any, where: str, without_h1: bool) -> Iterator[str]:
    """Equal when the learners of every course language see the same page."""
    if a is None or b is None:
        if (a is None) != (b is None) and any((a or b).values()):
            yield f"{where}: {a!r} != {b!r}"
        return
    for lang in _LANGUAGES:
        left, right = a.get_lang(lang), b.get_lang(lang)
        if _page(left, without_h1) != _page(right, without_h1):
            yield f"{where}[{lang}]: {left!r} != {right!r}"


def _page(markdown: str, without_h1: bool = False) -> object:
    """What a learner sees of a Markdown text: its rendered HTML, normalised."""
    return canonical(render(markdown, xhtml=True, strip_h1=without_h1)) \
        if markdown.strip() else ()


def _folded(question: Question) -> Question:
    """Question-level feedback as Open edX shows it: on each choice of single and dropdown
    questions, after the explanation for multiple-choice and numeric ones."""
    if question.kind in ("single", "dropdown"):
        choices = tuple(dataclasses.replace(c, feedback=_own_or(c, question),
                                            text=_plain(c.text) if question.kind == "dropdown"
                                            else c.text)
                        for c in question.choices)
        return dataclasses.replace(question, choices=choices, feedback_correct=None,
                                   feedback_wrong=None)
    if question.kind in ("multiple", "numeric") and question.feedback_wrong is not None:
        explanation = _appended(question.explanation, question.feedback_wrong)
        return dataclasses.replace(question, explanation=explanation, feedback_wrong=None)
    return question


def _own_or(choice: Choice, question: Question) -> I18nText | None:
    if choice.feedback is not None and any(v.strip() for v in choice.feedback.values()):
        return choice.feedback
    return question.feedback_correct if choice.correct else question.feedback_wrong


def _appended(first: I18nText | None, second: I18nText) -> I18nText:
    langs = list(second) if first is None else list(first)
    values = {lang: "\n\n".join(t for t in ((first or {}).get(lang, ""), second.get(lang, ""))
                                if t.strip()) for lang in langs}
    return I18nText(values, (first or second).default_lang)


def _plain(text: I18nText) -> I18nText:
    """A dropdown option as Open edX shows it: plain words (loss MF508 when formatted)."""
    from moocforge.writers.olx.xmlutil import plain_text

    return I18nText({lang: plain_text(render(value, xhtml=True, raw_html=False))[0]
                     for lang, value in text.items()}, text.default_lang)
