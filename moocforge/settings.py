"""Typed settings: each target and the linter declare theirs; the loader validates them.

In the manner of mkdocs' `config_options`: a settings class lists its options as class
attributes; each option converts and checks its own value and explains what is wrong.

```python
class OlxSettings(Settings):
    section = "targets.olx"
    profile = Choice(("edx", "fun"), "edx", "Platform profile.")
    queue = Str("moocforge", "XQueue queue of the external grader.")
```

`OlxSettings.parse(section)` returns an instance (`settings.profile` is a `str`) and the
diagnostics: MF030 for an unknown key (with "did you mean"), MF031 for a value of the wrong
type or out of range, each at its line in course.yml. The same classes give the JSON Schema
of `targets:` / `lint:` (editor completion) and their documentation.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from moocforge.diagnostics import Diagnostic
from moocforge.model import NOWHERE, Loc, Section

T = TypeVar("T")
UNKNOWN_SETTING = "MF030"
BAD_SETTING = "MF031"
MAX_INT = 2**53  # beyond this an integer does not survive JSON / JavaScript


class SettingError(ValueError):
    def __init__(self, message: str, hint: str = "", path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.hint, self.path = message, hint, path


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Option(Generic[T]):
    """One setting: a default, a documentation line, and how to convert a written value."""

    type_name = "value"

    def __init__(self, default: T, doc: str, *, example: object = None) -> None:
        self.default = default
        self.doc = doc
        self.example = example
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Option[T]: ...

    @overload
    def __get__(self, obj: Settings, owner: type | None = None) -> T: ...

    def __get__(self, obj: Settings | None, owner: type | None = None) -> Option[T] | T:
        if obj is None:
            return self
        value: T = obj._values[self.name]  # type: ignore[assignment]  # set by parse()
        return value

    def convert(self, value: object) -> T:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"description": self.doc.replace("`", ""),
                                  "markdownDescription": self.doc}
        if self.default is not None:
            schema["default"] = _plain(self.default)
        example = self.example if self.example is not None else self.default
        if example not in (None, "", {}, ()):
            schema["examples"] = [_plain(example)]
        return schema


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Str(Option[str]):
    type_name = "text"

    def convert(self, value: object) -> str:
        if not isinstance(value, str):
            raise SettingError(f"must be text, not {_describe(value)}",
                               "write one text value, not a list or a mapping"
                               if isinstance(value, (list, dict, Mapping)) else
                               "quote the value if it looks like a number or a date")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", **super().json_schema()}


class Url(Str):
    type_name = "URL"

    def convert(self, value: object) -> str:
        text = super().convert(value).rstrip("/")
        if text and not text.startswith(("https://", "http://")):
            example = self.example if isinstance(self.example, str) and \
                self.example.startswith(("https://", "http://")) else "https://cdn.example.org/videos"
            raise SettingError(f"'{text}' is not an http(s) URL",
                               f"write an address that starts with https://, e.g. {example}")
        return text

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": "^(https?://.*)?$"}


class Bool(Option[bool]):
    type_name = "true or false"

    def convert(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise SettingError(f"must be true or false, not {_describe(value)}",
                               "write true or false, without quotes")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", **super().json_schema()}


class Int(Option[int]):
    type_name = "whole number"

    def __init__(self, default: int, doc: str, *, minimum: int = 0, maximum: int = MAX_INT,
                 example: object = None) -> None:
        super().__init__(default, doc, example=example)
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(f"must be a whole number, not {_describe(value)}",
                               f"write a whole number without quotes, e.g. {self.default}")
        if not self.minimum <= value <= self.maximum:
            raise SettingError(f"must be between {self.minimum} and {self.maximum}, not {value}",
                               f"the default is {self.default}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum,
                **super().json_schema()}


class Float(Option[float]):
    type_name = "number"

    def __init__(self, default: float, doc: str, *, minimum: float = -math.inf,
                 maximum: float = math.inf, example: object = None) -> None:
        super().__init__(default, doc, example=example)
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingError(f"must be a number, not {_describe(value)}",
                               f"write a number without quotes, e.g. {self.default:g}")
        number = float(value)
        if not math.isfinite(number):
            raise SettingError(f"must be a finite number, not {value}",
                               f"write a number such as {self.default:g}")
        if not self.minimum <= number <= self.maximum:
            raise SettingError(f"must be between {self.minimum:g} and {self.maximum:g}, "
                               f"not {value}", f"the default is {self.default:g}")
        return number

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number", **super().json_schema()}
        if math.isfinite(self.minimum):
            schema["minimum"] = self.minimum
        if math.isfinite(self.maximum):
            schema["maximum"] = self.maximum
        return schema


class Choice(Option[str]):
    type_name = "one of"

    def __init__(self, choices: Sequence[str], default: str, doc: str, *,
                 meanings: Mapping[str, str] | None = None) -> None:
        super().__init__(default, doc)
        self.choices = tuple(choices)
        self.meanings = dict(meanings or {})

    def convert(self, value: object) -> str:
        if not isinstance(value, str) or value not in self.choices:
            close = difflib.get_close_matches(str(value), self.choices, n=1)
            raise SettingError(f"{_describe(value)} is not one of {', '.join(self.choices)}",
                               f"did you mean '{close[0]}'?" if close else
                               f"use one of: {', '.join(self.choices)}")
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"enum": list(self.choices), **super().json_schema()}
        meanings = [self.meanings.get(c, c) for c in self.choices]
        schema["markdownEnumDescriptions"] = meanings
        schema["enumDescriptions"] = [m.replace("`", "") for m in meanings]
        return schema


class Nullable(Option[T | None]):
    """An option that may also be left unset (`null`): `Nullable(Bool(False, "..."))`."""

    def __init__(self, inner: Option[T], default: T | None = None) -> None:
        super().__init__(default, inner.doc, example=inner.example)
        self.inner = inner
        self.type_name = inner.type_name

    def convert(self, value: object) -> T | None:
        return None if value is None else self.inner.convert(value)

    def json_schema(self) -> dict[str, Any]:
        inner = self.inner.json_schema()
        schema = {k: v for k, v in inner.items() if k in ("description", "markdownDescription",
                                                           "examples")}
        schema["anyOf"] = [{k: v for k, v in inner.items() if k not in schema}, {"type": "null"}]
        return schema


class AnyMapping(Option[Mapping[str, object]]):
    """A mapping checked by its owner (e.g. `lint: rules:`, checked against each rule's
    declared options by the lint engine, with the positions of `Settings.source`)."""

    type_name = "mapping"

    def convert(self, value: object) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            raise SettingError(f"must be a mapping, not {_describe(value)}",
                               "write `key: value` pairs, one per line")
        return dict(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", **super().json_schema()}


class MapOf(Option[Mapping[str, T]]):
    """A mapping of names to values of one option type (e.g. item id → video id)."""

    def __init__(self, value: Option[T], doc: str, *, example: object = None) -> None:
        super().__init__({}, doc, example=example)
        self.value = value
        self.type_name = f"mapping of {value.type_name}"

    def convert(self, value: object) -> Mapping[str, T]:
        if not isinstance(value, Mapping):
            raise SettingError(f"must be a mapping, not {_describe(value)}",
                               "write `key: value` pairs, one per line")
        result: dict[str, T] = {}
        for key, entry in value.items():
            try:
                result[str(key)] = self.value.convert(entry)
            except SettingError as error:
                raise SettingError(f"{key}: {error.message}", error.hint, (str(key),)) from None
        return result

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": _bare(self.value.json_schema()),
                **super().json_schema()}


class ListOf(Option[tuple[T, ...]]):
    def __init__(self, value: Option[T], default: Sequence[T], doc: str, *,
                 example: object = None) -> None:
        super().__init__(tuple(default), doc, example=example)
        self.value = value
        self.type_name = f"list of {value.type_name}"

    def convert(self, value: object) -> tuple[T, ...]:
        if not isinstance(value, list):
            raise SettingError(f"must be a list, not {_describe(value)}", "write `[a, b]`")
        result = []
        for index, entry in enumerate(value):
            try:
                result.append(self.value.convert(entry))
            except SettingError as error:
                raise SettingError(f"[{index}]: {error.message}", error.hint, (index,)) from None
        return tuple(result)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": _bare(self.value.json_schema()),
                **super().json_schema()}


def _bare(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("default", "description",
                                                         "markdownDescription", "examples")}


# --------------------------------------------------------------------------- settings


class Settings:
    """Base of typed settings. Instances are read-only; `loc_of(key)` is where a key was
    written (for findings about a setting's value made later, e.g. by a writer)."""

    section: ClassVar[str] = ""
    doc: ClassVar[str] = ""

    __slots__ = ("_locs", "_values", "source")
    _values: dict[str, object]
    _locs: dict[str, Loc]
    source: Section | None

    def __init__(self, values: Mapping[str, object] | None = None,
                 locs: Mapping[str, Loc] | None = None, source: Section | None = None) -> None:
        defaults = {name: option.default for name, option in self.options().items()}
        object.__setattr__(self, "_values", {**defaults, **(values or {})})
        object.__setattr__(self, "_locs", dict(locs or {}))
        object.__setattr__(self, "source", source)  # as written, with every position

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; use replace()")

    def __reduce__(self) -> tuple[object, ...]:  # pickled for the writers' worker processes
        return (type(self), (self._values, self._locs, self.source))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values == other._values

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(sorted(self._values.items()))))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    @classmethod
    def options(cls) -> dict[str, Option[Any]]:
        found: dict[str, Option[Any]] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Option):
                    found[name] = value
        return found

    def replace(self, **changes: object) -> Self:
        unknown = set(changes) - set(self.options())
        if unknown:
            raise TypeError(f"{type(self).__name__} has no setting {', '.join(sorted(unknown))}")
        return type(self)({**self._values, **changes}, self._locs, self.source)

    def loc_of(self, key: str) -> Loc:
        return self._locs.get(key) or self._locs.get("") or NOWHERE

    def as_dict(self) -> dict[str, object]:
        return dict(self._values)

    @classmethod
    def parse(cls, section: Section | None) -> tuple[Self, list[Diagnostic]]:
        """Validate a section of course.yml: unknown keys and bad values are diagnostics at
        their line (a bad value keeps the default)."""
        if section is None:
            return cls(), []
        options = cls.options()
        values: dict[str, object] = {}
        problems: list[Diagnostic] = []
        for key, raw in section.values.items():
            option = options.get(key)
            if option is None:
                close = difflib.get_close_matches(str(key), list(options), n=1)
                hint = (f"did you mean '{close[0]}'?" if close else
                        f"known settings: {', '.join(options) or 'none'}")
                problems.append(Diagnostic(UNKNOWN_SETTING, "error",
                                           f"unknown setting '{key}' in {section.name}",
                                           section.key_loc(key), hint))
                continue
            try:
                values[key] = option.convert(raw)
            except SettingError as error:
                where = ".".join(str(p) for p in (section.name, key, *error.path))
                problems.append(Diagnostic(BAD_SETTING, "error", f"{where} {error.message}",
                                           section.value_loc(key, *error.path), error.hint))
        locs = {key: section.key_loc(key) for key in section.values}
        locs[""] = section.loc
        return cls(values, locs, section), problems

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        return {"type": "object", "description": cls.doc.replace("`", ""),
                "markdownDescription": cls.doc, "additionalProperties": False,
                "properties": {name: option.json_schema()
                               for name, option in cls.options().items()}}

    @classmethod
    def markdown(cls, level: int = 3) -> str:
        """The settings' documentation: one line per option."""
        lines = [f"{'#' * level} `{cls.section}`", "", cls.doc, ""] if cls.section else []
        for name, option in cls.options().items():
            default = _plain(option.default)
            shown = "" if default in (None, "", {}, ()) else f" Default: `{default}`."
            lines.append(f"- `{name}` ({option.type_name}): {option.doc}{shown}")
            if isinstance(option, Choice) and option.meanings:
                lines += [f"  - `{c}`: {option.meanings[c]}" for c in option.choices
                          if c in option.meanings]
        return "\n".join(lines) + "\n"
