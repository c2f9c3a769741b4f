"""No script in published pages: every learner-visible text of the site and of the Coursera
kit is escaped (issue 13, item 5); only reading bodies keep their raw HTML.

A course whose titles, choices, feedback, hints, explanations, prompts and rubric texts are
`<script>alert(1)</script>` (French) and `<img src=x onerror=alert(1)>` (English) is built
for real (mkdocs + Material, the Coursera kit); every page is parsed: no such element exists,
and the text shows as written. A headless Chromium then opens the pages and plays the quiz
(feedback, hints and the explanation are inserted by JavaScript): no alert ever opens.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, chromium_context, serving
from conftest import SCAFFOLD, write_files
from lxml import html as lxml_html

from moocforge.app import load as prepare
from moocforge.writers import WriterOptions
from moocforge.writers.coursera import write as write_coursera
from moocforge.writers.site import write as write_site

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BREAKOUT = "</title><script>alert(2)</script>"  # closes <title> if a template unescapes


def hostile(label: str) -> str:
    """A flow-YAML i18n value: French carries a script element, English an event handler."""
    return json.dumps({"fr": f"{SCRIPT} {label}", "en": f"{IMG} {label}"})


COURSE = f"""
id: hostile
title: {json.dumps({"fr": f"{BREAKOUT} cours", "en": f"{IMG} course"})}
summary: {hostile("summary")}
org: Org
number: H1
languages: [fr, en]
runs:
  2027-spring: {{start: 2027-03-01, end: 2027-04-12}}
grading:
  pass: 0.5
  types:
    - {{type: Quiz, weight: 0.6}}
    - {{type: Peer, weight: 0.4}}
weeks: [weeks/01-w]
"""

WEEK = f"""
title: {hostile("week")}
summary: {hostile("week summary")}
objectives:
  - {{id: start, text: {hostile("objective")}}}
lessons:
  - title: {hostile("lesson")}
    items:
      - reading: reading.md
        title: {hostile("reading title")}
        objectives: [start]
      - discussion: {hostile("discussion prompt")}
        id: forum
        title: {hostile("discussion")}
      - quiz: quiz.yml
      - peer: peer.yml
"""

QUIZ = f"""
title: {hostile("quiz")}
intro: {hostile("intro")}
graded: true
type: Quiz
objectives: [start]
questions:
  - id: pick
    kind: single
    prompt: {hostile("prompt")}
    choices:
      - {{text: {hostile("right choice")}, correct: true, feedback: {hostile("right feedback")}}}
      - text: {hostile("wrong choice")}
        feedback: {json.dumps({"fr": "[lien](javascript:alert(3))",
                               "en": "[link](javascript:alert(3))"})}
    hints: [{hostile("hint")}]
    explanation: {hostile("explanation")}
  - id: menu
    kind: dropdown
    prompt: {hostile("menu prompt")}
    choices:
      - {{text: {hostile("option one")}, correct: true}}
      - {{text: {hostile("option two")}}}
  - id: word
    kind: text
    match: ci
    prompt: {hostile("text prompt")}
    answers: [C]
    correct_feedback: {hostile("well done")}
    wrong_feedback: {hostile("try again")}
"""

PEER = f"""
title: {json.dumps({"fr": f"{SCRIPT} peer", "en": 'Q&A "live"'})}
prompt: {hostile("peer prompt")}
graded: true
type: Peer
rubric:
  - name: clarity
    label: {hostile("criterion")}
    prompt: {hostile("criterion prompt")}
    options:
      - {{name: poor, label: {hostile("poor")}, points: 0, explanation: {hostile("why poor")}}}
      - {{name: good, label: {hostile("good")}, points: 2}}
steps:
  - {{kind: peer, must_grade: 1, graded_by: 1}}
"""

READING = "# Lecture\n\nDu <b>HTML brut</b> reste permis dans une lecture.\n"
READING_EN = "# Reading\n\nRaw <b>HTML</b> stays allowed in a reading.\n"


def make_hostile_course(root: Path) -> Path:
    shutil.copytree(SCAFFOLD, root)
    shutil.rmtree(root / "weeks")
    return write_files(root, {
        "course.yml": COURSE, "weeks/01-w/week.yml": WEEK, "weeks/01-w/quiz.yml": QUIZ,
        "weeks/01-w/peer.yml": PEER, "weeks/01-w/reading.md": READING,
        "weeks/01-w/reading.en.md": READING_EN,
    })


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    prepared = prepare(make_hostile_course(base / "course"))
    assert prepared.ok, [str(d) for d in prepared.diagnostics]
    out = base / "build" / "hostile"
    for write, target in ((write_site, "site"), (write_coursera, "coursera")):
        found = write(prepared.course, out / target, WriterOptions())
        assert not [d for d in found if d.severity == "error"], [str(d) for d in found]
    return out / "site", out / "coursera"


def dangerous(document) -> list[str]:
    """Elements and attributes of a parsed page that would run the hostile texts' script."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and "alert" in (element.text or "") and \
                element.get("type") != "application/json":
            found.append(f"<script>{element.text}")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_no_site_page_holds_a_hostile_element(built):
    site, _ = built
    assert len(pages(site)) >= 12
    problems = {str(page.relative_to(site)): found for page in pages(site)
                if (found := dangerous(lxml_html.fromstring(page.read_bytes())))}
    assert problems == {}


