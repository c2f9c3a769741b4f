"""Benchmark: `moocforge check` on 50 exercises × 10 tests, serial (-j 1) vs parallel (-j N).

    python benchmarks/bench_exercises.py [--exercises 50] [--tests 10] [--jobs 0]

The synthetic course's exercises get 10 tests each (sums of two integers, one hidden); every
exercise has a starter and one wrong solution with declared feedback, so a check does per
exercise: 3 builds (reference, starter, wrong), 1 sanitizer build, 10 + 10 sanitizer runs of
the reference, up to 10 runs of the wrong solution and its diagnosis. Both modes are measured
in the same run on the same course.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from moocforge.exercises import check_course, isolation
from moocforge.exercises.check import default_jobs
from moocforge.load import load_course
from moocforge.model import Exercise


def add_tests(root: Path, count: int) -> None:
    for path in sorted(root.rglob("exercise.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        data["tests"] = [
            {"name": f"t{i}", "stdin": f"{i} {i * 7 - 3}\n", "expected": f"{i + i * 7 - 3}\n",
             "hidden": i == count - 1,
             "feedback": {"fr": "Vérifiez la somme.", "en": "Check the sum."}}
            for i in range(count)]
        data["wrong"] = [{"file": "wrong/minus.c", "fails": ["t1"],
                          "feedback": {"fr": "Vérifiez la somme.", "en": "Check the sum."}}]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def timed(course, only, jobs: int) -> tuple[float, list]:
    start = time.perf_counter()
    diagnostics, results = check_course(course, only=only, jobs=jobs)
    elapsed = time.perf_counter() - start
    errors = [d for d in diagnostics if d.severity == "error"]
    assert not errors, errors[:3]
    return elapsed, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exercises", type=int, default=50)
    parser.add_argument("--tests", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=0,
                        help="parallel workers (0: check's default, twice the cores)")
    args = parser.parse_args()
    jobs = args.jobs or default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        weeks = max(1, -(-args.exercises // 10))  # 10 exercises a week with 100 items
        root = generate(Path(tmp) / "course", weeks, 100)
        add_tests(root, args.tests)
        result = load_course(root)
        assert result.course is not None, result.diagnostics[:3]
        exercises = [i.id for i in result.course.items if isinstance(i, Exercise)]
        only = exercises[: args.exercises]
        serial, results = timed(result.course, only, 1)
        parallel, _ = timed(result.course, only, jobs)
    runs = sum(r.tests for r in results)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}; sandbox: {isolation().describe()}")
    print(f"{len(only)} exercises × {args.tests} tests ({runs} tests)")
    print("| mode | seconds | per exercise | speed-up |")
    print("|---|---|---|---|")
    print(f"| serial (-j 1) | {serial:.1f} | {serial / len(only):.2f} | 1.00 |")
    print(f"| parallel (-j {jobs}) | {parallel:.1f} | {parallel / len(only):.2f} | "
          f"{serial / parallel:.2f} |")


if __name__ == "__main__":
    main()
