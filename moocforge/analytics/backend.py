"""Where the SQL runs: a DuckDB file here, or ClickHouse (a server, or chDB in-process).

The metric SQL (metrics.py) is written once in the subset both engines read the same way;
a backend only materialises a SELECT as a table, loads small tables of rows and returns
result rows. ClickHouse runs with `join_use_nulls = 1` (an unmatched outer-join column is
NULL, as in standard SQL), `cast_keep_nullable = 1` (CAST of NULL is NULL) and
`prefer_column_name_to_alias = 1` (a column name means the column even where an alias of
the same name exists). Every output column of a join is aliased: ClickHouse would
otherwise name it `t.column`.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import duckdb

from moocforge.sizes import SIZE_EXAMPLES, parse_size

DEFAULT_MEMORY_LIMIT = "2GiB"
SMALL_LOAD = 200  # rows; more go through a CSV file
DUCKDB_SHARE = 0.7  # of --memory-limit for DuckDB's buffer pool; the rest is headroom
NULL_MARK = "\\N"

DUCKDB_TYPES = {"INT": "BIGINT", "DOUBLE": "DOUBLE", "TEXT": "VARCHAR"}
CLICKHOUSE_TYPES = {"INT": "Nullable(Int64)", "DOUBLE": "Nullable(Float64)",
                    "TEXT": "Nullable(String)"}
CLICKHOUSE_SETTINGS = {"join_use_nulls": 1, "prefer_column_name_to_alias": 1,
                       "cast_keep_nullable": 1,
                       "union_default_mode": "DISTINCT",
                       "output_format_json_quote_64bit_integers": 0}


class Backend(Protocol):
    dialect: str

    def run(self, sql: str) -> None: ...

    def rows(self, sql: str) -> list[dict]: ...

    def materialize(self, name: str, select: str) -> None: ...

    def load(self, name: str, columns: Sequence[tuple[str, str]],
             rows: Iterable[Sequence[object]], temp: bool = False) -> None:
        """A table of these rows; `temp`: for this session only (a read-only database
        takes only those). ClickHouse tables here are always temporary."""


# ----------------------------------------------------------------------------- DuckDB


class DuckBackend:
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def run(self, sql: str) -> None:
        self.con.execute(sql)

    def rows(self, sql: str) -> list[dict]:
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def materialize(self, name: str, select: str, temp: bool = True) -> None:
        kind = "TEMP TABLE" if temp else "TABLE"
        self.con.execute(f"CREATE OR REPLACE {kind} {name} AS {select}")

    def load(self, name: str, columns: Sequence[tuple[str, str]],
             rows: Iterable[Sequence[object]], temp: bool = False) -> None:
        kind = "TEMP TABLE" if temp else "TABLE"
        spec = ", ".join(f"{quote(c)} {DUCKDB_TYPES[t]}" for c, t in columns)
        self.con.execute(f"CREATE OR REPLACE {kind} {name} ({spec})")
        data = list(rows)
        if len(data) > SMALL_LOAD:
            self._load_csv(name, columns, data)
        elif data:
            marks = ", ".join("?" for _ in columns)
            self.con.executemany(f"INSERT INTO {name} VALUES ({marks})", data)

    def _load_csv(self, name: str, columns: Sequence[tuple[str, str]],
                  data: list[Sequence[object]]) -> None:
        """Many rows through a temporary CSV file: executemany costs ~4 ms a row."""
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", newline="",
                                         delete=False) as handle:
            writer = csv.writer(handle)
            for row in data:
                writer.writerow([NULL_MARK if v is None else v for v in row])
        try:
            spec = ", ".join(f"{sql_str(c)}: {sql_str(DUCKDB_TYPES[t])}" for c, t in columns)
            self.con.execute(f"""INSERT INTO {name} SELECT * FROM read_csv(
                {sql_str(handle.name)}, header = false, columns = {{{spec}}},
                nullstr = {sql_str(NULL_MARK)}, quote = '"', escape = '"',
                auto_detect = false)""")
        finally:
            os.unlink(handle.name)


MAX_MEMORY = 2**50


def memory_bytes(text: str) -> int:
    """A memory cap as typed (`2GiB`, `1.5GB`: see `moocforge.sizes`) → bytes."""
    size = parse_size(text)
    if size is None:
        raise ValueError(f"not a memory size: {text!r} (say e.g. {SIZE_EXAMPLES})")
    if size > MAX_MEMORY:  # more than any machine: a typo, and past what DuckDB can parse
        raise ValueError(f"{text!r} is more than 1 PiB (say e.g. {SIZE_EXAMPLES})")
    return size


def connect(db_path: Path | str, read_only: bool = False, memory_limit: str | None = None,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection capped in memory (it spills to `<db>.tmp/` past the cap).

    `memory_limit` is meant for the whole process: DuckDB's own cap covers its buffer
    pool, not the readers' per-thread buffers nor Python, so it gets DUCKDB_SHARE of it.
    """
    con = duckdb.connect(str(db_path), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")  # lets big scans stream and spill
    cap = int(memory_bytes(memory_limit or DEFAULT_MEMORY_LIMIT) * DUCKDB_SHARE)
    con.execute(f"SET memory_limit = '{cap // 2**20}MiB'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if str(db_path) != ":memory:":
        con.execute(f"SET temp_directory = {sql_str(str(db_path) + '.tmp')}")
    return con


# ----------------------------------------------------------------------------- ClickHouse


class _ClickHouseSQL:
    """What a ClickHouse server and chDB share: session settings and in-memory temporary
    tables; each says how it runs a statement, reads rows and inserts them."""

    dialect = "clickhouse"

    def run(self, sql: str) -> None:
        raise NotImplementedError

    def _settings(self) -> None:
        for key, value in CLICKHOUSE_SETTINGS.items():
            self.run(f"SET {key} = {_setting(value)}")

    def materialize(self, name: str, select: str) -> None:
        self.run(f"DROP TEMPORARY TABLE IF EXISTS {name}")
        self.run(f"CREATE TEMPORARY TABLE {name} ENGINE = Memory AS {select}")

    def load(self, name: str, columns: Sequence[tuple[str, str]],
             rows: Iterable[Sequence[object]], temp: bool = True) -> None:
        self.run(f"DROP TEMPORARY TABLE IF EXISTS {name}")
        spec = ", ".join(f"{quote(c)} {CLICKHOUSE_TYPES[t]}" for c, t in columns)
        self.run(f"CREATE TEMPORARY TABLE {name} ({spec}) ENGINE = Memory")
        self._insert(name, [c for c, _ in columns], rows)

    def _insert(self, name: str, names: list[str], rows: Iterable[Sequence[object]]) -> None:
        raise NotImplementedError


class ClickHouseBackend(_ClickHouseSQL):
    """A clickhouse-connect client (one session, so temporary tables live across calls)."""

    def __init__(self, client) -> None:
        self.client = client
        self._settings()

    def run(self, sql: str) -> None:
        self.client.command(sql)

    def rows(self, sql: str) -> list[dict]:
        result = self.client.query(sql)
        return [_clean_row(dict(zip(result.column_names, row, strict=True)))
                for row in result.result_rows]

    def _insert(self, name: str, names: list[str], rows: Iterable[Sequence[object]]) -> None:
        data = [list(r) for r in rows]
        if data:
            self.client.insert(name, data, column_names=names)


class ChdbBackend(_ClickHouseSQL):
    """chDB, ClickHouse in-process: the same SQL as a server, for tests and small jobs."""

    def __init__(self, session) -> None:
        self.session = session
        self._settings()

    def run(self, sql: str) -> None:
        self.session.query(sql)

    def rows(self, sql: str) -> list[dict]:
        text = str(self.session.query(sql, "JSONCompact"))
        if not text.strip():
            return []
        data = json.loads(text)
        names = [m["name"] for m in data["meta"]]
        return [_clean_row(dict(zip(names, row, strict=True))) for row in data["data"]]

    def _insert(self, name: str, names: list[str], rows: Iterable[Sequence[object]]) -> None:
        lines = [json.dumps(dict(zip(names, r, strict=True)), ensure_ascii=False) for r in rows]
        if lines:
            self.run(f"INSERT INTO {name} FORMAT JSONEachRow\n" + "\n".join(lines))


def clickhouse_client(url: str):
    """`clickhouse://user:password@host:8123/database` → a clickhouse-connect client."""
    import clickhouse_connect  # a warehouse-mode dependency, imported only when used

    return clickhouse_connect.get_client(dsn=url.replace("clickhouse://", "clickhousedb://", 1),
                                         autogenerate_session_id=True)


def _clean_row(row: dict) -> dict:
    """ClickHouse returns NaN / inf where standard SQL gives NULL (x / 0, avg of nothing)."""
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            row[key] = None
    return row


def _setting(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_str(text: str, dialect: str = "duckdb") -> str:
    """A string literal: ClickHouse reads backslash escapes in literals, DuckDB does not."""
    if dialect == "clickhouse":
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"
