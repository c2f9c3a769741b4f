"""Benchmark: OLX build of the synthetic course vs `tar czf` of the same output tree.

    python benchmarks/bench_olx.py [--weeks 20] [--items 100] [--repeat 3]

The model is loaded once, outside the timings (loading is benchmarked by bench_validate).
"OLX build" is `moocforge.writers.olx.write()` with its defaults: every run and language,
atomic staging, reproducible tarballs. The floor is `tar czf` (GNU tar + gzip -6) of the
very trees the build produced (`--keep-dir`), i.e. only packing files that already exist.
The writer compresses at gzip level 9 (shared `write_tar_gz`), so level 9 is shown too.
All measured in the same run, best of N.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from benchmarks.timing import best_of, course_size_arguments
from moocforge.load import load_course
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write


def main() -> None:
    parser = argparse.ArgumentParser()
    course_size_arguments(parser, repeat=3)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "course", args.weeks, args.items)
        result = load_course(root)
        assert result.ok, result.diagnostics[:3]
        course = result.course
        out = Path(tmp) / "olx"
        trees = Path(tmp) / "trees"

        def build() -> None:
            write(course, out, WriterOptions())

        write(course, trees, WriterOptions(keep_dir=True))
        folders = sorted(p.name for p in trees.iterdir() if p.is_dir())

        def tar(level: str) -> None:
            for name in folders:
                subprocess.run(["tar", "-C", str(trees / name), "-cf",
                                str(Path(tmp) / f"{name}.tar.gz"), "-I", f"gzip {level}",
                                "course"], check=True)

        floor = best_of(args.repeat, lambda: tar("-6"))
        floor9 = best_of(args.repeat, lambda: tar("-9"))
        ours = best_of(args.repeat, build)
        files = sum(1 for _ in trees.rglob("*") if _.is_file())
        size = sum(p.stat().st_size for p in out.iterdir())
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(build)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    items = sum(1 for _ in course.items)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"course: {args.weeks} weeks x {args.items} items = {items} items, "
          f"{len(course.languages)} languages -> {len(folders)} packages, {files} files, "
          f"{size / 1024:.0f} KiB of tar.gz")
    print("| step | time (s) | vs floor |")
    print("|---|---:|---:|")
    print(f"| floor: `tar czf` (gzip -6) of the built trees | {floor:.2f} | 1.0x |")
    print(f"| `tar` + `gzip -9` of the built trees | {floor9:.2f} | {floor9 / floor:.1f}x |")
    print(f"| moocforge OLX build (render + XML + static + tar.gz -9) | {ours:.2f} | "
          f"{ours / floor:.1f}x |")


if __name__ == "__main__":
    main()
