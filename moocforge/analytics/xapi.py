"""xAPI statements → the normalised event stream, in DuckDB (files) and in ClickHouse.

Open edX emits xAPI through event-routing-backends; Aspects stores each statement as a JSON
string in ClickHouse (`xapi.xapi_events_all (event_id UUID, emission_time DateTime64(6),
event String)`, a ReplacingMergeTree on `(emission_time, event_id)`). The same statements,
exported one JSON object per line (or as one JSON array), are read here from files with
DuckDB. Both SELECTs give the same rows; metrics.py then runs the same SQL on either engine.

What the statements say (shapes transcribed from event-routing-backends' expected-output
fixtures; see docs/analytics.md):

- learner: `actor.account.name` (an anonymous id), else `actor.mbox` / `mbox_sha1sum`;
- course: the course activity in `context.contextActivities.parent[0]` (or `grouping[0]`
  for the per-question statements of a multi-question problem, or the object itself for
  course-level statements), whose IRI ends with the course key — Aspects' own rule;
- verbs: `registered` / `unregistered` (enrollment), video `played` / `paused` / `seeked` /
  `terminated` / `completed` (position in `result.extensions …/video/extensions/time`),
  acrossx `evaluated` on a problem (score in `result.score.scaled`, attempt in
  `object.definition.extensions …/attempt-id`; per-question child statements, whose object
  id ends `_<n>_<m>`, are not submissions), `navigated` on a sequential (the tab in
  `context.extensions …/ending-point`, or `next unit` / `previous unit` from
  `…/starting-position`), `passed` / `failed` / `earned` on the course.
- forum `posted` statements name the thread, not the discussion block: they count as
  course-level activity (no per-discussion figure from xAPI).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.analytics.backend import sql_str
from moocforge.analytics.logs import GZIP_MAGIC, SNIFF_BYTES, Refused, walk_inputs

XAPI_NAME_SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz", ".log", ".log.gz")

V = {  # verb IRIs
    "registered": "http://adlnet.gov/expapi/verbs/registered",
    "unregistered": "http://id.tincanapi.com/verb/unregistered",
    "played": "https://w3id.org/xapi/video/verbs/played",
    "paused": "https://w3id.org/xapi/video/verbs/paused",
    "seeked": "https://w3id.org/xapi/video/verbs/seeked",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "evaluated": "https://w3id.org/xapi/acrossx/verbs/evaluated",
    "navigated": "https://w3id.org/xapi/dod-isd/verbs/navigated",
    "posted": "https://w3id.org/xapi/acrossx/verbs/posted",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "earned": "http://id.tincanapi.com/verb/earned",
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
EXT_VIDEO_TIME = "https://w3id.org/xapi/video/extensions/time"
EXT_VIDEO_TIME_TO = "https://w3id.org/xapi/video/extensions/time-to"
EXT_ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
EXT_START = "http://id.tincanapi.com/extension/starting-position"
EXT_END = "http://id.tincanapi.com/extension/ending-point"


@dataclass
class XapiFiles:
    lines_plain: list[Path] = field(default_factory=list)
    lines_gzip: list[Path] = field(default_factory=list)
    arrays: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return sorted(self.lines_plain + self.lines_gzip + self.arrays)


def find_files(paths: Iterable[Path]) -> XapiFiles:
    found = XapiFiles()
    walk_inputs(paths, lambda name: name.endswith(XAPI_NAME_SUFFIXES),
                lambda path: _classify(path, found), found.skipped, found.missing,
                found.refused)
    return found


def _classify(path: Path, found: XapiFiles) -> None:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(GZIP_MAGIC):
        found.lines_gzip.append(path)
        return
    if head.lstrip().startswith(b"["):
        found.arrays.append(path)
    else:
        found.lines_plain.append(path)


# ----------------------------------------------------------------------------- DuckDB

_DUCK_READ = """read_json({files}, format = '{fmt}', ignore_errors = true, filename = true,
    compression = '{compression}', maximum_object_size = 16777216,
    columns = {{'timestamp': 'VARCHAR', 'actor': 'JSON', 'verb': 'JSON', 'object': 'JSON',
      'result': 'JSON', 'context': 'JSON'}})"""


def _q(key: str) -> str:
    return '"' + key + '"'


_DUCK_FIELDS = f"""
    SELECT filename AS file,
      (timestamp IS NULL AND actor IS NULL AND verb IS NULL AND object IS NULL) AS bad,
      coalesce(nullif(json_extract_string(actor, '$.account.name'), ''),
               nullif(json_extract_string(actor, '$.mbox'), ''),
               nullif(json_extract_string(actor, '$.mbox_sha1sum'), '')) AS user_id,
      json_extract_string(verb, '$.id') AS verb_id,
      json_extract_string(object, '$.id') AS object_id,
      json_extract_string(object, '$.definition.type') AS object_type,
      CASE
        WHEN json_extract_string(context, '$.contextActivities.parent[0].definition.type')
             = '{COURSE_TYPE}'
        THEN json_extract_string(context, '$.contextActivities.parent[0].id')
        WHEN json_extract_string(context, '$.contextActivities.parent[0].objectType')
             IN ('Activity', 'GroupActivity')
        THEN json_extract_string(context, '$.contextActivities.grouping[0].id')
        ELSE json_extract_string(object, '$.id') END AS course_url,
      json_extract_string(context, '$.statement.objectType') AS statement_ref,
      epoch(try_cast(timestamp AS TIMESTAMPTZ)) AS ts,
      try_cast(coalesce(
        json_extract_string(result, '$.extensions.{_q(EXT_VIDEO_TIME)}'),
        json_extract_string(result, '$.extensions.{_q(EXT_VIDEO_TIME_TO)}')) AS DOUBLE)
        AS position,
      try_cast(json_extract_string(result, '$.score.scaled') AS DOUBLE) AS scaled,
      try_cast(json_extract_string(result, '$.score.raw') AS DOUBLE) AS raw_score,
      try_cast(json_extract_string(result, '$.score.max') AS DOUBLE) AS max_score,
      try_cast(json_extract_string(object, '$.definition.extensions.{_q(EXT_ATTEMPT)}')
               AS INTEGER) AS attempts,
      json_extract_string(context, '$.extensions.{_q(EXT_START)}') AS start_pos,
      json_extract_string(context, '$.extensions.{_q(EXT_END)}') AS end_pos
    FROM {{source}}"""

_DUCK_SHAPE = """
SELECT f.*, regexp_extract(course_url, '([^/]+)$', 1) AS course_key,
  regexp_extract(object_id, 'block@([^+/?#]+)', 1) AS raw_ref,
  regexp_extract(regexp_extract(object_id, 'block@([^+/?#]+)', 1), '^(.+?)(_[0-9]+_[0-9]+)?$',
                 1) AS ref_name,
  regexp_matches(object_id, 'block@[^+/?#]+_[0-9]+_[0-9]+$') AS child,
  CASE WHEN end_pos = 'next unit' THEN try_cast(start_pos AS INTEGER) + 1
       WHEN end_pos = 'previous unit' THEN try_cast(start_pos AS INTEGER) - 1
       ELSE try_cast(end_pos AS INTEGER) END AS tab
