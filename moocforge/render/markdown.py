"""Markdown → HTML with the one set of extensions every target uses.

The OLX and Coursera writers call `render()`; the site writer puts `MARKDOWN_EXTENSIONS` and
`EXTENSION_CONFIGS` into the generated mkdocs.yml, so a reading looks the same everywhere:
fenced code with Pygments highlighting, admonitions, tables, footnotes, and math kept as
`\\(…\\)` / `\\[…\\]` for MathJax.

`raw_html=False` is for every text that is not a reading body (titles, quiz prompts, choices,
feedback, hints, rubric texts…): the author's HTML is shown as text, and links or attributes
that could run script (`javascript:` URLs, `on*=` set through an attribute list) are dropped.
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

from moocforge import cache

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
        seen = self.owner.relative_urls
        for element in root.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute)
                if value and is_relative_url(value):
                    seen.append(value)
                    if rewrite is not None:
                        element.set(attribute, rewrite(value))


# Attributes whose value a browser may load or navigate to.
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster",
                             "background", "cite", "xlink:href", "data", "longdesc", "ping"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme


def is_safe_url(value: str, attribute: str = "href") -> bool:
    """Whether a URL cannot run script: relative, or one of the ordinary schemes (images
    may also be `data:image/…`)."""
    url = _URL_NOISE.sub("", html.unescape(value)).lower()
    scheme, colon, _ = url.partition(":")
    if not colon or any(c in scheme for c in "/?#"):
        return True  # no scheme: a relative URL
    if attribute == "src" and url.startswith("data:image/"):
        return True
    return scheme in _SAFE_SCHEMES


class _DropUnsafe(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Remove what could run script from the tree Markdown built (raw HTML never gets in)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute, value in list(element.attrib.items()):
                name = attribute.lower()
                if name.startswith("on") or name in ("markdown", "style", "srcdoc") or (
                        name in _URL_ATTRIBUTES and not is_safe_url(value, name)):
                    del element.attrib[attribute]


class _NoRawHtml(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafe(md), "moocforge_drop_unsafe", -10)


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
        self.relative_urls: list[str] = []  # met by the last conversion, in order
        self.xhtml = xhtml
        self._settings = f"{int(inline_styles)}{int(xhtml)}{int(raw_html)}"
        # md_in_html needs the raw-HTML block processor that the safe mode removes.
        extensions = MARKDOWN_EXTENSIONS if raw_html else [
            *(name for name in MARKDOWN_EXTENSIONS if name != "md_in_html"), _NoRawHtml()]
        self._md = markdown.Markdown(
            extensions=[*extensions, _RewriteExtension(self)],
            extension_configs=INLINE_STYLE_CONFIGS if inline_styles else EXTENSION_CONFIGS,
            output_format="xhtml" if xhtml else "html")
        if not raw_html:
            # Every text but a reading body: `<`, `>` and `&` are characters the learner must
            # read. `_NoRawHtml` turns Markdown's raw-HTML passthrough off; with entities off
            # too, `&lt;` shows as typed and every character comes out as an escaped text node.
            self._md.inlinePatterns.deregister("entity")

    def render(self, text: str, rewrite_url: UrlRewriter | None = None,
               strip_h1: bool = False) -> str:
        if strip_h1:
            lines = text.lstrip().splitlines()
            if lines and lines[0].startswith("# "):
                text = "\n".join(lines[1:])
        if is_plain(text):
            return f"<p>{html.escape(text, quote=False)}</p>"
        store = cache.active()
        if not store.enabled:
            return self._convert(text, rewrite_url)
        return self._cached(store, text, rewrite_url)

    def _cached(self, store: cache.Cache, text: str, rewrite_url: UrlRewriter | None) -> str:
        """The HTML of `text` from the cache (namespace `html`).

        The output depends on the text, the settings and what `rewrite_url` makes of each
        relative URL in it. So two facts are kept: the text's relative URLs (whatever the
        rewriter), and the HTML under the text *and the rewritten URLs*: a writer that
        rewrites differently gets its own entry, never another writer's HTML."""
        urls = store.get("html", store.key("html-urls", self._settings, text))
        if isinstance(urls, tuple):
            key = self._html_key(store, text, urls, rewrite_url)
            found = store.get("html", key)
            if isinstance(found, str):
                return found
        result = self._convert(text, rewrite_url)
        seen = tuple(self.relative_urls)
        store.put(store.key("html-urls", self._settings, text), seen)
        store.put(self._html_key(store, text, seen, rewrite_url), result)
        return result

    def _html_key(self, store: cache.Cache, text: str, urls: tuple[str, ...],
                  rewrite_url: UrlRewriter | None) -> bytes:
        rewritten = "\0".join(rewrite_url(u) if rewrite_url else u for u in urls)
        return store.key("html", self._settings, text, rewritten)

    def _convert(self, text: str, rewrite_url: UrlRewriter | None) -> str:
        self.rewrite_url = rewrite_url
        self.relative_urls = []
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
    `raw_html=False` shows the author's HTML as text (every text but a reading body).
    """
    return renderer(inline_styles, xhtml, raw_html).render(text, rewrite_url, strip_h1)
