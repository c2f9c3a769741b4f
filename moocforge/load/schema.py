"""JSON Schema validation of source files, turned into positioned Diagnostics.

The schemas in `schemas/` are the source format's contract (also used by editors through
`# yaml-language-server: $schema=…`). Errors are translated into short messages with the
position of the offending key or value and a hint (a "did you mean" for unknown keys).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema
from fastjsonschema.draft2019 import CodeGeneratorDraft2019
from fastjsonschema.ref_resolver import RefResolver

from moocforge import kinds
from moocforge.diagnostics import Diagnostic
from moocforge.i18n import msg
from moocforge.load.yamlpos import Path_, YamlDoc
from moocforge.model import Loc

if TYPE_CHECKING:  # jsonschema is imported when a file fails the compiled check (a tenth
    # of a command's start-up otherwise)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

# moocforge/data/schemas links to the repository's schemas/ (a wheel carries the files)
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"
BASE_URI = "https://moocforge.example/schemas/"
SCHEMA_NAMES = ("common", "course", "week", "quiz", "peer", "exercise", "catalog", "codecast")
ITEM_KINDS = kinds.names()  # one $defs entry per registered kind in week.schema.json


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for name in SCHEMA_NAMES:
        contents = {**schema(name), "$id": BASE_URI + f"{name}.schema.json"}
        resources.append((BASE_URI + f"{name}.schema.json", Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    return loaded


@cache
def validator(name: str, pointer: str = "") -> Draft202012Validator:
    """A validator for a schema file, or for one of its `$defs` (pointer '#/$defs/x')."""
    from jsonschema import Draft202012Validator

    root = {**schema(name), "$id": BASE_URI + f"{name}.schema.json"}
    if pointer:
        sub = {"$ref": BASE_URI + f"{name}.schema.json" + pointer}
        return Draft202012Validator(sub, registry=_registry())
    return Draft202012Validator(root, registry=_registry())


@cache
def fast_check(name: str) -> Callable[[object], object]:
    """A compiled validator (fastjsonschema) for the common case: a file that is valid.

    jsonschema walks the schema for every value and dominates load time on large courses;
    the compiled check is ~100× faster. It only tells valid from invalid (`_PassFail`):
    when it fails we run jsonschema, whose iter_errors gives every error with its path for
    the diagnostics.
    """

    def local(uri: str) -> dict[str, Any]:
        return schema(uri.rsplit("/", 1)[-1].removesuffix(".schema.json"))

    # The files carry no $id (so editors resolve `common.schema.json` next to them); give
    # the compiler a base URI whose scheme maps back to the local files. `default`s are
    # editor help: without use_default=False the compiled check writes them into the data.
    definition = {**schema(name), "$id": BASE_URI + f"{name}.schema.json"}
    resolver = RefResolver.from_schema(definition, handlers={"https": local}, store={})
    generator = _PassFail(definition, resolver=resolver,  # type: ignore[no-untyped-call]
                          use_default=False)
    state = generator.global_state
    exec(generator.func_code, state)  # what fastjsonschema.compile does
    check: Callable[[object], object] = state[resolver.get_scope_name()]
    return check


class _Invalid(fastjsonschema.JsonSchemaValueException):
    """A failed check, without message, value or rule (jsonschema reports the problems)."""

    __init__ = Exception.__init__


class _PassFail(CodeGeneratorDraft2019):
    """fastjsonschema's code, without what only its messages need. Its validators build,
    for every `$ref` they follow, the name of the value checked (`str.format(**locals())`),
    and for every branch of a `oneOf` that does not match (a text given per language is no
    string), a message and a copy of the schema rule: 80 % of their time on valid files."""

    def generate_ref(self) -> None:
        definition = cast(dict[str, Any], self._definition)
        with self._resolver.in_scope(definition["$ref"]):
            name = self._resolver.get_scope_name()
            uri = self._resolver.get_uri()
            if uri not in self._validation_functions_done:
                self._needed_validation_functions[uri] = name
            self.l("{}({variable}, custom_formats)", name)

    def exc(self, msg: str, *args: object, append_to_msg: str | None = None,
            rule: str | None = None) -> None:
        self.l("raise _Invalid")

    @property
    def global_state(self) -> dict[str, Any]:
        state: dict[str, Any] = super().global_state
        state["_Invalid"] = _Invalid
        return state


def validate(doc: YamlDoc, name: str, file: str) -> tuple[list[Diagnostic], list[Path_]]:
    """The schema problems of a document, and the paths of the values they concern."""
    try:
        fast_check(name)(doc.data)
        return [], []
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[Diagnostic] = []
    paths: list[Path_] = []
    _collect(validator(name), doc.data, (), doc, name, file, problems, paths)
    return problems, paths


def without_invalid(data: object, paths: list[Path_]) -> object:
    """A copy of `data` without the values that failed the schema, so the model is built only
    from valid parts (their problems are reported). Mapping keys are removed; list elements
    become None, so the positions of their siblings stay right; the root is always kept."""
    doomed = {path for path in paths if path}
    if not doomed:
        return data

    def copy(value: object, path: Path_) -> object:
        if isinstance(value, dict):
            return {k: copy(v, path + (k,)) for k, v in value.items() if path + (k,) not in doomed}
        if isinstance(value, list):
            return [None if path + (i,) in doomed else copy(v, path + (i,))
                    for i, v in enumerate(value)]
        return value

    return copy(data, ())


# Sections of course.yml validated by typed settings (`moocforge.load.settings`), whose
# messages are more precise; their part of the schema is generated from those settings and
# serves editors.
SETTINGS_SECTIONS = ("targets", "lint")


def _collect(v: Draft202012Validator, data: object, prefix: Path_, doc: YamlDoc, name: str,
             file: str, out: list[Diagnostic], paths: list[Path_]) -> None:
    for error in sorted(v.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = prefix + tuple(error.absolute_path)
        if name == "course" and path and path[0] in SETTINGS_SECTIONS:
            continue
        if error.validator == "oneOf" and name == "week" and _is_item_path(path):
            _item_errors(error.instance, path, doc, file, out, paths)
            continue
        diagnostic = _to_diagnostic(error, path, doc, file)
        out.append(diagnostic)
        if error.validator == "additionalProperties":  # only the unknown keys are bad
            paths.extend(path + (key,) for key in error.instance
                         if key not in error.schema.get("properties", {}))
        else:
            paths.append(path)


def _is_item_path(path: Path_) -> bool:
    return len(path) == 4 and path[0] == "lessons" and path[2] == "items"


def _item_errors(item: object, path: Path_, doc: YamlDoc, file: str,
                 out: list[Diagnostic], paths: list[Path_]) -> None:
    """Explain an item that matched no kind by validating it against the kind it names.

    An item without one clear kind is dropped from the model (`paths` gets the item); one
    with a clear kind only loses its invalid values."""
    line, col = doc.pos(path)
    if not isinstance(item, dict) or sum(k in item for k in ITEM_KINDS) != 1:
        paths.append(path)
    if not isinstance(item, dict):
        out.append(Diagnostic("MF010", "error", msg("an item must be a mapping"),
                              Loc.of(file, line, col), msg("e.g. `- {{reading: intro.md}}`")))
        return
    kinds = [k for k in ITEM_KINDS if k in item]
    if not kinds:
        close = [c for key in item for c in difflib.get_close_matches(str(key), ITEM_KINDS, 1)]
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(ITEM_KINDS)
        out.append(Diagnostic("MF014", "error", "item has no kind key ("
                              + ", ".join(ITEM_KINDS) + ")", Loc.of(file, line, col), hint))
        return
    if len(kinds) > 1:
        out.append(Diagnostic("MF014", "error", msg("item has several kind keys: {kinds}",
                                                    kinds=', '.join(kinds)),
                              Loc.of(file, line, col), msg("split it into one item per kind")))
        return
    _collect(validator("week", f"#/$defs/{kinds[0]}"), item, path, doc, "week-item", file, out,
             paths)


_TYPE_NAMES = {"object": msg("a mapping"), "array": msg("a list"), "string": msg("text"),
               "number": msg("a number"), "integer": msg("a whole number"),
               "boolean": msg("true or false"), "null": msg("nothing")}


def _or(parts: Iterable[str]) -> str:
    """`a or b or c`, in the reader's language."""
    joined: str | None = None
    for part in parts:
        joined = part if joined is None else msg("{first} or {second}", first=joined,
                                                  second=part)
    return joined or ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return msg("{value} (a boolean)", value=str(value).lower())
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return msg("a list")
    if value is None:
        return msg("nothing")
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def _where(path: Path_) -> str:
    """`lessons[0].items[2].title` — the path of a value, JSONPath-like."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or msg("the top level")


def _to_diagnostic(error: ValidationError, path: Path_, doc: YamlDoc, file: str) -> Diagnostic:
    kind = error.validator
    line, col = doc.pos(path)
    loc = Loc.of(file, line, col)
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        instance = error.instance if isinstance(error.instance, dict) else {}
        unexpected = [k for k in instance if k not in allowed
                      and not any(re.search(p, k) for p in patterns)]
        key = unexpected[0] if unexpected else "?"
        kline, kcol = doc.key_pos(path + (key,))
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
        return Diagnostic("MF011", "error", msg("unknown key '{key}' in {path}", key=key,
                                                path=_where(path)),
                          Loc.of(file, kline, kcol), hint)
    if kind == "required":
        missing = re.findall(r"'([^']+)'", error.message)
        key = missing[0] if missing else "?"
        return Diagnostic("MF012", "error", msg("missing required key '{key}' in {path}", key=key,
                                                path=_where(path)),
                          loc, _required_hint(key))
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else expected
        wanted = _or(_TYPE_NAMES.get(n, n) for n in names)
        return Diagnostic("MF010", "error",
                          msg("{path} must be {wanted}, not {instance}", path=_where(path),
                              wanted=wanted, instance=_describe(error.instance)), loc,
                          _type_hint(names[0]))
    if kind == "oneOf" and _is_text_schema(error.schema):
        return Diagnostic("MF010", "error",
                          msg("{path} must be text or a {{lang: text}} mapping, not {instance}",
                              path=_where(path),
                              instance=_describe(error.instance)), loc, _text_hint(error.instance))
    if kind == "oneOf":
        return _one_of(error, path, doc, file, loc)
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        close = difflib.get_close_matches(str(error.instance),
                                          [str(o) for o in error.validator_value], n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {options}"
        return Diagnostic("MF013", "error",
                          msg("{path}: {instance} is not one of {options}", path=_where(path),
                              instance=_describe(error.instance), options=options),
                          loc, hint)
    if kind == "pattern":
        return Diagnostic("MF015", "error",
                          msg("{path}: {instance} has the wrong form", path=_where(path),
                              instance=_describe(error.instance)),
                          loc, _pattern_hint(path, error.validator_value))
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return Diagnostic("MF016", "error", msg("{path}: {message}", path=_where(path),
                                                message=error.message), loc,
                          msg("numbers must lie within the range the schema gives"))
    if kind in ("minItems", "minProperties", "minLength"):
        return Diagnostic("MF019", "error", msg("{path} must not be empty", path=_where(path)),
                          loc, msg("write a value, or remove the key") if kind == "minLength"
                          else msg("give it at least one entry, or remove the key"))
    return Diagnostic("MF009", "error", msg("{path}: {message}", path=_where(path),
                                            message=error.message), loc,
                      _SCHEMA_HINTS.get(str(kind), msg("see this key in docs/format.md, the "
                                                       "reference of the source format")))


_JSON_TYPES = (("boolean", bool), ("integer", int), ("number", (int, float)),
               ("string", str), ("array", list), ("object", dict))


def _one_of(error: ValidationError, path: Path_, doc: YamlDoc, file: str,
            loc: Loc) -> Diagnostic:
    """A value that fits none of the forms a key takes. When its type picks one form (a
    mapping where a list or a mapping may go), the problem inside that form is reported;
    else the forms are named, with the schema's examples as the hint."""
    branches: list[dict[str, Any]] = error.validator_value
    fitting = [i for i, b in enumerate(branches) if _has_type(error.instance, b.get("type"))]
    inner = [e for e in error.context or [] if fitting == [e.schema_path[0]]]
    if inner:
        deepest = max(inner, key=lambda e: len(e.absolute_path))
        prefix = path[:len(path) - len(error.absolute_path)]
        return _to_diagnostic(deepest, prefix + tuple(deepest.absolute_path), doc, file)
    wanted = _or(dict.fromkeys(_TYPE_NAMES.get(str(b.get("type")), msg("another form"))
                               for b in branches))
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return Diagnostic("MF010", "error", msg("{path} must be {wanted}, not {instance}",
                                            path=_where(path), wanted=wanted,
                                            instance=_describe(error.instance)),
                      loc, _FORM_HINTS.get(key) or _type_hint(str(branches[0].get("type"))))


