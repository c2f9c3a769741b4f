"""`- {codecast: codecast-x.yml}`: a narrated code tutorial (timeline of steps), its
narration audio and cue lists.

Narration comes from the `narration:` of the file (a recorded audio file and its cue list
per language) or, without one, from the files `moocforge codecast narrate` writes beside it
(`<file>.<lang>.mp3` and `<file>.<lang>.vtt`). Cue lists are WebVTT with one cue per step;
they are parsed here, once, like transcripts. A language without a cue list gets timings
estimated from its words at the course's speaking rate.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from moocforge.codecast.timeline import estimate_timings, narration_files
from moocforge.i18n import msg
from moocforge.load.cursor import Cursor
from moocforge.load.items.common import Entry, common, item_id, item_title, key_locs
from moocforge.load.sources import CourseSources
from moocforge.media.transcripts import cue_plain, load_transcript
from moocforge.model import (
    Codecast,
    CodecastStep,
    CodeEdit,
    CodeRun,
    Narration,
    NarrationSource,
    Position,
)

EDIT_KEYS = ("insert", "delete", "replace", "code")
_POSITION = re.compile(r"^(\d+)(?::(\d+))?$")


def read(entry: Entry) -> Codecast:
    own = entry.own_file("codecast", "codecast")
    iid = item_id(entry, entry.ref("codecast"), own)
    title = item_title(entry, own.text("title"), iid)
    fields = common(entry, iid, title, own)
    steps = tuple(step(s, index) for index, s in own.items("steps"))
    folder = posixpath.dirname(own.file)
    codecast = Codecast(**fields, file=own.file, key_locs=key_locs(own, entry),
                        language=own.string("language", "c"),  # type: ignore[arg-type]
                        start=_start(own, folder), steps=steps,
                        exercise=own.string("exercise") or None, narrations={})
    return replace(codecast, narrations=_narrations(own, codecast))


def _start(own: Cursor, folder: str) -> str:
    if isinstance(own.get("start_file"), str):
        rel = own.ctx.src.resolve(folder, own.string("start_file"), own.loc("start_file"))
        text = own.ctx.src.read_text(rel, own.loc("start_file")) if rel else None
        return text or ""
    return own.string("start")


def position(cursor: Cursor, key: str) -> Position | None:
    """`5:3` (line 5, column 3) or `5` (the start of line 5)."""
    value = cursor.get(key)
    if value is None:
        return None
    match = _POSITION.match(str(value).strip())
    if isinstance(value, bool) or match is None or int(match[1]) < 1 or (
            match[2] is not None and int(match[2]) < 1):
        cursor.error("MF015", msg("{key}: {value!r} is not a position", key=key,
                                  value=value), msg("write `line:column`, "
                                                                         "e.g. `5:3`, or a line "
                                                                         "number (1-based)"), key)
        return None
    return Position(int(match[1]), int(match[2] or 1))


def _edit(s: Cursor) -> CodeEdit | None:
    present = [k for k in EDIT_KEYS if s.has(k)]
    if len(present) > 1:
        s.error("MF015", msg("a step makes one edit, this one has {present}",
                             present=', '.join(present)),
                msg("split it into one step per edit"), present[1])
    if not present:
        return None
    kind = present[0]
    if kind == "code":
        return CodeEdit("code", text=s.string("code"))
    spec = s.at(kind)
    find = spec.string("find") if spec.has("find") else None
    start = position(spec, "at" if kind == "insert" else "from")
    end = position(spec, "to") if kind != "insert" else None
    if kind != "insert" and find is None and start is None:
        s.error("MF012", msg("{kind} needs `find:` or `from:` (and `to:`)", kind=kind),
                msg("e.g. `replace: {{find: Bonjour, text: Bonsoir}}`"), kind)
        return None
    if kind == "insert" and start is None:
        return None  # the schema reported the missing `at:`, or position() the bad one
    if kind != "insert" and find is None and end is None:
        end = start  # `from:` alone: an empty span (a replace then inserts)
    return CodeEdit(kind, text=spec.string("text"), start=start,  # type: ignore[arg-type]
                    end=end, find=find)


def step(s: Cursor, index: int) -> CodecastStep:
    select = s.at("select")
    start, end = position(select, "from"), position(select, "to")
    raw_highlight = s.get("highlight")
    run = None
    if s.has("run"):
        spec = s.at("run")
        expected = spec.get("expected")
        run = CodeRun(stdin=spec.string("stdin"),
                      expected=str(expected) if expected is not None else None,
                      loc=s.loc("run"))
    return CodecastStep(
        number=index + 1, narration=s.text("narration"), edit=_edit(s),
        cursor=position(s, "cursor"),
        selection=(start, end) if start is not None and end is not None else None,
        highlight=tuple(n for n in raw_highlight if isinstance(n, int))
        if isinstance(raw_highlight, list) else (),
        run=run, loc=s.loc())


# --------------------------------------------------------------------------- narration


def _narrations(own: Cursor, codecast: Codecast) -> dict[str, Narration]:
    ctx = own.ctx
    folder = posixpath.dirname(own.file)
    declared = own.get("narration")
    found: dict[str, Narration] = {}
    for lang in ctx.languages:
        spec = own.at("narration", lang)
        if isinstance(declared, dict) and isinstance(declared.get(lang), dict):
            audio = ctx.src.resolve(folder, spec.string("audio"), spec.loc("audio"))
            cues = ctx.src.resolve(folder, spec.string("cues"), spec.loc("cues"))
            source: NarrationSource = "recorded"
            loc = own.key_loc("narration", lang)
        else:
            audio, cues = narration_files(own.file, lang)
            present = ctx.src.is_file(audio) and ctx.src.is_file(cues)
            if present:
                ctx.src.referenced.update((audio, cues))
            audio, cues = (audio, cues) if present else (None, None)
            source, loc = "generated", codecast.key_loc("steps")
        cued = _cues(ctx.src, cues, codecast) if cues else None
        if audio is None or cued is None:
            found[lang] = Narration(lang, None, None, estimate_timings(
                codecast.steps, lang, ctx.speaking_wpm), "estimate", loc)
        else:
            found[lang] = Narration(lang, audio, cues, cued[0], source, loc, cued[1])
    if isinstance(declared, dict):
        for lang in declared:
            if lang not in ctx.languages:
                ctx.error("MF024", msg("narration language '{lang}' is not a course language "
                                       "({languages})", lang=lang,
                                       languages=', '.join(ctx.languages)),
                          own.key_loc("narration", lang),
                          msg("add the language to `languages:` or remove its narration"))
    return found


def _cues(src: CourseSources, cues: str, codecast: Codecast
          ) -> tuple[tuple[tuple[float, float], ...], tuple[str, ...]] | None:
    """The (start, end) and the text of every cue of a cue list; None when it has none."""
    src.observe_file(cues)
    parsed = load_transcript(src.path(cues), cues)
    src.diagnostics.extend(replace(p, item=codecast.id) for p in parsed.problems)
    if not parsed.cues:
        return None
    texts = tuple("" if cue_plain(cue.text) == "…" else cue_plain(cue.text)  # "…": no words
                  for cue in parsed.cues)
    return tuple((cue.start, cue.end) for cue in parsed.cues), texts


__all__ = ["EDIT_KEYS", "position", "read", "step"]
