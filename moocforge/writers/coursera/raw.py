"""A raw OLX item in the Coursera kit: a page for the course team and the block's XML."""

from __future__ import annotations

from moocforge.model import RawOlx
from moocforge.writers.coursera.html import E, page, serialize
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import Placed


def write_raw_olx(kit: Kit, placed: Placed, item: RawOlx) -> None:
    title = item.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    body.append(E.H1(title))
    body.append(E.P("An Open edX ", E.CODE(item.block_type), " block with no Coursera "
                    "equivalent (loss MF563). Its OLX is beside this page; rebuild it as a "
                    "Coursera item, or leave it out."))
    kit.write_bytes(placed.path(".html"), serialize(document), item.id)
    kit.write_text(placed.path(".xml"), item.xml, item.id, shared=True)
