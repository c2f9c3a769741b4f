"""One `Diagnostic` type for everything that can go wrong, and the reporters that print them.

Schema errors, lint findings, writer losses and exercise failures all become Diagnostics;
the CLI prints them with one of the reporters below (text, json, github, sarif, junit).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from moocforge import __version__
from moocforge.i18n import counts_line, hint_label, plain
from moocforge.model import NOWHERE, Loc

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str  # e.g. MF011 (loader) or MF201 (rule)
    severity: Severity
    message: str
    loc: Loc = NOWHERE
    hint: str = ""
    rule: str = ""  # slug, e.g. "formative-gap"; empty for loader diagnostics
    item: str = ""  # item id the finding is about, when there is one

    def sort_key(self) -> tuple[Any, ...]:
        return (self.loc.file, self.loc.line, self.loc.col, self.code, self.message)

    def at_least(self, level: Severity) -> bool:
        return SEVERITY_ORDER[self.severity] >= SEVERITY_ORDER[level]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "file": self.loc.file,
            "line": self.loc.line,
            "col": self.loc.col,
            "hint": self.hint,
            "item": self.item,
        }


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.severity, d.hint, d.rule): d for d in diagnostics}
    return [unique[key] for key in sorted(unique)]


def has_errors(diagnostics: Iterable[Diagnostic], level: Severity = "error") -> bool:
    return any(d.at_least(level) for d in diagnostics)


def counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    result = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        result[d.severity] += 1
    return result


def rebase(diagnostics: Iterable[Diagnostic], roots: Mapping[str, Path],
           cwd: Path | None = None) -> list[Diagnostic]:
    """The diagnostics with paths relative to `cwd` (default: the current folder), so that
    reports name files as the shell and CI see them: `courses/abc-c/weeks/…/week.yml` from a
    repository root. `roots` maps each `Loc.root` ("" for the course folder) to its folder;
    a file outside `cwd` keeps its absolute path."""
    base = Path(os.path.abspath(cwd or Path.cwd()))
    found = []
    for d in diagnostics:
        folder = roots.get(d.loc.root)
        if folder is None or (not d.loc.file and d.loc.root):
            found.append(d)
            continue
        target = Path(os.path.abspath(folder / d.loc.file)) if d.loc.file else Path(
            os.path.abspath(folder))
        try:
            shown = target.relative_to(base).as_posix()
        except ValueError:
            shown = target.as_posix()
        found.append(replace(d, loc=replace(d.loc, file=shown or ".", root="")))
    return found


# --------------------------------------------------------------------------- reporters

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def format_text(diagnostics: Sequence[Diagnostic], colour: bool = False,
                lang: str = "en") -> str:
    lines = []
    for d in diagnostics:
        where = str(d.loc) if d.loc.file else "<course>"
        sev = d.severity
        if colour:
            head = f"{_BOLD}{where}{_RESET}: {_COLOURS[sev]}{sev}{_RESET} {_BOLD}{d.code}{_RESET}"
        else:
            head = f"{where}: {sev} {d.code}"
        label = f" [{d.rule}]" if d.rule else ""
        lines.append(f"{head}{label} {plain(d.message)}")
        if d.hint:
            hint = f"    {hint_label(lang)} {plain(d.hint)}"
            lines.append(f"{_DIM}{hint}{_RESET}" if colour else hint)
    c = counts(diagnostics)
    lines.append(counts_line(c["error"], c["warning"], c["info"], lang))
    return "\n".join(lines) + "\n"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = {"diagnostics": [d.to_dict() for d in diagnostics], "summary": counts(diagnostics)}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for d in diagnostics:
        props = []
        if d.loc.file:
            props.append(f"file={_gh_escape(prefix + d.loc.file, True)}")
            if d.loc.line:
                props.append(f"line={d.loc.line}")
                props.append(f"col={d.loc.col or 1}")
        props.append(f"title={_gh_escape(d.code + (' ' + d.rule if d.rule else ''), True)}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(message)}")
    return "\n".join(out) + ("\n" if out else "")


def format_sarif(
    diagnostics: Sequence[Diagnostic], rules: Sequence[dict[str, Any]] = (), prefix: str = "",
    base: Path | None = None,
) -> str:
    """SARIF 2.1.0. `rules` are `{"id", "name", "shortDescription", "helpUri"?}` dicts.
    Paths are relative to `base` (default: the current folder), which the log names as
    `originalUriBaseIds.SRCROOT`, so code-scanning tools resolve them."""
    level = {"error": "error", "warning": "warning", "info": "note"}
    known = {r["id"] for r in rules}
    rule_list = [
        {
            "id": r["id"],
            "name": r.get("name", r["id"]),
            "shortDescription": {"text": r.get("shortDescription", r["id"])},
        }
        for r in rules
    ]
    for code in sorted({d.code for d in diagnostics} - known):
        rule_list.append({"id": code, "name": code, "shortDescription": {"text": code}})
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": level[d.severity],
            "message": {"text": d.message + (f" (hint: {d.hint})" if d.hint else "")},
        }
        if d.loc.file:
            location: dict[str, Any] = {"uri": prefix + d.loc.file}
            if not (prefix + d.loc.file).startswith("/"):
                location["uriBaseId"] = "SRCROOT"
            physical: dict[str, Any] = {"artifactLocation": location}
            if d.loc.line:
                physical["region"] = {"startLine": d.loc.line, "startColumn": d.loc.col or 1}
            result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "moocforge",
                        "version": __version__,
                        "informationUri": "https://example.invalid/moocforge",
                        "rules": rule_list,
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {
                    "uri": Path(os.path.abspath(base or Path.cwd())).as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def format_junit(diagnostics: Sequence[Diagnostic], suite: str = "moocforge") -> str:
    """JUnit XML: one test case per diagnostic (failures for errors/warnings)."""
    c = counts(diagnostics)
    root = etree.Element(
        "testsuites", name=suite, tests=str(max(len(diagnostics), 1)),
        failures=str(c["error"] + c["warning"]),
    )
    ts = etree.SubElement(
        root, "testsuite", name=suite, tests=str(max(len(diagnostics), 1)),
        failures=str(c["error"] + c["warning"]), errors="0",
    )
    if not diagnostics:
        etree.SubElement(ts, "testcase", classname=suite, name="no problems")
    for d in diagnostics:
        case = etree.SubElement(
            ts, "testcase", classname=d.loc.file or suite, name=f"{d.code} {d.loc}"
        )
        text = f"{d.loc}: {d.message}" + (f"\nhint: {d.hint}" if d.hint else "")
        if d.severity == "info":
            etree.SubElement(case, "system-out").text = text
        else:
            fail = etree.SubElement(case, "failure", type=d.severity, message=d.message)
            fail.text = text
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()


REPORTERS = ("text", "json", "github", "sarif", "junit")
