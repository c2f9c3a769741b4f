"""Warm site builds: re-render only the pages whose Markdown changed since the last build.

A successful build leaves, under the build folder's cache (`moocforge.cache.store_folder`,
`…/.moocforge-cache/site/<course>/`), hard links to what it produced and a manifest:

    src/             the generated mkdocs project (site-src)
    site/            the built site
    manifest.pickle  the digest of every project file, each week's generation record,
                     mkdocs' messages per language tree, and how the build was made

The next build generates the project again (copying the weeks whose model is unchanged,
`project.Reuse`), compares it file by file with the manifest and, when only pages and
assets of the language trees changed (not `mkdocs.yml` — navigation and settings —, the
theme, the base settings, the set of files), re-renders those pages with mkdocs' own steps
(`PageSession`) into a hard-linked copy of the previous site, merges their search entries
into the previous index and writes the files derived from all pages (`sw.js`, the root
page) again. On any doubt it returns nothing and the caller makes a full build: the result
is byte for byte the full build's. Nothing in the cache or the output is ever written in
place (a changed file is a new file), so the hard links never carry a change across; a
manifest whose files were touched (size, time, inode) is not trusted.

A warm build does not copy the kept site: it moves it into its staging folder
(`State.take_site`), and once the new output has replaced the previous one, the replaced
output becomes the kept copy (`State.adopt`, called by the build through the writer's
`recycle`): only the files the build wrote are linked again. Until then the manifest says
the copy is away (`Pending`), and a build that finds it so makes a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moocforge import cache as facts
from moocforge.output import source_date_epoch
from moocforge.writers.site.build import BuildResult, PageSession
from moocforge.writers.site.project import Generated, Reuse, WeekRecord

STATE_DIR = "site"
MANIFEST = "manifest.pickle"
FORMAT = 2
# More changed pages than this share of a tree: the parallel full build is as fast.
MAX_CHANGED_SHARE = 0.25

Stamp = tuple[int, int, int]  # inode, size, modification time (ns)


@dataclass
class LastBuild:
    """How the build that wrote a manifest was made (tests and benchmarks read it)."""

    mode: str  # "full" or "incremental"
    reason: str = ""  # why a full build (no earlier build, the navigation changed…)
    rendered: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> pages
    reused_weeks: int = 0  # (lang, week) pairs whose Markdown was copied, not generated


@dataclass
class Pending:
    """The kept site copy is away: it became the output. The output it replaced becomes the
    copy once these files (site-relative) are made the new output's again."""

    changed: tuple[str, ...]  # written by the build: linked from the new output
    removed: tuple[str, ...]  # not in the new output


@dataclass
class Manifest:
    key: bytes
    src: dict[str, tuple[Stamp, bytes]]  # src-relative path -> stamp, content digest
    site: dict[str, Stamp]  # site-relative path -> stamp
    weeks: dict[tuple[str, str], WeekRecord]
    messages: dict[str, list[tuple[str, str]]]  # lang -> mkdocs' (level, text)
    last: LastBuild
    pending: Pending | None = None
    format: int = FORMAT


