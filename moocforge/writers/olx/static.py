"""The `static/` folder: every file the course references, under a flat, stable name.

Studio serves `static/<name>` as `/static/<name>`. Names are the course-relative path with
`/` turned into `_` (so two `img/a.png` in different weeks never collide); generated files
(transcripts, the placeholder course image) get names of their own.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from moocforge.model import Loc
from moocforge.render.markdown import is_relative_url
from moocforge.writers.olx.tree import Tree

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
Report = Callable[[str, str, Loc, str], None]  # code, message, loc, hint


@dataclass(frozen=True)
class Asset:
    name: str
    source: Path | None  # a course file, or None for generated content
    data: bytes | None
    is_video: bool = False

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.source is not None
        return self.source.stat().st_size

    @property
    def content_type(self) -> str:
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"


def static_name(rel: str) -> str:
    return _UNSAFE.sub("_", rel.replace("/", "_")).strip("_") or "file"


class StaticFiles:
    def __init__(self, root: Path, pages: dict[str, str], report: Report) -> None:
        self.root = root
        self.real_root = root.resolve()
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
        self.assets[name] = Asset(name, self.root / rel, None, is_video)
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
        """Map a relative link of a Markdown file in folder `base` to its OLX form."""
        if not is_relative_url(url):
            return url
        parts = urlsplit(url)
        path = unquote(parts.path)
        if not path:
            return url
        rel = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
        loc = Loc(self.current_file or base)
        if rel.startswith("../") or rel == ".." or posixpath.isabs(rel):
            self.report("MF530", f"link '{url}' leaves the course folder", loc,
                        "link only to files inside the course")
            return "#"
        if rel in self.pages:
            return f"/jump_to_id/{self.pages[rel]}"
        source = self.root / rel
        if not source.is_file():
            self.report("MF531", f"link '{url}' points to a missing file ({rel})", loc,
                        "add the file or fix the link")
            return url
        if not source.resolve().is_relative_to(self.real_root):
            self.report("MF530", f"link '{url}' resolves outside the course folder", loc,
                        "replace the symbolic link by the file itself")
            return "#"
        return f"/static/{self.add_file(rel)}"

    # ------------------------------------------------------------------ output

    def write(self, tree: Tree) -> None:
        for name, asset in sorted(self.assets.items()):
            content = asset.data if asset.data is not None else asset.source
            assert content is not None
            tree.add(f"static/{name}", content)

    def policy(self) -> dict[str, dict]:
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
