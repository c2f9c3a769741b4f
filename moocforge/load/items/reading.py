"""`- {reading: x.md}`: a Markdown page and its translations `x.<lang>.md`."""

from __future__ import annotations

import re

from moocforge.load.items.common import Entry, SkipItem, common, item_id, item_title
from moocforge.load.markdown import read_markdown
from moocforge.model import I18nText, Reading

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def read(entry: Entry) -> Reading:
    body, files = read_markdown(entry.ctx, entry.folder, entry.ref("reading"),
                                entry.cursor.loc("reading"))
    if not files:
        raise SkipItem
    h1 = I18nText({lang: m.group(1) for lang, text in body.items() if (m := _H1.search(text))},
                  entry.ctx.default_lang)
    iid = item_id(entry, entry.ref("reading"))
    title = item_title(entry, h1, iid)
    return Reading(**common(entry, iid, title), body=body, files=files)
