"""Writing the planned course: course.yml, week folders, item files, static files.

The destination must not exist or be empty, or (`--force`) be a folder an earlier import
made (it holds `.moocforge-import`): it is then moved aside to `<dest>.bak-<n>` first. The
course is written into a staging folder next to the destination and renamed into place at
the end, so a failed import leaves nothing half-written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from moocforge.importers.olx.plan import Markdown, PlannedWeek, Text, emit

MARKER = ".moocforge-import"
KIND_KEYS = ("video", "reading", "quiz", "exercise", "peer", "discussion", "external", "olx")


class DestinationError(ValueError):
    """A destination the import may not write into."""


class WriteError(DestinationError):
    """A file of the course that cannot be written (`rel`, course-relative)."""

    def __init__(self, rel: str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.rel = rel


def check_destination(dest: Path, force: bool) -> Path | None:
    """Refuse a destination holding the user's files; returns the backup to make, if any."""
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise DestinationError(f"{dest} exists and is not a folder")
    if not dest.exists() or not any(dest.iterdir()):
        return None
    if not force:
        raise DestinationError(f"{dest} is not empty: moocforge never writes over your files "
                               "(give a new or empty folder, or --force to replace an "
                               "earlier import, which is kept as a backup)")
    if not (dest / MARKER).is_file():
        raise DestinationError(f"{dest} was not made by `moocforge import`: --force only "
                               "replaces an earlier import")
    number = 1
    while dest.with_name(f"{dest.name}.bak-{number}").exists():
        number += 1
    return dest.with_name(f"{dest.name}.bak-{number}")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line texts as `|` blocks, as people write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") or (value.endswith("\n") and "\n" in value[:-1]) \
        else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(data: Any, languages: list[str]) -> str:
    return yaml.dump(emit(data, languages), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=100, default_flow_style=False)


def week_yaml(week: PlannedWeek) -> dict[str, Any]:
    lessons = []
    for lesson in week.lessons:
        entries = [_entry(item.entry) for unit in lesson.units for item in unit.items]
        data: dict[str, Any] = {"id": lesson.id, "title": lesson.title, "items": entries}
        units = [{"id": u.id, "title": u.title, "items": [i.id for i in u.items]}
                 for u in lesson.units if u.explicit]
        if units:
            data["units"] = units
        lessons.append(data)
    week_data: dict[str, Any] = {"id": week.id, "title": week.title}
    if week.release:
        week_data["release"] = week.release
    week_data["lessons"] = lessons
    return week_data


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    """The kind key first, as authors write them."""
    first = [k for k in KIND_KEYS if k in entry]
    return {**{k: entry[k] for k in first}, **{k: v for k, v in entry.items()
                                                 if k not in first}}


def write_course(root: Path, files: dict[str, Any], languages: list[str]) -> None:
    """Write `{course-relative path: content}` under root (a fresh staging folder)."""
    for rel, content in sorted(files.items()):
        try:
            _write_one(root, rel, content, languages)
        except (DestinationError, OSError) as exc:  # says which file, for its block
            raise WriteError(rel, exc) from exc
    _write(root, MARKER, b"made by moocforge import olx; `--force` may replace this folder\n")


def _write_one(root: Path, rel: str, content: Any, languages: list[str]) -> None:
    if isinstance(content, Markdown):
        for lang, text in content.items():
            name = rel if lang == languages[0] else translated(rel, lang)
            _write(root, name, text.encode("utf-8"))
    elif isinstance(content, Text | dict | list):
        _write(root, rel, yaml_text(content, languages).encode("utf-8"))
    elif isinstance(content, bytes):
        _write(root, rel, content)
    else:
        _write(root, rel, str(content).encode("utf-8"))


def translated(rel: str, lang: str) -> str:
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot else f"{rel}.{lang}"


NAME_MAX = 255  # bytes in one file name, on every file system moocforge runs on


def _target(root: Path, rel: str) -> Path:
    target = root.joinpath(*Path(rel).parts)
    if ".." in Path(rel).parts or Path(rel).is_absolute():
        raise DestinationError(f"refusing to write {rel}: it leaves the course folder")
    if any(len(part.encode("utf-8")) > NAME_MAX for part in Path(rel).parts):
        raise DestinationError(f"cannot write {rel[:80]}…: a file name over {NAME_MAX} bytes")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _write(root: Path, rel: str, data: bytes) -> None:
    with open(_target(root, rel), "xb") as out:
        out.write(data)