# Hints for the keys that take several forms (the schemas' examples are editor help: they
# must not change a diagnostic).
_FORM_HINTS = {
    "answers": msg("one list for every language, e.g. `answers: [gcc]`, or one per language, "
                   "e.g. `answers: {{fr: [calcaire], en: [limestone]}}`"),
    "samples": msg("e.g. `samples: [gcc, GCC]` or `samples: {{fr: [calcaire], en: "
                   "[limestone]}}`"),
    "answer": msg("e.g. `answer: 3.5`, or `answer: 3,5` in a course whose language writes "
                  "decimals with a comma"),
    "tolerance": msg("an amount, e.g. `tolerance: 0.01`, or a percentage, e.g. "
                     "`tolerance: 5%`"),
}


_TYPE_HINTS = {
    "object": msg("write indented `key: value` lines below the key, or `{{key: value}}`"),
    "array": msg("write a list: `[a, b]`, or one `- entry` per line below the key"),
    "string": msg("write text; quote a value YAML would read as a number, a date or "
                  "true/false, e.g. `'12'`"),
    "number": msg("write a number without quotes, e.g. `0.5` (YAML reads `1e5` as text: "
                  "write `1.0e+5`)"),
    "integer": msg("write a whole number without quotes, e.g. `3`"),
    "boolean": msg("write `true` or `false`"),
    "null": msg("remove the value"),
}
_SCHEMA_HINTS = {
    "maxLength": msg("shorten it"),
    "maxItems": msg("remove entries"),
    "maxProperties": msg("remove entries"),
    "uniqueItems": msg("remove the repeated entries"),
}


