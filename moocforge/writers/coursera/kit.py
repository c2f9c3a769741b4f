"""One language's kit folder: file writing, Markdown rendering, and asset/link rewriting.

Relative links in course Markdown point at files next to the source; in the kit they must
point at copies next to the item's files (`<stem>-assets/…`) or, for links to another
reading, at that reading's HTML page. A link that leaves the course folder or names a
missing file is an error: the kit would ship a broken page.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course, Loc
from moocforge.render.markdown import is_relative_url, renderer
from moocforge.writers.coursera.plan import Placed
from moocforge.writers.links import LinkIndex

# Linear on any text: the destination stops at the next bracket, `<…>` at the next `<`.
_MD_LINK = re.compile(r"(\]\()(<[^<>\n]*+>|[^)\s\[\]]++)((?:\s++\"[^\"]*+\")?\))")
_MAY_LINK = re.compile(r"[\[<{]")  # links, raw HTML, attribute lists
_FENCE = re.compile(r"(```.*?```|~~~.*?~~~)", re.DOTALL)


class Kit:
    """Writes one language's kit below `root` and records which files each item got."""

    def __init__(self, course: Course, root: Path, lang: str, placed: list[Placed]) -> None:
        self.course = course
        self.root = root
        self.lang = lang
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

    # ------------------------------------------------------------------ files

    def write_bytes(self, kit_path: str, data: bytes, item_id: str | None = None) -> str:
        _write_file(self._target(kit_path), data)
        self.written.add(kit_path)
        self.contents[kit_path] = data
        if item_id is not None:
            self.files[item_id].append(kit_path)
        return kit_path

    def write_text(self, kit_path: str, text: str, item_id: str | None = None) -> str:
        return self.write_bytes(kit_path, text.encode("utf-8"), item_id)

    def copy(self, source: str, kit_path: str, item_id: str | None = None) -> str:
        """Copy course file `source` (a source key) into the kit."""
        target = self._target(kit_path)
        content = self.course.assets.content(source)
        if isinstance(content, bytes):
            _write_file(target, content)
        else:
            shutil.copyfile(content, target)
        self.written.add(kit_path)
        self.contents[kit_path] = Path(target)
        if item_id is not None:
            self.files[item_id].append(kit_path)
        return kit_path

    def _target(self, kit_path: str) -> str:
        """The file's path on disk, its folder made (once: a kit has ~6,000 files in a few
        dozen folders)."""
        folder = posixpath.dirname(kit_path)
        if folder not in self._folders:
            os.makedirs(self.root / folder, exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self.root, kit_path)

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


def _write_file(path: str, data: bytes) -> None:
    """`data` into a new file at `path`, without a buffered file object (a kit writes
    thousands of small files)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
