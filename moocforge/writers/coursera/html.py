"""Small lxml helpers for the kit's HTML pages (never built by string concatenation)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from lxml import etree, html
from lxml.html import builder as E

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1f2328; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c8ccd0; padding: .3rem .6rem; vertical-align: top;
         text-align: left; }
th { background: #f3f4f6; }
code, pre { background: #f6f8fa; }
.correct { font-weight: bold; color: #116329; }
.meta { color: #57606a; font-size: .9em; }
.warning { color: #9a6700; }
.error { color: #cf222e; }
.answer-key { page-break-before: always; border-top: 3px double #888; margin-top: 2rem; }
@media print { .no-print { display: none; } }
"""


def page(title: str, lang: str) -> tuple[etree._Element, etree._Element]:
    """A complete HTML document; returns (document, body) so callers append to the body."""
    document = copy.deepcopy(_PAGE)  # a kit has thousands of pages: copied, not rebuilt
    document.set("lang", lang)
    document[0][1].text = title
    return document, document[1]


_PAGE = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(), E.STYLE(STYLE)), E.BODY(), lang="")


# One paragraph of text whose only markup is the three entities Markdown escapes, and no
# character the HTML parser would change or lxml refuses (controls, CR, surrogates,
# U+FFFE/U+FFFF).
_PLAIN_PARAGRAPH = re.compile(
    r"<p>((?:[^<>&\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\n|\t|&(?:amp|lt|gt);)*+)</p>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_ENTITY = re.compile(r"&(?:amp|lt|gt);")


def fragment(markup: str) -> list[etree._Element]:
    """Parse an HTML fragment (e.g. rendered Markdown) into elements to append.

    Leading text outside any element is wrapped in a <span> so nothing is lost.
    """
    plain = _PLAIN_PARAGRAPH.fullmatch(markup)
    if plain is not None:  # most quiz texts: built directly, as the parser would
        return [E.P(_ENTITY.sub(lambda m: _ENTITIES[m.group(0)], plain.group(1)))]
    if not markup.strip():
        return []
    parts = html.fragments_fromstring(markup)
    elements: list[etree._Element] = []
    for part in parts:
        if isinstance(part, str):
            if part.strip():
                elements.append(E.SPAN(part))
        else:
            elements.append(part)
    return elements


def append_markup(parent: etree._Element, markup: str) -> etree._Element:
    for element in fragment(markup):
        parent.append(element)
    return parent


def div(markup: str, **attributes: str) -> etree._Element:
    return append_markup(E.DIV(**attributes), markup)


def table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> etree._Element:
    element = E.TABLE(E.THEAD(E.TR(*[E.TH(h) for h in headers])))
    body = E.TBODY()
    for row in rows:
        body.append(E.TR(*[_cell(value) for value in row]))
    element.append(body)
    return element


def _cell(value: object) -> etree._Element:
    if isinstance(value, etree._Element):
        return E.TD(value)
    return E.TD("" if value is None else str(value))


def serialize(document: etree._Element) -> bytes:
    return html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8",
                         method="html", pretty_print=True)


__all__ = ["E", "append_markup", "div", "fragment", "page", "serialize", "table"]
