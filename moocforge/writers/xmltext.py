"""The model as every target can write it: without the characters XML 1.0 cannot hold.

The loader keeps a control character it finds in a text and warns (MF029) that every
target drops it. lxml refuses those characters wherever a writer hands it one (a title in
an attribute, a prompt in a text node, the tail a typography pass rewrites), and an HTML,
JSON or CSV output should not carry them either. So instead of each writer remembering to
clean each string, a writer starts from `xml_clean(course)`: the same model with them
removed from every string it holds (texts, answers, code, transcripts, Markdown documents).

Source keys stay as the loader resolved them (`course.assets` reads by them). A model
without any such character — nearly every one — comes back as the very same objects, so
the identity memos after it keep working; weeks and documents are remembered by identity,
so a preview that reuses its weeks does not walk them again.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from moocforge.memo import IdentityTable
from moocforge.model import Answers, Course, Document, I18nText, Loc, Week

# Characters XML 1.0 cannot carry (C0 controls except tab/newline/CR, surrogates, U+FFFE/F).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_COURSES: IdentityTable[Course] = IdentityTable(8)
_PARTS: IdentityTable[object] = IdentityTable(50_000)  # weeks and documents
_WRITABLE_WEEKS: IdentityTable[bool] = IdentityTable(10_000)  # week -> no string to clean
_KEPT = frozenset({Week, Document})
_MODEL = Course.__module__  # the model's own classes; not settings, nor the assets accessor


def xml_clean(course: Course) -> Course:
    """`course` with the characters XML cannot hold removed from every string of its model
    (the same object when it has none)."""
    found = _COURSES.get(course)
    if found is None:
        if _writable(course):  # nearly every course: a look at its strings is enough
            found = course
        else:
            keys = frozenset(course.inventory) | frozenset(course.files)
            found = cast(Course, _Cleaner(keys).value(course))
        _COURSES.put(course, found)
    return found


def _writable(course: Course) -> bool:
    """Whether no string of the model holds a character XML cannot hold: its strings are
    gathered (each week's verdict kept by identity) and searched at once, which costs a
    third of rebuilding the model the way `_Cleaner` does."""
    for week in course.weeks:
        known = _WRITABLE_WEEKS.get(week)
        if known is None:
            found = NOT_XML.search("\n".join(_strings(week))) is None
            _WRITABLE_WEEKS.put(week, found)
            known = found
        if not known:
            return False
    texts = _strings(dataclasses.replace(course, weeks=()))
    return NOT_XML.search("\n".join(texts)) is None


def _strings(root: object) -> list[str]:
    """Every string `root` holds, in no order."""
    found: list[str] = []
    stack = [root]
    seen: set[int] = set()
    while stack:
        obj = stack.pop()
        kind = type(obj)
        if kind is str:
            found.append(cast(str, obj))
        elif kind in _ATOMS or id(obj) in seen:
            continue
        else:
            seen.add(id(obj))
            stack.extend(_parts(obj, kind))
    return found


def _parts(obj: Any, kind: type) -> Any:
    if kind is tuple or kind is list or kind is frozenset:
        return obj
    if kind is I18nText or kind is Answers or kind is dict or (
            isinstance(obj, Mapping) and kind.__module__ != _MODEL):
        return obj.values()
    names = _fields(kind)
    return () if names is None else _getter(kind, names)(obj)


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _getter(kind: type, names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A model dataclass's field values as a tuple, in one call."""
    if kind not in _GETTERS:
        get = operator.attrgetter(*names) if names else (lambda obj: ())
        _GETTERS[kind] = get if len(names) != 1 else (lambda obj: (get(obj),))
    return _GETTERS[kind]


class _Cleaner:
    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        self.seen: dict[int, Any] = {}

    def value(self, obj: Any) -> Any:
        """`obj` cleaned: the same object when it holds nothing to clean."""
        kind = type(obj)
        if kind is str:
            return obj if NOT_XML.search(obj) is None or obj in self.keys \
                else NOT_XML.sub("", obj)
        if kind in _ATOMS:
            return obj
        key = id(obj)
        result: Any = self.seen.get(key)
        if result is not None:
            return result
        kept = kind in _KEPT
        result = _PARTS.get(obj) if kept else None
        if result is None:
            result = self._fresh(obj, kind)
            if kept:
                _PARTS.put(obj, result)
        self.seen[key] = result
        return result

    def _fresh(self, obj: Any, kind: type) -> Any:
        if kind is tuple:
            changed: list[Any] | None = None
            for index, old in enumerate(obj):
                new = self.value(old)
                if new is not old:
                    changed = changed or list(obj)
                    changed[index] = new
            return obj if changed is None else tuple(changed)
        names = _fields(kind)
        if names is not None:
            changes = {}
            for name in names:
                old = getattr(obj, name)
                new = self.value(old)
                if new is not old:
                    changes[name] = new
            return dataclasses.replace(obj, **changes) if changes else obj
        if kind is I18nText:
            values = self._mapping(obj)
            return obj if values is None else I18nText(values, obj.default_lang)
        if kind is Answers:
            answers = self._mapping(obj)
            return obj if answers is None else Answers(answers, obj.default_lang,
                                                       obj.per_language)
        if isinstance(obj, Mapping) and kind.__module__ != _MODEL:
            values = self._mapping(obj)
            return obj if values is None else values
        return obj  # settings, the assets accessor, paths, dates

    def _mapping(self, obj: Mapping[Any, Any]) -> dict[Any, Any] | None:
        """Its values cleaned (keys are languages, ids and source keys), None if the same."""
        changed: dict[Any, Any] | None = None
        for key, old in obj.items():
            new = self.value(old)
            if new is not old:
                changed = changed or dict(obj)
                changed[key] = new
        return changed


# Values that hold no text to clean: where a finding points (never written) included.
_ATOMS = frozenset({type(None), bool, int, float, Loc})
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a model dataclass (None for any other type)."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init) \
            if kind.__module__ == _MODEL and dataclasses.is_dataclass(kind) else None
    return _FIELDS[kind]
