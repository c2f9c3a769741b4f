"""Benchmark: `moocforge stats` on 10 M tracking-log events, next to DuckDB's own floors.

    python benchmarks/bench_analytics.py [--events 10000000] [--workers 2]

Synthetic tracking logs for a 5-week course (the generator emits the platform's real
shapes, noise included) are written once into a cache folder (`--cache`, default
/tmp/moocforge-bench-analytics; generation is not timed): about 29 events per learner, so
10 M events ≈ 340,000 learners, the scale of a 25-course catalogue. Timed, each in a fresh
process so that its peak memory (ru_maxrss) is its own, in the same run:

1. floor `count(*)`: DuckDB reads every line of the same files (one projected column);
2. floor `GROUP BY`: DuckDB's `SELECT username, event_type, count(*) … GROUP BY ALL`;
3. `moocforge stats` (read, filter, resolve, aggregate, every metric) with the default
   `--memory-limit 2GiB`, then with `--memory-limit 1GiB` — and the two must give the same
   figures.

Results go to benchmarks/results/analytics.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate as make_course
from moocforge.load import load_course

EVENTS_PER_LEARNER = 29.0  # measured mean of the synthetic generator on this course
WEEKS, ITEMS_PER_WEEK = 5, 5
DATA_VERSION = "v2-real-shapes"
RESULTS = Path(__file__).resolve().parent / "results" / "analytics.md"


def _shard(args: tuple[str, Path, int, int, int]) -> tuple[int, int, int]:
    from moocforge.analytics.synthetic import generate

    course_dir, out, learners, first, seed = args
    course = load_course(course_dir).course
    result = generate(course, out, learners=learners, seed=seed, first_learner=first)
    return result.events, result.malformed, result.duplicates


def prepare_data(cache: Path, events: int, workers: int) -> dict:
    """Course + logs (+ grade report), generated once per size and reused."""
    folder = cache / f"{DATA_VERSION}-events-{events}"
    marker = folder / "done.json"
    if marker.is_file():
        return json.loads(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    course_dir = make_course(folder / "course", weeks=WEEKS, items=ITEMS_PER_WEEK)
    learners = max(int(events / EVENTS_PER_LEARNER), workers)
    per = learners // workers
    jobs = [(str(course_dir), folder / f"shard{k}", per if k < workers - 1
             else learners - per * (workers - 1), k * per, 1000 + k) for k in range(workers)]
    start = time.perf_counter()
    with mp.get_context("spawn").Pool(workers) as pool:
        counts = pool.map(_shard, jobs)
    grades = sorted((folder / "shard0").glob("*_grade_report.csv"))[0]
    merged = folder / grades.name
    with merged.open("w", encoding="utf-8") as out:
        for k in range(workers):
            report = next((folder / f"shard{k}").glob("*_grade_report.csv"))
            lines = report.read_text("utf-8").splitlines(True)
            out.writelines(lines if k == 0 else lines[1:])
    logs = [str(folder / f"shard{k}" / "logs") for k in range(workers)]
    info = {"course": str(course_dir), "logs": logs, "grades": str(merged),
            "learners": learners, "events": sum(c[0] for c in counts),
            "malformed": sum(c[1] for c in counts), "duplicates": sum(c[2] for c in counts),
            "bytes": sum(p.stat().st_size for d in logs for p in Path(d).iterdir()),
            "generation_s": round(time.perf_counter() - start, 1)}
    marker.write_text(json.dumps(info))
    return info


# ----------------------------------------------------------------------------- measured runs


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _files(logs: list[str]) -> str:
    paths = sorted(str(p) for d in logs for p in Path(d).iterdir())
    return "[" + ", ".join(f"'{p}'" for p in paths) + "]"


def run_floor(kind: str, logs: list[str], queue: mp.Queue) -> None:
    columns = "{'username': 'VARCHAR'}" if kind == "count" else \
        "{'username': 'VARCHAR', 'event_type': 'VARCHAR'}"
    source = (f"read_json({_files(logs)}, format = 'newline_delimited', ignore_errors = true, "
              f"columns = {columns})")
    sql = f"SELECT count(*) FROM {source}" if kind == "count" else \
        f"SELECT count(*) FROM (SELECT username, event_type, count(*) FROM {source} GROUP BY ALL)"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    cpu0, start = _cpu_s(), time.perf_counter()
    rows = con.execute(sql).fetchone()[0]
    queue.put({"wall_s": time.perf_counter() - start, "cpu_s": _cpu_s() - cpu0,
               "peak_mib": _peak_mib(), "rows": int(rows), "load": os.getloadavg()[0]})


def run_stats(course_dir: str, logs: list[str], grades: str, db: str, memory_limit: str,
              queue: mp.Queue) -> None:
    from moocforge.analytics import ALL, Inputs, analyse, make_scopes

    course = load_course(course_dir).course
    Path(db).unlink(missing_ok=True)
    cpu0, start = _cpu_s(), time.perf_counter()
    stats, _ = analyse(make_scopes([(course, course.runs[0])]), db,
                       Inputs(logs=[Path(p) for p in logs], grades=[grades]),
                       memory_limit=memory_limit)
    wall = time.perf_counter() - start
    run = stats.runs[0]
    queue.put({"wall_s": wall, "cpu_s": _cpu_s() - cpu0, "peak_mib": _peak_mib(),
               "lines": stats.ingest.lines, "summary": run.summary[ALL],
               "figures": json.dumps([run.summary, run.items, run.weeks], sort_keys=True,
                                     default=str),
               "duplicates": stats.ingest.duplicates, "malformed": stats.ingest.malformed,
               "load": os.getloadavg()[0], "db_mib": Path(db).stat().st_size / 2**20})


def in_child(target, *args) -> dict:
    context = mp.get_context("spawn")
    queue: mp.Queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


# ----------------------------------------------------------------------------- report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _row(label: str, run: dict, lines: int, floor: dict) -> str:
    return "| " + " | ".join([
        label, f"{run['wall_s']:.1f}", f"{run['wall_s'] / floor['wall_s']:.2f}×",
        f"{lines / run['wall_s']:,.0f}", f"{run['cpu_s']:.1f}",
        f"{run['cpu_s'] / floor['cpu_s']:.1f}×", f"{run['peak_mib']:,.0f}",
        f"{run['load']:.1f}"]) + " |"


def write_results(info: dict, floors: dict, runs: dict, same: bool) -> str:
    lines = info["events"] + info["malformed"] + info["duplicates"]
    group = floors["group"]
    table = "\n".join([
        "| Run | Wall s | × GROUP BY floor | Lines / s | CPU s | × floor CPU | Peak RSS MiB "
        "| Load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row("floor: DuckDB `count(*)` over the files", floors["count"], lines, group),
        _row("floor: DuckDB `GROUP BY username, event_type`", group, lines, group),
        _row("`moocforge stats`, `--memory-limit 2GiB` (default)", runs["2GiB"], lines, group),
        _row("`moocforge stats`, `--memory-limit 1GiB`", runs["1GiB"], lines, group),
    ])
    s = runs["2GiB"]["summary"]
    text = f"""# Analytics benchmark (`moocforge stats`)

Machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()},
DuckDB {duckdb.__version__}, {platform.system()} {platform.release()}.
Command: `python benchmarks/bench_analytics.py --events {info['events_target']}`.

Synthetic data (generated once, not timed; {info['generation_s']} s on {info['workers']}
processes), in the platform's real shapes: a {WEEKS}-week course of
{ITEMS_PER_WEEK * WEEKS + 1} items, {info['learners']:,} learners, {info['events']:,} events
plus {info['malformed']} malformed and {info['duplicates']} duplicated lines, in
{info['bytes'] / 2**30:.2f} GiB of plain JSON-lines daily files, and the grade report.

{table}

- `moocforge stats` = find and sniff the files, read every line once with the projected
  columns, parse the `event` payload, filter to the course's runs and resolve block ids in
  the scan, aggregate to one row per learner × item (nothing is stored line by line), read
  the grade report, then every metric for every item, week and group.
- Same figures under both memory limits: **{'yes' if same else 'NO'}** (summary, items and
  weeks compared as JSON). Enrolled {s['enrolled']:,}, started {s['started']:,},
  persistent {s['persistent']:,}, passed {s['passed']:,}; {runs['2GiB']['duplicates']}
  duplicated plays / submissions / posts counted once, {runs['2GiB']['malformed']}
  malformed lines.
  Database after ingest: {runs['2GiB']['db_mib']:,.0f} MiB.
- Peak RSS is each run's own process (ru_maxrss), measured in a fresh process per run;
  CPU s is that process's user + system time (DuckDB uses every core). "Load avg" is the
  1-minute load average when the run ended: above the core count, other work inflated the
  wall-clock figures.
"""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, "utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/moocforge-bench-analytics"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    info = prepare_data(args.cache, args.events, args.workers)
    info.update(events_target=args.events, workers=args.workers)
    print(f"data: {info['events']:,} events, {info['learners']:,} learners "
          f"(generated in {info['generation_s']} s)", flush=True)
    floors = {kind: in_child(run_floor, kind, info["logs"]) for kind in ("count", "group")}
    print(f"floors: {floors}", flush=True)
    db = str(args.cache / "bench.duckdb")
    runs = {}
    for limit in ("2GiB", "1GiB"):
        runs[limit] = in_child(run_stats, info["course"], info["logs"], info["grades"], db,
                               limit)
        print(f"stats {limit}: " + str({k: v for k, v in runs[limit].items()
                                        if k != "figures"}), flush=True)
    Path(db).unlink(missing_ok=True)
    same = runs["2GiB"]["figures"] == runs["1GiB"]["figures"]
    print(write_results(info, floors, runs, same))


if __name__ == "__main__":
    main()
