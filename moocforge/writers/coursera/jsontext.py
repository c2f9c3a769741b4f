"""The kit's JSON files: `json.dumps(data, indent=2, ensure_ascii=False)` plus a newline,
written by a plain recursive function.

With `indent`, the standard library falls back to its pure-Python, generator-based encoder,
whose cost is a chain of generators per value (a kit writes ~2,000 JSON files, ~900,000
values). This function gives the same text; anything outside plain JSON data (a non-string
key, an object to convert) goes to `json.dumps` itself.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C one when built

INDENT = "  "


class _NotPlain(Exception):
    """The data holds something only `json.dumps` knows how to handle."""


def dump_json(data: object) -> str:
    parts: list[str] = []
    try:
        _value(data, parts, "\n")
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    parts.append("\n")
    return "".join(parts)


def _value(value: object, parts: list[str], newline: str) -> None:
    """Append `value` encoded; `newline` is a newline and the current indentation."""
    if type(value) is str:
        parts.append(encode_basestring(value))
    elif type(value) is dict:
        _object(value, parts, newline)
    elif type(value) is list or type(value) is tuple:
        _array(value, parts, newline)
    else:
        parts.append(_scalar(value))


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return str(encode_basestring(value))
    raise _NotPlain  # a dict or list subclass, or no JSON value at all: json.dumps decides


def _object(value: dict[object, object], parts: list[str], newline: str) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + INDENT
    separator = "{" + inner
    for key, item in value.items():
        if type(key) is not str:
            raise _NotPlain
        if type(item) is str:  # most values: one piece
            parts.append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
        else:
            parts.append(f"{separator}{encode_basestring(key)}: ")
            _value(item, parts, inner)
        separator = "," + inner
    parts.append(newline + "}")


def _array(value: list[object] | tuple[object, ...], parts: list[str], newline: str) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + INDENT
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _value(item, parts, inner)
        separator = "," + inner
    parts.append(newline + "]")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
