"""Reporters for `Stats`: terminal summary, CSV / JSON exports, offline HTML report.

Every percentage is shown beside its count and names its denominator; the HTML report has
the school's table (one row per course × run), then per run its dates and platform runs,
a funnel enrolled → started → persistent → passed for every learner group (cohort), the
weekly funnel, difficulty and video charts, the item table with "stopped here" counts, and
a run-over-run comparison per item when there are several runs. Text is escaped by lxml.
"""

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
from moocforge.analytics.paths import PATH_COLUMNS, PathStats
from moocforge.analytics.results import SUMMARY_KEYS, RunStats, Stats
from moocforge.output import atomic_dir

FUNNEL = (("enrolled", "Enrolled (ever)", None), ("started", "Started", "started_rate"),
          ("persistent", "Persistent", "persistent_rate"), ("passed", "Passed", "passed_rate"))
ITEM_COLUMNS = ("course", "run", "grp", "ord", "week", "item_id", "kind", "title", "loc",
                "graded", "opened", "attempted", "completed", "mean_score", "mean_attempts",
                "difficulty", "plays", "video_completion", "report_mean_score",
                "stopped_here", "stop_rate")
WEEK_COLUMNS = ("course", "run", "grp", "week", "title", "active", "items_opened",
                "graded_submitted", "dropoff")
SUMMARY_COLUMNS = ("course", "run", "grp", *SUMMARY_KEYS)
RUN_COLUMNS = ("course", "run", "title", "start", "end", "platform_runs", "pass_rule",
               *SUMMARY_KEYS)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def num(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def count_pct(count: int | None, rate: float | None) -> str:
    return "—" if count is None else f"{count} ({pct(rate)})"


def _clean(value: object) -> object:
    return round(value, 6) if isinstance(value, float) else value


# ----------------------------------------------------------------------------- terminal


def format_summary(stats: Stats, top: int = 5) -> str:
    out = io.StringIO()
    if len(stats.runs) > 1:
        out.write("Runs (all learners): enrolled · started · persistent · passed · "
                  "pass rate of persistent\n")
        rows = stats.table()
        width = max(len(f"{r['course']} {r['run']}") for r in rows)
        for row in rows:
            out.write(f"  {row['course'] + ' ' + row['run']:<{width}} {row['enrolled']:>8} "
                      f"{count_pct(row['started'], row['started_rate']):>18} "
                      f"{count_pct(row['persistent'], row['persistent_rate']):>18} "
                      f"{count_pct(row['passed'], row['passed_rate']):>18} "
                      f"{pct(row['pass_rate_persistent']):>9}\n")
        out.write("\n")
    for run in stats.runs:
        _run_summary(out, run, top)
    for path in stats.paths:
        _path_summary(out, path)
    ing = stats.ingest
    out.write(f"Read {ing.lines} event(s) from {len(ing.files)} file(s) "
              f"({', '.join(ing.sources) or 'reports only'}): {ing.course_events} for these "
              f"runs, {ing.duplicates} duplicated play(s) / submission(s) / post(s) counted "
              "once; left out: "
              + (", ".join(f"{r['reason']} {r['events']}" for r in _left_out(ing.ignored))
                 or "nothing") + ".\n")
    return out.getvalue()


def _left_out(ignored: list[dict]) -> list[dict]:
    totals: dict[str, int] = {}
    for row in ignored:
        totals[row["reason"]] = totals.get(row["reason"], 0) + int(row["events"] or 0)
    return [{"reason": k, "events": v} for k, v in sorted(totals.items())]


def _run_summary(out: io.StringIO, run: RunStats, top: int) -> None:
    out.write(f"Learner statistics — {run.course_id} {run.run_id} ({run.start} → "
              f"{run.end or '…'}; platform runs {', '.join(run.platform_runs)}; passed: "
              f"{run.pass_rule}, threshold {run.pass_threshold:.0%})\n\n")
    width = max([len(g) for g in run.groups] + [16])
    out.write(" " * 34 + "".join(f"{g:>{width + 2}}" for g in run.groups) + "\n")
    for key, label, rate in FUNNEL:
        cells = [count_pct(run.summary[g][key], run.summary[g][rate]) if rate
                 else num(run.summary[g][key]) for g in run.groups]
        out.write(f"  {label:<32}" + "".join(f"{c:>{width + 2}}" for c in cells) + "\n")
    out.write(f"  {'Enrolled at the end':<32}" + "".join(
        f"{num(run.summary[g]['enrolled_end']):>{width + 2}}" for g in run.groups) + "\n")
    out.write(f"  {'Pass rate of persistent learners':<32}" + "".join(
        f"{pct(run.summary[g]['pass_rate_persistent']):>{width + 2}}" for g in run.groups)
        + "\n  (rates over learners ever enrolled)\n\nWeeks (all learners): active · "
        "items opened · graded submitted · drop-off\n")
    for w in run.weeks_of(ALL):
        out.write(f"  W{w['week']:<2} {w['title'][:36]:<36} {w['active']:>8} "
                  f"{w['items_opened']:>9} {w['graded_submitted']:>8} {pct(w['dropoff']):>9}\n")
    problems = sorted((r for r in run.items_of(ALL) if r["difficulty"] is not None),
                      key=lambda r: (-r["difficulty"], r["ord"]))[:top]
    if problems:
        out.write("\nHardest items (difficulty = 1 − mean first-attempt score):\n")
        for r in problems:
            out.write(f"  {pct(r['difficulty']):>8}  {r['title'][:40]:<40} {r['loc']}\n")
    stops = sorted((r for r in run.items_of(ALL) if r["stopped_here"]),
                   key=lambda r: (-r["stopped_here"], r["ord"]))[:top]
    if stops:
        out.write("\nWhere learners stopped (their last activity):\n")
        for r in stops:
            out.write(f"  {r['stopped_here']:>6} of {r['opened']:<6} {r['title'][:40]:<40} "
                      f"{r['loc']}\n")
    out.write("\n")


def _path_summary(out: io.StringIO, path: PathStats) -> None:
    out.write(f"Path {path.program_id} — {path.title}: {path.completed} learner(s) passed "
              "every required course\n  step  course                 enrolled  started   "
              "passed   of the passed before: enrolled · started · passed\n")
    for s in path.steps:
        after = "" if s["passed_previous"] is None else (
            f"{count_pct(s['from_previous'], s['continued_rate']):>14} "
            f"{count_pct(s['from_previous_started'], s['started_after_rate']):>14} "
            f"{count_pct(s['from_previous_passed'], s['passed_after_rate']):>14}")
        out.write(f"  {s['pos']:>4}  {s['course'][:22]:<22} {s['enrolled']:>8} "
                  f"{s['started']:>8} {s['passed']:>8}   {after}\n")
    out.write("\n")


# ----------------------------------------------------------------------------- files


def _csv_text(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _clean(row.get(c)) for c in columns])
    return buffer.getvalue()


