"""Fields every item has, read the same way for every kind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from moocforge.load.crosscheck import register_id
from moocforge.load.cursor import Cursor, LoadContext
from moocforge.model import I18nText, Loc

# keys of an item's own file (quiz, peer, exercise.yml) that week.yml may override
OWN_FILE_KEYS = ("graded", "type", "objectives", "minutes")


class SkipItem(Exception):
    """An item too broken to model; its diagnostics were already recorded."""


@dataclass(frozen=True)
class Entry:
    """One `- {<kind>: …}` entry of a lesson in week.yml."""

    cursor: Cursor  # at lessons[i].items[j]
    folder: str  # source key of the week folder (references resolve from it)

    @property
    def ctx(self) -> LoadContext:
        return self.cursor.ctx

    @property
    def loc(self) -> Loc:
        return self.cursor.loc()

    def ref(self, key: str) -> str:
        return self.cursor.string(key)

    def resolve(self, key: str, *, kind: str = "file", must_exist: bool = True) -> str:
        """The source key of the file (or folder) named by `key`; SkipItem when it is bad."""
        found = self.ctx.src.resolve(self.folder, self.ref(key), self.cursor.loc(key),
                                     kind=kind, must_exist=must_exist)
        if found is None:
            raise SkipItem
        return found

    def own_file(self, key: str, schema: str) -> Cursor:
        """A cursor on the YAML file the entry names (a quiz or peer file)."""
        rel = self.resolve(key)
        doc = self.ctx.src.read_yaml(rel, schema, self.cursor.loc(key))
        if doc is None:
            raise SkipItem
        return Cursor(self.ctx, doc, rel)


def item_id(entry: Entry, ref: str | None, own: Cursor | None = None) -> str:
    """Explicit `id:` (in week.yml, then in the item's own file), else the file name."""
    for cursor in (entry.cursor, own):
        if cursor is not None and cursor.get("id"):
            return cursor.string("id")
    if ref:
        name = PurePosixPath(ref.rstrip("/")).name
        return name.split(".")[0] or name
    return "item"


def item_title(entry: Entry, fallback: I18nText | None, default: str) -> I18nText:
    if entry.cursor.has("title"):
        return entry.cursor.text("title")
    if fallback is not None and len(fallback):
        return fallback
    lang = entry.ctx.default_lang
    return I18nText({lang: default}, lang)


def common(entry: Entry, item_id: str, title: I18nText, own: Cursor | None = None
           ) -> dict[str, Any]:
    """The ItemBase fields. The item's own file gives graded/type/objectives/minutes unless
    the week.yml entry overrides them."""
    ctx, cursor = entry.ctx, entry.cursor
    if not register_id(ctx, item_id, entry.loc):
        raise SkipItem
    inner = {k: own.get(k) for k in OWN_FILE_KEYS if own is not None and own.has(k)}
    merged = {**inner, **{k: v for k, v in cursor.data.items() if k != "lint"}}
    raw = merged.get("objectives")
    objectives: list[object] = raw if isinstance(raw, list) else []
    # each objective reference points at the file and line where it is written
    where = cursor if cursor.has("objectives") or own is None else own
    for i, objective in enumerate(objectives):
        ctx.objective_refs.append((str(objective), where.loc("objectives", i)))
    minutes_from = cursor if cursor.has("minutes") or own is None else own
    kind_type = merged.get("type")
    return dict(
        id=item_id, title=title, graded=bool(merged.get("graded", False)),
        assignment_type=str(kind_type) if kind_type else None,
        objectives=tuple(str(o) for o in objectives),
        minutes=minutes_from.number("minutes"),
        due=cursor.date("due"), release=cursor.date("release"),
        suppressions=cursor.suppressions(), loc=entry.loc,
    )


def key_locs(cursor: Cursor, entry: Entry | None = None) -> tuple[tuple[str, Loc], ...]:
    """Positions of the top-level keys of an item's own file. A `title:` the week.yml entry
    overrides is left out: findings about the title point where the title in use is."""
    overridden = {"title"} if entry is not None and entry.cursor.has("title") else set()
    return tuple((key, cursor.key_loc(key)) for key in cursor.data if key not in overridden)
