"""One language's kit folder: file writing, Markdown rendering, and asset/link rewriting.

Relative links in course Markdown point at files next to the source; in the kit they must
point at copies next to the item's files (`<stem>-assets/…`) or, for links to another
reading, at that reading's HTML page. A link that leaves the course folder or names a
missing file is an error: the kit would ship a broken page.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import queue
import re
import shutil
import stat
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Loc
from moocforge.output import new_mode, umask
from moocforge.render.markdown import is_relative_url, renderer
from moocforge.writers.coursera.plan import Placed
from moocforge.writers.links import LinkIndex

# Linear on any text: the destination stops at the next bracket, `<…>` at the next `<`.
_MD_LINK = re.compile(r"(\]\()(<[^<>\n]*+>|[^)\s\[\]]++)((?:\s++\"[^\"]*+\")?\))")
_MAY_LINK = re.compile(r"[\[<{]")  # links, raw HTML, attribute lists
_FENCE = re.compile(r"(```.*?```|~~~.*?~~~)", re.DOTALL)


class Kit:
    """Writes one language's kit below `root` and records which files each item got."""

    def __init__(self, course: Course, root: Path, lang: str, placed: list[Placed],
                 siblings: tuple[Path, ...] = (), previous: Path | None = None) -> None:
        self.course = course
        self.root = root
        self.lang = lang
        # The other languages' kit folders: a file that is the same in every kit (a video,
        # its subtitles, code) is a hard link to a sibling's copy when one is there already.
        self.siblings = siblings
        # The same language's kit of the build this one replaces: a file that comes out the
        # same is a link to it. Creating files is what this disk makes slow, and the more so
        # the more files were deleted in the last minutes (ext4 skips recently freed inodes
        # one by one): a rebuild that links frees no inode when the old kit is removed.
        self.previous = previous if (previous is not None and reusable_mode() is not None
                                     and previous.is_dir()) else None
        self.problems: list[Diagnostic] = []
        self.files: dict[str, list[str]] = {p.item.id: [] for p in placed}
        self.written: set[str] = set()  # every kit path written so far (the README lists them)
        self.contents: dict[str, bytes | Path] = {}  # what was written: the zip packs it
        self.reading_pages = {
            source: p.path(".html")
            for p in placed if p.item.kind == "reading"
            for source in p.item.files.values()
        }
        self._assets: dict[tuple[str, str], str] = {}
        self._renderer = renderer()
        self._safe_renderer = renderer(raw_html=False)
        self._plain: dict[str, str] = {}  # texts without links render the same anywhere
        self._links = LinkIndex(course)
        self._folders: set[str] = set()  # kit folders made so far
        self._disk = _Disk()

    # ------------------------------------------------------------------ files

    def write_bytes(self, kit_path: str, data: bytes, item_id: str | None = None,
                    shared: bool = False) -> str:
        """Write `data` at `kit_path`. `shared`: the file has these bytes at this path in
        every language's kit (the caller's promise), so a sibling's copy may be linked."""
        return self._add(kit_path, data, item_id, shared)

    def write_text(self, kit_path: str, text: str, item_id: str | None = None,
                   shared: bool = False) -> str:
        return self._add(kit_path, text.encode("utf-8"), item_id, shared)

    def copy(self, source: str, kit_path: str, item_id: str | None = None,
             shared: bool = False) -> str:
        """Copy course file `source` (a source key) into the kit."""
        # the zip reads the source, not the copy
        return self._add(kit_path, self.course.assets.content(source), item_id, shared)

    def _add(self, kit_path: str, content: bytes | Path, item_id: str | None,
             shared: bool) -> str:
        links = tuple(os.path.join(root, kit_path) for root in self.siblings) if shared else ()
        old = os.path.join(self.previous, kit_path) if self.previous is not None else None
        self._disk.put(self._folder_to_make(kit_path), os.path.join(self.root, kit_path),
                       content, links, old)
        self.written.add(kit_path)
        self.contents[kit_path] = content
        if item_id is not None:
            self.files[item_id].append(kit_path)
        return kit_path

    @contextlib.contextmanager
    def files_in_background(self) -> Iterator[None]:
        """Inside, files are created by a thread of the kit's own while the kit goes on
        rendering: on a busy disk, creating a file mostly waits (inode allocation, the
        folder's lock), with the interpreter lock released. On leaving, every file is on
        disk, and the first failure to write one is raised."""
        self._disk.start()
        try:
            yield
        except BaseException:
            self._disk.finish()
            raise
        self._disk.finish(raise_error=True)

    def _folder_to_make(self, kit_path: str) -> str | None:
        """The file's folder on disk when not made yet (a kit has ~6,000 files in a few
        dozen folders: each is made once)."""
        folder = posixpath.dirname(kit_path)
        if folder in self._folders:
            return None
        self._folders.add(folder)
        return os.path.join(self.root, folder)

    # ------------------------------------------------------------------ Markdown

    def render(self, placed: Placed, markdown: str, base_file: str, loc: Loc,
               raw_html: bool = False) -> str:
        """Markdown → HTML fragment with links rewritten for a page in `placed.folder`.

        The author's HTML is kept only with `raw_html` (reading bodies); elsewhere it shows
        as text."""
        if not _MAY_LINK.search(markdown):  # no HTML either: the same in both modes
            if markdown not in self._plain:
                self._plain[markdown] = self._renderer.render(markdown, str)
            return self._plain[markdown]
        converter = self._renderer if raw_html else self._safe_renderer
        return converter.render(markdown, lambda url: self.rewrite(placed, url, base_file, loc))

    def render_text(self, placed: Placed, markdown: str, base_file: str, loc: Loc) -> str:
        """Like `render`, for learner text that is not a reading (quiz text, prompts): HTML
        in it is shown as typed, so `<stdio.h>` or `a < b` reach the learner unchanged."""
        return self.render(placed, markdown, base_file, loc)

    def rewrite_source(self, placed: Placed, markdown: str, base_file: str, loc: Loc) -> str:
        """The Markdown itself with inline link targets rewritten (fenced code untouched)."""

        def fix(match: re.Match[str]) -> str:
            target = match.group(2)
            bare = target[1:-1] if target.startswith("<") else target
            if not is_relative_url(bare):
                return match.group(0)
            return match.group(1) + self.rewrite(placed, bare, base_file, loc) + match.group(3)

        parts = _FENCE.split(markdown)
        return "".join(part if index % 2 else _MD_LINK.sub(fix, part)
                       for index, part in enumerate(parts))

    def rewrite(self, placed: Placed, url: str, base_file: str, loc: Loc) -> str:
        parts = urlsplit(url)
        suffix = ("?" + parts.query if parts.query else "") + (
            "#" + parts.fragment if parts.fragment else "")
        ref = self._links.resolve(posixpath.dirname(base_file), url)
        if ref is None or ref.status in ("anchor", "external", "empty"):
            return url
        if ref.status in ("outside", "absolute") or ref.path is None:
            self._problem("MF571", f"link '{url}' leaves the course folder", loc, placed,
                          "link only to files inside the course")
            return url
        target = ref.path
        if target in self.reading_pages:
            return placed.link_to(self.reading_pages[target]) + suffix
        if ref.status == "missing":
            self._problem("MF572", f"link '{url}' names a missing file ({target})", loc,
                          placed, "add the file or fix the link")
            return url
        return placed.link_to(self._asset(placed, target)) + suffix

    def _asset(self, placed: Placed, target: str) -> str:
        key = (placed.item.id, target)
        if key not in self._assets:
            taken = {v for (item, _), v in self._assets.items() if item == placed.item.id}
            name = PurePosixPath(target).name
            kit_path = f"{placed.folder}/{placed.stem}-assets/{name}"
            counter = 1
            while kit_path in taken:
                counter += 1
                kit_path = f"{placed.folder}/{placed.stem}-assets/{counter}-{name}"
            self._assets[key] = self.copy(target, kit_path, placed.item.id)
        return self._assets[key]

    def _problem(self, code: str, message: str, loc: Loc, placed: Placed, hint: str) -> None:
        self.problems.append(Diagnostic(code, "error", message, loc, hint,
                                        rule="coursera-kit", item=placed.item.id))


