"""The cache's store does not grow without end (`moocforge.cache.store`): facts of other
moocforge versions (code salts) beyond the three most recently used are deleted, the
oldest facts go past the size limit, a store of an older format is emptied, and
`moocforge cache info|clear` show and empty it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge import cache
from moocforge.cache import store
from moocforge.cli import app


def _open(folder: Path, salt: bytes, monkeypatch: pytest.MonkeyPatch) -> cache.Cache:
    """A new process' cache on `folder`, as a moocforge whose code salt is `salt`."""
    monkeypatch.setattr(cache._salt, "value", salt)
    return cache.Cache(folder)


def _write(found: cache.Cache, names: range, size: int = 100) -> None:
    for name in names:
        found.fetch("test", (str(name),), lambda: "x" * size)
    found.flush()


def _generations(found: cache.Cache) -> list[tuple[int, bool]]:
    summary = found.summary()
    assert summary is not None
    return [(generation.facts, generation.current) for generation in summary.generations]


def test_facts_of_old_versions_are_deleted_beyond_the_three_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "facts"
    for number, salt in enumerate((b"v1", b"v2", b"v3")):
        _write(_open(folder, salt, monkeypatch), range(10 * (number + 1)))
    three = _open(folder, b"v3", monkeypatch)
    assert _generations(three) == [(30, True), (20, False), (10, False)]
    # switching back to a kept version finds its facts again
    back = _open(folder, b"v1", monkeypatch)
    assert back.fetch("test", ("3",), lambda: "computed again") == "x" * 100
    # a fourth version: the least recently used one (v2) is forgotten
    fourth = _open(folder, b"v4", monkeypatch)
    _write(fourth, range(5))
    assert sorted(_generations(fourth)) == [(5, True), (10, False), (30, False)]
    assert _open(folder, b"v2", monkeypatch).fetch(
        "test", ("3",), lambda: "computed again") == "computed again"


def test_the_oldest_facts_go_past_the_size_limit(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.SIZE_VARIABLE, "256K")
    monkeypatch.setattr(cache, "_may_fork", lambda: False)
    folder = tmp_path / "facts"
    found = _open(folder, b"v1", monkeypatch)
    for first in range(0, 2000, 100):  # ~2 MB written, one build after the other
        _write(found, range(first, first + 100), size=1000)
    summary = found.summary()
    assert summary is not None and summary.used_bytes <= 256 * 1024
    found.forget_memory()
    assert found.fetch("test", ("1999",), lambda: "gone") == "x" * 1000  # the newest stay
    assert found.fetch("test", ("0",), lambda: "gone") == "gone"  # the oldest went
    db = found._connection()
    assert db is not None
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (folder / cache.STORE_FILE).stat().st_size <= 400 * 1024  # space given back


def test_a_store_of_the_former_format_is_emptied_and_used(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    db = sqlite3.connect(folder / cache.STORE_FILE)
    db.execute("CREATE TABLE facts (key BLOB PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO facts VALUES (x'00', x'00')")
    db.commit()
    db.close()
    found = _open(folder, b"v1", monkeypatch)
    assert found.fetch("test", ("a",), lambda: 1) == 1
    assert found.stored() == 1
    db = sqlite3.connect(folder / cache.STORE_FILE)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # gives space back now
    db.close()
    assert _open(folder, b"v1", monkeypatch).fetch("test", ("a",), lambda: 2) == 1


def test_facts_written_by_a_forked_writer_are_of_this_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_may_fork", lambda: True)
    found = _open(tmp_path / "facts", b"v1", monkeypatch)
    for name in range(cache.BACKGROUND_MIN + 10):
        found.put(found.key("test", str(name)), name)
    found.flush(background=True)
    assert _generations(found) == [(cache.BACKGROUND_MIN + 10, True)]


def test_a_size_that_is_not_one_keeps_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.SIZE_VARIABLE, "big")
    assert store.size_limit() == store.DEFAULT_SIZE
    result = CliRunner().invoke(app, ["cache", "info", "-o", "/nonexistent-build"])
    assert result.exit_code == 0, result.output
    assert "empty" in result.output


def test_cache_info_and_clear(make_course, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.SIZE_VARIABLE, "lots")
    course, out = make_course(), tmp_path / "build"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out)])
    assert built.exit_code == 0, built.output
    shown = runner.invoke(app, ["cache", "info", str(course), "-o", str(out)])
    assert shown.exit_code == 0, shown.output
    assert str(out / cache.CACHE_DIR) in shown.output
    assert "(this moocforge)" in shown.output and " facts, last used " in shown.output
    assert "'lots' is not a size" in shown.output
    cleared = runner.invoke(app, ["cache", "clear", str(course), "-o", str(out)])
    assert cleared.exit_code == 0, cleared.output
    assert "removed" in cleared.output and not (out / cache.CACHE_DIR).exists()
    assert any((out).rglob("*.tar.gz")), "the built packages stay"
    again = runner.invoke(app, ["cache", "info", str(course), "-o", str(out)])
    assert "empty" in again.output


def test_cache_clear_leaves_a_link_alone(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "build", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", "utf-8")
    (out / cache.CACHE_DIR).symlink_to(elsewhere)
    result = CliRunner().invoke(app, ["cache", "clear", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "left as it is" in result.output
    assert (elsewhere / "keep.txt").read_text("utf-8") == "mine"


def test_held_writes_wait_for_close(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview holds its cache's writes: a load's new facts (the course's record among
    them) are not written while the author waits for a page, but when it stops."""
    monkeypatch.setattr(cache, "_may_fork", lambda: False)
    folder = tmp_path / "facts"
    held = _open(folder, b"v1", monkeypatch)
    held.hold_writes()
    with cache.using(held):  # flushes when the block ends: held
        _write(held, range(10))
    assert _open(folder, b"v1", monkeypatch).stored() == 0
    held.close()
    assert _open(folder, b"v1", monkeypatch).stored() == 10


def test_cache_info_tells_a_store_of_an_older_moocforge(tmp_path: Path) -> None:
    folder = tmp_path / "build" / cache.CACHE_DIR
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / cache.STORE_FILE)
    db.execute("CREATE TABLE facts (key BLOB PRIMARY KEY, value BLOB)")
    db.commit()
    db.close()
    result = CliRunner().invoke(app, ["cache", "info", "-o", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    assert "written by an older moocforge" in result.output


def test_cache_clear_says_what_it_could_not_remove(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "build" / cache.CACHE_DIR
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "kept.html").write_text("x", "utf-8")
    (folder / "files.json").write_text("{}", "utf-8")
    unlink = os.unlink

    def refusing(path: object, *args: object, **kwargs: object) -> None:
        if str(path).endswith("kept.html"):
            raise PermissionError(13, "Permission denied", str(path))
        unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", refusing)
    result = CliRunner().invoke(app, ["cache", "clear", "-o", str(tmp_path / "build")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), \
        result.exception  # a message, not the PermissionError
    assert "could not be removed" in result.output and "kept.html" in result.output
    assert "Traceback" not in result.output


def test_a_size_of_zero_sets_no_limit(make_course, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.SIZE_VARIABLE, "0")
    assert store.size_setting() == (store.NO_LIMIT, None)
    course, out = make_course(), tmp_path / "build"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out)])
    assert built.exit_code == 0, built.output
    shown = runner.invoke(app, ["cache", "info", str(course), "-o", str(out)])
    assert "limit for facts: none (MOOCFORGE_CACHE_SIZE)" in shown.output, shown.output
