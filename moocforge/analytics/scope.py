"""Which runs of which courses a stats session covers, and the tables that describe them.

Stats take a list of (course model, run) pairs — the runs of one course for `moocforge
stats`, every session of a catalogue later — and give one row per course × run. A run of a
multilingual course is several platform runs (`ids.run_name`: `2027-spring-fr`, `-en`);
their events all count for the one run, and a learner enrolled in two of them is one
learner.

`passed` follows a platform rule, chosen per run: the `--passed-rule` override, else
`targets.stats.passed_rule` in course.yml, else the source (Coursera data → `coursera`),
else the OLX profile (`targets.olx.profile: fun` → `fun`), else `threshold`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from moocforge.analytics.catalog import block_rows, catalog
from moocforge.diagnostics import Diagnostic
from moocforge.ids import course_key, run_name
from moocforge.model import Course, Loc, Run

PASSED_RULES = ("threshold", "fun", "coursera")


@dataclass(frozen=True)
class RunScope:
    key: int  # the run's number in this session: every fact table's run_key
    course: Course
    run: Run
    pass_rule: str
    pass_threshold: float
    lang: str  # the report's language (item and week titles)

    @property
    def label(self) -> str:
        return f"{self.course.edition} {self.run.id}"

    def platform_runs(self) -> list[tuple[str, str]]:
        """(platform run name, language) of each language of the course."""
        names = {run_name(self.course, self.run, lang): lang for lang in self.course.languages}
        return sorted(names.items())

    def platform_keys(self) -> list[str]:
        """Every course id its events may carry: `course-v1:O+N+R` and the old `O/N/R`,
        for each platform run and for the bare run id (a course built before it had a
        second language)."""
        keys = []
        for name in sorted({n for n, _ in self.platform_runs()} | {self.run.id}):
            keys.append(course_key(self.course.org, self.course.number, name))
            keys.append(f"{self.course.org}/{self.course.number}/{name}")
        return keys


def _setting(course: Course, target: str, key: str) -> object:
    """A target setting, whether the model holds it as a raw mapping or typed settings."""
    settings = course.targets.get(target)
    if settings is None:
        return None
    if isinstance(settings, Mapping):
        return settings.get(key)
    return getattr(settings, key, None)


def _configured_rule(course: Course) -> str | None:
    rule = _setting(course, "stats", "passed_rule")
    if rule in PASSED_RULES:
        return str(rule)
    return "fun" if _setting(course, "olx", "profile") == "fun" else None


def date_text(value: object) -> str | None:
    """A run date as text: a resolved moment's own text, or the source string."""
    if value is None:
        return None
    return str(getattr(value, "text", value))


def make_scopes(pairs: Iterable[tuple[Course, Run]], *, passed_rule: str | None = None,
                source_rule: str | None = None, lang: str | None = None,
                pass_threshold: float | None = None) -> list[RunScope]:
    """One RunScope per (course, run) pair, numbered in the order given."""
    scopes = []
    for key, (course, run) in enumerate(pairs, start=1):
        rule = passed_rule or _configured_rule(course) or source_rule or "threshold"
        threshold = course.grading.pass_threshold if pass_threshold is None else pass_threshold
        scopes.append(RunScope(key=key, course=course, run=run, pass_rule=rule,
                               pass_threshold=float(threshold),
                               lang=lang if lang in course.languages else course.default_lang))
    return scopes


def select_runs(course: Course, wanted: Sequence[str]) -> tuple[list[Run], list[Diagnostic]]:
    """The runs named by `--run` (a run id or a platform run name), else every run."""
    if not wanted:
        return list(course.runs), []
    found: list[Run] = []
    problems = []
    for name in wanted:
        run = next((r for r in course.runs if name == r.id
                    or name in {run_name(course, r, lang) for lang in course.languages}), None)
        if run is None:
            known = ", ".join(r.id for r in course.runs) or "none"
            problems.append(Diagnostic(
                "MF907", "error", f"--run {name}: the course has no such run", course.loc,
                f"runs declared in course.yml: {known}", rule="stats-input"))
        elif run not in found:
            found.append(run)
    return found, problems


# ----------------------------------------------------------------------------- tables

# Column types in a small vocabulary every backend maps to its own (see backend.py).
TABLES: dict[str, list[tuple[str, str]]] = {
    "runs": [("run_key", "INT"), ("course_id", "TEXT"), ("run_id", "TEXT"), ("title", "TEXT"),
             ("start", "TEXT"), ("end_date", "TEXT"), ("platform_runs", "TEXT"),
             ("pass_rule", "TEXT"), ("pass_threshold", "DOUBLE"), ("lang", "TEXT")],
    "platform_keys": [("course_key", "TEXT"), ("run_key", "INT")],
    "items": [("run_key", "INT"), ("item_id", "TEXT"), ("url_name", "TEXT"),
              ("kind", "TEXT"), ("ord", "INT"), ("week", "INT"), ("seq", "TEXT"),
              ("tab", "INT"), ("title", "TEXT"), ("lesson_title", "TEXT"), ("loc", "TEXT"),
              ("graded", "INT"), ("duration", "DOUBLE")],
    "blocks": [("run_key", "INT"), ("url_name", "TEXT"), ("item_id", "TEXT")],
    "weeks": [("run_key", "INT"), ("week", "INT"), ("title", "TEXT")],
}


def scope_rows(scopes: Sequence[RunScope]) -> dict[str, list[tuple]]:
    """The rows of every course-side table for these runs."""
    rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
    for s in scopes:
        c, run = s.course, s.run
        rows["runs"].append((s.key, c.edition, run.id, c.title.get_lang(s.lang),
                             date_text(run.start), date_text(run.end),
                             " ".join(n for n, _ in s.platform_runs()), s.pass_rule,
                             s.pass_threshold, s.lang))
        rows["platform_keys"].extend((k, s.key) for k in s.platform_keys())
        rows["items"].extend(
            (s.key, i.item_id, i.url_name, i.kind, i.ord, i.week, i.lesson_url_name, i.tab,
             i.title, i.lesson_title, i.loc, int(i.graded), i.duration)
            for i in catalog(c, s.lang))
        rows["blocks"].extend((s.key, url, item) for url, _type, item in block_rows(c))
        rows["weeks"].extend((s.key, w.number, w.title.get_lang(s.lang)) for w in c.weeks)
    return rows


def course_loc(scopes: Sequence[RunScope]) -> Loc:
    return scopes[0].course.loc if scopes else Loc("")
