"""Generating the mkdocs project `site-src/`: one tree per language, written incrementally.

    site-src/base.yml            copy of the top-level mkdocs.yml (the settings every site
                                 inherits through `INHERIT:`)
    site-src/overrides/          our Material overrides (theme `custom_dir`)
    site-src/<lang>/mkdocs.yml   this language's settings and navigation
    site-src/<lang>/docs/…       Markdown pages, our JS/CSS (extra assets), course images
    site-src/_media/…            videos and WebVTT tracks, shared by every language tree

Files are rewritten only when their bytes change, so an incremental mkdocs build (preview)
re-renders only the pages whose sources changed.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import hashlib
import json
import os
import pickle
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moocforge.diagnostics import Diagnostic
from moocforge.media.transcripts import plain_text, to_vtt
from moocforge.memo import by_identity, noted_digest
from moocforge.model import Codecast, Course, Loc, Track, Video, Week
from moocforge.render.markdown import EXTENSION_CONFIGS, MARKDOWN_EXTENSIONS
from moocforge.writers.site.build import CONFIG_HEADER
from moocforge.writers.site.offline import offline_page
from moocforge.writers.site.pages import (
    Site,
    home_page,
    item_page,
    item_pages,
    site_path,
    source_pages,
    week_folder,
    week_page,
)
from moocforge.writers.site.quiz import regex_problems
from moocforge.writers.site.strings import MATERIAL_LANGUAGES, language_name, strings
from moocforge.writers.xmltext import xml_clean

DATA = Path(__file__).resolve().parents[2] / "data"  # links to the repository's top level
BASE_CONFIG = DATA / "mkdocs.yml"
THEME = DATA / "themes" / "moocforge"
MEDIA_DIR = "_media"
_MATH = re.compile(r"\\\(|\\\[|\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+(?<=\S)\$(?![\w$])")


@dataclass
class Generated:
    languages: tuple[str, ...]
    multilingual: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changed: dict[str, set[str]] = field(default_factory=dict)  # lang -> changed doc files
    config_changed: set[str] = field(default_factory=set)  # langs whose mkdocs.yml changed
    page_items: dict[str, str] = field(default_factory=dict)  # docs .md path -> item id
    # (lang, week folder) -> what generating that week's pages wrote (`reuse` of generate)
    week_records: dict[tuple[str, str], WeekRecord] = field(default_factory=dict)
    reused_weeks: int = 0  # (lang, week) pairs copied from the previous generation
    site_url: str = ""  # where the site will be served (targets.site.site_url), if known
    preview: bool = False  # the preview server's build: no service worker, live reload
    media_changed: set[Path] = field(default_factory=set)  # files of src/_media written anew

    def config(self, src: Path, lang: str) -> Path:
        return src / lang / "mkdocs.yml"


@dataclass(frozen=True)
class WeekRecord:
    """The pages of one week in one language tree, as a generation wrote them: the next
    build copies them instead of generating them again when the week's `digest` (its model,
    and the course context every page sees) is unchanged."""

    digest: bytes
    files: tuple[str, ...]  # src-relative paths
    assets: frozenset[str]  # course files its pages show (Site.week_assets)
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Reuse:
    """A previous generation to take unchanged weeks and files from."""

    src: Path
    weeks: dict[tuple[str, str], WeekRecord]
    digests: dict[str, bytes] = field(default_factory=dict)  # src-relative -> blake2b-160


@dataclass
class TreeOutput:
    """What generating one language tree gives back (picklable: it may run in a fork)."""

    lang: str
    diagnostics: list[Diagnostic]
    changed: set[str]  # docs-relative files whose bytes changed
    config_changed: bool  # its mkdocs.yml changed
    records: dict[tuple[str, str], WeekRecord]
    written: set[Path]
    reused: int = 0  # weeks copied from the previous generation


def _hard_link(source: Path, path: Path) -> bool:
    """`path` made a hard link to `source` (its folder made if needed); False when the
    file system refuses."""
    try:
        os.link(source, path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, path)
        except OSError:
            return False
    except OSError:
        return False
    return True


# Runs the generation of each (language, job) and gives back each job's output, in order;
# calls the second argument, when there is one, while the jobs run.
TreeRunner = Callable[[Sequence[tuple[str, Callable[[], TreeOutput]]],
                       Callable[[], None] | None], list[TreeOutput]]


class DeferredWrites:
    """A `Writer`'s writes, kept until `flush`: the shared media of a full build are written
    while the language trees are generated and built in forked workers (their pages link to
    the media; nothing reads them before the site is finished)."""

    def __init__(self, out: Writer) -> None:
        self.out = out
        self.kept: list[tuple[Callable[[str, Any], None], str, Any]] = []

    def text(self, rel: str, content: str) -> None:
        self.kept.append((self.out.text, rel, content))

    def copy(self, rel: str, source: Path | builtins.bytes) -> None:
        self.kept.append((self.out.copy, rel, source))

    def flush(self) -> None:
        for write, rel, content in self.kept:
            write(rel, content)
        self.kept.clear()


class Writer:
    """Writes files only when their content changes and remembers what it wrote."""

    def __init__(self, root: Path, reuse: Reuse | None = None) -> None:
        self.root = root
        self.reuse = reuse
        self.written: set[Path] = set()
        self.changed: set[Path] = set()

    def text(self, rel: str, content: str) -> None:
        self.bytes(rel, content.encode("utf-8"))

    def bytes(self, rel: str, content: bytes) -> None:
        path = self.root / rel
        self.written.add(path)
        if self._linked(rel, path, content):
            return
        try:
            if path.read_bytes() == content:
                return
            # A new file, not new bytes in the old one: the site cache shares files by
            # hard links (`incremental`), which an in-place write would change too.
            path.unlink()
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.changed.add(path)

    def copy(self, rel: str, source: Path | builtins.bytes) -> None:
        if isinstance(source, builtins.bytes):
            self.bytes(rel, source)
            return
        path = self.root / rel
        self.written.add(path)
        try:
            stat, own = source.stat(), path.stat()
            if stat.st_size == own.st_size and stat.st_mtime_ns <= own.st_mtime_ns:
                return
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:
            os.link(source, path)  # videos can be large: share the bytes when possible
        except OSError:
            shutil.copy2(source, path)
        self.changed.add(path)

    def _linked(self, rel: str, path: Path, content: builtins.bytes) -> bool:
        """A hard link to the previous generation's file when it holds these bytes (on
        some file systems creating a file costs fifty times as much as a link)."""
        if self.reuse is None or self.reuse.digests.get(rel) != \
                hashlib.blake2b(content, digest_size=20).digest():
            return False
        if not _hard_link(self.reuse.src / rel, path):
            return False
        self.changed.add(path)
        return True

    def link(self, rel: str, source: Path) -> None:
        """`copy` for a folder being written afresh: a hard link, no comparison."""
        path = self.root / rel
        if not _hard_link(source, path):
            self.copy(rel, source)
            return
        self.written.add(path)
        self.changed.add(path)

    def remove_stale(self) -> None:
        written = {str(path) for path in self.written}
        for folder, dirs, files in os.walk(self.root, topdown=False):
            for name in files:
                path = os.path.join(folder, name)
                if path not in written:
                    os.unlink(path)
            for name in dirs:
                path = os.path.join(folder, name)
                if not os.path.islink(path) and not os.listdir(path):
                    os.rmdir(path)


def generate(course: Course, src: Path, *, languages: tuple[str, ...] = (), answers: bool = True,
             preview: bool = False, lint: dict[str, list[Diagnostic]] | None = None,
             site_url: str = "", weeks: set[int] | None = None, reuse: Reuse | None = None,
             record: bool = False, runner: TreeRunner | None = None) -> Generated:
    """Write the mkdocs project of `course` into `src`. With `weeks` (the preview after an
    edit inside those weeks), only their pages are generated again; every other file is
    kept as the last full generation left it. With `record`, what each week wrote is kept in
    `Generated.week_records`; with `reuse`, the pages of weeks whose digest is unchanged are
    copied from that previous generation. `runner` runs the generation of each language
    tree (default: one after the other; the site writer forks them)."""
    course = xml_clean(course)  # the same course when called from `write_site`
    langs = tree_languages(course, languages)
    result = Generated(langs, len(langs) > 1, site_url=site_url.rstrip("/") + "/" * bool(site_url),
                       preview=preview)
    if not BASE_CONFIG.is_file() or not THEME.is_dir():
        result.diagnostics.append(Diagnostic(
            "MF602", "error", f"site theme files are missing ({BASE_CONFIG}, {THEME})",
            hint="reinstall moocforge (its wheel carries moocforge/data/: mkdocs.yml and "
                 "themes/)", rule="site"))
        return result
    out = Writer(src, reuse)
    out.text("base.yml", BASE_CONFIG.read_text("utf-8"))
    for path in sorted((THEME / "overrides").rglob("*")):
        if path.is_file():
            out.copy(f"overrides/{path.relative_to(THEME / 'overrides').as_posix()}", path)
    before_media = set(out.changed)
    deferred = DeferredWrites(out) if runner is not None and weeks is None else None
    media, transcripts = _media(course, deferred or out, result.diagnostics, weeks)

    def media_written() -> None:
        if deferred is not None:
            deferred.flush()
        result.media_changed = out.changed - before_media

    if deferred is None:
        media_written()
    uses_math = _uses_math(course)
    math = _mathjax_dir() if uses_math else None
    if uses_math and math is None:
        result.diagnostics.append(Diagnostic(
            "MF605", "info", "the course has math but MathJax is not installed: formulas "
            "show as TeX source", course.loc, "pip install django-static-mathjax (ships "
            "MathJax 3 for offline use)", rule="site"))
    for quiz in (i for i in course.items if i.kind == "quiz"):
        result.diagnostics.extend(regex_problems(quiz))
    pages = item_pages(course)
    result.page_items = {page: item_id for item_id, page in pages.items()}
    digests = _week_digests_or_none(course, (answers, preview, langs, result.site_url,
                                             lint or {}, pages, media)) \
        if record or reuse else {}

    def tree(lang: str) -> TreeOutput:
        site = Site(course, lang, strings(lang), answers, preview, result.multilingual,
                    lint or {}, pages, source_pages(course, pages), media, transcripts)
        before = set(out.changed), set(out.written)
        weekly = _Weekly(digests, reuse, {}) if digests else None
        _language_tree(site, out, langs, math, result.site_url, weeks, weekly)
        docs = f"{src / lang / 'docs'}{os.sep}"
        return TreeOutput(lang, site.diagnostics,
                          {Path(str(p)[len(docs):]).as_posix() for p in out.changed - before[0]
                           if str(p).startswith(docs)},
                          src / lang / "mkdocs.yml" in out.changed,
                          weekly.records if weekly else {}, out.written - before[1],
                          weekly.reused if weekly else 0)

    jobs = [(lang, functools.partial(tree, lang)) for lang in langs]
    outputs = runner(jobs, media_written if deferred else None) if runner else \
        [job() for _, job in jobs]
    for output in outputs:
        result.diagnostics.extend(output.diagnostics)
        result.changed[output.lang] = output.changed
        if output.config_changed:
            result.config_changed.add(output.lang)
        result.week_records.update(output.records)
        result.reused_weeks += output.reused
        out.written |= output.written
    if weeks is None:
        out.remove_stale()
    return result


def tree_languages(course: Course, languages: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The language trees of the site: the course's languages (those asked for)."""
    langs = tuple(lang for lang in course.languages if not languages or lang in languages)
    return langs or (course.default_lang,)


