"""Raw OLX items → the block as written, verbatim.

Block types that Studio exports to a folder of their own (`problem/`, `lti/`,
`library_content/`…) get a pointer in the vertical and their file, byte for byte; the others
(XBlocks such as `drag-and-drop-v2`, `poll`, `edx_sga`) are written inline in the vertical,
as Studio exports them and as the platform requires (an XBlock in pointer form does not load:
reference/olx.md §10). The static files the block uses are shipped under their usual names.
"""

from __future__ import annotations

from lxml import etree

from moocforge.model import RawOlx
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import sub
from moocforge.xmlsafe import parse_xml

# Blocks the XML modulestore reads from `<type>/<url_name>.xml` (Studio's export layout).
POINTER_BLOCKS = frozenset({
    "problem", "html", "video", "discussion", "annotatable", "lti", "library_content",
    "split_test", "conditional", "word_cloud", "poll_question", "randomize", "customtag",
    "imageannotation", "textannotation", "videoannotation", "library", "itembank",
})
# Built in to every Open edX: no `advanced_modules` entry needed (the others, `lti` and
# `library_content` included, are listed there, as Studio does).
BUILT_IN = frozenset({"problem", "html", "video", "discussion", "vertical", "sequential",
                      "chapter", "split_test", "conditional", "randomize", "word_cloud"})


def raw_block(b: Build, vertical: etree._Element, item: RawOlx, name: str) -> None:
    for file in item.files:
        b.static.add_file(file)
    if item.block_type not in BUILT_IN:
        b.advanced_modules.add(item.block_type)
    if item.block_type in POINTER_BLOCKS:
        sub(vertical, item.block_type, attrs={"url_name": name})
        b.tree.add(f"{item.block_type}/{name}.xml", item.xml.encode("utf-8"))
        return
    block = parse_xml(item.xml.encode("utf-8"))
    block.tail = None
    if block.get("url_name") is None:
        block.set("url_name", name)
    vertical.append(block)
