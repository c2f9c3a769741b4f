"""The built site as a learner uses it, in headless Chromium: progress kept across reloads,
video seeking, dark mode, print, offline use (service worker), accent-free search, and
axe-core's WCAG 2.2 AA audit of every page type. One site (with a 125-second video) is
built for the whole module and served with ranges (moocforge.app.static_http)."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, serving
from test_site_build import build_site, make_site_course

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "data/npm/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
QUIZ = "/en/weeks/02-tout/quiz-all.html"
VIDEO = "/en/weeks/02-tout/clip.html"
PAGE_TYPES = {  # one page of every page type, per language tree
    "home": "index.html", "week": "weeks/02-tout/index.html",
    "reading": "weeks/02-tout/math.html", "video": "weeks/02-tout/clip.html",
    "youtube": "weeks/02-tout/yt.html", "quiz": "weeks/02-tout/quiz-all.html",
    "exercise": "weeks/02-tout/hello.html", "peer": "weeks/02-tout/peer-essay.html",
    "discussion": "weeks/01-bienvenue/hello-forum.html", "offline": "offline.html",
}


def make_long_video(path: Path, seconds: int = 125) -> None:
    """Long enough to seek to 120 s; tiny frames keep it small and quick to encode."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size=160x90:rate=5:duration={seconds}", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
                    str(path)], check=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("learner")
    course = make_site_course(base / "course")
    make_long_video(course / "weeks/02-tout/media/clip.mp4")
    site, _ = build_site(course, base / "build")
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    """A fresh browser profile per test: its own localStorage, caches and service workers."""
    fresh = chromium.new_context()
    errors: list[str] = []
    fresh.on("page", lambda tab: tab.on("pageerror", lambda error: errors.append(str(error))))
    yield fresh
    fresh.close()
    assert errors == []


def text_of(locator) -> str:
    return " ".join(locator.inner_text().replace("\u00a0", " ").replace("\u202f", " ").split())


def check(form, answer: str | None = None, label: str | None = None) -> None:
    if label:
        form.get_by_label(label, exact=True).check()
    if answer is not None:
        form.get_by_label("Your answer").fill(answer)
    form.locator("button.mf-check").click()


# --------------------------------------------------------------------------- progress


def test_progress_attempts_and_score_survive_reloads(context, served, artifacts):
    tab = context.new_page()
    tab.goto(served + QUIZ)
    capital, lang = tab.locator("#quiz-all-capital"), tab.locator("#quiz-all-lang")
    assert tab.locator(".mf-score").is_hidden()  # nothing answered yet
    check(capital, label="Lyon")
    check(capital, label="Paris")
    check(lang, "Rust")
    check(lang, "Go")
    assert "Attempts: 2 / 3" in text_of(lang.locator(".mf-attempts"))
    score = text_of(tab.locator(".mf-score"))
    assert score.startswith("Score: 1 / 7")

    tab.reload()
    assert capital.get_by_label("Paris").is_checked()
    assert "Correct." in text_of(capital.locator(".mf-feedback"))
    assert "Paris is the capital." in text_of(capital.locator(".mf-explanation"))
    assert capital.get_by_role("button", name="Check").is_disabled()
    assert capital.get_by_label("Paris").is_disabled()  # not editable after "Correct"
    assert "Attempts: 2 / 3" in text_of(capital.locator(".mf-attempts"))
    assert lang.get_by_label("Your answer").input_value() == "Go"
    assert "Attempts: 2 / 3" in text_of(lang.locator(".mf-attempts"))
    assert text_of(tab.locator(".mf-score")) == score

    check(lang, "Java")  # the third attempt of three, across a reload
    assert "No attempts left." in text_of(lang.locator(".mf-feedback"))
    tab.reload()
    assert "No attempts left." in text_of(lang.locator(".mf-feedback"))
    assert lang.get_by_role("button", name="Check").is_disabled()
    assert lang.get_by_label("Your answer").is_disabled()

    for qid, answer in (("hello", "hello42"), ("pi", "3.14"), ("percent", "1000")):
        form = tab.locator(f"#quiz-all-{qid}")
        form.locator("input").fill(answer)
        form.get_by_role("button", name="Check").click()
    tab.locator("#quiz-all-primes").get_by_label("2", exact=True).check()
    tab.locator("#quiz-all-primes").get_by_label("7", exact=True).check()
    check(tab.locator("#quiz-all-primes"))
    tab.locator("#quiz-all-type").get_by_label("Choose an answer").select_option(label="int")
    check(tab.locator("#quiz-all-type"))
    final = text_of(tab.locator(".mf-score"))
    assert final.startswith("Score: 6 / 7") and "Quiz finished." in final

    tab.goto(served + "/en/weeks/02-tout/math.html")
    tab.goto(served + "/en/weeks/02-tout/index.html")
    marks = {entry.get_attribute("data-item"): text_of(entry.locator(".mf-mark"))
             for entry in tab.locator(".mf-lesson li[data-item]:has(.mf-mark)").all()}
    assert marks["quiz-all"] == "✓ Done" and marks["math"] == "✓ Done"
    assert "clip" not in marks

    tab.goto(served + "/en/index.html")
    assert text_of(tab.locator(".mf-week-progress[data-week='weeks/02-tout']")) == "2 of 6 done"
    # progress follows the learner into the other language tree
    tab.goto(served + "/fr/weeks/02-tout/quiz-all.html")
    assert "Score" in text_of(tab.locator(".mf-score"))
    tab.goto(served + "/en/index.html")
    tab.get_by_role("button", name="Reset my progress").click()
    tab.get_by_role("button", name="Yes, reset").click()
    assert text_of(tab.locator(".mf-reset-status")) == "Your progress was reset."
    assert text_of(tab.locator(".mf-week-progress[data-week='weeks/02-tout']")) == ""
    tab.goto(served + QUIZ)
    assert tab.locator(".mf-score").is_hidden()
    assert text_of(tab.locator("#quiz-all-capital .mf-attempts")) == "Attempts: 0 / 3"
    assert tab.locator("#quiz-all-capital").get_by_role("button", name="Check").is_enabled()


