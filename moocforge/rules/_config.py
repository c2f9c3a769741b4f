"""Resolving the lint configuration: rule defaults ← profile ← course.yml ← overrides.

`course.yml` may hold
```yaml
lint:
  profile: coursera            # default | coursera | edx | fun
  rules:
    formative-gap: {max_minutes: 25}
    MF402: off                 # off | error | warning | info | {severity?, options…}
  ignore: {MF300: "reason"}    # course-wide suppression
```
The loader checks the keys of `lint:` and the profile (`moocforge.rules.settings`); here each
rule setting is checked against the rule (unknown rule or option, a value of the wrong type):
a `MF101 lint-config` diagnostic with a did-you-mean hint, placed on the key in course.yml
through the positions the model keeps (`LintSettings.source`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc, Section
from moocforge.rules.profiles import PROFILES
from moocforge.rules.settings import LintSettings

SEVERITIES = ("error", "warning", "info")
CONFIG_CODE, CONFIG_NAME = "MF101", "lint-config"


@dataclass
class RuleSettings:
    module: ModuleType
    enabled: bool = True
    severity: Severity = "warning"
    forced: bool = False  # severity set explicitly: applies to every finding of the rule
    options: dict[str, object] = field(default_factory=dict)

    def effective_options(self) -> dict[str, object]:
        return {**self.options, "severity": self.severity}


class _Problems:
    def __init__(self, course: Course) -> None:
        lint = course.lint
        self.source: Section | None = lint.source if isinstance(lint, LintSettings) else None
        self.list: list[Diagnostic] = []

    def loc(self, path: tuple[str | int, ...] | None) -> Loc:
        if path is None or self.source is None:
            return Loc("course.yml", 1, 1)
        return self.source.key_loc(*path[1:])  # paths start with "lint"

    def add(self, message: str, path: tuple[str | int, ...] | None, hint: str = "") -> None:
        self.list.append(Diagnostic(CONFIG_CODE, "error", message, self.loc(path), hint,
                                    CONFIG_NAME))


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return msg("did you mean '{name}'?", name=close[0]) if close else ""


def rule_keys(rules: list[ModuleType]) -> list[str]:
    return [key for m in rules for key in (m.CODE, m.NAME)]


def find(rules: list[ModuleType], key: object) -> ModuleType | None:
    text = str(key).strip()
    return next((m for m in rules if text.upper() == m.CODE or text.lower() == m.NAME), None)


def resolve(course: Course, rules: list[ModuleType], profile: str | None,
            overrides: Mapping[str, object] | None) -> tuple[dict[str, RuleSettings],
                                                             list[Diagnostic]]:
    """Settings per rule code, and the MF101 problems found in the configuration."""
    problems = _Problems(course)
    settings = {m.CODE: RuleSettings(m, severity=m.DEFAULT_SEVERITY, options=dict(m.DEFAULTS))
                for m in rules}
    lint = course.lint if isinstance(course.lint, LintSettings) else LintSettings()
    name = profile or lint.profile
    if str(name) not in PROFILES:  # a profile from the command line (course.yml's is checked)
        problems.add(msg("unknown lint profile '{name}'", name=name), None,
                     did_you_mean(str(name), list(PROFILES))
                     or msg("profiles: {names}", names=", ".join(PROFILES)))
    else:
        _apply(PROFILES[str(name)], rules, settings, problems, None)
    _apply(lint.rules, rules, settings, problems, ("lint", "rules"))
    if overrides:
        _apply(overrides, rules, settings, problems, None)
    _check_suppressions(course, rules, problems)
    return settings, problems.list


def _apply(mapping: Mapping[str, object], rules: list[ModuleType],
           settings: dict[str, RuleSettings], problems: _Problems,
           base: tuple[str | int, ...] | None) -> None:
    for key, value in mapping.items():
        path = base + (key,) if base else None
        module = find(rules, key)
        if module is None:
            problems.add(msg("unknown lint rule '{key}'", key=key), path,
                         did_you_mean(str(key), rule_keys(rules))
                         or msg("`moocforge rules` lists every rule"))
            continue
        _apply_one(settings[module.CODE], value, problems, path)


def _apply_one(rule: RuleSettings, value: object, problems: _Problems,
               path: tuple[str | int, ...] | None) -> None:
    label = f"{rule.module.CODE} {rule.module.NAME}"
    if value is False or value in ("off", "disable", "disabled"):
        rule.enabled = False
    elif value is True or value in ("on", "enable", "enabled"):
        rule.enabled = True
    elif value in SEVERITIES:
        rule.enabled, rule.severity, rule.forced = True, value, True  # type: ignore[assignment]
    elif isinstance(value, Mapping):
        rule.enabled = True
        for option, setting in value.items():
            _apply_option(rule, str(option), setting, problems,
                          path + (option,) if path else None, label)
    else:
        problems.add(msg("{label}: '{value}' is not a rule setting", label=label, value=value),
                     path, msg("write off, error, warning, info, or a mapping of options"))


def _apply_option(rule: RuleSettings, option: str, value: object, problems: _Problems,
                  path: tuple[str | int, ...] | None, label: str) -> None:
    defaults = rule.module.DEFAULTS
    if option in ("severity", "level"):
        if value in SEVERITIES:
            rule.severity, rule.forced = value, True  # type: ignore[assignment]
        else:
            problems.add(msg("{label}: severity '{value}' is not error, warning or info",
                             label=label, value=value), path,
                         msg("write `severity: error`, `warning` or `info`; `off` (instead of "
                             "the mapping) turns the rule off"))
    elif option == "enabled":
        rule.enabled = bool(value)
    elif option not in defaults:
        known = [*defaults, "severity"]
        problems.add(msg("{label} has no option '{option}'", label=label, option=option), path,
                     did_you_mean(option, known) or msg("options: {names}",
                                                        names=", ".join(known)))
    elif not _same_type(defaults[option], value):
        expected = type(defaults[option]).__name__ if defaults[option] is not None else "number"
        problems.add(msg("{label}: option '{option}' must be a {expected}, not {value}",
                         label=label, option=option, expected=expected, value=repr(value)),
                     path, msg("the default is {default}", default=repr(defaults[option])))
    else:
        rule.options[option] = value


def _same_type(default: object, value: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if default is None or isinstance(default, (int, float)):
        return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _check_suppressions(course: Course, rules: list[ModuleType], problems: _Problems) -> None:
    from moocforge.rules._suppress import all_suppressions

    for suppression, _scope in all_suppressions(course):
        if find(rules, suppression.code) is None:
            hint = did_you_mean(suppression.code, rule_keys(rules))
            problems.list.append(Diagnostic(
                CONFIG_CODE, "error", msg("lint: ignore: names unknown rule '{code}'",
                                          code=suppression.code),
                suppression.loc, hint or "only lint rules (MF100-MF499) can be ignored",
                CONFIG_NAME))
