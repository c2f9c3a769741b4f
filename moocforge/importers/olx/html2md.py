"""HTML (an Open edX html block, a CAPA text) → Markdown, keeping raw HTML where Markdown
cannot say it.

The conversion is markdownify (docs/import.md says why), block by block, and every block is
checked: its Markdown is rendered again with moocforge's own renderer and compared with the
original (elements, attributes and text, whitespace collapsed outside `<pre>`). A block whose
Markdown would not give the same page is kept as raw HTML in a reading; in quiz and prompt
text, which is rendered with raw HTML off, the closest Markdown is kept and the caller
reports the difference. Code blocks that moocforge rendered with Pygments get their fence
back, with the language whose highlighting gives exactly the original colours.
"""

from __future__ import annotations

import html as stdhtml
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree, html
from markdownify import MarkdownConverter

from moocforge.render.markdown import Renderer, is_plain

UrlMap = Callable[[str], str]

# Languages tried when a Pygments block comes back (the first whose colours match wins).
CODE_LANGUAGES = ("c", "python", "bash", "sh", "console", "text", "cpp", "java",
                  "javascript", "json", "yaml", "html", "sql", "makefile", "pycon", "diff")
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACE = re.compile(r"\s+")


@dataclass
class Converted:
    markdown: str
    raw_blocks: int = 0  # blocks kept as raw HTML
    inexact: list[str] = field(default_factory=list)  # blocks whose Markdown differs (texts)


