"""`- {olx: olx/dnd-1.xml}`: an Open edX block kept as its OLX file (a raw OLX item).

The file is read and checked here (safe, well-formed XML with one root element); its text
goes into the model unchanged, for the OLX writer to re-emit verbatim. `files:` names the
static files it uses, shipped with it.
"""

from __future__ import annotations

from moocforge.i18n import msg
from moocforge.load.items.common import Entry, SkipItem, common, item_id, item_title
from moocforge.model import I18nText, RawOlx
from moocforge.xmlsafe import UnsafeXmlError, parse_xml


def read(entry: Entry) -> RawOlx:
    ctx, cursor = entry.ctx, entry.cursor
    rel = entry.resolve("olx")
    text = ctx.src.read_text(rel, cursor.loc("olx"))
    if text is None:
        raise SkipItem
    try:
        root = parse_xml(text.encode("utf-8"))
    except UnsafeXmlError as exc:
        ctx.error("MF037", msg("{rel} {exc}", rel=rel, exc=exc), ctx.src.loc(rel, exc.line or 1, 1),
                  msg("a raw OLX item holds one Open edX block as well-formed XML"))
        raise SkipItem from None
    raw_files = cursor.get("files")
    files = [found for index, ref in enumerate(raw_files if isinstance(raw_files, list) else [])
             if (found := ctx.src.resolve(entry.folder, str(ref), cursor.loc("files", index)))]
    iid = item_id(entry, root.get("url_name") or rel)
    display = root.get("display_name")
    lang = ctx.default_lang
    title = item_title(entry, I18nText({lang: display}, lang) if display else None, iid)
    return RawOlx(**common(entry, iid, title), file=rel, block_type=str(root.tag), xml=text,
                  files=tuple(files))
