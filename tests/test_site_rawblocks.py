"""The raw HTML blocks of generated pages, stashed without md_in_html's parser in our
full builds (`writers/site/rawblocks.py`): every page converts to the same HTML as with
the parser, on a generated course and on both flagship courses, and the cases the parser
must see still go to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest

from benchmarks.make_course import generate as make_course
from moocforge import app, cache
from moocforge.writers.site import rawblocks
from moocforge.writers.site.html import E, to_html
from moocforge.writers.site.project import generate

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["admonition", "tables", "footnotes", "attr_list", "md_in_html",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight",
              "pymdownx.inlinehilite", "toc"]


def _converter() -> Any:
    return markdown.Markdown(extensions=EXTENSIONS)


def _both(text: str) -> tuple[str, str, bool]:
    """(HTML with the parser, HTML with the noted blocks stashed, whether they were)."""
    slow = _converter().convert(text)
    used = []
    original = rawblocks.stashed

    def spy(md: Any, lines: list[str]) -> list[str] | None:
        found = original(md, lines)
        used.append(found is not None)
        return found

    rawblocks.stashed = spy  # type: ignore[assignment]
    try:
        with rawblocks.fast_raw_blocks():
            fast = _converter().convert(text)
    finally:
        rawblocks.stashed = original  # type: ignore[assignment]
    return slow, fast, any(used)


def _pages_of(course_dir: Path, tmp_path: Path) -> list[tuple[str, str, bool]]:
    loaded = app.load(course_dir, media=False, cache=cache.Cache(tmp_path / "cache"))
    assert loaded.course is not None, loaded.diagnostics[:3]
    results = []
    with rawblocks.noting():
        generate(loaded.course, tmp_path / "src")
        for page in sorted((tmp_path / "src").rglob("*.md")):
            results.append((str(page.relative_to(tmp_path)), *_both(page.read_text("utf-8"))))
    return [(rel, slow, fast) for rel, slow, fast, _ in results], \
        sum(used for *_, used in results)  # type: ignore[return-value]


@pytest.mark.parametrize("course", ["synthetic", "abc-c", "roches-mineraux"])
def test_every_page_converts_as_with_the_parser(course: str, tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", weeks=2, items=12) if course == "synthetic" \
        else ROOT / "courses" / course
    pages, used = _pages_of(root, tmp_path)  # type: ignore[misc]
    assert len(pages) > 20
    different = [rel for rel, slow, fast in pages if slow != fast]
    assert different == []
    assert used > len(pages) // 2  # the noted blocks were found on most pages


def _noted(*elements: Any) -> list[str]:
    return [to_html(element) for element in elements]


def test_what_the_parser_must_see_goes_to_it() -> None:
    with rawblocks.noting():
        box, table = _noted(E.DIV(E.CLASS("mf-box"), E.P("Un & deux")),
                            E.TABLE(E.TR(E.TD("x"))))
        cases = {
            "an author's block left open before it": f"<div>\n\n{box}\n\nfin\n",
            "text on the next line": f"{box}\nsuite collée\n",
            "an inline tag left open": f"un <span>début\n{box}\n\n</span>\n",
            "indented": f"para\n\n    {box}\n",
        }
        for what, text in cases.items():
            slow, fast, used = _both(text)
            assert slow == fast, what
            assert not used, what
        for text in (f"{box}\n\n{table}\n", f"# Titre\n\n{box}", f"{box}\n\n\n\nfin\n",
                     f"a\n{box}\n\nb\n"):
            slow, fast, used = _both(text)
            assert slow == fast, text
            assert used, text


def test_an_element_the_parser_would_rewrite_is_not_stashed_without_it() -> None:
    from lxml import etree

    with rawblocks.noting():
        commented = E.DIV("a")
        commented.append(etree.Comment(" note "))
        rule = E.HR()
        inline = E.SPAN("court")
        for block in _noted(commented, rule, inline):
            slow, fast, used = _both(f"{block}\n\nfin\n")
            assert slow == fast, block
            assert not used, block


def test_nothing_is_noted_outside_a_build() -> None:
    to_html(E.DIV("seul"))
    slow, fast, used = _both('<div>seul</div>\n')
    assert slow == fast and not used