@dataclass
class _Weekly:
    """Per-week bookkeeping of one generation: digests, the previous one, new records."""

    digests: dict[int, bytes]
    reuse: Reuse | None
    records: dict[tuple[str, str], WeekRecord]
    reused: int = 0


def week_digests(course: Course, settings: tuple[Any, ...]) -> dict[int, bytes]:
    """What the pages of each week are made from: the week (its items, their texts and
    resolved links) and the course context every page sees (the course without its weeks,
    the page of every item, the media, the generation settings). Pickles of the frozen
    model: the same sources give the same bytes in every process."""
    skipped = {"weeks", "documents", "assets", "inventory"}
    context = _digest_of((
        [(f.name, getattr(course, f.name)) for f in dataclasses.fields(course)
         if f.name not in skipped],
        sorted(course.inventory), [d for d in course.documents if not d.item], settings))
    documents: dict[str, list[Any]] = {}
    for doc in course.documents:
        documents.setdefault(doc.item, []).append(doc)
    # a week the loader noted a digest for (from the files its reading depended on) is
    # not serialised again
    return {week.number: _digest_of((context, noted_digest(week) or week,
                                     [documents.get(item.id, []) for item in week.items]))
            for week in course.weeks}


def _week_digests_or_none(course: Course, settings: tuple[Any, ...]) -> dict[int, bytes]:
    """`week_digests`, or none (nothing reused or recorded) for a model that does not
    pickle (a plug-in's item kind, say)."""
    try:
        return week_digests(course, settings)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return {}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


