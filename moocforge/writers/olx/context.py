"""What every step of one OLX tree build shares: course, run, language, profile, losses."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.model import NOWHERE, Course, I18nText, Item, Loc, Moment, Run
from moocforge.writers.olx.markdown import Renderer
from moocforge.writers.olx.settings import OlxSettings
from moocforge.writers.olx.static import StaticFiles
from moocforge.writers.olx.tree import Tree


@dataclass
class Build:
    """One tree: a course run in one language for one profile."""

    course: Course
    run: Run
    run_name: str  # the course url_name (run id, plus -<lang> for a multilingual course)
    lang: str
    profile: str  # "edx" or "fun"
    settings: OlxSettings
    tree: Tree  # the files of the `course/` folder
    static: StaticFiles
    diagnostics: list[Diagnostic] = field(default_factory=list)
    advanced_modules: set[str] = field(default_factory=set)
    url_names: dict[str, str] = field(default_factory=dict)  # url_name -> what claimed it
    graded_counts: dict[str, int] = field(default_factory=dict)  # format -> graded sequentials
    renderer: Renderer = field(default_factory=Renderer)  # shared by the builds of a write

    @property
    def fun(self) -> bool:
        return self.profile == "fun"

    def t(self, text: I18nText | None) -> str:
        return text.get_lang(self.lang) if text is not None else ""

    def md(self, text: str, source_file: str = "", raw_html: bool = True) -> str:
        """Markdown → XHTML fragment; relative links/images resolve from `source_file`'s folder.

        `raw_html=False` for everything but readings: HTML in quiz or prompt text is shown
        as typed (`<stdio.h>`, `a < b`)."""
        if not text.strip():
            return ""
        base = posixpath.dirname(source_file)
        self.static.current_file = source_file
        return self.renderer.render(text, lambda url: self.static.rewrite(url, base),
                                    key=source_file, raw_html=raw_html)

    def text_md(self, text: str, source_file: str = "") -> str:
        """Learner text that is not a reading (quiz, prompt, statement): no raw HTML."""
        return self.md(text, source_file, raw_html=False)

    def loss(self, code: str, message: str, loc: Loc = NOWHERE, hint: str = "",
             item: Item | None = None, severity: Severity = "warning") -> None:
        self.diagnostics.append(Diagnostic(code, severity, message, loc, hint, rule="olx",
                                           item=item.id if item is not None else ""))

    def claim(self, name: str, owner: str, loc: Loc = NOWHERE) -> str:
        """Register a url_name; two blocks with one url_name break Studio's pointers."""
        previous = self.url_names.get(name)
        if previous is not None and previous != owner:
            self.loss("MF534", f"url_name '{name}' is used by both {previous} and {owner}", loc,
                      "rename one of the ids", severity="error")
        self.url_names[name] = owner
        return name

    # ------------------------------------------------------------------ dates

    def date(self, value: Moment | None) -> str | None:
        return iso_utc(value.at) if value is not None else None

    @property
    def start(self) -> str:
        return iso_utc(self.run_start)

    @property
    def run_start(self) -> datetime:
        # a run without a (valid) start was reported by the loader; builds need none
        return self.run.start.at if self.run.start is not None else datetime(1970, 1, 1, tzinfo=UTC)

    @property
    def end(self) -> str:
        if self.run.end:
            return iso_utc(self.run.end.at)
        weeks = max(len(self.course.weeks), 1)
        return iso_utc(self.run_start + timedelta(weeks=weeks))


def iso_utc(moment: datetime) -> str:
    """An aware datetime as Open edX writes it: `2027-03-01T10:00:00Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
