"""The page of a codecast: the player, its narration audio and transcript.

The player's files are theme assets (`assets/moocforge/codecast/`, copied into every
language tree with the others); the audio of the page's language is a course file copied
beside the page's sources.
"""

from __future__ import annotations

import posixpath

from moocforge.codecast.player import (
    ASSET_FILES,
    AssetUrls,
    narration_for,
    player_data,
    player_element,
)
from moocforge.model import Codecast
from moocforge.writers.site.html import to_html
from moocforge.writers.site.pages import Site, site_path

ASSET_DIR = "assets/moocforge/codecast"


def codecast_body(site: Site, item: Codecast, page: str) -> list[str]:
    folder = posixpath.dirname(page) or "."
    assets = AssetUrls({name: posixpath.relpath(f"{ASSET_DIR}/{name}", folder)
                        for name in ASSET_FILES})
    narration = narration_for(item, site.lang, site.course.default_lang)
    audio_url = None
    if narration is not None and narration.audio is not None:
        site.assets.add(narration.audio)
        audio_url = posixpath.relpath(site_path(narration.audio), folder)
    data = player_data(site.course, item, site.lang)
    return [to_html(player_element(data, assets, audio_url, item.title.get_lang(site.lang)))]
