"""`- {video: media/x.mp4 | youtube:ID | https://…}`: a video, its transcripts and script.

Transcripts are parsed here, once (strict WebVTT/SRT, `moocforge.media.transcripts`); their
problems are load diagnostics (MF700–MF711), so `validate` reports them, and the model
carries the cues for the rules and the writers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from moocforge.i18n import msg
from moocforge.load.cursor import LoadContext
from moocforge.load.items.common import Entry, SkipItem, common, item_id, item_title
from moocforge.load.markdown import read_markdown
from moocforge.media.transcripts import load_transcript
from moocforge.model import DurationSource, I18nText, Track, Video
from moocforge.workload import word_count

MEDIA_LOCK = "media.lock"
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")


def read(entry: Entry) -> Video:
    ctx, cursor = entry.ctx, entry.cursor
    source = entry.ref("video")
    youtube_id = url = rel = None
    if source.startswith("youtube:"):
        youtube_id = source.removeprefix("youtube:").strip()
        if not _YOUTUBE_ID.fullmatch(youtube_id):
            cursor.error("MF015", msg("'{youtube_id}' is not a YouTube video id",
                                      youtube_id=youtube_id),
                         msg("write `video: youtube:dQw4w9WgXcQ`"), "video")
    elif source.startswith(("https://", "http://")):
        url = source
    else:
        rel = entry.resolve("video", must_exist=False)
        if not ctx.src.is_file(rel) and rel not in ctx.locked_videos:
            cursor.error("MF020", msg("video not found: '{source}' (looked for {rel})",
                                      source=source, rel=rel),
                         msg("add the file, or run `moocforge media probe` where it exists so "
                             "that {MEDIA_LOCK} records it", MEDIA_LOCK=MEDIA_LOCK), "video")
    if not cursor.get("id") and rel is None:
        ctx.error("MF012", msg("a hosted video needs an explicit `id:`"), entry.loc,
                  msg("ids name the item in every target; pick a short stable one"))
        raise SkipItem
    transcripts = _transcripts(entry)
    script: I18nText | None = None
    script_files: dict[str, str] = {}
    if cursor.get("script"):
        script, script_files = read_markdown(ctx, entry.folder, entry.ref("script"),
                                             cursor.loc("script"))
    declared = cursor.number("duration")
    duration, source_kind = _duration(ctx, declared, script)
    iid = item_id(entry, rel)
    title = item_title(entry, None, iid)
    video = Video(**common(entry, iid, title), file=rel,
                  path=ctx.src.path(rel) if rel else None, youtube_id=youtube_id, url=url,
                  transcripts=transcripts, script=script, script_files=script_files,
                  declared_duration=declared, duration=duration, duration_source=source_kind)
    return replace(video, tracks=_tracks(entry, video))


def _duration(ctx: LoadContext, declared: float | None, script: I18nText | None
              ) -> tuple[float | None, DurationSource]:
    if declared is not None:
        return declared, "declared"
    if script is not None and script.default:
        return word_count(script.default) / ctx.speaking_wpm * 60, "script"
    return None, "unknown"


def _transcripts(entry: Entry) -> dict[str, str]:
    ctx, cursor = entry.ctx, entry.cursor
    found: dict[str, str] = {}
    raw = cursor.get("transcripts")
    for lang, ref in (raw.items() if isinstance(raw, dict) else ()):
        tloc = cursor.key_loc("transcripts", lang)
        if lang not in ctx.languages:
            ctx.error("MF024", msg("transcript language '{lang}' is not a course language "
                                   "({languages})", lang=lang,
                                   languages=', '.join(ctx.languages)), tloc,
                      msg("add the language to `languages:` or remove the transcript"))
        trel = ctx.src.resolve(entry.folder, str(ref), cursor.loc("transcripts", lang))
        if trel is None:
            continue
        if not trel.lower().endswith((".vtt", ".srt")):
            ctx.error("MF015", msg("transcript '{ref}' must be a .vtt or .srt file", ref=ref), tloc,
                      msg("transcripts are WebVTT (.vtt) or SubRip (.srt) files"))
            continue
        found[lang] = trel
    return found


def _tracks(entry: Entry, video: Video) -> dict[str, Track]:
    src = entry.ctx.src
    tracks: dict[str, Track] = {}
    for lang, rel in sorted(video.transcripts.items()):
        parsed = load_transcript(src.path(rel), rel, src.read_observed(rel))
        src.diagnostics.extend(replace(p, item=video.id) for p in parsed.problems)
        tracks[lang] = Track(lang, rel, tuple(parsed.cues),
                             entry.cursor.key_loc("transcripts", lang))
    return tracks
