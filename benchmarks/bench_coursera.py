"""Benchmark: the Coursera build kit of the synthetic course, next to the OLX build.

    python benchmarks/bench_coursera.py [--weeks 20] [--items 100] [--repeat 3]

Measured in the same run, best of N, on a course loaded once: the Coursera writer (both
language kits + zips), the same kits written over the kits of a previous build (what a
rebuild does: the files that come out the same are links to the previous kit's, no new
file), the same kits written to a memory file system (/dev/shm, where it exists: the
difference is the disk file system's cost of creating ~13,000 files), the OLX writer (when
it is installed), and a floor: rendering every learner-visible Markdown text of the course
once per language (work any kit must do).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from benchmarks.timing import best_of, course_size_arguments
from moocforge import cache
from moocforge.app import load as prepare
from moocforge.diagnostics import has_errors
from moocforge.model import Course
from moocforge.render.markdown import render
from moocforge.writers import WriterOptions
from moocforge.writers.registry import writer


def markdown_texts(course: Course, lang: str) -> list[str]:
    texts = []
    for item in course.items:
        if item.kind == "reading":
            texts.append(item.body.get_lang(lang))
        elif item.kind in ("discussion", "peer"):
            texts.append(item.prompt.get_lang(lang))
        elif item.kind == "exercise":
            texts.append(item.statement.get_lang(lang))
        elif item.kind == "quiz":
            for question in item.questions:
                texts.append(question.prompt.get_lang(lang))
                texts.extend(c.text.get_lang(lang) for c in question.choices)
    return texts


def build(target: str, course: Course, out: Path, previous: Path | None = None
          ) -> Callable[[], None]:
    module = writer(target)
    assert module is not None

    def run() -> None:
        shutil.rmtree(out, ignore_errors=True)
        with cache.using(cache.Cache.disabled()):  # every run renders, as a cold build does
            diagnostics = module.write(course, out, WriterOptions(previous=previous))
        assert not has_errors(diagnostics), [d for d in diagnostics if d.severity == "error"]

    return run


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser()
    course_size_arguments(parser, repeat=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "course", args.weeks, args.items)
        prepared = prepare(root)
        assert prepared.ok and prepared.course is not None
        course = prepared.course

        def floor() -> None:
            with cache.using(cache.Cache.disabled()):
                for lang in course.languages:
                    for text in markdown_texts(course, lang):
                        render(text)

        rows = [("render every Markdown text once per language (floor)",
                 best_of(args.repeat, floor))]
        coursera_out = Path(tmp) / "build" / course.id / "coursera"
        rows.append(("moocforge Coursera kit (fr + en kits, blueprint.xlsx/csv, zips)",
                     best_of(args.repeat, build("coursera", course, coursera_out))))
        files, size = tree_size(coursera_out)
        rebuilt = coursera_out.with_name("coursera-rebuilt")
        rows.append(("the same kits over the previous ones (unchanged files linked to them)",
                     best_of(args.repeat, build("coursera", course, rebuilt, coursera_out))))
        memory = Path("/dev/shm")
        if memory.is_dir() and os.access(memory, os.W_OK):
            with tempfile.TemporaryDirectory(dir=memory) as in_memory:
                rows.append(("the same kits written to /dev/shm (no disk file system)",
                             best_of(args.repeat, build("coursera", course,
                                                        Path(in_memory) / "coursera"))))
        if writer("olx") is not None:
            olx_out = Path(tmp) / "build" / course.id / "olx"
            rows.append(("moocforge OLX build (same course, same run)",
                         best_of(args.repeat, build("olx", course, olx_out))))
        else:
            rows.append(("moocforge OLX build", None))
    load = os.getloadavg()
    print(f"machine: {platform.machine()} python {platform.python_version()}, load average "
          f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the end")
    print(f"course: {args.weeks} weeks × {args.items} items ({len(course.items)} items, "
          f"{len(course.languages)} languages); Coursera output: {files} files, "
          f"{size / 1e6:.1f} MB, best of {args.repeat}")
    print("| step | seconds | × floor |")
    print("|---|---|---|")
    base = rows[0][1]
    for name, seconds in rows:
        if seconds is None:
            print(f"| {name} | not installed yet | — |")
        else:
            print(f"| {name} | {seconds:.2f} | {seconds / base:.2f} |")


if __name__ == "__main__":
    main()
