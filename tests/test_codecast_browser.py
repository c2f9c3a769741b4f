"""The codecast player in headless Chromium, on abc-c's built site.

Play, pause at a step (the editor holds that step's code), edit and run (picoc in a worker),
a compile error marked at its line, back to the teacher's version, audio time in step with
the timeline, the keyboard, no request leaving the host; and the in-browser runs agree with
gcc on every abc-c codecast run and on a corpus of programs of the course's level.
"""

from __future__ import annotations

import pytest
from browser import CHROMIUM_ARGS as COMMON_ARGS
from browser import chromium_context, serving
from conftest import ABC_C, ROOT

from moocforge import app as application
from moocforge.codecast.check import check_codecasts
from moocforge.codecast.player import player_data
from moocforge.codecast.timeline import replay
from moocforge.exercises.sandbox import Sandbox
from moocforge.exercises.toolchain import build, run_test
from moocforge.model import Codecast

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [*COMMON_ARGS, "--autoplay-policy=no-user-gesture-required"]
PROGRAMS = ROOT / "tests" / "data" / "codecast" / "programs"
PAGE = "/en/weeks/01-premiers-pas/codecast-bonjour.html"
READY = ".mf-codecast[data-player=ready]"


@pytest.fixture(scope="module")
def course():
    loaded = application.load(ABC_C, media=False)
    assert loaded.course is not None
    return loaded.course


