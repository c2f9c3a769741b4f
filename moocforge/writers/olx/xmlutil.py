"""Small lxml helpers: XML-safe text, elements from rendered HTML, deterministic files.

Every piece of learner text goes through `clean()` (XML 1.0 forbids most control characters,
and lxml raises on them), and every Markdown fragment that lands inside problem XML goes through
`html_children()`, which keeps ordinary HTML and turns anything else into visible text: in
CAPA, `<script>` is executable Python and tags like `<textline>` create inputs.
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


def html_children(fragment: str) -> tuple[str, list[etree._Element]]:
    """Parse rendered HTML into (leading text, safe elements) to append to an XML element."""
    fragment = clean(fragment).strip()
    if not fragment:
        return "", []
    if "<" not in fragment and "&" not in fragment:
        return fragment, []  # plain text: nothing to parse
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    _neutralise(wrapper)
    # Re-parse as plain XML so the nodes are ordinary lxml elements, not HtmlElements.
    xml = etree.fromstring(etree.tostring(wrapper, encoding="unicode", method="xml"))
    return xml.text or "", list(xml)


def append_html(parent: etree._Element, fragment: str) -> None:
    text, children = html_children(fragment)
    if text:
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    for child in children:
        parent.append(child)


def inline_html(fragment: str) -> str:
    """A rendered one-paragraph fragment without its `<p>` wrapper (for choices, labels)."""
    stripped = fragment.strip()
    if stripped.startswith("<p>") and stripped.endswith("</p>") and stripped.count("<p>") == 1:
        return stripped[3:-4]
    return stripped


def plain_text(fragment: str) -> str:
    """The words of a rendered fragment, tags removed (for dropdown options)."""
    text, children = html_children(fragment)
    parts = [text] + ["".join(child.itertext()) + (child.tail or "") for child in children]
    return " ".join("".join(parts).split())


def _neutralise(root: etree._Element) -> None:
    """Replace every element outside SAFE_TAGS by its own markup as text."""
    for node in list(root.iter()):
        if node is root or not isinstance(node.tag, str):
            if not isinstance(node.tag, str) and node.getparent() is not None:
                _replace_with_text(node, "")  # comments, processing instructions
            continue
        if node.tag.lower() not in SAFE_TAGS:
            source = etree.tostring(node, encoding="unicode", method="html", with_tail=False)
            _replace_with_text(node, source)
            continue
        for attr in list(node.attrib):
            value = node.get(attr, "")
            if attr.lower() not in _SAFE_ATTRS or value.strip().lower().startswith(
                    ("javascript:", "data:text")):
                del node.attrib[attr]


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
