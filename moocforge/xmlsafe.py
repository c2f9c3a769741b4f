"""Parsing XML that comes from outside (an OLX export, a raw OLX item): safely.

No DTD is loaded, no entity is expanded, nothing is fetched from the network and lxml's
limits on tree depth and text size stay on (`huge_tree=False`). A document that declares a
DOCTYPE is refused outright: OLX never has one, and a DOCTYPE is what external entities and
"billion laughs" expansions need.
"""

from __future__ import annotations

from lxml import etree


class UnsafeXmlError(ValueError):
    """XML that is refused: not well-formed, or declaring a DTD or entities."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=False)


def parse_xml(data: bytes) -> etree._Element:
    """The root element of `data`; UnsafeXmlError for bad or dangerous XML."""
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data[: max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"), 0)].count(b"\n") + 1
        raise UnsafeXmlError("declares a DOCTYPE or entities (refused: external entities and "
                             "entity expansion are not allowed)", line)
    if not head:
        raise UnsafeXmlError("is empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError(f"is not well-formed XML: {exc.msg}", exc.lineno or 0) from None
    if root is None:
        raise UnsafeXmlError("has no root element")
    return root
