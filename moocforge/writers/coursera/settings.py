"""`targets.coursera` in course.yml: the Coursera kit's settings (none yet; a section is
still checked, so a misspelt key is reported)."""

from __future__ import annotations

from moocforge.settings import Settings


class CourseraSettings(Settings):
    section = "targets.coursera"
    doc = "The Coursera build kit."
