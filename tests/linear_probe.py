"""Run under callgrind by test_hardening_hangs.py: scan pathological Markdown texts at a
few sizes and dump the instructions each scan took (one callgrind dump per scan).

    valgrind --tool=callgrind --instr-atstart=no python tests/linear_probe.py SHIM.so \
        WORKDIR SIZE...

SHIM.so exports mf_start, mf_zero and mf_dump (callgrind's client requests); WORKDIR is an
empty folder. Every scan reads author Markdown the way a command does: the text is written
as a reading (both languages) and as a single-language title of a copy of the scaffold
course, which is then loaded and linted; then come the site writer's and the Coursera
kit's link rewriting, the word count and the draft narration's text functions.
Python-Markdown itself (third-party) is not measured, nor the draft's caption wrapping
(textwrap at most nine widths: linear, but the count of widths grows with the length up to
nine, which blurs a comparison of sizes).
"""

from __future__ import annotations

import ctypes
import gc
import json
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from moocforge.load import load_course
from moocforge.media import draft
from moocforge.model import Loc
from moocforge.rules import lint
from moocforge.workload import word_count
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import place
from moocforge.writers.site.pages import Site, item_pages, rewrite_links, source_pages
from moocforge.writers.site.strings import strings

SCAFFOLD = Path(__file__).resolve().parent.parent / "moocforge" / "scaffold"
READING = "weeks/01-bienvenue/intro.md"
WEEK = "weeks/01-bienvenue/week.yml"
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


def write_course(root: Path, text: str) -> None:
    """The scaffold course with the text as a reading (both languages) and as the French
    title of the discussion (written as JSON, which YAML reads as a quoted string)."""
    (root / READING).write_text(text, "utf-8")
    (root / READING.replace(".md", ".en.md")).write_text(text, "utf-8")
    week = (SCAFFOLD / WEEK).read_text("utf-8").replace(
        "title: {fr: Présentations, en: Introductions}", "title: {fr: " + json.dumps(text) + "}")
    (root / WEEK).write_text(week, "utf-8")


def scanners(root: Path, kit_dir: Path) -> Callable[[], None]:
    """Load the course in `root`, lint it, and run every writer's scan of the reading."""
    def scan() -> None:
        course = load_course(root).course
        assert course is not None
        text = (root / READING).read_text("utf-8")
        lint(course)
        pages = item_pages(course)
        placed = place(course)
        reading = next(p for p in placed if p.item.kind == "reading")
        site = Site(course, "fr", strings("fr"), True, False, True, {}, pages,
                    source_pages(course, pages), {}, {})
        rewrite_links(site, text, READING, pages[reading.item.id])
        Kit(course, kit_dir, "fr", placed).rewrite_source(reading, text, READING, Loc(READING))
        word_count(text)
        draft.sentences(draft.spoken_text(text))
        draft.headings(text)

    return scan


def main(shim: str, workdir: str, *sizes: str) -> None:
    callgrind = ctypes.CDLL(shim)
    callgrind.mf_start()
    root, kit_dir = Path(workdir) / "course", Path(workdir) / "kit"
    shutil.copytree(SCAFFOLD, root)
    kit_dir.mkdir()
    scan = scanners(root, kit_dir)
    for text in ("", "warm-up [a](b) <img src=x> `c`", ""):  # lazy imports, compiled patterns
        write_course(root, text)
        scan()
    gc.collect()
    gc.disable()
    for size in sizes:
        for name, text in families(int(size)).items():
            write_course(root, text)
            callgrind.mf_zero()
            scan()
            callgrind.mf_dump(f"{size}|{name}".encode())


if __name__ == "__main__":
    main(*sys.argv[1:])
