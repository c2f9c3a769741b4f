"""Translations tracked by content: what each translation depends on, and whether it is
still up to date with what `translations.lock` recorded when it was last confirmed.

A translation is up to date while its source has the digest the lock recorded for it. Git
dates play no part, so the check gives the same answer in any clone (a shallow CI checkout
included). What is tracked, each against its source:

- every YAML text of the model (`Course.texts()`: titles, objectives, prompts, choices,
  feedback, rubrics, answers…): each translation against the default language's text;
- every Markdown file `x.<lang>.md` (readings, statements, scripts, the about page) against
  `x.md`;
- every transcript of a video that has a script, against the script of its language;
- every local video (a draft or a recording) with a script, against the default language's
  script it was made from.

`moocforge translations confirm` records the digests (`lock_text`); the loader reads the
file into `Course.translation_lock`; the `translation-missing` rule reports what changed.
This module reads only the model.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from moocforge.model import Confirmation, Course, Document, Loc, TranslationLock, Video

LOCK_FILE = "translations.lock"
LOCK_VERSION = 1
DIGEST_CHARS = 16  # 64 bits of SHA-256: a changed text, not an attack, is what is detected

PairKind = Literal["text", "file", "transcript", "video"]
State = Literal["ok", "stale", "unconfirmed"]


@dataclass(frozen=True)
class Pair:
    """One translation (or a transcript, or a video) and the source it must follow."""

    key: str  # its entry in translations.lock
    kind: PairKind
    lang: str  # the translation's language
    name: str  # what it is, for messages: "objective compile (text)", a file name
    source_name: str  # what it follows: "fr text", a file name
    source: str  # the source's digest now
    translation: str  # the translation's digest now ("" for a video)
    loc: Loc  # where the translation is written
    item: str = ""  # the item it belongs to
    files: tuple[str, ...] = ()  # the source keys `confirm <file>` matches
    ids: tuple[str, ...] = ()  # the ids `confirm <id>` matches

    def confirmation(self) -> Confirmation:
        return Confirmation(self.source, self.translation)


def digest(text: str) -> str:
    """The digest of a text as the lock records it (line ends normalised)."""
    data = text.replace("\r\n", "\n").encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def pairs(course: Course) -> list[Pair]:
    """Every tracked translation of the course, each once, in source order."""
    found: dict[str, Pair] = {}
    for pair in (*_text_pairs(course), *_file_pairs(course), *_media_pairs(course)):
        found.setdefault(pair.key, pair)
    return list(found.values())


def state(pair: Pair, lock: TranslationLock) -> State:
    confirmed = lock.entries.get(pair.key)
    if confirmed is None:
        return "unconfirmed"
    return "ok" if confirmed.source == pair.source else "stale"


def edited_since(pair: Pair, lock: TranslationLock) -> bool:
    """Whether the translation itself changed since it was confirmed (someone updated it:
    it waits for a confirmation)."""
    confirmed = lock.entries.get(pair.key)
    return bool(confirmed and pair.translation and confirmed.translation != pair.translation)


def matching(found: Iterable[Pair], target: str) -> list[Pair]:
    """The pairs `confirm <target>` names: a lock key, a file (source or translation), or
    an id (item, week, lesson or objective)."""
    return [p for p in found if target == p.key or target in p.files or target in p.ids]


def obsolete(course_pairs: Iterable[Pair], lock: TranslationLock) -> list[str]:
    """Lock entries that name nothing the course still has."""
    keys = {p.key for p in course_pairs}
    return sorted(key for key in lock.entries if key not in keys)


def confirmed(lock: TranslationLock, course_pairs: Iterable[Pair],
              chosen: Iterable[Pair]) -> dict[str, Confirmation]:
    """The lock's entries after confirming `chosen`: theirs replaced by the current digests,
    entries of translations the course no longer has dropped."""
    keys = {p.key for p in course_pairs}
    entries = {key: value for key, value in lock.entries.items() if key in keys}
    entries.update({p.key: p.confirmation() for p in chosen})
    return entries


def lock_text(entries: Mapping[str, Confirmation]) -> str:
    """translations.lock as written: sorted, one entry a line, the same bytes in any clone."""
    lines = ["# translations.lock: the source each translation was last confirmed against.",
             "# Written by `moocforge translations confirm`; commit it. Do not edit by hand.",
             f"version: {LOCK_VERSION}", "translations:" + ("" if entries else " {}")]
    for key in sorted(entries):
        entry = entries[key]
        # quoted: a digest of digits alone would read as a number
        fields = [f'source: "{entry.source}"']
        if entry.translation:
            fields.append(f'text: "{entry.translation}"')
        lines.append(f"  {json.dumps(key, ensure_ascii=False)}: {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- what is tracked


def _text_pairs(course: Course) -> Iterator[Pair]:
    default = course.default_lang
    for text in course.texts():
        source = text.value.get(default)
        if not source:
            continue
        for lang in course.languages[1:]:
            translation = text.value.get(lang)
            if not translation:
                continue
            yield Pair(f"{text.loc.path}#{text.node}.{text.field}@{lang}", "text", lang,
                       f"{text.node} ({text.field})", f"the {default} text", digest(source),
                       digest(translation), text.loc, text.item, (text.loc.path,),
                       tuple(i for i in (text.item, text.owner) if i))


def _file_pairs(course: Course) -> Iterator[Pair]:
    default = course.default_lang
    files = {(d.file, d.lang): d for d in course.documents if d.anchor is None}
    for (file, lang), document in files.items():
        if lang == default:
            continue
        source = files.get((_source_file(file, lang), default))
        if source is None:
            continue
        yield _document_pair(document, source)


def _document_pair(translation: Document, source: Document) -> Pair:
    return Pair(translation.file, "file", translation.lang, translation.file, source.file,
                digest(source.text), digest(translation.text), Loc.of(translation.file, 1, 1),
                translation.item, (translation.file, source.file),
                (translation.item,) if translation.item else ())


def _source_file(translation: str, lang: str) -> str:
    """`x.en.md` → `x.md` (the default language's file)."""
    return re.sub(rf"\.{re.escape(lang)}(\.[^./]+)$", r"\1", translation)


def _media_pairs(course: Course) -> Iterator[Pair]:
    for item in course.items:
        if isinstance(item, Video) and item.script is not None:
            yield from _transcript_pairs(item)
            yield from _video_pair(item, course.default_lang)


def _transcript_pairs(video: Video) -> Iterator[Pair]:
    assert video.script is not None
    for lang, track in sorted(video.tracks.items()):
        script = video.script.get(lang)
        if not script:
            continue
        cues = "\n\n".join(f"{cue.start:.3f} {cue.end:.3f}\n{cue.text}" for cue in track.cues)
        script_file = video.script_files.get(lang, f"the {lang} script")
        yield Pair(track.file, "transcript", lang, track.file, script_file, digest(script),
                   digest(cues), Loc.of(track.file, 1, 1), video.id,
                   (track.file, script_file), (video.id,))


def _video_pair(video: Video, default: str) -> Iterator[Pair]:
    assert video.script is not None
    script = video.script.get(default)
    if not script or video.file is None:
        return
    script_file = video.script_files.get(default, "its script")
    yield Pair(video.file, "video", default, video.file, script_file, digest(script), "",
               video.loc, video.id, (video.file, script_file), (video.id,))
