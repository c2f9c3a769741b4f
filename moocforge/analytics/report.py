"""Reporters for a `Stats`: terminal summary, CSV / JSON exports, offline HTML report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from moocforge.analytics import charts
from moocforge.analytics.diagnose import Thresholds
from moocforge.analytics.metrics import ALL
from moocforge.analytics.results import Stats
from moocforge.writers.output import atomic_dir

HEADLINE = (("enrolled", "Enrolled", None), ("started", "Started", "started_rate"),
            ("persistent", "Persistent", "persistent_rate"), ("passed", "Passed", "passed_rate"))
ITEM_COLUMNS = ("grp", "ord", "week", "item_id", "kind", "title", "loc", "graded", "opened",
                "attempted", "completed", "mean_score", "mean_attempts", "difficulty", "plays",
                "video_completion", "report_mean_score", "reached", "stopped_here", "stop_rate")
WEEK_COLUMNS = ("grp", "week", "title", "active", "items_opened", "graded_submitted", "dropoff")
SUMMARY_COLUMNS = ("grp", "enrolled", "started", "started_rate", "persistent",
                   "persistent_rate", "passed", "passed_rate", "passed_persistent",
                   "pass_rate_persistent")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def num(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def _clean(value: object) -> object:
    return round(value, 6) if isinstance(value, float) else value


# ----------------------------------------------------------------------------- terminal


def format_summary(stats: Stats, top: int = 5) -> str:
    out = io.StringIO()
    out.write(f"Learner statistics — {stats.course_id} (pass threshold "
              f"{stats.pass_threshold:.0%})\n\n")
    width = max([len(g) for g in stats.groups] + [14])
    out.write(" " * 34 + "".join(f"{g:>{width + 2}}" for g in stats.groups) + "\n")
    for key, label, rate in HEADLINE:
        cells = []
        for g in stats.groups:
            row = stats.summary[g]
            text = num(row[key]) + (f" ({pct(row[rate])})" if rate and row[key] is not None
                                    else "")
            cells.append(f"{text:>{width + 2}}")
        out.write(f"  {label:<32}" + "".join(cells) + "\n")
    out.write(f"  {'Pass rate of persistent learners':<32}" + "".join(
        f"{pct(stats.summary[g]['pass_rate_persistent']):>{width + 2}}" for g in stats.groups)
        + "\n\nWeeks (all learners): active · items opened · graded submitted · drop-off\n")
    for w in stats.weeks_of(ALL):
        out.write(f"  W{w['week']:<2} {w['title'][:36]:<36} {w['active']:>8} "
                  f"{w['items_opened']:>9} {w['graded_submitted']:>8} {pct(w['dropoff']):>9}\n")
    problems = sorted((r for r in stats.items_of(ALL) if r["difficulty"] is not None),
                      key=lambda r: (-r["difficulty"], r["ord"]))[:top]
    if problems:
        out.write("\nHardest items (difficulty = 1 − mean first-attempt score):\n")
        for r in problems:
            out.write(f"  {pct(r['difficulty']):>8}  {r['title'][:40]:<40} {r['loc']}\n")
    videos = sorted((r for r in stats.items_of(ALL) if r["video_completion"] is not None),
                    key=lambda r: (r["video_completion"], r["ord"]))[:top]
    if videos:
        out.write("\nLeast completed videos (share of viewers reaching the end):\n")
        for r in videos:
            out.write(f"  {pct(r['video_completion']):>8}  {r['title'][:40]:<40} {r['loc']}\n")
    ing = stats.ingest
    out.write(f"\nRead {ing.lines} log line(s) from {len(ing.files)} file(s): "
              f"{ing.course_events} for this course, {ing.malformed} malformed, "
              f"{ing.unknown_block_events} on unknown blocks, {ing.other_course} for other "
              f"courses, {ing.anonymous} anonymous.\n")
    return out.getvalue()


# ----------------------------------------------------------------------------- files


def _csv_text(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _clean(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_json(stats: Stats) -> str:
    data = {
        "course": stats.course_id, "pass_threshold": stats.pass_threshold,
        "groups": stats.groups,
        "summary": [{k: _clean(v) for k, v in stats.summary[g].items()} for g in stats.groups],
        "weeks": [{k: _clean(v) for k, v in r.items()} for r in stats.weeks],
        "items": [{k: _clean(v) for k, v in r.items()} for r in stats.items],
        "ingest": stats.ingest.to_dict(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_outputs(stats: Stats, out_dir: Path, thresholds: Thresholds | None = None) -> list[Path]:
    """summary.json, summary.csv, weeks.csv, items.csv and report.html, written atomically."""
    files = {
        "summary.json": to_json(stats),
        "summary.csv": _csv_text([stats.summary[g] for g in stats.groups], SUMMARY_COLUMNS),
        "weeks.csv": _csv_text(stats.weeks, WEEK_COLUMNS),
        "items.csv": _csv_text(stats.items, ITEM_COLUMNS),
        "report.html": html_report(stats, thresholds or Thresholds()),
    }
    with atomic_dir(out_dir) as staging:
        for name, text in files.items():
            (staging / name).write_text(text, "utf-8", newline="\n")
    return [out_dir / name for name in files]


# ----------------------------------------------------------------------------- HTML

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1a202c}
table{border-collapse:collapse;margin:1rem 0;font-size:14px}
th,td{border:1px solid #cbd5e0;padding:4px 8px;text-align:right}
th:first-child,td:first-child,td.text{text-align:left}
thead th{background:#edf2f7} code{font-size:12px;color:#4a5568}
section{margin:2rem 0} svg.chart{display:block;max-width:100%;height:auto}
"""


