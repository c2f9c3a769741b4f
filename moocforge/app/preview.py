"""The live preview: build the site for authors, serve it, rebuild on every edit.

A file watcher (watchfiles) reports which files changed. A rebuild reloads the course
(unchanged files come from the memory cache), re-runs the lint rules whose inputs changed
(item and week rules per changed week, `moocforge.rules._incremental`), regenerates the
Markdown of the weeks holding a changed file or a changed finding (everything when
anything outside the weeks changed), and re-renders only the changed pages in a loaded
mkdocs session; a navigation change inside a week reloads the session and re-renders that
week's pages; other settings changes, a first build or a recovery make a full build. Pages poll
`/__moocforge/version?after=N`, which answers as soon as a build newer than N is served
(a long poll: the page reloads when the build is done, not at its next poll). When the
sources have errors the server keeps running and answers every page with the diagnostics;
fixing them recovers. A preview that stops keeps its site for the next one (`save`): the
next first build re-renders only the pages whose Markdown changed meanwhile, once every
file of the site and of its project is found as it was left (`_resume`).
"""

from __future__ import annotations

import functools
import gc
import json
import os
import pickle
import posixpath
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from lxml.html import builder as E

from moocforge.app.linting import lint
from moocforge.app.loading import load
from moocforge.app.static_http import QuietServer, StaticHandler, make_static_server
from moocforge.diagnostics import Diagnostic, has_errors
from moocforge.i18n import msg
from moocforge.model import Course, Week
from moocforge.output import source_date_epoch
from moocforge.process import cpu_count, with_cycle_collection, without_cycle_collection
from moocforge.rules import LintMemo
from moocforge.writers import WriterOptions, settings_for
from moocforge.writers.site.build import (
    BuildResult,
    Conversions,
    PageSession,
    build_in_process,
    can_fork,
    recorded_build,
    recorded_builds,
)
from moocforge.writers.site.html import to_html
from moocforge.writers.site.incremental import Stamp, build_key, file_stamp, tree_stamps
from moocforge.writers.site.package import finish, forked_runner, group_lint, tree_dir
from moocforge.writers.site.pages import diagnostic_entry
from moocforge.writers.site.project import TreeOutput, TreeRunner, generate, tree_languages
from moocforge.writers.site.rawblocks import noting
from moocforge.writers.site.search import fold_search_index, merge_search_index
from moocforge.writers.site.settings import SiteSettings
from moocforge.writers.site.strings import strings

VERSION_PATH = "/__moocforge/version"
LONG_POLL_SECONDS = 20.0
# pages waiting for a build at once (each holds a thread and a connection, of the
# server's `max_connections`); beyond, a page is answered at once and asks again
LONG_POLLS = 32
IDLE_SECONDS = 2.0  # no edit for that long: the author pauses, the watcher collects garbage
_SEARCH_INDEX = Path("search") / "search_index.json"
_WATCHED_SKIP = (".git", "build", "__pycache__", ".cache")
KEPT_FILE = "preview-kept.pickle"


@dataclass(frozen=True)
class _Kept:
    """What a preview that stopped leaves for the next (`Preview.save`)."""

    key: bytes  # moocforge's code, mkdocs and Material, the settings (`_kept_key`)
    layout: tuple[Any, ...]
    configs: dict[str, str]  # lang -> its mkdocs.yml
    src: dict[str, Stamp]  # preview-src/: every file's stamp
    site: dict[str, Stamp]  # preview/: every file's stamp
    # what the site was made from: the course's files as its last rebuild read them, the
    # weeks' folders, the lint findings per item (the next preview's first build takes the
    # files that differ since as an edit: only their weeks are generated again)
    sources: dict[str, Stamp]
    weeks: tuple[tuple[int, str], ...] | None
    lint_by_item: dict[str, list[Diagnostic]]


def _kept_key(site_url: str) -> bytes:
    return build_key(("preview", KEPT_FILE, site_url, source_date_epoch()))


