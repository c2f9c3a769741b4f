"""The one way moocforge runs ffprobe: `probe(path)` → `MediaInfo`, with every call counted.

Everything that needs facts about a video file goes through `probe()`, so tests and
benchmarks can read `STATS.calls` to prove that a rebuild with unchanged media (served from
`media.lock`) starts no ffprobe process at all.

The ffprobe binary is looked up only when a file really needs probing; set `MOOCFORGE_FFPROBE`
to use another binary (or a missing one, to see what a machine without ffmpeg does).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import ffmpeg

INSTALL_HINT = "install ffmpeg: apt-get install ffmpeg (macOS: brew install ffmpeg)"
_HASH_CHUNK = 1 << 20


@dataclass
class ProbeStats:
    """How many ffprobe processes this Python process started (read by tests/benchmarks)."""

    calls: int = 0

    def reset(self) -> None:
        self.calls = 0


STATS = ProbeStats()
_lock = threading.Lock()
_version_cache: dict[str, str] = {}


class ProbeError(Exception):
    """ffprobe ran but could not read the file (corrupt, truncated, not a media file)."""


class ProbeUnavailable(Exception):
    """No ffprobe binary on this machine."""


@dataclass(frozen=True)
class MediaInfo:
    duration: float  # seconds
    width: int
    height: int
    video_codec: str  # "" when there is no video stream
    audio_codec: str  # "" when there is no audio stream
    has_audio: bool
    fps: float
    variable_frame_rate: bool
    bit_rate: int  # bits per second, whole file
    size: int  # bytes
    sha256: str
    container: str = ""  # ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"

    def to_dict(self) -> dict:
        return asdict(self)


def ffprobe_binary() -> str:
    return os.environ.get("MOOCFORGE_FFPROBE", "ffprobe")


def available() -> bool:
    return shutil.which(ffprobe_binary()) is not None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ffprobe_version() -> str:
    """`ffprobe 5.1.9-0+deb12u1`, recorded in media.lock as `probed_with` (asked once)."""
    binary = ffprobe_binary()
    if binary not in _version_cache:
        try:
            out = subprocess.run([binary, "-version"], capture_output=True, text=True,
                                 check=False, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        words = out.split()
        _version_cache[binary] = f"ffprobe {words[2]}" if len(words) > 2 else "ffprobe"
    return _version_cache[binary]


def probe(path: Path, sha256: str | None = None) -> MediaInfo:
    """Run ffprobe once on `path`. Raises ProbeUnavailable or ProbeError, nothing else."""
    binary = ffprobe_binary()
    if shutil.which(binary) is None:
        raise ProbeUnavailable(f"ffprobe not found ('{binary}')")
    with _lock:
        STATS.calls += 1
    try:
        data = ffmpeg.probe(str(path), cmd=binary)
    except ffmpeg.Error as error:
        raise ProbeError(_last_line(error.stderr)) from None
    except (OSError, ValueError) as error:  # ValueError: ffprobe printed non-JSON
        raise ProbeError(str(error)) from None
    return _media_info(path, data, sha256 or sha256_of(path))


def _last_line(stderr: bytes | None) -> str:
    lines = [line for line in (stderr or b"").decode("utf-8", "replace").splitlines()
             if line.strip()]
    return lines[-1].strip() if lines else "ffprobe could not read the file"


def _rate(value: object) -> float:
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(rate) if rate > 0 else 0.0


def _number(value: object, cast=float):
    try:
        return cast(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return cast(0)


def _media_info(path: Path, data: dict, sha256: str) -> MediaInfo:
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    duration = _number(fmt.get("duration"))
    if not duration and video is not None:
        duration = _number(video.get("duration"))
    fps = avg = 0.0
    if video is not None:
        avg = _rate(video.get("avg_frame_rate"))
        fps = avg or _rate(video.get("r_frame_rate"))
    return MediaInfo(
        duration=round(duration, 3),
        width=int((video or {}).get("width") or 0),
        height=int((video or {}).get("height") or 0),
        video_codec=str((video or {}).get("codec_name") or ""),
        audio_codec=str((audio or {}).get("codec_name") or ""),
        has_audio=audio is not None,
        fps=round(fps, 3),
        variable_frame_rate=_is_variable(video, avg),
        bit_rate=_number(fmt.get("bit_rate"), int),
        size=path.stat().st_size,
        sha256=sha256,
        container=str(fmt.get("format_name") or ""),
    )


def _is_variable(video: dict | None, avg: float) -> bool:
    """ffprobe's r_frame_rate is the base rate that all timestamps fit; for a constant frame
    rate it equals the average rate. A gap of more than 1% means frames come irregularly."""
    if video is None or not avg:
        return False
    base = _rate(video.get("r_frame_rate"))
    return bool(base) and abs(base - avg) / base > 0.01
