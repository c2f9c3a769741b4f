"""Markdown → HTML with the one set of extensions every target uses.

The OLX and Coursera writers call `render()`; the site writer puts `MARKDOWN_EXTENSIONS` and
`EXTENSION_CONFIGS` into the generated mkdocs.yml, so a reading looks the same everywhere:
fenced code with Pygments highlighting, admonitions, tables, footnotes, and math kept as
`\\(…\\)` / `\\[…\\]` for MathJax.
"""

from __future__ import annotations

from collections.abc import Callable
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

EXTENSION_CONFIGS: dict[str, dict] = {
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False},
    "pymdownx.arithmatex": {"generic": True},
}

# Targets without our stylesheet (OLX, Coursera) get inline colours from Pygments.
INLINE_STYLE_CONFIGS: dict[str, dict] = {
    **EXTENSION_CONFIGS,
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False, "noclasses": True,
                           "pygments_style": "friendly"},
}

UrlRewriter = Callable[[str], str]


def is_relative_url(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#", "mailto:")))


class _RewriteUrls(Treeprocessor):
    def __init__(self, md: markdown.Markdown, rewrite: UrlRewriter) -> None:
        super().__init__(md)
        self.rewrite = rewrite

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute)
                if value and is_relative_url(value):
                    element.set(attribute, self.rewrite(value))


class _RewriteExtension(Extension):
    def __init__(self, rewrite: UrlRewriter) -> None:
        super().__init__()
        self.rewrite = rewrite

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_RewriteUrls(md, self.rewrite), "moocforge_urls", 0)


def render(text: str, rewrite_url: UrlRewriter | None = None, inline_styles: bool = True,
           strip_h1: bool = False, xhtml: bool = False) -> str:
    """Render Markdown to an HTML fragment.

    `rewrite_url` maps relative image/link targets (e.g. to `/static/…` for OLX);
    `strip_h1` drops a leading `# Title` that the platform already shows as the unit title;
    `xhtml` closes empty elements (`<img/>`) for targets that parse the HTML as XML.
    """
    if strip_h1:
        lines = text.lstrip().splitlines()
        if lines and lines[0].startswith("# "):
            text = "\n".join(lines[1:])
    extensions: list = list(MARKDOWN_EXTENSIONS)
    if rewrite_url is not None:
        extensions.append(_RewriteExtension(rewrite_url))
    configs = INLINE_STYLE_CONFIGS if inline_styles else EXTENSION_CONFIGS
    return markdown.markdown(text, extensions=extensions, extension_configs=configs,
                             output_format="xhtml" if xhtml else "html")