class _Digester(pickle.Pickler):
    """A pickle stream fed to a hash: dataclasses as (class, field values), without the
    generic (slow) `__getstate__` of slotted dataclasses."""

    def reducer_override(self, obj: Any) -> Any:
        names = _FIELD_NAMES.get(type(obj))
        if names is None:
            if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
                return NotImplemented
            names = tuple(f.name for f in dataclasses.fields(obj))
            _FIELD_NAMES[type(obj)] = names
        return type(obj), tuple(getattr(obj, name) for name in names)


def _digest_of(value: Any) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    sink = type("Sink", (), {"write": staticmethod(digest.update)})()
    pickler = _Digester(sink, pickle.HIGHEST_PROTOCOL)
    # No memo: a value shared by two fields (a model read from the cache shares more) must
    # give the bytes two equal copies give.
    pickler.fast = True
    pickler.dump(value)
    return digest.digest()


def _reused_week(site: Site, out: Writer, week: Week, weekly: _Weekly) -> bool:
    """Copy the week's pages from the previous generation when its digest is unchanged."""
    key = (site.lang, week_folder(week))
    found = weekly.reuse.weeks.get(key) if weekly.reuse else None
    if found is None or weekly.reuse is None or found.digest != weekly.digests[week.number]:
        return False
    sources = [weekly.reuse.src / rel for rel in found.files]
    if not all(source.is_file() for source in sources):
        return False
    for rel, source in zip(found.files, sources, strict=True):
        out.link(rel, source)
    site.assets |= found.assets
    site.week_assets[key[1]] = set(found.assets)
    site.diagnostics.extend(found.diagnostics)
    weekly.records[key] = found
    weekly.reused += 1
    return True


