"""Keep the catalogues in step with the code: `python -m moocforge.i18n.extract` extracts
every `msg("…")` of the package (Babel's Python extractor) and updates `fr.po` and `en.po`,
keeping their translations; a new message arrives with an empty French entry, which
`tests/test_i18n.py` reports until it is translated."""

from __future__ import annotations

import io
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from moocforge.i18n import CATALOGUES, LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"msg": None}  # msg("msgid", **args): the first argument


def messages() -> dict[str, list[str]]:
    """Every message id of the package → where it is emitted (`path:line`)."""
    found: dict[str, list[str]] = {}
    for file, line, msgid, _comments, _context in extract_from_dir(
            PACKAGE, [("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        if isinstance(msgid, str) and msgid:
            found.setdefault(msgid, []).append(f"{file}:{line}")
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def read(lang: str) -> Catalog:
    path = CATALOGUES / f"{lang}.po"
    if not path.is_file():
        return Catalog(locale=lang, domain="moocforge")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def updated(lang: str, ids: dict[str, list[str]]) -> str:
    """The text of `lang`'s catalogue with exactly the messages `ids`, translations kept."""
    old = read(lang)
    catalog = Catalog(locale=lang, domain="moocforge", project="moocforge",
                      header_comment=f"# moocforge diagnostics, {lang}. Updated by "
                                     "`python -m moocforge.i18n.extract`; translate here.",
                      fuzzy=False)
    for msgid in sorted(ids):
        known = old.get(msgid)
        catalog.add(msgid, str(known.string) if known and known.string else "")
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, no_location=True, width=100,
             sort_output=True)
    return buffer.getvalue().decode("utf-8")


def main() -> int:
    ids = messages()
    for lang in LANGUAGES:
        (CATALOGUES / f"{lang}.po").write_text(updated(lang, ids), "utf-8")
    missing = [m for m in ids if not read("fr").get(m) or not read("fr")[m].string]
    print(f"{len(ids)} messages; {len(missing)} without a French translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
