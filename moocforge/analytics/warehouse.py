"""The same metrics computed inside ClickHouse, on Open edX Aspects' xAPI table.

`analyse(scopes, backend, inputs)` loads the course-side tables and the CSV reports as
temporary tables, turns the xAPI statements of these runs into the fact tables with one
GROUP BY pushed to ClickHouse (filtered to the runs' course keys in the scan), runs the
metric SQL of metrics.py there, and fetches only the results: a platform with millions of
learners gets its figures without exporting a log. The backend is a clickhouse-connect
client (`--warehouse clickhouse://user:password@host:8123`) or chDB in-process.
"""

from __future__ import annotations

from collections.abc import Sequence

from moocforge.analytics import xapi
from moocforge.analytics.backend import Backend
from moocforge.analytics.facts import build_facts
from moocforge.analytics.metrics import run_metrics
from moocforge.analytics.paths import PathStep, measure_paths
from moocforge.analytics.results import IngestReport, Stats, collect
from moocforge.analytics.scope import RunScope
from moocforge.analytics.session import Inputs, ingest_diagnostics, load_reports, load_scope
from moocforge.diagnostics import Diagnostic

ASPECTS_TABLE = "xapi.xapi_events_all"


def analyse(scopes: Sequence[RunScope], backend: Backend, inputs: Inputs | None = None,
            table: str = ASPECTS_TABLE, paths: Sequence[PathStep] = ()
            ) -> tuple[Stats, list[Diagnostic]]:
    load_scope(backend, scopes)
    diagnostics = load_reports(backend, scopes, inputs or Inputs())
    keys = sorted({k for s in scopes for k in s.platform_keys()})
    build_facts(backend, xapi.clickhouse_stream_sql(table, keys))
    run_metrics(backend)
    report = IngestReport(sources=[f"xAPI in ClickHouse ({table})"], files=[table])
    stats = collect(backend, report)
    stats.paths = measure_paths(backend, paths)
    return stats, diagnostics + ingest_diagnostics(stats, scopes)
