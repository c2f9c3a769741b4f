"""Accessibility and language rules (MF300-MF303): trigger, no trigger, options."""

from __future__ import annotations

from lint_helpers import findings

from moocforge.app import lint
from moocforge.load import load_course

WEEK_DIR = "weeks/01-bienvenue"
WEEK = f"{WEEK_DIR}/week.yml"
INTRO, INTRO_EN = f"{WEEK_DIR}/intro.md", f"{WEEK_DIR}/intro.en.md"
ITEM_LINE = 6




def week_yml(*items: str) -> str:
    lines = ["title: {fr: Semaine, en: Week}",
             "objectives: [{id: start, text: {fr: Début, en: Start}}]", "lessons:",
             "  - title: {fr: Leçon, en: Lesson}", "    items:"]
    return "\n".join(lines + [f"      - {item}" for item in items]) + "\n"


def video(transcripts: str, seconds: int = 60) -> str:
    return (f"{{video: youtube:abcdefgh, id: hello, title: {{fr: Bonjour, en: Hello}}, "
            f"duration: {seconds}, transcripts: {transcripts}}}")


VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nBonjour.\n\n00:04.000 --> 00:55.000\nAu revoir.\n"


# --------------------------------------------------------------------------- MF300


def test_transcript_missing_language(make_course):
    root = make_course({WEEK: week_yml(video("{fr: hello.fr.vtt}"), "{quiz: quiz-start.yml}"),
                        f"{WEEK_DIR}/hello.fr.vtt": VTT})
    [d] = findings(root, "MF300")
    assert (d.loc.file, d.loc.line, d.item, d.severity) == (WEEK, ITEM_LINE, "hello", "error")
    assert d.message == "video 'hello' has no transcript in en"


def test_transcript_complete_and_valid_is_quiet(make_course):
    root = make_course({WEEK: week_yml(video("{fr: hello.fr.vtt, en: hello.en.vtt}")),
                        f"{WEEK_DIR}/hello.fr.vtt": VTT, f"{WEEK_DIR}/hello.en.vtt": VTT})
    assert findings(root, "MF300") == []


def test_transcript_parse_errors_and_cues_past_the_video(make_course):
    broken = "WEBVTT\n\n00:00,000 --> 00:04.000\nBonjour.\n\n00:04.000 --> 01:30.000\nFin.\n"
    root = make_course({WEEK: week_yml(video("{fr: hello.fr.vtt, en: hello.en.vtt}")),
                        f"{WEEK_DIR}/hello.fr.vtt": broken, f"{WEEK_DIR}/hello.en.vtt": VTT})
    # the syntax is checked when the course is loaded (so `validate` reports it too)
    loaded = load_course(root)
    assert [(d.code, d.loc.file, d.loc.line, d.message) for d in loaded.diagnostics] == [
        ("MF701", f"{WEEK_DIR}/hello.fr.vtt", 3,
         "malformed timing line '00:00,000 --> 00:04.000'")]
    assert loaded.course is not None
    found = [d for d in lint(loaded.course) if d.code == "MF300"]
    assert [(d.loc.file, d.loc.line, d.message) for d in found] == [
        (f"{WEEK_DIR}/hello.fr.vtt", 6, "transcript cue ends at 90.0 s, after the end of the "
                                        "video (60.0 s, declared)")]


def test_transcript_options(make_course):
    root = make_course({WEEK: week_yml(video("{fr: hello.fr.vtt}", seconds=600)),
                        f"{WEEK_DIR}/hello.fr.vtt": VTT})
    found = findings(root, "MF300")
    assert [d.message for d in found] == [  # sorted by file: the .vtt comes first
        "transcript stops at 55.0 s of a 600.0 s video",
        "video 'hello' has no transcript in en"]
    assert findings(root, "MF300", overrides={
        "MF300": {"all_languages": False, "min_coverage": 0}}) == []


# --------------------------------------------------------------------------- MF301

ALT_BAD = """\
# Intro

Du texte.

![](img/schema.png)
![schema.png](img/schema.png)

Voir <https://gcc.gnu.org/onlinedocs/>, ou cliquez [ici](https://gcc.gnu.org).

```markdown
![](dans-du-code.png)
```
"""


