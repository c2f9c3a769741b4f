"""Open edX OLX writer: one importable `.tar.gz` per course run and language.

`WRITER.write(course, out_dir, options)` builds `out_dir/<org>-<number>-<run>[-<lang>].tar.gz`
(the language suffix only for a multilingual course) and, with `options.keep_dir`, the
unpacked trees next to them. Profiles: `edx` (default) and `fun` (`options.profile`, else
`targets.olx.profile` in course.yml). See docs/olx.md. The implementation is in
`package.py` and imported on first use, so that listing writers and validating settings
stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course
from moocforge.writers import WriterOptions
from moocforge.writers.olx.settings import OlxSettings

TARGET = "olx"
DESCRIPTION = "Open edX course export (.tar.gz) for edX.org, Open edX and FUN-MOOC"
PROFILES = ("edx", "fun")


class OlxWriter:
    name = TARGET
    description = DESCRIPTION
    settings = OlxSettings

    def write(self, course: Course, out_dir: Path, options: WriterOptions
              ) -> list[Diagnostic]:
        from moocforge.writers.olx.package import write_packages

        return write_packages(course, out_dir, options)

    def losses(self, course: Course, options: WriterOptions) -> list[Diagnostic]:
        """The loss report `write` would give, computed in memory (nothing is written)."""
        from moocforge.writers.olx.package import losses

        return losses(course, options)


WRITER = OlxWriter()


def write(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    return WRITER.write(course, out_dir, options)


def losses(course: Course, profile: str | None = None) -> list[Diagnostic]:
    return WRITER.losses(course, WriterOptions(profile=profile or ""))


__all__ = ["DESCRIPTION", "PROFILES", "TARGET", "WRITER", "losses", "write"]
