"""Diagnostics in the author's language: gettext catalogues (`fr.po`, `en.po` next to this
file) read with Babel.

The English text is the message id and stays next to the code that emits it:

    finding(options, msg("week {number} has no graded activity", number=week.number), loc)

`msg()` returns a `Message`: a `str` holding the English text (so tests, JSON consumers and
every existing caller see English), which remembers its id and arguments so that a
reporter can print it in another language (`localized`). Arguments that are themselves
`Message`s are translated too (`msg("under")` inside a sentence). How to add or translate a
message: docs/contributing.md ("Add or translate a diagnostic message").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moocforge.diagnostics import Diagnostic

CATALOGUES = Path(__file__).parent
LANGUAGES = ("en", "fr")  # the languages with a catalogue; English is the source
_CODE = re.compile(r"`([^`\n]+)`")


class Message(str):
    """An English message that can be printed in another language."""

    msgid: str
    args: Mapping[str, object]

    def __new__(cls, msgid: str, args: Mapping[str, object]) -> Message:
        text = super().__new__(cls, msgid.format(**args))
        text.msgid, text.args = msgid, dict(args)
        return text

    def __reduce__(self) -> tuple[object, ...]:  # pickled by the parallel linters
        return (Message, (self.msgid, self.args))

    def in_language(self, lang: str) -> str:
        template = catalogue(lang).get(self.msgid) or self.msgid
        args = {key: translate(value, lang) for key, value in self.args.items()}
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English one
            return str(self)


def msg(msgid: str, /, **args: object) -> Message:
    """Mark `msgid` (English, `str.format` placeholders) as a translatable message."""
    return Message(msgid, args)


def translate(value: object, lang: str) -> object:
    """A `Message` in `lang` (English when `lang` has no entry); other values unchanged."""
    return value.in_language(lang) if isinstance(value, Message) else value


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """msgid → msgstr of `lang`'s catalogue (empty for English or an unknown language)."""
    from babel.messages.pofile import read_po

    path = CATALOGUES / f"{lang}.po"
    if lang == "en" or not path.is_file():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def language(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language of the diagnostics: `--lang`, else the locale (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG, as gettext reads them), else English."""
    env = os.environ if environ is None else environ
    wanted = [option] if option else [
        part for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
        for part in env.get(name, "").split(":") if part]
    for value in wanted:
        code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
        if code in ("c", "posix"):
            return "en"
    return "en"


def plain(text: str) -> str:
    """A message or hint for the terminal: `code` becomes 'code' (bare when it holds quotes
    itself, as a command with a quoted argument)."""
    return _CODE.sub(lambda m: m[1] if "'" in m[1] or '"' in m[1] else f"'{m[1]}'", text)


# The terminal report's own words (not diagnostics: they need a plural, which msg() has not).
_HINT = {"en": "hint:", "fr": "conseil :"}
_COUNTED = {"fr": (("erreur", "erreurs"), ("avertissement", "avertissements"),
                   ("info", "infos"))}


def hint_label(lang: str) -> str:
    return _HINT.get(lang, _HINT["en"])


def counts_line(errors: int, warnings: int, infos: int, lang: str) -> str:
    """The last line of a text report: `2 error(s), 0 warning(s), 1 info` in English,
    `2 erreurs, 0 avertissement, 1 info` in French (CLDR's plural rule, through Babel)."""
    words = _COUNTED.get(lang)
    if words is None:
        return f"{errors} error(s), {warnings} warning(s), {infos} info"
    from babel.core import Locale

    rule = Locale.parse(lang).plural_form
    return ", ".join(f"{n} {one if rule(n) == 'one' else other}"
                     for n, (one, other) in zip((errors, warnings, infos), words, strict=True))


def localized(diagnostics: Iterable[Diagnostic], lang: str) -> list[Diagnostic]:
    """The diagnostics with their message and hint in `lang`."""
    return [replace(d, message=str(translate(d.message, lang)),
                    hint=str(translate(d.hint, lang))) for d in diagnostics]
