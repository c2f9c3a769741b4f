"""Markdown in the sources: reading `x.md` and its translations, finding every link, image
and heading with its position, and resolving each local target once.

The scan itself is `moocforge.render.scan`. Every target is resolved here, at load,
against the course's roots (symlinks followed): rules and writers read the `Ref.path` /
`Ref.status` the model carries instead of resolving paths themselves.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from moocforge import cache
from moocforge.i18n import msg
from moocforge.load.cursor import LoadContext
from moocforge.load.sources import unusable_path
from moocforge.model import (
    Course,
    Document,
    Heading,
    I18nText,
    Item,
    Loc,
    Ref,
    RefStatus,
    Week,
    texts_of,
)
from moocforge.render.scan import headings, refs

# (file, position, field, language) of a text -> its link resolutions in this process
# (a test checks: once each, and none during a build)
RESOLUTIONS: Counter[tuple[str, str, str, str]] = Counter()

# --------------------------------------------------------------------------- files


def read_markdown(ctx: LoadContext, base_dir: str, ref: str, loc: Loc
                  ) -> tuple[I18nText, dict[str, str]]:
    """Read `x.md` and its translations `x.<lang>.md`: (text per language, file per
    language)."""
    src = ctx.src
    rel = src.resolve(base_dir, ref, loc)
    if rel is None:
        return I18nText({}, ctx.default_lang), {}
    files = {ctx.default_lang: rel}
    stem, suffix = rel.rsplit(".", 1) if "." in PurePosixPath(rel).name else (rel, "")
    for lang in ctx.languages[1:]:
        candidate = f"{stem}.{lang}.{suffix}" if suffix else f"{stem}.{lang}"
        if src.is_file(candidate):
            files[lang] = candidate
            src.referenced.add(candidate)
    bodies = {}
    for lang, path in files.items():
        body = src.read_text(path, loc if lang == ctx.default_lang else src.loc(path))
        if body is not None:
            bodies[lang] = body
    ctx.markdown_files.update({path: (lang, bodies[lang]) for lang, path in files.items()
                               if lang in bodies})
    return I18nText(bodies, ctx.default_lang), files


def undeclared_translations(ctx: LoadContext, files: Iterable[str]) -> None:
    """`x.<code>.md` next to a Markdown source, for a language the course does not declare:
    most often a typo (`x.eng.md`) or a language removed from course.yml."""
    # by the folder part of the source key, which names one folder (Path objects per file
    # were most of the time this took)
    folders: dict[str, dict[str, list[tuple[str, str]]] | None] = {}
    for rel in sorted(files):
        folder, _, file_name = rel.rpartition("/")
        if folder not in folders:  # one listing per folder: a week folder holds every item
            folders[folder] = _translations_by_stem(ctx.src.listdir(ctx.src.path(rel).parent))
        stem = file_name.rsplit(".", 1)[0]
        for name, code in (folders[folder] or {}).get(stem, []):
            if code not in ctx.languages and re.fullmatch(r"[a-z]{2,3}", code):
                ctx.warning("MF026", msg("{name} is a translation into '{parts}', which is not a "
                                         "course language ({languages}): it is ignored", name=name,
                                         parts=code, languages=', '.join(ctx.languages)),
                            ctx.src.loc(posixpath.join(posixpath.dirname(rel), name)),
                            msg("add '{parts}' to `languages:` in course.yml, or rename or "
                                "delete the file", parts=code))


def _translations_by_stem(names: list[str] | None) -> dict[str, list[tuple[str, str]]] | None:
    """The `<stem>.<code>.md` names of a folder's `names` (sorted) by stem, as (name, code)
    in name order."""
    if names is None:
        return None
    found: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        parts = name.split(".")
        if len(parts) == 3 and parts[2] == "md":
            found.setdefault(parts[0], []).append((name, parts[1]))
    return found


# --------------------------------------------------------------------------- documents


def is_external(target: str) -> bool:
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def resolve_ref(ctx: LoadContext, base_dir: str, ref: Ref) -> Ref:
    """The ref with its target resolved against the course's roots."""
    target = ref.target
    status: RefStatus
    if not target:
        return replace(ref, status="empty")
    if target.startswith("#"):
        return replace(ref, status="anchor")
    if is_external(target):
        return replace(ref, status="external")
    path = unquote(urlsplit(target).path)
    if not path:
        return replace(ref, status="anchor")
    if unusable_path(path):
        return replace(ref, status="missing")
    if path.startswith("/"):
        return replace(ref, status="absolute", path=path)
    src = ctx.src
    absolute = os.path.normpath(os.path.join(src.file_path(base_dir), path))
    key = src.key_of(absolute)
    found, inside = src.facts(absolute) if key is not None else ("missing", False)
    if key is None or not inside:
        status = "outside"
    elif found == "file":
        status = "ok"
        src.referenced.add(key)
    else:
        status = "missing"
    return replace(ref, status=status, path=key)


