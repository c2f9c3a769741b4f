"""Transcode a course's videos to web profiles: H.264 + AAC MP4 with faststart, plus a poster.

Output goes to `<out>/<course-id>/media/<course-relative path>.mp4` (and `.jpg` for the
poster), never into the course. A file is skipped when its output exists and
`transcode.json` next to the outputs records the same source SHA-256 and profile. Files are
encoded in parallel (one ffmpeg per core); ffmpeg-python builds the command lines and
ffmpeg's `-progress` output drives the progress callback.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import ffmpeg

from moocforge.diagnostics import Diagnostic
from moocforge.media.enrich import local_videos, measure
from moocforge.media.probe import INSTALL_HINT, MediaInfo
from moocforge.model import Course, Video
from moocforge.output import atomic_file

MANIFEST = "transcode.json"
# Output options (they must precede the output file) that make the bytes reproducible.
BITEXACT = {"map_metadata": -1, "fflags": "+bitexact", "flags:v": "+bitexact",
            "flags:a": "+bitexact"}
VFR_OUTPUT_FPS = 30


@dataclass(frozen=True)
class Profile:
    name: str
    max_width: int
    max_height: int
    crf: int
    max_video_kbps: int
    audio_kbps: int

    def settings(self) -> dict:
        return {"name": self.name, "max": [self.max_width, self.max_height], "crf": self.crf,
                "maxrate": self.max_video_kbps, "audio": self.audio_kbps}


PROFILES = {
    "web-720p": Profile("web-720p", 1280, 720, 23, 2500, 128),
    "web-1080p": Profile("web-1080p", 1920, 1080, 22, 5000, 160),
}

ProgressCallback = Callable[[float], None]  # seconds of media encoded since the last call


@dataclass
class TranscodeReport:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    out_dir: Path | None = None


@dataclass(frozen=True)
class Job:
    video: Video
    source: Path
    info: MediaInfo
    target: Path
    poster: Path


def output_root(out: Path, course: Course) -> Path:
    return out / course.id / "media"


def plan(course: Course, out: Path, profile: Profile) -> tuple[list[Job], list[Job],
                                                                list[Diagnostic]]:
    """Split the course's local videos into jobs to run and jobs already up to date."""
    facts, diagnostics = measure(course)
    root = output_root(out, course)
    course_root = course.root.resolve()
    if root.resolve() == course_root or course_root in root.resolve().parents:
        diagnostics.append(Diagnostic(
            "MF740", "error", f"the transcode output {root} is inside the course folder",
            course.loc, "choose an --out folder outside the course (default: build)",
            "media-transcode"))
        return [], [], diagnostics
    manifest = _read_manifest(root)
    todo, fresh = [], []
    sources = {(course.root / v.file).resolve() for v in local_videos(course)}
    for video in local_videos(course):
        fact = facts.get(video.file)
        source = course.root / str(video.file)
        if fact is None or fact.info is None or not source.is_file():
            continue  # missing files are the loader's finding, unreadable ones measure's
        target = (root / video.file).with_suffix(".mp4")
        job = Job(video, source, fact.info, target, target.with_suffix(".jpg"))
        if target.resolve() in sources or job.poster.resolve() in sources:
            diagnostics.append(Diagnostic(
                "MF740", "error", f"transcoding '{video.file}' would overwrite a source file",
                video.loc, "choose an --out folder outside the course", "media-transcode",
                video.id))
            continue
        up_to_date = manifest.get(video.file) == _stamp(fact.info, profile)
        (fresh if up_to_date and target.is_file() and job.poster.is_file() else todo).append(job)
    return _unique(todo), _unique(fresh), diagnostics


def _unique(jobs: list[Job]) -> list[Job]:
    seen: dict[Path, Job] = {}
    for job in jobs:
        seen.setdefault(job.target, job)
    return list(seen.values())


def _stamp(info: MediaInfo, profile: Profile) -> dict:
    return {"sha256": info.sha256, "profile": profile.settings()}


