"""Finding every link, image and heading of a Markdown text, with its position.

Regex-based on purpose: findings need positions (`file:line:col`), which Python-Markdown does
not keep, and the scan must be fast on thousands of pages. Code (fenced blocks and inline
code spans) is blanked out first so that examples of Markdown syntax in code are not taken
for links. The loader runs it once per text (`moocforge.load.markdown`); rules and writers
read the resulting `Document.refs` and `Document.headings`.

Every scan is linear in the length of the text, whatever the text: a pattern never scans
past the next character that would start another match (possessive quantifiers, and
negated classes that stop at the next opener), and fences and code spans are paired by
lookup instead of by a regex searching for the closer from every opener.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from moocforge.model import Heading, Ref, RefKind, RefSyntax

_FENCE_LINE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})([^\n]*)")
_BACKTICKS = re.compile(r"`+")
_BRACKET = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*+\])*+)\]"
# A destination may hold balanced parentheses, one level: `wiki/C_(language)`.
_DEST = (r"\(\s*+<?((?:[^()\s>\[\]]++|\([^()\s]*+\))*+)>?\s*+"
         r"(?:(?:\"[^\"]*+\"|'[^']*+'|\([^()]*+\))\s*+)?\)")
_IMAGE = re.compile(r"!" + _BRACKET + _DEST)
_LINK = re.compile(r"(?<![!\]\\])" + _BRACKET + _DEST)
_REF_IMAGE = re.compile(r"!" + _BRACKET + r"\[([^\[\]\n]*+)\]")
_REF_LINK = re.compile(r"(?<![!\]\\])" + _BRACKET + r"\[([^\[\]\n]*+)\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]++|mailto:[^<>\s]++)>")
_HTML_IMG = re.compile(r"<img\b([^<>]*+)>", re.IGNORECASE)
_HTML_A = re.compile(r"<a\b([^<>]*+)>((?:[^<]++|<(?!/?a\b))*+)</a\s*+>", re.IGNORECASE)
_HTML_SRC = re.compile(r"<(?:source|video|audio|iframe|embed)\b([^<>]*+)>", re.IGNORECASE)
_ATTR = re.compile(r"(?<![\w:-])([\w:-]++)\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\s>]++))")
_TAG = re.compile(r"<[^<>]++>")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+([^\n]*))?$", re.MULTILINE)


@lru_cache(maxsize=16384)
def blank_code(text: str) -> str:
    """Replace fenced blocks and code spans with spaces, keeping line breaks."""
    spans = _fences(text)
    outside, last = [], 0
    for begin, end in spans:
        outside.append((last, begin))
        last = end
    outside.append((last, len(text)))
    for begin, end in outside:
        spans.extend(_code_spans(text, begin, end))
    if not spans:
        return text
    out, last = [], 0
    for begin, end in sorted(spans):
        out.append(text[last:begin])
        out.append(re.sub(r"[^\n]", " ", text[begin:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def _lines(text: str, begin: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines of text[begin:end], line breaks excluded."""
    end = len(text) if end is None else end
    found = []
    while begin <= end:
        stop = text.find("\n", begin, end)
        stop = end if stop < 0 else stop
        found.append((begin, stop))
        begin = stop + 1
    return found


def _fences(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks. As pymdownx.superfences pairs them: a fence closes on a
    line holding only the same fence; an opener that never closes is plain text."""
    lines = _lines(text)
    fences: list[tuple[str, bool] | None] = []  # per line: (fence, line is only a fence)
    bare: dict[str, list[int]] = {}  # fence -> indexes of the lines that can close it
    for index, (begin, end) in enumerate(lines):
        match = _FENCE_LINE.match(text, begin, end)
        if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
            fences.append(None)
            continue
        only = not match.group(2).strip(" \t")
        fences.append((match.group(1), only))
        if only:
            bare.setdefault(match.group(1), []).append(index)
    spans, index = [], 0
    while index < len(lines):
        fence = fences[index]
        if fence is not None:
            closers = bare.get(fence[0], [])
            after = bisect.bisect_right(closers, index)
            if after < len(closers):
                spans.append((lines[index][0], lines[closers[after]][1]))
                index = closers[after]
        index += 1
    return spans


def _code_spans(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Spans of inline code within one line each: a run of n backticks up to the next run
    of exactly n backticks on the same line."""
    spans = []
    for line_begin, line_end in _lines(text, begin, end):
        if text.find("`", line_begin, line_end) < 0:
            continue
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, line_begin, line_end)]
        by_length: dict[int, list[int]] = {}
        for index, (start, stop) in enumerate(runs):
            by_length.setdefault(stop - start, []).append(index)
        index = 0
        while index < len(runs):
            start, stop = runs[index]
            same = by_length[stop - start]
            after = bisect.bisect_right(same, index)
            if after < len(same):
                spans.append((start, runs[same[after]][1]))
                index = same[after]
            index += 1
    return spans


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
            label = _TAG.sub("", m.group(2)).strip()
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
    return tuple(Heading(len(m.group(1)), _heading_text(m.group(2) or ""),
                         _line_col(clean, m.start(), starts)[0])
                 for m in _HEADING.finditer(clean))


def _heading_text(text: str) -> str:
    """The text of an ATX heading without its closing `#`s (string methods: linear)."""
    return text.rstrip(" \t").rstrip("#").strip(" \t")


