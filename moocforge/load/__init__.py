"""Reading course sources into the model (see `load_course`)."""

from moocforge import cache
from moocforge.load.course import LoadResult, load_course
from moocforge.load.items.exercise import load_exercise
from moocforge.workload import word_count


def clear_caches() -> None:
    """Forget memoised parses (benchmarks call it to time cold loads)."""
    cache.clear_memory()


__all__ = ["LoadResult", "clear_caches", "load_course", "load_exercise", "word_count"]
