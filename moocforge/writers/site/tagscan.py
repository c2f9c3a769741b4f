"""The events `html.parser` gives for a page's HTML, found faster, for the search plugin.

Material's search plugin divides each page into sections with a subclass of the standard
library's `HTMLParser`; its tokenizer (several regular expressions and a line count per tag)
is about a tenth of a language tree's build. Python-Markdown's output is regular HTML, so
`html_events` finds the tags with one strict pattern and asks `HTMLParser` itself what each
distinct tag text means (kept: a site has a few thousand distinct tags for hundreds of
thousands of uses). The events are the ones `HTMLParser.feed` + `close` give, in the same
order with the same text chunks. An element whose content HTMLParser may read as raw text
(a script, an iframe: the list grew in newer Pythons) is handed to HTMLParser whole. For
anything else the strict pattern does not cover (comments, declarations, a stray `<`) it
gives None and the caller parses as before. `fast_search_parser` puts this under the search
plugin for the duration of one of moocforge's own builds (a plain `mkdocs build` is
untouched); the site tests compare every page and the search index with `mkdocs build`'s.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from typing import Any

# One event: ("starttag" | "startendtag", tag, attributes), ("endtag", tag) or ("data", text).
Event = tuple[Any, ...]

_START_TAG = re.compile(r"""<[a-zA-Z][a-zA-Z0-9-]*"""
                        r"""(?:\s+[a-zA-Z_:@][-a-zA-Z0-9_:.@]*"""
                        r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_END_TAG = re.compile(r"</[a-zA-Z][-.a-zA-Z0-9:_]*\s*>")
# A tag of either kind where HTMLParser sees one, or a `<` that starts something else.
_TOKEN = re.compile(f"{_END_TAG.pattern}|{_START_TAG.pattern}|<")
# Tags simple enough to read here exactly as HTMLParser does: lower-case names, values in
# double quotes with no character reference (HTMLParser would unescape them).
_PLAIN_TAG = re.compile(r'<([a-z][a-z0-9]*)((?:\s+[a-z][-a-z0-9_:.]*(?:="[^"&]*")?)*)\s*(/?)>')
_PLAIN_ATTRIBUTE = re.compile(r'\s+([a-z][-a-z0-9_:.]*)(?:(=)"([^"]*)")?')
# Elements whose content HTMLParser reads, or may read in another Python, as raw text.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "noscript", "plaintext",
                       *getattr(HTMLParser, "CDATA_CONTENT_ELEMENTS", ())})
_KEPT_LIMIT = 100_000
_kept: dict[str, list[Event] | None] = {}


class _Recorder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("starttag", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startendtag", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("endtag", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))

    # what the fast path never replays: a comment, a declaration, a processing instruction
    def unknown_decl(self, data: str) -> None:
        self.events.append(("other", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("other", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("other", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("other", data))


def recorded(text: str) -> _Recorder:
    recorder = _Recorder()
    recorder.feed(text)
    recorder.close()
    return recorder


def plain_tag_events(text: str) -> list[Event] | None:
    """HTMLParser's events for a tag as simple as `_PLAIN_TAG`, without parsing; or None."""
    if text.startswith("</"):
        return [("endtag", text[2:-1].rstrip().lower())]
    match = _PLAIN_TAG.fullmatch(text)
    if match is None:
        return None
    attributes = [(name, value if equals else None)
                  for name, equals, value in _PLAIN_ATTRIBUTE.findall(match.group(2))]
    return [("startendtag" if match.group(3) else "starttag", match.group(1), attributes)]


def tag_events(text: str) -> list[Event] | None:
    """What HTMLParser makes of one tag's text alone: one tag event, else None."""
    found = _kept.get(text, _kept)
    if found is not _kept:
        return found  # type: ignore[return-value]
    events: list[Event] | None = plain_tag_events(text) or recorded(text).events
    if events is None or len(events) != 1 or events[0][0] not in (
            "starttag", "startendtag", "endtag"):
        events = None
    if len(_kept) >= _KEPT_LIMIT:
        _kept.clear()
    _kept[text] = events
    return events


def html_events(html: str) -> list[Event] | None:
    """The events of `HTMLParser(convert_charrefs=True).feed(html)` then `close()`, or None
    when `html` holds something other than text, start tags and end tags."""
    events: list[Event] = []
    append, search, kept = events.append, _TOKEN.search, _kept
    position = 0
    while (match := search(html, position)) is not None:
        opening, text = match.start(), match.group()
        if opening > position:
            append(("data", unescape(html[position:opening])))
        found = kept.get(text) or tag_events(text) if len(text) > 1 else None
        if found is None:
            return None
        position = match.end()
        first = found[0]
        if first[0] == "starttag" and first[1] in _RAW_TEXT:
            whole = _raw_text_element(html, opening, position, first[1])
            if whole is None:
                return None
            found, position = whole
            events.extend(found)
        else:
            append(first)
    if position < len(html):
        append(("data", unescape(html[position:])))
    return events


@functools.lru_cache(maxsize=64)
def _closing_tag(tag: str) -> re.Pattern[str]:
    """Where an element's end tag may start (HTMLParser decides whether it is one)."""
    return re.compile("</" + re.escape(tag), re.IGNORECASE)


def _raw_text_element(html: str, opening: int, content: int, tag: str
                      ) -> tuple[list[Event], int] | None:
    """The events of the element starting at `opening` whose content may be raw text, and
    where it ends: HTMLParser's own for the element alone, when they end with its end tag
    in the parser's normal state (else None)."""
    closing = _closing_tag(tag).search(html, content)
    end = html.find(">", closing.end()) + 1 if closing else 0
    if end <= 0:
        return None
    recorder = recorded(html[opening:end])
    events = recorder.events
    if (not events or events[-1] != ("endtag", tag) or recorder.rawdata
            or getattr(recorder, "cdata_elem", None) is not None
            or any(event[0] == "other" for event in events)):
        return None
    return events, end


def replay(events: list[Event], parser: HTMLParser) -> None:
    """Call `parser`'s handlers as its own `feed` of the same HTML would."""
    for event in events:
        kind = event[0]
        if kind == "data":
            parser.handle_data(event[1])
        elif kind == "starttag":
            parser.handle_starttag(event[1], event[2])
        elif kind == "endtag":
            parser.handle_endtag(event[1])
        elif kind == "startendtag":
            parser.handle_startendtag(event[1], event[2])
        else:
            raise ValueError(f"unknown HTML event {kind!r}")


@contextlib.contextmanager
def fast_search_parser() -> Iterator[None]:
    """Inside the block, Material's search plugin (when installed) divides pages with
    `html_events` (same sections, same index)."""
    try:
        from material.plugins.search import plugin
    except ImportError:
        yield
        return
    module: Any = plugin
    original = module.Parser

    class FastParser(original):  # type: ignore[misc, valid-type]
        def feed(self, data: str) -> None:
            events = html_events(data)
            if events is None:
                super().feed(data)
            else:
                replay(events, self)

    module.Parser = FastParser
    try:
        yield
    finally:
        module.Parser = original
