"""`targets:` and `lint:` of course.yml into typed settings, with positions.

Each present `targets.<name>` section is validated by the settings class its writer (or
the media step) declares; an unknown target is MF030 with a "did you mean". The result
keeps a `Section` with the position of every key and value, for findings made later.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from moocforge.diagnostics import Diagnostic
from moocforge.i18n import msg
from moocforge.load.cursor import Cursor, Key
from moocforge.model import Loc, Section
from moocforge.rules.settings import LintSettings
from moocforge.settings import Settings
from moocforge.targets import target_settings as known_targets


def section(cursor: Cursor, name: str) -> Section:
    """The mapping at `cursor` with the positions of everything below it."""
    base = cursor.path
    key_locs: dict[tuple[Key, ...], Loc] = {}
    value_locs: dict[tuple[Key, ...], Loc] = {}
    for path, (line, col) in cursor.doc.key_positions.items():
        if path[:len(base)] == base and len(path) > len(base):
            key_locs[path[len(base):]] = Loc.of(cursor.file, line, col)
    for path, (line, col) in cursor.doc.positions.items():
        if path[:len(base)] == base:
            value_locs[path[len(base):]] = Loc.of(cursor.file, line, col)
    values = cursor.value if isinstance(cursor.value, dict) else {}
    return Section(name, values, key_locs, value_locs, cursor.key_loc())


def merged(base: Section | None, own: Section) -> Section:
    """A section of the catalogue (`base`) extended and overridden by the course's own."""
    if base is None:
        return own
    return Section(own.name, _deep_merge(base.values, own.values),
                   {**base.key_locs, **own.key_locs}, {**base.value_locs, **own.value_locs},
                   own.loc if own.values or own.loc.file else base.loc)


def _deep_merge(base: Mapping[str, object], own: Mapping[str, object]) -> dict[str, object]:
    result = dict(base)
    for key, value in own.items():
        below = result.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            result[key] = _deep_merge(below, value)
        else:
            result[key] = value
    return result


def target_settings(course: Cursor, inherited: Mapping[str, Section] | None = None
                    ) -> tuple[dict[str, Settings], list[Diagnostic]]:
    """Typed `targets:` settings; `inherited` are the catalogue's `targets.<name>` sections."""
    inherited = inherited or {}
    raw = course.get("targets")
    own = raw if isinstance(raw, dict) else {}
    names = list(dict.fromkeys([*(k.removeprefix("targets.") for k in inherited
                                  if k.startswith("targets.")), *own]))
    classes = known_targets()
    found: dict[str, Settings] = {}
    problems: list[Diagnostic] = []
    for name in names:
        kind = classes.get(name)
        if kind is None:
            close = difflib.get_close_matches(name, list(classes), n=1)
            problems.append(Diagnostic(
                "MF030", "error", msg("unknown target '{name}' in targets",
                                      name=name), course.key_loc(
                    "targets", name), f"did you mean '{close[0]}'?" if close else
                f"targets: {', '.join(classes)}"))
            continue
        here = course.at("targets", name)
        if name in own and not isinstance(here.value, dict):
            problems.append(Diagnostic("MF031", "error", msg("targets.{name} must be a mapping "
                                                             "of settings",
                                                             name=name),
                                       here.loc(), msg("e.g. `olx: {{profile: fun}}`")))
            continue
        mine = section(here, f"targets.{name}") if name in own else Section(
            f"targets.{name}", {}, {}, {}, Loc(""))
        settings, issues = kind.parse(merged(inherited.get(f"targets.{name}"), mine))
        found[name] = settings
        problems += issues
    return found, problems


def lint_settings(course: Cursor, inherited: Section | None = None
                  ) -> tuple[LintSettings, list[Diagnostic]]:
    here = course.at("lint")
    if not isinstance(here.value, dict):
        if inherited is None:
            return LintSettings(), []
        return LintSettings.parse(inherited)
    return LintSettings.parse(merged(inherited, section(here, "lint")))
