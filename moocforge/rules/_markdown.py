"""The Markdown of a course as rules see it: the model's documents, their links resolved.

The loader scans every Markdown text once (`moocforge.render.scan`) and resolves every local
target against the course's roots; rules read `course.documents` and never the disk.
"""

from __future__ import annotations

from moocforge.model import Course, Document
from moocforge.render.scan import blank_code, headings, refs

__all__ = ["blank_code", "documents", "headings", "local_refs", "refs"]


def documents(course: Course) -> tuple[Document, ...]:
    """All the Markdown of the course: files, then texts held in YAML."""
    return course.documents


def local_refs(course: Course) -> set[str]:
    """Source keys that Markdown links and images point at (existing or not)."""
    return {ref.path for doc in course.documents for ref in doc.refs
            if ref.path is not None and ref.status in ("ok", "missing")}


def clear_caches() -> None:
    """Forget every memoised scan (benchmarks call it to time cold runs)."""
    for function in (blank_code, refs, headings):
        function.cache_clear()
