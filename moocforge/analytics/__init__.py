"""Learner analytics: Open edX tracking logs and grade reports → the team's metrics.

`ingest` loads logs and CSV reports into DuckDB, `compute` runs the portable metric SQL,
`write_outputs` / `format_summary` report, `stats_diagnostics` feeds findings back to lint
and `synthetic.generate` writes realistic test data for a course.
"""

from moocforge.analytics.diagnose import Thresholds, stats_diagnostics
from moocforge.analytics.ingest import IngestReport, ingest
from moocforge.analytics.metrics import ALL, Stats, compute
from moocforge.analytics.report import format_summary, write_outputs

__all__ = ["ALL", "IngestReport", "Stats", "Thresholds", "compute", "format_summary", "ingest",
           "stats_diagnostics", "write_outputs"]
