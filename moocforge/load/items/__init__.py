"""One reader per item kind: `READERS[kind](entry) -> Item`.

The table must name every registered kind (`moocforge.kinds`): a kind registered without a
reader stops the import, not a course load.
"""

from __future__ import annotations

from collections.abc import Callable

from moocforge import kinds
from moocforge.load.items import (
    codecast,
    discussion,
    exercise,
    external,
    olx,
    peer,
    quiz,
    reading,
    video,
)
from moocforge.load.items.common import Entry, SkipItem
from moocforge.model import Item

Reader = Callable[[Entry], Item]

READERS: dict[str, Reader] = {
    "video": video.read,
    "reading": reading.read,
    "quiz": quiz.read,
    "exercise": exercise.read,
    "peer": peer.read,
    "discussion": discussion.read,
    "external": external.read,
    "codecast": codecast.read,
    "olx": olx.read,
}

_missing = set(kinds.names()) ^ set(READERS)
if _missing:  # pragma: no cover - a programming error, caught by every test run
    raise ImportError(f"item kinds without a reader (or readers without a kind): {_missing}")


def read_item(entry: Entry) -> Item | None:
    """The item of a week.yml entry, or None when it has no single kind (the schema check
    reported it) or is too broken to model (its problems were reported)."""
    names = [k for k in READERS if k in entry.cursor.data]
    if len(names) != 1:
        return None
    try:
        return READERS[names[0]](entry)
    except SkipItem:
        return None


__all__ = ["READERS", "Entry", "SkipItem", "read_item"]