@dataclass
class State:
    """The cache of one course edition's site builds."""

    folder: Path
    key: bytes
    taken: bool = False  # the kept site copy was moved into this build's staging

    @property
    def templates(self) -> Path:
        """Compiled theme templates, shared by the builds of every course in the cache."""
        return self.folder.parent / f".templates-{templates_version()}"

    @classmethod
    def of(cls, edition: str, settings: tuple[Any, ...]) -> State | None:
        """The state of `edition` in the active cache; None without one (`--no-cache`, a
        library call without a cache folder)."""
        store = facts.active()
        if not store.enabled or store.folder is None:
            return None
        name = edition.replace(os.sep, "_").lstrip(".") or "course"
        return cls(store.folder / STATE_DIR / name, build_key(settings))

    def _manifest(self) -> Manifest | None:
        try:
            manifest = pickle.loads((self.folder / MANIFEST).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError):
            return None
        if not isinstance(manifest, Manifest) or manifest.format != FORMAT or \
                manifest.key != self.key:
            return None
        return manifest

    def load(self) -> Manifest | None:
        """The last build's manifest when its files are as it left them."""
        manifest = self._manifest()
        if manifest is None or manifest.pending is not None:
            return None
        src, site = f"{self.folder}/src/", f"{self.folder}/site/"
        intact = all(file_stamp(src + rel) == stamp for rel, (stamp, _) in manifest.src.items()) \
            and all(file_stamp(site + rel) == stamp for rel, stamp in manifest.site.items())
        return manifest if intact else None

    def reuse(self, manifest: Manifest | None) -> Reuse | None:
        if manifest is None:
            return None
        return Reuse(self.folder / "src", manifest.weeks,
                     {rel: digest for rel, (_, digest) in manifest.src.items()})

    def take_site(self, into: Path) -> bool:
        """Move the kept copy of the last site to `into`, an empty folder, for this build
        to write over; False when it cannot be moved (then it is to be linked)."""
        try:
            os.rmdir(into)
        except OSError:
            return False
        try:
            os.rename(self.folder / "site", into)
        except OSError:
            into.mkdir()
            return False
        self.taken = True
        return True

    def adopt(self, replaced: Path, current: Path) -> bool:
        """Make `replaced`, the output `current` replaced, the kept copy of `current`: True
        when it was taken (kept, or removed when that failed). The next `load` checks every
        file's stamp, so a `replaced` that was not the copy's twin only costs a full build."""
        manifest = self._manifest()
        site = self.folder / "site"
        if manifest is None or manifest.pending is None or os.path.lexists(site):
            return False
        try:
            os.rename(replaced, site)
        except OSError:
            return False
        try:
            _relink(site, current, manifest.pending)
            manifest.pending = None
            self._write_manifest(manifest)
        except OSError:
            (self.folder / MANIFEST).unlink(missing_ok=True)
            _remove(site)
        return True

    def _write_manifest(self, manifest: Manifest) -> None:
        partial = self.folder / f".{MANIFEST}.{os.getpid()}"
        partial.write_bytes(pickle.dumps(manifest, pickle.HIGHEST_PROTOCOL))
        os.replace(partial, self.folder / MANIFEST)

    def save(self, src: Path, site: Path, generated: Generated, digests: dict[str, bytes],
             messages: dict[str, list[tuple[str, str]]], last: LastBuild,
             previous: Manifest | None) -> None:
        """Keep this build (hard links) and its manifest. Without a manifest the state is
        not trusted, so the old one goes first and the new one is written last: an
        interrupted save leaves a state the next build ignores (and rebuilds in full).
        Only the files that differ from the previous state are linked again: deleting
        and re-linking thousands of files costs more than a warm build."""
        manifest_path = self.folder / MANIFEST
        try:
            manifest_path.unlink(missing_ok=True)
            if previous is None:
                _remove(self.folder / "src")
                _remove(self.folder / "site")
            known_src = {rel: stamp for rel, (stamp, _) in previous.src.items()} \
                if previous else {}
            src_stamps = sync_tree(src, self.folder / "src", known_src)
            pending = None
            if self.taken and previous is not None:
                site_stamps = tree_stamps(site)
                pending = Pending(
                    tuple(sorted(rel for rel, stamp in site_stamps.items()
                                 if previous.site.get(rel) != stamp)),
                    tuple(sorted(previous.site.keys() - site_stamps.keys())))
            else:
                site_stamps = sync_tree(site, self.folder / "site",
                                        previous.site if previous else {})
            kept = {rel: (stamp, digests.get(rel) or _digest(f"{self.folder}/src/{rel}"))
                    for rel, stamp in src_stamps.items()}
            self._write_manifest(Manifest(self.key, kept, site_stamps, generated.week_records,
                                          messages, last, pending))
        except OSError:
            _remove(self.folder)