@dataclass
class Preview:
    course_dir: Path
    out: Path
    version: int = 0
    error_page: str | None = None  # set while the sources do not build (see `page_for`)
    errors: list[Diagnostic] = field(default_factory=list)
    languages: tuple[str, ...] = ("en",)  # of the last course that loaded
    title: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    last_seconds: float = 0.0
    full_builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    built: threading.Condition = field(default_factory=threading.Condition)  # version changed
    _trees: dict[str, Any] = field(default_factory=dict)
    _layout: tuple[Any, ...] = ()
    sessions: dict[str, Any] = field(default_factory=dict)  # lang -> PageSession after a full build
    fast_renders: int = 0
    generated_weeks: list[set[int] | None] = field(default_factory=list)  # per rebuild
    _lint_memo: LintMemo = field(default_factory=LintMemo)
    _course: Course | None = None  # the model of the last good rebuild
    _weeks_seen: tuple[tuple[int, str], ...] | None = None  # its weeks' folders
    _sources: dict[str, Stamp] = field(default_factory=dict)  # the files it read (`_stamps`)
    _lint_by_item: dict[str, list[Diagnostic]] = field(default_factory=dict)
    _configs: dict[str, str] = field(default_factory=dict)  # lang -> its mkdocs.yml
    garbage: bool = False  # rebuilt since the last cycle collection
    # lang -> the HTML of each page, for the pages re-rendered after a navigation change
    conversions: dict[str, Conversions] = field(default_factory=dict)
    resumed: bool = False  # the first build re-rendered only what changed since the last run
    _index_stale: bool = False  # a search index could not take a page's new entries
    _site_url: str = ""
    _skip: Callable[[str], bool] = field(init=False, repr=False)  # `_not_source`

    def __post_init__(self) -> None:
        self._skip = _not_source(self.course_dir, self.out)

    @property
    def site(self) -> Path:
        return self.out / "preview"

    @property
    def src(self) -> Path:
        return self.out / "preview-src"

    @property
    def kept(self) -> Path:
        """What the last preview left for the next one to resume from (`save`)."""
        return self.out / KEPT_FILE

    @property
    def templates(self) -> Path:
        """The theme's compiled templates, kept for the sessions loaded after an edit."""
        return self.out / "preview-templates"

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Rebuild after `changed` files were written (None: anything may have changed).
        The cycle collector waits meanwhile: the previous model, mkdocs' pages and the
        sessions are a large heap, and a generation-2 collection (0.3 s on a 2,000-item
        course) in the middle of an edit would be a third of its time; the watcher collects
        once the author pauses (`collect_garbage`)."""
        with self.lock, without_cycle_collection(), noting():
            start = time.monotonic()
            self._rebuild(changed)  # Markdown stashes the HTML it generates unparsed
            self.last_seconds = time.monotonic() - start
            self.garbage = True
            with self.built:
                self.version += 1
                self.built.notify_all()
            if self.error_page is None and not self.sessions:
                self._open_sessions()

    def collect_garbage(self) -> bool:
        """Collect the cycles rebuilds left, if any since the last collection (the watcher
        calls it when no edit came for `IDLE_SECONDS`); True when it collected."""
        with self.lock:
            if not self.garbage:
                return False
            self.garbage = False
            gc.collect()
            return True

    def version_after(self, known: int | None, timeout: float = LONG_POLL_SECONDS) -> int:
        """The version served, once it differs from `known` (at most `timeout` later)."""
        with self.built:
            if known is not None:
                self.built.wait_for(lambda: self.version != known, timeout)
            return self.version

    def _open_sessions(self) -> None:
        """Load each tree once more, after the reload, for the next edits' fast path."""
        for lang, (config, target) in self._trees.items():
            try:
                self.sessions[lang] = PageSession(config, target, self.templates)
            except Exception:
                self.sessions.pop(lang, None)

    def _rebuild(self, changed: set[Path] | None) -> None:
        first = self.version == 0 and not self._layout
        sources = self._stamps(changed)  # before the load: a file saved meanwhile is newer
        # Unchanged files come from the memory cache: the reload parses only what changed.
        loaded = load(self.course_dir)
        if not loaded.ok or loaded.course is None:
            self.diagnostics = loaded.diagnostics
            self._failed(loaded.diagnostics)
            return
        course = loaded.course
        self.languages, self.title = course.languages, course.title.get_lang(course.default_lang)
        findings = [*loaded.diagnostics, *lint(course, memo=self._lint_memo)]
        site_url = settings_for(course, SiteSettings, "site", WriterOptions()).site_url
        self._site_url = site_url
        grouped = group_lint(findings)
        if first:
            changed = self._resume(site_url, sources)
        weeks = self._affected_weeks(course, changed, grouped)
        self.generated_weeks.append(weeks)
        recorded: dict[str, tuple[BuildResult, Conversions]] = {}
        full_for_sure = self.error_page is not None or not self._layout or \
            not self.site.exists()
        runner = self._pipeline(course, recorded, build=full_for_sure) \
            if weeks is None else None
        generated = generate(course, self.src, answers=True, preview=True,
                             lint=grouped, site_url=site_url, weeks=weeks, runner=runner)
        self.diagnostics = [*findings, *generated.diagnostics]
        if has_errors(generated.diagnostics):
            self._failed(generated.diagnostics)
            return
        layout = (generated.languages, generated.multilingual)
        configs = {lang: _read(generated.config(self.src, lang)) for lang in generated.languages}
        renavigated = {lang: _nav_changes(self._configs.get(lang), configs[lang], course)
                       for lang in generated.config_changed}
        full = self.error_page is not None or layout != self._layout or \
            any(pages is None for pages in renavigated.values()) or not self.site.exists()
        problems = []
        if full:
            self.sessions.clear()
        self._trees = {lang: (generated.config(self.src, lang),
                              tree_dir(self.site, generated, lang))
                       for lang in generated.languages}
        built = self._at_once(recorded) if full else {}
        if self.resumed and not full and not self.sessions:
            self._open_sessions()
        for lang in generated.languages:
            pages = generated.changed.get(lang, set())
            if not full and not pages and lang not in renavigated:
                continue
            target = tree_dir(self.site, generated, lang)
            if not full and self._fast(lang, pages, target, renavigated.get(lang)):
                continue
            result = built.get(lang) or self._build(lang, target, full)
            fold_search_index(target)
            problems += [Diagnostic("MF600", "error", msg("mkdocs ({lang}): {text}", lang=lang,
                                                          text=text))
                         for level, text in result.messages if level == "ERROR"]
        if problems:
            self._failed(problems)
            return
        # each tree's index was folded as it was built or merged
        finish(self.src, self.site, generated, self.title, fold=False, all_media=full)
        self.full_builds += full
        self.resumed = self.resumed and not full
        self._index_stale = self._index_stale and not full
        self._layout = layout
        self._configs = configs
        self._course, self._lint_by_item = course, _by_item(grouped)
        self._weeks_seen, self._sources = _week_layout(course), sources
        self.error_page = None
        self.errors = []

    def save(self) -> bool:
        """Leave what the next preview of this course needs to resume from this one's
        site (`KEPT_FILE`: the stamp of every file of the site and of its project, the
        navigation), when the last rebuild succeeded; True when saved. The preview command
        calls it when it stops."""
        with self.lock:
            if self.error_page is not None or not self._layout or self._index_stale:
                return False
            kept = _Kept(_kept_key(self._site_url), self._layout, dict(self._configs),
                         tree_stamps(self.src), tree_stamps(self.site), dict(self._sources),
                         self._weeks_seen, dict(self._lint_by_item))
            partial = self.kept.with_name(f".{KEPT_FILE}.{os.getpid()}")
            try:
                partial.write_bytes(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
                os.replace(partial, self.kept)
            except OSError:
                partial.unlink(missing_ok=True)
                return False
            return True

    def _resume(self, site_url: str, sources: dict[str, Stamp]) -> set[Path] | None:
        """Take up the site the last preview left when nothing touched it or its project
        since (every file's stamp checked): the course's files that differ from those
        its last rebuild read (`sources`: theirs now) are then the edit this first build
        makes, which generates only their weeks and re-renders only the pages whose
        Markdown changed. None when there is nothing to resume from (a full build). The
        file is removed first: a session that stops without saving leaves nothing to
        resume from."""
        try:
            kept = pickle.loads(self.kept.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError):
            return None
        finally:
            self.kept.unlink(missing_ok=True)
        if not isinstance(kept, _Kept) or kept.key != _kept_key(site_url):
            return None
        if not self.site.is_dir() or not self.src.is_dir() or \
                tree_stamps(self.src) != kept.src or tree_stamps(self.site) != kept.site:
            return None
        self._layout, self._configs, self.resumed = kept.layout, kept.configs, True
        self._weeks_seen, self._lint_by_item = kept.weeks, kept.lint_by_item
        return {self.course_dir / rel for rel in kept.sources.keys() | sources.keys()
                if kept.sources.get(rel) != sources.get(rel)}

    def _stamps(self, changed: set[Path] | None) -> dict[str, Stamp]:
        """The stamps of the course's files (those the watcher watches) for this rebuild:
        the last rebuild's with the `changed` ones taken again, or all of them read
        afresh (the first rebuild, a full one, the one after a failed rebuild)."""
        if changed is None or self._course is None or not self._sources:
            return tree_stamps(self.course_dir, self._skip)
        stamps = dict(self._sources)
        for path in changed:
            rel = _relative(path, self.course_dir)
            if rel is None or self._skip(rel):
                continue
            found = file_stamp(str(self.course_dir / rel))
            if found is None:
                stamps.pop(rel, None)
            else:
                stamps[rel] = found
        return stamps

    def _failed(self, diagnostics: list[Diagnostic]) -> None:
        self._course = self._weeks_seen = None  # the next good rebuild regenerates every week
        self.errors = [d for d in diagnostics if d.severity == "error"]
        self.error_page = error_page(self.errors, self.languages[0])

    def page_for(self, path: str, accept_language: str = "") -> str:
        """The diagnostics page in the language of the tree asked for (`/fr/…`), else the
        browser's preferred one among the course's, else the course's first."""
        return error_page(self.errors, pick_language(path, accept_language, self.languages))

    def _affected_weeks(self, course: Course, changed: set[Path] | None,
                        grouped: dict[str, list[Diagnostic]]) -> set[int] | None:
        """The weeks whose pages may differ from the last good rebuild, or None (all):
        those holding a changed file, and those whose lint findings changed. A change
        anywhere else (course.yml, a shared image, a new week) regenerates everything."""
        if changed is None or self._weeks_seen is None or self.error_page is not None or \
                self._weeks_seen != _week_layout(course):
            return None
        folders = {week.number: _folder(week) for week in course.weeks}
        weeks: set[int] = set()
        for path in changed:
            rel = _relative(path, self.course_dir)
            number = next((n for n, folder in folders.items()
                           if rel is not None and rel.startswith(folder + "/")), None)
            if number is None:
                return None
            weeks.add(number)
        now = _by_item(grouped)
        for week in course.weeks:
            if any(self._lint_by_item.get(i.id) != now.get(i.id) for i in week.items):
                weeks.add(week.number)
        return weeks  # the home page (course-level findings, minutes) is always generated

    def _pipeline(self, course: Course, recorded: dict[str, tuple[BuildResult, Conversions]],
                  build: bool) -> TreeRunner | None:
        """When this process may fork (the first build, before the server and the watcher
        start): a tree runner that generates each language tree in a forked worker, in
        parallel, and for a full `build` builds it there at once, the conversion of each
        page recorded (put in `recorded`): a tree's build does not wait for the other
        trees' generation. None for one tree, or when it may not fork."""
        if len(tree_languages(course, ())) < 2 or cpu_count() < 2 or not can_fork():
            return None

        def task(lang: str, job: Callable[[], TreeOutput]
                 ) -> Callable[[], tuple[TreeOutput, tuple[BuildResult, Conversions] | None]]:
            if not build:
                return lambda: (job(), None)
            return functools.partial(_generate_and_record, job, self.src / lang / "mkdocs.yml",
                                     self.site / lang, self.templates)

        return forked_runner(task, recorded)

    def _at_once(self, recorded: dict[str, tuple[BuildResult, Conversions]] | None = None
                 ) -> dict[str, BuildResult]:
        """Full builds of every tree: those `recorded` with their generation, else all at
        once, in forked workers (when this process may fork: the first build, before the
        server and the watcher start), the conversion of each page kept for the edits to
        come."""
        langs = list(self._trees)
        found: list[tuple[BuildResult, Conversions]] | None
        if recorded and all(lang in recorded for lang in langs):
            found = [recorded[lang] for lang in langs]
        else:
            found = recorded_builds([self._trees[lang] for lang in langs], self.templates)
        if found is None:
            return {}
        self.conversions.update((lang, conversions)
                                for lang, (_, conversions) in zip(langs, found, strict=True))
        return {lang: result for lang, (result, _) in zip(langs, found, strict=True)}

    def _build(self, lang: str, target: Path, full: bool) -> BuildResult:
        """One tree built here: in full, or only what changed (`dirty`); a dirty build
        indexes only the pages it rebuilt, so their entries go into the full index kept."""
        index = _keep(target / _SEARCH_INDEX) if not full else None
        with with_cycle_collection():  # a page's Markdown converter is a cycle
            result = build_in_process(self._trees[lang][0], target, dirty=not full,
                                      templates=self.templates,
                                      conversions=self.conversions.setdefault(
                                          lang, Conversions()))
        if index is not None:
            rebuilt = _index_pages(_keep(target / _SEARCH_INDEX))
            (target / _SEARCH_INDEX).unlink(missing_ok=True)  # sites share hard links
            (target / _SEARCH_INDEX).write_bytes(index)
            if rebuilt and not merge_search_index(target, list(_index_pages(index)), rebuilt):
                self._index_stale = True
        return result

    def _fast(self, lang: str, changed: set[str], target: Path,
              renavigated: set[str] | None = None) -> bool:
        """Re-render the changed pages in the loaded mkdocs session; when the navigation
        changed (`renavigated`: the pages of the weeks whose entries changed), in a session
        loaded again with the new navigation."""
        session = self.sessions.get(lang)
        if session is None:
            return False
        docs = self.src / lang / "docs"
        try:
            if renavigated is not None:
                session = self.sessions[lang] = PageSession(*self._trees[lang], self.templates)
                changed = changed | _with_neighbours(session, renavigated)
            for rel in changed:
                if not rel.endswith(".md"):
                    (target / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(docs / rel, target / rel)
            ok = session.render({rel for rel in changed if rel.endswith(".md")},
                                self.conversions.setdefault(lang, Conversions()))
            # the search finds what the edit wrote (an index that does not split into
            # the session's pages is left for the next full build)
            if ok and session.entries and \
                    not merge_search_index(target, session.order, session.entries):
                self._index_stale = True
        except Exception:
            ok = False
        if not ok:
            self.sessions.pop(lang, None)
        self.fast_renders += ok
        return bool(ok)


def _generate_and_record(job: Callable[[], TreeOutput], config: Path, site_dir: Path,
                         templates: Path) -> tuple[TreeOutput, tuple[BuildResult, Conversions]
                                                   | None]:
    """In a forked worker: one language tree generated, then built (unless its pages have
    errors) with every page's conversion."""
    output = job()
    if has_errors(output.diagnostics):
        return output, None
    return output, recorded_build(config, site_dir, templates)


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


def _config_of(text: str | None) -> dict[str, Any] | None:
    """A generated mkdocs.yml (JSON after its comment line)."""
    if not text:
        return None
    try:
        found = json.loads(text.split("\n", 1)[1])
    except (IndexError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _nav_changes(before: str | None, after: str, course: Course) -> set[str] | None:
    """The docs pages of the weeks whose navigation entries changed, when nothing but
    their entries changed in mkdocs.yml; None when a full build is needed (other settings,
    the entries of the weeks themselves)."""
    old, new = _config_of(before), _config_of(after)
    if old is None or new is None:
        return None
    old_nav, new_nav = old.pop("nav", []), new.pop("nav", [])
    if old != new or len(old_nav) != len(new_nav) or len(new_nav) != len(course.weeks) + 1:
        return None
    if [list(entry) for entry in old_nav] != [list(entry) for entry in new_nav]:
        return None  # a week's title changed: it shows on every page
    pages: set[str] = set()
    for was, now in zip(old_nav[1:], new_nav[1:], strict=True):
        if was != now:
            pages |= set(_nav_pages(now))
    return pages


def _nav_pages(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in _nav_pages(value)]
    if isinstance(entry, list):
        return [page for value in entry for page in _nav_pages(value)]
    return []


def _with_neighbours(session: PageSession, pages: set[str]) -> set[str]:
    """The pages and their previous and next pages (whose footer links name them)."""
    found = set(pages)
    for rel in pages:
        file = session.files.get_file_from_path(rel)
        page = file.page if file is not None else None
        for other in (getattr(page, "previous_page", None), getattr(page, "next_page", None)):
            if other is not None and other.file is not None:
                found.add(other.file.src_uri)
    return found


def _not_source(course_dir: Path, out: Path) -> Callable[[str], bool]:
    """Whether a course-relative path is no course source: the build output, caches,
    hidden files (the watcher leaves them out; the stamps of a rebuild's files too)."""
    root, output = f"{course_dir.resolve()}/", f"{out.resolve()}/"

    def skip(rel: str) -> bool:
        parts = rel.split("/")
        if parts[0] in _WATCHED_SKIP or any(part.startswith(".") for part in parts):
            return True
        return f"{root}{rel}/".startswith(output)

    return skip


def _week_layout(course: Course) -> tuple[tuple[int, str], ...]:
    return tuple((week.number, _folder(week)) for week in course.weeks)


def _folder(week: Week) -> str:
    return posixpath.dirname(week.loc.file)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _by_item(grouped: dict[str, list[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    return {key: list(value) for key, value in grouped.items()}


def _keep(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _index_pages(index: bytes | None) -> dict[str, list[dict[str, Any]]]:
    """A search index's entries by page url, in its order; none when it does not read."""
    try:
        docs = json.loads(index or b"")["docs"]
        pages: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            pages.setdefault(str(doc["location"]).split("#", 1)[0], []).append(doc)
    except (ValueError, KeyError, TypeError):
        return {}
    return pages


def pick_language(path: str, accept_language: str, languages: tuple[str, ...]) -> str:
    first = path.lstrip("/").split("/", 1)[0]
    if first in languages:
        return first
    for part in accept_language.split(","):
        code = part.split(";", 1)[0].strip().lower().split("-", 1)[0]
        if code in languages:
            return code
    return languages[0] if languages else "en"


def error_page(diagnostics: list[Diagnostic], lang: str = "en") -> str:
    s = strings(lang)
    listing = E.UL(*[diagnostic_entry(d, s) for d in diagnostics if d.severity == "error"])
    script = E.SCRIPT(
        "var v=null;function p(){fetch('" + VERSION_PATH + "'+(v===null?'':'?after='+v),"
        "{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){"
        "if(v!==null&&t!==v)location.reload();else{v=t;setTimeout(p,50)}})"
        ".catch(function(){setTimeout(p,1000)})}p();")
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(s["build_failed"]),
               E.META(name="viewport", content="width=device-width, initial-scale=1"),
               E.STYLE("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;"
                       "padding:0 1rem;color:#212121;background:#fff}li{margin:.6rem 0}"
                       "h1{color:#b71c1c}code{background:#eceff1;padding:0 .2rem}"
                       "@media (prefers-color-scheme: dark){body{color:#eceff1;"
                       "background:#1e2129}h1{color:#ffcdd2}code{background:#37474f}}")),
        E.BODY(E.MAIN(E.H1(s["build_failed"]), E.P(s["build_failed_hint"]), listing), script),
        lang=lang)
    page.set("class", "mf-build-failed")
    return "<!DOCTYPE html>\n" + to_html(page) + "\n"


class _Handler(StaticHandler):
    preview: Preview
    polls: threading.BoundedSemaphore  # the long polls that may wait (`LONG_POLLS`)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == VERSION_PATH:
            return self._send(str(self._version(_known(query))), "text/plain")
        if self.preview.error_page is not None and (path.endswith((".html", "/")) or
                                                    "." not in path.rsplit("/", 1)[-1]):
            page = self.preview.page_for(path, self.headers.get("Accept-Language", ""))
            return self._send(page, "text/html")
        return super().do_GET()

    def _version(self, known: int | None) -> int:
        if known is None or not self.polls.acquire(blocking=False):
            return self.preview.version_after(None)
        try:
            return self.preview.version_after(known)
        finally:
            self.polls.release()

    def _send(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _known(query: str) -> int | None:
    """`after=N` of a version request: the version the page shows (None: answer now)."""
    value = parse_qs(query).get("after", [""])[0]
    # ASCII: "²" is a digit to isdigit() but not to int()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 18 else None


def make_server(preview: Preview, host: str, port: int,
                allowed_hosts: tuple[str, ...] | list[str] = ()) -> QuietServer:
    """The preview on `host:port`, for localhost, the addresses and `allowed_hosts`."""
    preview.site.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (_Handler,), {"preview": preview,
                                            "polls": threading.BoundedSemaphore(LONG_POLLS)})
    return make_static_server(str(preview.site), host, port, handler, allowed_hosts)


class Watcher:
    """The preview's file watcher (watchfiles): each batch of changes (debounced, so that a
    save of several writes is one batch) rebuilds with the set of changed paths; a quiet
    spell of `IDLE_SECONDS` collects the garbage of the rebuilds before it."""

    def __init__(self, preview: Preview, on_rebuilt: Callable[[Preview], None] | None) -> None:
        self.preview, self.on_rebuilt = preview, on_rebuilt
        self.skip = _not_source(preview.course_dir, preview.out)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Watcher:
        from watchfiles._rust_notify import RustNotify

        # Made here, not in the thread as `watchfiles.watch` would make it on its first
        # iteration: the course's folders are watched once `start` returns, so a file saved
        # right after the preview starts serving is not missed.
        self.notify = RustNotify([str(self.preview.course_dir)], False, False, 300, True,
                                 False)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def relevant(self, change: object, path: str) -> bool:
        """Course sources only: not the build output, caches or hidden files."""
        rel = _relative(Path(path), self.preview.course_dir)
        return rel is not None and not self.skip(rel)

    def _run(self) -> None:
        from watchfiles import Change

        with self.notify as notify:
            while True:  # each batch debounced (50 ms): a save of several writes is one
                raw = notify.watch(50, 10, int(IDLE_SECONDS * 1000), self.stop_event)
                if raw == "timeout":
                    self.preview.collect_garbage()
                    continue
                if not isinstance(raw, set):  # "stop" (or "signal")
                    return
                changed = {Path(path) for change, path in raw
                           if self.relevant(Change(change), path)}
                if changed:
                    self.preview.rebuild(changed)
                    if self.on_rebuilt:
                        self.on_rebuilt(self.preview)


def watch(preview: Preview, on_rebuilt: Callable[[Preview], None] | None = None) -> Watcher:
    """Start watching the course folder; `stop()` the returned watcher to end it."""
    return Watcher(preview, on_rebuilt).start()
