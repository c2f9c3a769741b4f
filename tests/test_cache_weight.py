"""A course's record is heavy to pickle: after an edit, the load leaves it to a forked
writer as it does a cold load's thousands of facts (`fact_weight`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_course import generate
from moocforge import app as application
from moocforge import cache


def test_the_course_record_after_an_edit_is_written_by_a_forked_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_may_fork", lambda: True)
    course, folder = generate(tmp_path / "course", 2, 10), tmp_path / "facts"
    assert application.load(course, media=False, cache=cache.Cache(folder)).ok
    cache.clear_memory()  # waits for any writer of the cold load
    cache._WRITERS.pop(folder, None)
    reading = next(course.glob("weeks/week01/w01-*.md"))
    reading.write_text(reading.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    edited = cache.Cache(folder)
    assert application.load(course, media=False, cache=edited).ok
    assert edited.counts["course"].misses == 1
    assert cache._WRITERS.get(folder), "the course record was pickled by the load itself"
    again = cache.Cache(folder)  # waits for the writer when it opens the store
    assert application.load(course, media=False, cache=again).ok
    assert again.counts["course"].hits == 1
