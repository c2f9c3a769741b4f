"""Site writer: a real mkdocs build of a small course with every item and question kind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ABC_C, SCAFFOLD, write_files

from moocforge.app import load as prepare
from moocforge.load import load_course
from moocforge.output import source_date_epoch
from moocforge.writers import WriterOptions
from moocforge.writers.site import write
from moocforge.writers.site.quiz import js_regex
from moocforge.writers.site.search import fold_search_index
from moocforge.writers.site.strings import strings

WEEK2 = """
title: {fr: Tout essayer, en: Try everything}
objectives:
  - {id: all, text: {fr: Tout voir, en: See everything}}
lessons:
  - title: {fr: Démonstration, en: Demonstration}
    items:
      - video: media/clip.mp4
        id: clip
        title: {fr: Une vidéo, en: A video}
        transcripts: {fr: media/clip.fr.vtt, en: media/clip.en.vtt}
      - reading: math.md
      - quiz: quiz-all.yml
      - exercise: exercises/hello/
      - peer: peer-essay.yml
      - video: youtube:dQw4w9WgXcQ
        id: yt
        title: {fr: Une vidéo hébergée, en: A hosted video}
        duration: 90
"""

QUIZ_ALL = """
title: {fr: Tous les types, en: Every kind}
max_attempts: 3
questions:
  - id: capital
    kind: single
    prompt: {fr: Quelle est la capitale de la France ?, en: What is the capital of France?}
    choices:
      - {text: Lyon, feedback: {fr: "Non, c'est Paris.", en: "No, it is Paris."}}
      - {text: Paris, correct: true, feedback: {fr: Bravo !, en: Well done!}}
    hints: [{fr: Sur la Seine., en: On the Seine.}]
    explanation: {fr: Paris est la capitale., en: Paris is the capital.}
  - id: primes
    kind: multiple
    prompt: {fr: Lesquels sont premiers ?, en: Which are prime?}
    choices:
      - {text: "2", correct: true}
      - {text: "4"}
      - {text: "7", correct: true}
  - id: type
    kind: dropdown
    prompt: {fr: Le type d'un entier, en: The type of an integer}
    choices:
      - {text: int, correct: true}
      - {text: char*}
  - id: pi
    kind: numeric
    prompt: {fr: Valeur de pi (2 décimales), en: Value of pi (2 decimals)}
    answer: 3.14
    tolerance: 0.01
  - id: percent
    kind: numeric
    prompt: {fr: "1000 à 10 %", en: "1000 within 10%"}
    answer: 1000
    tolerance: 10%
  - id: hello
    kind: text
    match: regex
    prompt: {fr: "Écrivez `hello` suivi de chiffres", en: "Write `hello` then digits"}
    answers: ['hel+o[0-9]+']
    samples: [hello42]
  - id: lang
    kind: text
    match: ci
    prompt: {fr: Le langage de ce cours, en: The language of this course}
    answers: [C]
"""

EXERCISE = """
title: {fr: Bonjour, en: Hello}
language: c
statement: statement.md
starter: starter.c
solution: solution.c
tests:
  - {name: visible-one, expected: "hello\\n"}
  - {name: secret-test, expected: "hello\\n", hidden: true}
"""

PEER = """
title: {fr: Rédaction, en: Essay}
prompt: {fr: Écrivez un paragraphe., en: Write a paragraph.}
graded: true
type: Peer
submission_due: 2027-04-01
rubric:
  - name: clarity
    label: {fr: Clarté, en: Clarity}
    options:
      - {name: poor, label: {fr: Confus, en: Unclear}, points: 0}
      - {name: good, label: {fr: Clair, en: Clear}, points: 2}
steps:
  - {kind: peer, must_grade: 3, graded_by: 2, due: 2027-04-08}
  - {kind: self}
"""

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n{text}\n"


def course_files() -> dict[str, str | bytes]:
    course_yml = (SCAFFOLD / "course.yml").read_text("utf-8")
    course_yml = course_yml.replace(
        "    - {type: Quiz, weight: 1.0}",
        "    - {type: Quiz, weight: 0.6}\n    - {type: Peer, weight: 0.4}")
    return {
        "course.yml": course_yml + "  - weeks/02-tout\n",
        "weeks/02-tout/week.yml": WEEK2,
        "weeks/02-tout/quiz-all.yml": QUIZ_ALL,
        "weeks/02-tout/math.md": "# Des maths\n\nL'aire vaut $\\pi r^2$.\n\n"
                                 "![Un schéma](img/dot.svg)\n\nVoir [l'intro](../01-bienvenue/"
                                 "intro.md).\n",
        "weeks/02-tout/math.en.md": "# Some maths\n\nThe area is $\\pi r^2$.\n\n"
                                    "![A diagram](img/dot.svg)\n",
        "weeks/02-tout/img/dot.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" '
                                     'height="4"><circle cx="2" cy="2" r="2"/></svg>\n',
        "weeks/02-tout/media/clip.fr.vtt": VTT.format(text="Bonjour et bienvenue."),
        "weeks/02-tout/media/clip.en.vtt": VTT.format(text="Hello and welcome."),
        "weeks/02-tout/exercises/hello/exercise.yml": EXERCISE,
        "weeks/02-tout/exercises/hello/statement.md": "Affichez `hello`.\n",
        "weeks/02-tout/exercises/hello/starter.c": "#include <stdio.h>\n\nint main(void) "
                                                   "{\n    return 0;\n}\n",
        "weeks/02-tout/exercises/hello/solution.c": '#include <stdio.h>\nint main(void) '
                                                    '{ puts("hello"); return 0; }\n',
        "weeks/02-tout/peer-essay.yml": PEER,
    }


def make_video(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=640x360:rate=10:duration=2", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)], check=True)


def make_site_course(root: Path) -> Path:
    shutil.copytree(SCAFFOLD, root)
    write_files(root, course_files())
    make_video(root / "weeks/02-tout/media/clip.mp4")
    return root


def build_site(course_dir: Path, out: Path, **options) -> tuple[Path, list]:
    prepared = prepare(course_dir)
    assert prepared.ok, [str(d) for d in prepared.diagnostics]
    site = out / prepared.course.id / "site"
    diagnostics = write(prepared.course, site, WriterOptions(**options))
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return site, diagnostics


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    base = tmp_path_factory.mktemp("site")
    return build_site(make_site_course(base / "course"), base / "build")


# --------------------------------------------------------------------------- link checking


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src of every HTML page must name a file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if parts.path.startswith("/"):
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


def test_every_internal_link_and_asset_resolves(built):
    site, _ = built
    assert (site / "fr/index.html").is_file() and (site / "en/index.html").is_file()
    assert broken_links(site) == []


def test_pages_exist_for_every_item_in_each_language(built):
    site, _ = built
    for lang in ("fr", "en"):
        week = site / lang / "weeks/02-tout"
        for name in ("index", "clip", "math", "quiz-all", "hello", "peer-essay", "yt"):
            assert (week / f"{name}.html").is_file(), (lang, name)


def test_home_shows_weeks_workload_and_grading(built):
    site, _ = built
    home = (site / "en/index.html").read_text("utf-8")
    assert "Try everything" in home and "Estimated workload" in home
    assert "Pass threshold" in home and "50%" in home and "60%" in home


def test_video_page_has_tracks_transcript_and_duration(built):
    site, _ = built
    page = (site / "fr/weeks/02-tout/clip.html").read_text("utf-8")
    assert re.search(r'<track[^>]*srclang="fr"', page)
    assert re.search(r'<track[^>]*srclang="en"', page)
    assert "Bonjour et bienvenue." in page
    assert 'class="mf-duration">0:02<' in page
    vtt = site / "_media/weeks/02-tout/media/clip.en.vtt"
    assert vtt.read_text("utf-8").startswith("WEBVTT")
    assert (site / "_media/weeks/02-tout/media/clip.mp4").stat().st_size > 0
    youtube = (site / "en/weeks/02-tout/yt.html").read_text("utf-8")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in youtube
    assert "watch?v=dQw4w9WgXcQ" in youtube


def test_exercise_shows_starter_and_only_visible_tests(built):
    site, _ = built
    page = (site / "en/weeks/02-tout/hello.html").read_text("utf-8")
    # tests are numbered for learners: the ids are the authors' names
    assert "visible-one" not in page and "secret-test" not in page
    assert '<th scope="row">Test 1</th>' in page
    assert "1 more test is hidden and runs when you submit." in page
    assert "return" in page and "Starter code" in page
    french = (site / "fr/weeks/02-tout/hello.html").read_text("utf-8")
    assert "1\u00a0autre test est caché" in french
    assert "Langage\u00a0: C · Limites\u00a0: 2\u00a0s, 256\u202fMo" in french
    # Material's copy buttons stay off the test inputs and outputs
    assert 'class="mf-table-wrap no-copy"' in page


def test_peer_shows_rubric_table_and_steps(built):
    site, _ = built
    page = (site / "en/weeks/02-tout/peer-essay.html").read_text("utf-8")
    assert '<table class="mf-rubric">' in page and "Clarity" in page
    assert "0 points" in page and "2 points" in page
    assert "you review 3 submissions" in page and "reviewed by 2 learners" in page
    assert '<time datetime="2027-04-08">April 8, 2027</time>' in page
    assert "Graded" in page
    french = (site / "fr/weeks/02-tout/peer-essay.html").read_text("utf-8")
    # CLDR plural rules: French "one" covers 0 and 1
    assert "0\u00a0point<" in french and "2\u00a0points<" in french
    assert "vous évaluez 3\u00a0rendus" in french and "par 2\u00a0apprenants" in french
    assert '<time datetime="2027-04-08">8 avril 2027</time>' in french
    assert '<time datetime="2027-04-01">1 avril 2027</time>' in french


def test_math_is_rendered_with_local_mathjax(built):
    site, _ = built
    page = (site / "en/weeks/02-tout/math.html").read_text("utf-8")
    assert 'class="arithmatex"' in page
    assert "assets/mathjax/tex-chtml.js" in page
    assert (site / "en/assets/mathjax/tex-chtml.js").is_file()
    assert "cdn" not in page.lower() and "googleapis" not in page


def test_reading_links_and_images_are_rewritten(built):
    site, _ = built
    page = (site / "fr/weeks/02-tout/math.html").read_text("utf-8")
    assert 'src="img/dot.svg"' in page
    assert 'href="../01-bienvenue/intro.html' in page


def test_language_switch_points_to_the_same_page(built):
    site, _ = built
    page = (site / "fr/weeks/02-tout/quiz-all.html").read_text("utf-8")
    assert 'href="../../../en/weeks/02-tout/quiz-all.html"' in page


def test_quiz_data_holds_answer_keys(built):
    site, _ = built
    page = (site / "en/weeks/02-tout/quiz-all.html").read_text("utf-8")
    data = json.loads(re.search(r'class="mf-quiz-data">(.*?)</script>', page).group(1)
                      .replace("<\\/", "</"))
    assert data["answers"] is True and data["maxAttempts"] == 3
    questions = data["questions"]
    assert questions["quiz-all-pi"]["tolerance"] == 0.01
    assert questions["quiz-all-percent"]["percent"] is True
    assert questions["quiz-all-hello"]["answers"] == [["hel+o[0-9]+", ""]]
    for kind in ("radio", "checkbox"):
        assert f'type="{kind}"' in page
    assert "<select" in page and 'inputmode="decimal"' in page


def test_no_answers_build_has_no_answer_keys(tmp_path, built):
    course = make_site_course(tmp_path / "course")
    site, _ = build_site(course, tmp_path / "build", answers=False)
    page = (site / "en/weeks/02-tout/quiz-all.html").read_text("utf-8")
    data = json.loads(re.search(r'class="mf-quiz-data">(.*?)</script>', page).group(1)
                      .replace("<\\/", "</"))
    assert data["answers"] is False
    for question in data["questions"].values():
        assert set(question) <= {"kind", "hints", "weight"}
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)  # icon path data holds numbers
    for secret in ("hel+o[0-9]+", '"correct": true', "3.14", "Paris is the capital", "Well done"):
        assert secret not in text
    assert "On the Seine." in page  # hints are help, not answers


def test_build_is_reproducible(tmp_path, built):
    site, _ = built
    course = make_site_course(tmp_path / "course")
    again, _ = build_site(course, tmp_path / "build")
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(again).as_posix() for p in again.rglob("*")
                           if p.is_file())
    different = [n for n in names if n.endswith((".html", ".json", ".xml", ".gz"))
                 and (site / n).read_bytes() != (again / n).read_bytes()]
    assert different == []


def test_loss_report_and_banner_silenced(built):
    _, diagnostics = built
    codes = {d.code for d in diagnostics}
    assert {"MF610", "MF611", "MF612"} <= codes


def test_broken_markdown_link_is_reported(make_course, tmp_path):
    course = make_course({"weeks/01-bienvenue/intro.md": "# Hi\n\n![x](missing.png)\n"})
    _, diagnostics = build_site(course, tmp_path / "build")
    assert any(d.code == "MF606" and "missing.png" in d.message for d in diagnostics)


def test_failed_mkdocs_build_keeps_previous_site(make_course, tmp_path):
    course = make_course()
    site, _ = build_site(course, tmp_path / "build")
    marker = site / "fr/index.html"
    before = marker.read_bytes()
    base = tmp_path / "build" / "my-course" / "site-src" / "base.yml"
    prepared = prepare(course)
    # A theme that does not exist makes mkdocs fail: the site must stay as it was.
    from moocforge.writers.site import build as site_build

    original = site_build.build_tree

    def failing(config, site_dir, *rest):
        config.write_text(config.read_text("utf-8").replace('"name": "material"',
                                                            '"name": "no-such-theme"'), "utf-8")
        return original(config, site_dir, *rest)

    site_build.build_tree = failing
    try:
        diagnostics = write(prepared.course, site, WriterOptions())
    finally:
        site_build.build_tree = original
    assert any(d.code == "MF600" for d in diagnostics)
    assert marker.read_bytes() == before
    assert base.is_file()


def test_preview_build_shows_lint_banner(make_course, tmp_path):
    from moocforge.diagnostics import Diagnostic

    course = make_course()
    finding = Diagnostic("MF201", "warning", "a lint finding for the quiz", item="quiz-start")
    site, _ = build_site(course, tmp_path / "build", preview=True, lint=(finding,))
    page = (site / "en/weeks/01-bienvenue/quiz-start.html").read_text("utf-8")
    assert "mf-lint--warning" in page and "a lint finding for the quiz" in page
    home = (site / "en/index.html").read_text("utf-8")
    assert "Course diagnostics" in home and "mf-live.js" in home


def test_js_regex_translation():
    assert js_regex("(?i)abc") == ("abc", "i")
    assert js_regex("(?P<n>a)") == ("(?<n>a)", "")


CONTRAST = [("#1b5e20", "#e8f5e9"), ("#b71c1c", "#ffebee"), ("#0d47a1", "#e3f2fd"),
            ("#5d4037", "#fff8e1"), ("#ffffff", "#6a1b9a"), ("#37474f", "#eceff1"),
            ("#ffffff", "#303f9f")]


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_our_colours_have_enough_contrast():
    css = (Path(__file__).resolve().parent.parent / "themes/moocforge/assets/mf.css").read_text()
    for fg, bg in CONTRAST:
        assert fg in css and bg in css
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fg, bg)


@pytest.mark.skipif(not (ABC_C / "course.yml").is_file(), reason="courses/abc-c not written yet")
def test_abc_c_site_links_resolve(tmp_path):
    result = load_course(ABC_C)
    if any(d.severity == "error" for d in result.diagnostics):
        pytest.skip("courses/abc-c does not validate yet")
    site, _ = build_site(ABC_C, tmp_path / "build")
    assert broken_links(site) == []


# --------------------------------------------------------------------------- the French site

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_LEARNER_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
MATERIAL_ENGLISH = {"Made with", "Skip to content", "Table of contents", "Previous", "Next",
                    "Search", "Back to top"}  # the theme's, when its language is not set


def _english_phrases() -> set[str]:
    """Our English strings that French says differently, cut at their {placeholders}."""
    english, french = strings("en"), strings("fr")
    phrases = set()
    for key, text in english.items():
        if text != french.get(key):
            phrases.update(part.strip() for part in re.split(r"\{\w+\}", text))
    phrases.update(MATERIAL_ENGLISH)
    both = {"quiz", "points"}  # words of both languages
    return {phrase for phrase in phrases if len(phrase) >= 4 and phrase.lower() not in both}


def _whole(phrase: str) -> str:
    """A regex finding `phrase` as whole words ("Check" not in "Checkpoint")."""
    start = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    end = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return start + re.escape(phrase) + end


def _learner_texts(page: Path) -> list[str]:
    """What a learner reads on a page: its text, learner-visible attributes and the strings
    our scripts show (their JSON data); no code, no markup, no other language's links."""
    from lxml import html

    tree = html.fromstring(page.read_bytes())
    texts = []
    for data in tree.xpath("//script[@id='mf-config' or contains(@class, 'mf-quiz-data')]"):
        texts += [v for v in _json_strings(json.loads(data.text_content()))]
    for element in tree.xpath("//script | //style | //svg | //code | //pre | //*[@lang='en']"):
        element.drop_tree()
    texts.append(tree.text_content())
    for name in _LEARNER_ATTRIBUTES:
        texts += tree.xpath(f"//@{name}")
    return [str(text) for text in texts]


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [] if re.fullmatch(r"[\w./:#@-]*", value) else [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def test_french_site_speaks_french(built):
    site, _ = built
    english = _english_phrases()
    patterns = {phrase: re.compile(_whole(phrase)) for phrase in english}
    problems = []
    pages = sorted(p for p in (site / "fr").rglob("*.html") if "assets" not in p.parts)
    assert len(pages) >= 12
    for page in pages:
        name = page.relative_to(site).as_posix()
        for text in _learner_texts(page):
            text = re.sub(r"\{\w+\}", "", text)  # our scripts' placeholders
            problems += [f"{name}: (s) in {text[:80]!r}" for _ in [0] if "(s)" in text]
            problems += [f"{name}: ISO date {m}" for m in _ISO_DATE.findall(text)]
            problems += [f"{name}: English {phrase!r}" for phrase, pattern in patterns.items()
                         if pattern.search(text)]
    assert problems == []


def test_search_indexes_content_only_and_folds_accents(built):
    site, _ = built
    index = json.loads((site / "fr/search/search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Votre navigateur ne peut pas lire" not in texts and "Télécharger la vidéo" not in texts
    assert "folded" in index["config"]["fields"]
    lesson = next(doc for doc in index["docs"] if doc["location"].endswith("#lesson-demonstration"))
    assert "demonstration" in lesson["folded"].split()


def test_polish_one_h1_root_title_markdown_prompts_plain_labels(built):
    from lxml import html

    site, _ = built
    for page in sorted(p for p in site.rglob("*.html") if "assets" not in p.parts):
        tree = html.fromstring(page.read_bytes())
        assert len(tree.xpath("//h1")) <= 1, page.relative_to(site)
    root = (site / "index.html").read_text("utf-8")
    assert "<title>Mon cours</title>" in root  # not the language's name
    quiz = (site / "en/weeks/02-tout/quiz-all.html").read_text("utf-8")
    prompt = re.search(r'id="quiz-all-hello".*?</form>', quiz, re.S).group(0)
    assert "<code>hello</code>" in prompt and "`hello`" not in prompt
    choice = re.search(r'<label for="quiz-all-capital-c0"[^>]*>(.*?)</label>', quiz, re.S)
    assert choice and "<strong>" not in choice.group(1)  # plain choice labels are not bold


def test_pages_are_those_mkdocs_build_makes_of_the_project(tmp_path):
    """The writer builds each tree in-process with one Markdown converter for all pages
    (`one_converter`): every page is the bytes `mkdocs build` gives the same project,
    footnotes (state a converter keeps until it is reset) included."""
    course = make_site_course(tmp_path / "course")
    reading = course / "weeks/02-tout/math.md"
    reading.write_text(reading.read_text("utf-8") + "\nVoir la note[^n].\n\n[^n]: La note.\n",
                       "utf-8")
    site, _ = build_site(course, tmp_path / "build")
    config = site.parent / "site-src" / "fr" / "mkdocs.yml"
    plain = tmp_path / "plain"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": str(source_date_epoch())}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                    "-d", str(plain)], check=True, env=env, capture_output=True)
    ours = {p.relative_to(site / "fr") for p in (site / "fr").rglob("*.html")}
    theirs = {p.relative_to(plain) for p in plain.rglob("*.html")} - {Path("404.html")}
    assert ours == theirs and len(ours) > 10
    assert [rel for rel in sorted(ours)
            if (site / "fr" / rel).read_bytes() != (plain / rel).read_bytes()] == []
    # the search index too (`fast_search_parser`), once folded as the writer folds it
    assert fold_search_index(plain)
    index = Path("search/search_index.json")
    assert (site / "fr" / index).read_bytes() == (plain / index).read_bytes()
