"""Open edX tracking logs → the normalised event stream (DuckDB SQL), read in one pass.

Which files: folders are searched recursively for daily files (`*.log`, `*.log.gz`,
`*.json[l][.gz]`) and rotated ones (`tracking.log-20140502`, `tracking.log.1[.gz]`);
anything else in a folder is listed in one diagnostic, never skipped silently. Each file is
sniffed (its first 64 KiB): gzip by its magic bytes, whatever its name, and a syslog-style
prefix before the JSON object (`Jul 14 14:06:42 lms-1 tracking: {…}`) sends the file to the
line reader, which strips the prefix; plain JSON-lines files go to DuckDB's parallel JSON
reader, which projects only the fields below.

The fields, as the platform writes them (transcribed from the shapes of Open edX's own test
fixtures, see docs/analytics.md): the learner is `context.user_id`, except on enrollment
events, whose learner is `event.user_id` (the top-level `username` there is whoever clicked:
the learner, a staff member enrolling them, or '' for a background task); `name` wins over
`event_type`; browser events carry `event` as a JSON string, server events as an object;
forum events name their discussion block by `event.commentable_id`;
`edx.ui.lms.sequence.next_selected` / `previous_selected` carry only `current_tab`.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.analytics.backend import sql_str

LOG_NAME = re.compile(r"(\.(log|json|jsonl)(\.gz)?|\.log[-.][0-9A-Za-z_-]+(\.gz)?)$")
SNIFF_BYTES = 65536
GZIP_MAGIC = b"\x1f\x8b"
# A JSON object after a syslog / logger prefix: `<date> <host> <tag>: {…}`.
PREFIXED = re.compile(rb"^[^{\n]{4,200}?[:\]-]\s*\{")


@dataclass
class LogFiles:
    """The files to read, by how DuckDB should read them, and what was left out."""

    json_plain: list[Path] = field(default_factory=list)
    json_gzip: list[Path] = field(default_factory=list)
    prefixed_plain: list[Path] = field(default_factory=list)
    prefixed_gzip: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # in a folder, not named like a log
    refused: list[Refused] = field(default_factory=list)  # links leading out, FIFOs…

    @property
    def all(self) -> list[Path]:
        return sorted(self.json_plain + self.json_gzip + self.prefixed_plain
                      + self.prefixed_gzip)


@dataclass(frozen=True)
class Refused:
    """A path under a folder given that is not read: a link leading outside the folder
    (MF021), or not a regular file (MF025: a FIFO would block the read for ever)."""

    path: Path
    code: str
    message: str
    hint: str


def walk_inputs(paths: Iterable[Path], named: Callable[[str], bool],
                classify: Callable[[Path], None], skipped: list[Path],
                missing: list[Path], refused: list[Refused] | None = None) -> None:
    """Each file given, and each file below a folder given whose name `named` accepts, to
    `classify`; the other files of the folders to `skipped`, absent paths to `missing`,
    links leading out of their folder and special files to `refused`."""
    refused = [] if refused is None else refused
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                if child.name.startswith(".") or child.is_dir():
                    continue
                problem = _refusal(child, root)
                if problem is not None:
                    refused.append(problem)
                elif named(child.name):
                    classify(child)
                else:
                    skipped.append(child)
        elif path.is_file():
            classify(path)
        elif path.exists() or path.is_symlink():
            refused.append(not_regular(path))
        else:
            missing.append(path)


def _refusal(path: Path, root: Path) -> Refused | None:
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        return Refused(path, "MF021", f"a symbolic link leading outside {root}: not read",
                       "copy the file into the folder, or give it itself on the command "
                       "line if it is meant to be read")
    return None if path.is_file() else not_regular(path)


def not_regular(path: Path) -> Refused:
    return Refused(path, "MF025", "not a regular file (a FIFO, socket, device or broken "
                   "link): not read", "give regular files: save a stream to a file first")


def find_logs(paths: Iterable[Path]) -> LogFiles:
    found = LogFiles()
    walk_inputs(paths, lambda name: bool(LOG_NAME.search(name)),
                lambda path: _classify(path, found), found.skipped, found.missing,
                found.refused)
    return found


def _classify(path: Path, found: LogFiles) -> None:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    gzipped = head.startswith(GZIP_MAGIC)
    if gzipped:
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
        except (OSError, EOFError, zlib.error):  # corrupt: the engine reports it at the file
            head = b""
    first = next((line for line in head.splitlines() if line.strip()), b"")
    prefixed = not first.lstrip().startswith(b"{") and bool(PREFIXED.match(first))
    target = {(False, False): found.json_plain, (True, False): found.json_gzip,
              (False, True): found.prefixed_plain, (True, True): found.prefixed_gzip}
    target[(gzipped, prefixed)].append(path)


# ----------------------------------------------------------------------------- SQL

_FIELDS = ("username", "name", "event_type", "time", "event", "context")

_READ_JSON = """read_json({files}, format = 'newline_delimited', ignore_errors = true,
    filename = true, compression = '{compression}', maximum_object_size = 16777216,
    columns = {{'username': 'VARCHAR', 'name': 'VARCHAR', 'event_type': 'VARCHAR',
      'time': 'VARCHAR', 'event': 'VARCHAR', 'context': 'STRUCT(course_id VARCHAR,
      user_id VARCHAR, module STRUCT(usage_key VARCHAR))'}})"""

# A JSON line never holds a raw control character, so \x01 is a safe "delimiter".
_READ_LINES = """read_csv({files}, columns = {{'line': 'VARCHAR'}}, delim = chr(1), quote = '',
    escape = '', header = false, auto_detect = false, filename = true, strict_mode = false,
    null_padding = true, ignore_errors = true, compression = '{compression}')"""

_FROM_LINES = r"""(SELECT filename,
    json_extract_string(j, '$.username') AS username, json_extract_string(j, '$.name') AS name,
    json_extract_string(j, '$.event_type') AS event_type,
    json_extract_string(j, '$.time') AS "time",
    CASE WHEN json_type(j, '$.event') = 'VARCHAR' THEN json_extract_string(j, '$.event')
         ELSE CAST(json_extract(j, '$.event') AS VARCHAR) END AS event,
    {{'course_id': json_extract_string(j, '$.context.course_id'),
      'user_id': json_extract_string(j, '$.context.user_id'),
      'module': {{'usage_key': json_extract_string(j, '$.context.module.usage_key')}}}}
      AS context
  FROM (SELECT filename, CASE WHEN json_valid(body) AND json_type(body) = 'OBJECT'
                         THEN body END AS j
        FROM (SELECT filename, regexp_extract(line, '^[^{{]*(\{{.*)$', 1) AS body
              FROM {reader} WHERE line IS NOT NULL AND trim(line) <> '')))"""

# Paths read from the `event` payload, in this order (1-based in SQL).
PAYLOAD_PATHS = ("$.problem_id", "$.id", "$.currentTime", "$.current_time", "$.grade",
                 "$.max_grade", "$.attempts", "$.new", "$.target_tab", "$.current_tab",
                 "$.commentable_id", "$.user_id", "$.course_id", "$.user_course_roles",
                 "$.user_forums_roles", "$.percent_grade")

ENROLL = ("edx.course.enrollment.activated",)
UNENROLL = ("edx.course.enrollment.deactivated",)
VIDEO_PLAY = ("play_video", "edx.video.played")
VIDEO_POSITION = ("pause_video", "stop_video", "edx.video.paused", "edx.video.stopped",
                  "seek_video", "edx.video.position.changed")
VIDEO_DONE = ("complete_video", "edx.video.completed")
SEQUENCE_EVENTS = ("seq_goto", "seq_next", "seq_prev", "edx.ui.lms.sequence.tab_selected",
                   "edx.ui.lms.sequence.next_selected",
                   "edx.ui.lms.sequence.previous_selected")
PASSED = ("edx.course.grade.passed.first_time", "edx.course.grade.now_passed")
FAILED = ("edx.course.grade.now_failed",)
STAFF_ROLES = ("Administrator", "Moderator", "Community TA", "Group Moderator")

# The url_name inside any of the id forms a log may use; see docs/analytics.md.
URL_NAME_SQL = r"""CASE
    WHEN {ref} LIKE '%block@%' THEN regexp_extract({ref}, 'block@([^+/?#]+)', 1)
    WHEN {ref} LIKE 'i4x://%' THEN regexp_extract({ref}, '^i4x://[^/]+/[^/]+/[^/]+/([^/@]+)', 1)
    WHEN {ref} LIKE 'input\_%' ESCAPE '\' THEN regexp_extract({ref},
        '^input_(?:i4x-.*-(?:problem|video|html|openassessment|discussion)-)?(.+?)_[0-9]+_[0-9]+',
        1)
    WHEN {ref} LIKE 'i4x-%' THEN regexp_extract({ref},
        '-(?:problem|video|html|openassessment|discussion|sequential|vertical|chapter)-(.+)$', 1)
    ELSE {ref} END"""


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")"


_STREAM = f"""
WITH src AS (
    SELECT filename AS file, trim(username) AS username,
        coalesce(nullif(name, ''), event_type) AS etype, "time" AS time_text, event, context,
        (username IS NULL AND name IS NULL AND event_type IS NULL AND "time" IS NULL
         AND event IS NULL AND context IS NULL) AS bad
    FROM {{source}}
), fields AS (
    SELECT *, event AS payload FROM src  -- a string event is read as its text, an object as JSON
), parsed AS (
    SELECT file, bad, username, etype, time_text, context, payload,
        CASE WHEN payload IS NOT NULL AND json_valid(payload) THEN
            json_extract_string(payload, {list(PAYLOAD_PATHS)!r}) END AS v
    FROM fields
), shaped AS (
    SELECT file, bad, etype, username,
        coalesce(nullif(context.course_id, ''), v[13]) AS course_id,
        nullif(trim(context.user_id), '') AS ctx_user,
        CASE WHEN etype IN {_in(ENROLL + UNENROLL)} THEN nullif(trim(v[12]), '')
             ELSE nullif(trim(context.user_id), '') END AS user_id,
        epoch(try_cast(time_text AS TIMESTAMPTZ)) AS ts,
        coalesce(v[1],
                 CASE WHEN etype LIKE '%video%' OR etype IN {_in(SEQUENCE_EVENTS)} THEN v[2] END,
                 CASE WHEN etype LIKE 'edx.forum.%' THEN v[11] END,
                 context.module.usage_key,
                 CASE WHEN etype LIKE 'problem%' THEN
                     nullif(regexp_extract(payload, '(input_[A-Za-z0-9_.@:+-]+)', 1), '') END)
            AS block_ref,
        CASE WHEN etype IN ('edx.ui.lms.sequence.next_selected', 'seq_next')
                  AND v[8] IS NULL THEN try_cast(v[10] AS INTEGER) + 1
             WHEN etype IN ('edx.ui.lms.sequence.previous_selected', 'seq_prev')
                  AND v[8] IS NULL THEN try_cast(v[10] AS INTEGER) - 1
             ELSE try_cast(coalesce(v[9], v[8]) AS INTEGER) END AS tab,
        try_cast(coalesce(v[3], v[4]) AS DOUBLE) AS position,
        try_cast(v[5] AS DOUBLE) AS grade, try_cast(v[6] AS DOUBLE) AS max_grade,
        try_cast(v[7] AS INTEGER) AS attempts, try_cast(v[16] AS DOUBLE) AS course_grade,
        CASE WHEN coalesce(v[14], '[]') NOT IN ('[]', '')
              OR {" OR ".join(f"coalesce(v[15], '') LIKE '%{r}%'" for r in STAFF_ROLES)}
             THEN 1 ELSE 0 END AS staff_role
    FROM parsed
), keyed AS (
    SELECT s.*, k.run_key, {URL_NAME_SQL.format(ref='s.block_ref')} AS ref_name
    FROM shaped s LEFT JOIN platform_keys k ON k.course_key = s.course_id
)
SELECT e.file, e.bad, e.run_key, e.course_id, e.user_id,
    CASE WHEN e.etype NOT IN {_in(ENROLL + UNENROLL)} THEN nullif(e.username, '') END
        AS username,
    CASE WHEN e.etype IN {_in(ENROLL)} AND e.ctx_user IS NOT NULL AND e.ctx_user <> e.user_id
         THEN e.ctx_user END AS actor,
    e.staff_role, e.etype AS event_type,
    CASE WHEN e.etype IN {_in(ENROLL)} THEN 'enroll'
         WHEN e.etype IN {_in(UNENROLL)} THEN 'unenroll'
         WHEN e.etype IN {_in(PASSED)} THEN 'pass'
         WHEN e.etype IN {_in(FAILED)} THEN 'fail'
         WHEN e.etype = 'edx.grades.course.grade_calculated' THEN 'grade'
         WHEN coalesce(b.item_id, t.item_id) IS NULL THEN 'other'
         WHEN e.etype = 'problem_check' AND e.max_grade IS NOT NULL THEN 'submit'
         WHEN e.etype = 'openassessmentblock.create_submission' THEN 'submit'
         WHEN e.etype LIKE 'edx.forum.%.created' THEN 'post'
         WHEN e.etype IN {_in(VIDEO_PLAY)} THEN 'play'
         WHEN e.etype IN {_in(VIDEO_POSITION)} THEN 'watch'
         WHEN e.etype IN {_in(VIDEO_DONE)} THEN 'done'
         ELSE 'open' END AS action,
    coalesce(b.item_id, t.item_id) AS item_id,
    nullif(e.block_ref, '') AS block_ref,
    (b.url_name IS NOT NULL) AS known_block,
    e.ts, e.position,
    CASE WHEN e.max_grade > 0 THEN e.grade / e.max_grade END AS fraction,
    e.attempts, e.course_grade
FROM keyed e
LEFT JOIN blocks b ON b.run_key = e.run_key AND b.url_name = e.ref_name
LEFT JOIN items t ON t.run_key = e.run_key AND t.seq = e.ref_name AND t.tab = e.tab
"""


def _file_list(files: Sequence[Path]) -> str:
    return "[" + ", ".join(sql_str(str(f)) for f in files) + "]"


def sources(files: LogFiles) -> list[str]:
    """FROM-clause sources, one per way of reading, with the same six columns."""
    out = []
    for paths, compression in ((files.json_plain, "none"), (files.json_gzip, "gzip")):
        if paths:
            out.append(_READ_JSON.format(files=_file_list(paths), compression=compression))
    for paths, compression in ((files.prefixed_plain, "none"),
                               (files.prefixed_gzip, "gzip")):
        if paths:
            reader = _READ_LINES.format(files=_file_list(paths), compression=compression)
            out.append(_FROM_LINES.format(reader=reader))
    return out


def stream_sql(files: LogFiles) -> str | None:
    """The SELECT of every event of these files as a normalised row (see facts.py)."""
    parts = sources(files)
    if not parts:
        return None
    columns = ", ".join(f'"{c}"' if c == "time" else c for c in ("filename", *_FIELDS))
    source = "(" + " UNION ALL ".join(f"SELECT {columns} FROM {p}" for p in parts) + ")"
    return _STREAM.format(source=source)


def malformed_samples(files: Sequence[str], limit: int) -> list[tuple[str, str]]:
    """The first few lines of these files that are not a JSON object even after a prefix,
    in file order: read with Python, stopping as soon as there are enough (a second full
    read of gigabytes of logs only to show examples would double the run)."""
    found: list[tuple[str, str]] = []
    for name in sorted(files):
        path = Path(name)
        opener = gzip.open if _is_gzip(path) else open
        with opener(path, "rb") as handle:
            for line in handle:
                if line.strip() and not _is_object(line):
                    text = line.decode("utf-8", errors="replace")
                    found.append((name, text.rstrip("\n")[:200]))
                    if len(found) >= limit:
                        return found
    return found


def first_lines(wanted: dict[str, set[str]]) -> dict[tuple[str, str], int]:
    """(file, text) → the number of the first line of `file` holding `text` (as written or
    JSON-escaped), for the texts wanted in each file: each file is read only until every
    text wanted in it is found. Files that cannot be read give nothing."""
    found: dict[tuple[str, str], int] = {}
    for name, texts in sorted(wanted.items()):
        needles = {text: {text.encode(), json.dumps(text)[1:-1].encode()} for text in texts}
        path = Path(name)
        try:
            opener = gzip.open if _is_gzip(path) else open
            with opener(path, "rb") as handle:
                for number, line in enumerate(handle, start=1):
                    for text in [t for t in needles if any(n in line for n in needles[t])]:
                        found[(name, text)] = number
                        del needles[text]
                    if not needles:
                        break
        except (OSError, EOFError, zlib.error):
            continue
    return found


def _is_object(line: bytes) -> bool:
    """A JSON object (after a prefix), in UTF-8 as the platform writes, with one of the
    fields read: what the engine counts as an event."""
    body = line[line.find(b"{"):] if b"{" in line else b""
    try:
        value = json.loads(body.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError included
        return False
    return isinstance(value, dict) and any(value.get(f) is not None for f in _FIELDS)


def first_unreadable(files: Sequence[str]) -> str | None:
    """The first gzip file that does not decompress to its end (checksums included): which
    file the engine's "data error" was about. Only run once the engine failed."""
    for name in sorted(files):
        path = Path(name)
        if not _is_gzip(path):
            continue
        try:
            with gzip.open(path, "rb") as handle:
                while handle.read(1 << 20):
                    pass
        except (OSError, EOFError, zlib.error):
            return name
    return None


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC
