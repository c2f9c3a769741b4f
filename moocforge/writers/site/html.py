"""HTML fragments for the pages, built with lxml (never by string concatenation).

Markdown inside widgets (quiz prompts, choices, rubric text) is rendered with the project's one
set of extensions (`moocforge.render.markdown`); one `Markdown` instance is reused because
building it costs more than converting a short text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
from lxml import etree, html
from lxml.html import builder as E

from moocforge.render.markdown import EXTENSION_CONFIGS, MARKDOWN_EXTENSIONS

_PLAIN = re.compile(r"^[\w\s.,;:!?'’\"()«»%€$+=/-]*$")
_converter: markdown.Markdown | None = None


def _markdown() -> markdown.Markdown:
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS),
                                       extension_configs=EXTENSION_CONFIGS)
    return _converter


@lru_cache(maxsize=8192)
def render_md(text: str) -> str:
    """Markdown → HTML (block level), with the shared extensions and Pygments classes."""
    if _PLAIN.match(text) and "\n\n" not in text and "$" not in text:
        return f"<p>{html_escape(text.strip())}</p>" if text.strip() else ""
    return _markdown().reset().convert(text)


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """Markdown → HTML without the wrapping paragraph (for labels and table cells)."""
    out = render_md(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> str:
    """The text of a Markdown string without markup (for <option> and attributes)."""
    rendered = render_inline(text)
    if "<" not in rendered and "&" not in rendered:
        return rendered
    return html.fromstring(f"<div>{rendered}</div>").text_content()


def with_html(element: etree._Element, fragment: str) -> etree._Element:
    """Append parsed HTML `fragment` to `element` and return the element."""
    if not fragment:
        return element
    parts = html.fragments_fromstring(fragment)
    for part in parts:
        if isinstance(part, str):
            if len(element):
                element[-1].tail = (element[-1].tail or "") + part
            else:
                element.text = (element.text or "") + part
        else:
            element.append(part)
    return element


def to_html(element: etree._Element) -> str:
    """Serialise one element as an HTML block that Markdown passes through unchanged."""
    # Python-Markdown passes a block-level element through whole, blank lines included.
    return etree.tostring(element, method="html", encoding="unicode")


__all__ = ["E", "html_escape", "plain", "render_inline", "render_md", "to_html", "with_html"]
