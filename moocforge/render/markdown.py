"""Markdown → HTML with the one set of extensions every target uses.

The OLX and Coursera writers call `render()`; the site writer puts `MARKDOWN_EXTENSIONS` and
`EXTENSION_CONFIGS` into the generated mkdocs.yml, so a reading looks the same everywhere:
fenced code with Pygments highlighting, admonitions, tables, footnotes, and math kept as
`\\(…\\)` / `\\[…\\]` for MathJax.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

MARKDOWN_EXTENSIONS = [
    "admonition",
    "tables",
    "footnotes",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.arithmatex",
]

EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False},
    "pymdownx.arithmatex": {"generic": True},
}

# Targets without our stylesheet (OLX, Coursera) get inline colours from Pygments.
INLINE_STYLE_CONFIGS: dict[str, dict[str, Any]] = {
    **EXTENSION_CONFIGS,
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False, "noclasses": True,
                           "pygments_style": "friendly"},
}

UrlRewriter = Callable[[str], str]

# Anything that might be Markdown, HTML, an entity, math or a link: text without any of these
# renders to a plain paragraph, so it skips the converter.
_SYNTAX = re.compile(r"[\\`*_{}\[\]()<>#+\-!|~$&:=\n\r\t]|^\s|\s$|^\d+\.|  ")


def is_plain(text: str) -> bool:
    """Text with no Markdown/HTML syntax at all: it renders to a plain paragraph."""
    return bool(text) and not _SYNTAX.search(text)


def is_relative_url(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#", "mailto:")))


class _RewriteUrls(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    def __init__(self, md: markdown.Markdown, owner: Renderer) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: Element) -> None:
        rewrite = self.owner.rewrite_url
        if rewrite is None:
            return
        for element in root.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute)
                if value and is_relative_url(value):
                    element.set(attribute, rewrite(value))


class _RewriteExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    def __init__(self, owner: Renderer) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_RewriteUrls(md, self.owner), "moocforge_urls", 0)


class Renderer:
    """One reusable Markdown converter (building one costs ~4 ms: ten extensions + Pygments).

    Writers render thousands of small fragments (quiz choices, feedback), so the converter is
    built once and `reset()` between documents. Not thread-safe: `render()` keeps one per
    thread.
    """

    def __init__(self, inline_styles: bool = True, xhtml: bool = False,
                 raw_html: bool = True) -> None:
        self.rewrite_url: UrlRewriter | None = None
        self.xhtml = xhtml
        self._md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, _RewriteExtension(self)],
            extension_configs=INLINE_STYLE_CONFIGS if inline_styles else EXTENSION_CONFIGS,
            output_format="xhtml" if xhtml else "html")
        if not raw_html:
            # Quiz and prompt text: `<`, `>` and `&` are characters the learner must read, so
            # Markdown's raw-HTML passthrough is off and they come out as escaped text nodes.
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")
            self._md.inlinePatterns.deregister("entity")

    def render(self, text: str, rewrite_url: UrlRewriter | None = None,
               strip_h1: bool = False) -> str:
        if strip_h1:
            lines = text.lstrip().splitlines()
            if lines and lines[0].startswith("# "):
                text = "\n".join(lines[1:])
        if is_plain(text):
            return f"<p>{html.escape(text, quote=False)}</p>"
        self.rewrite_url = rewrite_url
        try:
            return str(self._md.reset().convert(text))
        finally:
            self.rewrite_url = None


_local = threading.local()


def renderer(inline_styles: bool = True, xhtml: bool = False,
             raw_html: bool = True) -> Renderer:
    """This thread's shared converter for the given output settings."""
    cache = getattr(_local, "renderers", None)
    if cache is None:
        cache = _local.renderers = {}
    key = (inline_styles, xhtml, raw_html)
    if key not in cache:
        cache[key] = Renderer(inline_styles, xhtml, raw_html)
    found: Renderer = cache[key]
    return found


def render(text: str, rewrite_url: UrlRewriter | None = None, inline_styles: bool = True,
           strip_h1: bool = False, xhtml: bool = False, raw_html: bool = True) -> str:
    """Render Markdown to an HTML fragment.

    `rewrite_url` maps relative image/link targets (e.g. to `/static/…` for OLX);
    `strip_h1` drops a leading `# Title` that the platform already shows as the unit title;
    `xhtml` closes empty elements (`<img/>`) for targets that parse the HTML as XML;
    `raw_html=False` shows HTML in the text as typed (quiz and prompt text, never readings).
    """
    return renderer(inline_styles, xhtml, raw_html).render(text, rewrite_url, strip_h1)