def _versions(*names: str) -> list[str]:
    from importlib import metadata

    found = []
    for name in names:
        try:
            found.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            found.append("-")
    return found


def templates_version() -> str:
    """What compiled templates depend on besides their source: Jinja, mkdocs' and
    Material's environments, Python."""
    found = _versions("mkdocs", "mkdocs-material", "jinja2")
    return hashlib.blake2b(repr((found, sys.version)).encode(), digest_size=6).hexdigest()


def build_key(settings: tuple[Any, ...]) -> bytes:
    """What a kept build is valid for: moocforge's code, mkdocs and Material, Python, and
    the writer's settings."""
    versions = _versions("mkdocs", "mkdocs-material")
    return hashlib.blake2b(facts.code_salt() + pickle.dumps(
        (FORMAT, sys.version, versions, settings), pickle.HIGHEST_PROTOCOL),
        digest_size=20).digest()


def last_build(folder: Path, edition: str) -> LastBuild | None:
    """How the last kept site build of `edition` under cache `folder` was made."""
    try:
        manifest = pickle.loads((folder / STATE_DIR / edition / MANIFEST).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return manifest.last if isinstance(manifest, Manifest) else None


# --------------------------------------------------------------------------- files


def file_stamp(path: str) -> Stamp | None:
    """The file's stamp, None when it is not there."""
    try:
        return _stamp_of(os.lstat(path))
    except OSError:
        return None


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _digest(path: str | Path) -> bytes:
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=20).digest()


def _files(root: Path, skip: Callable[[str], bool] | None = None
           ) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(root-relative path, entry) of every file under `root`, sorted per folder; not
    those under a folder (or those) whose root-relative path `skip` refuses."""
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda e: e.name)
        for entry in found:
            rel = prefix + entry.name
            if skip is not None and skip(rel):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((rel + "/", entry.path))
            else:
                yield rel, entry


def link_tree(source: Path, dest: Path) -> dict[str, Stamp]:
    """Hard-link every file of `source` into `dest` (copies where links fail); the stamps
    of the linked files."""
    stamps: dict[str, Stamp] = {}
    made: set[str] = set()
    root = str(dest) + "/"
    for rel, entry in _files(source):
        linked = _replace_with_link(entry.path, root + rel, made)
        stamps[rel] = _stamp_of(entry.stat(follow_symlinks=False) if linked  # the same inode
                                else os.lstat(root + rel))
    return stamps


def tree_stamps(root: Path, skip: Callable[[str], bool] | None = None) -> dict[str, Stamp]:
    """The stamp of every file under `root` (but those `skip` refuses: see `_files`)."""
    return {rel: _stamp_of(entry.stat(follow_symlinks=False))
            for rel, entry in _files(root, skip)}


def _relink(copy: Path, source: Path, pending: Pending) -> None:
    """Make `copy` hold `source`'s files again where `pending` says they differ."""
    for rel in pending.removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(copy / rel)
        _prune_empty(copy, (copy / rel).parent)
    made: set[str] = set()
    for rel in pending.changed:
        _replace_with_link(f"{source}/{rel}", f"{copy}/{rel}", made)


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _replace_with_link(source: str, target: str, made: set[str]) -> bool:
    """Replace `target` by a hard link to `source` (its folder made once: `made`); False
    when it had to be a copy (another file system, no links there)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
        return False
    return True


def sync_tree(source: Path, dest: Path, known: dict[str, Stamp]) -> dict[str, Stamp]:
    """Make `dest` (whose files have the `known` stamps) hold hard links to the files of
    `source`, touching only what differs; the stamps of `dest`'s files."""
    stamps: dict[str, Stamp] = {}
    root = f"{dest}/"
    made: set[str] = set()
    for rel, entry in _files(source):
        stamp = _stamp_of(entry.stat(follow_symlinks=False))
        if known.get(rel) != stamp and not _replace_with_link(entry.path, root + rel, made):
            stamp = _stamp_of(os.lstat(root + rel))  # a copy: an inode of its own
        stamps[rel] = stamp
    for rel in known.keys() - stamps.keys():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root + rel)
    return stamps


