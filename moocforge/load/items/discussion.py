"""`- {discussion: <prompt>, id: x}`: a forum discussion with its prompt."""

from __future__ import annotations

from moocforge.load.items.common import Entry, SkipItem, common, item_title
from moocforge.model import Discussion


def read(entry: Entry) -> Discussion:
    if not entry.cursor.get("id"):
        raise SkipItem  # an invalid id was reported and removed by the schema check
    iid = entry.cursor.string("id")
    title = item_title(entry, None, iid)
    return Discussion(**common(entry, iid, title), prompt=entry.cursor.text("discussion"))
