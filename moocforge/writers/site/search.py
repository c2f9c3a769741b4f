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


def fold_search_index(tree: Path) -> bool:
    """Add the folded field to `tree`'s search index; False when the tree has none."""
    path = tree / INDEX
    try:
        index = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    for doc in index.get("docs", []):
        words = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if words:
            doc[FIELD] = words
        else:
            doc.pop(FIELD, None)
    index.setdefault("config", {}).setdefault("fields", {})[FIELD] = {"boost": 1.0}
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), "utf-8")
    return True
