"""The `static/` folder: every file the course references, under a flat, stable name.

Studio serves `static/<name>` as `/static/<name>`. Names are the course-relative path with
`/` turned into `_` (so two `img/a.png` in different weeks never collide); generated files
(transcripts, the placeholder course image) get names of their own.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moocforge.model import Assets, Course, Loc
from moocforge.render.markdown import is_relative_url
from moocforge.writers.links import LinkIndex
from moocforge.writers.olx.tree import Tree

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
Report = Callable[[str, str, Loc, str], None]  # code, message, loc, hint


@dataclass(frozen=True)
class Asset:
    name: str
    source: str | None  # the source key of a course file, or None for generated content
    data: bytes | None
    assets: Assets | None = None  # where a course file's bytes come from
    is_video: bool = False

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.source is not None and self.assets is not None
        return self.assets.size(self.source)

    def content(self) -> bytes | Path:
        if self.data is not None:
            return self.data
        assert self.source is not None and self.assets is not None
        return self.assets.content(self.source)

    @property
    def content_type(self) -> str:
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"


def static_name(rel: str) -> str:
    return _UNSAFE.sub("_", rel.replace("/", "_")).strip("_") or "file"


class StaticFiles:
    def __init__(self, course: Course, pages: dict[str, str], report: Report) -> None:
        self.course_assets = course.assets
        self.links = LinkIndex(course)
        self.pages = pages  # course-relative .md file -> url_name of its reading
        self.report = report
        self.assets: dict[str, Asset] = {}
        self.by_source: dict[str, str] = {}
        self.current_file = ""  # the Markdown file being rendered (for diagnostics)

    # ------------------------------------------------------------------ registering

    def add_file(self, rel: str, is_video: bool = False) -> str:
        """Ship course file `rel`; returns its static name."""
        if rel in self.by_source:
            return self.by_source[rel]
        name = self._unique(static_name(rel), rel)
        self.assets[name] = Asset(name, rel, None, self.course_assets, is_video)
        self.by_source[rel] = name
        return name

    def add_data(self, name: str, data: bytes) -> str:
        name = self._unique(static_name(name), "generated:" + name)
        self.assets[name] = Asset(name, None, data)
        return name

    def _unique(self, name: str, key: str) -> str:
        if name not in self.assets:
            return name
        stem, dot, ext = name.rpartition(".")
        digest = hashlib.sha1(key.encode()).hexdigest()[:8]
        return f"{stem}-{digest}.{ext}" if dot else f"{name}-{digest}"

    # ------------------------------------------------------------------ Markdown links

    def rewrite(self, url: str, base: str) -> str:
        """Map a relative link of the Markdown file being rendered to its OLX form."""
        if not is_relative_url(url):
            return url
        ref = self.links.resolve(base, url)
        loc = Loc.of(self.current_file or base)
        if ref is None or ref.status in ("anchor", "external", "empty"):
            return url
        if ref.status in ("outside", "absolute") or ref.path is None:
            self.report("MF530", f"link '{url}' leaves the course folder", loc,
                        "link only to files inside the course")
            return "#"
        rel = ref.path
        if rel in self.pages:
            return f"/jump_to_id/{self.pages[rel]}"
        if ref.status == "missing":
            self.report("MF531", f"link '{url}' points to a missing file ({rel})", loc,
                        "add the file or fix the link")
            return url
        return f"/static/{self.add_file(rel)}"

    # ------------------------------------------------------------------ output

    def write(self, tree: Tree) -> None:
        for name, asset in sorted(self.assets.items()):
            tree.add(f"static/{name}", asset.content())

    def policy(self) -> dict[str, dict[str, Any]]:
        """`policies/assets.json`: per-asset metadata Studio applies on import."""
        return {name: {"contentType": asset.content_type, "displayname": name,
                       "locked": False, "import_path": None, "thumbnail_location": None}
                for name, asset in sorted(self.assets.items())}


def placeholder_png(width: int = 378, height: int = 225) -> bytes:
    """A plain grey PNG: Open edX and olxcleaner want a course image, FUN shows it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xd0\xd4\xdc" * width
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))
