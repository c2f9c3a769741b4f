"""No hang on any input (issue 13, item 7): author regexes and Markdown scanning.

- An answer regex that backtracks catastrophically ends lint with a finding instead of
  running for minutes (the `regex` module with a timeout).
- Every scanner that reads author Markdown with our patterns is linear in the length of the
  text, on pathological inputs (openers repeated or followed by a long filler, seeded random
  soups of Markdown tokens). Steps are counted, not timed: callgrind counts the instructions
  of each scan (`linear_probe.py`) at three sizes n, 2n, 4n. Each scan must stay under a
  budget per character, and its growth must be linear: the steps added from 2n to 4n are
  about twice those added from n to 2n (a quadratic scan: four times), whatever the fixed
  cost of loading and linting the rest of the course.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SIZES = (400, 800, 1600)
MAX_GROWTH = 3  # (steps(4n) - steps(2n)) / (steps(2n) - steps(n)): linear 2, quadratic 4
STEPS_PER_CHAR = 50_000  # the slowest linear scan today: ~22,000 (a heading per line)

SHIM = """
#include <valgrind/callgrind.h>
void mf_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void mf_zero(void) { CALLGRIND_ZERO_STATS; }
void mf_dump(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""

QUIZ = r"""
title: {fr: Motifs, en: Patterns}
questions:
  - id: nested
    kind: text
    match: regex
    prompt: {fr: Des a puis b, en: Some a then b}
    answers: ['(a+)+b']
    samples: [aab, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!]
  - id: overlap
    kind: text
    match: regex
    prompt: {fr: Encore, en: Again}
    answers: ['(a|a)+b']
    samples: [ab, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!]
"""


def run_lint(course: Path) -> subprocess.CompletedProcess:
    # A generous deadline, so that a regression fails instead of hanging the suite.
    return subprocess.run([sys.executable, "-m", "moocforge", "lint", str(course), "-f",
                           "json"], capture_output=True, text=True, timeout=180, check=False)


def test_catastrophic_answer_regex_ends_lint_with_a_finding(make_course, monkeypatch):
    course = make_course({"weeks/01-bienvenue/quiz-start.yml": QUIZ})
    monkeypatch.chdir(course)  # report paths are relative to where the command runs
    result = run_lint(course)
    assert result.returncode == 1, result.stderr
    found = [d for d in json.loads(result.stdout)["diagnostics"]
             if d["code"] == "MF204"]
    messages = sorted(d["message"] for d in found)
    # (a+)+b: the regex module sees through it and the wrong sample is simply reported.
    assert any("sample answer 'aaaaaaaa" in m and "'nested'" in m for m in messages), messages
    # (a|a)+b backtracks for real: stopped after half a second, reported as an error.
    slow = [d for d in found if "takes too long" in d["message"]]
    assert [d["severity"] for d in slow] == ["error"], messages
    assert "'overlap'" in slow[0]["message"] and "(a|a)+b" in slow[0]["message"]
    assert slow[0]["file"] == "weeks/01-bienvenue/quiz-start.yml"


def test_good_regex_samples_still_pass(make_course):
    from moocforge.load import load_course
    from moocforge.rules import lint

    quiz = QUIZ.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "aaaab")
    course = load_course(make_course({"weeks/01-bienvenue/quiz-start.yml": quiz})).course
    assert [d.message for d in lint(course) if d.code == "MF204"] == []


# --------------------------------------------------------------------------- linear scans


def _tools_missing() -> str:
    if shutil.which("valgrind") is None or shutil.which("gcc") is None:
        return "valgrind and gcc are needed to count instructions"
    if not Path("/usr/include/valgrind/callgrind.h").is_file():
        return "valgrind's callgrind.h is missing"
    return ""


def callgrind_counts(tmp_path: Path) -> dict[str, dict[int, int]]:
    """{text family: {size: instructions of its scan}} from one callgrind run."""
    (tmp_path / "shim.c").write_text(SHIM)
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(tmp_path / "shim.so"),
                    str(tmp_path / "shim.c")], check=True)
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    # Instrumented from the probe's first scan on: imports run at valgrind's plain speed.
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                    f"--callgrind-out-file={tmp_path / 'cg.out'}", sys.executable,
                    str(TESTS / "linear_probe.py"), str(tmp_path / "shim.so"), str(work),
                    *map(str, SIZES)], check=True, capture_output=True, env=env,
                   timeout=900)
    counts: dict[str, dict[int, int]] = {}
    for dump in tmp_path.glob("cg.out.*"):
        text = dump.read_text("utf-8", errors="replace")
        trigger = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.MULTILINE)
        summary = re.search(r"^summary: (\d+)$", text, re.MULTILINE)
        if trigger and summary:
            size, family = trigger.group(1).split("|", 1)
            counts.setdefault(family, {})[int(size)] = int(summary.group(1))
    return counts


@pytest.mark.slow
@pytest.mark.skipif(bool(_tools_missing()), reason=_tools_missing() or "tools present")
def test_markdown_scans_take_linear_steps_on_pathological_texts(tmp_path):
    counts = callgrind_counts(tmp_path)
    assert len(counts) >= 40, sorted(counts)
    small, middle, large = SIZES
    too_slow = {}
    for family, steps in sorted(counts.items()):
        added = steps[middle] - steps[small], steps[large] - steps[middle]
        # The floor: loading the course costs ±200,000 instructions more or less from one
        # text to another (allocation patterns), which must not pass for growth.
        growth = added[1] / max(added[0], 2500 * small)
        per_char = steps[large] / large
        if growth > MAX_GROWTH or per_char > STEPS_PER_CHAR:
            too_slow[family] = f"growth ×{growth:.1f} (linear: ×2), {per_char:,.0f}/char"
    assert too_slow == {}


# --------------------------------------------------------------------------- long lessons


def test_a_long_lesson_renders_a_bounded_navigation_in_each_page(make_course, tmp_path):
    """Material renders the entries of the page's sections in every page: a lesson of n
    items cost n² entries (a week of 10,000 items did not build in 20 minutes). Long lessons
    are cut into sections of 20 entries (sections of sections beyond 400), so each page
    renders a bounded navigation."""
    from lxml import html as lxml_html

    from moocforge.app import load as prepare
    from moocforge.writers import WriterOptions
    from moocforge.writers.site import write

    count = 260
    items = "".join(f"      - reading: r{i:03d}.md\n" for i in range(count))
    files = {"weeks/01-bienvenue/week.yml": "title: {fr: Longue, en: Long}\nlessons:\n"
             "  - title: {fr: Tout, en: All}\n    items:\n" + items}
    files |= {f"weeks/01-bienvenue/r{i:03d}.md": f"# Lecture {i}\n\nTexte.\n"
              for i in range(count)}
    prepared = prepare(make_course(files))
    site = tmp_path / "site"
    found = write(prepared.course, site, WriterOptions(languages=("fr",)))
    assert not [d for d in found if d.severity == "error"], found
    page = lxml_html.fromstring((site / "weeks/01-bienvenue/r137.html").read_bytes())
    nav = page.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    links = nav.xpath(".//a[contains(@class, 'md-nav__link')]")
    titles = {" ".join(e.text_content().split())
              for e in nav.xpath(".//*[contains(@class, 'md-nav__link')]")}
    assert {"121–140", "241–260", "Lecture 137"} <= titles and "Lecture 1" not in titles
    assert len(links) < 50, len(links)  # was one per item: 260
