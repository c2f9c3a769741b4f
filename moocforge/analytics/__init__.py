"""Learner analytics: platform data → the team's metrics, per course × run.

`session.analyse(scopes, db, inputs)` reads Open edX tracking logs, xAPI statements or a
Coursera data export plus the dashboard's CSV reports into DuckDB and computes `Stats`
(one `RunStats` per course × run); `warehouse.analyse` computes the same with the SQL pushed
to ClickHouse; `write_outputs` / `format_summary` report; `stats_diagnostics` feeds findings
back to lint; `synthetic.generate` writes realistic test data for a course.
"""

from moocforge.analytics.diagnose import Thresholds, stats_diagnostics
from moocforge.analytics.metrics import ALL, NO_COHORT
from moocforge.analytics.report import format_summary, write_outputs
from moocforge.analytics.results import IngestReport, RunStats, Stats
from moocforge.analytics.scope import RunScope, make_scopes, select_runs
from moocforge.analytics.session import Inputs, analyse, compute, ingest

__all__ = ["ALL", "NO_COHORT", "IngestReport", "Inputs", "RunScope", "RunStats", "Stats",
           "Thresholds", "analyse", "compute", "format_summary", "ingest", "make_scopes",
           "select_runs", "stats_diagnostics", "write_outputs"]
