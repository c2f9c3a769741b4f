"""`import-report.md`: what was imported to what, what stays raw, what changed or is missing.
The same findings are the import's diagnostics."""

from __future__ import annotations

from collections import Counter

from moocforge.diagnostics import Diagnostic
from moocforge.importers.olx.context import Context
from moocforge.importers.olx.plan import Finding, PlannedWeek
from moocforge.model import Loc

REPORT_FILE = "import-report.md"


def diagnostics(findings: list[Finding], source: str) -> list[Diagnostic]:
    return [Diagnostic(f.code, f.severity, f.message,  # type: ignore[arg-type]
                       Loc(_source_path(source, f.file), f.line, 1 if f.line else 0),
                       f.hint, rule="import", item=f.item) for f in findings]


def _source_path(source: str, file: str) -> str:
    return f"{source}/{file}" if file else source


def report_markdown(ctx: Context, weeks: list[PlannedWeek], source: str,
                    merged: list[tuple[str, str]], findings: list[Finding],
                    sources: dict[int, str] | None = None) -> str:
    """The report; `sources` names the export of a finding about a merged one (by id)."""
    sources = sources or {}
    kinds = Counter(item.kind for week in weeks for lesson in week.lessons
                    for unit in lesson.units for item in unit.items)
    blocks = Counter(block.tag for block in ctx.export.blocks())
    lines = ["# Import report", "",
             f"Imported from `{source}` (run `{ctx.export.run}`, language `{ctx.lang}`"
             + "".join(f", `{lang}` from `{name}`" for lang, name in merged)
             + ") by `moocforge import olx`.", "",
             "## What became what", "",
             "| OLX blocks | count |", "| --- | --- |"]
    lines += [f"| `{tag}` | {n} |" for tag, n in sorted(blocks.items())]
    lines += ["", "| moocforge | count |", "| --- | --- |",
              f"| weeks | {len(weeks)} |",
              f"| lessons | {sum(len(w.lessons) for w in weeks)} |",
              f"| units | {sum(len(lsn.units) for w in weeks for lsn in w.lessons)} |"]
    lines += [f"| {kind} items | {n} |" for kind, n in sorted(kinds.items())]
    lines += ["", "## Kept as raw OLX", ""]
    if ctx.raw_items:
        lines += ["Re-emitted verbatim by the OLX writer; shown as a placeholder on the site; "
                  "a loss in the Coursera kit.", "",
                  "| block | id | source file | kept in |", "| --- | --- | --- | --- |"]
        lines += [f"| `{b.tag}` | `{b.url_name}` | `{b.file}:{b.line}` | `{kept}` |"
                  for b, kept in ctx.raw_items]
    else:
        lines.append("Nothing: every block became a moocforge item.")
    unused = ctx.statics.unused()
    lines += ["", "## Static files not imported", ""]
    lines += [f"- `static/{name}` (no page or block of the course uses it)" for name in unused] \
        or ["None: every file of `static/` is used."]
    lines += ["", "## Findings", ""]
    if findings:
        lines += ["| code | severity | where | what |", "| --- | --- | --- | --- |"]
        lines += [f"| {f.code} | {f.severity} | `{_where(f, sources)}` | {_cell(f.message)} |"
                  for f in findings]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _where(finding: Finding, sources: dict[int, str]) -> str:
    file = finding.file
    if id(finding) in sources:  # a merged export's: its name first
        file = _source_path(sources[id(finding)], file)
    return f"{file}:{finding.line}" if finding.line else file


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