def _week_pages(site: Site, out: Writer, week: Week, weekly: _Weekly | None) -> None:
    if weekly is not None and _reused_week(site, out, week, weekly):
        return
    # The week's own files, also those an earlier week shows too: what its offline copy needs.
    docs, course_assets, found = f"{site.lang}/docs", site.assets, len(site.diagnostics)
    site.assets = set()
    files = [f"{docs}/{week_folder(week)}/index.md"]
    out.text(files[0], week_page(site, week))
    for item in week.items:
        files.append(f"{docs}/{site.page_of_item[item.id]}")
        out.text(files[-1], item_page(site, week, item))
    site.week_assets[week_folder(week)] = site.assets
    site.assets = course_assets | site.assets
    if weekly is not None:
        weekly.records[(site.lang, week_folder(week))] = WeekRecord(
            weekly.digests[week.number], tuple(files),
            frozenset(site.week_assets[week_folder(week)]), tuple(site.diagnostics[found:]))


def _language_tree(site: Site, out: Writer, langs: tuple[str, ...], math: Path | None,
                   site_url: str, only: set[int] | None = None,
                   weekly: _Weekly | None = None) -> None:
    lang, course = site.lang, site.course
    docs = f"{lang}/docs"
    out.text(f"{docs}/index.md", home_page(site))
    for week in course.weeks:
        if only is not None and week.number not in only:
            continue  # the preview: its pages and assets are as the last generation left them
        _week_pages(site, out, week, weekly)
    for rel in sorted(site.assets):
        out.copy(f"{docs}/{site_path(rel)}", course.assets.content(rel))
    scripts = [f"assets/moocforge/{name}" for name in SCRIPTS]
    for path in sorted((THEME / "assets").rglob("*")):
        if path.is_file():
            out.copy(f"{docs}/assets/moocforge/{path.relative_to(THEME / 'assets').as_posix()}",
                     path)
    if math is not None:
        for path in _math_files(math):
            out.copy(f"{docs}/assets/mathjax/{path.relative_to(math).as_posix()}", path)
        scripts += ["assets/moocforge/mathjax-config.js", "assets/mathjax/tex-chtml.js"]
    if site.preview:
        scripts.append("assets/moocforge/mf-live.js")
    else:
        out.text(f"{docs}/manifest.webmanifest", _manifest(site))
        out.text(f"{docs}/offline.json", _offline_lists(site, math))
        out.text(f"{docs}/offline.html", offline_page(
            site.text(course.title.get_lang(lang)), site.s["offline_missing"], lang,
            site.s["home"]))
    out.text(f"{lang}/mkdocs.yml", _config(site, langs, scripts, site_url))


