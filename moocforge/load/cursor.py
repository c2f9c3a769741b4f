"""What every reader shares: the load context, and a cursor on a value of a YAML file.

A `Cursor` carries the document, the file (its source key) and the path of a value, so a
reader turns values into model parts and points every problem at `file:line:col` without
threading those three through every call.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from moocforge.i18n import msg
from moocforge.load import dates
from moocforge.load.ahead import Worker
from moocforge.load.sources import CourseSources
from moocforge.load.yamlpos import YamlDoc
from moocforge.model import I18nText, Loc, Moment, Suppression

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")  # others: the schema reports
MAX_INTEGER = 2**53  # a larger integer does not survive JSON, JavaScript or the platforms
# Text direction overrides and isolates can make a title read differently from its bytes
# ("Trojan Source"); other control characters break XML and the platforms' JSON.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = frozenset("\n\t\r")

Key = str | int


@dataclass(frozen=True, slots=True)
class Claim:
    """An id a reading registered (`crosscheck.register_id`), whether it was accepted, and
    the diagnostics it caused (`first` to `end` in the load's list): a reading reused from
    the cache claims its ids again, as they may now collide with another file's."""

    id: str
    loc: Loc
    what: str
    accepted: bool
    first: int
    end: int


@dataclass
class Reuse:
    """The week readings (`load.reuse.WeekReading`) of the last load of this course, by the
    week's place, that this load may reuse, and those this load made or reused."""

    before: Mapping[bytes, object] = field(default_factory=dict)
    now: dict[bytes, object] = field(default_factory=dict)
    checked: set[bytes] = field(default_factory=set)  # keys of `before` found unchanged
    # the worker reading weeks ahead (`load.ahead`), and the weeks it shares with this
    # load: their place in its jobs, by key
    ahead: Worker | None = None
    ahead_keys: dict[bytes, int] = field(default_factory=dict)
    # what the load does after the weeks without needing them, done while it would wait
    # for a reading of the worker instead
    meanwhile: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class LoadContext:
    """The state of one load: sources, languages, and what cross-checks need later."""

    src: CourseSources
    languages: tuple[str, ...] = ("en",)
    languages_known: bool = True  # false without `languages:` (MF012 says so, once)
    speaking_wpm: int = 183
    locked_videos: frozenset[str] = frozenset()
    ids: dict[str, Loc] = field(default_factory=dict)
    url_names: dict[str, tuple[str, Loc]] = field(default_factory=dict)
    objective_refs: list[tuple[str, Loc]] = field(default_factory=list)
    markdown_files: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (lang, text)
    # the ids claimed by the reading in progress, when one records them (`load.reuse`)
    claims: list[Claim] | None = None
    # relative dates resolve against the first run while reading; `load.runs` resolves them
    # again for every run
    frame: dates.Frame = field(default_factory=lambda: dates.Frame(dates.zone("UTC")))
    reuse: Reuse = field(default_factory=Reuse)

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def error(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.src.error(code, message, loc, hint)

    def warning(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.src.warning(code, message, loc, hint)


class Cursor:
    """A position in a YAML document: `cursor.at("questions", 0).text("prompt")`."""

    __slots__ = ("ctx", "doc", "file", "path", "value")

    def __init__(self, ctx: LoadContext, doc: YamlDoc, file: str,
                 path: tuple[Key, ...] = (), value: object = None) -> None:
        self.ctx, self.doc, self.file, self.path = ctx, doc, file, path
        self.value = _walk(doc.data, path) if value is None else value

    def at(self, *keys: Key) -> Cursor:
        return Cursor(self.ctx, self.doc, self.file, self.path + keys, _walk(self.value, keys))

    @property
    def data(self) -> dict[str, object]:
        """The value as a mapping ({} when it is not one: the schema reported it)."""
        value = self.value
        return value if isinstance(value, dict) else {}

    def get(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.data

    def items(self, key: str) -> Iterator[tuple[int, Cursor]]:
        """Index and cursor of every mapping in the list at `key`."""
        entries = self.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                yield index, self.at(key, index)

    def loc(self, *keys: Key) -> Loc:
        return Loc.of(self.file, *self.doc.pos(self.path + keys))

    def key_loc(self, *keys: Key) -> Loc:
        return Loc.of(self.file, *self.doc.key_pos(self.path + keys))

    def error(self, code: str, message: str, hint: str = "", *keys: Key) -> None:
        self.ctx.error(code, message, self.loc(*keys), hint)

    # ------------------------------------------------------------------ values

    def string(self, key: str, default: str = "") -> str:
        value = self.get(key, default)
        return value if isinstance(value, str) else str(value) if value is not None else default

    def text(self, key: str | None = None, default: str = "") -> I18nText:
        """A learner-visible text: a string in the default language, or {lang: text}."""
        if key is None:
            value = self.value
        else:
            data = self.value
            value = data.get(key, default) if isinstance(data, dict) else default
        lang = self.ctx.default_lang
        if isinstance(value, str):
            if _suspect(value):
                self._at(key).check_characters(value)
            return I18nText({lang: value}, lang)
        if isinstance(value, dict):
            ctx = self.ctx
            for code, entry in value.items():
                if code not in ctx.languages and ctx.languages_known and LANG_CODE.match(code):
                    close = difflib.get_close_matches(code, ctx.languages, n=1)
                    ctx.error("MF024", msg("language '{code}' is not one of the course "
                                           "languages ({languages})", code=code,
                                           languages=', '.join(ctx.languages)),
                              self._at(key).key_loc(code), f"did you mean '{close[0]}'?"
                              if close else "add it to `languages:` in course.yml or remove it")
                if isinstance(entry, str) and _suspect(entry):
                    self._at(key).at(code).check_characters(entry)
            return I18nText({k: str(v) for k, v in value.items() if isinstance(v, str)}, lang)
        return I18nText({}, lang)

    def _at(self, key: str | None) -> Cursor:
        return self if key is None else self.at(key)

    def opt_text(self, key: str) -> I18nText | None:
        return self.text(key) if self.has(key) else None

    def check_characters(self, value: str) -> None:
        """Invisible characters in a text: a bidi override makes it read differently from
        what it holds (an error, MF029); another control character is dropped by every
        target (a warning, MF029)."""
        if value.isprintable() or not any(_bad_character(c) for c in value):
            return
        bad = next(c for c in value if _bad_character(c))
        name = unicodedata.name(bad, f"U+{ord(bad):04X}")
        if bad in _BIDI_CONTROLS:
            self.ctx.error("MF029", msg("text contains the bidi control character {name}: it "
                                        "displays differently from what it holds",
                                        name=name), self.loc(),
                           msg("delete it; write right-to-left text without control characters"))
        else:
            self.ctx.warning("MF029", msg("text contains the invisible control character "
                                          "U+{bad:04X} ({name}), which every target drops",
                                          bad=ord(bad), name=name), self.loc(),
                             msg("delete it (often pasted from a word processor)"))

    def date(self, key: str, frame: dates.Frame | None = None) -> Moment | None:
        """The date at `key` (absolute or relative to the run, see `moocforge.load.dates`),
        resolved in `frame` (default: the first run). A bare day at a closing key (`due`,
        `end`, `…_due`, `…_end`) is the end of that local day."""
        value = self.get(key)
        if value is None:
            return None
        loc = self.loc(key)
        try:
            return dates.resolve(dates.parse(value), frame or self.ctx.frame,
                                 dates.is_closing(key), loc)
        except dates.DateError as error:
            self.ctx.error(error.code, msg("{key}: {message}", key=key,
                                           message=error.message), loc, error.hint)
            return None

    def number(self, key: str, default: float | None = None) -> float | None:
        """A finite number, or `default` (MF016 for NaN, infinity or a huge value)."""
        value = self.get(key)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return default
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number) or abs(number) > MAX_INTEGER:
            self.error("MF016", msg("{key}: {value!r} is not a usable number", key=key,
                                    value=value),
                       msg("write a finite number of reasonable size"), key)
            return default
        return number

    def integer(self, key: str, default: int) -> int:
        value = self.get(key)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            return default
        if abs(value) > MAX_INTEGER:
            self.error("MF016", msg("{key}: {value} is too large", key=key,
                                    value=value), msg("write a smaller whole number"),
                       key)
            return default
        return value

    def suppressions(self) -> tuple[Suppression, ...]:
        lint = self.get("lint")
        ignore = lint.get("ignore") if isinstance(lint, dict) else None
        if not isinstance(ignore, dict):
            return ()
        return tuple(Suppression(str(code), str(reason), self.key_loc("lint", "ignore", code))
                     for code, reason in ignore.items())


def _walk(node: object, keys: tuple[Key, ...]) -> object:
    """The value at `keys` below `node` (None when a step is missing)."""
    for key in keys:
        if isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


_LINE_BREAKS_AND_TABS = str.maketrans("", "", "".join(_ALLOWED_CONTROLS))


def _suspect(value: str) -> bool:
    """Whether a text may hold a character `check_characters` reports: a printable text
    (once its line breaks and tabs are left out) holds no control or format character."""
    return not value.isprintable() and not value.translate(_LINE_BREAKS_AND_TABS).isprintable()


def _bad_character(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return char in _BIDI_CONTROLS or (unicodedata.category(char) in ("Cc", "Cf") \
        and char not in ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"))
