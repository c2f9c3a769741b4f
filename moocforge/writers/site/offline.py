"""The service worker of a built site (`sw.js` at the site root, above the language trees).

It precaches the *shell* (the home and week pages, the theme's CSS and JavaScript, the
search index and the manifest of each language tree) and keeps every page a learner opens;
a week's pages and media are added when the learner asks for that week offline
(`offline.json`, mf-site.js). The shell list and its version (a digest of the shell's
bytes: same site, same worker; a changed theme or index, a new worker) are written into
the template `themes/moocforge/sw/mf-sw.js`. The preview has no service worker.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

SW_NAME = "sw.js"
_PLACEHOLDER = '"__MF_SHELL__"'
_SHELL_GLOBS = (
    "**/index.html", "search/search_index.json", "manifest.webmanifest",
    "offline.json", "offline.html", "assets/stylesheets/*.css", "assets/javascripts/bundle.*.js",
    "assets/javascripts/workers/search.*.js", "assets/javascripts/lunr/min/lunr.stemmer.*.js",
    "assets/moocforge/*.css", "assets/moocforge/*.js", "assets/moocforge/*.png",
    "assets/moocforge/*.svg",
)


def shell_files(site: Path, trees: list[Path]) -> list[Path]:
    files = {site / "index.html"} if (site / "index.html").is_file() else set()
    for tree in trees:
        for pattern in _SHELL_GLOBS:
            files.update(p for p in tree.glob(pattern) if p.is_file())
        lang = _search_lang(tree)
        if lang and lang != "en":
            stemmer = tree / f"assets/javascripts/lunr/min/lunr.{lang}.min.js"
            if stemmer.is_file():
                files.add(stemmer)
    return sorted(files)


def _prefix(site: Path, tree: Path) -> str:
    rel = tree.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def _search_lang(tree: Path) -> str:
    try:
        config = json.loads((tree / "search/search_index.json").read_text("utf-8"))["config"]
    except (OSError, ValueError, KeyError):
        return ""
    langs = config.get("lang") or []
    return str(langs[0]) if langs else ""


def write_service_worker(site: Path, trees: list[Path], template: Path) -> Path:
    files = shell_files(site, trees)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    shell = {"version": digest.hexdigest()[:16],
             "shell": [path.relative_to(site).as_posix() for path in files],
             "trees": [_prefix(site, tree) for tree in trees]}
    code = template.read_text("utf-8").replace(_PLACEHOLDER, json.dumps(shell, indent=1))
    target = site / SW_NAME
    target.unlink(missing_ok=True)  # a new file: built sites share files by hard links
    target.write_text(code, "utf-8")
    return target


def offline_page(title: str, message: str, lang: str, home: str) -> str:
    """What the service worker shows for a page that was not kept for offline use."""
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(title),
               E.META(name="viewport", content="width=device-width, initial-scale=1")),
        E.BODY(E.MAIN(E.H1(title), E.P(message), E.P(E.A(home, href="index.html")))),
        lang=lang)
    return "<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="unicode") + "\n"
