"""Certifying paths as the platforms describe them.

- `build/programs/<id>.discovery.json`: a program record in the shape of Open edX's
  course-discovery API (`/api/v1/programs/`: title, subtitle, type, marketing slug, courses
  with their course runs' keys, authoring organisations, credits);
- `build/programs/<id>.coursera.json`: a Coursera Specialization outline (its courses in
  order, what each requires, the capstone), to enter in Coursera's partner portal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moocforge.catalog.model import Catalogue, Program
from moocforge.ids import course_key


def write_programs(catalogue: Catalogue, cards: Sequence[dict[str, Any]], out: Path
                   ) -> list[Path]:
    by_edition = {card["edition"]: card for card in cards}
    folder = out / "programs"
    written = []
    for program in catalogue.programs:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, record in ((".discovery.json", discovery_record(catalogue, program,
                                                                     by_edition)),
                               (".coursera.json", specialization(catalogue, program,
                                                                 by_edition))):
            path = folder / f"{program.id}{suffix}"
            path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    return written


def _org(catalogue: Catalogue) -> str:
    return str(catalogue.inherited.values.get("org", "ORG"))


def discovery_record(catalogue: Catalogue, program: Program,
                     cards: dict[str, dict[str, Any]]) -> dict[str, Any]:
    lang = program.languages[0] if program.languages else catalogue.languages[0]
    org = _org(catalogue)
    courses = []
    for step in program.courses:
        card = cards.get(step.edition, {})
        number = card.get("number") or step.edition.upper()
        courses.append({
            "key": f"{org}+{number}",
            "title": _text(card.get("title"), lang) or step.edition,
            "required": step.required, "min_grade": step.min_grade, "credits": step.credits,
            "course_runs": [{"key": course_key(org, number, run["id"]), "start": run["start"],
                             "end": run["end"], "pacing_type":
                             "self_paced" if run["self_paced"] else "instructor_paced"}
                            for run in card.get("runs", [])]})
    return {
        "title": program.title.get_lang(lang),
        "subtitle": program.summary.get_lang(lang) if program.summary else "",
        "type": "Professional Certificate", "status": "active",
        "marketing_slug": program.id, "language": lang, "languages": list(program.languages),
        "authoring_organizations": [{"key": org}], "credits": program.credits,
        "courses": courses,
        "capstone": None if program.capstone is None else {
            "title": program.capstone.title.get_lang(lang),
            "credits": program.capstone.credits},
    }


def specialization(catalogue: Catalogue, program: Program,
                   cards: dict[str, dict[str, Any]]) -> dict[str, Any]:
    lang = program.languages[0] if program.languages else catalogue.languages[0]
    return {
        "name": program.title.get_lang(lang),
        "description": program.summary.get_lang(lang) if program.summary else "",
        "language": lang,
        "courses": [{"order": index + 1, "slug": step.edition,
                     "name": _text(cards.get(step.edition, {}).get("title"), lang)
                     or step.edition,
                     "required": step.required, "passing_grade": step.min_grade
                     if step.min_grade is not None else cards.get(step.edition, {}).get("pass"),
                     "weeks": cards.get(step.edition, {}).get("weeks")}
                    for index, step in enumerate(program.courses)],
        "capstone": None if program.capstone is None else {
            "name": program.capstone.title.get_lang(lang),
            "description": program.capstone.summary.get_lang(lang)
            if program.capstone.summary else ""},
        "credits_ects": program.credits,
    }


def _text(value: object, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value or "")
