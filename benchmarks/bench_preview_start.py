"""Benchmark: how long `moocforge preview` takes to serve, the first time and when started
again after Ctrl+C with a reading edited meanwhile (the site the last preview kept).

    python benchmarks/bench_preview_start.py [--weeks 20] [--items 100] [--runs 2]

A synthetic course (`make_course.py`) in a temporary folder; each run is a new
`moocforge preview` process, timed from its start to its "Serving" line, then stopped with
SIGINT. Baseline in the same run: the first start (no cache, no kept site).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_course import generate


def serve_once(course: Path, out: Path, port: int) -> tuple[float, str]:
    """Seconds until the preview serves, and what it printed until it stopped."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "moocforge", "preview", str(course), "--port", str(port),
         "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Serving"):
                break
        elapsed = time.perf_counter() - start
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return elapsed, "".join(lines) + rest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2, help="resumed starts after the first")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        course, out = Path(tmp) / "course", Path(tmp) / "build"
        generate(course, options.weeks, options.items)
        first, printed = serve_once(course, out, options.port)
        print(f"first start (no cache, no kept site): {first:6.2f} s")
        readings = sorted(course.glob("weeks/*/*.md"))
        for run in range(options.runs):
            reading = readings[(run * 37) % len(readings)]
            reading.write_text(reading.read_text("utf-8") + "\nEdited between two runs.\n",
                               "utf-8")
            again, printed = serve_once(course, out, options.port)
            resumed = "from the site the last preview left" in printed
            print(f"started again, a reading edited: {again:6.2f} s "
                  f"({again / first:.2f}× the first; resumed: {resumed})")


if __name__ == "__main__":
    main()