def _type_hint(name: str) -> str:
    return _TYPE_HINTS.get(name, msg("see this key in docs/format.md, the reference of the "
                                     "source format"))


def _has_type(value: object, name: object) -> bool:
    if isinstance(value, bool):
        return name == "boolean"
    return any(name == json_name and isinstance(value, kind) for json_name, kind in _JSON_TYPES)


def _is_text_schema(node: dict[str, Any]) -> bool:
    """The shape of common's `text` (a string, or a {lang: string} mapping); recognised by its
    structure, not its words, since descriptions are free text."""
    return [branch.get("type") for branch in node.get("oneOf") or []] == ["string", "object"]


def _text_hint(instance: object) -> str:
    if isinstance(instance, dict) and any(
            value is None or not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", str(key))
            for key, value in instance.items()):
        return ("a comma inside {…} splits the text into keys: quote the text, e.g. "
                "`{fr: \"Rien, le programme\", en: \"Nothing, the program\"}`")
    return "e.g. `title: {fr: Bonjour, en: Hello}`"


def _required_hint(key: str) -> str:
    examples = {
        "title": "add e.g. `title: {fr: …, en: …}`",
        "choices": "single/multiple/dropdown questions need `choices:`",
        "answer": "numeric questions need `answer:` (and usually `tolerance:`)",
        "answers": "text questions need `answers: [...]`",
    }
    return examples.get(key, f"add `{key}:`")


