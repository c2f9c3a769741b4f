"""A French Coursera kit shows learners French only; its README names only files it has."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html

from moocforge.load import load_course
from moocforge.writers import WriterOptions
from moocforge.writers.coursera import write
from moocforge.writers.coursera.strings import STRINGS

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"
# Words French and English spell alike.
SAME_IN_BOTH = {"test", "arguments"}


@pytest.fixture(scope="module")
def abc_kits(tmp_path_factory):
    result = load_course(ABC_C)
    assert result.course is not None
    out = tmp_path_factory.mktemp("kit") / "coursera"
    diagnostics = write(result.course, out, WriterOptions())
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return result.course, out


def english_fragments() -> set[str]:
    """The fixed words of every English kit string (placeholders cut out)."""
    fragments = set()
    for key, text in STRINGS["en"].items():
        if key in SAME_IN_BOTH:
            continue
        fragments |= {part.strip(" :·()") for part in re.split(r"\{[a-z]+\}", text)}
    return {f for f in fragments if len(f) > 2}


def learner_texts(kit: Path) -> list[tuple[str, str]]:
    """(file, text) of everything the kit hands Coursera for learners to see."""
    texts = []
    for path in sorted(kit.rglob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") == "moocforge-coursera-peer/1":
            texts += [(path.name, part["title"]) for part in data["submission_parts"]]
            texts += [(path.name, part["label"]) for part in data["rubric"]]
    for path in sorted(kit.rglob("*.html")):
        if path.name == "README.html" or "instructor" in path.parts:
            continue
        page = html.parse(str(path)).getroot()
        texts += [(path.name, text) for text in page.itertext() if text.strip()]
    return texts


def test_every_kit_string_has_a_french_translation():
    assert STRINGS["fr"].keys() == STRINGS["en"].keys()
    for key, text in STRINGS["fr"].items():
        assert text != STRINGS["en"][key] or key in SAME_IN_BOTH, key
        assert re.findall(r"\{\w+\}", text) == re.findall(r"\{\w+\}", STRINGS["en"][key]), key


def test_french_kit_shows_learners_no_english_kit_string(abc_kits):
    _, out = abc_kits
    english = english_fragments()
    leaks = [(name, text) for name, text in learner_texts(out / "fr")
             if any(re.search(rf"\b{re.escape(fragment)}\b", text) for fragment in english)]
    assert leaks == []
    peer = next(p for p in (out / "fr").rglob("*.json")
                if json.loads(p.read_text("utf-8")).get("format") == "moocforge-coursera-peer/1")
    parts = json.loads(peer.read_text("utf-8"))["submission_parts"]
    assert [p["title"] for p in parts] == ["Votre réponse", "Votre fichier"][:len(parts)]
    exercise_pages = [p for p in (out / "fr").rglob("*.html") if "ex-" in p.name]
    assert exercise_pages and "Code de départ" in exercise_pages[0].read_text("utf-8")
    # The English kit keeps its English words: the check above is not vacuous.
    assert any("Your answer" in text for _, text in learner_texts(out / "en"))


def test_readme_names_only_files_the_kit_has(abc_kits, make_course, load_ok, tmp_path):
    course, out = abc_kits
    kits = [out / lang for lang in course.languages]
    # A course without code exercises: no instructor/ folder, so the README must not name it.
    plain = load_ok(make_course())
    write(plain, tmp_path / "plain", WriterOptions())
    kits += [p for p in (tmp_path / "plain").iterdir() if p.is_dir()] or [tmp_path / "plain"]
    for kit in kits:
        readme = html.parse(str(kit / "README.html")).getroot()
        for link in readme.iter("a"):
            assert (kit / link.get("href")).exists(), (kit.name, link.get("href"))
        text = readme.text_content()
        for folder in set(re.findall(r"\b(instructor|module-\d\d)/", text)):
            assert (kit / folder).is_dir() or folder == "module-NN", (kit, folder)
        if "instructor/" in text:
            assert (kit / "instructor").is_dir(), kit
        if "module-NN/" in text:
            assert any(kit.glob("module-*")), kit
    assert not (tmp_path / "plain" / "instructor").exists()
    plain_readme = next((tmp_path / "plain").rglob("README.html")).read_text("utf-8")
    assert "instructor/" not in plain_readme
