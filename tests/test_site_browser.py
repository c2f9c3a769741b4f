"""The built site in a real headless Chromium: quizzes, video tracks, language switch."""

from __future__ import annotations

import pytest
from browser import CHROMIUM_ARGS, chromium_context, serving
from test_site_build import build_site, make_site_course

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    site, _ = build_site(make_site_course(base / "course"), base / "build")
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_context(CHROMIUM_ARGS) as context:
        yield context


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    if tab.url.startswith("http"):  # progress is kept: answers must not leak between tests
        tab.evaluate("localStorage.clear()")
    tab.close()
    assert errors == []


def text_of(locator) -> str:
    return " ".join(locator.inner_text().replace("\u00a0", " ").split())


QUIZ = "/en/weeks/02-tout/quiz-all.html"


def test_single_choice_wrong_then_right(page, served, artifacts):
    page.goto(served + QUIZ)
    form = page.locator("#quiz-all-capital")
    form.get_by_label("Lyon").check()
    form.get_by_role("button", name="Check").click()
    feedback = form.locator(".mf-feedback")
    assert "Not quite." in feedback.inner_text()
    assert "No, it is Paris." in form.locator(".mf-choice--wrong").inner_text()
    assert "Attempts: 1 / 3" in text_of(form.locator(".mf-attempts"))
    form.get_by_label("Paris").check()
    form.get_by_role("button", name="Check").click()
    assert "Correct." in feedback.inner_text()
    assert "Well done!" in form.locator(".mf-choice--right").inner_text()
    assert form.locator(".mf-choice--wrong").count() == 0
    assert "Paris is the capital." in form.locator(".mf-explanation").inner_text()
    assert form.get_by_role("button", name="Check").is_disabled()
    page.screenshot(path=str(artifacts / "site-quiz.png"), full_page=True)


def test_hints_on_demand(page, served):
    page.goto(served + QUIZ)
    form = page.locator("#quiz-all-capital")
    assert form.locator(".mf-hint").count() == 0
    form.get_by_role("button", name="Show a hint").click()
    assert "On the Seine." in form.locator(".mf-hints").inner_text()


def test_numeric_inside_and_outside_tolerance(page, served):
    page.goto(served + QUIZ)
    form = page.locator("#quiz-all-pi")
    box = form.get_by_label("Your answer (a number)")
    box.fill("3.2")
    box.press("Enter")  # keyboard: Enter submits
    assert "Not quite." in form.locator(".mf-feedback").inner_text()
    box.fill("3,145")  # English groups digits with a comma: not a number to check
    form.get_by_role("button", name="Check").click()
    assert form.locator(".mf-feedback").inner_text() == "Enter a number, e.g. 3.5."
    box.fill("3.145")
    form.get_by_role("button", name="Check").click()
    assert "Correct." in form.locator(".mf-feedback").inner_text()
    percent = page.locator("#quiz-all-percent")
    percent.get_by_label("Your answer (a number)").fill("1090")
    percent.get_by_role("button", name="Check").click()
    assert "Correct." in percent.locator(".mf-feedback").inner_text()


def test_regex_and_case_insensitive_text(page, served):
    page.goto(served + QUIZ)
    form = page.locator("#quiz-all-hello")
    form.get_by_label("Your answer").fill("hello")
    form.get_by_role("button", name="Check").click()
    assert "Not quite." in form.locator(".mf-feedback").inner_text()
    form.get_by_label("Your answer").fill("helllo42")
    form.get_by_role("button", name="Check").click()
    assert "Correct." in form.locator(".mf-feedback").inner_text()
    lang = page.locator("#quiz-all-lang")
    lang.get_by_label("Your answer").fill(" c ")
    lang.get_by_role("button", name="Check").click()
    assert "Correct." in lang.locator(".mf-feedback").inner_text()


def test_multiple_and_dropdown(page, served):
    page.goto(served + QUIZ)
    primes = page.locator("#quiz-all-primes")
    primes.get_by_label("2", exact=True).check()
    primes.get_by_role("button", name="Check").click()
    assert "Partly correct." in primes.locator(".mf-feedback").inner_text()
    primes.get_by_label("7", exact=True).check()
    primes.get_by_role("button", name="Check").click()
    assert "Correct." in primes.locator(".mf-feedback").inner_text()
    kind = page.locator("#quiz-all-type")
    kind.get_by_label("Choose an answer").select_option(label="int")
    kind.get_by_role("button", name="Check").click()
    assert "Correct." in kind.locator(".mf-feedback").inner_text()


def test_attempts_run_out(page, served):
    page.goto(served + QUIZ)
    form = page.locator("#quiz-all-lang")
    for _ in range(3):
        form.get_by_label("Your answer").fill("Rust")
        form.get_by_role("button", name="Check").click()
    assert "No attempts left." in form.locator(".mf-feedback").inner_text()
    assert form.get_by_role("button", name="Check").is_disabled()


def test_video_has_a_track_per_language(page, served):
    page.goto(served + "/fr/weeks/02-tout/clip.html")
    languages = page.eval_on_selector_all("video track", "ts => ts.map(t => t.srclang)")
    assert sorted(languages) == ["en", "fr"]
    ready = page.eval_on_selector("video", """v => new Promise(done => {
        if (v.readyState >= 1) return done(v.duration);
        v.addEventListener('loadedmetadata', () => done(v.duration));
        v.addEventListener('error', () => done(-1)); })""")
    assert ready == pytest.approx(2.0, abs=0.3)


def test_language_switch_leads_to_the_same_item(page, served):
    page.goto(served + "/fr/weeks/02-tout/hello.html")
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/weeks/02-tout/hello.html")
    assert page.locator("h1").first.inner_text() == "Hello"


def test_no_network_requests_leave_the_host(browser, served):
    tab = browser.new_page()
    outside: list[str] = []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith(served) and
           not r.url.startswith("data:") else None)
    tab.goto(served + "/en/weeks/02-tout/math.html")
    tab.wait_for_selector("mjx-container")  # MathJax, shipped with the site, typeset it
    tab.close()
    assert outside == []


def test_keyboard_only_answer(page, served):
    page.goto(served + QUIZ)
    page.locator("#quiz-all-capital-c1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the hint button
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert "Correct." in page.locator("#quiz-all-capital .mf-feedback").inner_text()


def test_phone_width_has_no_horizontal_scroll(browser, served):
    tab = browser.new_page()
    tab.set_viewport_size({"width": 375, "height": 700})
    tab.goto(served + QUIZ)
    width = tab.evaluate("document.documentElement.scrollWidth")
    tab.close()
    assert width <= 375