def test_site_titles_show_as_text_in_title_nav_heading_and_header(built):
    site, _ = built
    page = lxml_html.fromstring((site / "fr/weeks/01-w/quiz.html").read_bytes())
    assert page.findtext(".//title") == f"{SCRIPT} quiz - {BREAKOUT} cours"
    assert page.findtext(".//h1") == f"{SCRIPT} quiz"
    nav = page.xpath("string(//nav[contains(@class, 'md-nav--primary')])")
    assert f"{SCRIPT} lesson" in nav and f"{SCRIPT} quiz" in nav
    header = page.xpath("string(//header)")
    assert f"{BREAKOUT} cours" in header and f"{SCRIPT} quiz" in header
    week = lxml_html.fromstring((site / "en/weeks/01-w/index.html").read_bytes())
    assert week.findtext(".//title") == f"Week 1 — {IMG} week - {IMG} course"
    assert f"{IMG} lesson" in [h.text_content() for h in week.iter("h3")]
    assert f"{IMG} week summary" in week.text_content()
    assert f"{IMG} objective" in week.text_content()
    home = lxml_html.fromstring((site / "en/index.html").read_bytes())
    assert f"{IMG} summary" in home.xpath("string(//article)")
    assert home.xpath("//meta[@name='description']/@content") == [f"{IMG} summary"]