# What one file needs: its folder to make first (or None), its path, its bytes or source,
# the sibling kits' copies it may be a link to, and the previous build's file at its path.
_FileJob = tuple[str | None, str, bytes | Path, tuple[str, ...], str | None]


class _Disk:
    """Creates the kit's files: at once, or in order by a thread between `start` and
    `finish`."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_FileJob | None] | None = None
        self._thread: threading.Thread | None = None
        self._error: OSError | None = None

    def put(self, folder: str | None, path: str, content: bytes | Path,
            links: tuple[str, ...] = (), previous: str | None = None) -> None:
        if self._jobs is None:
            _create(folder, path, content, links, previous)
        elif self._error is None:
            self._jobs.put((folder, path, content, links, previous))
        else:
            raise self._error

    def start(self) -> None:
        self._jobs = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, args=(self._jobs,),
                                        name="coursera-kit-files", daemon=True)
        self._thread.start()

    def finish(self, raise_error: bool = False) -> None:
        if self._jobs is None or self._thread is None:
            return
        self._jobs.put(None)
        self._thread.join()
        self._jobs = self._thread = None
        if raise_error and self._error is not None:
            raise self._error

    def _work(self, jobs: queue.SimpleQueue[_FileJob | None]) -> None:
        while (job := jobs.get()) is not None:
            if self._error is None:
                try:
                    _create(*job)
                except OSError as error:
                    self._error = error


def _create(folder: str | None, path: str, content: bytes | Path,
            links: tuple[str, ...] = (), previous: str | None = None) -> None:
    if folder is not None:
        os.makedirs(folder, exist_ok=True)
    for sibling in links:
        # A link costs no new inode or data blocks (creating files is what a busy disk
        # makes slow, and a video is copied once, not once per language). The sibling may
        # still be being written: the link is to the same inode, which ends up complete.
        try:
            os.link(sibling, path)
            return
        except OSError:  # not written yet, another file system, no links there
            continue
    if previous is not None and _unchanged(previous, content):
        try:
            os.link(previous, path)
            return
        except OSError:
            pass
    if isinstance(content, bytes):
        _write_file(path, content)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # never write through a link into a sibling kit's file
        shutil.copyfile(content, path)


def _write_file(path: str, data: bytes) -> None:
    """`data` into a new file at `path`, without a buffered file object (a kit writes
    thousands of small files). A file already there is replaced, not written into: it may
    be a link to a sibling kit's file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        os.unlink(path)
        fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@functools.cache
