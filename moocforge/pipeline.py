"""The steps every command shares: load the sources, then add facts (media durations).

Commands call `prepare()` and get a model plus every diagnostic found on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.load import load_course
from moocforge.model import Course


@dataclass
class Prepared:
    course: Course | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.course is not None and not any(
            d.severity == "error" for d in self.diagnostics)


def prepare(course_dir: str | Path, *, media: bool = True) -> Prepared:
    """Load a course and, when `media`, enrich it with probed/locked video durations."""
    result = load_course(course_dir)
    course, diagnostics = result.course, list(result.diagnostics)
    if course is not None and media:
        enrich = _media_enricher()
        if enrich is not None:
            course, media_diagnostics = enrich(course)
            diagnostics.extend(media_diagnostics)
    return Prepared(course, sorted_diagnostics(diagnostics))


def _media_enricher():
    try:
        from moocforge.media import enrich
    except ImportError:
        return None
    return enrich
