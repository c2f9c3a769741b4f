"""Memoised Markdown rendering for OLX: the shared converter plus a per-build cache.

A quiz renders dozens of small fragments and a multilingual build renders each text once per
package, so results are memoised per (key, text). The conversion itself is the shared
`moocforge.render.markdown.Renderer` (xhtml output, inline Pygments styles, `strip_h1`).
"""

from __future__ import annotations

from collections.abc import Callable

from moocforge.render.markdown import Renderer as MarkdownRenderer
from moocforge.render.markdown import is_plain


class Renderer:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool, str],
                          tuple[str, tuple[tuple[str, str], ...]]] = {}
        self._converters = {raw: MarkdownRenderer(inline_styles=True, xhtml=True, raw_html=raw)
                            for raw in (True, False)}

    def render(self, text: str, rewrite_url: Callable[[str], str] | None = None,
               key: str = "", raw_html: bool = True) -> str:
        """Same output as `render(text, rewrite_url, strip_h1=True, xhtml=True, raw_html)`.

        Results are memoised per (`key`, raw_html, text), `key` naming what relative URLs
        depend on (the Markdown file). On a hit the URL rewrites are replayed, so that the
        caller's side effects (shipping the linked files) happen for every build; if one of
        them now answers differently, the text is rendered again.
        """
        converter = self._converters[raw_html]
        if is_plain(text):
            return converter.render(text)
        cached = self._cache.get((key, raw_html, text))
        if cached is not None:
            result, seen = cached
            if rewrite_url is None or all(rewrite_url(u) == r for u, r in seen):
                return result
        rewrites: list[tuple[str, str]] = []

        def recording(url: str) -> str:
            assert rewrite_url is not None
            rewritten = rewrite_url(url)
            rewrites.append((url, rewritten))
            return rewritten

        result = converter.render(text, recording if rewrite_url is not None else None,
                                  strip_h1=True)
        self._cache[(key, raw_html, text)] = (result, tuple(rewrites))
        return result
