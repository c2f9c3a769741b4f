"""The live preview: build the site for authors, serve it, rebuild on every edit.

A file watcher (watchdog) triggers a rebuild on any change in the course folder. A rebuild
reloads the course, regenerates `site-src/` (only changed files are rewritten) and runs
mkdocs in-process: a full build when the navigation or settings changed, otherwise an
incremental (`dirty`) build that re-renders only the changed pages. Pages poll
`/__moocforge/version` and reload when it changes. When the sources have errors the server
keeps running and answers every page with the diagnostics; fixing them recovers.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml.html import builder as E

from moocforge.app.linting import lint
from moocforge.app.loading import load
from moocforge.app.static_http import QuietServer, StaticHandler, make_static_server
from moocforge.diagnostics import Diagnostic, has_errors
from moocforge.i18n import msg
from moocforge.writers import WriterOptions, settings_for
from moocforge.writers.site.build import PageSession, build_in_process
from moocforge.writers.site.html import to_html
from moocforge.writers.site.package import finish, group_lint, tree_dir
from moocforge.writers.site.pages import diagnostic_entry
from moocforge.writers.site.project import generate
from moocforge.writers.site.search import fold_search_index
from moocforge.writers.site.settings import SiteSettings
from moocforge.writers.site.strings import strings

VERSION_PATH = "/__moocforge/version"
_SEARCH_INDEX = Path("search") / "search_index.json"
_WATCHED_SKIP = (".git", "build", "__pycache__", ".cache")


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
    _trees: dict[str, Any] = field(default_factory=dict)
    _layout: tuple[Any, ...] = ()
    sessions: dict[str, Any] = field(default_factory=dict)  # lang -> PageSession after a full build
    fast_renders: int = 0

    @property
    def site(self) -> Path:
        return self.out / "preview"

    @property
    def src(self) -> Path:
        return self.out / "preview-src"

    def rebuild(self) -> None:
        with self.lock:
            start = time.monotonic()
            self._rebuild()
            self.last_seconds = time.monotonic() - start
            self.version += 1
            if self.error_page is None and not self.sessions:
                self._open_sessions()

    def _open_sessions(self) -> None:
        """Load each tree once more, after the reload, for the next edits' fast path."""
        for lang, (config, target) in self._trees.items():
            try:
                self.sessions[lang] = PageSession(config, target)
            except Exception:
                self.sessions.pop(lang, None)

    def _rebuild(self) -> None:
        loaded = load(self.course_dir)
        if not loaded.ok or loaded.course is None:
            self.diagnostics = loaded.diagnostics
            self._failed(loaded.diagnostics)
            return
        course = loaded.course
        self.languages, self.title = course.languages, course.title.get_lang(course.default_lang)
        findings = [*loaded.diagnostics, *lint(course)]
        site_url = settings_for(course, SiteSettings, "site", WriterOptions()).site_url
        generated = generate(course, self.src, answers=True, preview=True,
                             lint=group_lint(findings), site_url=site_url)
        self.diagnostics = [*findings, *generated.diagnostics]
        if has_errors(generated.diagnostics):
            self._failed(generated.diagnostics)
            return
        layout = (generated.languages, generated.multilingual)
        full = self.error_page is not None or layout != self._layout or \
            bool(generated.config_changed) or not self.site.exists()
        problems = []
        if full:
            self.sessions.clear()
        self._trees = {lang: (generated.config(self.src, lang),
                              tree_dir(self.site, generated, lang))
                       for lang in generated.languages}
        for lang in generated.languages:
            if not full and not generated.changed.get(lang):
                continue
            target = tree_dir(self.site, generated, lang)
            if not full and self._fast(lang, generated.changed[lang], target):
                continue
            index = _keep(target / _SEARCH_INDEX) if not full else None
            result = build_in_process(generated.config(self.src, lang), target, dirty=not full)
            if index is not None:
                (target / _SEARCH_INDEX).write_bytes(index)
            fold_search_index(target)
            problems += [Diagnostic("MF600", "error", msg("mkdocs ({lang}): {text}", lang=lang,
                                                          text=text))
                         for level, text in result.messages if level == "ERROR"]
        if problems:
            self._failed(problems)
            return
        finish(self.src, self.site, generated, self.title)
        self.full_builds += full
        self._layout = layout
        self.error_page = None
        self.errors = []

    def _failed(self, diagnostics: list[Diagnostic]) -> None:
        self.errors = [d for d in diagnostics if d.severity == "error"]
        self.error_page = error_page(self.errors, self.languages[0])

    def page_for(self, path: str, accept_language: str = "") -> str:
        """The diagnostics page in the language of the tree asked for (`/fr/…`), else the
        browser's preferred one among the course's, else the course's first."""
        return error_page(self.errors, pick_language(path, accept_language, self.languages))


    def _fast(self, lang: str, changed: set[str], target: Path) -> bool:
        session = self.sessions.get(lang)
        if session is None:
            return False
        docs = self.src / lang / "docs"
        try:
            for rel in changed:
                if not rel.endswith(".md"):
                    (target / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(docs / rel, target / rel)
            ok = session.render({rel for rel in changed if rel.endswith(".md")})
        except Exception:
            ok = False
        if not ok:
            self.sessions.pop(lang, None)
        self.fast_renders += ok
        return bool(ok)


def _keep(path: Path) -> bytes | None:
    # A dirty build indexes only the re-rendered pages; keep the full index of the last
    # full build instead (search results for the edited page stay one build behind).
    try:
        return path.read_bytes()
    except OSError:
        return None


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
        "var v=null;function p(){fetch('" + VERSION_PATH + "',{cache:'no-store'})"
        ".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)"
        "location.reload();else{v=t;setTimeout(p,300)}}).catch(function(){setTimeout(p,1000)})}"
        "p();")
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

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            return self._send(str(self.preview.version), "text/plain")
        if self.preview.error_page is not None and (path.endswith((".html", "/")) or
                                                    "." not in path.rsplit("/", 1)[-1]):
            page = self.preview.page_for(path, self.headers.get("Accept-Language", ""))
            return self._send(page, "text/html")
        return super().do_GET()

    def _send(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(preview: Preview, host: str, port: int) -> QuietServer:
    preview.site.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (_Handler,), {"preview": preview})
    return make_static_server(str(preview.site), host, port, handler)


def watch(preview: Preview,
          on_rebuilt: Callable[[Preview], object] | None = None) -> Any:
    """Start a watchdog observer that rebuilds (debounced) on any course file change."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    pending = threading.Event()

    class _Changes(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            rel = Path(str(event.src_path)).resolve()
            try:
                parts = rel.relative_to(preview.course_dir.resolve()).parts
            except ValueError:
                return
            if parts and (parts[0] in _WATCHED_SKIP or any(p.startswith(".") for p in parts)):
                return
            pending.set()

    def worker() -> None:
        while True:
            pending.wait()
            time.sleep(0.05)  # let an editor finish writing (save = several events)
            pending.clear()
            preview.rebuild()
            if on_rebuilt:
                on_rebuilt(preview)

    threading.Thread(target=worker, daemon=True).start()
    observer = Observer()
    observer.schedule(_Changes(), str(preview.course_dir), recursive=True)
    observer.start()
    return observer

