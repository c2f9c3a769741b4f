"""`variants:` of course.yml: other editions of the course (a company SPOC, a campus edition).

```yaml
variants:
  acme:
    title: {fr: "ABC du C — Acme", en: "C basics — Acme"}
    include: [premiers-pas, variables, conditions-boucles]   # week, lesson or item ids
    exclude: [q3-evaluation]
    grading: {pass: 0.6, types: [{type: Quiz, weight: 1.0}]}
    enrollment: {invitation_only: true, catalog_visibility: none, course_visibility: private}
    runs: {2027-acme: {start: 2027-05-03, end: 2027-06-06}}
    description: about-acme.md
    image: images/acme-card.png
```
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from moocforge.i18n import msg
from moocforge.load.cursor import Cursor
from moocforge.load.markdown import read_markdown
from moocforge.load.runs import read_runs, schedule
from moocforge.load.settings import lint_settings
from moocforge.model import Course, Enrollment, Grading, Loc, Section, SettingsLike, Variant

VISIBILITIES = {"catalog_visibility": ("both", "about", "none"),
                "course_visibility": ("private", "public_outline", "public")}


def read_variants(course: Cursor, model: Course, grading: Callable[[Cursor], Grading],
                  lint: Section | None = None) -> tuple[Variant, ...]:
    """The variants of `course`; `lint` is the course's own lint section (catalogue's
    settings included), which a variant's `lint:` extends and overrides."""
    raw = course.get("variants")
    found = []
    known = _known_ids(model)
    for name in (raw if isinstance(raw, dict) else {}):
        here = course.at("variants", name)
        if isinstance(here.value, dict):
            found.append(_variant(here, str(name), model, known, grading, lint))
    return tuple(found)


def _variant(here: Cursor, name: str, model: Course, known: set[str],
             grading: Callable[[Cursor], Grading], lint: Section | None) -> Variant:
    runs = read_runs(here, model.timezone, len(model.weeks))
    description = None
    if isinstance(here.get("description"), str):
        description, _ = read_markdown(here.ctx, "", here.string("description"),
                                       here.loc("description"))
    image = None
    if isinstance(here.get("image"), str):
        image = here.ctx.src.resolve("", here.string("image"), here.loc("image"))
    return Variant(
        id=name, loc=here.key_loc(), include=_ids(here, "include", known),
        exclude=_ids(here, "exclude", known), title=here.opt_text("title"),
        subtitle=here.opt_text("subtitle"), summary=here.opt_text("summary"),
        description=description, image=image,
        number=here.string("number") if here.has("number") else None,
        grading=grading(here) if here.has("grading") else None,
        runs=schedule(model, runs, here), enrollment=_enrollment(here),
        lint=_lint(here, lint), suppressions=here.suppressions())


def _lint(here: Cursor, base: Section | None) -> SettingsLike | None:
    if not isinstance(here.get("lint"), dict):
        return None
    settings, problems = lint_settings(here, base)
    here.ctx.src.diagnostics.extend(problems)
    return settings


def _known_ids(model: Course) -> set[str]:
    ids = {week.id for week in model.weeks}
    ids |= {lesson.id for week in model.weeks for lesson in week.lessons}
    return ids | {item.id for item in model.items}


def _ids(here: Cursor, key: str, known: set[str]) -> tuple[tuple[str, Loc], ...]:
    raw = here.get(key)
    found = []
    for index, value in enumerate(raw if isinstance(raw, list) else []):
        loc = here.loc(key, index)
        if str(value) not in known:
            close = difflib.get_close_matches(str(value), sorted(known), n=1)
            here.ctx.error("MF035", msg("variant {key}: '{value}' is no week, lesson or item id "
                                        "of the course", key=key, value=value), loc,
                           f"did you mean '{close[0]}'?" if close else "check the id")
            continue
        found.append((str(value), loc))
    return tuple(found)


def _enrollment(here: Cursor) -> Enrollment | None:
    entry = here.at("enrollment")
    if not isinstance(entry.value, dict):
        return None
    values: dict[str, str] = {}
    for key, allowed in VISIBILITIES.items():
        value = entry.string(key, allowed[0] if key == "catalog_visibility" else "private")
        if value not in allowed:  # the schema reported it
            value = allowed[0] if key == "catalog_visibility" else "private"
        values[key] = value
    return Enrollment(invitation_only=bool(entry.get("invitation_only", False)),
                      catalog_visibility=values["catalog_visibility"],  # type: ignore[arg-type]
                      course_visibility=values["course_visibility"],  # type: ignore[arg-type]
                      declared=True, loc=entry.key_loc())


__all__ = ["read_variants"]
