"""A reusable Markdown converter equivalent to `moocforge.render.markdown.render`.

`render()` builds a new `markdown.Markdown` (and all ten extensions) on every call, which is
90 % of an OLX build of a large course: a quiz alone renders dozens of small fragments. This
keeps one converter per build with the very same extension list and configuration
(`MARKDOWN_EXTENSIONS`, `INLINE_STYLE_CONFIGS`, xhtml output, `strip_h1`) and `reset()`s it
between documents; tests check that both give the same HTML. Plain one-line text (no Markdown
or HTML syntax at all) skips the converter entirely.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from moocforge.render.markdown import INLINE_STYLE_CONFIGS, MARKDOWN_EXTENSIONS, is_relative_url

# Anything that might be Markdown, HTML, an entity, math or a link.
_SYNTAX = re.compile(r"[\\`*_{}\[\]()<>#+\-!|~$&:=\n\r\t]|^\s|\s$|^\d+\.|  ")


class _Rewrite(Treeprocessor):
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


class _RewriteExtension(Extension):
    def __init__(self, owner: Renderer) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Rewrite(md, self.owner), "moocforge_urls", 0)


class Renderer:
    def __init__(self) -> None:
        self.rewrite_url: Callable[[str], str] | None = None
        self._cache: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]]] = {}
        self._md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, _RewriteExtension(self)],
            extension_configs=INLINE_STYLE_CONFIGS, output_format="xhtml")

    def render(self, text: str, rewrite_url: Callable[[str], str] | None = None,
               key: str = "") -> str:
        """Same output as `render(text, rewrite_url, strip_h1=True, xhtml=True)`.

        Results are memoised per (`key`, text), `key` naming what relative URLs depend on
        (the Markdown file). On a hit the URL rewrites are replayed, so that the caller's
        side effects (shipping the linked files) happen for every build; if one of them now
        answers differently, the text is rendered again.
        """
        lines = text.lstrip().splitlines()
        if lines and lines[0].startswith("# "):
            text = "\n".join(lines[1:])
        if text and not _SYNTAX.search(text):
            return f"<p>{html.escape(text, quote=False)}</p>"
        cached = self._cache.get((key, text))
        if cached is not None:
            result, rewrites = cached
            if rewrite_url is None or all(rewrite_url(u) == r for u, r in rewrites):
                return result
        rewrites: list[tuple[str, str]] = []

        def recording(url: str) -> str:
            assert rewrite_url is not None
            rewritten = rewrite_url(url)
            rewrites.append((url, rewritten))
            return rewritten

        self.rewrite_url = recording if rewrite_url is not None else None
        try:
            result = self._md.reset().convert(text)
        finally:
            self.rewrite_url = None
        self._cache[(key, text)] = (result, tuple(rewrites))
        return result
