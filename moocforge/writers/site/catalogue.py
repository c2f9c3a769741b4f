"""The catalogue site: a home page with a card per course and variant, filters by category
and language, a page per certifying path, and each course's own site under it.

    build/site/index.html            the catalogue (cards, filters)
    build/site/paths/<program>.html  a path: its courses in order, requirements, credits
    build/site/<edition>/…           each course's site (`build/<edition>/site`, linked)

Pages are built with lxml's HTML builder (text escaped by construction); the filters are a
few lines of our own JavaScript, the cards work without it. Writers get the catalogue's
facts from the sessions (`moocforge.app.catalogue.card`), never from the sources.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement
from lxml.html import builder as E

from moocforge.output import atomic_dir
from moocforge.writers.site.html import to_html

STRINGS = {
    "fr": {"all": "Toutes", "category": "Catégorie", "language": "Langue", "weeks": "semaines",
           "per_week": "par semaine", "next_run": "Prochaine session", "no_run": "Pas de session "
           "prévue", "paths": "Parcours certifiants", "credits": "crédits ECTS",
           "required": "obligatoire", "optional": "optionnel", "min_grade": "note minimale",
           "capstone": "Projet final", "back": "Retour au catalogue",
           "invitation": "sur invitation", "open": "Ouvrir le cours",
           "self_paced": "à votre rythme"},
    "en": {"all": "All", "category": "Category", "language": "Language", "weeks": "weeks",
           "per_week": "a week", "next_run": "Next run", "no_run": "No run planned",
           "paths": "Certifying paths", "credits": "ECTS credits", "required": "required",
           "optional": "optional", "min_grade": "minimum grade", "capstone": "Capstone project",
           "back": "Back to the catalogue", "invitation": "invitation only",
           "open": "Open the course", "self_paced": "self-paced"},
}
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "de": "Deutsch"}
FILTER_SCRIPT = """
(function () {
  var selects = document.querySelectorAll('select[data-filter]');
  function apply() {
    var wanted = {};
    selects.forEach(function (s) { wanted[s.dataset.filter] = s.value; });
    document.querySelectorAll('.mf-card').forEach(function (card) {
      var ok = Object.keys(wanted).every(function (key) {
        var have = ' ' + card.dataset[key] + ' ';
        return !wanted[key] || have.indexOf(' ' + wanted[key] + ' ') >= 0;
      });
      card.hidden = !ok;
    });
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
})();
"""
STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header,main{max-width:70rem;margin:0 auto;padding:1rem}
.mf-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem;
padding:0;list-style:none}
.mf-card{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 3px #0002}
.mf-card[hidden]{display:none}.mf-facts{color:#444;font-size:.9rem;padding-left:1rem}
.mf-filters label{margin-right:1rem}
"""


def write_catalogue_site(catalogue: Any, cards: Sequence[dict[str, Any]], out: Path) -> Path:
    """Write `out/site/` (replaced all at once); return its home page."""
    lang = catalogue.languages[0]
    s = STRINGS.get(lang, STRINGS["en"])
    listed = [c for c in cards if c.get("listed", True)]
    site = out / "site"
    with atomic_dir(site) as staging:
        _write(staging / "index.html", home_page(catalogue, listed, lang, s))
        for program in catalogue.programs:
            _write(staging / "paths" / f"{program.id}.html",
                   path_page(catalogue, program, {c["edition"]: c for c in cards}, lang, s))
        for card in cards:
            _link_tree(out / card["edition"] / "site", staging / card["edition"])
        (staging / "catalogue.json").write_text(json.dumps(
            {"cards": list(cards)}, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return site / "index.html"


def home_page(catalogue: Any, cards: Sequence[dict[str, Any]], lang: str,
              s: dict[str, str]) -> str:
    title = catalogue.title.get_lang(lang)
    body = E.BODY(E.HEADER(E.H1(title), *( [E.P(catalogue.summary.get_lang(lang))]
                                          if catalogue.summary else [])),
                  E.MAIN(_filters(catalogue, cards, lang, s),
                         E.UL(*[_card(c, catalogue, lang, s) for c in cards],
                              E.CLASS("mf-cards")),
                         *_paths_list(catalogue, lang, s)),
                  E.SCRIPT(FILTER_SCRIPT))
    return _page(title, lang, body)


def _filters(catalogue: Any, cards: Sequence[dict[str, Any]], lang: str,
             s: dict[str, str]) -> HtmlElement:
    categories = [(key, text.get_lang(lang)) for key, text in catalogue.categories.items()]
    languages = sorted({code for c in cards for code in c["languages"]})
    return E.DIV(
        E.LABEL(s["category"], " ", _select("category", categories, s)),
        E.LABEL(s["language"], " ", _select(
            "languages", [(code, LANGUAGE_NAMES.get(code, code)) for code in languages], s)),
        E.CLASS("mf-filters"))


def _select(name: str, options: list[tuple[str, str]], s: dict[str, str]) -> HtmlElement:
    select = E.SELECT(E.OPTION(s["all"], value=""), name=name)
    select.set("data-filter", name)
    for value, label in options:
        select.append(E.OPTION(label, value=value))
    return select


def _card(card: dict[str, Any], catalogue: Any, lang: str, s: dict[str, str]) -> HtmlElement:
    category = catalogue.categories.get(card["category"])
    hours = card["minutes_per_week"] / 60
    facts = [f"{', '.join(LANGUAGE_NAMES.get(x, x) for x in card['languages'])}",
             f"{card['weeks']} {s['weeks']}, {hours:.1f} h {s['per_week']}",
             f"{s['next_run']} : {_next_run(card, s)}" if lang == "fr"
             else f"{s['next_run']}: {_next_run(card, s)}"]
    if category is not None:
        facts.insert(0, category.get_lang(lang))
    if card.get("invitation_only"):
        facts.append(s["invitation"])
    item = E.LI(E.H2(E.A(_text(card["title"], lang), href=f"{card['edition']}/index.html")),
                E.P(_text(card["summary"], lang)),
                E.UL(*[E.LI(f) for f in facts], E.CLASS("mf-facts")),
                E.CLASS("mf-card"))
    item.set("data-category", card["category"] or "")
    item.set("data-languages", " ".join(card["languages"]))
    item.set("data-edition", card["edition"])
    return item


def _next_run(card: dict[str, Any], s: dict[str, str]) -> str:
    now = _now()
    for run in sorted(card["runs"], key=lambda r: r["start"] or ""):
        if run["end"] is None or datetime.fromisoformat(run["end"]) >= now:
            return run["start_text"] + (f" ({s['self_paced']})" if run["self_paced"] else "")
    return s["no_run"]


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)


def _paths_list(catalogue: Any, lang: str, s: dict[str, str]) -> list[HtmlElement]:
    if not catalogue.programs:
        return []
    return [E.H2(s["paths"]), E.UL(*[E.LI(E.A(p.title.get_lang(lang),
                                             href=f"paths/{p.id}.html"))
                                     for p in catalogue.programs], E.CLASS("mf-paths"))]


def path_page(catalogue: Any, program: Any, cards: dict[str, dict[str, Any]], lang: str,
              s: dict[str, str]) -> str:
    title = program.title.get_lang(lang)
    steps = E.OL(E.CLASS("mf-path-courses"))
    for step in program.courses:
        card = cards.get(step.edition, {})
        facts = [s["required"] if step.required else s["optional"]]
        if step.min_grade is not None:
            facts.append(f"{s['min_grade']} {step.min_grade:.0%}")
        if step.credits:
            facts.append(f"{step.credits:g} {s['credits']}")
        steps.append(E.LI(E.A(_text(card.get("title"), lang) or step.edition,
                              href=f"../{step.edition}/index.html"), " — ", ", ".join(facts)))
    parts = [E.P(E.A(s["back"], href="../index.html")), E.H1(title)]
    if program.summary:
        parts.append(E.P(program.summary.get_lang(lang)))
    parts.append(E.P(f"{program.credits:g} {s['credits']}", E.CLASS("mf-credits")))
    parts.append(steps)
    if program.capstone is not None:
        parts.append(E.H2(s["capstone"]))
        parts.append(E.P(program.capstone.title.get_lang(lang)))
    return _page(title, lang, E.BODY(E.MAIN(*parts)))


def _page(title: str, lang: str, body: HtmlElement) -> str:
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title),
                         E.META(name="viewport", content="width=device-width, initial-scale=1"),
                         E.STYLE(STYLE)), body, lang=lang)
    return "<!DOCTYPE html>\n" + to_html(page) + "\n"


def _text(value: object, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value or "")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _link_tree(source: Path, dest: Path) -> None:
    """A course's built site under the catalogue's, hard-linked where the disk allows."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
