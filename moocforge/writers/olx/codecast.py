"""A codecast → an html component holding the player, its files in `static/`.

The player's scripts, the editor, the C interpreter (WebAssembly) and the narration audio
are static files, so the component works in the LMS without any outside network; the LMS
rewrites every quoted `/static/…` of the component (its `src` and `data-*` attributes) to
the course's asset URLs. Each file is far under FUN's 10 MB asset limit (the largest, the
editor, is about 0.6 MB).
"""

from __future__ import annotations

from lxml import etree
from lxml.html import tostring

from moocforge.codecast.player import (
    ASSET_FILES,
    RUNNABLE,
    SHIPPED,
    AssetUrls,
    asset_bytes,
    narration_for,
    player_data,
    player_element,
)
from moocforge.model import Codecast
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import element, sub, write_text, write_xml


def _player_assets(b: Build) -> AssetUrls:
    for name in SHIPPED:
        if name not in b.static.assets:  # shared by every codecast of the tree
            b.static.add_data(name, asset_bytes(name))
    return AssetUrls({name: f"/static/{name}" for name in ASSET_FILES})


def codecast_component(b: Build, vertical: etree._Element, name: str, item: Codecast) -> None:
    narration = narration_for(item, b.lang, b.course.default_lang)
    audio_url = None
    if narration is not None and narration.audio is not None:
        audio_url = f"/static/{b.static.add_file(narration.audio)}"
    if item.language not in RUNNABLE:
        b.loss("MF517", f"codecast '{item.id}' is in {item.language}: learners can pause and "
               "edit it, but the LMS cannot run it (no in-browser runtime fits the size "
               "budget)", item.loc, "say in the narration how to run the code locally",
               item, severity="info")
    player = player_element(player_data(b.course, item, b.lang), _player_assets(b), audio_url,
                            b.t(item.title))
    sub(vertical, "html", attrs={"url_name": name})
    write_xml(b.tree, f"html/{name}.xml",
              element("html", {"filename": name, "display_name": b.t(item.title)}))
    write_text(b.tree, f"html/{name}.html", tostring(player, encoding="unicode"))
