"""Every learner-visible text exists in every course language, and is up to date.

**Why.** A bilingual course that falls back to French in the middle of an English page
loses its English-speaking learners; the platforms show whatever text they get, so the gap
is invisible until a learner reports it. A translation that was not updated after its source
changed is worse: it teaches something else.

**What it checks.**

- every learner-visible string (course, week, lesson and item titles and summaries,
  objectives, quiz intros, prompts, choices, hints, feedback, explanations and answers
  given per language, peer prompts and rubric texts, discussion prompts, exercise test
  feedback, codecast narrations) has a non-empty value in every course language; one finding
  per YAML node lists the fields it lacks;
- every Markdown file (readings, exercise statements, video scripts, the course
  description) exists as `x.<lang>.md` for every other course language;
- with `stale` on and a `translations.lock` in the course (`moocforge translations confirm`
  writes it): every translation whose source changed since the translation was last
  confirmed — YAML texts, Markdown files, transcripts against the script of their
  language, local videos (drafts or recordings) against their script — is reported where
  the translation is written. The lock records digests of the texts, not dates, so every
  clone (a shallow CI checkout too) gives the same answer. A translation the lock does not
  know yet is an `info` finding.

A plain string without spaces (`printf`, `42`, `stdio.h`) or without words (code or
maths) counts as language-neutral when `neutral_tokens` is on.

**Options:**

- `neutral_tokens: true` — single tokens and word-less strings need no translation.
- `stale: true` — report translations that changed sources left behind (translations.lock).

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
import shlex
from collections.abc import Iterable, Iterator

from moocforge import translations
from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import Message, msg
from moocforge.memo import by_identity
from moocforge.model import Course, I18nText, Loc, Text, TranslationLock, Week, week_texts
from moocforge.rules._common import Finding, Options

CODE = "MF302"
NAME = "translation-missing"
DEFAULT_SEVERITY: Severity = "warning"
DEFAULTS: dict[str, object] = {"neutral_tokens": True, "stale": True}
_WORDY = re.compile(r"[^\W\d_]{2,}")
# \(…\) stops at the next \( or \): linear on any text.
_CODE_OR_MATH = re.compile(r"`[^`]*`|\$[^$]*\$|\\\((?:[^\\\n]|\\(?![()]))*+\\\)")
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)

Texts = list[tuple[str, I18nText | None]]


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    yield from _gaps(course.own_texts(), course.languages, options)
    for week in course.weeks:
        yield from _week_gaps(week, course.languages, options)
    yield from _markdown_files(course, options)
    if options["stale"] and course.translation_lock.present:
        yield from _stale(course, options)


def _neutral(text: I18nText, options: Options) -> bool:
    if not options["neutral_tokens"] or len(text) != 1:
        return False
    value = _CODE_OR_MATH.sub(" ", text.default).strip()
    return not value or " " not in value or not _WORDY.search(value)


@by_identity(limit=10_000)
def _week_gaps(week: Week, languages: tuple[str, ...], options: Options
               ) -> tuple[Diagnostic, ...]:
    """The findings about a week's texts: the same week object (the loader reuses an
    unchanged week from one load to the next) gets them back without a second walk."""
    return tuple(_gaps(week_texts(week), languages, options))


def _gaps(texts: Iterable[Text], languages: tuple[str, ...], options: Options
          ) -> Iterator[Diagnostic]:
    for (what, loc, item_id), node in _nodes(texts).items():
        yield from _strings(languages, what, loc, item_id, node, options)


def _strings(languages: tuple[str, ...], what: str, loc: Loc, item_id: str, texts: Texts,
             options: Options) -> Iterator[Diagnostic]:
    gaps: dict[str, list[str]] = {}
    for field, text in texts:
        if text is None:
            continue
        missing = text.missing(languages)  # the common case: nothing missing
        if not missing or len(missing) == len(languages) or _neutral(text, options):
            continue
        for lang in missing:
            gaps.setdefault(lang, []).append(field)
    for lang, fields in sorted(gaps.items()):
        yield finding(options, msg("{what} has no {lang} text for: {fields}", what=what, lang=lang,
                                   fields=', '.join(fields)), loc,
                      hint=msg("write each of them as {{{languages}}} mapping with a '{lang}' "
                               "entry", languages=', '.join(languages),
                               lang=lang), item=item_id)


def _nodes(texts: Iterable[Text]) -> dict[tuple[str, Loc, str], Texts]:
    """The texts grouped by the YAML node that holds them (one finding per node lists the
    fields it lacks)."""
    nodes: dict[tuple[str, Loc, str], Texts] = {}
    for text in texts:
        nodes.setdefault((text.node, text.loc, text.item), []).append((text.field, text.value))
    return nodes


def _markdown_files(course: Course, options: Options) -> Iterator[Diagnostic]:
    pages: list[tuple[str, I18nText, Loc, str, str]] = []
    if course.description is not None:
        pages.append((msg("the course description"), course.description, course.loc, "", ""))
    for item in course.items:
        if item.kind == "reading":
            pages.append((msg("reading '{id}'", id=item.id), item.body, item.loc, item.id,
                          item.files.get(course.default_lang, "")))
        elif item.kind == "exercise":
            pages.append((msg("the statement of exercise '{id}'", id=item.id), item.statement,
                          item.loc, item.id, ""))
        elif item.kind == "video" and item.script is not None:
            pages.append((msg("the script of video '{id}'", id=item.id), item.script,
                          item.loc, item.id, item.script_files.get(course.default_lang, "")))
    for what, body, loc, item_id, source in pages:
        if not body:
            continue
        for lang in body.missing(course.languages):
            expected = ""
            if source and "." in source:
                stem, suffix = source.rsplit(".", 1)
                expected = msg(" (expected {file})", file=f"{stem}.{lang}.{suffix}")
            yield finding(options, msg("{what} has no {lang} version{expected}", what=what,
                                       lang=lang, expected=expected), loc,
                          hint=msg("translate the Markdown file into x.<lang>.md next to x.md"),
                          item=item_id)


def stale_findings(course: Course) -> list[Diagnostic]:
    """What `moocforge translations status` lists: the stale (warnings) and the not yet
    confirmed (info) translations, with the rule's default options; nothing without a lock."""
    if not course.translation_lock.present:
        return []
    return list(_stale(course, {**DEFAULTS, "severity": DEFAULT_SEVERITY}))


