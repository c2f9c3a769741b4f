"""Run under callgrind by test_hardening_linear.py: scan pathological Markdown texts at two
sizes and dump the instructions each scan took (one callgrind dump per scan).

    valgrind --tool=callgrind --instr-atstart=no python tests/linear_probe.py SHIM.so \
        WORKDIR SIZE1 SIZE2

SHIM.so exports mf_start, mf_zero and mf_dump (callgrind's client requests).

Every scanner that reads author Markdown with our regexes runs on each text: the whole
linter (the text is a reading's body in both languages and its single-language title), the
site writer's link rewriting, the Coursera kit's link rewriting, the word count and the
draft narration's text functions. Python-Markdown itself (third-party) is not measured, nor
the draft's caption wrapping (textwrap at most nine widths: linear, but its count of widths
grows with the length up to nine, which blurs a two-size comparison).
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import random
import sys
from collections.abc import Callable
from pathlib import Path

from moocforge.load import load_course
from moocforge.media import draft
from moocforge.model import Course, I18nText, Loc, Reading
from moocforge.rules import lint
from moocforge.workload import word_count
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import place
from moocforge.writers.site.pages import Site, item_pages, rewrite_links, source_pages
from moocforge.writers.site.strings import strings

SCAFFOLD = Path(__file__).resolve().parent.parent / "moocforge" / "scaffold"
READING = "weeks/01-bienvenue/intro.md"
# Tokens that open or close a Markdown, HTML, math or code construct, plus filler.
TOKENS = ["[", "]", "(", ")", "![", "](", "<", ">", "`", "```", "~~~", "#", '"', "'", " ",
          "\n", "a", "*", "_", "\\", "$", "\\(", "\\)", "http://", "<a ", "</a>", "<img ",
          "<!--", "-->", ":", "=", "{", "}", "&", ".", "- ", "> ", "1. "]


def families(length: int) -> dict[str, str]:
    """Classic quadratic triggers: an opener repeated, or followed by a long filler."""
    def rep(token: str) -> str:
        return token * max(1, length // len(token))

    found = {
        "link-then-spaces": "[a](" + " " * length, "brackets": rep("["),
        "image-openers": rep("!["), "close-open": rep("]("), "dest-runs": rep("[a](b"),
        "titles-unclosed": rep('[a](b "'), "paren-titles": rep("[a](b ("),
        "ref-labels": rep("[a]["), "img-tags": rep("<img "), "a-tags": rep("<a>"),
        "a-then-lt": "<a href=x>" + rep("<"), "attr-name": "<img src=x " + "a" * length + ">",
        "attr-quotes": rep('<a b="'), "backticks": rep("`"), "code-spans": rep("``x`"),
        "fences-unclosed": rep("```a\n"), "fence-mix": rep("~~~\n````\n```x\n"),
        "heading-spaces": "# " + " " * length + "x", "hashes": rep("#"),
        "heading-lines": rep("# a #\n"), "autolinks": rep("<http://"), "comments": rep("<!--"),
        "tex-parens": rep("\\("), "dollars": rep("$a"), "ref-def": "[a]: " + "x" * length,
        "nested": "[" * (length // 2) + "]" * (length // 2), "quotes": rep('"'),
        "list-items": rep("- "), "sentences": rep("a. "), "long-sentence": rep("word "),
        "link-lt": rep("](<"), "stars": rep("*a"),
    }
    rng = random.Random(13)  # the same soups at every size: only the repetition count grows
    for number in range(16):
        soup = "".join(rng.choice(TOKENS) for _ in range(rng.randint(2, 7)))
        found[f"soup-{number:02d}:{soup!r}"] = rep(soup)
    return found


def with_reading(course: Course, text: str) -> Course:
    """The course with the text as the reading's body (both languages) and French title."""
    def replaced(item):
        if not isinstance(item, Reading):
            return item
        return dataclasses.replace(item, body=I18nText({"fr": text, "en": text}, "fr"),
                                   title=I18nText({"fr": text}, "fr"))

    weeks = tuple(dataclasses.replace(week, lessons=tuple(
        dataclasses.replace(lesson, items=tuple(replaced(i) for i in lesson.items))
        for lesson in week.lessons)) for week in course.weeks)
    return dataclasses.replace(course, weeks=weeks)


def scanners(course: Course, workdir: Path) -> Callable[[str], None]:
    pages = item_pages(course)
    placed = place(course)
    reading = next(p for p in placed if p.item.kind == "reading")

    def scan(text: str) -> None:
        lint(with_reading(course, text), overrides={"translation-missing": {"git": False}})
        site = Site(course, "fr", strings("fr"), True, False, True, {}, pages,
                    source_pages(course, pages), {}, {})
        rewrite_links(site, text, READING, pages[reading.item.id])
        kit = Kit(course, workdir, "fr", placed)
        kit.rewrite_source(reading, text, READING, Loc(READING))
        word_count(text)
        draft.sentences(draft.spoken_text(text))
        draft.headings(text)

    return scan


def main(shim: str, workdir: str, *sizes: str) -> None:
    callgrind = ctypes.CDLL(shim)
    callgrind.mf_start()
    course = load_course(SCAFFOLD).course
    scan = scanners(course, Path(workdir))
    for text in ("", "warm-up [a](b) <img src=x> `c`", ""):  # lazy imports, compiled patterns
        scan(text)
    gc.collect()
    gc.disable()
    for size in sizes:
        for name, text in [("baseline", ""), *families(int(size)).items(), ("baseline2", "")]:
            callgrind.mf_zero()
            scan(text)
            callgrind.mf_dump(f"{size}|{name}".encode())


if __name__ == "__main__":
    main(*sys.argv[1:])
