"""The content-addressed cache (`moocforge.cache`): warm builds write the very bytes of cold
ones, a warm run computes nothing that did not change, an edit is never served stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from moocforge import app as application
from moocforge import cache
from moocforge.cli import app
from moocforge.render.markdown import Renderer

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"

TARGETS = ("olx", "coursera", "site")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(course_dir: Path, out: Path, store: cache.Cache) -> dict[str, bytes]:
    loaded = application.load(course_dir, cache=store)
    assert loaded.ok and loaded.course is not None
    report = application.build(loaded.course, TARGETS, out, cache=store)
    assert report.written, report.diagnostics
    return _tree(out / loaded.course.edition)


def test_cold_and_warm_builds_are_byte_identical(tmp_path: Path) -> None:
    course = tmp_path / "abc-c"
    shutil.copytree(ABC_C, course)
    folder = tmp_path / "facts"
    cold_store = cache.Cache(folder)
    cold = _build(course, tmp_path / "cold", cold_store)
    facts = cold_store.stored()
    warm_store = cache.Cache(folder)  # a new process: nothing in memory, all from the store
    warm = _build(course, tmp_path / "warm", warm_store)
    assert warm.keys() == cold.keys()
    assert [name for name in cold if warm[name] != cold[name]] == []
    assert {"olx", "coursera", "site"} <= {name.split("/")[0] for name in cold}
    # the warm run read, parsed, scanned and rendered nothing: the whole load came from the
    # store (its weeks, transcripts and scans included, once the files it looked at were
    # checked), and every rendering (writers may run in worker processes: the store itself
    # shows they added nothing)
    assert warm_store.counts["course"].hits == 1
    assert {name: counts for name, counts in warm_store.counts.items() if counts.misses} == {}
    assert facts > 1000 and warm_store.stored() == facts


def test_an_edited_text_is_parsed_and_rendered_again(tmp_path: Path) -> None:
    course = tmp_path / "abc-c"
    shutil.copytree(ABC_C, course)
    folder = tmp_path / "facts"
    first = cache.Cache(folder)
    _build(course, tmp_path / "first", first)
    facts = first.stored()
    reading = next(p for p in sorted(course.rglob("*.md"))
                   if "weeks" in p.parts and "**" in p.read_text("utf-8"))
    reading.write_text(reading.read_text("utf-8") + "\n\nUne phrase **toute neuve**.\n",
                       "utf-8")
    store = cache.Cache(folder)
    tree = _build(course, tmp_path / "second", store)
    assert store.counts["yaml"].misses == 0 and store.counts["scan"].misses > 0
    assert store.stored() > facts  # the new text's HTML (scans are kept in memory only)
    pages = [name for name, data in tree.items() if name.startswith("site/")
             and name.endswith(".html") and b"<strong>toute neuve</strong>" in data]
    assert pages, "the edited reading is not in the rebuilt site"


def test_each_url_rewriting_gets_its_own_html() -> None:
    text = "See ![a diagram](images/d.png) and [the notes](notes.md)."
    store = cache.Cache()
    with cache.using(store):
        plain = Renderer().render(text)
        olx = Renderer().render(text, lambda url: f"/static/{url.replace('/', '_')}")
        again = Renderer().render(text, lambda url: f"/static/{url.replace('/', '_')}")
    assert 'src="images/d.png"' in plain
    assert 'src="/static/images_d.png"' in olx and 'href="/static/notes.md"' in olx
    assert again == olx and store.counts["html"].hits >= 2


def test_no_cache_writes_no_store(make_course, tmp_path: Path) -> None:
    course = make_course()
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out),
                                 "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (out / cache.CACHE_DIR).exists()
    result = runner.invoke(app, ["build", str(course), "-t", "olx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / cache.CACHE_DIR / cache.STORE_FILE).is_file()
    result = runner.invoke(app, ["validate", str(course), "--no-cache"])
    assert result.exit_code == 0, result.output


def test_a_damaged_store_is_computed_again(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / cache.STORE_FILE).write_bytes(b"not a database" * 100)
    store = cache.Cache(folder)
    assert store.fetch("yaml", ("x",), lambda: 42) == 42
    store.flush()  # no exception: the cache is only an optimisation


def test_a_fact_that_does_not_pickle_stays_in_memory_and_breaks_nothing(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path / "facts")
    unpicklable = lambda: None  # noqa: E731 - a value pickle refuses
    assert store.fetch("test", ("key",), lambda: unpicklable) is unpicklable
    assert store.fetch("test", ("key",), lambda: None) is unpicklable  # from memory
    assert store.stored() == 0


def test_an_empty_store_is_not_queried_until_it_is_written(tmp_path: Path,
                                                           monkeypatch) -> None:
    """A cold load looks up every file it parses: in a store found empty, nothing; once
    this process wrote facts, they are found again (also by the same `Cache`)."""
    monkeypatch.setattr(cache, "_may_fork", lambda: False)
    store, other = cache.Cache(tmp_path / "facts"), cache.Cache(tmp_path / "facts")
    queries: list[str] = []
    for opened in (store, other):
        connection = opened._connection()
        assert connection is not None
        connection.set_trace_callback(queries.append)
    assert store.fetch("test", ("a",), lambda: 1) == 1
    assert store.fetch("test", ("b",), lambda: 2) == 2
    assert store.counts["test"].misses == 2 and not queries
    store.flush()
    store.forget_memory()
    assert store.fetch("test", ("a",), lambda: -1) == 1  # from the store it wrote
    assert store.fetch("test", ("c",), lambda: 3) == 3
    assert store.counts["test"].hits == 1
    assert other.fetch("test", ("b",), lambda: -1) == -1  # opened empty: not asked
    assert cache.Cache(tmp_path / "facts").fetch("test", ("b",), lambda: -1) == 2
    assert sum(q.startswith("SELECT value") for q in queries) == 2  # a and c
