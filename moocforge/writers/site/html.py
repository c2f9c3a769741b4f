"""HTML fragments for the pages, built with lxml (never by string concatenation).

Markdown inside widgets (quiz prompts, choices, rubric text) and every other text that is
not a reading body is rendered by the shared converter (`moocforge.render.markdown.renderer`)
with raw HTML off: the author's HTML shows as text. Pygments gets CSS classes since the site
ships the stylesheet.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree, html
from lxml.html import builder as E

from moocforge.render.markdown import UrlRewriter, renderer
from moocforge.writers.site.rawblocks import note


@lru_cache(maxsize=8192)
def render_md(text: str) -> str:
    """Markdown → HTML (block level), with the shared extensions and Pygments classes."""
    return render_text(text)


def render_text(text: str, rewrite_url: UrlRewriter | None = None) -> str:
    """Markdown that is not a reading body → HTML, the author's HTML shown as text."""
    return renderer(inline_styles=False, raw_html=False).render(text, rewrite_url)


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
    return str(html.fragment_fromstring(rendered, create_parent="div").text_content())


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
    serialised = etree.tostring(element, method="html", encoding="unicode")
    note(serialised)  # a full build's Markdown stashes it without parsing it (`rawblocks`)
    return serialised


__all__ = ["E", "html_escape", "plain", "render_inline", "render_md", "render_text", "to_html",
           "with_html"]
