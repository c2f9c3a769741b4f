"""`<video>` → a video item: YouTube id, HTML5 source (a file of the export's static/ or a
URL), transcripts converted from .srt / .sjson to .vtt per language."""

from __future__ import annotations

import json
import posixpath
from typing import Any

from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import Block
from moocforge.importers.olx.plan import Text
from moocforge.media.transcripts import parse_transcript
from moocforge.model import Cue


def read_video(ctx: Context, block: Block, folder: str
               ) -> tuple[dict[str, Any], dict[str, Any]] | None:
    attrs = block.attrs
    name = block.url_name
    youtube = attrs.get("youtube_id_1_0") or _youtube(attrs.get("youtube", ""))
    sources = _sources(block)
    entry: dict[str, Any] = {"id": name,
                             "title": ctx.text(block.display_name) or Text.of(ctx.lang, name)}
    local: str | None = None
    if youtube:
        entry["video"] = f"youtube:{youtube}"
    elif sources:
        source = sources[0]
        if source.startswith("/static/"):
            local = ctx.statics.use(source[len("/static/"):])
        if local is not None:
            entry["video"] = posixpath.relpath(local, folder)
        elif source.startswith(("https://", "http://")):
            entry["video"] = source
    if "video" not in entry:
        ctx.find("MF651", "info", f"video '{name}' is kept as raw OLX: it has no YouTube id "
                 "and no HTML5 source moocforge can use", block, name)
        return None
    if youtube and sources:
        ctx.find("MF657", "warning", f"video '{name}': the HTML5 sources next to its YouTube "
                 f"id are left out ({', '.join(sources)}); moocforge plays one source",
                 block, name, hint="nothing to do if the YouTube video is the one to play; "
                 "otherwise put the source you want in the item's `video:` in week.yml")
    for attr, what in (("start_time", "clip start"), ("end_time", "clip end"),
                       ("handout", "handout"), ("track", "downloadable transcript")):
        if attrs.get(attr) and attrs[attr] not in ("00:00:00", ""):
            ctx.find("MF657", "warning", f"video '{name}': its {what} ({attrs[attr]}) has no "
                     "place in a moocforge video and is left out", block, name)
    if attrs.get("edx_video_id"):
        ctx.video_ids[name] = attrs["edx_video_id"]
    stem = posixpath.splitext(posixpath.basename(local))[0] if local else name
    where = posixpath.dirname(local) if local else f"{folder}/media"
    files: dict[str, Any] = {}
    transcripts: dict[str, str] = {}
    for lang, cues in _transcripts(ctx, block).items():
        rel = f"{where}/{stem}.{lang}.vtt"
        files[posixpath.relpath(rel, folder)] = vtt(cues)
        transcripts[lang] = posixpath.relpath(rel, folder)
    if transcripts:
        entry["transcripts"] = transcripts
    return entry, files


def _youtube(value: str) -> str:
    for part in value.split(","):
        speed, _, video_id = part.strip().partition(":")
        if speed.strip() in ("1.00", "1.0", "1") and video_id.strip():
            return video_id.strip()
    return ""


def _sources(block: Block) -> list[str]:
    found: list[str] = []
    try:
        listed = json.loads(block.attrs.get("html5_sources") or "[]")
    except ValueError:
        listed = []
    found += [str(s) for s in listed if isinstance(s, str) and s]
    found += [s.get("src", "") for s in block.element.findall("source") if s.get("src")]
    return list(dict.fromkeys(found))


def _transcripts(ctx: Context, block: Block) -> dict[str, tuple[Cue, ...]]:
    """Every transcript of the block, by language (course languages only)."""
    files: dict[str, str] = {}
    try:
        listed = json.loads(block.attrs.get("transcripts") or "{}")
    except ValueError:
        listed = {}
    if isinstance(listed, dict):
        files.update({str(k): str(v) for k, v in listed.items()})
    for node in block.element.findall("transcript"):
        if node.get("language") and node.get("src"):
            files.setdefault(node.get("language", ""), node.get("src", ""))
    evid = block.attrs.get("edx_video_id")
    for node in block.element.findall("video_asset/transcripts/transcript"):
        lang = node.get("language_code", "")
        if lang and evid:
            files.setdefault(lang, f"{evid}-{lang}.{node.get('file_format', 'srt')}")
    sub = block.attrs.get("sub")
    if sub:
        files.setdefault(ctx.lang, f"subs_{sub}.srt.sjson")
    found: dict[str, tuple[Cue, ...]] = {}
    for lang, name in sorted(files.items()):
        if lang != ctx.lang and lang not in ctx.other_langs:
            ctx.find("MF658", "warning", f"video '{block.url_name}': its {lang} transcript "
                     f"({name}) is left out: {lang} is not a language of the course (merge a "
                     "translation with --merge-lang to add it)", block, block.url_name,
                     hint=f"import again with --merge-lang {lang} <the {lang} export>, or "
                          "leave it out if the course is not given in that language")
            continue
        cues = _cues(ctx, block, name)
        if cues:
            found[lang] = cues
    return found


def _cues(ctx: Context, block: Block, name: str) -> tuple[Cue, ...]:
    ctx.statics.consume(name)
    text = ctx.export.text(f"static/{name}")
    if text is None:
        ctx.find("MF658", "warning", f"video '{block.url_name}': transcript static/{name} is "
                 "missing from the export", block, block.url_name,
                 hint="upload the transcript in Studio (or add it to the export's static/) "
                      "and import again, or write media/<video>.<lang>.vtt")
        return ()
    if name.endswith(".sjson"):
        return _sjson(ctx, block, name, text)
    parsed = parse_transcript(text, "vtt" if name.endswith(".vtt") else "srt", f"static/{name}")
    if not parsed.ok:
        ctx.find("MF658", "warning", f"video '{block.url_name}': transcript static/{name} does "
                 f"not parse ({parsed.problems[0].message}); it is left out", block,
                 block.url_name)
        return ()
    return tuple(parsed.cues)


def _sjson(ctx: Context, block: Block, name: str, text: str) -> tuple[Cue, ...]:
    """Open edX's own transcript format: {"start": [ms…], "end": [ms…], "text": […]}."""
    try:
        data = json.loads(text)
        cues = tuple(Cue(float(s) / 1000, float(e) / 1000, str(t), 0)
                     for s, e, t in zip(data["start"], data["end"], data["text"], strict=True)
                     if str(t).strip() and float(e) > float(s))
    except (ValueError, KeyError, TypeError):
        ctx.find("MF658", "warning", f"video '{block.url_name}': transcript static/{name} is "
                 "not valid SJSON; it is left out", block, block.url_name)
        return ()
    return cues


def vtt(cues: tuple[Cue, ...]) -> str:
    """WebVTT with the cue text as the transcript had it: an SRT `&` stays `&` (moocforge
    reads it as the character, and writes it back to SRT unchanged)."""
    blocks = [f"{_clock(c.start)} --> {_clock(c.end)}\n{_cue_text(c.text)}\n" for c in cues]
    return "\n".join(["WEBVTT\n", *blocks])


def _clock(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    lines = [line.replace("-->", "→") for line in text.split("\n") if line.strip()]
    return "\n".join(lines) or "…"
