"""One writer per output format, each reading only the course model (like Sphinx builders).

A writer is an object with `name`, `description`, `settings` (its typed settings class, the
`targets.<name>` section of course.yml) and `write(course, out_dir, options) ->
diagnostics`, where `out_dir` is the writer's own folder and the diagnostics include its
loss report (what the target cannot express). Writers never read the sources: the model
carries the texts, and `course.assets` gives the bytes of the files they ship. A writer may
also have `recycle` (see `Recycling`): it is then handed its previous output once the new
one has replaced it, instead of the build removing it.

Built-in writers are listed in `moocforge.writers.registry`; a third-party writer registers
through the `moocforge.writers` entry point group. Staging, the all-or-nothing swap of
outputs and the error policy live in the application layer (`moocforge.app.building`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course
from moocforge.settings import Settings

if TYPE_CHECKING:
    from moocforge.writers.registry import writer_names as writer_names

S = TypeVar("S", bound=Settings)


@dataclass(frozen=True)
class WriterOptions:
    """What a build passes to every writer; writers ignore what they do not use."""

    settings: Settings | None = None  # the target's settings; None: the course's own
    profile: str = ""  # a profile chosen on the command line (e.g. olx: edx or fun)
    languages: tuple[str, ...] = ()  # empty = every course language
    keep_dir: bool = False
    preview: bool = False  # site: show lint findings in pages
    answers: bool = True  # site: include answer keys
    lint: Sequence[Diagnostic] = ()  # findings the target shows (site preview, Coursera README)
    # The same findings computed when the writer calls it (a writer with `lints_while_writing`
    # runs it while its own workers write: Coursera, whose README alone needs them).
    lint_later: Callable[[], Sequence[Diagnostic]] | None = None
    # The output this build replaces (the target's final folder, maybe absent): a writer may
    # link its files that come out the same instead of creating them again (Coursera).
    previous: Path | None = None


class Writer(Protocol):
    name: str
    description: str
    settings: type[Settings]

    def write(self, course: Course, out_dir: Path, options: WriterOptions
              ) -> list[Diagnostic]: ...


class Recycling(Protocol):
    """A writer that keeps its replaced output: the site keeps it as the copy of its last
    build that its next build starts from (removing and copying ten thousand files costs
    more than re-rendering a page)."""

    def recycle(self, course: Course, replaced: Path, current: Path, options: WriterOptions
                ) -> bool:
        """Called in the build's process once `current`, this writer's new output, has
        replaced `replaced`, its previous one. True when the writer took `replaced` (moved
        it away, or removed it); False and the build removes it. Never raises."""
        ...


def settings_for(course: Course, kind: type[S], name: str, options: WriterOptions) -> S:
    """The writer's typed settings: given in the options, else the course's, else defaults."""
    for candidate in (options.settings, course.targets.get(name)):
        if isinstance(candidate, kind):
            return candidate
    return kind()


def target_dir(out: Path, course_id: str, target: str) -> Path:
    return out / course_id / target


__all__ = ["Recycling", "Writer", "WriterOptions", "settings_for", "target_dir"]