# Our scripts, in the order the pages load them (progress first: the quiz widget uses it).
SCRIPTS = ("mf-progress.js", "mf-quiz.js", "mf-site.js")
ICONS = (("icon-192.png", "192x192", "image/png"), ("icon-512.png", "512x512", "image/png"),
         ("icon.svg", "any", "image/svg+xml"))
THEME_COLOR = "#303f9f"  # Material's indigo 700, white text on it: 8.6:1


def _math_files(math: Path) -> list[Path]:
    return [math / "tex-chtml.js",
            *sorted((math / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))]


def _config(site: Site, langs: tuple[str, ...], scripts: list[str], site_url: str) -> str:
    course, lang = site.course, site.lang
    material_lang = lang if lang in MATERIAL_LANGUAGES else "en"
    config: dict[str, Any] = {
        "INHERIT": "../base.yml",
        "site_name": as_html(site.text(course.title.get_lang(lang)), attribute=True),
        "site_description": as_html(course.summary.get_lang(lang), attribute=True)
        if course.summary else "",
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": "../overrides", "language": material_lang,
                  "favicon": "assets/moocforge/icon.svg", "palette": _palette(site)},
        "plugins": [{"search": {"lang": material_lang}}],
        "markdown_extensions": [{name: EXTENSION_CONFIGS[name]} if name in EXTENSION_CONFIGS
                                else name for name in MARKDOWN_EXTENSIONS],
        "extra_css": ["assets/moocforge/mf.css"],
        "extra_javascript": scripts,
        # generator: false drops Material's footer line "Made with …", English in every tree
        "extra": {"moocforge": _page_config(site, len(langs) > 1), "generator": False},
        "nav": _nav(site),
    }
    if site_url:
        config["site_url"] = site_url + (f"{lang}/" if len(langs) > 1 else "")
    if len(langs) > 1:
        config["extra"]["alternate"] = [{"name": language_name(code), "lang": code,
                                         "link": f"../{code}/index.html"} for code in langs]
    # JSON is YAML: writing it needs no YAML emitter (writers import no YAML library), and
    # ASCII-only escapes keep any character of a title readable by mkdocs' YAML parser.
    # One line: with an indent, json's encoder is its pure-Python one (the preview writes
    # the configuration, the whole course's navigation, after every edit).
    return CONFIG_HEADER + json.dumps(config, ensure_ascii=True) + "\n"


def _palette(site: Site) -> list[dict[str, Any]]:
    """Light and dark schemes following the system; our palette partial turns the toggle
    into one button (Material's radio pair is a 0×0 focusable input)."""
    name = site.s["dark_mode"]
    return [{"media": "(prefers-color-scheme: light)", "scheme": "default",
             "primary": "indigo", "accent": "indigo",
             "toggle": {"icon": "material/weather-night", "name": name}},
            {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
             "primary": "indigo", "accent": "indigo",
             "toggle": {"icon": "material/weather-sunny", "name": name}}]


