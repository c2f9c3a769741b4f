"""Narration audio for codecasts, with espeak-ng as the draft videos have.

For each codecast and each course language without a recorded narration, every step's text
is spoken separately (`moocforge.media.draft.synthesize`, at the course's speaking rate),
the pieces are joined with a short silence between steps, and two files are written beside
the codecast file: `<file>.<lang>.mp3` (mono MP3) and `<file>.<lang>.vtt`, the cue list with
one cue per step, which the loader reads for the steps' timings. Authors commit both; a
recorded narration (`narration:` in the codecast file) is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.codecast.timeline import MIN_STEP_SECONDS, STEP_PAUSE, narration_files
from moocforge.diagnostics import Diagnostic
from moocforge.media.draft import ESPEAK_HINT, espeak_voice, synthesize
from moocforge.media.transcripts import to_vtt
from moocforge.model import Codecast, Course, Cue
from moocforge.output import atomic_file

AUDIO_KBPS = 32
AUDIO_RATE = 22050


@dataclass
class NarrationReport:
    written: list[tuple[str, float]] = field(default_factory=list)  # audio file, seconds
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _frames(wav: Path) -> tuple[bytes, int]:
    with wave.open(str(wav), "rb") as reader:
        return reader.readframes(reader.getnframes()), reader.getframerate()


def speak_steps(texts: list[str], voice: str, wpm: int, workdir: Path
                ) -> tuple[Path, list[Cue]]:
    """One WAV of every step's narration in order, and a cue per step."""
    pieces: list[bytes] = []
    cues: list[Cue] = []
    clock, rate = 0.0, 22050
    for number, text in enumerate(texts, start=1):
        wav = workdir / f"step-{number}.wav"
        if text.strip():
            synthesize(text, voice, wpm, wav)
            frames, rate = _frames(wav)
        else:
            frames = b""
        frames += b"\0\0" * max(0, int(MIN_STEP_SECONDS * rate) - len(frames) // 2)
        seconds = len(frames) / 2 / rate
        cues.append(Cue(round(clock, 3), round(clock + seconds, 3), text.strip() or "…",
                        number))
        gap = b"\0\0" * int(STEP_PAUSE * rate) if number < len(texts) else b""
        pieces.append(frames + gap)
        clock += seconds + len(gap) / 2 / rate
    whole = workdir / "narration.wav"
    with wave.open(str(whole), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(pieces))
    return whole, cues


def _encode_mp3(wav: Path, target: Path) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-ac", "1",
                    "-ar", str(AUDIO_RATE), "-c:a", "libmp3lame", "-b:a", f"{AUDIO_KBPS}k",
                    "-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
                    "-id3v2_version", "0", "-f", "mp3", str(target)],
                   check=True, capture_output=True)


def narrate_one(course: Course, item: Codecast, lang: str) -> tuple[str, float]:
    """Write the audio and cue list of one language; returns (audio file, seconds)."""
    audio_rel, cues_rel = narration_files(item.file, lang)
    texts = [step.narration.get_lang(lang) if lang in step.narration else ""
             for step in item.steps]
    with tempfile.TemporaryDirectory(prefix="moocforge-narrate-") as tmp:
        wav, cues = speak_steps(texts, espeak_voice(lang), course.speaking_rate_wpm, Path(tmp))
        audio_path = course.root / audio_rel
        with atomic_file(audio_path) as out:
            _encode_mp3(wav, out)
    cues_text = to_vtt(cues)
    cues_path = course.root / cues_rel
    if not cues_path.is_file() or cues_path.read_text("utf-8") != cues_text:
        with atomic_file(cues_path) as out:
            out.write_text(cues_text, "utf-8")
    return audio_rel, cues[-1].end if cues else 0.0


def narratable(course: Course, only: str | None = None) -> list[tuple[Codecast, str]]:
    """(codecast, language) pairs whose narration is generated (not recorded)."""
    return [(item, lang) for item in course.items if isinstance(item, Codecast)
            and (only is None or item.id == only) for lang in course.languages
            if lang not in item.narrations or item.narrations[lang].source != "recorded"]


def narrate_course(course: Course, only: str | None = None) -> NarrationReport:
    report = NarrationReport()
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            hint = ESPEAK_HINT if tool == "espeak-ng" else "install ffmpeg: apt-get install ffmpeg"
            report.diagnostics.append(Diagnostic("MF745", "error", f"{tool} is not installed",
                                                 course.loc, hint, "codecast-narrate"))
    if report.diagnostics:
        return report
    for item, lang in narratable(course, only):
        try:
            report.written.append(narrate_one(course, item, lang))
        except (subprocess.CalledProcessError, OSError, wave.Error) as error:
            stderr = getattr(error, "stderr", b"") or b""
            reason = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(error)]
            report.diagnostics.append(Diagnostic(
                "MF747", "error", f"cannot narrate codecast '{item.id}' in {lang}: {reason[0]}",
                item.loc, "check that espeak-ng and ffmpeg work", "codecast-narrate", item.id))
    return report
