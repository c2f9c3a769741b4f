"""`media.lock`: what ffprobe said about each video, keyed by content hash, committed by authors.

Format (version 1, human-readable YAML, sorted keys, stable output)::

    version: 1
    videos:
      weeks/01-intro/media/hello.mp4:      # course-relative path
        audio_codec: aac
        bit_rate: 94012
        container: mov,mp4,m4a,3gp,3g2,mj2
        duration: 212.48
        fps: 1.0
        has_audio: true
        height: 360
        probed_with: ffprobe 5.1.9-0+deb12u1
        sha256: 3f1c…
        size: 2496118
        variable_frame_rate: false
        video_codec: h264
        width: 640

An entry is trusted only while the file's SHA-256 matches (the size is checked first because
it is free); when the file is absent (media kept out of git, CI) the entry is used as is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from moocforge.diagnostics import Diagnostic
from moocforge.media.probe import MediaInfo
from moocforge.model import Loc
from moocforge.output import atomic_file

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOCK_FILE = "media.lock"
LOCK_VERSION = 1
HEADER = ("# media.lock: video facts measured by ffprobe, written by moocforge; commit it.\n"
          "# An entry is reused while the file's sha256 matches. Do not edit by hand.\n")

_FIELDS = {
    "sha256": str, "size": int, "duration": float, "width": int, "height": int,
    "video_codec": str, "audio_codec": str, "has_audio": bool, "fps": float, "bit_rate": int,
}
_OPTIONAL = {"container": str, "variable_frame_rate": bool}
_MAX_INT = 2**63  # sizes and bit rates beyond this are not measurements


@dataclass(frozen=True)
class LockEntry:
    info: MediaInfo
    probed_with: str

    def to_yaml(self) -> dict:
        data = self.info.to_dict()
        data["probed_with"] = self.probed_with
        return data


@dataclass
class MediaLock:
    videos: dict[str, LockEntry]
    problems: list[Diagnostic]
    text: str | None  # the file's text as read, to skip rewriting an unchanged lock
    newer: bool = False  # written by a newer moocforge: never rewritten


def read_lock(root: Path) -> MediaLock:
    """Read `<root>/media.lock`; a missing file is an empty lock, a broken one a warning."""
    path = root / LOCK_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return MediaLock({}, [], None)
    except (OSError, UnicodeDecodeError) as error:
        return MediaLock({}, [_warning(f"cannot read {LOCK_FILE}: {error}")], None)
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        return MediaLock({}, [_warning(f"{LOCK_FILE} is not valid YAML", line)], text)
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > LOCK_VERSION:
        return MediaLock({}, [_warning(
            f"{LOCK_FILE} was written by a newer moocforge (version {version}); it is left "
            "as is", _line_of(text, "version") or 1,
            "upgrade moocforge (pip install -U moocforge) to use it")], text, newer=True)
    if not isinstance(data, dict) or version != LOCK_VERSION \
            or not isinstance(data.get("videos") or {}, dict):
        key = "version" if version != LOCK_VERSION else "videos"
        return MediaLock({}, [_warning(f"{LOCK_FILE} is not a version {LOCK_VERSION} lock",
                                       _line_of(text, key) or 1)], text)
    videos: dict[str, LockEntry] = {}
    problems = []
    for rel, raw in (data.get("videos") or {}).items():
        entry = _entry(raw)
        if entry is None:
            problems.append(_warning(f"{LOCK_FILE}: ignoring the malformed entry for "
                                     f"'{rel}'", _line_of(text, str(rel))))
        else:
            videos[str(rel)] = entry
    return MediaLock(videos, problems, text)


def _entry(raw: object) -> LockEntry | None:
    if not isinstance(raw, dict):
        return None
    values: dict[str, object] = {}
    for name, kind in {**_FIELDS, **_OPTIONAL}.items():
        value = raw.get(name)
        if value is None and name in _OPTIONAL:
            value = kind()
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            try:
                value = float(value)
            except OverflowError:  # an integer too large for a float: not a measurement
                return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return None
        if kind is int and not 0 <= value < _MAX_INT:  # type: ignore[operator]
            return None
        if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
            return None
        values[name] = value
    return LockEntry(MediaInfo(**values), str(raw.get("probed_with") or ""))  # type: ignore[arg-type]


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith((f"{key}:", f"'{key}':", f'"{key}":')):
            return number
    return 0


def _warning(message: str, line: int = 0, hint: str = "it is rewritten from the media "
             "files; if they are not here, restore it from git") -> Diagnostic:
    return Diagnostic("MF730", "warning", message, Loc(LOCK_FILE, line), hint,
                      rule="media-lock")


def render_lock(videos: dict[str, LockEntry]) -> str:
    body = {"version": LOCK_VERSION,
            "videos": {rel: videos[rel].to_yaml() for rel in sorted(videos)}}
    return HEADER + yaml.safe_dump(body, sort_keys=True, allow_unicode=True,
                                   default_flow_style=False, width=1000)


def write_lock(root: Path, videos: dict[str, LockEntry], previous_text: str | None,
               *, newer: bool = False) -> list[Diagnostic]:
    """Write the lock atomically, only when its content changes (and never over the lock of
    a newer moocforge, `newer`: read_lock warned about it)."""
    text = render_lock(videos)
    if text == previous_text or newer:
        return []
    if not videos and previous_text is None:
        return []  # a course without local videos gets no lock file
    try:
        with atomic_file(root / LOCK_FILE) as tmp:
            tmp.write_text(text, "utf-8")
    except OSError as error:
        return [Diagnostic("MF731", "warning", f"cannot write {LOCK_FILE}: {error}",
                           Loc(LOCK_FILE), "make the course folder writable, then run "
                           "`moocforge media probe`", rule="media-lock")]
    return []
