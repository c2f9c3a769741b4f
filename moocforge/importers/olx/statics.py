"""The export's `static/` files → course files, under names that give the same static names
again when the course is rebuilt.

moocforge's OLX writer names a course file by its path with `/` turned into `_`
(`weeks/01-intro/images/a.png` → `weeks_01-intro_images_a.png`), so a name that starts with
a week folder the import creates goes back into that folder (and into a usual asset
sub-folder: images/, media/, files/…). Other names (Studio's) go into `static/`.
"""

from __future__ import annotations

from moocforge.importers.olx.files import ExportFiles

ASSET_FOLDERS = frozenset({"images", "img", "media", "files", "static", "assets", "documents",
                           "docs", "pdf", "data", "downloads", "figures", "videos", "audio",
                           "scripts", "exercises", "attachments"})


class StaticMap:
    def __init__(self, files: ExportFiles, week_folders: list[str]) -> None:
        self.files = files
        self.names = files.names("static")
        self.available = set(self.names)
        self.week_folders = sorted(week_folders, key=len, reverse=True)
        self.used: dict[str, str] = {}  # static name → course-relative path
        self.consumed: set[str] = set()

    def use(self, name: str) -> str | None:
        """The course path of static file `name` (recorded as used), or None if the export
        has no such file."""
        if name in self.used:
            return self.used[name]
        if name not in self.available:
            return None
        self.used[name] = self.restore(name)
        return self.used[name]

    def consume(self, name: str) -> None:
        """A file the import turned into something else (a transcript): not copied."""
        self.consumed.add(name)

    def restore(self, name: str) -> str:
        for folder in self.week_folders:
            prefix = folder.replace("/", "_") + "_"
            if name.startswith(prefix):
                return f"{folder}/{_asset_path(name[len(prefix):])}"
        restored = _asset_path(name)
        return restored if "/" in restored else f"static/{name}"

    def data(self, name: str) -> bytes:
        found = self.files.read(f"static/{name}")
        assert found is not None, name
        return found

    def unused(self) -> list[str]:
        return [n for n in self.names if n not in self.used and n not in self.consumed]


def _asset_path(rest: str) -> str:
    """`images_a.png` → `images/a.png` (usual asset folders only, possibly nested)."""
    parts = rest.split("_")
    folders: list[str] = []
    while len(parts) > 1 and parts[0] in ASSET_FOLDERS:
        folders.append(parts.pop(0))
    return "/".join([*folders, "_".join(parts)])
