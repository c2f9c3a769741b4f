"""`- {exercise: exercises/x/}`: a code exercise folder (exercise.yml, statement, code,
tests, wrong solutions, limits)."""

from __future__ import annotations

import difflib
import posixpath
from pathlib import Path

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.i18n import msg
from moocforge.load.cursor import Cursor, LoadContext
from moocforge.load.items.common import (
    Entry,
    SkipItem,
    common,
    item_id,
    item_title,
    key_locs,
)
from moocforge.load.markdown import read_markdown
from moocforge.load.sources import CourseSources
from moocforge.load.yamlpos import YamlDoc
from moocforge.model import Exercise, ExerciseTest, I18nText, Limits, Loc, WrongSolution

EXERCISE_FILE = "exercise.yml"


def read(entry: Entry) -> Exercise:
    folder = entry.resolve("exercise", kind="folder")
    ctx = entry.ctx
    exfile = f"{folder}/{EXERCISE_FILE}"
    if not ctx.src.is_file(exfile):
        entry.cursor.error("MF020", msg("exercise folder '{value}' has no {EXERCISE_FILE}",
                                        value=entry.ref('exercise'),
                                        EXERCISE_FILE=EXERCISE_FILE),
                           msg("create {exfile}", exfile=exfile), "exercise")
        raise SkipItem
    ctx.src.referenced.add(exfile)
    doc = ctx.src.read_yaml(exfile, "exercise", entry.cursor.loc("exercise"))
    if doc is None:
        raise SkipItem
    own = Cursor(ctx, doc, exfile)
    iid = item_id(entry, entry.ref("exercise"), own)
    title = item_title(entry, own.text("title"), iid)
    return exercise(own, folder, common(entry, iid, title, own), entry)


def exercise(own: Cursor, folder: str, fields: dict[str, object],
             entry: Entry | None = None) -> Exercise:
    """The model of an exercise from its exercise.yml and the ItemBase fields (and the
    week.yml entry naming it, when there is one)."""
    ctx = own.ctx
    checker = _path(own, folder, "checker")
    tests = _tests(own, checker)
    statement = I18nText({}, ctx.default_lang)
    if isinstance(own.get("statement"), str):
        statement, _ = read_markdown(ctx, folder, own.string("statement"), own.loc("statement"))
    starter, _ = _code(own, folder, "starter")
    solution, solution_file = _code(own, folder, "solution")
    flags = own.get("compile_flags")
    return Exercise(**fields,  # type: ignore[arg-type]
                    dir=folder, path=ctx.src.path(folder),
                    language=own.string("language", "c"),  # type: ignore[arg-type]
                    statement=statement, starter=starter, solution=solution,
                    solution_file=solution_file, tests=tests, checker=checker,
                    wrong=_wrong(own, folder, {t.name for t in tests}), limits=_limits(own),
                    compile_flags=tuple(str(f) for f in flags) if isinstance(flags, list)
                    else (), key_locs=key_locs(own, entry))


def _path(own: Cursor, folder: str, key: str) -> str | None:
    if not isinstance(own.get(key), str):
        return None
    return own.ctx.src.resolve(folder, own.string(key), own.loc(key))


def _code(own: Cursor, folder: str, key: str) -> tuple[str, str]:
    rel = _path(own, folder, key)
    text = own.ctx.src.read_text(rel, own.loc(key)) if rel else None
    return text or "", rel or ""


def _tests(own: Cursor, checker: str | None) -> tuple[ExerciseTest, ...]:
    tests = []
    names: set[str] = set()
    for index, raw in own.items("tests"):
        name = raw.string("name")
        if name in names:
            own.ctx.error("MF022", msg("duplicate test name '{name}'", name=name), raw.loc(),
                          msg("give every test a name of its own"))
        names.add(name)
        if not raw.has("expected") and checker is None:
            own.ctx.error("MF012", msg("test '{name}' has no `expected:` output and the exercise "
                                       "has no `checker:`",
                                       name=name),
                          raw.loc(), msg("add the expected standard output"))
        args = raw.get("args")
        expected = raw.get("expected")
        tests.append(ExerciseTest(
            name=name, stdin=raw.string("stdin"),
            args=tuple(str(a) for a in args) if isinstance(args, list) else (),
            expected_stdout=str(expected) if expected is not None else None,
            compare=raw.string("compare", "exact"),  # type: ignore[arg-type]
            tolerance=raw.number("tolerance", 1e-6) or 0.0,
            exit_code=raw.integer("exit_code", 0) if raw.get("exit_code", 0) is not None
            else None,
            hidden=bool(raw.get("hidden", False)), feedback=raw.opt_text("feedback"),
            loc=own.loc("tests", index)))
    return tuple(tests)


def _wrong(own: Cursor, folder: str, names: set[str]) -> tuple[WrongSolution, ...]:
    found = []
    for _, raw in own.items("wrong"):
        loc = raw.loc()
        rel = own.ctx.src.resolve(folder, raw.string("file"), loc)
        fails = raw.get("fails")
        declared = [str(n) for n in fails] if isinstance(fails, list) else []
        for name in declared:
            if name not in names:
                close = difflib.get_close_matches(name, sorted(names), n=1)
                own.ctx.error("MF023", msg("wrong solution declares unknown test '{name}'",
                                           name=name), loc,
                              f"did you mean '{close[0]}'?" if close else
                              "name a test of this exercise")
        if rel:
            found.append(WrongSolution(path=own.ctx.src.path(rel), file=rel, fails=tuple(declared),
                                       feedback=raw.opt_text("feedback"), loc=loc))
    return tuple(found)


def _limits(own: Cursor) -> Limits:
    raw = own.at("limits")
    default = Limits()
    return Limits(time_s=raw.number("time", default.time_s) or default.time_s,
                  memory_mb=raw.integer("memory", default.memory_mb),
                  output_kb=raw.integer("output", default.output_kb),
                  processes=raw.integer("processes", default.processes))


def load_exercise(folder_path: Path, languages: tuple[str, ...] = ()
                  ) -> tuple[Exercise | None, list[Diagnostic]]:
    """Read one exercise folder that belongs to no course (`moocforge grade` on a lone
    folder); diagnostics name files relative to the folder's parent. Without `languages`,
    they are those of the exercise's title (`{fr: …, en: …}`), else English."""
    folder = folder_path.resolve()
    ctx = LoadContext(CourseSources(folder.parent), languages=languages or ("en",))
    name = folder.name
    exfile = posixpath.join(name, EXERCISE_FILE)
    if not ctx.src.is_file(exfile):
        ctx.error("MF020", msg("'{name}' has no {EXERCISE_FILE}", name=name,
                               EXERCISE_FILE=EXERCISE_FILE), Loc(name), msg("create {exfile}",
                                                                              exfile=exfile))
        return None, sorted_diagnostics(ctx.src.diagnostics)
    doc = ctx.src.read_yaml(exfile, "exercise")
    if doc is None:
        return None, sorted_diagnostics(ctx.src.diagnostics)
    title = doc.data.get("title") if isinstance(doc.data, dict) else None
    if not languages and isinstance(title, dict) and title:
        ctx.languages = tuple(str(lang) for lang in title)
    own = Cursor(ctx, doc, exfile)
    entry = Entry(Cursor(ctx, YamlDoc({"exercise": name}), exfile), "")
    iid = item_id(entry, name, own)
    fields = common(entry, iid, item_title(entry, own.text("title"), iid), own)
    fields["loc"] = Loc(exfile, 1, 1)
    return exercise(own, name, fields), sorted_diagnostics(ctx.src.diagnostics)