FROM ({fields}) AS f"""


def _verb_action(verb: str, object_type: str, child: str, item: str) -> str:
    return f"""CASE
      WHEN {verb} = '{V["registered"]}' THEN 'enroll'
      WHEN {verb} = '{V["unregistered"]}' THEN 'unenroll'
      WHEN {verb} = '{V["passed"]}' AND {object_type} = '{COURSE_TYPE}' THEN 'pass'
      WHEN {verb} = '{V["failed"]}' AND {object_type} = '{COURSE_TYPE}' THEN 'fail'
      WHEN {verb} = '{V["earned"]}' AND {object_type} = '{COURSE_TYPE}' THEN 'grade'
      WHEN {item} IS NULL THEN 'other'
      WHEN {verb} = '{V["evaluated"]}' AND NOT {child} THEN 'submit'
      WHEN {verb} = '{V["posted"]}' THEN 'post'
      WHEN {verb} = '{V["played"]}' THEN 'play'
      WHEN {verb} IN ('{V["paused"]}', '{V["seeked"]}', '{V["terminated"]}') THEN 'watch'
      WHEN {verb} = '{V["completed"]}' THEN 'done'
      ELSE 'open' END"""


_STREAM_TAIL = """
SELECT e.file AS file, e.bad AS bad, k.run_key AS run_key, e.course_key AS course_id,
  e.user_id AS user_id, {null_text} AS username, {null_text} AS actor, 0 AS staff_role,
  e.verb_id AS event_type, {action} AS action,
  coalesce(b.item_id, t.item_id) AS item_id,
  {block_ref} AS block_ref, (b.url_name IS NOT NULL) AS known_block,
  e.ts AS ts, e.position AS position,
  CASE WHEN e.scaled IS NOT NULL THEN e.scaled
       WHEN e.max_score > 0 THEN e.raw_score / e.max_score END AS fraction,
  e.attempts AS attempts,
  CASE WHEN e.verb_id = '{earned}' THEN e.scaled END AS course_grade
