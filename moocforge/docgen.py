"""Artefacts generated from the code, committed, and tested equal to it.

- the `targets:` and `lint:` parts of `schemas/course.schema.json`, from the typed settings of
  every writer, the media step and the linter (editor completion and help);
- `docs/diagnostics.md`, every code moocforge can emit (`moocforge.codes`).

`python -m moocforge.docgen` rewrites them; `tests/test_architecture.py` fails when one is
stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COURSE_SCHEMA = ROOT / "schemas" / "course.schema.json"
DIAGNOSTICS_DOC = ROOT / "docs" / "diagnostics.md"
SEVERITIES = ["off", "error", "warning", "info", "on"]


def targets_schema() -> dict[str, Any]:
    from moocforge.targets import target_settings

    return {"type": "object",
            **_doc("Settings of each target: `olx`, `coursera`, `site` (one per writer) and "
                   "`media` (the checks on video files)."),
            "examples": [{"olx": {"profile": "fun"}}],
            "additionalProperties": {"type": "object"},
            "properties": {name: kind.json_schema()
                           for name, kind in sorted(target_settings().items())}}


def _doc(text: str, **more: Any) -> dict[str, Any]:
    return {"description": text.replace("`", ""), "markdownDescription": text, **more}


def lint_schema() -> dict[str, Any]:
    from moocforge.rules import RULES, option_docs, summary
    from moocforge.rules.settings import LintSettings

    schema = LintSettings.json_schema()
    levels = ["every finding is an error", "every finding is a warning",
              "every finding is for information"]
    severity = {"enum": ["error", "warning", "info"],
                **_doc("Severity of every finding of the rule.", examples=["error"]),
                "enumDescriptions": levels, "markdownEnumDescriptions": levels}
    rules: dict[str, Any] = {}
    for module in RULES:
        docs = option_docs(module)
        options = {name: _doc(docs.get(name, f"Option of {module.NAME}."),
                              default=_plain(value), examples=[_plain(value)])
                   for name, value in module.DEFAULTS.items()}
        options["severity"] = severity
        rules[module.NAME] = {
            **_doc(f"{module.CODE}: {summary(module)} Off, a severity, or options."),
            "anyOf": [{"enum": SEVERITIES}, {"type": "boolean"},
                      {"type": "object", "properties": options}],
            "examples": [module.DEFAULT_SEVERITY]}
    schema["properties"]["rules"] = {
        **schema["properties"]["rules"], "properties": rules,
        "patternProperties": {"^MF[0-9]{3}$": {"anyOf": [{"enum": SEVERITIES},
                                                          {"type": "boolean"},
                                                          {"type": "object"}]}}}
    return schema


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def course_schema() -> dict[str, Any]:
    """course.schema.json with its settings parts regenerated."""
    data: dict[str, Any] = json.loads(COURSE_SCHEMA.read_text("utf-8"))
    data["properties"]["targets"] = targets_schema()
    data["properties"]["lint"] = lint_schema()
    return data


def dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    COURSE_SCHEMA.write_text(dump(course_schema()), "utf-8")
    from moocforge.codes import diagnostics_markdown

    DIAGNOSTICS_DOC.write_text(diagnostics_markdown(), "utf-8")
    print(f"wrote {COURSE_SCHEMA.relative_to(ROOT)} and {DIAGNOSTICS_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
