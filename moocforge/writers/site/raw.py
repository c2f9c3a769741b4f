"""The preview's card for a raw OLX item: what kind of Open edX block sits here."""

from __future__ import annotations

from collections.abc import Mapping

from moocforge.model import RawOlx
from moocforge.writers.site.html import E, to_html


def raw_olx_card(item: RawOlx, strings: Mapping[str, str]) -> str:
    """An inert card naming the block type (the block itself runs on Open edX only)."""
    card = E.DIV(E.CLASS("mf-external mf-raw-olx"))
    card.append(E.P(E.CODE(item.block_type)))
    card.append(E.P(strings["olx_note"].format(type=item.block_type), E.CLASS("mf-note")))
    return to_html(card)
