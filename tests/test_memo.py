"""Identity memos (`moocforge.memo`) and what they rely on: a course loaded again with
nothing changed keeps its weeks as the same objects, media enrichment included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from moocforge import cache
from moocforge.app.loading import load
from moocforge.memo import IdentityMemo
from moocforge.rules import lint

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"


def test_a_result_is_kept_per_object_and_arguments() -> None:
    calls: list[object] = []

    def size(value: list[int], extra: dict[str, int]) -> int:
        calls.append(value)
        return len(value) + extra["n"]

    memo = IdentityMemo(size, limit=2)
    first, equal = [1, 2], [1, 2]
    assert memo(first, {"n": 0}) == 2 and memo(first, {"n": 0}) == 2
    assert len(calls) == 1
    assert memo(equal, {"n": 0}) == 2 and len(calls) == 2  # equal is not the same object
    assert memo(first, {"n": 1}) == 3 and len(calls) == 3  # other arguments: computed again
    assert len(memo.entries) <= 2
    memo([3], {"n": 0})
    memo([4], {"n": 0})  # a third object over the limit of two: starts over
    assert len(memo.entries) == 1


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "abc-c"
    shutil.copytree(ABC_C, root)
    return root


def test_an_unchanged_course_keeps_its_weeks_and_a_changed_week_is_new(course: Path) -> None:
    cache.clear_memory()
    first = load(course).course  # media on: local videos get their measured durations
    again = load(course).course
    assert first is not None and again is not None
    assert any(item.kind == "video" and item.duration_source == "probe"
               for item in again.items)
    assert all(a is b for a, b in zip(first.weeks, again.weeks, strict=True))
    reading = course / "weeks/02-variables/r2-types.md"
    reading.write_text(reading.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    edited = load(course).course
    assert edited is not None
    assert [a is b for a, b in zip(again.weeks, edited.weeks, strict=True)] == \
        [number != 2 for number in range(1, len(again.weeks) + 1)]
    assert lint(edited) == lint(load(course, cache=cache.Cache.disabled()).course)
