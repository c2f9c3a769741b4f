"""Small lxml helpers: XML-safe text, elements from rendered Markdown, deterministic files.

Every piece of learner text goes through `clean()` (XML 1.0 forbids most control characters,
and lxml raises on them). Markdown that lands inside problem XML or an ORA prompt is rendered
with raw HTML off (`Build.text_md`), so the converter's own well-formed output is the whole
markup: `html_children()` reads it as an element tree whose text nodes are the author's
characters, escaped; text is never parsed again as markup. Only ordinary HTML elements and
attributes are kept (in CAPA, `<script>` is executable Python and tags like `<textline>` create
inputs), and code blocks keep their line breaks through the platform's XML parser.
"""

from __future__ import annotations

import json
import re

from lxml import etree, html

from moocforge.writers.olx.tree import Tree

# Characters XML 1.0 cannot carry (C0 controls except tab/newline/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# HTML that may appear inside a CAPA problem or an ORA prompt; anything else is shown as text.
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
_SAFE_ATTRS = frozenset({"href", "src", "alt", "title", "class", "style", "id", "colspan",
                         "rowspan", "width", "height", "open"})


def clean(text: str | None) -> str:
    """Text that lxml accepts: characters XML cannot carry are removed."""
    return _NOT_XML.sub("", text or "")


