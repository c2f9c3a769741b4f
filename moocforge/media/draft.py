"""Draft videos from scripts: a synthetic voice reads the script over a title slide.

For every video item with a `script:`, `draft_course` writes the item's `video:` file (drafts
are sources: authors commit them until the real recording replaces them) and one transcript per
language whose script exists, with cues timed in proportion to the words. Authors use drafts to
preview the course and lint its pacing before filming.

- Speech: espeak-ng (`-v fr`, `-v en`…) in the course's default language, at the course's
  speaking rate (default 183 words a minute). espeak's own rate is only nominal, so the speech
  is synthesised once, its length measured, then synthesised again at a corrected rate and
  finally stretched with ffmpeg's `atempo` to land on words / rate.
- Slide: the item title and the script's Markdown headings, drawn by ffmpeg's `drawtext`
  with a DejaVu/Liberation font found through fontconfig (a plain slide when there is none).
- Encoding: a still-image H.264 MP4 (1 fps, `-tune stillimage`, high CRF) with mono AAC
  speech, so a five-minute draft weighs about 1 MB.

Drafting never overwrites a file it did not draft: each draft video carries a marker in its
metadata (`comment`: JSON naming it a moocforge draft, with the SHA-256 of each transcript
drafted with it). An item is drafted again only when its video is absent or such a draft,
and each of its transcripts is absent or unchanged since; otherwise nothing of the item is
written (MF748), unless `force`, which first keeps each such file as `<file>.bak`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import ffmpeg

from moocforge.diagnostics import Diagnostic
from moocforge.media.probe import ffprobe_binary
from moocforge.media.transcode import BITEXACT
from moocforge.media.transcripts import Cue, to_srt, to_vtt
from moocforge.model import Course, Loc, Video
from moocforge.output import atomic_file
from moocforge.workload import word_count

# Every pattern stops at the next opener (`[`, `(`, `<`) or is anchored, so reading a script
# is linear on any text.
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_SENTENCE = re.compile(r"(?<=[.!?…])[\s»\"]*\s(?=\S)")
_IMAGE = re.compile(r"!\[[^\[\]]*+\]\([^()]*+\)")
_LINK = re.compile(r"\[([^\[\]]*+)\]\([^()]*+\)")
_TAG = re.compile(r"<[^<>]++>")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+([^\n]+)$", re.MULTILINE)
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)")
_FONT_NAMES = ("DejaVu Sans", "Liberation Sans", "FreeSans", "Noto Sans", "sans-serif")
LEFT_MARGIN = 36  # pixels on a 360-line slide
# Words on the slide, per language (English for the others).
SLIDE_WORDS = {"fr": ("Semaine", "brouillon, voix de synthèse"),
               "en": ("Week", "draft, synthetic voice")}
MAX_CUE_CHARS = 84  # two lines of 42 characters, the usual caption limit
ESPEAK_HINT = "install espeak-ng: apt-get install espeak-ng"
MARKER = "moocforge-draft"  # key of the JSON in a draft video's `comment` metadata


@dataclass(frozen=True)
class DraftSettings:
    width: int = 640
    height: int = 360
    fps: int = 1
    crf: int = 42
    gop_seconds: int = 30  # a keyframe every 30 s keeps seeking usable and files small
    audio_kbps: int = 16  # the native AAC encoder overshoots: this gives about 20 kbps
    audio_rate: int = 16000  # speech needs no more; AAC keeps close to the bitrate here
    background: str = "0x1e3a5f"
    voice: str | None = None  # espeak-ng voice; default: the course's default language


@dataclass
class DraftReport:
    written: list[tuple[str, float, int]] = field(default_factory=list)  # file, seconds, bytes
    transcripts: list[str] = field(default_factory=list)
    backups: list[str] = field(default_factory=list)  # course-relative copies made by force
    diagnostics: list[Diagnostic] = field(default_factory=list)


# --------------------------------------------------------------------------- text


def spoken_text(markdown: str) -> str:
    """What the narrator says: the script's prose without Markdown syntax or code blocks.

    Headings, list items and paragraphs each become at least one sentence, so the voice
    pauses between them and captions do not run two of them together.
    """
    text = _without_comments(_FENCE.sub("\n\n", markdown))
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    units: list[list[str]] = [[]]
    for line in text.splitlines():
        block_start = _BLOCK_START.match(line)
        if not line.strip() or block_start:
            units.append([])
        line = _BLOCK_START.sub("", line).lstrip("> ").strip()
        if line:
            units[-1].append(line)
    sentences_ = []
    for unit in units:
        words = re.sub(r"[*_`~]+", "", " ".join(unit)).strip()
        if words:
            sentences_.append(words if re.search(r"[.!?…:;]$", words) else words + ".")
    return " ".join(" ".join(sentences_).split())


def _without_comments(text: str) -> str:
    """`<!-- … -->` replaced by a space (found with str.find: no rescanning)."""
    parts, last = [], 0
    while (start := text.find("<!--", last)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts += [text[last:start], " "]
        last = end + 3
    return "".join(parts) + text[last:]


def headings(markdown: str) -> list[str]:
    prose = _FENCE.sub(" ", markdown)
    return [re.sub(r"[*_`]+", "", m.group(1).rstrip(" \t").rstrip("#")).strip()
            for m in _HEADING.finditer(prose)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def caption_chunks(text: str, max_chars: int = MAX_CUE_CHARS) -> list[str]:
    """Sentences; long ones cut at commas into parts of similar length, each ≤ `max_chars`."""
    chunks: list[str] = []
    for sentence in sentences(text):
        if len(sentence) <= max_chars:
            chunks.append(sentence)
            continue
        target = len(sentence) / math.ceil(len(sentence) / max_chars)
        for piece in _glue(re.split(r"(?<=[,;:])\s+", sentence), max_chars, target):
            chunks += _even_parts(piece, max_chars)
    return _glue(chunks, max_chars, tiny=16)


def _glue(pieces: list[str], max_chars: int, target: float = 0, tiny: int | None = None
          ) -> list[str]:
    """Join neighbours while they fit (and, with `target`, while the first is short of it;
    with `tiny`, only when one of them is shorter than that)."""
    merged: list[str] = []
    for piece in pieces:
        fits = bool(merged) and len(merged[-1]) + len(piece) + 1 <= max_chars
        short = not target or len(merged[-1] if merged else "") + len(piece) / 2 < target
        small = tiny is None or len(piece) < tiny or len(merged[-1] if merged else "") < tiny
        if fits and short and small:
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return merged


def _even_parts(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    parts, words, tried = math.ceil(len(text) / max_chars), len(text.split()), 0
    while True:  # the narrowest width giving `parts` lines, so no line is a stray word
        width = math.ceil(len(text) / parts) + 8
        if width != tried:  # parts giving the same width give the same lines: wrap once
            lines, tried = textwrap.wrap(text, width, break_long_words=False), width
            if all(len(line) <= max_chars for line in lines):
                return lines
        if parts > words:
            return lines
        parts += 1


def timed_cues(text: str, duration: float) -> list[Cue]:
    """Cues covering [0, duration], each as long as its share of the words."""
    chunks = caption_chunks(text)
    weights = [max(1, word_count(chunk)) for chunk in chunks]
    total = sum(weights)
    cues, spoken = [], 0
    for number, (chunk, weight) in enumerate(zip(chunks, weights, strict=True), start=1):
        start = round(duration * spoken / total, 3)
        spoken += weight
        end = round(duration * spoken / total, 3)
        cues.append(Cue(start, min(end, duration), _two_lines(chunk), number))
    return cues


def _two_lines(chunk: str) -> str:
    if len(chunk) <= MAX_CUE_CHARS // 2:
        return chunk
    return "\n".join(textwrap.wrap(chunk, MAX_CUE_CHARS // 2 + 2, break_long_words=False))


# --------------------------------------------------------------------------- tools


@functools.cache
def find_font(bold: bool = False) -> str | None:
    """A TrueType font file for drawtext, through fontconfig; None when there is none."""
    if shutil.which("fc-match") is None:
        return None
    for name in _FONT_NAMES:
        pattern = f"{name}:bold" if bold else name
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                                 text=True, check=False, timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
        if out.lower().endswith((".ttf", ".otf")) and Path(out).is_file():
            return out
    return None


def espeak_voice(lang: str) -> str:
    return lang.split("-")[0].lower()


def synthesize(text: str, voice: str, wpm: int, wav: Path) -> float:
    """Speech for `text` in `wav`, `word_count / wpm` minutes long (±1%); returns seconds."""
    target = word_count(text) / wpm * 60
    script = wav.with_suffix(".txt")
    script.write_text(text, "utf-8")
    rate = wpm
    for _ in range(2):
        _espeak(script, voice, rate, wav)
        actual = wav_seconds(wav)
        if not target or abs(actual - target) / target < 0.01:
            return actual
        rate = max(80, min(450, round(rate * actual / target)))
    return _stretch(wav, actual, target)


def _espeak(script: Path, voice: str, rate: int, wav: Path) -> None:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav), "-f",
                    str(script)], check=True, capture_output=True)


def wav_seconds(wav: Path) -> float:
    import wave

    with wave.open(str(wav), "rb") as reader:
        return reader.getnframes() / float(reader.getframerate())


def _stretch(wav: Path, actual: float, target: float) -> float:
    tempo = min(2.0, max(0.5, actual / target))
    stretched = wav.with_name(wav.stem + ".tempo.wav")
    (ffmpeg.input(str(wav)).filter("atempo", f"{tempo:.5f}")
     .output(str(stretched), **BITEXACT).global_args("-nostdin", "-v", "error")
     .overwrite_output().run(capture_stdout=True, capture_stderr=True))
    os.replace(stretched, wav)
    return wav_seconds(wav)


# --------------------------------------------------------------------------- rendering


def slide_video_args(title: str, lines: list[str], footer: str, wav: Path, duration: float,
                     target: Path, settings: DraftSettings, workdir: Path,
                     marker: str = "") -> list[str]:
    """ffmpeg command: a colour slide with the title and headings, muxed with the speech."""
    size = f"{settings.width}x{settings.height}"
    video = ffmpeg.input(f"color=c={settings.background}:s={size}:r={settings.fps}"
                         f":d={duration:.3f}", f="lavfi").video
    regular, bold = find_font(), find_font(bold=True) or find_font()
    scale = settings.height / 360
    if regular and bold:
        video = _text(video, workdir / "title.txt", textwrap.fill(title, 34), bold,
                      round(28 * scale), round(36 * scale), "white")
        top = round((52 + 38 * min(3, len(textwrap.wrap(title, 34)))) * scale)
        bullet_text = "\n".join(f"• {textwrap.shorten(line, 52, placeholder='…')}"
                                for line in lines[:7])
        if bullet_text:
            video = _text(video, workdir / "points.txt", bullet_text, regular,
                          round(19 * scale), top, "0xdbe7f3")
        video = _text(video, workdir / "footer.txt", footer, regular, round(13 * scale),
                      settings.height - round(30 * scale), "0x9fb6cc")
    audio = ffmpeg.input(str(wav)).audio
    output = ffmpeg.output(
        video, audio, str(target), f="mp4", t=f"{duration:.3f}",
        **{"c:v": "libx264", "tune": "stillimage", "preset": "veryslow", "crf": settings.crf,
           "g": settings.fps * settings.gop_seconds, "pix_fmt": "yuv420p",
           "c:a": "aac", "b:a": f"{settings.audio_kbps}k", "ac": 1, "ar": settings.audio_rate,
           "movflags": "+faststart", "threads": 1, **BITEXACT,
           **({"metadata": f"comment={marker}"} if marker else {})})
    return output.global_args("-nostdin", "-v", "error").overwrite_output().compile()


def _text(video, file: Path, text: str, font: str, size: int, y: int, colour: str):
    file.write_text(text, "utf-8")  # a text file spares us drawtext's escaping rules
    return video.drawtext(textfile=str(file), fontfile=font, fontsize=size, fontcolor=colour,
                          x=f"{LEFT_MARGIN}*h/360", y=y, line_spacing=round(size * 0.35),
                          expansion="none")


# --------------------------------------------------------------------------- course


def draftable(course: Course, item_id: str | None = None) -> list[Video]:
    return [item for item in course.items
            if item.kind == "video" and item.file and item.script is not None
            and item.script.default.strip() and (item_id is None or item.id == item_id)]


def draft_course(course: Course, item_id: str | None = None,
                 settings: DraftSettings | None = None, jobs: int | None = None,
                 on_done: Callable[[str], None] | None = None, force: bool = False
                 ) -> DraftReport:
    """Write a draft video and transcripts for each video item that has a script; files
    moocforge did not draft (or that changed since) are left alone, unless `force`."""
    settings = settings or DraftSettings()
    report = DraftReport()
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            hint = ESPEAK_HINT if tool == "espeak-ng" else "install ffmpeg: apt-get install ffmpeg"
            report.diagnostics.append(Diagnostic("MF745", "error", f"{tool} is not installed",
                                                 course.loc, hint, "media-draft"))
    if report.diagnostics:
        return report
    videos = draftable(course, item_id)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(videos) or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda v: _draft_one(course, v, settings, force), videos):
            written, transcripts, backups, problems = result
            if written:
                report.written.append(written)
                if on_done is not None:
                    on_done(written[0])
            report.transcripts += transcripts
            report.backups += backups
            report.diagnostics += problems
    return report


def _draft_one(course: Course, video: Video, settings: DraftSettings, force: bool
               ) -> tuple[tuple[str, float, int] | None, list[str], list[str],
                          list[Diagnostic]]:
    assert video.script is not None and video.file
    lang = course.default_lang
    text = spoken_text(video.script.get_lang(lang))
    target = course.root / video.file
    transcripts = transcript_paths(course, video)
    home = course.root.resolve()
    outside = [rel for rel in (video.file, *transcripts.values())
               if not (course.root / rel).resolve().is_relative_to(home)]
    if outside:
        return None, [], [], [Diagnostic(
            "MF746", "error", f"cannot draft '{video.file}': '{outside[0]}' is outside the "
            "course folder", video.loc, "draft into a folder of the course, not through a "
            "symbolic link out of it", "media-draft", video.id)]
    foreign = not_drafted(course.root, video.file, list(transcripts.values()))
    if foreign and not force:  # a recording blocks the item: its transcripts go unsaid
        shown = [video.file] if video.file in foreign else foreign
        return None, [], [], [_refused(video, rel) for rel in shown]
    backups: list[str] = []
    with tempfile.TemporaryDirectory(prefix="moocforge-draft-") as tmp:
        workdir = Path(tmp)
        try:
            duration = synthesize(text, settings.voice or espeak_voice(lang),
                                  course.speaking_rate_wpm, workdir / "speech.wav")
            bodies = _transcript_bodies(video, transcripts, duration)
            footer = f"{course.title.get_lang(lang)} · {_words(lang)[1]}"
            backups = [back_up(course.root, rel) for rel in foreign]
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(target) as out:
                args = slide_video_args(video.title.get_lang(lang),
                                        _slide_lines(course, video, lang), footer,
                                        workdir / "speech.wav", duration, out, settings,
                                        workdir, draft_marker(bodies))
                subprocess.run(args, check=True, capture_output=True)
        except (subprocess.CalledProcessError, ffmpeg.Error, OSError) as error:
            stderr = getattr(error, "stderr", b"") or b""
            reason = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(error)]
            return None, [], backups, [Diagnostic(
                "MF746", "error", f"cannot draft '{video.file}': {reason[0]}", video.loc,
                "check the script and that espeak-ng and ffmpeg work", "media-draft",
                video.id)]
    written = _write_transcripts(course, bodies)
    return (video.file, duration, target.stat().st_size), written, backups, []


# --------------------------------------------------------------------------- ownership


def draft_marker(transcripts: dict[str, str]) -> str:
    """The `comment` of a draft video: what moocforge drafted with it (path -> SHA-256)."""
    hashes = {rel: hashlib.sha256(body.encode("utf-8")).hexdigest()
              for rel, body in sorted(transcripts.items())}
    return json.dumps({MARKER: 1, "transcripts": hashes}, sort_keys=True)


def read_marker(video: Path) -> dict[str, str] | None:
    """The transcripts a draft video was drafted with, or None: not a moocforge draft (or
    not readable, which is treated the same way)."""
    try:
        out = subprocess.run([ffprobe_binary(), "-v", "error", "-show_entries",
                              "format_tags=comment", "-of", "default=nw=1:nk=1", str(video)],
                             capture_output=True, text=True, check=False, timeout=60).stdout
        data = json.loads(out.strip() or "null")
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    if not isinstance(data, dict) or data.get(MARKER) != 1 or \
            not isinstance(data.get("transcripts"), dict):
        return None
    return {str(rel): str(sha) for rel, sha in data["transcripts"].items()}


def not_drafted(root: Path, video: str, transcripts: list[str]) -> list[str]:
    """The files of an item that exist and that moocforge did not draft as they are now:
    a video without the marker, a transcript its draft video does not list with that
    content (a hand correction, or a file the author wrote)."""
    path = root / video
    drafted = read_marker(path) if path.exists() else {}
    foreign = [video] if drafted is None else []
    for rel in transcripts:
        file = root / rel
        if file.exists() and (drafted or {}).get(rel) != _sha256(file):
            foreign.append(rel)
    return foreign


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def back_up(root: Path, rel: str) -> str:
    """Keep a copy of `rel` as `<rel>.bak` (then `.bak.2`, `.bak.3`…: no backup is ever
    overwritten either); returns the copy's course-relative path."""
    candidate, number = f"{rel}.bak", 1
    while (root / candidate).exists():
        number += 1
        candidate = f"{rel}.bak.{number}"
    shutil.copy2(root / rel, root / candidate)
    return candidate


