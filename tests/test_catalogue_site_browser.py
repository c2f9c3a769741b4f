"""The catalogue site of the repository's catalogue in headless Chromium: cards, filters,
a path page, links into each course's own site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import serving
from test_site_browser import browser, page  # noqa: F401  (fixtures)
from typer.testing import CliRunner

from moocforge.cli import app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("catalogue") / "repo"
    root.mkdir()
    shutil.copy(ROOT / "catalog.yml", root / "catalog.yml")
    shutil.copytree(ROOT / "shared", root / "shared")
    for name in ("abc-c", "roches-mineraux"):
        shutil.copytree(ROOT / "courses" / name, root / "courses" / name)
    result = CliRunner().invoke(app, ["build", str(root), "--target", "site"])
    assert result.exit_code == 0, result.output
    with serving(root / "build" / "site") as url:
        yield url


def test_home_cards_filters_and_paths(served, page):  # noqa: F811
    page.goto(f"{served}/index.html")
    cards = page.locator(".mf-card")
    # the Acme SPOC is hidden from the catalogue (catalog_visibility: none)
    assert cards.count() == 2
    assert page.locator(".mf-card[data-edition=abc-c] h2").inner_text() == "ABC du langage C"
    facts = page.locator(".mf-card[data-edition=roches-mineraux] .mf-facts").inner_text()
    assert "4 semaines" in facts and "Prochaine session" in facts
    page.select_option("select[data-filter=category]", "computing")
    assert page.locator(".mf-card:visible").count() == 1
    assert page.locator(".mf-card:visible").get_attribute("data-edition") == "abc-c"
    page.select_option("select[data-filter=category]", "")
    page.select_option("select[data-filter=languages]", "en")
    assert page.locator(".mf-card:visible").count() == 2
    page.click("text=Parcours : premiers pas d'ingénieur")
    assert page.url.endswith("/paths/sciences-ingenieur.html")
    steps = page.locator(".mf-path-courses li")
    assert steps.count() == 2 and "note minimale 60%" in steps.first.inner_text()
    assert "6 crédits ECTS" in page.locator(".mf-credits").inner_text()


@pytest.mark.parametrize("edition", ["abc-c", "roches-mineraux"])
def test_cards_lead_into_each_course_site(served, page, edition):  # noqa: F811
    page.goto(f"{served}/index.html")
    page.click(f".mf-card[data-edition={edition}] h2 a")
    # the course site's root sends to its first language (a multilingual site)
    page.wait_for_url(f"**/{edition}/fr/**")
    page.wait_for_load_state()
    assert page.locator("article h1").first.is_visible()