def html_report(stats: Stats, thresholds: Thresholds) -> str:
    body = E.BODY(
        E.H1(f"Learner statistics — {stats.course_id}"),
        E.P(f"Pass threshold {stats.pass_threshold:.0%}. {stats.ingest.course_events} "
            f"events read for this course ({stats.ingest.malformed} malformed lines, "
            f"{stats.ingest.unknown_block_events} events on unknown blocks)."),
        _headline_section(stats), _weeks_section(stats), _difficulty_section(stats, thresholds),
        _video_section(stats, thresholds), _items_section(stats))
    page = E.HTML(E.HEAD(E.META(charset="utf-8"),
                         E.TITLE(f"Learner statistics — {stats.course_id}"), E.STYLE(STYLE)),
                  body, lang="en")
    return "<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="unicode") + "\n"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], text_cols: int = 1
           ) -> etree._Element:
    table = E.TABLE(E.THEAD(E.TR(*[E.TH(h) for h in head])))
    tbody = etree.SubElement(table, "tbody")
    for row in rows:
        tr = etree.SubElement(tbody, "tr")
        for c, cell in enumerate(row):
            td = etree.SubElement(tr, "td", {"class": "text"} if c < text_cols else {})
            td.text = cell
    return table


def _headline_section(stats: Stats) -> etree._Element:
    rows = []
    for key, label, rate in HEADLINE:
        rows.append([label] + [num(stats.summary[g][key]) + (
            f" ({pct(stats.summary[g][rate])})" if rate and stats.summary[g][key] is not None
            else "") for g in stats.groups])
    rows.append(["Pass rate of persistent learners"]
                + [pct(stats.summary[g]["pass_rate_persistent"]) for g in stats.groups])
    return E.SECTION(E.H2("Headline"), _table(["", *stats.groups], rows), id="headline")


def _weeks_section(stats: Stats) -> etree._Element:
    section = E.SECTION(E.H2("Weekly funnel"), id="funnel")
    for g in stats.groups:
        weeks = stats.weeks_of(g)
        section.append(charts.grouped_columns(
            f"chart-funnel-{len(section)}", f"Weekly funnel — {g}",
            [f"W{w['week']}" for w in weeks],
            [("active learners", [w["active"] for w in weeks]),
             ("graded activity submitted", [w["graded_submitted"] for w in weeks])],
            notes=[f"−{w['dropoff']:.0%}" if w["dropoff"] else "" for w in weeks]))
        section.append(_table(
            [f"Week — {g}", "Active learners", "Items opened", "Graded submitted",
             "Drop-off"],
            [[f"{w['week']}. {w['title']}", num(w["active"]), num(w["items_opened"]),
              num(w["graded_submitted"]), pct(w["dropoff"])] for w in weeks]))
    return section


def _difficulty_section(stats: Stats, thresholds: Thresholds) -> etree._Element:
    rows = [(r["title"], r["difficulty"]) for r in stats.items_of(ALL)
            if r["kind"] in ("quiz", "exercise")]
    return E.SECTION(
        E.H2("Difficulty per item"),
        E.P("Difficulty = 1 − mean score fraction on the first attempt."),
        charts.horizontal_bars("chart-difficulty", "Difficulty per quiz and exercise", rows,
                               threshold=thresholds.difficulty, colour=charts.BAR_COLOURS[1]),
        id="difficulty")


def _video_section(stats: Stats, thresholds: Thresholds) -> etree._Element:
    rows = [(r["title"], r["video_completion"]) for r in stats.items_of(ALL)
            if r["kind"] == "video"]
    return E.SECTION(
        E.H2("Video completion"),
        E.P("Share of the learners who played a video and watched at least 95 % of it or up "
            "to 30 s before its end."),
        charts.horizontal_bars("chart-video", "Video completion", rows,
                               threshold=thresholds.video_completion,
                               colour=charts.BAR_COLOURS[2], alert_above=False),
        id="videos")


def _items_section(stats: Stats) -> etree._Element:
    head = ["Item", "Source", "Opened", "Attempted", "Completed", "Mean score",
            "Mean attempts", "Difficulty", "Plays", "Video completion", "Stopped here"]
    rows = [[f"W{r['week']} · {r['title']} ({r['kind']})", r["loc"], num(r["opened"]),
             num(r["attempted"]), num(r["completed"]), pct(r["mean_score"]),
             num(r["mean_attempts"]), pct(r["difficulty"]), num(r["plays"]),
             pct(r["video_completion"]), pct(r["stop_rate"])] for r in stats.items_of(ALL)]
    return E.SECTION(E.H2("Items"), _table(head, rows, text_cols=2), id="items")
