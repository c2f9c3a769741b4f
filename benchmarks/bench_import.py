"""Benchmark: `moocforge import olx` of the synthetic course's OLX vs `tar xzf` + lxml.

    python benchmarks/bench_import.py [--weeks 20] [--items 100] [--repeat 3]
    python benchmarks/bench_import.py --converters ../shared/fixtures/olx/openedx-demo-course/course

The synthetic course (make_course.py) is built once to OLX, outside the timings: one
package per language. The floor is what any importer must do: `tar xzf` of the package and
parsing every `.xml` file of it with lxml. The import is `import_olx()` with its defaults
(safety checks, planning, HTML → Markdown checked block by block, writing the course folder,
validating it). Best of N, in the same run.

`--converters DIR` compares markdownify and html2text on the html blocks of an unpacked
export (docs/import.md quotes it): for each converter, how many blocks give the same page
again once their Markdown is rendered by moocforge, and how their tables, code and
unknown markup come out.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from benchmarks.timing import best_of, course_size_arguments
from moocforge.importers.olx import import_olx
from moocforge.load import load_course
from moocforge.writers import WriterOptions
from moocforge.writers.olx import write


def floor(archives: list[Path], work: Path) -> None:
    for index, archive in enumerate(archives):
        target = work / f"floor-{index}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        subprocess.run(["tar", "-C", str(target), "-xzf", str(archive)], check=True)
        for path in target.rglob("*.xml"):
            etree.parse(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    course_size_arguments(parser, repeat=3)
    parser.add_argument("--converters", type=Path, help="compare HTML→Markdown converters")
    args = parser.parse_args()
    if args.converters:
        compare_converters(args.converters)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = generate(work / "course", args.weeks, args.items)
        course = load_course(root).course
        assert course is not None
        write(course, work / "olx", WriterOptions())
        archives = sorted((work / "olx").glob("*.tar.gz"))
        by_lang = {a.name.rsplit("-", 1)[-1].removesuffix(".tar.gz"): a for a in archives}
        first, *others = course.languages

        def one() -> None:
            shutil.rmtree(work / "imported", ignore_errors=True)
            result = import_olx(by_lang[first], work / "imported", lang=first)
            assert result.ok, result.diagnostics[:3]

        def merged() -> None:
            shutil.rmtree(work / "merged", ignore_errors=True)
            result = import_olx(by_lang[first], work / "merged", lang=first,
                                merge=[(lang, by_lang[lang]) for lang in others])
            assert result.ok, result.diagnostics[:3]

        floor_one = best_of(args.repeat, lambda: floor([by_lang[first]], work))
        ours_one = best_of(args.repeat, one)
        # the import ends by loading what it wrote (it must validate): that share alone
        validation = best_of(args.repeat, lambda: load_course(work / "imported"))
        floor_all = best_of(args.repeat, lambda: floor(archives, work))
        ours_all = best_of(args.repeat, merged)
        files = sum(1 for p in (work / "floor-0").rglob("*") if p.is_file())
        written = sum(1 for p in (work / "merged").rglob("*") if p.is_file())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"course: {args.weeks} weeks x {args.items} items = {len(course.items)} items; "
          f"one package: {files} files; the merged import writes {written} files")
    print("| step | time (s) | vs floor |")
    print("|---|---:|---:|")
    print(f"| floor: `tar xzf` + lxml parse of every .xml, one package | {floor_one:.2f} | 1.0x |")
    print(f"| `moocforge import olx`, one package | {ours_one:.2f} | "
          f"{ours_one / floor_one:.1f}x |")
    print(f"| of which: loading the written course (the validation) | {validation:.2f} | "
          f"{validation / floor_one:.1f}x |")
    print(f"| the import without its validation | {ours_one - validation:.2f} | "
          f"{(ours_one - validation) / floor_one:.1f}x |")
    print(f"| floor, both packages | {floor_all:.2f} | 1.0x |")
    print(f"| `moocforge import olx --merge-lang`, both packages | {ours_all:.2f} | "
          f"{ours_all / floor_all:.1f}x |")


def compare_converters(export: Path) -> None:
    import html2text
    from markdownify import markdownify

    from moocforge.importers.olx.html2md import HtmlToMarkdown, canonical
    from moocforge.render.markdown import render

    blocks = sorted((export / "html").glob("*.html"))
    ours = HtmlToMarkdown()
    rows = {"markdownify (plain)": 0, "html2text (plain)": 0, "moocforge (markdownify, checked)": 0}
    raw_kept = 0
    for path in blocks:
        fragment = path.read_text("utf-8", errors="replace")
        page = canonical(fragment)
        plain_md = markdownify(fragment, heading_style="ATX", bullets="-")
        converter = html2text.HTML2Text()
        converter.body_width = 0
        h2t = converter.handle(fragment)
        checked = ours.convert(fragment, lambda url: url)
        raw_kept += checked.raw_blocks
        for name, markdown in (("markdownify (plain)", plain_md), ("html2text (plain)", h2t),
                               ("moocforge (markdownify, checked)", checked.markdown)):
            if canonical(render(markdown, xhtml=True)) == page:
                rows[name] += 1
    print(f"{len(blocks)} html blocks of {export}")
    print("| converter | same page after render | share |")
    print("|---|---:|---:|")
    for name, same in rows.items():
        print(f"| {name} | {same} | {same / len(blocks):.0%} |")
    print(f"blocks kept as raw HTML by moocforge's check: {raw_kept}")


if __name__ == "__main__":
    main()