class _Converter(MarkdownConverter):  # type: ignore[misc]  # markdownify ships no types
    def __init__(self, urls: UrlMap, **options: object) -> None:
        super().__init__(heading_style="ATX", bullets="-", strong_em_symbol="*",
                         escape_misc=False, **options)
        self.urls = urls

    def convert_a(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        if el.get("href"):
            el["href"] = self.urls(el["href"])
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        if el.get("src"):
            el["src"] = self.urls(el["src"])
        return super().convert_img(el, text, parent_tags)

    def convert_span(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        if "arithmatex" in (el.get("class") or []):
            return el.get_text()  # \(x\) as typed: the renderer's arithmatex gives it back
        return text


class HtmlToMarkdown:
    """One converter per import: the renderers it checks with are built once."""

    def __init__(self) -> None:
        self._renderers = {raw: Renderer(inline_styles=True, xhtml=True, raw_html=raw)
                           for raw in (True, False)}
        self._code_cache: dict[str, str] = {}
        self._markdownify = _Converter(lambda u: u, bs4_options="lxml")

    def convert(self, fragment: str, urls: UrlMap, raw_html: bool = True) -> Converted:
        """`raw_html`: the text is a reading (raw HTML allowed) rather than quiz text."""
        blocks = _top_level(fragment)
        result = Converted("")
        parts: list[str] = []
        for block in blocks:
            parts.append(self._block(block, urls, raw_html, result))
        result.markdown = _BLANK_RUN.sub("\n\n", "\n\n".join(p for p in parts if p.strip())
                                         ).strip() + "\n"
        if not result.markdown.strip():
            result.markdown = ""
        return result

    def inline(self, fragment: str, urls: UrlMap) -> Converted:
        """A one-line text (a choice, a hint, a label): Markdown without raw HTML."""
        converted = self.convert(fragment, urls, raw_html=False)
        converted.markdown = converted.markdown.strip()
        return converted

    # ------------------------------------------------------------------ blocks

    def _block(self, block: etree._Element | str, urls: UrlMap, raw_html: bool,
               result: Converted) -> str:
        if isinstance(block, str):  # a run of text and inline elements
            source = _run_with_urls(block, urls).strip()
            original = f"<p>{source}</p>" if source else ""
        else:
            if block.tag == "p" and not block.attrib and not len(block):
                plain = _plain_text(stdhtml.escape(block.text or "", quote=False))
                if plain is not None:
                    return plain  # a paragraph of plain words (most explanations, prompts)
            original = _serialize(_with_urls(block, urls))
            code = self._pygments(block) if _is_highlight(block) else None
            if code is not None:
                return code
            admonition = self._admonition(block, urls, raw_html, result)
            if admonition is not None:
                return admonition
            source = original
        if not original:
            return ""
        plain = _plain_text(source)
        if plain is not None:
            return plain  # no markup, no Markdown syntax: the text is its own Markdown
        markdown = self._markdownify.convert(source).strip()
        if self._same(markdown, original, raw_html):
            return markdown
        if raw_html:
            result.raw_blocks += 1
            return original
        result.inexact.append(_SPACE.sub(" ", _text_of(original))[:80])
        return markdown

    def _admonition(self, block: etree._Element, urls: UrlMap, raw_html: bool,
                    result: Converted) -> str | None:
        """`<div class="admonition note">` → `!!! note "Title"` and its indented content."""
        classes = (block.get("class") or "").split()
        if block.tag != "div" or len(classes) != 2 or classes[0] != "admonition" or \
                not len(block) or block[0].get("class") != "admonition-title" or \
                (block.text or "").strip():
            return None
        kind, title = classes[1], "".join(block[0].itertext())
        head = f"!!! {kind}" if title == kind.capitalize() else f'!!! {kind} "{title}"'
        body = []
        for child in list(block)[1:]:
            tail, child.tail = child.tail, None
            body.append(self._block(child, urls, raw_html, result))
            if tail and tail.strip():
                body.append(self._block(tail, urls, raw_html, result))
        inner = "\n\n".join(b for b in body if b.strip())
        markdown = head + "\n" + "\n".join(f"    {line}" if line else ""
                                            for line in inner.splitlines())
        return markdown if self._same(markdown, _serialize(block), raw_html) else None

    def _same(self, markdown: str, original: str, raw_html: bool) -> bool:
        rendered = self._renderers[raw_html].render(markdown)
        return canonical(rendered) == canonical(original)

    def _pygments(self, block: etree._Element) -> str | None:
        """A `div.highlight` moocforge rendered: the fence whose colours match, else None
        (the block is then treated like any other)."""
        original = _serialize(block)
        if original in self._code_cache:
            return self._code_cache[original]
        code = "".join(block.itertext())
        longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
        ticks = "`" * max(3, longest + 1)
        for language in CODE_LANGUAGES:
            fence = f"{ticks}{language}\n{code.rstrip(chr(10))}\n{ticks}"
            if canonical(self._renderers[True].render(fence)) == canonical(original):
                self._code_cache[original] = fence
                return fence
        return None


# Elements that flow inside a paragraph: runs of them (and text) are converted together.
INLINE = frozenset({"a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img",
                    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                    "sup", "u", "var", "label", "font", "tt", "strike", "big"})


def _top_level(fragment: str) -> list[etree._Element | str]:
    """Block elements, and runs of text and inline elements (as HTML strings)."""
    fragment = fragment.strip()
    if not fragment:
        return []
    try:
        parts = html.fragments_fromstring(fragment)
    except (etree.ParserError, ValueError):
        return [stdhtml.escape(fragment, quote=False)]
    blocks: list[etree._Element | str] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run)
        if text.strip():
            blocks.append(text)
        run.clear()

    for part in parts:
        if isinstance(part, str):
            run.append(stdhtml.escape(part, quote=False))
            continue
        if not isinstance(part.tag, str):
            continue  # comments
        tail, part.tail = part.tail, None
        if part.tag in INLINE:
            run.append(_serialize(part))
        else:
            flush()
            blocks.append(part)
        if tail:
            run.append(stdhtml.escape(tail, quote=False))
    flush()
    return blocks


def _run_with_urls(run: str, urls: UrlMap) -> str:
    try:
        holder = html.fragment_fromstring(f"<div>{run}</div>")
    except (etree.ParserError, ValueError):
        return run
    _with_urls(holder, urls)
    return _serialize(holder)[5:-6]


def _plain_text(run: str) -> str | None:
    """The text of a run without markup and without Markdown syntax, else None."""
    if "<" in run or "&" in run:
        return None
    text = run.strip()
    return text if is_plain(text) else None


def _is_highlight(block: etree._Element) -> bool:
    return block.tag == "div" and "highlight" in (block.get("class") or "").split() and \
        block.find("pre") is not None


def _with_urls(block: etree._Element, urls: UrlMap) -> etree._Element:
    for node in block.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in ("href", "src"):
            value = node.get(attribute)
            if value:
                node.set(attribute, urls(value))
    return block


def _serialize(block: etree._Element) -> str:
    return etree.tostring(block, method="xml", encoding="unicode", with_tail=False)


def _text_of(fragment: str) -> str:
    try:
        return str(html.fromstring(f"<div>{fragment}</div>").text_content())
    except (etree.ParserError, ValueError):
        return fragment


Canon = tuple[object, ...]


def canonical(fragment: str) -> Canon:
    """What a learner sees of an HTML fragment: elements, attributes and text, with
    whitespace collapsed (except in `<pre>`) and blank text between blocks ignored."""
    try:
        root = html.fragment_fromstring(f"<div>{fragment}</div>")
    except (etree.ParserError, ValueError):
        return ("text", _SPACE.sub(" ", fragment).strip())
    for span in list(root.iter("span")):
        # moocforge's OLX writer wraps text in plain spans to keep it through CAPA's parser
        # (a leading `<` or `&`, whitespace between inline elements): not markup
        if not span.attrib and span is not root:
            span.drop_tag()
    return _canon(root, False)


def _canon(node: etree._Element, in_pre: bool) -> Canon:
    pre = in_pre or node.tag == "pre"
    parts: list[object] = [node.tag, tuple(sorted((k, _SPACE.sub(" ", v).strip())
                                                  for k, v in node.attrib.items()))]
    text = _norm(node.text, pre)
    if text:
        parts.append(text)
    for child in node:
        if isinstance(child.tag, str):
            parts.append(_canon(child, pre))
        tail = _norm(child.tail, pre)
        if tail:
            parts.append(tail)
    return tuple(parts)


def _norm(text: str | None, pre: bool) -> str:
    if not text:
        return ""
    return text if pre else _SPACE.sub(" ", text).strip()
