"""Python-Markdown's raw HTML blocks, found without parsing the HTML we serialised.

md_in_html's preprocessor feeds each page to an `HTMLParser` to find its raw HTML blocks
and stash them: a seventh of a tree's build. Most of a generated page is HTML that the
generator serialised itself (`html.to_html`), well-formed elements whose raw block can
only end where the element ends. While a language tree is generated and built in one
process (a full build's worker: `noting`), those elements are noted, and the preprocessor
stashes each noted element it finds where the parser would start a raw block, as the
parser would: at the start of a line, after text that leaves the parser in its first state
(the text between them still goes through the parser, one stretch at a time), followed by
a blank line or the end of the page, and holding nothing the parser would rewrite (a
comment, a declaration, an entity that is not `&name;` or `&#n;`). Anything else goes
through the parser. The pages are the bytes `mkdocs build` makes of the same project
(tests/test_site_build.py compares them; tests/test_site_rawblocks.py compares the
preprocessor's output with md_in_html's on the pages of a course).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

_noted: dict[str, set[str]] | None = None  # an element's first line -> serialised elements
_eligible: dict[str, bool] = {}

_START_TAG = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00`]*)")
_END_TAG = re.compile(r"</([a-zA-Z][^\t\n\r\f />\x00`]*)>\Z")
# '&' the parser gives back as it was: an entity or character reference with its ';'
_UNCHANGED_REFERENCES = re.compile(r"&(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
_LINE_STARTS = re.compile(r"^<", re.MULTILINE)
_BLANK_LINE = re.compile(r"(?:[ ]*\n){2}")  # markdown.htmlparser.blank_line_re, at a position


@contextlib.contextmanager
def noting() -> Iterator[None]:
    """Inside the block, the elements `html.to_html` serialises are noted (and the builds
    made inside find them)."""
    global _noted
    _noted = {}
    try:
        yield
    finally:
        _noted = None
        _eligible.clear()


def note(element_html: str) -> None:
    if _noted is not None:
        _noted.setdefault(element_html.partition("\n")[0], set()).add(element_html)


@contextlib.contextmanager
def fast_raw_blocks() -> Iterator[None]:
    """Inside the block, md_in_html's preprocessor stashes noted elements itself."""
    from markdown.extensions import md_in_html

    preprocessor: Any = md_in_html.HtmlBlockPreprocessor
    original = preprocessor.run

    def run(self: Any, lines: list[str]) -> list[str]:
        found = stashed(self.md, lines) if _noted else None
        return found if found is not None else original(self, lines)

    preprocessor.run = run
    try:
        yield
    finally:
        preprocessor.run = original


def stashed(md: Any, lines: list[str]) -> list[str] | None:
    """The preprocessor's output for `lines`, the noted elements stashed without the parser;
    None (nothing stashed) when there is none to stash or the parser must see everything."""
    source = "\n".join(lines)
    blocks = list(_blocks_in(source, md))
    if not blocks:
        return None
    stash = md.htmlStash
    counter, count = stash.html_counter, len(stash.rawHtmlBlocks)
    cleandoc: list[str] = []
    position = 0
    for start, end in blocks:
        parsed = _parsed(md, source[position:start], last=False)
        if parsed is None:  # the text before it leaves the parser mid-way: undo
            stash.html_counter = counter
            del stash.rawHtmlBlocks[count:]
            return None
        block = source[start:end]
        # the parser keeps the blank line after a raw block with it
        stored = block + "\n" if _BLANK_LINE.match(source, end) else block
        cleandoc += [*parsed, "\n", stash.store(stored), "\n\n"]
        position = end
    cleandoc += _parsed(md, source[position:], last=True) or []  # never None when last
    return "".join(cleandoc).split("\n")


def _blocks_in(source: str, md: Any) -> Iterator[tuple[int, int]]:
    """(start, end) of the noted elements that can be stashed, in order."""
    assert _noted is not None
    position = 0
    for match in _LINE_STARTS.finditer(source):
        start = match.start()
        if start < position:
            continue
        line_end = source.find("\n", start)
        candidates = _noted.get(source[start:line_end if line_end >= 0 else len(source)])
        if not candidates:
            continue
        for block in sorted(candidates, key=len, reverse=True):
            end = start + len(block)
            if source.startswith(block, start) and _ends_block(source, end) and \
                    _stashable(block, md):
                yield start, end
                position = end
                break


def _ends_block(source: str, end: int) -> bool:
    """What follows lets the parser end the raw block there and start afresh: a blank
    line, or nothing but spaces and line breaks to the end of the page."""
    return _BLANK_LINE.match(source, end) is not None or not source[end:].strip(" \n")


def _stashable(block: str, md: Any) -> bool:
    """A raw block the parser stores as it is written: a block-level element (not an
    empty one like `<hr>`), closed at its end, with no comment, declaration or rewritten
    reference."""
    known = _eligible.get(block)
    if known is None:
        start, end = _START_TAG.match(block), _END_TAG.search(block)
        name = start.group(1).lower() if start else ""
        known = _eligible[block] = bool(
            name and md.is_block_level(name) and name != "hr"
            and end is not None and end.group(1).lower() == name
            and "<!" not in block and "<?" not in block
            and block.count("&") == len(_UNCHANGED_REFERENCES.findall(block)))
    return known


def _parsed(md: Any, text: str, *, last: bool) -> list[str] | None:
    """md_in_html's parse of `text`: its clean document, or None when it does not end in
    the parser's first state (a raw block, a Markdown block, an inline tag left open…)."""
    from markdown.extensions.md_in_html import HTMLExtractorExtra

    if not text:
        return []
    parser: Any = HTMLExtractorExtra(md)
    parser.feed(text)
    if not last and (parser.inraw or parser.intail or parser.stack or parser._cache
                     or parser.mdstack or parser.inline_stack or parser.cdata_elem
                     or parser.rawdata):
        return None
    parser.close()
    return list(parser.cleandoc)


__all__ = ["fast_raw_blocks", "note", "noting", "stashed"]