def reusable_mode() -> int | None:
    """The permissions a new file gets here, when the umask can be read without changing
    it (other threads may be creating files): an old file is reused only when it has them,
    as a new one would."""
    return None if umask() is None else new_mode()


_CHUNK = 1 << 20


def _unchanged(old: str, content: bytes | Path) -> bool:
    """Whether the file at `old` is a plain file of ours holding exactly `content` (bytes,
    or a source file's), with the permissions a new file would get: then it can be linked
    instead of written. Its bytes are compared, never just its size or date: a kit file
    may have been edited by hand."""
    try:
        fd = os.open(old, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) != reusable_mode()
                or info.st_uid != os.geteuid()):
            return False
        if isinstance(content, bytes):
            return info.st_size == len(content) and _read_all(fd, len(content)) == content
        return info.st_size == content.stat().st_size and _same_as_source(fd, content)
    except OSError:
        return False
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    """The file's bytes, reading at most one byte past `size` (enough to tell it differs)."""
    chunks = []
    left = size + 1
    while left > 0 and (chunk := os.read(fd, left)):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _same_as_source(fd: int, source: Path) -> bool:
    with source.open("rb") as theirs:
        while True:
            ours = os.read(fd, _CHUNK)
            if ours != theirs.read(_CHUNK):
                return False
            if not ours:
                return True