def _page_config(site: Site, multilingual: bool) -> dict[str, Any]:
    """What our scripts read from every page (`<script id="mf-config">`, main.html)."""
    course, s = site.course, site.s
    runs = [{"id": run.id, "start": run.start.at.isoformat() if run.start else "",
             "end": run.end.at.isoformat() if run.end else ""} for run in course.runs]
    return {
        "lang": site.lang, "preview": site.preview, "course": course.id,
        "run": course.run, "runs": runs, "root": "../" if multilingual else "",
        "themeColor": THEME_COLOR,
        "strings": {**s.js("visited", "done", "week_done", "reset_done", "offline_save",
                           "offline_saving", "offline_ready", "offline_failed",
                           "offline_unsupported", "dark_mode")},
    }


def _manifest(site: Site) -> str:
    """The web app manifest of one language tree: the course installs like an app."""
    course, lang = site.course, site.lang
    title = course.title.get_lang(lang)
    manifest = {
        "name": title, "short_name": course.id[:24], "lang": lang,
        "description": course.summary.get_lang(lang) if course.summary else title,
        "id": "./index.html", "start_url": "./index.html", "scope": "./",
        "display": "standalone", "background_color": "#ffffff", "theme_color": THEME_COLOR,
        "icons": [{"src": f"assets/moocforge/{name}", "sizes": sizes, "type": kind,
                   "purpose": "any"} for name, sizes, kind in ICONS],
    }
    return json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"


def _offline_lists(site: Site, math: Path | None) -> str:
    """`offline.json`: per week, each page (site-root-relative URL) and the files it needs
    (videos, tracks, images, player files) that "available offline" downloads."""
    course, lang = site.course, site.lang
    tree = f"{lang}/" if site.multilingual else ""
    shared_math = [f"{tree}assets/mathjax/{p.relative_to(math).as_posix()}"
                   for p in _math_files(math)] if math is not None else []
    codecast = [f"{tree}assets/moocforge/codecast/{p.name}"
                for p in sorted((THEME / "assets" / "codecast").glob("mf-*"))]
    weeks: dict[str, dict[str, list[str]]] = {}
    for week in course.weeks:
        folder = week_folder(week)
        pages: dict[str, list[str]] = {f"{tree}{folder}/index.html": []}
        images = [f"{tree}{site_path(rel)}" for rel in sorted(site.week_assets.get(folder, ()))]
        for item in week.items:
            needs = list(images) + shared_math
            if isinstance(item, Video):
                needs += [site.media[key] for key in
                          (item.file or "", *(f"{item.id}:{code}" for code in item.tracks))
                          if key in site.media]
            if isinstance(item, Codecast):
                needs += codecast
            pages[f"{tree}{site.page_of_item[item.id][:-3]}.html"] = sorted(set(needs))
        weeks[folder] = pages
    return json.dumps({"weeks": weeks}, indent=1, sort_keys=True) + "\n"


def as_html(text: str, attribute: bool = False) -> str:
    """A title as Material prints it from mkdocs.yml: unescaped in text (nav, header,
    footer, page heading) and, for the site name and description, inside `"…"` attributes;
    elsewhere it escapes it itself (`| e`). So only what starts markup is escaped — `<`, and
    `"` for `attribute` values — and `&` stays as written, which is never markup."""
    text = text.replace("\n", " ").strip().replace("<", "&lt;")
    return text.replace('"', "&quot;") if attribute else text


def _nav(site: Site) -> list[Any]:
    lang, s = site.lang, site.s
    nav: list[Any] = [{as_html(s["home"]): "index.md"}]
    for week in site.course.weeks:
        folder = week_folder(week)
        title = as_html(site.text(f"{week.number}. {week.title.get_lang(lang)}"))
        # The week's page gets its title here, not from its heading: mkdocs would read
        # the heading only from Markdown, and the heading is an HTML block.
        heading = site.text(f"{s['week']} {week.number} — {week.title.get_lang(lang)}")
        lessons = [{as_html(site.text(lesson.title.get_lang(lang))): _sections([
            {as_html(site.text(item.title.get_lang(lang))): site.page_of_item[item.id]}
            for item in lesson.items])} for lesson in week.lessons]
        nav.append({title: [{as_html(heading): f"{folder}/index.md"}, *_sections(lessons)]})
    return nav