def test_focus_goes_to_the_feedback_after_an_answer(context, served):
    tab = context.new_page()
    tab.goto(served + QUIZ)
    check(tab.locator("#quiz-all-capital"), label="Paris")
    focused = tab.evaluate("document.activeElement.className")
    assert "mf-feedback" in focused


# --------------------------------------------------------------------------- video


def test_video_seeks_to_120_seconds(context, served):
    tab = context.new_page()
    tab.goto(served + VIDEO)
    seek = """v => new Promise((done, fail) => {
        const go = () => { v.addEventListener('seeked', () => done(
            [v.currentTime, v.seekable.length ? v.seekable.end(0) : 0]), {once: true});
            v.currentTime = 120; };
        v.addEventListener('error', () => fail('video error'));
        if (v.readyState >= 1) go(); else v.addEventListener('loadedmetadata', go); })"""
    position, seekable_end = tab.eval_on_selector("video", seek)
    assert position >= 119 and seekable_end >= 120
    transcript = tab.locator(".mf-transcript")
    assert transcript.get_attribute("tabindex") == "0"  # reachable with the keyboard


# --------------------------------------------------------------------------- dark mode, print


def test_dark_mode_toggle_follows_the_system_then_the_learner(chromium, served):
    system_dark = chromium.new_context(color_scheme="dark")
    tab = system_dark.new_page()
    tab.goto(served + QUIZ)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert tab.evaluate(scheme) == "slate"
    toggle = tab.locator(".mf-scheme-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert tab.evaluate(scheme) == "default" and toggle.get_attribute("aria-pressed") == "false"
    tab.reload()
    assert tab.evaluate(scheme) == "default"  # the learner's choice wins over the system's
    toggle.click()
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert tab.evaluate(scheme) == "slate" and background != "rgb(255, 255, 255)"
    system_dark.close()


def test_print_shows_full_transcripts_explanations_and_no_buttons(context, served, artifacts):
    tab = context.new_page()
    tab.goto(served + VIDEO)
    tab.emulate_media(media="print")
    box = tab.locator(".mf-transcript")
    heights = box.evaluate("b => [b.scrollHeight, b.clientHeight, getComputedStyle(b).overflowY]")
    assert heights[0] <= heights[1] and heights[2] == "visible"
    tab.goto(served + QUIZ)
    tab.emulate_media(media="print")
    visible_buttons = tab.locator("button:visible, .md-header:visible, .md-sidebar:visible")
    assert visible_buttons.count() == 0
    explanation = tab.locator("#quiz-all-capital .mf-explanation")
    assert explanation.is_visible() and "Paris is the capital." in text_of(explanation)
    tab.screenshot(path=str(artifacts / "site2-quiz-print.png"), full_page=True)


# --------------------------------------------------------------------------- offline


def test_offline_reload_after_one_visit(context, served):
    tab = context.new_page()
    tab.goto(served + QUIZ)
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab.locator(".mf-offline-mark").wait_for()  # "available offline", once the page is kept
    tab.goto(served + "/en/index.html")  # a page the worker controls from the start
    context.set_offline(True)
    try:
        tab.goto(served + QUIZ)
        assert tab.locator("h1").first.inner_text() == "Every kind"
        check(tab.locator("#quiz-all-capital"), label="Paris")  # the scripts came offline too
        assert "Correct." in text_of(tab.locator("#quiz-all-capital .mf-feedback"))
        tab.goto(served + "/en/weeks/02-tout/hello.html")  # never visited, not saved
        assert "was not saved for offline use" in text_of(tab.locator("main"))
    finally:
        context.set_offline(False)


def test_week_saved_for_offline_includes_its_video(context, served):
    tab = context.new_page()
    tab.goto(served + "/en/weeks/02-tout/index.html")
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab.get_by_role("button", name="Make this week available offline").click()
    tab.get_by_text("✓ Available offline").wait_for(timeout=30_000)
    context.set_offline(True)
    try:
        tab.goto(served + VIDEO)
        position = tab.eval_on_selector("video", """v => new Promise(done => {
            const go = () => { v.addEventListener('seeked', () => done(v.currentTime),
                {once: true}); v.currentTime = 60; };
            if (v.readyState >= 1) go(); else v.addEventListener('loadedmetadata', go); })""")
        assert position >= 59
    finally:
        context.set_offline(False)


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("query", ["demonstration", "DÉMONSTRATION", "démonstration"])
def test_search_ignores_accents_and_case(context, served, query):
    tab = context.new_page()
    tab.goto(served + "/fr/index.html")
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)  # Material searches on key events
    results = tab.locator(".md-search-result__item")
    results.first.wait_for()
    assert "Démonstration" in text_of(tab.locator(".md-search-result__list"))


