"""Benchmark: `lint` (every rule) next to `validate` alone (load), in the same run.

    python benchmarks/bench_lint.py [--weeks 20] [--items 100] [--repeat 5] [--out FILE]

Loads the synthetic course of `benchmarks/make_course.py` (20 weeks × 100 items by default),
then times, best of N: loading (what `moocforge validate` does), running the rules on the
loaded model, and load + rules (what `moocforge lint --no-media` does, minus printing).
Also times each rule on its own, to show where the rule time goes. Results are written as
Markdown to benchmarks/results/lint.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from benchmarks.timing import best_of, course_size_arguments
from moocforge.load import clear_caches as clear_load_caches
from moocforge.load import load_course
from moocforge.rules import RULES, clear_caches, lint

RESULTS = Path(__file__).resolve().parent / "results" / "lint.md"




def measure(root: Path, repeat: int) -> dict:
    loaded = load_course(root)
    assert loaded.course is not None, loaded.diagnostics[:3]
    course = loaded.course
    load_s = best_of(repeat, lambda: (clear_load_caches(), load_course(root)))
    # Caches are cleared before each timed run: every number is a cold run.
    rules_s = best_of(repeat, lambda: (clear_caches(), lint(course)))
    whole_s = best_of(repeat, lambda: (clear_caches(), clear_load_caches(),
                                       lint(load_course(root).course)))
    per_rule = {}
    for module in RULES:
        if getattr(module, "ENGINE", False):
            continue
        options = {**module.DEFAULTS, "severity": module.DEFAULT_SEVERITY}
        per_rule[f"{module.CODE} {module.NAME}"] = best_of(
            repeat, lambda m=module, o=options: (clear_caches(), list(m.check(course, o))))
    findings = lint(course)
    return {"items": len(course.items), "weeks": len(course.weeks), "load": load_s,
            "rules": rules_s, "whole": whole_s, "per_rule": per_rule,
            "findings": len(findings)}


def markdown(result: dict, args: argparse.Namespace) -> str:
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    lines = [
        "# Lint benchmark",
        "",
        f"Synthetic course: {result['weeks']} weeks, {result['items']} items "
        f"(`benchmarks/make_course.py`, weeks={args.weeks}, items={args.items}). Best of "
        f"{args.repeat} runs, all measured in the same run by `benchmarks/bench_lint.py`.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}; load average "
        f"{os.getloadavg()[0]:.1f} when the run ended (other jobs on the machine inflate "
        "every figure alike; compare the rows, not the absolute times).",
        "",
        "| Step | Time |",
        "| --- | --- |",
        f"| validate alone: load + schemas + references (baseline) | {ms(result['load'])} |",
        f"| rules alone, on the loaded model (all {len(result['per_rule'])} rules + engine) "
        f"| {ms(result['rules'])} |",
        f"| lint = load + rules | {ms(result['whole'])} |",
        "",
        f"Rules / load: {result['rules'] / result['load']:.2f} (aim: below 1). Whole lint: "
        f"{result['whole']:.2f} s (aim: below 1 s). Findings on the synthetic course: "
        f"{result['findings']}.",
        "",
        "Per rule (each run on its own, same model):",
        "",
        "| Rule | Time |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {seconds * 1000:.1f} ms |"
              for name, seconds in sorted(result["per_rule"].items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    course_size_arguments(parser, repeat=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "course", args.weeks, args.items)
        result = measure(root, args.repeat)
    text = markdown(result, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
