"""The catalogue as the commands see it: courses, shared settings, categories, programs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.load.course import Inherited
from moocforge.model import I18nText, Loc

CATALOG_FILE = "catalog.yml"
CATALOG_ROOT = "catalog"  # the root name of catalog.yml positions in course diagnostics


@dataclass(frozen=True, slots=True)
class CatalogCourse:
    id: str
    path: Path  # absolute folder
    rel: str  # as written in catalog.yml
    category: str
    variants: tuple[str, ...] | None  # None: every variant its course.yml declares
    loc: Loc
    variants_loc: Loc | None = None  # `variants:` in catalog.yml


@dataclass(frozen=True, slots=True)
class ProgramCourse:
    ref: str  # `abc-c` or `abc-c:acme`
    required: bool
    min_grade: float | None
    credits: float | None
    loc: Loc

    @property
    def course(self) -> str:
        return self.ref.partition(":")[0]

    @property
    def variant(self) -> str:
        return self.ref.partition(":")[2]

    @property
    def edition(self) -> str:
        return f"{self.course}-{self.variant}" if self.variant else self.course


@dataclass(frozen=True, slots=True)
class Capstone:
    title: I18nText
    summary: I18nText | None
    credits: float | None


@dataclass(frozen=True, slots=True)
class Program:
    id: str
    title: I18nText
    summary: I18nText | None
    languages: tuple[str, ...]
    courses: tuple[ProgramCourse, ...]
    capstone: Capstone | None
    declared_credits: float | None
    loc: Loc

    @property
    def credits(self) -> float:
        if self.declared_credits is not None:
            return self.declared_credits
        own = sum(c.credits or 0 for c in self.courses)
        return own + (self.capstone.credits or 0 if self.capstone else 0)


@dataclass(frozen=True)
class Catalogue:
    root: Path  # absolute folder holding catalog.yml
    title: I18nText
    summary: I18nText | None
    inherited: Inherited
    shared_roots: Mapping[str, Path]
    categories: Mapping[str, I18nText]
    courses: tuple[CatalogCourse, ...]
    programs: tuple[Program, ...]
    languages: tuple[str, ...] = ("en",)
    source: bytes = field(default=b"", repr=False)  # catalog.yml as read (content hashes)

    def course(self, course_id: str) -> CatalogCourse | None:
        return next((c for c in self.courses if c.id == course_id), None)


def is_catalogue(folder: Path) -> bool:
    """A folder with catalog.yml and no course.yml of its own."""
    return (folder / CATALOG_FILE).is_file() and not (folder / "course.yml").is_file()


def find_catalogue(folder: Path) -> Path | None:
    """The catalogue a course folder belongs to: the nearest parent with catalog.yml."""
    for candidate in folder.resolve().parents:
        if (candidate / CATALOG_FILE).is_file():
            return candidate
    return None
