"""Reading course sources into the model (see `load_course`)."""

from moocforge.load.course import LoadResult, load_course, word_count

__all__ = ["LoadResult", "load_course", "word_count"]
