"""Finding every link, image and heading of a Markdown text, with its position.

Regex-based on purpose: findings need positions (`file:line:col`), which Python-Markdown does
not keep, and the scan must be fast on thousands of pages. Code (fenced blocks and inline
code spans) is blanked out first so that examples of Markdown syntax in code are not taken
for links. The loader runs it once per text (`moocforge.load.markdown`); rules and writers
read the resulting `Document.refs` and `Document.headings`.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from moocforge.model import Heading, Ref, RefKind, RefSyntax

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?^[ \t]{0,3}\1[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1(?!`)")  # within one line: cheap, good enough
_BRACKET = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
_DEST = r"\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
_IMAGE = re.compile(r"!" + _BRACKET + _DEST)
_LINK = re.compile(r"(?<![!\]\\])" + _BRACKET + _DEST)
_REF_IMAGE = re.compile(r"!" + _BRACKET + r"\[([^\]\n]*)\]")
_REF_LINK = re.compile(r"(?<![!\]\\])" + _BRACKET + r"\[([^\]\n]*)\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+)>")
_HTML_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_HTML_A = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HTML_SRC = re.compile(r"<(?:source|video|audio|iframe|embed)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$", re.MULTILINE)


@lru_cache(maxsize=16384)
def blank_code(text: str) -> str:
    """Replace fenced blocks and code spans with spaces, keeping line breaks."""
    def spaces(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(spaces, _FENCE.sub(spaces, text))


def _line_col(text: str, offset: int, starts: list[int]) -> tuple[int, int]:

    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTR.finditer(raw)}


@lru_cache(maxsize=16384)
def refs(text: str) -> tuple[Ref, ...]:
    """Every image, link and embedded media reference of a Markdown text (memoised)."""
    if "[" not in text and "<" not in text:
        return ()
    clean = blank_code(text)
    starts = [0] + [m.end() for m in re.finditer("\n", clean)]
    found: list[Ref] = []

    def add(kind: RefKind, target: str, label: str, offset: int, syntax: RefSyntax,
            has_alt: bool = True) -> None:
        line, col = _line_col(clean, offset, starts)
        found.append(Ref(kind, target, label, line, col, syntax, has_alt))

    definitions = {m.group(1).strip().lower(): m.group(2) for m in _REF_DEF.finditer(clean)}
    for m in _IMAGE.finditer(clean):
        add("image", m.group(2), m.group(1), m.start(), "markdown")
    for m in _LINK.finditer(clean):
        add("link", m.group(2), m.group(1), m.start(), "markdown")
    references: tuple[tuple[re.Pattern[str], RefKind], ...] = (
        (_REF_IMAGE, "image"), (_REF_LINK, "link"))
    for pattern, kind in references:
        for m in pattern.finditer(clean):
            key = (m.group(2) or m.group(1)).strip().lower()
            if key in definitions:
                add(kind, definitions[key], m.group(1), m.start(), "reference")
    for m in _REF_DEF.finditer(clean):
        add("link", m.group(2), "", m.start(), "reference")  # checked for existence only
    for m in _AUTOLINK.finditer(clean):
        add("link", m.group(1), m.group(1), m.start(), "autolink")
    for m in _HTML_IMG.finditer(clean):
        attrs = _attrs(m.group(1))
        add("image", attrs.get("src", ""), attrs.get("alt", ""), m.start(), "html",
            "alt" in attrs)
    for m in _HTML_A.finditer(clean):
        attrs = _attrs(m.group(1))
        if "href" in attrs:
            label = re.sub(r"<[^>]+>", "", m.group(2)).strip()
            add("link", attrs["href"], label, m.start(), "html")
    for m in _HTML_SRC.finditer(clean):
        attrs = _attrs(m.group(1))
        if attrs.get("src"):
            add("media", attrs["src"], "", m.start(), "html")
    found.sort(key=lambda r: (r.line, r.col))
    return tuple(found)


@lru_cache(maxsize=16384)
def headings(text: str) -> tuple[Heading, ...]:
    clean = blank_code(text)
    starts = [0] + [m.end() for m in re.finditer("\n", clean)]
    return tuple(Heading(len(m.group(1)), (m.group(2) or "").strip(),
                         _line_col(clean, m.start(), starts)[0])
                 for m in _HEADING.finditer(clean))




