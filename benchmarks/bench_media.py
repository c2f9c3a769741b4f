"""Benchmark: probing videos cold vs warm (media.lock), and transcoding throughput.

    python benchmarks/bench_media.py [--videos 200] [--clips 6] [--write]

Probing: the synthetic course (20 weeks × 100 items) with its first N hosted videos turned
into local 2-second clips. Measured in the same run: `enrich()` with no lock (cold: one
ffprobe per file, in parallel), with the lock (warm: hashes only, no ffprobe), with the lock
and no media files (CI), next to two baselines: ffprobe on every file one after the other
(what a tool without a cache does), and SHA-256 of every file (the floor of a warm run).

Transcoding: M clips of 10 s 1280x720 30 fps to the web-720p profile, one encode at a time
vs one per core. `--write` also writes benchmarks/results/media.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from moocforge.load import load_course
from moocforge.media.enrich import enrich
from moocforge.media.probe import STATS, probe, sha256_of
from moocforge.media.transcode import transcode_course
from moocforge.media.transcripts import load_transcript

RESULTS = Path(__file__).resolve().parent / "results" / "media.md"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def clip(path: Path, seconds: int, size: str, rate: int, tone: int) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size={size}:rate={rate}:duration={seconds}", "-f", "lavfi",
                    "-i", f"sine=frequency={tone}:duration={seconds}", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    str(path)], check=True)
    return path


def course_with_local_videos(root: Path, videos: int) -> list[Path]:
    """The synthetic course, its first `videos` hosted videos made local 2 s clips."""
    generate(root, 20, 100)
    sources = [clip(root / f"clip{i}.mp4", 2, "320x240", 25, 300 + 50 * i) for i in range(4)]
    made: list[Path] = []
    for week in sorted((root / "weeks").iterdir()):
        text = (week / "week.yml").read_text("utf-8")

        def local(match: re.Match, week: Path = week) -> str:
            if len(made) >= videos:
                return match.group(0)
            target = week / "media" / f"v{len(made):03d}.mp4"
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(sources[len(made) % len(sources)], target)
            with target.open("ab") as stream:  # distinct content for every file
                stream.write(len(made).to_bytes(4, "big"))
            made.append(target)
            return f"video: media/{target.name}"

        text = re.sub(r"video: youtube:\S+", local, text)
        (week / "week.yml").write_text(text, "utf-8")
    for source in sources:
        source.unlink()
    return made


def bench_probe(videos: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        files = course_with_local_videos(root, videos)
        course = load_course(root).course
        assert course is not None
        naive, _ = timed(lambda: [probe(f) for f in files])
        hashing, _ = timed(lambda: [sha256_of(f) for f in files])
        transcripts = [(root / rel, rel) for item in course.items if item.kind == "video"
                       for rel in item.transcripts.values()]
        parsing, _ = timed(lambda: [load_transcript(p, rel) for p, rel in transcripts])
        STATS.reset()
        cold, _ = timed(lambda: enrich(course))
        cold_calls = STATS.calls
        warm, (enriched, _) = timed(lambda: enrich(course))
        warm_calls = STATS.calls - cold_calls
        sources = {i.duration_source for i in enriched.items if i.kind == "video" and i.file}
        for f in files:
            f.unlink()
        ci, _ = timed(lambda: enrich(course))
        ci_calls = STATS.calls - cold_calls - warm_calls
    return [
        f"{len(files)} local videos (2 s, 320x240, H.264/AAC) in the 20 × 100 synthetic course",
        "",
        "| step | seconds | ffprobe runs | × cold |",
        "|---|---|---|---|",
        f"| baseline: ffprobe each file, one after the other | {naive:.2f} | {len(files)} | "
        f"{naive / cold:.2f} |",
        f"| enrich, cold (no media.lock; parallel ffprobe) | {cold:.2f} | {cold_calls} | 1.00 |",
        f"| enrich, warm (media.lock, files hashed) | {warm:.2f} | {warm_calls} | "
        f"{warm / cold:.2f} |",
        f"| part of warm: SHA-256 of every file | {hashing:.2f} | 0 | {hashing / cold:.2f} |",
        f"| part of warm: strict parsing of all {len(transcripts)} transcripts | {parsing:.2f} "
        f"| 0 | {parsing / cold:.2f} |",
        f"| enrich, CI without media (lock only) | {ci:.2f} | {ci_calls} | {ci / cold:.2f} |",
        "",
        f"Warm duration sources: {', '.join(sorted(sources))}.",
    ]


def bench_transcode(clips: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(Path(__file__).resolve().parent.parent / "moocforge" / "scaffold", root)
        week = root / "weeks" / "01-bienvenue"
        media = week / "media"
        media.mkdir()
        lines = []
        for i in range(clips):
            clip(media / f"c{i}.mp4", 10, "1280x720", 30, 300 + 40 * i)
            lines.append(f"      - {{video: media/c{i}.mp4, id: c{i}, title: C{i}}}\n")
        with (week / "week.yml").open("a", encoding="utf-8") as stream:
            stream.writelines(lines)
        course = load_course(root).course
        assert course is not None
        rows = []
        total_media = 10.0 * clips
        for jobs in (1, os.cpu_count() or 1):
            out = Path(tmp) / f"out{jobs}"
            seconds, report = timed(lambda j=jobs, o=out: transcode_course(
                course, o, "web-720p", jobs=j))
            assert len(report.done) == clips, report.diagnostics
            rows.append(f"| web-720p, {jobs} encode(s) at a time | {seconds:.1f} | "
                        f"{total_media / seconds:.2f} | {total_media * 30 / seconds:.0f} |")
        again, report = timed(lambda: transcode_course(course, Path(tmp) / "out1", "web-720p"))
        assert len(report.skipped) == clips
        rows.append(f"| up to date (re-run, all skipped) | {again:.2f} | - | - |")
    return [
        f"{clips} clips of 10 s, 1280x720 30 fps H.264 + AAC, to web-720p (libx264 medium, "
        "CRF 23, faststart, poster)",
        "",
        "| run | seconds | media seconds / s | frames / s |",
        "|---|---|---|---|",
        *rows,
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=200)
    parser.add_argument("--clips", type=int, default=6)
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS}")
    args = parser.parse_args()
    ffmpeg_version = subprocess.run(["ffmpeg", "-version"], capture_output=True,
                                    text=True).stdout.split()[2]
    head = [f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, ffmpeg {ffmpeg_version}", ""]
    lines = [*head, "### probing", "", *bench_probe(args.videos), "", "### transcoding", "",
             *bench_transcode(args.clips)]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        RESULTS.write_text("## media (issue 7)\n\n`python benchmarks/bench_media.py --write`, "
                           "measured in one run.\n\n" + text, "utf-8")


if __name__ == "__main__":
    main()
