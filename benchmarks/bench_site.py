"""Benchmark: the site build vs a plain `mkdocs build` of the same generated project (floor),
and the preview's rebuild time after editing one reading.

    python benchmarks/bench_site.py [--weeks 20] [--items 100] [--edits 3]

Ours = generate site-src/ + mkdocs build of every language tree (in parallel) + media.
Floor = `python -m mkdocs build` of the generated site-src/<lang>/mkdocs.yml trees, run the
same way (in parallel), and also one after the other. All measured in the same run.
Preview = time from saving a reading to the new page being written (what the browser's
next poll, every 0.3 s, picks up): reload + lint + regenerate + re-render changed pages.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from moocforge.app import load as prepare
from moocforge.app.preview import Preview
from moocforge.model import Reading
from moocforge.rules import lint as run_lint
from moocforge.writers import WriterOptions
from moocforge.writers.site import write
from moocforge.writers.site.build import build_all, build_subprocess
from moocforge.writers.site.project import generate as generate_src


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=2,
                        help="build and floor runs, alternated; the best of each is kept")
    parser.add_argument("--out", type=Path, default=None, help="write results (Markdown) here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = generate(tmp / "course", args.weeks, args.items)
        load_s, prepared = timed(lambda: prepare(root))
        course = prepared.course
        assert prepared.ok, prepared.diagnostics[:3]
        out = tmp / "build" / course.id
        gen_s, generated = timed(lambda: generate_src(course, tmp / "gen-only"))
        langs = generated.languages
        jobs = [(out / "site-src" / lang / "mkdocs.yml", tmp / "floor" / lang) for lang in langs]
        ours_runs, floor_runs = [], []
        for _ in range(args.repeat):  # alternate, so disk caches and noise hit both alike
            ours_s, diags = timed(lambda: write(course, out / "site", WriterOptions()))
            assert not [d for d in diags if d.severity == "error"], diags[:3]
            floor_s, results = timed(lambda: build_all(jobs))
            assert all(r.ok for r in results)
            ours_runs.append(ours_s)
            floor_runs.append(floor_s)
        ours_s, floor_par_s = min(ours_runs), min(floor_runs)
        pages = sum(1 for _ in (out / "site").rglob("*.html"))
        floor_seq_s, _ = timed(lambda: [build_subprocess(*job) for job in jobs])

        lint_s, _ = timed(lambda: run_lint(course))
        preview = Preview(root.resolve(), (tmp / "preview" / course.id))
        first_s, _ = timed(preview.rebuild)
        reading = next(i for i in course.items if isinstance(i, Reading))
        source = root / reading.files[course.default_lang]
        page = preview.site / (course.default_lang if len(langs) > 1 else "") / \
            preview_page(preview, reading)
        edits = []
        for n in range(args.edits):
            source.write_text(source.read_text("utf-8") + f"\n\nEdit number {n}.\n", "utf-8")
            preview.rebuild()
            seconds = preview.last_seconds
            assert f"Edit number {n}." in page.read_text("utf-8")
            edits.append(seconds)
        report = render(args, platform_line(), pages, load_s, gen_s, ours_s, floor_par_s,
                        floor_seq_s, first_s, edits, lint_s, preview.fast_renders, len(langs))
        print(report)
        if args.out:
            args.out.write_text(report, "utf-8")
        shutil.rmtree(tmp, ignore_errors=True)


def preview_page(preview: Preview, reading: Reading) -> str:
    from moocforge.writers.site.pages import item_pages

    course = prepare(preview.course_dir, media=False).course
    return item_pages(course)[reading.id][:-3] + ".html"


def platform_line() -> str:
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def render(args, machine, pages, load_s, gen_s, ours_s, floor_par_s, floor_seq_s, first_s,
           edits, lint_s, fast, langs) -> str:
    median = statistics.median(edits)
    return f"""# Site build benchmark

Machine: {machine}. Course: synthetic {args.weeks} weeks × {args.items} items, {langs}
languages → {pages} HTML pages. Command: `python benchmarks/bench_site.py --weeks {args.weeks}
--items {args.items}`. All numbers from the same run; builds: best of {args.repeat},
alternating with the floor.

| step | seconds | vs floor |
| --- | ---: | ---: |
| load + media (`prepare`, not part of either) | {load_s:.2f} | |
| **moocforge site build** (generate site-src + mkdocs ×{langs} in parallel + media) \
| **{ours_s:.2f}** | **{ours_s / floor_par_s:.2f}×** |
| of which: generating site-src/ alone (from scratch) | {gen_s:.2f} | |
| floor: plain `mkdocs build` of the generated trees, in parallel | {floor_par_s:.2f} | 1.00× |
| floor: plain `mkdocs build` of the generated trees, one after the other | {floor_seq_s:.2f} | |

Preview (`moocforge preview`):

| step | seconds |
| --- | ---: |
| first build (in-process, full, plus loading the page sessions) \
| {first_s:.2f} |
| edit one reading → page rewritten (median of {len(edits)}) | **{median:.2f}** |
| every edit | {", ".join(f"{e:.2f}" for e in edits)} |
| of which: lint of the whole course | {lint_s:.2f} |

Fast re-renders used: {fast} (pages re-rendered from a loaded mkdocs session instead of a
build; the browser polls the build counter every 0.3 s, so the page shows up to 0.3 s later).
Aims: full build ≤ 1.5× the floor; one-page edit visible in < 1 s.
"""


if __name__ == "__main__":
    main()
