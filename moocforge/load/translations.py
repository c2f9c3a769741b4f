"""Reading `translations.lock` into the model (`Course.translation_lock`), so that the
translation-missing rule compares digests without touching the disk."""

from __future__ import annotations

import re

import yaml

from moocforge.i18n import msg
from moocforge.load.sources import CourseSources
from moocforge.model import Confirmation, Loc, TranslationLock
from moocforge.translations import LOCK_FILE, LOCK_VERSION

_DIGEST = re.compile(r"^[0-9a-f]{8,64}$")


def read_lock(src: CourseSources) -> TranslationLock:
    """The course's lock; an empty, absent one when the course has none. A lock that cannot
    be read is reported (MF038) and counts as absent, so nothing is called stale because of
    it."""
    if not src.is_file(LOCK_FILE):
        return TranslationLock()
    loc = Loc(LOCK_FILE, 1, 1)
    text = src.read_text(LOCK_FILE)
    if text is None:
        return TranslationLock()
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Loc(LOCK_FILE, mark.line + 1, mark.column + 1) if mark else loc
        src.error("MF038", msg("{LOCK_FILE} is not valid YAML",
                               LOCK_FILE=LOCK_FILE), where, _REWRITE)
        return TranslationLock()
    entries = _entries(data)
    if entries is None:
        src.error("MF038", msg("{LOCK_FILE} is not a version {LOCK_VERSION} lock",
                               LOCK_FILE=LOCK_FILE, LOCK_VERSION=LOCK_VERSION), loc, _REWRITE)
        return TranslationLock()
    return TranslationLock(entries, present=True, loc=loc)


_REWRITE = ("it is written by `moocforge translations confirm`: restore it from git, or "
            "rewrite it with `moocforge translations confirm --all` once the translations "
            "are checked")


def _entries(data: object) -> dict[str, Confirmation] | None:
    if not isinstance(data, dict) or data.get("version") != LOCK_VERSION:
        return None
    raw = data.get("translations")
    if not isinstance(raw, dict):
        return None
    entries: dict[str, Confirmation] = {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            return None
        source, text = str(value.get("source", "")), str(value.get("text", ""))
        if not _DIGEST.match(source) or (text and not _DIGEST.match(text)):
            return None
        entries[str(key)] = Confirmation(source, text)
    return entries
