"""French typography for learner-visible text: the space an author types before `: ; ! ?`,
before `%` and inside « » becomes a no-break one, so a line never starts with punctuation.

Only spaces already there change (nothing is inserted), and never inside code, math, HTML
tags or link targets: what a learner copies from a code block stays byte for byte the same.
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree, html

NBSP, NNBSP = "\u00a0", "\u202f"

# A space between a word and high punctuation; `(?<=\S)` keeps Markdown's line-start syntax
# (`!!! note`, `??? details`) untouched.
_BEFORE_COLON = re.compile(r"(?<=\S) (?=:(?:\s|$))")
_BEFORE_HIGH = re.compile(r"(?<=\S) (?=[;!?»](?:[\s.,)»]|$))")
_AFTER_GUILLEMET = re.compile(r"« ")
_BEFORE_PERCENT = re.compile(r"(?<=\d) (?=%)")

# Markdown that must keep its bytes: inline code, math, HTML tags, link targets, bare URLs.
_PROTECTED = re.compile(r"``[^\n]*?``|`[^`\n]*`|\$\$[^$]*\$\$|\$[^$\n]+\$|\\\([^\n]*?\\\)"
                        r"|<[^<>\n]*>|\]\([^()\n]*\)|\]\[[^\]\n]*\]|https?://[^\s)>]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+$")
_CODE_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "math"}


def french_spaces(text: str) -> str:
    """Plain text (no markup) with French no-break spaces."""
    if " " not in text:
        return text
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _AFTER_GUILLEMET.sub("«" + NNBSP, text)
    return _BEFORE_PERCENT.sub(NNBSP, text)


def for_language(text: str, lang: str) -> str:
    return french_spaces(text) if lang == "fr" else text


def markdown_spaces(markdown: str) -> str:
    """A Markdown text with French no-break spaces in its prose only: fenced and indented
    code, inline code, math, HTML tags and link targets are left as written."""
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        opener = _FENCE.match(line)
        if fence:
            fence = "" if opener and opener.group(1) == fence else fence
            out.append(line)
        elif opener:
            fence = opener.group(1)
            out.append(line)
        elif line.startswith(("    ", "\t")) or _TABLE_RULE.match(line):
            out.append(line)
        else:
            out.append(_prose_spaces(line))
    return "\n".join(out)


def _prose_spaces(line: str) -> str:
    parts, last = [], 0
    for match in _PROTECTED.finditer(line):
        parts.append(french_spaces(line[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(french_spaces(line[last:]))
    return "".join(parts)


def tree_spaces(element: etree._Element) -> etree._Element:
    """French no-break spaces in the text of an element and its descendants, code and math
    (`arithmatex`) excepted."""
    _walk(element)
    return element


def _walk(element: etree._Element) -> None:
    if _is_code(element):
        return
    if element.text:
        element.text = french_spaces(element.text)
    for child in element:
        _walk(child)
        if child.tail:
            child.tail = french_spaces(child.tail)


def _is_code(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag in _CODE_ELEMENTS or "arithmatex" in (element.get("class") or "")


def html_spaces(fragment: str) -> str:
    """An HTML fragment (rendered Markdown) with French no-break spaces in its text."""
    if " " not in fragment:
        return fragment
    box = html.fragment_fromstring(fragment, create_parent="div")
    tree_spaces(box)
    inner = (box.text or "") and escape(box.text or "")
    return inner + "".join(etree.tostring(child, method="html", encoding="unicode")
                           for child in box)