@pytest.fixture(scope="module")
def served(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("codecast-site")
    report = application.build(course, ["site"], out)
    assert report.written, report.diagnostics
    with serving(out / course.id / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_context(CHROMIUM_ARGS) as context:
        yield context


@pytest.fixture
def page(browser, served):
    """The week-1 codecast page, every request off the host refused and recorded."""
    tab = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []

    def gate(route) -> None:
        if route.request.url.startswith(served) or route.request.url.startswith(
                ("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", gate)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(served + PAGE)
    tab.wait_for_selector(READY)
    tab.outside = outside  # type: ignore[attr-defined]
    yield tab
    tab.close()
    assert errors == []
    assert outside == [], "the player fetched something from outside the site"


def _steps(course, item_id: str = "codecast-bonjour", lang: str = "en") -> list[dict]:
    item = course.item(item_id)
    assert isinstance(item, Codecast)
    return player_data(course, item, lang)["steps"]


def _code(tab) -> str:
    return tab.evaluate("document.querySelector('.mf-codecast').mfPlayer.editor.getCode()")


def _step(tab) -> int:
    return int(tab.get_attribute(".mf-codecast", "data-step"))


def _pause_at(tab, number: int) -> None:
    tab.select_option(".mf-cc-speed", "2")
    tab.get_by_role("button", name="Play").click()
    tab.wait_for_function(f"Number(document.querySelector('.mf-codecast').dataset.step) >= "
                          f"{number}", timeout=30_000)
    tab.get_by_role("button", name="Pause").click()


def _run(tab) -> str:
    tab.get_by_role("button", name="Run", exact=True).click()
    tab.wait_for_selector(".mf-codecast[data-run=done]")
    return tab.inner_text(".mf-cc-output")


def _set_code(tab, code: str) -> None:
    tab.locator(".mf-cc-editor .cm-content").click()
    tab.keyboard.press("Control+a")
    tab.keyboard.press("Delete")
    tab.evaluate("code => { const v = document.querySelector('.mf-codecast').mfPlayer.editor"
                 ".view; v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: code},"
                 " userEvent: 'input.type'}); }", code)


def test_pause_at_a_step_shows_that_steps_code(page, course, artifacts):
    steps = _steps(course)
    assert _code(page) == steps[0]["code"]
    _pause_at(page, 2)
    shown = _step(page)
    assert shown >= 2
    assert _code(page) == steps[shown - 1]["code"]
    assert 'printf("Bonjour !\\n");' in _code(page)
    assert page.get_attribute(".mf-codecast", "data-state") == "paused"
    assert "Paused" in page.inner_text(".mf-cc-notice")
    page.screenshot(path=str(artifacts / "codecast-paused.png"), full_page=True)


def test_edit_run_and_see_the_output(page):
    page.get_by_role("button", name="Next step").click()
    _set_code(page, '#include <stdio.h>\n\nint main(void)\n{\n    char nom[20];\n'
              '    scanf("%19s", nom);\n    printf("Salut %s\\n", nom);\n    return 0;\n}\n')
    assert page.get_attribute(".mf-codecast", "data-edited") == "true"
    page.get_by_label("Input (stdin)").fill("Grace\n")
    assert _run(page) == "Salut Grace\n"


def test_a_compile_error_is_shown_at_its_line(page):
    page.get_by_role("button", name="Next step").click()
    _set_code(page, '#include <stdio.h>\n\nint main(void)\n{\n    printf("a\\n")\n'
              '    return 0;\n}\n')
    output = _run(page)
    assert "Error on line 5" in output
    lines = page.evaluate("document.querySelector('.mf-codecast').mfPlayer.editor.errorLines()")
    assert lines == [5]
    _set_code(page, '#include <stdio.h>\n\nint main(void)\n{\n    int x = 1;\n'
              '    printf("%d\\n", y);\n    return 0;\n}\n')
    assert "Error on line 6: 'y' is undefined" in _run(page)


def test_back_to_the_teachers_version_restores_the_code_and_plays(page, course):
    steps = _steps(course)
    _pause_at(page, 2)
    learner = "int main(void) { return 1; }\n"
    _set_code(page, learner)
    resume = page.get_by_role("button", name="Back to the teacher's version")
    assert resume.is_visible()
    resume.click()
    assert page.get_attribute(".mf-codecast", "data-state") == "playing"
    assert page.get_attribute(".mf-codecast", "data-edited") is None
    assert not resume.is_visible()
    page.get_by_role("button", name="Pause").click()
    assert _code(page) != learner
    assert _code(page) == steps[_step(page) - 1]["code"]


def test_audio_time_and_steps_stay_in_sync(page, course):
    steps = _steps(course)
    page.select_option(".mf-cc-speed", "2")
    page.get_by_role("button", name="Play").click()
    samples = []
    for _ in range(20):
        page.wait_for_timeout(400)
        samples.append(page.evaluate("""() => { const r = document.querySelector('.mf-codecast');
            return [r.querySelector('audio').currentTime, Number(r.dataset.step)]; }"""))
    page.get_by_role("button", name="Pause").click()
    assert samples[-1][0] > samples[0][0] + 5, "the audio did not advance"
    assert len({step for _, step in samples}) >= 3, "playback crossed too few step changes"
    for time, number in samples:
        step = steps[number - 1]
        assert step["start"] - 0.5 <= time <= step["end"] + 0.5 + 0.4, (time, number)


def test_keyboard_plays_steps_and_runs(page):
    page.get_by_role("button", name="Play").focus()
    page.keyboard.press("ArrowRight")
    assert _step(page) == 2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert _step(page) == 2
    page.keyboard.press(" ")
    assert page.get_attribute(".mf-codecast", "data-state") == "playing"
    page.keyboard.press(" ")
    assert page.get_attribute(".mf-codecast", "data-state") == "paused"
    page.locator(".mf-cc-editor .cm-content").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".mf-codecast[data-run=done]")
    assert "Bonjour" in page.inner_text(".mf-cc-output")
    page.get_by_role("button", name="Run", exact=True).focus()
    page.keyboard.press("Tab")  # every control is reachable with Tab
    assert page.evaluate("document.activeElement.className").startswith("mf-cc-test")


def test_transcript_and_captions_give_the_narration(page, course):
    steps = _steps(course)
    assert page.inner_text(".mf-cc-caption") == steps[0]["narration"]
    page.locator(".mf-cc-transcript summary").click()
    items = page.locator(".mf-cc-transcript-steps li")
    assert items.count() == len(steps)
    assert steps[3]["narration"] in items.nth(3).inner_text()
    items.nth(3).get_by_role("button").click()
    assert _step(page) == 4
    assert page.inner_text(".mf-cc-caption") == steps[3]["narration"]


def test_exercise_tests_give_the_teachers_feedback(page):
    page.get_by_role("button", name="Next step").click()
    _set_code(page, '#include <stdio.h>\n\nint main(void)\n{\n    printf("Bonjour, Ada !\\n'
              'Bienvenue en C.\\n");\n    return 0;\n}\n')
    page.get_by_role("button", name="Test with the exercise").click()
    page.wait_for_selector(".mf-codecast[data-run=done]")
    output = page.inner_text(".mf-cc-output")
    assert "Test ada: passed." in output and "Test grace: not passed." in output
    assert "not one written in the code" in output  # the teacher's feedback of that test


# --------------------------------------------------------------------------- the runtime


def _gcc(source: str, stdin: str) -> tuple[str, int | None]:
    from moocforge.codecast.check import RUN_LIMITS

    with Sandbox() as box:
        program = build(box, "c", source)
        assert program.ok, program.raw
        outcome = run_test(box, program, (), stdin, RUN_LIMITS)
        return outcome.stdout.decode("utf-8"), outcome.exit_code


def _browser_runs(tab, cases: list[tuple[str, str]]) -> list[dict]:
    return tab.evaluate("""async cases => {
        const root = document.querySelector('.mf-codecast');
        const runner = new MFCodecast.Runner(root.dataset.runner, root.dataset.wasm);
        const results = [];
        for (const [source, stdin] of cases) results.push(await runner.run(source, stdin));
        return results; }""", cases)


def test_browser_and_gcc_agree_on_every_abc_c_codecast_run(page, course):
    diagnostics, results = check_codecasts(course)
    assert diagnostics == []
    runs = [(state.code, state.step.run.stdin)
            for item in course.items if isinstance(item, Codecast)
            for state in replay(item) if state.step.run]
    gcc = [(run.stdout, run.exit_code) for result in results for run in result.runs]
    assert len(runs) == len(gcc) >= 6
    browser = _browser_runs(page, runs)
    assert [(r["stdout"], r["exit"]) for r in browser] == gcc


def test_browser_and_gcc_agree_on_programs_of_the_course_level(page):
    programs = sorted(PROGRAMS.glob("*.c"))
    assert len(programs) >= 20
    cases = [(p.read_text("utf-8"), p.with_suffix(".in").read_text("utf-8")) for p in programs]
    browser = _browser_runs(page, cases)
    for program, (source, stdin), result in zip(programs, cases, browser, strict=True):
        assert (result["stdout"], result["exit"]) == _gcc(source, stdin), program.name