FROM ({shaped}) AS e
LEFT JOIN platform_keys k ON k.course_key = e.course_key
LEFT JOIN blocks b ON b.run_key = k.run_key AND b.url_name = e.ref_name
LEFT JOIN items t ON t.run_key = k.run_key AND t.seq = e.ref_name AND t.tab = e.tab"""


def duckdb_stream_sql(files: XapiFiles) -> str | None:
    sources = []
    for paths, fmt, compression in ((files.lines_plain, "newline_delimited", "none"),
                                    (files.lines_gzip, "newline_delimited", "gzip"),
                                    (files.arrays, "array", "none")):
        if paths:
            listed = "[" + ", ".join(sql_str(str(p)) for p in paths) + "]"
            sources.append(_DUCK_READ.format(files=listed, fmt=fmt, compression=compression))
    if not sources:
        return None
    union = " UNION ALL ".join(
        f"SELECT filename, timestamp, actor, verb, object, result, context FROM {s}"
        for s in sources)
    fields = _DUCK_FIELDS.format(source=f"({union}) AS statements")
    shaped = _DUCK_SHAPE.format(fields=fields)
    action = _verb_action("e.verb_id", "e.object_type", "e.child",
                          "coalesce(b.item_id, t.item_id)")
    return _STREAM_TAIL.format(null_text="CAST(NULL AS VARCHAR)", action=action,
                               block_ref="nullif(e.raw_ref, '')", earned=V["earned"],
                               shaped=shaped)


# ----------------------------------------------------------------------------- ClickHouse


_CH_FIELDS = f"""
    SELECT CAST(NULL AS Nullable(String)) AS file, false AS bad,
      coalesce(nullIf(JSON_VALUE(event, '$.actor.account.name'), ''),
               nullIf(JSON_VALUE(event, '$.actor.mbox'), ''),
               nullIf(JSON_VALUE(event, '$.actor.mbox_sha1sum'), '')) AS user_id,
      JSON_VALUE(event, '$.verb.id') AS verb_id,
      JSON_VALUE(event, '$.object.id') AS object_id,
      JSON_VALUE(event, '$.object.definition.type') AS object_type,
      multiIf(
        JSON_VALUE(event, '$.context.contextActivities.parent[0].definition.type')
          = '{COURSE_TYPE}',
        JSON_VALUE(event, '$.context.contextActivities.parent[0].id'),
        JSON_VALUE(event, '$.context.contextActivities.parent[0].objectType')
          IN ('Activity', 'GroupActivity'),
        JSON_VALUE(event, '$.context.contextActivities.grouping[0].id'),
        JSON_VALUE(event, '$.object.id')) AS course_url,
      JSON_VALUE(event, '$.context.statement.objectType') AS statement_ref,
      toFloat64(toUnixTimestamp64Micro(parseDateTime64BestEffortOrNull(
        JSON_VALUE(event, '$.timestamp'), 6, 'UTC'))) / 1000000 AS ts,
      toFloat64OrNull(coalesce(
        nullIf(JSONExtractRaw(event, 'result', 'extensions', '{EXT_VIDEO_TIME}'), ''),
        nullIf(JSONExtractRaw(event, 'result', 'extensions', '{EXT_VIDEO_TIME_TO}'), '')))
        AS position,
      toFloat64OrNull(nullIf(JSONExtractRaw(event, 'result', 'score', 'scaled'), ''))
        AS scaled,
      toFloat64OrNull(nullIf(JSONExtractRaw(event, 'result', 'score', 'raw'), ''))
        AS raw_score,
      toFloat64OrNull(nullIf(JSONExtractRaw(event, 'result', 'score', 'max'), ''))
        AS max_score,
      toInt64OrNull(nullIf(JSONExtractRaw(event, 'object', 'definition', 'extensions',
                                          '{EXT_ATTEMPT}'), '')) AS attempts,
      trim(BOTH '"' FROM JSONExtractRaw(event, 'context', 'extensions', '{EXT_START}'))
        AS start_pos,
      trim(BOTH '"' FROM JSONExtractRaw(event, 'context', 'extensions', '{EXT_END}'))
        AS end_pos
    FROM {{table}}"""

_CH_SHAPE = """
SELECT f.*, course_key, raw_ref,
  extract(raw_ref, '^(.+?)(?:_[0-9]+_[0-9]+)?$') AS ref_name,
  match(object_id, 'block@[^+/?#]+_[0-9]+_[0-9]+$') AS child,
  multiIf(end_pos = 'next unit', toInt64OrNull(start_pos) + 1,
          end_pos = 'previous unit', toInt64OrNull(start_pos) - 1,
          toInt64OrNull(end_pos)) AS tab
FROM (SELECT *, extract(course_url, '([^/]+)$') AS course_key,
        extract(object_id, 'block@([^+/?#]+)') AS raw_ref
      FROM ({fields}) AS raw_fields) AS f
WHERE course_key IN {keys}"""


def clickhouse_stream_sql(table: str, course_keys: Sequence[str]) -> str:
    """The stream over an Aspects-shaped table, filtered to these courses in ClickHouse."""
    keys = "(" + ", ".join(sql_str(k, "clickhouse") for k in course_keys) + ")" \
        if course_keys else "('')"
    fields = _CH_FIELDS.format(table=table)
    shaped = _CH_SHAPE.format(fields=fields, keys=keys)
    action = _verb_action("e.verb_id", "e.object_type", "e.child",
                          "coalesce(b.item_id, t.item_id)")
    return _STREAM_TAIL.format(null_text="CAST(NULL AS Nullable(String))", action=action,
                               block_ref="nullIf(e.raw_ref, '')", earned=V["earned"],
                               shaped=shaped)
