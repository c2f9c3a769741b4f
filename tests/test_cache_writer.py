"""A load's new facts are written by a forked writer after the load returns
(`Cache.flush(background=True)`): whoever opens the store next, in this process or
another, finds them, and a store deleted meanwhile is never made again by the writer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app as application
from moocforge import cache

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def background_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flush of a load in the background, by a writer slow enough that whoever
    comes next finds it still writing."""
    monkeypatch.setattr(cache, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(cache, "_may_fork", lambda: True)
    write = cache._write_and_exit

    def slow(path: Path, identity: tuple[int, int], pending: dict[bytes, object]) -> None:
        time.sleep(0.5)  # in the writer
        write(path, identity, pending)

    monkeypatch.setattr(cache, "_write_and_exit", slow)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return generate(tmp_path / "course", 2, 10)


def _cold_load(course: Path, folder: Path) -> cache.Cache:
    store = cache.Cache(folder)
    assert application.load(course, media=False, cache=store).ok
    assert cache._WRITERS.get(folder), "the facts were not left to a forked writer"
    return store


def test_the_next_cache_of_this_process_finds_what_the_writer_wrote(
        course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    _cold_load(course, folder)
    again = cache.Cache(folder)  # not through clear_memory, which waits for the writers
    assert application.load(course, media=False, cache=again).ok
    assert again.counts["course"].hits == 1 and again.counts.keys() == {"course"}


def test_another_process_waits_for_the_writer(course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    _cold_load(course, folder)
    script = ("import json, sys; from pathlib import Path; from moocforge import app, cache;"
              "c = cache.Cache(Path(sys.argv[2]));"
              "app.load(Path(sys.argv[1]), media=False, cache=c);"
              "print(json.dumps({k: [v.hits, v.misses] for k, v in c.counts.items()}))")
    done = subprocess.run([sys.executable, "-c", script, str(course), str(folder)],
                          capture_output=True, text=True, cwd=REPO, check=True, timeout=120)
    assert json.loads(done.stdout) == {"course": [1, 0]}


def test_a_store_deleted_while_written_is_not_made_again(course: Path, tmp_path: Path
                                                         ) -> None:
    folder = tmp_path / "facts"
    _cold_load(course, folder)
    shutil.rmtree(folder)
    cache.clear_memory()  # waits for this process' writers
    assert not folder.exists()
    fresh = cache.Cache(folder)
    assert application.load(course, media=False, cache=fresh).ok
    assert fresh.counts["course"].misses == 1


def test_every_fact_is_stored_once_written(course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    cache.clear_memory()
    in_process = cache.Cache(tmp_path / "in-process")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "_may_fork", lambda: False)
        assert application.load(course, media=False, cache=in_process).ok
    assert not cache._WRITERS.get(tmp_path / "in-process")
    cache.clear_memory()
    store = _cold_load(course, folder)
    assert store.stored() == in_process.stored() > 20
