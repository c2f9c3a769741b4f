"""The pedagogy linter: one module per rule, a configurable engine, generated documentation.

`lint(course)` runs every enabled rule on the model and returns Diagnostics sorted by file
and line; `RULES` lists the rule modules; `rule_catalogue()` describes them (also used for
the `rules` section of SARIF output). Each rule module has `CODE` (e.g. `MF110`), the slug
`NAME` (e.g. `formative-gap`), `DEFAULT_SEVERITY`, a `DEFAULTS` options dict and a
`check(course, options)` generator; its docstring is its user documentation, from which
`docs/rules.md` is generated (`moocforge rules --markdown`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import ModuleType
from typing import Any

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.model import Course
from moocforge.rules import (
    _suppress,
    alt_text,
    answer_leak,
    asset_size,
    codecast_exercise,
    codecast_narration,
    codecast_steps,
    dangling_reference,
    dates_in_run,
    duplicate_title,
    early_graded,
    formative_gap,
    heading_order,
    lint_config,
    objective_coverage,
    pass_reachable,
    peer_rubric,
    quiz_feedback,
    quiz_key,
    reading_length,
    same_type_run,
    title_derived_id,
    transcript_missing,
    translation_missing,
    unsafe_html,
    unused_asset,
    unused_suppression,
    video_length,
    weekly_assessment,
    weekly_workload,
)
from moocforge.rules._config import RuleSettings, find, resolve
from moocforge.rules._incremental import LintMemo
from moocforge.rules.profiles import PROFILES

RULES: list[ModuleType] = [
    unused_suppression, lint_config,
    formative_gap, weekly_workload, video_length, reading_length, same_type_run,
    early_graded, weekly_assessment, pass_reachable, objective_coverage, quiz_key,
    quiz_feedback, peer_rubric, answer_leak,
    transcript_missing, alt_text, translation_missing, heading_order, unsafe_html,
    dangling_reference, unused_asset, duplicate_title, dates_in_run, asset_size,
    title_derived_id,
    codecast_steps, codecast_exercise, codecast_narration,
]

__all__ = ["PROFILES", "RULES", "LintMemo", "check_config", "clear_caches", "find_rule", "lint",
           "rule_catalogue", "rule_markdown", "rules_markdown"]


def clear_caches() -> None:
    """Forget memoised Markdown scans and word counts (for benchmarks of cold runs)."""
    from moocforge.rules import _markdown

    _markdown.clear_caches()
    reading_length._words.cache_clear()


def find_rule(key: str) -> ModuleType | None:
    """The rule module with this code (`MF110`) or slug (`formative-gap`)."""
    return find(RULES, key)


def check_config(course: Course) -> list[Diagnostic]:
    """The problems of the course's `lint:` settings (unknown rules and options, bad values),
    reported when the course is loaded."""
    return resolve(course, RULES, None, None)[1]


def lint(course: Course, profile: str | None = None,
         overrides: Mapping[str, object] | None = None, memo: LintMemo | None = None
         ) -> list[Diagnostic]:
    """Run every enabled rule; findings sorted by file and line, suppressions applied.

    `profile` replaces `lint: profile:` of course.yml; `overrides` is a mapping like
    `lint: rules:` applied last (e.g. `{"formative-gap": {"max_minutes": 25}, "MF402": "off"}`).
    With a `memo` of the previous run, item and week rules check only the weeks that changed
    (`moocforge.rules._incremental`); the findings are the same.
    """
    settings, problems = resolve(course, RULES, profile, overrides)
    findings: list[Diagnostic] = []
    for module in RULES:
        rule = settings[module.CODE]
        if rule.enabled and not getattr(module, "ENGINE", False):
            if memo is None:
                findings.extend(_run(module, course, rule))
            else:
                findings.extend(memo.run(module, course, repr(rule), _runner(rule)))
    kept, unused = _suppress.apply(course, findings, find_rule)
    kept.extend(unused_suppression.report(unused, settings))
    config = settings[lint_config.CODE]
    if config.enabled:
        kept.extend(replace(p, severity=config.severity) if config.forced else p
                    for p in problems)
    return sorted_diagnostics(kept)


def _runner(rule: RuleSettings) -> Callable[[ModuleType, Course], list[Diagnostic]]:
    def run(module: ModuleType, part: Course) -> list[Diagnostic]:
        return _run(module, part, rule)

    return run


def _run(module: ModuleType, course: Course, rule: RuleSettings) -> list[Diagnostic]:
    try:
        found = list(module.check(course, rule.effective_options()))
    except Exception as exc:  # a bug in one rule must not hide the findings of the others
        return [Diagnostic(module.CODE, "error",
                           msg("rule {NAME} failed: {name}: {exc}", NAME=module.NAME,
                               name=type(exc).__name__, exc=exc),
                           course.loc, msg("this is a moocforge bug; please report it"),
                           module.NAME)]
    if rule.forced:
        found = [replace(d, severity=rule.severity) for d in found]
    return found


# --------------------------------------------------------------------------- documentation


def summary(module: ModuleType) -> str:
    return inspect.getdoc(module).strip().splitlines()[0].strip()  # type: ignore[union-attr]


_OPTION_LINE = re.compile(r"^- `(\w+):[^`]*` — (.*)$")


def option_docs(module: ModuleType) -> dict[str, str]:
    """Each option's documentation, from the `**Options:**` list of the rule's docstring
    (one `- `name: default` — text` entry per option, continued on indented lines)."""
    docs: dict[str, str] = {}
    current = ""
    for line in (inspect.getdoc(module) or "").splitlines():
        match = _OPTION_LINE.match(line)
        if match:
            current = match.group(1)
            docs[current] = match.group(2).strip()
        elif current and line.startswith("  ") and line.strip():
            docs[current] += " " + line.strip()
        else:
            current = ""
    return docs


def rule_catalogue() -> list[dict[str, Any]]:
    """`{id, code, name, severity, summary, shortDescription, options}` for every rule."""
    return [{"id": m.CODE, "code": m.CODE, "name": m.NAME, "severity": m.DEFAULT_SEVERITY,
             "summary": summary(m), "shortDescription": summary(m),
             "options": dict(m.DEFAULTS)} for m in RULES]


def _profile_notes(module: ModuleType) -> list[str]:
    notes = []
    for name, entries in PROFILES.items():
        for key, value in entries.items():
            if find_rule(key) is module and isinstance(value, Mapping):
                settings = ", ".join(f"`{k}: {_yaml_value(v)}`" for k, v in value.items())
                notes.append(f"`{name}` sets {settings}")
    return notes


def _yaml_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return str(value)


def rule_markdown(module: ModuleType, level: int = 2) -> str:
    """The documentation of one rule, from its docstring."""
    doc = inspect.getdoc(module) or ""
    head, _, body = doc.partition("\n")
    lines = [f"{'#' * level} {module.CODE} {module.NAME}", "", head.strip(), "",
             f"*Default severity:* **{module.DEFAULT_SEVERITY}**."]
    notes = _profile_notes(module)
    if notes:
        lines[-1] += " *Profiles:* " + "; ".join(notes) + "."
    return "\n".join(lines) + "\n" + body.rstrip() + "\n"


def rules_markdown() -> str:
    """The text of docs/rules.md (generated: edit the rule docstrings, not the file)."""
    parts = [
        "# Lint rules",
        "",
        "<!-- Generated by `moocforge rules --markdown` from the rule modules' docstrings"
        " (moocforge/rules/*.py). Do not edit by hand. -->",
        "",
        "Configure rules in `course.yml` under `lint:` (see [lint.md](lint.md)): "
        "`profile:` one of " + ", ".join(f"`{p}`" for p in PROFILES) + "; "
        "`rules: {<code-or-slug>: off | error | warning | info | {severity, options…}}`; "
        "silence one finding with `lint: {ignore: {<code-or-slug>: \"reason\"}}` on the "
        "item, week or course.",
        "",
        "| Code | Rule | Severity | Checks |",
        "| --- | --- | --- | --- |",
    ]
    parts += [f"| [{m.CODE}](#{m.CODE.lower()}-{m.NAME}) | `{m.NAME}` | {m.DEFAULT_SEVERITY} "
              f"| {summary(m)} |" for m in RULES]
    parts.append("")
    for module in RULES:
        parts.append(rule_markdown(module))
    return "\n".join(parts).rstrip() + "\n"