def test_site_footer_and_search_index_hold_escaped_titles(built):
    site, _ = built
    page = lxml_html.fromstring((site / "en/weeks/01-w/forum.html").read_bytes())
    footer = page.xpath("string(//footer)")
    assert f"{IMG} reading title" in footer and f"{IMG} quiz" in footer
    index = json.loads((site / "en/search/search_index.json").read_text("utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    # Titles are HTML there (the search box shows them as such): markup never starts.
    assert "&lt;img src=x onerror=alert(1)> quiz" in titles
    assert not any("<img" in title or "<script" in title for title in titles)


def test_ampersands_and_quotes_in_titles_show_as_written(built):
    """Only what starts markup is escaped in mkdocs.yml: `&` and `"` reach every place
    Material prints a title — as text, or escaped by Material itself — unchanged."""
    site, _ = built
    quiz = lxml_html.fromstring((site / "en/weeks/01-w/quiz.html").read_bytes())
    [next_link] = quiz.xpath("//a[contains(@class, 'md-footer__link--next')]")
    assert next_link.get("aria-label") == 'Next: Q&A "live"'
    assert 'Q&A "live"' in next_link.text_content()
    assert 'Q&A "live"' in quiz.xpath("string(//nav[contains(@class, 'md-nav--primary')])")
    peer = lxml_html.fromstring((site / "en/weeks/01-w/peer.html").read_bytes())
    assert peer.findtext(".//title").startswith('Q&A "live" - ')
    assert peer.findtext(".//h1") == 'Q&A "live"'


def test_quiz_widget_texts_are_escaped_markup(built):
    site, _ = built
    page = (site / "en/weeks/01-w/quiz.html").read_text("utf-8")
    document = lxml_html.fromstring(page)
    form = document.get_element_by_id("quiz-pick")
    assert f"{IMG} prompt" in form.text_content()
    assert f"{IMG} right choice" in form.text_content()
    options = [o.text for o in document.get_element_by_id("quiz-menu-input").iter("option")]
    assert f"{IMG} option one" in options
    assert f"{IMG} intro" in document.xpath("string(//article)")
    raw = re.search(r'class="mf-quiz-data">(.*?)</script>', page, re.DOTALL).group(1)
    data = json.loads(raw.replace("<\\/", "</"))
    pick, word = data["questions"]["quiz-pick"], data["questions"]["quiz-word"]
    # mf-quiz.js inserts these with innerHTML: each must be HTML that shows the text.
    fragments = [pick["explanation"], *pick["hints"], word["feedbackCorrect"],
                 word["feedbackWrong"], *(c["feedback"] for c in pick["choices"])]
    for fragment in fragments:
        parsed = lxml_html.fragment_fromstring(fragment, create_parent="div")
        assert dangerous(parsed) == [] and not parsed.xpath("//img|//script"), fragment
    shown = lxml_html.fragment_fromstring(pick["choices"][0]["feedback"], create_parent="div")
    assert shown.text_content() == f"{IMG} right feedback"
    link = lxml_html.fragment_fromstring(pick["choices"][1]["feedback"], create_parent="div")
    assert link.text_content() == "link" and link.xpath("//a/@href") == []


def test_peer_rubric_and_discussion_prompt_are_escaped(built):
    site, _ = built
    peer = lxml_html.fromstring((site / "fr/weeks/01-w/peer.html").read_bytes())
    text = peer.text_content()
    assert peer.findtext(".//h1") == f"{SCRIPT} peer"
    for label in ("peer prompt", "criterion", "criterion prompt", "poor", "why poor"):
        assert f"{SCRIPT} {label}" in text, label
    forum = lxml_html.fromstring((site / "fr/weeks/01-w/forum.html").read_bytes())
    assert f"{SCRIPT} discussion prompt" in forum.text_content()


def test_reading_body_keeps_its_raw_html(built):
    site, coursera = built
    page = lxml_html.fromstring((site / "en/weeks/01-w/reading.html").read_bytes())
    assert [b.text for b in page.iter("b")] == ["HTML"]
    kit = lxml_html.fromstring((coursera / "en/module-01/01-01-reading.html").read_bytes())
    assert [b.text for b in kit.iter("b")] == ["HTML"]


def test_no_coursera_page_holds_a_hostile_element(built):
    _, coursera = built
    assert len(pages(coursera)) >= 8
    problems = {str(page.relative_to(coursera)): found for page in pages(coursera)
                if (found := dangerous(lxml_html.fromstring(page.read_bytes())))}
    assert problems == {}
    quiz = lxml_html.fromstring((coursera / "fr/module-01/01-03-quiz.html").read_bytes())
    text = quiz.text_content()
    for label in ("prompt", "right choice", "right feedback", "hint", "explanation",
                  "well done", "try again", "intro"):
        assert f"{SCRIPT} {label}" in text, label
    assert quiz.findtext(".//title") == f"{SCRIPT} quiz"
    data = json.loads((coursera / "en/module-01/01-03-quiz.json").read_text("utf-8"))
    choice = data["questions"][0]["options"][0]
    assert choice["text"]["html"] == "<p>&lt;img src=x onerror=alert(1)&gt; right choice</p>"
    peer = lxml_html.fromstring((coursera / "en/module-01/01-04-peer.html").read_bytes())
    assert f"{IMG} peer prompt" in peer.text_content()
    assert f"{IMG} criterion prompt" in peer.text_content()


# --------------------------------------------------------------------------- in Chromium

@pytest.fixture(scope="module")
def served(built):
    with serving(built[0]) as url:  # quiet when the browser drops the broken image
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_context(CHROMIUM_ARGS) as context:
        yield context


@pytest.mark.browser
@pytest.mark.parametrize("lang, marker", [("fr", SCRIPT), ("en", IMG)])
def test_no_alert_opens_while_playing_the_quiz(browser, served, lang, marker):
    tab = browser.new_page()
    alerts: list[str] = []
    tab.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    try:
        for name in ("index", "weeks/01-w/index", "weeks/01-w/peer", "weeks/01-w/forum",
                     "weeks/01-w/quiz"):
            tab.goto(f"{served}/{lang}/{name}.html")
            tab.wait_for_timeout(100)  # an onerror handler fires once the image fails
        assert alerts == []
        assert tab.title().startswith(f"{marker} quiz - ")
        form = tab.locator("#quiz-pick")
        form.get_by_role("button", name=re.compile("hint|indice", re.I)).click()
        form.locator("input[type=radio]").nth(1).check()
        form.locator("button[type=submit]").click()
        form.locator("input[type=radio]").nth(0).check()
        form.locator("button[type=submit]").click()
        assert f"{marker} right feedback" in form.locator(".mf-choice").nth(0).inner_text()
        assert f"{marker} explanation" in form.locator(".mf-explanation").inner_text()
        assert f"{marker} hint" in form.locator(".mf-hints").inner_text()
        word = tab.locator("#quiz-word")
        word.locator("input[type=text]").fill("nope")
        word.locator("button[type=submit]").click()
        assert f"{marker} try again" in word.locator(".mf-feedback").inner_text()
        tab.wait_for_timeout(200)
    finally:
        tab.evaluate("localStorage.clear()")  # the site keeps progress: each run starts afresh
        tab.close()
    assert alerts == []