# A hint for each `pattern` of the schemas: what the form is, with an example
# (tests/test_bad_input_sweep.py checks every pattern of the schemas has one).
_PATTERN_HINTS = {
    "^[A-Za-z0-9][A-Za-z0-9_.-]*$": msg("start with a letter or a digit, then use letters, "
                                        "digits, `_`, `-` and `.` only, e.g. `quiz-week-1`"),
    "^[A-Za-z0-9_.-]+$": msg("use letters, digits, `_`, `-` and `.` only, without spaces, "
                             "e.g. `2027-spring` or `MC101`"),
    "^[A-Za-z0-9_-]+$": msg("use letters, digits, `_` and `-` only, e.g. `spoc-acme`"),
    "^[a-z][a-z0-9_-]*$": msg("start with a lowercase letter, then use lowercase letters, "
                              "digits, `_` and `-` only, e.g. `shared`"),
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$": msg("write a language code: two or three lowercase "
                                            "letters, with an optional region, e.g. `fr`, "
                                            "`en` or `pt-BR`"),
    "^\\d{1,2}:\\d{2}$": msg("write a time of day as HH:MM (24 h), e.g. `23:59`"),
    "^[-+−]?[0-9][0-9 .,]*$": msg("write a number, e.g. `3.5`, or `3,5` in a course whose "
                                  "language writes decimals with a comma"),
    "^-?[0-9.]+%$": msg("write an amount, e.g. `0.01`, or a percentage of the answer, e.g. "
                        "`5%`"),
    "^https?://[^\\s]+$": msg("write a web address that starts with `https://`, without "
                               "spaces, e.g. `https://tool.example.org/launch`"),
    "^(https?://.*)?$": msg("write a web address that starts with `https://`, e.g. "
                            "`https://videos.example.org/course`, or leave it empty"),
    "\\.xml$": msg("name the block's `.xml` file, e.g. `drag-and-drop.xml`"),
    "^[a-z0-9]+$": msg("write the extension in lowercase, without the dot, e.g. `pdf`"),
    "^[0-9]+(:[0-9]+)?$": msg("write `line:column` or a line number, e.g. `12:5` or `12`"),
}
_DATE_HINT = msg("write a date, e.g. `2027-03-01` or `2027-03-01T18:00Z`, or a date relative "
                 "to the run, e.g. `start + 10d` or `week 2 + 6d 23:59`")
PATTERN_FALLBACK = msg("see the form this key takes in docs/format.md, the reference of the "
                       "source format")


def _pattern_hint(path: Path_, pattern: str) -> str:
    found = _PATTERN_HINTS.get(pattern)
    if found is not None:
        return found
    if "\\d{4}" in pattern and "week" in pattern:  # common's date (absolute or relative)
        return _DATE_HINT
    return PATTERN_FALLBACK