# --------------------------------------------------------------------------- axe-core


def axe_counts(tab) -> tuple[Counter[str], list[str]]:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                          AXE_TAGS)
    counts: Counter[str] = Counter()
    serious = []
    for violation in result["violations"]:
        counts[violation["impact"]] += len(violation["nodes"])
        if violation["impact"] in ("critical", "serious"):
            targets = [str(node["target"]) for node in violation["nodes"][:3]]
            serious.append(f"{violation['id']}: {targets}")
    return counts, serious


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_type(chromium, served, scheme):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/setup.sh test runs npm ci)")
    audit = chromium.new_context(color_scheme=scheme)
    tab = audit.new_page()
    failures: list[str] = []
    total: Counter[str] = Counter()
    for lang in ("fr", "en"):
        for kind, path in PAGE_TYPES.items():
            tab.goto(f"{served}/{lang}/{path}")
            if kind == "quiz":  # feedback, explanation and score shown too
                check(tab.locator("#quiz-all-capital"), label="Lyon")
            counts, serious = axe_counts(tab)
            total.update(counts)
            print(f"axe {scheme} {lang} {kind}: " + ", ".join(
                f"{impact} {counts[impact]}" for impact in
                ("critical", "serious", "moderate", "minor")))
            failures += [f"{lang}/{path} ({scheme}) {line}" for line in serious]
    audit.close()
    print(f"axe {scheme} total: critical {total['critical']}, serious {total['serious']}, "
          f"moderate {total['moderate']}, minor {total['minor']}")
    assert failures == []


# --------------------------------------------------------------------------- screenshots


