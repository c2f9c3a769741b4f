"""Every learner-visible text exists in every course language, and is up to date.

**Why.** A bilingual course that falls back to French in the middle of an English page
loses its English-speaking learners; the platforms show whatever text they get, so the gap
is invisible until a learner reports it. A translation that was not updated after its source
changed is worse: it teaches something else.

**What it checks.**

- every learner-visible string (course, week, lesson and item titles and summaries,
  objectives, quiz intros, prompts, choices, hints, feedback and explanations, peer prompts
  and rubric texts, discussion prompts, exercise test feedback) has a non-empty value in
  every course language; one finding per YAML node lists the fields it lacks;
- every Markdown file (readings, exercise statements, the course description) exists as
  `x.<lang>.md` for every other course language;
- with `git` on and the course in a git work tree: a Markdown translation whose last commit
  is older than the last commit of its source (`x.md`) is reported (as a warning).

A plain string without spaces (`printf`, `42`, `stdio.h`) or without words (code or
maths) counts as language-neutral when `neutral_tokens` is on.

**Options:**

- `neutral_tokens: true` — single tokens and word-less strings need no translation.
- `git: true` — compare commit dates of Markdown sources and translations.

**Passes:**

```yaml
# languages: [fr, en]
title: {fr: Premiers pas, en: First steps}
```

**Fails:**

```yaml
# languages: [fr, en]
title: Premiers pas        # no English title
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.model import Course, I18nText, Loc
from moocforge.rules._common import Finding, Options

CODE = "MF302"
NAME = "translation-missing"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"neutral_tokens": True, "git": True}
_WORDY = re.compile(r"[^\W\d_]{2,}")
# \(…\) stops at the next \( or \): linear on any text.
_CODE_OR_MATH = re.compile(r"`[^`]*`|\$[^$]*\$|\\\((?:[^\\\n]|\\(?![()]))*+\\\)")
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)

Texts = list[tuple[str, I18nText | None]]


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for (what, loc, item_id), texts in _nodes(course).items():
        yield from _strings(course, what, loc, item_id, texts, options)
    yield from _markdown_files(course, options)
    if options["git"]:
        yield from _stale(course, options)


def _neutral(text: I18nText, options: Options) -> bool:
    if not options["neutral_tokens"] or len(text) != 1:
        return False
    value = _CODE_OR_MATH.sub(" ", text.default).strip()
    return not value or " " not in value or not _WORDY.search(value)


def _strings(course: Course, what: str, loc: Loc, item_id: str, texts: Texts,
             options: Options) -> Iterator[Diagnostic]:
    gaps: dict[str, list[str]] = {}
    for field, text in texts:
        if text is None:
            continue
        missing = text.missing(course.languages)  # the common case: nothing missing
        if not missing or len(missing) == len(course.languages) or _neutral(text, options):
            continue
        for lang in missing:
            gaps.setdefault(lang, []).append(field)
    for lang, fields in sorted(gaps.items()):
        yield finding(options, f"{what} has no {lang} text for: {', '.join(fields)}", loc,
                      hint=f"write each of them as {{{', '.join(course.languages)}}} mapping "
                      f"with a '{lang}' entry", item=item_id)


def _nodes(course: Course) -> dict[tuple[str, Loc, str], Texts]:
    """The texts of the model grouped by the YAML node that holds them (one finding per node
    lists the fields it lacks)."""
    nodes: dict[tuple[str, Loc, str], Texts] = {}
    for text in course.texts():
        nodes.setdefault((text.node, text.loc, text.item), []).append((text.field, text.value))
    return nodes


def _markdown_files(course: Course, options: Options) -> Iterator[Diagnostic]:
    pages: list[tuple[str, I18nText, Loc, str, str]] = []
    if course.description is not None:
        pages.append(("the course description", course.description, course.loc, "", ""))
    for item in course.items:
        if item.kind == "reading":
            pages.append((f"reading '{item.id}'", item.body, item.loc, item.id,
                          item.files.get(course.default_lang, "")))
        elif item.kind == "exercise":
            pages.append((f"the statement of exercise '{item.id}'", item.statement, item.loc,
                          item.id, ""))
    for what, body, loc, item_id, source in pages:
        if not body:
            continue
        for lang in body.missing(course.languages):
            expected = ""
            if source and "." in source:
                stem, suffix = source.rsplit(".", 1)
                expected = f" (expected {stem}.{lang}.{suffix})"
            yield finding(options, f"{what} has no {lang} version{expected}", loc,
                          hint="translate the Markdown file into x.<lang>.md next to x.md",
                          item=item_id)


def _stale(course: Course, options: Options) -> Iterator[Diagnostic]:
    pairs = [(item.id, item.files[course.default_lang], lang, path)
             for item in course.items if item.kind == "reading"
             and course.default_lang in item.files
             for lang, path in item.files.items() if lang != course.default_lang]
    times = course.commit_times  # gathered by the application layer when git is on
    for item_id, source, lang, translation in pairs:
        src, tr = times.get(source), times.get(translation)
        if src is not None and tr is not None and tr < src:
            yield finding(options, f"the {lang} translation {translation} (last committed "
                          f"{_day(tr)}) is older than its source {source} ({_day(src)})",
                          Loc.of(translation, 1, 1), hint=f"update it to match {source}, then "
                          "commit it", item=item_id, severity="warning")


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M")
