"""Accent-free search: Material's index gets one more field, `folded`, holding the words of
each section that carry diacritics, without them (`chaîne` → `chaine`).

Material's search worker indexes every field listed in the index's `config.fields`, and
lunr lower-cases terms: a learner typing `chaine`, `CHAINE` or `chaîne` finds the page.
The results still show the text as written (the worker displays `title` and `text` only).
Run after each mkdocs build of a language tree; running it twice changes nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
FIELD = "folded"
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """`Élève, chaîne, cœur` → `Eleve, chaine, coeur`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)  # the preview folds the same sections after every edit
def folded_words(text: str) -> str:
    """The words of `text` that folding changes, folded, once each, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_TAG.sub(" ", text)):
        if not word.isascii():
            plain = fold(word)
            if plain != word:
                seen.setdefault(plain.lower(), None)
    return " ".join(seen)


def fold_entry(doc: dict[str, Any]) -> None:
    words = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
    if words:
        doc[FIELD] = words
    else:
        doc.pop(FIELD, None)


def fold_search_index(tree: Path) -> bool:
    """Add the folded field to `tree`'s search index; False when the tree has none."""
    path = tree / INDEX
    try:
        index = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    for doc in index.get("docs", []):
        fold_entry(doc)
    index.setdefault("config", {}).setdefault("fields", {})[FIELD] = {"boost": 1.0}
    _write(path, index)
    return True


def merge_search_index(tree: Path, order: list[str], pages: dict[str, list[dict[str, Any]]]
                       ) -> bool:
    """Replace, in `tree`'s folded index, the entries of the re-rendered `pages` (page url
    -> Material's new entries) and keep the index in build `order` (page urls), as a full
    build writes it. False when the old index does not split into pages that way."""
    path = tree / INDEX
    try:
        index = json.loads(path.read_text("utf-8"))
        docs = index["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        groups.setdefault(str(doc.get("location", "")).split("#", 1)[0], []).append(doc)
    if set(groups) - set(order) or [d for url in order for d in groups.get(url, [])] != docs:
        return False
    for url, entries in pages.items():
        # As Material writes them (`default=str`), then folded as a full build folds them.
        fresh = json.loads(json.dumps(entries, default=str))
        for doc in fresh:
            fold_entry(doc)
        groups[url] = fresh
    index["docs"] = [doc for url in order for doc in groups.get(url, [])]
    _write(path, index)
    return True


def _write(path: Path, index: dict[str, Any]) -> None:
    # A new file, never new bytes in the old one: built sites share files by hard links.
    path.unlink(missing_ok=True)
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), "utf-8")
