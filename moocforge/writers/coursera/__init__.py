"""Coursera build kit writer.

Coursera publishes no import format: course teams fill a blueprint and build items one by one
in the course builder. This writer emits, under `build/<course>/coursera/`, one kit folder
per course language (`<lang>/`: text content in that language, videos and subtitles in every
language) and a reproducible zip of each (`<course-id>-coursera-<lang>.zip`, or
`<course-id>-coursera.zip` for a one-language course). See docs/coursera.md.

Diagnostics: MF550–MF562 losses (see `losses`), MF571–MF572 kit errors (link leaving the
course, missing linked file), MF599 write failure. On any error the previous kit stays.
The implementation (`package.py`) is imported on first use.
"""

from __future__ import annotations

from pathlib import Path

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course
from moocforge.writers import WriterOptions
from moocforge.writers.coursera.settings import CourseraSettings

TARGET = "coursera"
DESCRIPTION = "Coursera build kit: blueprint.xlsx, per-item files, subtitles, loading guide"
LINT_PROFILE = "coursera"  # the README shows the course linted with this profile


class CourseraWriter:
    name = TARGET
    description = DESCRIPTION
    settings = CourseraSettings
    lint_profile = LINT_PROFILE
    lints_while_writing = True  # options.lint_later: the lint runs while the kits are written

    def write(self, course: Course, out_dir: Path, options: WriterOptions
              ) -> list[Diagnostic]:
        from moocforge.writers.coursera.package import write_kits

        return write_kits(course, out_dir, options)

    def losses(self, course: Course, options: WriterOptions) -> list[Diagnostic]:
        """The kit's loss report, computed without writing anything."""
        from moocforge.writers.coursera.losses import loss_report

        return loss_report(course)


WRITER = CourseraWriter()


def write(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    return WRITER.write(course, out_dir, options)


__all__ = ["DESCRIPTION", "TARGET", "WRITER", "write"]
