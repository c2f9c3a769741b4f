"""axe-core (WCAG 2.2 AA) on the catalogue site's pages, light and dark: 0 critical and 0
serious violations, as for the course sites (tests/test_site_learner.py)."""

from __future__ import annotations

import pytest
from test_catalogue_site_browser import served  # noqa: F401  (fixture)
from test_site_learner import AXE, axe_counts, chromium  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IMPACTS = ("critical", "serious", "moderate", "minor")
PAGES = {"home": "/index.html", "path": "/paths/sciences-ingenieur.html"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_catalogue_pages_pass_axe(chromium, served, scheme):  # noqa: F811
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/setup.sh test runs npm ci)")
    context = chromium.new_context(color_scheme=scheme)
    tab = context.new_page()
    failures: list[str] = []
    for kind, path in PAGES.items():
        tab.goto(served + path)
        counts, serious = axe_counts(tab)
        print(f"axe catalogue {scheme} {kind}: " + ", ".join(
            f"{impact} {counts[impact]}" for impact in IMPACTS))
        failures += [f"{path} ({scheme}) {line}" for line in serious]
    context.close()
    assert failures == []