def document(ctx: LoadContext, file: str, text: str, item: str, lang: str,
             anchor: Loc | None = None, field: str = "") -> Document:
    RESOLUTIONS[(file, str(anchor or ""), field, lang)] += 1
    base = posixpath.dirname(file)
    found, titles = scan(text, anchor is None)
    if anchor is not None:  # a text held in YAML: every target shows its HTML as typed
        found = tuple(ref for ref in found if ref.syntax != "html")
    resolved = tuple(resolve_ref(ctx, base, r) for r in found)
    return Document(file, base, text, item, lang, anchor, resolved, titles)


def scan(text: str, with_headings: bool) -> tuple[tuple[Ref, ...], tuple[Heading, ...]]:
    """The links and images of a text (and its headings), from the active cache when this
    text was scanned before. Only the scan is cached: targets are resolved on every load,
    against the files as they are."""
    return cache.active().fetch(
        "scan", (text, "h" if with_headings else ""),
        lambda: (tuple(refs(text)), tuple(headings(text)) if with_headings else ()),
        stored=False)


@dataclass(frozen=True, slots=True)
class WeekDocuments:
    """The documents of one week's reading (`load.reuse`), made while it is read (also by
    the worker reading weeks ahead): its Markdown files, by file, and the Markdown texts
    its items hold, in their order. The course's list takes them as they are, with the
    owner of each file found across the whole course."""

    files: tuple[Document, ...] = ()
    held: tuple[Document, ...] = ()


def week_documents(ctx: LoadContext, week: Week, files: Iterable[tuple[str, tuple[str, str]]]
                   ) -> WeekDocuments:
    """The documents of `week`: its Markdown `files` (file, (language, text)) read by its
    reading, then the texts its items hold."""
    owners, folders = _owners(week.items)
    return WeekDocuments(
        tuple(document(ctx, rel, text, _owner(rel, owners, folders), lang)
              for rel, (lang, text) in sorted(files)),
        tuple(_held_documents(ctx, week)))


def course_documents(ctx: LoadContext, course: Course,
                     made: Mapping[int, tuple[Week, WeekDocuments]] | None = None
                     ) -> tuple[Document, ...]:
    """Every Markdown text of the course: the files read, then texts held in YAML. `made`:
    the documents the weeks' readings made (by week number), taken as they are."""
    made = made or {}
    owners, folders = _owners(course.items)
    known = {doc.file: doc for week, found in made.values() for doc in found.files}
    docs = []
    for rel, (lang, text) in sorted(ctx.markdown_files.items()):
        item_id = _owner(rel, owners, folders)
        doc = known.get(rel)
        if doc is None or doc.lang != lang or doc.text != text:
            doc = document(ctx, rel, text, item_id, lang)
        elif doc.item != item_id:  # a file of one week read by an item of another
            doc = replace(doc, item=item_id)
        docs.append(doc)
    for week in course.weeks:
        found = made.get(week.number)
        docs.extend(found[1].held if found is not None and found[0] is week
                    else _held_documents(ctx, week))
    return tuple(docs)


def _owner(rel: str, owners: Mapping[str, str], folders: list[tuple[str, str]]) -> str:
    return owners.get(rel) or next((iid for folder, iid in folders
                                    if rel.startswith(folder)), "")


def _held_documents(ctx: LoadContext, week: Week) -> Iterator[Document]:
    for item in week.items:
        for held in texts_of(item):
            if not held.markdown:
                continue
            for lang, value in held.value.items():
                if value and ("](" in value or "<" in value or "][" in value):
                    file = held.loc.path or week.loc.path
                    yield document(ctx, file, value, item.id, lang, held.loc,
                                   f"{held.node}.{held.field}")


def _owners(items: Iterable[Item]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Markdown file -> item id, and (folder, item id) of exercises (statement files)."""
    owners: dict[str, str] = {}
    folders: list[tuple[str, str]] = []
    for item in items:
        if item.kind == "reading":
            owners.update(dict.fromkeys(item.files.values(), item.id))
        elif item.kind == "video":
            owners.update(dict.fromkeys(item.script_files.values(), item.id))
        elif item.kind == "exercise":
            folders.append((item.dir.rstrip("/") + "/", item.id))
    return owners, folders