def _tagged(run: RunStats, rows: Sequence[dict]) -> list[dict]:
    return [{"course": run.course_id, "run": run.run_id, **r} for r in rows]


def to_json(stats: Stats) -> str:
    data = {
        "runs": [{
            "course": r.course_id, "run": r.run_id, "title": r.title, "start": r.start,
            "end": r.end, "platform_runs": r.platform_runs, "pass_rule": r.pass_rule,
            "pass_threshold": r.pass_threshold, "lang": r.lang, "groups": r.groups,
            "summary": [{"grp": g, **{k: _clean(v) for k, v in r.summary[g].items()}}
                        for g in r.groups],
            "weeks": [{k: _clean(v) for k, v in w.items()} for w in r.weeks],
            "items": [{k: _clean(v) for k, v in i.items()} for i in r.items],
        } for r in stats.runs],
        "comparison": [{**c, "runs": {k: {m: _clean(v) for m, v in x.items()}
                                      for k, x in c["runs"].items()}}
                       for c in stats.comparison()],
        "ingest": stats.ingest.to_dict(),
        "paths": [{"program": p.program_id, "title": p.title, "completed": p.completed,
                   "steps": [{k: _clean(v) for k, v in step.items()} for step in p.steps]}
                  for p in stats.paths],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_outputs(stats: Stats, out_dir: Path, thresholds: Thresholds | None = None) -> list[Path]:
    """summary.json, runs.csv, summary.csv, weeks.csv, items.csv, report.html and, for a
    catalogue with paths, paths.csv (atomically)."""
    summary = [{"course": r.course_id, "run": r.run_id, "grp": g, **r.summary[g]}
               for r in stats.runs for g in r.groups]
    files = {
        "summary.json": to_json(stats),
        "runs.csv": _csv_text(stats.table(), RUN_COLUMNS),
        "summary.csv": _csv_text(summary, SUMMARY_COLUMNS),
        "weeks.csv": _csv_text([w for r in stats.runs for w in _tagged(r, r.weeks)],
                               WEEK_COLUMNS),
        "items.csv": _csv_text([i for r in stats.runs for i in _tagged(r, r.items)],
                               ITEM_COLUMNS),
        "report.html": html_report(stats, thresholds or Thresholds()),
    }
    if stats.paths:
        files["paths.csv"] = _csv_text([r for p in stats.paths for r in p.rows()],
                                       PATH_COLUMNS)
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
p.note{color:#4a5568;font-size:13px}
"""


def html_report(stats: Stats, thresholds: Thresholds) -> str:
    title = "Learner statistics — " + ", ".join(sorted({r.course_id for r in stats.runs}))
    body = E.BODY(E.H1(title), _sources(stats), _runs_table(stats))
    for index, run in enumerate(stats.runs, start=1):
        body.append(_run_section(run, index, thresholds))
    if len(stats.runs) > 1:
        body.append(_comparison(stats))
    if stats.paths:
        body.append(_paths(stats))
    lang = stats.runs[0].lang if stats.runs else "en"
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(STYLE)), body,
                  lang=lang)
    return "<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="unicode") + "\n"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], text_cols: int = 1,
           css_id: str | None = None) -> etree._Element:
    table = E.TABLE(E.THEAD(E.TR(*[E.TH(h) for h in head])))
    if css_id:
        table.set("id", css_id)
    tbody = etree.SubElement(table, "tbody")
    for row in rows:
        tr = etree.SubElement(tbody, "tr")
        for c, cell in enumerate(row):
            td = etree.SubElement(tr, "td", {"class": "text"} if c < text_cols else {})
            td.text = cell
    return table


def _sources(stats: Stats) -> etree._Element:
    ing = stats.ingest
    left = "; ".join(f"{r['reason']}: {r['events']}" for r in _left_out(ing.ignored))
    return E.P(f"Data: {', '.join(ing.sources) or 'reports only'} — {ing.lines} events read "
               f"from {len(ing.files)} file(s), {ing.course_events} for these runs, "
               f"{ing.duplicates} duplicated plays / submissions / posts counted once. Left out: "
               f"{left or 'nothing'}.",
               {"class": "note"})


def _runs_table(stats: Stats) -> etree._Element:
    rows = [[f"{r['course']} {r['run']}", f"{r['start']} → {r['end'] or '…'}",
             num(r["enrolled"]), count_pct(r["started"], r["started_rate"]),
             count_pct(r["persistent"], r["persistent_rate"]),
             count_pct(r["passed"], r["passed_rate"]), pct(r["pass_rate_persistent"]),
             r["pass_rule"]] for r in stats.table()]
    head = ["Course run", "Dates", "Enrolled (ever)", "Started", "Persistent", "Passed",
            "Pass rate of persistent", "Passed rule"]
    return E.SECTION(E.H2("Runs"), _table(head, rows, text_cols=2, css_id="runs-table"),
                     E.P("Rates over learners ever enrolled; summary.csv also gives them "
                         "over learners enrolled at the end.", {"class": "note"}), id="runs")


def _run_section(run: RunStats, index: int, thresholds: Thresholds) -> etree._Element:
    section = E.SECTION(
        E.H2(f"{run.title} — {run.run_id}"),
        E.P(f"{run.start} → {run.end or '…'} · platform runs {', '.join(run.platform_runs)} · "
            f"passed: {run.pass_rule} rule, threshold {run.pass_threshold:.0%}",
            {"class": "note"}), id=f"run-{index}")
    section.append(_headline(run, index))
    section.append(_funnel(run, index))
    section.append(_weeks(run, index))
    rows = [(r["title"], r["difficulty"]) for r in run.items_of(ALL)
            if r["kind"] in ("quiz", "exercise")]
    section.append(E.H3("Difficulty per item"))
    section.append(E.P("Difficulty = 1 − mean score fraction on the first attempt."))
    section.append(charts.horizontal_bars(f"chart-difficulty-{index}", "Difficulty per quiz "
                                          "and exercise", rows, threshold=thresholds.difficulty,
                                          colour=charts.BAR_COLOURS[1]))
    videos = [(r["title"], r["video_completion"]) for r in run.items_of(ALL)
              if r["kind"] == "video"]
    section.append(E.H3("Video completion"))
    section.append(E.P("Share of the learners who played a video and watched at least 95 % of "
                       "it or up to 30 s before its end (or whose player said it completed)."))
    section.append(charts.horizontal_bars(f"chart-video-{index}", "Video completion", videos,
                                          threshold=thresholds.video_completion,
                                          colour=charts.BAR_COLOURS[2], alert_above=False))
    section.append(_items(run, index))
    return section


def _headline(run: RunStats, index: int) -> etree._Element:
    rows = []
    for key, label, rate in FUNNEL:
        rows.append([label] + [count_pct(run.summary[g][key], run.summary[g][rate]) if rate
                               else num(run.summary[g][key]) for g in run.groups])
    rows.append(["Enrolled at the end"] + [num(run.summary[g]["enrolled_end"])
                                           for g in run.groups])
    rows.append(["Pass rate of persistent learners"] + [
        count_pct(run.summary[g]["passed_persistent"], run.summary[g]["pass_rate_persistent"])
        for g in run.groups])
    return E.DIV(E.H3("Headline per learner group"),
                 _table(["", *run.groups], rows, css_id=f"headline-{index}"))


def _funnel(run: RunStats, index: int) -> etree._Element:
    categories = [label for _, label, _ in FUNNEL]
    series = [(g, [run.summary[g][k] or 0 for k, _, _ in FUNNEL]) for g in run.groups]
    return E.DIV(E.H3("Funnel: enrolled → started → persistent → passed"),
                 charts.grouped_columns(f"chart-funnel-{index}", "Funnel per learner group",
                                        categories, series))


def _weeks(run: RunStats, index: int) -> etree._Element:
    box = E.DIV(E.H3("Weekly activity"))
    for g_index, g in enumerate(run.groups, start=1):
        weeks = run.weeks_of(g)
        box.append(charts.grouped_columns(
            f"chart-weeks-{index}-{g_index}", f"Weekly activity — {g}",
            [f"W{w['week']}" for w in weeks],
            [("active learners", [w["active"] for w in weeks]),
             ("graded activity submitted", [w["graded_submitted"] for w in weeks])],
            notes=[f"−{w['dropoff']:.0%}" if w["dropoff"] else "" for w in weeks]))
        box.append(_table(
            [f"Week — {g}", "Active learners", "Items opened", "Graded submitted", "Drop-off"],
            [[f"{w['week']}. {w['title']}", num(w["active"]), num(w["items_opened"]),
              num(w["graded_submitted"]), pct(w["dropoff"])] for w in weeks]))
    return box


def _items(run: RunStats, index: int) -> etree._Element:
    head = ["Item", "Source", "Opened", "Attempted", "Completed", "Mean score",
            "Mean attempts", "Difficulty", "Plays", "Video completion", "Stopped here"]
    rows = [[f"W{r['week']} · {r['title']} ({r['kind']})", r["loc"], num(r["opened"]),
             num(r["attempted"]), num(r["completed"]), pct(r["mean_score"]),
             num(r["mean_attempts"]), pct(r["difficulty"]), num(r["plays"]),
             pct(r["video_completion"]), count_pct(r["stopped_here"], r["stop_rate"])]
            for r in run.items_of(ALL)]
    return E.DIV(E.H3("Items"), E.P("Stopped here: learners whose last activity was this "
                                    "item (share of those who opened it); not counted from "
                                    "the last graded item on.", {"class": "note"}),
                 _table(head, rows, text_cols=2, css_id=f"items-{index}"))


def _paths(stats: Stats) -> etree._Element:
    section = E.SECTION(E.H2("Certifying paths"), E.P(
        "Per step: learners of the course (any run), started, passed (the course's rule and "
        "the path's minimum grade); then, of the learners who passed the step before, how "
        "many enrolled in this one, started it and passed it. Learners are matched by "
        "platform user id.", {"class": "note"}), id="paths")
    head = ["Step", "Required", "Min. grade", "Enrolled", "Started", "Passed",
            "Passed the step before", "… then enrolled", "… then started", "… then passed"]
    for index, path in enumerate(stats.paths, start=1):
        rows = [[f"{s['pos']}. {s['course']}", "yes" if s["required"] else "no",
                 pct(s["min_grade"]), num(s["enrolled"]), num(s["started"]), num(s["passed"]),
                 num(s["passed_previous"]),
                 *(["", "", ""] if s["passed_previous"] is None else [
                     count_pct(s["from_previous"], s["continued_rate"]),
                     count_pct(s["from_previous_started"], s["started_after_rate"]),
                     count_pct(s["from_previous_passed"], s["passed_after_rate"])])]
                for s in path.steps]
        section.append(E.H3(f"{path.title} ({path.program_id})"))
        section.append(_table(head, rows, css_id=f"path-{index}"))
        section.append(E.P(f"{path.completed} learner(s) passed every required course.",
                           {"class": "note"}))
    return section


def _comparison(stats: Stats) -> etree._Element:
    runs = [r.run_id for r in stats.runs]
    head = ["Item", *[f"{r}: difficulty" for r in runs], *[f"{r}: stopped here" for r in runs]]
    rows = []
    for entry in stats.comparison():
        cells = [entry["runs"].get(r, {}) for r in runs]
        rows.append([entry["title"], *[pct(c.get("difficulty")) for c in cells],
                     *[pct(c.get("stop_rate")) for c in cells]])
    return E.SECTION(E.H2("Run over run"), _table(head, rows, css_id="comparison"),
                     id="comparison")
