"""Lint and build of a synthetic catalogue: 25 courses × 5 weeks × 40 items.

    python benchmarks/bench_catalogue.py [--courses 25] [--weeks 5] [--items 40]

Times, on the same machine: the catalogue lint and OLX build cold (no cache), again with
nothing changed (every course skipped by content hash; the aim is under 2 s), and the sum
of the single-course runs (`moocforge lint <course>` / `build <course>` one after the
other). Results go to benchmarks/README.md by hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_course import generate

MOOCFORGE = [sys.executable, "-m", "moocforge"]


def make_catalogue(root: Path, courses: int, weeks: int, items: int) -> list[Path]:
    folders = []
    lines = ["title: Synthetic catalogue", "defaults: {org: BENCH, timezone: Europe/Paris}",
             "courses:"]
    for index in range(courses):
        folder = generate(root / "courses" / f"c{index:02d}", weeks=weeks, items=items)
        course_yml = folder / "course.yml"
        text = course_yml.read_text("utf-8")
        lines_ = [f"id: c{index:02d}" if line.startswith("id:") else line
                  for line in text.splitlines()]
        course_yml.write_text("\n".join(lines_) + "\n", "utf-8")
        lines.append(f"  c{index:02d}: {{path: courses/c{index:02d}}}")
        folders.append(folder)
    (root / "catalog.yml").write_text("\n".join(lines) + "\n", "utf-8")
    return folders


def timed(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*MOOCFORGE, *args], cwd=cwd, check=False, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"moocforge {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=25)
    parser.add_argument("--weeks", type=int, default=5)
    parser.add_argument("--items", type=int, default=40)
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="mf-catalogue-"))
    try:
        folders = make_catalogue(root, options.courses, options.weeks, options.items)
        rows = [
            ("lint, cold", timed("lint", ".", "--no-media", cwd=root)),
            ("lint, nothing changed", timed("lint", ".", "--no-media", cwd=root)),
            ("build olx, cold", timed("build", ".", "--target", "olx", cwd=root)),
            ("build olx, nothing changed", timed("build", ".", "--target", "olx", cwd=root)),
            ("sum of single-course lints", sum(timed("lint", str(f), "--no-media", cwd=root)
                                               for f in folders)),
            ("sum of single-course olx builds", sum(
                timed("build", str(f), "--target", "olx", "--out", str(root / "single"),
                      cwd=root) for f in folders)),
        ]
        for label, seconds in rows:
            print(f"{label:<34} {seconds:8.2f} s")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