# Material renders, in every page, the entries of the sections the page is in (with
# navigation.prune) and looks through the children of every section it shows: a lesson of
# 1,000 items would put 1,000 entries in each of its 1,000 pages. Longer lists are cut into
# sections of NAV_SECTION entries ("1–20", "21–40"…), sections of sections beyond that:
# a page then shows and looks through some NAV_SECTION² entries per level, not n.
NAV_SECTION = 20


def _sections(entries: list[Any]) -> list[Any]:
    level = [(number, number, entry) for number, entry in enumerate(entries, start=1)]
    while len(level) > NAV_SECTION:  # (first, last, nav entry) of each group
        groups = [level[start:start + NAV_SECTION]
                  for start in range(0, len(level), NAV_SECTION)]
        level = [(group[0][0], group[-1][1],
                  {f"{group[0][0]}–{group[-1][1]}": [entry for _, _, entry in group]})
                 for group in groups]
    return [entry for _, _, entry in level]


# --------------------------------------------------------------------------- media


def _media(course: Course, out: Writer | DeferredWrites, diagnostics: list[Diagnostic],
           weeks: set[int] | None = None
           ) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Copy videos and WebVTT tracks into `_media/`; transcripts as text for the pages.
    With `weeks` (the preview after an edit inside them), only their videos' files are
    written again: the others' are where the previous generation left them."""
    media: dict[str, str] = {}
    transcripts: dict[tuple[str, str], str] = {}
    for week in course.weeks:
        writes = weeks is None or week.number in weeks
        for item in week.items:
            if isinstance(item, Video):
                _video_media(item, course, out if writes else None, diagnostics, media,
                             transcripts)
    return media, transcripts


def _video_media(item: Video, course: Course, out: Writer | DeferredWrites | None,
                 diagnostics: list[Diagnostic], media: dict[str, str],
                 transcripts: dict[tuple[str, str], str]) -> None:
    if item.file and course.assets.exists(item.file):
        media[item.file] = f"{MEDIA_DIR}/{site_path(item.file)}"
        if out is not None:
            out.copy(media[item.file], course.assets.content(item.file))
    elif item.file:
        diagnostics.append(Diagnostic(
            "MF603", "warning", f"video file '{item.file}' is not here: the page shows "
            "no player", item.loc, "add the file to build a complete site", rule="site",
            item=item.id))
    for lang, track in sorted(item.tracks.items()):
        if not track.cues:
            diagnostics.append(Diagnostic(
                "MF604", "warning", f"transcript '{track.file}' has no readable cue: left "
                "out of the site", Loc.of(track.file), "run `moocforge validate` for the "
                "details", rule="site", item=item.id))
            continue
        target = f"{MEDIA_DIR}/{site_path(track.file).rsplit('.', 1)[0]}.vtt"
        vtt, text = _track_texts(track)
        if out is not None:
            out.text(target, vtt)
        media[f"{item.id}:{lang}"] = target
        if text:
            transcripts[(item.id, lang)] = text


@by_identity(limit=100_000)
def _track_texts(track: Track) -> tuple[str, str]:
    """A transcript as WebVTT and as paragraphs (the preview asks again on every edit)."""
    return to_vtt(track.cues), plain_text(track.cues)


# --------------------------------------------------------------------------- math


def _uses_math(course: Course) -> bool:
    texts = []
    for item in course.items:
        for attribute in ("body", "prompt", "statement", "intro"):
            value = getattr(item, attribute, None)
            if value:
                texts.extend(value.values())
        for question in getattr(item, "questions", ()):
            texts.extend(question.prompt.values())
    return any(_has_math(text) for text in texts)


@functools.lru_cache(maxsize=65536)  # the preview asks on every edit, for every text
def _has_math(text: str) -> bool:
    return _MATH.search(text) is not None


def _mathjax_dir() -> Path | None:
    """MathJax 3 as shipped by the `django-static-mathjax` wheel (no network at view time)."""
    try:
        import mathjax
    except ImportError:
        return None
    for base in getattr(mathjax, "__path__", []):
        candidate = Path(base) / "static" / "mathjax" / "es5"
        if (candidate / "tex-chtml.js").is_file():
            return candidate
    return None