def _read_manifest(root: Path) -> dict:
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def transcode_course(course: Course, out: Path, profile_name: str = "web-720p",
                     jobs: int | None = None, progress: ProgressCallback | None = None,
                     on_plan: Callable[[float], None] | None = None) -> TranscodeReport:
    """Transcode every local video that is not up to date; `on_plan` gets the total seconds."""
    profile = PROFILES[profile_name]
    todo, fresh, diagnostics = plan(course, out, profile)
    report = TranscodeReport(skipped=[j.video.file or "" for j in fresh],
                             diagnostics=diagnostics, out_dir=output_root(out, course))
    if on_plan is not None:
        on_plan(sum(j.info.duration for j in todo))
    if not todo:
        return report
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda j: _run_job(j, profile, threads, progress), todo))
    manifest = _read_manifest(report.out_dir)
    for job, problem in zip(todo, results, strict=True):
        if problem is None:
            report.done.append(job.video.file or "")
            manifest[job.video.file] = _stamp(job.info, profile)
        else:
            report.diagnostics.append(problem)
    with atomic_file(report.out_dir / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return report


def transcode_args(source: Path, target: Path, info: MediaInfo, profile: Profile,
                   threads: int = 0) -> list[str]:
    """The ffmpeg command line for one video (never upscales; constant frame rate)."""
    stream = ffmpeg.input(str(source))
    outputs = [_fit(stream.video, profile)]
    options: dict[str, object] = {
        "c:v": "libx264", "preset": "medium", "crf": profile.crf, "profile:v": "high",
        "pix_fmt": "yuv420p", "maxrate": f"{profile.max_video_kbps}k",
        "bufsize": f"{2 * profile.max_video_kbps}k", "fps_mode": "cfr",
        "movflags": "+faststart", "f": "mp4", "threads": threads, **BITEXACT,
    }
    if info.fps and info.variable_frame_rate:
        options["r"] = VFR_OUTPUT_FPS
    if info.has_audio:
        outputs.append(stream.audio)
        options.update({"c:a": "aac", "b:a": f"{profile.audio_kbps}k", "ar": 48000})
    node = ffmpeg.output(*outputs, str(target), **options)
    return node.overwrite_output().global_args("-nostdin", "-v", "error", "-progress", "pipe:1",
                            "-nostats").compile()


def _fit(video, profile: Profile):
    """Scale down (never up) into the profile's box, keeping even dimensions for H.264."""
    return (video.filter("scale", w=f"min({profile.max_width},iw)",
                         h=f"min({profile.max_height},ih)",
                         force_original_aspect_ratio="decrease")
            .filter("scale", "trunc(iw/2)*2", "trunc(ih/2)*2"))


def poster_args(source: Path, target: Path, info: MediaInfo, profile: Profile) -> list[str]:
    at = min(1.0, info.duration / 3) if info.duration else 0
    return (_fit(ffmpeg.input(str(source), ss=f"{at:.3f}").video, profile)
            .output(str(target), vframes=1, **{"q:v": 3, "f": "image2", "c:v": "mjpeg"},
                    **BITEXACT)
            .overwrite_output().global_args("-nostdin", "-v", "error").compile())


def _run_job(job: Job, profile: Profile, threads: int, progress: ProgressCallback | None
             ) -> Diagnostic | None:
    job.target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_file(job.target) as tmp:
            _run_with_progress(transcode_args(job.source, tmp, job.info, profile, threads),
                               job.info.duration, progress)
        with atomic_file(job.poster) as tmp:
            subprocess.run(poster_args(job.source, tmp, job.info, profile), check=True,
                           capture_output=True)
    except FileNotFoundError:
        return Diagnostic("MF741", "error", "ffmpeg is not installed", job.video.loc,
                          INSTALL_HINT, "ffmpeg-missing", job.video.id)
    except subprocess.CalledProcessError as error:
        reason = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        return Diagnostic("MF742", "error", f"ffmpeg failed on '{job.video.file}': "
                          f"{reason[-1] if reason else error.returncode}", job.video.loc,
                          "probe the file with `moocforge media probe`; it may be damaged",
                          "media-transcode", job.video.id)
    return None


def _run_with_progress(args: list[str], duration: float,
                       progress: ProgressCallback | None) -> None:
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reported = 0.0
    assert process.stdout is not None
    for raw in process.stdout:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key == "out_time_us" and value.isdigit() and progress is not None:
            now = min(duration, int(value) / 1e6)
            if now > reported:
                progress(now - reported)
                reported = now
    stderr = process.stderr.read() if process.stderr else b""
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, args, stderr=stderr)
    if progress is not None and duration > reported:
        progress(duration - reported)