def _stale(course: Course, options: Options) -> Iterator[Diagnostic]:
    lock = course.translation_lock
    for pair in translations.pairs(course):
        found = translations.state(pair, lock)
        if found == "stale":
            yield finding(options, _stale_message(pair, course.default_lang), pair.loc,
                          hint=_stale_hint(pair, lock), item=pair.item)
        elif found == "unconfirmed":
            yield finding(options, msg("{pair} is not in {LOCK_FILE} yet", pair=_subject(pair),
                                       LOCK_FILE=translations.LOCK_FILE),
                          pair.loc, hint=msg("check it against its source, then run `moocforge "
                                             "translations confirm {pair}`",
                                             pair=_target(pair)), item=pair.item,
                          severity="info")


def _subject(pair: translations.Pair) -> Message:
    if pair.kind == "text":
        return msg("the {lang} text of {name}", lang=pair.lang, name=pair.name)
    if pair.kind == "file":
        return msg("the {lang} translation {name}", lang=pair.lang, name=pair.name)
    if pair.kind == "transcript":
        return msg("the {lang} transcript {name}", lang=pair.lang, name=pair.name)
    return msg("the video {name}", name=pair.name)


def _stale_message(pair: translations.Pair, default_lang: str) -> Message:
    source = msg("its {lang} text", lang=default_lang) if pair.kind == "text" else (
        msg("its source {file}", file=pair.source_name) if pair.kind == "file"
        else msg("its script {file}", file=pair.source_name))
    return msg("{subject} may be out of date: {source} changed since it was last confirmed",
               subject=_subject(pair), source=source)


def _stale_hint(pair: translations.Pair, lock: TranslationLock) -> Message:
    if pair.kind == "video":
        todo = msg("record the video again, or draft it again (`moocforge media draft`)")
    elif translations.edited_since(pair, lock):
        todo = msg("it was edited since: check it against its source")
    else:
        todo = msg("update it to match {file}", file=pair.source_name)
    return msg("{todo}, then run `moocforge translations confirm {target}`", todo=todo,
               target=_target(pair))


def _target(pair: translations.Pair) -> str:
    """The `confirm` argument naming this translation alone, quoted for the shell."""
    return shlex.quote(pair.key)