def src_digests(src: Path, previous: Manifest) -> dict[str, bytes]:
    """The content digest of every file of the generated project; files that are the
    previous build's (same inode, size and time) are not read again."""
    digests = {}
    for rel, entry in _files(src):
        known = previous.src.get(rel)
        if known is not None and known[0] == _stamp_of(entry.stat(follow_symlinks=False)):
            digests[rel] = known[1]
        else:
            digests[rel] = _digest(entry.path)
    return digests


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    """What changed in each language tree's docs: pages to render, files to copy."""

    pages: dict[str, set[str]]  # lang -> docs-relative .md paths
    copies: dict[str, set[str]]  # lang -> docs-relative other files
    media: bool  # a file under _media/ changed


def plan(previous: Manifest, digests: dict[str, bytes], generated: Generated
         ) -> tuple[Plan | None, str]:
    """The pages to re-render, or None and the reason a full build is needed."""
    if set(digests) != set(previous.src):
        return None, "files were added or removed"
    changed = {rel for rel, digest in digests.items() if previous.src[rel][1] != digest}
    result = Plan({lang: set() for lang in generated.languages},
                  {lang: set() for lang in generated.languages}, False)
    for rel in changed:
        first, _, rest = rel.partition("/")
        if first == "_media":
            result.media = True
            continue
        docs = rest.partition("/")
        if first not in result.pages or docs[0] != "docs":
            return None, f"{rel} changed (navigation, settings or theme)"
        (result.pages if rel.endswith(".md") else result.copies)[first].add(docs[2])
    for lang, pages in result.pages.items():
        total = sum(1 for rel in digests if rel.startswith(f"{lang}/docs/") and
                    rel.endswith(".md"))
        if len(pages) > MAX_CHANGED_SHARE * max(total, 1):
            return None, f"{len(pages)} of {total} pages changed"
    return result, ""


# --------------------------------------------------------------------------- rendering


@dataclass
class TreeResult:
    ok: bool
    messages: list[tuple[str, str]]
    entries: dict[str, list[dict[str, Any]]]  # page url -> its search entries
    order: list[str]  # page urls in build order
    rendered: tuple[str, ...]


def render_tree(config: Path, docs: Path, tree: Path, pages: set[str], copies: set[str],
                templates: Path | None = None) -> TreeResult:
    """Re-render `pages` and copy `copies` (docs-relative) into `tree`, a hard-linked copy
    of the previous build: each output is unlinked first, never written into."""
    for rel in sorted(copies):
        (tree / rel).unlink(missing_ok=True)
        shutil.copyfile(docs / rel, tree / rel)
    if not pages:
        return TreeResult(True, [], {}, [], ())
    session = PageSession(config, tree, templates)
    if session.search is None:
        return TreeResult(False, [], {}, session.order, ())
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch())  # as the full build has it
    try:
        ok = session.render(pages, replace_outputs=True)
    finally:
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return TreeResult(ok, session.messages, session.entries, session.order,
                      tuple(sorted(pages)))


def kept_messages(previous: list[tuple[str, str]], result: TreeResult
                  ) -> list[tuple[str, str]]:
    """mkdocs' messages as a full build gives them: the previous build's, except those
    about a re-rendered page, then the new ones."""
    rendered = {f"'{rel}'" for rel in result.rendered}
    kept = [(level, text) for level, text in previous
            if not any(name in text for name in rendered)]
    return kept + result.messages


def as_results(messages: dict[str, list[tuple[str, str]]], languages: tuple[str, ...]
               ) -> list[BuildResult]:
    return [BuildResult(True, list(messages.get(lang, []))) for lang in languages]