def _refused(video: Video, rel: str) -> Diagnostic:
    kind = "video" if rel == video.file else "transcript"
    return Diagnostic(
        "MF748", "error", f"{kind} '{rel}' was not drafted by moocforge, or was changed "
        f"since: the draft of '{video.id}' is not written", Loc(rel),
        f"keep it (it is the real one), or replace it: `moocforge media draft <course> "
        f"{video.id} --force` keeps the current file as {rel}.bak", "media-draft", video.id)


def _slide_lines(course: Course, video: Video, lang: str) -> list[str]:
    """The script's headings; without any, where the video sits in the course."""
    assert video.script is not None
    found = headings(video.script.get_lang(lang))
    if found:
        return found
    for week, lesson, item in course.walk():
        if item.id == video.id:
            return [f"{_words(lang)[0]} {week.number} · {week.title.get_lang(lang)}",
                    lesson.title.get_lang(lang)]
    return []


def _words(lang: str) -> tuple[str, str]:
    return SLIDE_WORDS.get(lang.split("-")[0], SLIDE_WORDS["en"])


def transcript_paths(course: Course, video: Video) -> dict[str, str]:
    """lang -> course-relative transcript path, for every language the script has."""
    assert video.script is not None and video.file
    return {lang: video.transcripts.get(lang) or f"{video.file.rsplit('.', 1)[0]}.{lang}.vtt"
            for lang in course.languages if lang in video.script}


def _transcript_bodies(video: Video, paths: dict[str, str], duration: float
                       ) -> dict[str, str]:
    assert video.script is not None
    bodies = {}
    for lang, rel in paths.items():
        cues = timed_cues(spoken_text(video.script[lang]), duration)
        bodies[rel] = to_srt(cues) if rel.lower().endswith(".srt") else to_vtt(cues)
    return bodies


def _write_transcripts(course: Course, bodies: dict[str, str]) -> list[str]:
    for rel, body in bodies.items():
        path = course.root / rel
        if path.is_file() and path.read_text("utf-8", errors="replace") == body:
            continue
        with atomic_file(path) as tmp:
            tmp.write_text(body, "utf-8")
    return list(bodies)
