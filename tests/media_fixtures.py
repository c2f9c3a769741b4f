"""Real media made with ffmpeg's lavfi sources, and small courses that use them."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path


def make_video(path: Path, *, seconds: float = 2, size: str = "640x360", rate: int = 25,
               audio: bool = True, vcodec: str = "libx264", acodec: str = "aac",
               extra: tuple[str, ...] = ()) -> Path:
    """A short test-pattern video (with a sine tone when `audio`), made by the real ffmpeg."""
    path.parent.mkdir(parents=True, exist_ok=True)
    args = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                 "-c:a", acodec, "-shortest"]
    args += ["-c:v", vcodec, *(("-preset", "ultrafast") if vcodec == "libx264" else ()),
             "-pix_fmt", "yuv420p", *extra, str(path)]
    subprocess.run(args, check=True)
    return path


def video_week(items: str) -> str:
    return textwrap.dedent("""\
        title: {fr: Vidéos, en: Videos}
        lessons:
          - title: {fr: Leçon, en: Lesson}
            items:
        """) + textwrap.indent(textwrap.dedent(items), " " * 6)


def course_yml_with(extra: str) -> str:
    return textwrap.dedent("""\
        id: media-course
        title: {fr: Médias, en: Media}
        org: Org
        number: M1
        languages: [fr, en]
        runs:
          2027-spring: {start: 2027-03-01, end: 2027-04-12}
        grading:
          pass: 0.5
          types:
            - {type: Quiz, weight: 1.0}
        weeks:
          - weeks/01-bienvenue
          - weeks/02-videos
        """) + textwrap.dedent(extra)