def test_screenshots_light_dark_mobile(chromium, served, artifacts):
    shots = {"home": "/en/index.html", "quiz": QUIZ, "video": "/fr/weeks/02-tout/clip.html"}
    views = {"light": {"color_scheme": "light"}, "dark": {"color_scheme": "dark"},
             "mobile": {"color_scheme": "light", "viewport": {"width": 375, "height": 740},
                        "device_scale_factor": 2, "is_mobile": True, "has_touch": True}}
    for view, options in views.items():
        shooting = chromium.new_context(**options)
        tab = shooting.new_page()
        for name, path in shots.items():
            tab.goto(served + path)
            if name == "quiz":
                check(tab.locator("#quiz-all-capital"), label="Lyon")
            tab.screenshot(path=str(artifacts / f"site2-{name}-{view}.png"), full_page=True)
            assert (artifacts / f"site2-{name}-{view}.png").stat().st_size > 5_000
        shooting.close()


# --------------------------------------------------------------------------- the preview


def test_preview_banners_are_localised_coloured_and_accessible(chromium, tmp_path):
    from test_site_preview import free_port, preview_process, wait_for

    course = make_site_course(tmp_path / "course")
    reading = course / "weeks/02-tout/math.md"  # an image without alt text: a lint error
    reading.write_text(reading.read_text("utf-8") + "\n![](img/dot.svg)\n", "utf-8")
    port = free_port()
    process = preview_process(course, port, tmp_path / "build")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/fr/weeks/02-tout/math.html", "mf-lint--error", seconds=60)
        preview = chromium.new_context()
        tab = preview.new_page()
        tab.goto(url + "/fr/weeks/02-tout/math.html")
        banner = tab.locator("details.mf-lint--error")
        assert "Diagnostics de rédaction" in text_of(banner.locator("summary"))
        background = banner.evaluate("d => getComputedStyle(d).backgroundColor")
        assert background == "rgb(255, 235, 238)"  # --mf-bad-bg, not Material's blue note
        assert not tab.evaluate("'serviceWorker' in navigator && !!navigator.serviceWorker"
                                ".controller")  # the preview runs no service worker
        if not AXE.is_file():
            pytest.skip("axe-core is not installed (scripts/setup.sh test runs npm ci); the "
                        "banner's language and colours were checked")
        counts, serious = axe_counts(tab)
        print("axe preview fr reading with an error banner:", dict(counts))
        assert serious == []
        preview.close()
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output


def test_language_switch_keeps_the_anchor(context, served):
    tab = context.new_page()
    tab.goto(served + "/fr/weeks/02-tout/hello.html#enonce")
    link = tab.locator("a.mf-alternate[hreflang='en']")
    assert link.get_attribute("href").endswith("hello.html#enonce")


def test_every_question_kind_by_keyboard_alone(context, served):
    tab = context.new_page()
    tab.goto(served + QUIZ)
    keys = tab.keyboard

    def focused_in(qid: str) -> str:
        return tab.evaluate(f"document.activeElement.closest('#quiz-all-{qid}') ? "
                            "document.activeElement.className : 'outside'")

    tab.locator("#quiz-all-primes-c0").focus()  # checkboxes: Space ticks, Tab moves on
    keys.press("Space")
    keys.press("Tab")
    keys.press("Tab")
    keys.press("Space")
    keys.press("Tab")
    keys.press("Enter")  # on "Check"
    assert "Correct." in text_of(tab.locator("#quiz-all-primes .mf-feedback"))
    assert "mf-feedback" in focused_in("primes")  # the result is where the focus is
    tab.locator("#quiz-all-type select").focus()  # a dropdown: arrows choose
    keys.press("ArrowDown")
    keys.press("Tab")
    keys.press("Enter")
    assert "Correct." in text_of(tab.locator("#quiz-all-type .mf-feedback"))
    for qid, typed in (("pi", "3.14"), ("percent", "1050"), ("hello", "hello7"), ("lang", "c")):
        tab.locator(f"#quiz-all-{qid} input").focus()  # text and numbers: Enter checks
        keys.type(typed)
        keys.press("Enter")
        assert "Correct." in text_of(tab.locator(f"#quiz-all-{qid} .mf-feedback")), qid
        assert "mf-feedback" in focused_in(qid)
    tab.locator("#quiz-all-capital-c0").focus()  # radios: arrows move and choose
    keys.press("ArrowDown")
    assert tab.locator("#quiz-all-capital").get_by_label("Paris").is_checked()
    keys.press("Tab")
    keys.press("Enter")
    assert "Correct." in text_of(tab.locator("#quiz-all-capital .mf-feedback"))
    assert "Quiz finished." in text_of(tab.locator(".mf-score"))
