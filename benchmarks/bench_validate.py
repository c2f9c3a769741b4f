"""Benchmark: `validate` (load + schema + references) vs merely parsing the same YAML files.

    python benchmarks/bench_validate.py [--weeks 20] [--items 100] [--repeat 3]

The floor is `yaml.safe_load` of every YAML file of the course (what any loader must do at
least); libyaml's CSafeLoader is shown too. All measured in the same run, best of N.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from benchmarks.timing import best_of, course_size_arguments
from moocforge.load import clear_caches, load_course


def main() -> None:
    parser = argparse.ArgumentParser()
    course_size_arguments(parser, repeat=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "course", args.weeks, args.items)
        files = sorted(root.rglob("*.yml"))
        texts = [f.read_text("utf-8") for f in files]

        def safe_load() -> None:
            for f in files:
                yaml.safe_load(f.read_text("utf-8"))

        def csafe_load() -> None:
            for f in files:
                yaml.load(f.read_text("utf-8"), Loader=yaml.CSafeLoader)

        def validate() -> None:
            clear_caches()  # time a cold load, as a fresh `moocforge validate` does
            result = load_course(root)
            assert result.ok, result.diagnostics[:3]

        floor = best_of(args.repeat, safe_load)
        cfloor = best_of(args.repeat, csafe_load)
        ours = best_of(args.repeat, validate)
        size = sum(len(t) for t in texts)
    print(f"machine: {platform.machine()} python {platform.python_version()}")
    print(f"course: {args.weeks} weeks × {args.items} items, {len(files)} YAML files, "
          f"{size // 1024} KiB")
    print("| step | seconds | × safe_load |")
    print("|---|---|---|")
    print(f"| yaml.safe_load (floor) | {floor:.2f} | 1.00 |")
    print(f"| yaml CSafeLoader | {cfloor:.2f} | {cfloor / floor:.2f} |")
    print(f"| moocforge validate | {ours:.2f} | {ours / floor:.2f} |")


if __name__ == "__main__":
    main()