def sub(parent: etree._Element, tag: str, text: str | None = None,
        attrs: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for key, value in (attrs or {}).items():
        element.set(key, clean(value))
    if text is not None:
        element.text = clean(text)
    return element


def element(tag: str, attrs: dict[str, str | None] | None = None) -> etree._Element:
    """An element with the given attributes, in order, skipping None values."""
    node = etree.Element(tag)
    for key, value in (attrs or {}).items():
        if value is not None:
            node.set(key, clean(value))
    return node


# Problem elements that only hold other elements: safe to indent. Everything else in a problem
# is HTML or text, where added whitespace would show (inside <pre>, between inline tags).
PROBLEM_CONTAINERS = frozenset({
    "problem", "multiplechoiceresponse", "choiceresponse", "optionresponse",
    "numericalresponse", "stringresponse", "coderesponse", "choicegroup", "checkboxgroup",
    "optioninput", "demandhint", "solution", "codeparam", "additional_answer"})


def to_bytes(root: etree._Element, containers: frozenset[str] | None = None) -> bytes:
    if containers is None:
        etree.indent(root, space="  ")
    else:
        _indent_containers(root, containers, 0)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _indent_containers(node: etree._Element, containers: frozenset[str], level: int) -> None:
    if node.tag not in containers or not len(node) or (node.text or "").strip():
        return
    if any((child.tail or "").strip() for child in node):
        return
    inner = "\n" + "  " * (level + 1)
    node.text = inner
    for child in node:
        child.tail = inner
        _indent_containers(child, containers, level + 1)
    node[-1].tail = "\n" + "  " * level


def write_xml(tree: Tree, rel: str, root: etree._Element,
              containers: frozenset[str] | None = None) -> None:
    tree.add(rel, to_bytes(root, containers))


def write_json(tree: Tree, rel: str, data: object) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    tree.add(rel, text.encode("utf-8"))


def write_text(tree: Tree, rel: str, text: str) -> None:
    tree.add(rel, clean(text).encode("utf-8"))


def html_children(fragment: str, inline: bool = False) -> tuple[str, list[etree._Element]]:
    """Rendered Markdown → (leading text, safe elements) to append to an XML element.

    `inline` unwraps a lone paragraph (choices, labels, hints)."""
    root = markup_tree(fragment, inline)
    if root is None:
        return "", []
    return root.text or "", list(root)


def markup_tree(fragment: str, inline: bool = False) -> etree._Element | None:
    """The element tree of a rendered fragment under a `<div>`, made safe for problem XML."""
    fragment = clean(fragment).strip()
    if not fragment:
        return None
    root = _parse_fragment(fragment)
    if inline and len(root) == 1 and root[0].tag == "p" and not (root.text or "").strip() \
            and not (root[0].tail or "").strip():
        paragraph = root[0]
        root.remove(paragraph)
        root.text, paragraph.tail = paragraph.text, None
        for child in list(paragraph):
            root.append(child)
    _keep_safe(root)
    _keep_whitespace(root)
    return root


def _parse_fragment(fragment: str) -> etree._Element:
    """The converter's own markup: well-formed XHTML (HTML parser only for a named entity)."""
    try:
        return etree.fromstring(f"<div>{fragment}</div>")
    except etree.XMLSyntaxError:
        wrapper = html.fragment_fromstring(fragment, create_parent="div")
        return etree.fromstring(etree.tostring(wrapper, encoding="unicode", method="xml"))


def append_html(parent: etree._Element, fragment: str, inline: bool = False) -> None:
    text, children = html_children(fragment, inline)
    if text and len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    elif text:
        text = (parent.text or "") + text
        if _needs_escaping(text):
            # The text and what follows it in one <span>: a <span> holding only the text,
            # followed by elements, would leave `parent` without text of its own, and the
            # platform re-indents such an element (a visible space between its children).
            keeper = etree.SubElement(parent, "span")
            keeper.text, parent.text = text, None
            parent = keeper
        else:
            parent.text = text
    for child in children:
        parent.append(child)


def set_leading_text(parent: etree._Element, text: str) -> None:
    """An element's first text, safe from CAPA (see `_needs_escaping`)."""
    if _needs_escaping(text):
        parent.text = None
        etree.SubElement(parent, "span").text = clean(text)
    else:
        parent.text = clean(text)


def _needs_escaping(text: str) -> bool:
    """CAPA's `stringify_children` writes an element's leading text into the page without
    escaping it (only child elements are serialised): text with `<` or `&` must not lead."""
    return "<" in text or "&" in text


def plain_text(fragment: str) -> tuple[str, bool]:
    """(the visible words of a rendered fragment, whether formatting had to be dropped)."""
    root = markup_tree(fragment, inline=True)
    if root is None:
        return "", False
    dropped = any(node.tag != "code" for node in root.iterdescendants())
    return " ".join(_text(root).split()), dropped


def _text(node: etree._Element) -> str:
    return "".join(str(part) for part in node.itertext())


def _keep_safe(root: etree._Element) -> None:
    """Keep SAFE_TAGS with SAFE attributes; anything else keeps only its text."""
    for node in list(root.iterdescendants()):
        if not isinstance(node.tag, str):
            _replace_with_text(node, "")  # comments, processing instructions
        elif node.tag.lower() not in SAFE_TAGS:
            _replace_with_text(node, _text(node))
        else:
            for attr in list(node.attrib):
                value = node.get(attr, "")
                if attr.lower() not in _SAFE_ATTRS or value.strip().lower().startswith(
                        ("javascript:", "data:text")):
                    del node.attrib[attr]


# Elements that flow inside a line: the space between two of them is visible text.
_INLINE = frozenset({"a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "img", "ins",
                     "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
                     "u", "var"})


def _keep_whitespace(root: etree._Element) -> None:
    """The platform parses problems with `remove_blank_text`: a whitespace-only text between
    two tags vanishes — the blank lines and indentation between Pygments' spans in a code
    block, the space in `<a>x</a> <em>y</em>`. Each such run is wrapped in a `<span>` of its
    own, which keeps it (it is that element's only text)."""
    for node in list(root.iter()):
        in_code = any(a.tag == "pre" for a in node.iterancestors()) or node.tag == "pre"
        if in_code and len(node) and node.text and not node.text.strip():
            node.insert(0, _whitespace_span(node.text))
            node.text = None
        for child in list(node):
            following = child.getnext()
            if not child.tail or child.tail.strip() or (following is None and not in_code):
                continue
            if in_code or (following is not None and child.tag in _INLINE
                           and following.tag in _INLINE):
                space, child.tail = child.tail, None
                child.addnext(_whitespace_span(space))


def _whitespace_span(text: str) -> etree._Element:
    keeper = etree.Element("span")
    keeper.text = text
    return keeper


def _replace_with_text(node: etree._Element, text: str) -> None:
    parent = node.getparent()
    if parent is None:
        return
    text = text + (node.tail or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def json_attr(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def number(value: float) -> str:
    """600.0 → "600", 0.25 → "0.25" (what an author would write)."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
