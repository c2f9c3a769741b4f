"""`lint:` in course.yml: the linter's settings.

`profile` and the shape of `rules` are checked when the course is loaded; each rule's own
options (declared in its module's `OPTIONS`) are checked by the engine
(`moocforge.rules.config`), which points at their lines through `LintSettings.source`.
"""

from __future__ import annotations

from moocforge.rules.profiles import PROFILES
from moocforge.settings import AnyMapping, Choice, MapOf, Settings, Str


class LintSettings(Settings):
    section = "lint"
    doc = "The pedagogy linter: profile, per-rule settings and course-wide suppressions."

    profile = Choice(tuple(PROFILES), "default", "Option set for a target platform.",
                     meanings={"default": "the team's pedagogy rules",
                               "coursera": "Coursera's vendor guide (7-min videos, …)",
                               "edx": "edX.org (10 MB assets)",
                               "fun": "FUN-MOOC (10 MB assets)"})
    rules = AnyMapping({}, "Per rule (code or slug): off, error, warning, info, or a mapping "
                       "of its options.", example={"formative-gap": {"max_minutes": 25},
                                                   "MF402": "off"})
    ignore = MapOf(Str("", "The reason."), "Course-wide suppressions: rule code or slug → the "
                   "reason it does not apply.", example={"MF300": "transcripts come later"})
