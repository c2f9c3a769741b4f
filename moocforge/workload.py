"""Effort estimates in minutes, per item and per week, from the model.

Used by the workload report and the pacing rules, and by every writer that shows an
estimate (OLX `about/effort`, Coursera blueprint minutes, site badges). Declared `minutes:`
on an item always wins; otherwise each kind's estimate (`moocforge.kinds`), from the
course's `workload:` settings (course.yml; the defaults and their sources are in
docs/lint.md, "The numbers, and where they come from"):

- video: its duration (probe, lock, or its script at `speaking_rate`, default 183 wpm:
  Brysbaert 2019's rate of reading aloud);
- reading: prose words at `reading_rate` (default 238 wpm, Brysbaert 2019's silent reading
  of non-fiction) plus code lines at `CODE_LINES_PER_MINUTE` (code is read slower than prose);
- quiz, exercise, peer, discussion, external tool, kept OLX: `workload: estimates:` minutes
  (`moocforge.model.DEFAULT_ESTIMATES`, the team's rules of thumb).
"""

from __future__ import annotations

import re
from functools import lru_cache

from moocforge.kinds import Estimate, kind_of
from moocforge.model import Course, Item, Week

CODE_LINES_PER_MINUTE = 10.0

_FENCE = re.compile(r"```.*?```", re.DOTALL)
_WORD = re.compile(r"[\w'’-]+")


# Each alternative stops at the next opener (`<`, `[`, `(`), so the scan is linear on any text.
_MARKUP = re.compile(r"<[^<>]++>|!\[[^\[\]]*+\]\([^()]*+\)|\]\([^()]*+\)")


def word_count(markdown: str) -> int:
    """Words of prose: fenced code, HTML tags, images and link targets are not words."""
    return len(_WORD.findall(_MARKUP.sub(" ", _FENCE.sub(" ", markdown))))


def code_lines(markdown: str) -> int:
    return sum(max(block.count("\n") - 1, 0) for block in _FENCE.findall(markdown))


@lru_cache(maxsize=8192)
def reading_minutes(markdown: str, words_per_minute: int) -> float:
    return (word_count(markdown) / words_per_minute
            + code_lines(markdown) / CODE_LINES_PER_MINUTE)


def estimate(course: Course, item: Item, lang: str | None = None) -> Estimate:
    if item.minutes is not None:
        return Estimate(item.minutes, "declared")
    return kind_of(item).estimate(course, item, lang)


def item_minutes(course: Course, item: Item, lang: str | None = None) -> float:
    return estimate(course, item, lang).minutes


def week_minutes(course: Course, week: Week) -> float:
    return sum(item_minutes(course, item) for item in week.items)
