"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def course_size_arguments(parser: argparse.ArgumentParser, repeat: int = 3) -> None:
    """--weeks, --items and --repeat, for benchmarks over the synthetic course."""
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=repeat)
