"""Weeks read ahead in a forked worker (`moocforge.load.ahead`) give the load a process
reading alone gives: the same model, the same diagnostics, whatever was edited, also when
the worker's weeks claim ids that the load's own weeks took first, or the worker fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app as application
from moocforge import cache
from moocforge.load import ahead, reuse, sources
from moocforge.load.course import LoadResult
from tests.test_load_reuse import EDITS, Edit, _replace


@pytest.fixture(autouse=True)
def always_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker for any course, however small, and weeks read in this process noted."""
    monkeypatch.setattr(ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(ahead, "cpu_count", lambda: 2)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return generate(tmp_path / "course", 4, 10)


def _here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The weeks this process reads itself (a worker's own list stays in the worker), each
    slowly: the worker, taking weeks from the back meanwhile, reaches this process."""
    read: list[str] = []
    original, parent = reuse.read_week, os.getpid()

    def noted(ctx, ref, number, loc):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            read.append(ref)
            time.sleep(0.4)
        return original(ctx, ref, number, loc)

    monkeypatch.setattr(reuse, "read_week", noted)
    return read


def _load(root: Path, store: cache.Cache) -> LoadResult:
    return application.load(root, media=False, cache=store)


def _counts(store: cache.Cache) -> dict[str, tuple[int, ...]]:
    """The lookups by namespace; a text scanned in both processes (`scan` is kept in
    memory only) is a miss in each, so only its lookups count."""
    return {namespace: (found.hits + found.misses,) if namespace == "scan" else
            (found.hits, found.misses) for namespace, found in store.counts.items()}


def _as_alone(loaded: LoadResult, root: Path) -> None:
    alone = _load(root, cache.Cache.disabled())  # one process, no reuse
    assert loaded.diagnostics == alone.diagnostics
    assert loaded.course == alone.course


@pytest.mark.parametrize("kind", ["store", "memory"])
def test_the_worker_reads_the_last_weeks_and_the_load_is_the_same(
        course: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear_memory()
    store = cache.Cache(tmp_path / "facts") if kind == "store" else cache.Cache()
    here = _here(monkeypatch)
    loaded = _load(course, store)
    weeks = [f"weeks/week{n:02d}" for n in range(1, 5)]
    assert loaded.ok and 1 <= len(here) < 4 and here == weeks[:len(here)]
    _as_alone(loaded, course)
    # the worker's facts are the cache's: counted as one process counts them, and found
    # by the next load
    monkeypatch.setattr(ahead, "MIN_BYTES", 10**12)
    cache.clear_memory()
    alone = cache.Cache()
    _load(course, alone)
    assert _counts(store) == _counts(alone) and store.counts["week"].misses == 4
    if kind == "store":  # the worker wrote its facts into the store itself
        stored_alone = cache.Cache(tmp_path / "alone")
        _load(course, stored_alone)
        assert store.stored() == stored_alone.stored() > 20
    again = cache.Cache(tmp_path / "facts") if kind == "store" else store
    assert _load(course, again).course == loaded.course
    assert again.counts["course"].hits == 1


def test_an_id_an_earlier_week_took_makes_the_workers_week_read_here(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # week 4 (the worker's) gives a quiz the id of one of week 1 (this process'): only a
    # claim in order tells which one is the duplicate
    _replace("weeks/week04/week.yml", "  - quiz: quizzes/w04-003.yml\n",
             "  - quiz: quizzes/w04-003.yml\n    id: w01-003\n")(course)
    here = _here(monkeypatch)
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    assert [d.code for d in loaded.diagnostics if d.severity == "error"] == ["MF022"]
    assert here == ["weeks/week01", "weeks/week04"]
    _as_alone(loaded, course)


def test_a_broken_week_of_the_worker_is_reported_as_alone(
        course: Path, tmp_path: Path) -> None:
    (course / "weeks/week03/quizzes/w03-003.yml").write_text("title: [\n", "utf-8")
    _replace("weeks/week04/week.yml", "title:", "title: 12\nnope: 1\ntitle2:")(course)
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    assert {d.code for d in loaded.diagnostics} >= {"MF001"}
    _as_alone(loaded, course)


def test_a_worker_that_fails_leaves_its_weeks_to_the_load(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    original = reuse.read_week

    def crashing(ctx, ref, number, loc):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("a loader bug in the worker")
        return original(ctx, ref, number, loc)

    monkeypatch.setattr(reuse, "read_week", crashing)
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    assert loaded.ok
    _as_alone(loaded, course)


@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_loads_as_alone_with_a_worker(course: Path, tmp_path: Path, what: str
                                              ) -> None:
    edit: Edit = EDITS[what][0]
    cache.clear_memory()
    assert _load(course, cache.Cache(tmp_path / "facts")).ok
    edit(course)
    cache.clear_memory()
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    _as_alone(loaded, course)


def test_the_facts_the_worker_stored_are_found_by_the_same_cache(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store was empty when the load opened it (not queried meanwhile); the facts
    the worker stored are looked up by the next load through the same `Cache`."""
    cache.clear_memory()
    store = cache.Cache(tmp_path / "facts")
    here = _here(monkeypatch)
    assert _load(course, store).ok and "weeks/week04" not in here
    _replace("weeks/week04/week.yml", "title:", "summary: edited\ntitle:")(course)
    store.forget_memory()
    # the course's record went to a forked writer, which the same Cache does not wait for
    # (a fact it asks for meanwhile is computed again)
    cache.wait_for_writers(tmp_path / "facts")
    before = store.counts["yaml"].misses
    assert _load(course, store).ok
    assert store.counts["yaml"].misses - before == 1  # week.yml; its items from the store


def test_a_worker_dying_after_handing_some_weeks_over_leaves_the_rest_to_the_load(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The readings handed over before the worker died are used, the others read here."""
    parent, original = os.getpid(), reuse.read_week
    worker_read: list[str] = []

    def dying(ctx, ref, number, loc):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            if worker_read:
                os._exit(3)
            worker_read.append(ref)
        return original(ctx, ref, number, loc)

    monkeypatch.setattr(reuse, "read_week", dying)
    here = _here(monkeypatch)
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    assert loaded.ok and "weeks/week04" not in here and len(here) == 3
    _as_alone(loaded, course)


def test_the_load_walks_the_course_while_it_waits_for_the_worker(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk of the course folder (the inventory) and the listings of the Markdown
    files' folders are made while the load waits for the worker's last week, once each."""
    parent, original = os.getpid(), reuse.read_week
    events: list[str] = []

    def slow_worker(ctx, ref, number, loc):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            time.sleep(0.5)
        return original(ctx, ref, number, loc)

    walk, listing, replayed = sources.files_under, sources._names, reuse._replayed
    monkeypatch.setattr(reuse, "read_week", slow_worker)
    monkeypatch.setattr(sources, "LOOKS", {
        **sources.LOOKS, "tree": lambda src, path: events.append("walk") or walk(path),
        "list": lambda src, path: events.append("list") or listing(path)})
    monkeypatch.setattr(reuse, "_replayed", lambda ctx, reading, checked=False: events.append(
        "replay") or replayed(ctx, reading, checked))
    loaded = _load(course, cache.Cache(tmp_path / "facts"))
    assert loaded.ok and "replay" in events
    assert events.count("walk") == 1 and events.index("walk") < events.index("replay")
    lists = [index for index, event in enumerate(events) if event == "list"]
    assert lists and lists[0] < events.index("replay")
    _as_alone(loaded, course)