def test_alt_text_reports_images_and_links_with_positions(make_course):
    root = make_course({INTRO: ALT_BAD, f"{WEEK_DIR}/img/schema.png": b"\x89PNG"})
    got = [(d.loc.file, d.loc.line, d.loc.col, d.message, d.item)
           for d in findings(root, "MF301")]
    assert got == [
        (INTRO, 5, 1, "image 'img/schema.png' has no alt text", "intro"),
        (INTRO, 6, 1, "image 'img/schema.png' has a file name as alt text ('schema.png')",
         "intro"),
        (INTRO, 8, 6, "link text is a bare URL (https://gcc.gnu.org/onlinedocs/)", "intro"),
        (INTRO, 8, 52, "link text 'ici' does not say where the link leads", "intro"),
    ]


def test_alt_text_quiet_on_good_markdown(make_course):
    good = ("# Intro\n\n![Schéma des étapes de compilation](img/schema.png)\n"
            "Voir [le manuel de GCC](https://gcc.gnu.org).\n"
            "<img src=\"img/schema.png\" alt=\"\">\n")
    root = make_course({INTRO: good, f"{WEEK_DIR}/img/schema.png": b"\x89PNG"})
    assert findings(root, "MF301") == []


def test_alt_text_options(make_course):
    text = "# Intro\n\n<img src=\"img/schema.png\" alt=\"\">\n[here](https://gcc.gnu.org)\n"
    root = make_course({INTRO: text, f"{WEEK_DIR}/img/schema.png": b"\x89PNG"})
    assert findings(root, "MF301") == [findings(root, "MF301")[0]]  # only the vague link
    opts = {"alt-text": {"allow_decorative": False, "vague_links": []}}
    [d] = findings(root, "MF301", overrides=opts)
    assert d.message == "image 'img/schema.png' has no alt text"


# --------------------------------------------------------------------------- MF302


def test_translation_missing_strings_and_files(make_course):
    root = make_course({
        WEEK: week_yml("{reading: intro.md, title: Introduction au cours}",
                       "{quiz: quiz-start.yml}"),
    })
    (root / INTRO_EN).unlink()
    found = findings(root, "MF302")
    got = [(d.loc.file, d.loc.line, d.message) for d in found]
    assert got == [
        (WEEK, ITEM_LINE, "reading 'intro' has no en version (expected "
                          "weeks/01-bienvenue/intro.en.md)"),
        (WEEK, ITEM_LINE, "reading intro has no en text for: title"),
    ]


def test_translation_complete_scaffold_is_quiet(make_course):
    assert findings(make_course(), "MF302") == []


def test_translation_neutral_tokens_option(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md, title: printf}",
                                       "{quiz: quiz-start.yml}")})
    assert findings(root, "MF302") == []
    [d] = findings(root, "MF302", overrides={"MF302": {"neutral_tokens": False}})
    assert d.message == "reading intro has no en text for: title"


# --------------------------------------------------------------------------- MF303


def test_heading_order(make_course):
    text = "# Titre\n\nTexte.\n\n### Trop profond\n\n# Deuxième titre\n"
    [skip, second] = findings(make_course({INTRO: text}), "MF303")
    assert (skip.loc.file, skip.loc.line) == (INTRO, 5)
    assert skip.message == "heading 'Trop profond' jumps from level 1 to 3"
    assert (second.loc.line, second.message) == (
        7, "second level-1 heading 'Deuxième titre' (a reading has one title)")


def test_heading_order_quiet(make_course):
    text = "# Titre\n\n## Partie\n\n### Détail\n\n## Autre\n\n```\n# pas un titre\n```\n"
    assert findings(make_course({INTRO: text}), "MF303") == []


def test_heading_order_single_title_option(make_course):
    text = "# Titre\n\n# Deuxième\n"
    root = make_course({INTRO: text})
    assert len(findings(root, "MF303")) == 1
    assert findings(root, "MF303", overrides={"heading-order": {"single_title": False}}) == []
