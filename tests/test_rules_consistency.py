"""Consistency rules (MF400-MF404): trigger, no trigger, options."""

from __future__ import annotations

from pathlib import Path

from lint_helpers import findings

WEEK_DIR = "weeks/01-bienvenue"
WEEK = f"{WEEK_DIR}/week.yml"
INTRO = f"{WEEK_DIR}/intro.md"
ITEM_LINE = 6




def week_yml(*items: str, release: str = "") -> str:
    lines = ["title: {fr: Semaine, en: Week}",
             "objectives: [{id: start, text: {fr: Début, en: Start}}]", "lessons:",
             "  - title: {fr: Leçon, en: Lesson}", "    items:"]
    lines += [f"      - {item}" for item in items]
    if release:
        lines.append(f"release: {release}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- MF400


def test_dangling_reference_in_markdown_and_quiz(make_course):
    text = ("# Intro\n\n![Schéma](img/shema.png)\n[Le PDF](../../../secret.pdf)\n"
            "[Ailleurs](/static/x.png) [ok](#haut) [web](https://example.org)\n")
    quiz = (Path(__file__).parent.parent / "moocforge/scaffold" / WEEK_DIR / "quiz-start.yml"
            ).read_text().replace("prompt: {fr: Combien de semaines dure ce cours ?,",
                                  "prompt: {fr: '![Vue](vue.png) Combien ?',")
    root = make_course({INTRO: text, f"{WEEK_DIR}/img/schema.png": b"\x89PNG",
                        f"{WEEK_DIR}/quiz-start.yml": quiz})
    got = [(d.loc.file, d.loc.line, d.loc.col, d.message, d.item)
           for d in findings(root, "MF400")]
    assert got == [
        (INTRO, 3, 1, "image 'img/shema.png' points to a missing file "
                      "(weeks/01-bienvenue/img/shema.png)", "intro"),
        (INTRO, 4, 1, "link '../../../secret.pdf' leaves the course folder", "intro"),
        (INTRO, 5, 1, "link '/static/x.png' is a site-absolute path", "intro"),
        (f"{WEEK_DIR}/quiz-start.yml", 8, 5, "image 'vue.png' points to a missing file "
                                             "(weeks/01-bienvenue/vue.png)", "quiz-start"),
    ]


def test_dangling_reference_quiet(make_course):
    text = "# Intro\n\n![Schéma](img/schema%20v2.png)\n[Lire](intro.en.md#top)\n"
    root = make_course({INTRO: text, f"{WEEK_DIR}/img/schema v2.png": b"\x89PNG"})
    assert findings(root, "MF400") == []


def test_dangling_reference_allow_absolute(make_course):
    root = make_course({INTRO: "# Intro\n\n[Ailleurs](/static/x.png)\n"})
    assert len(findings(root, "MF400")) == 1
    assert findings(root, "MF400", overrides={"MF400": {"allow_absolute": True}}) == []


# --------------------------------------------------------------------------- MF401


def test_unused_asset(make_course):
    root = make_course({INTRO: "# Intro\n\n![Schéma](img/used.png)\n",
                        f"{WEEK_DIR}/img/used.png": b"\x89PNG",
                        f"{WEEK_DIR}/img/old.png": b"\x89PNG",
                        f"{WEEK_DIR}/img/.DS_Store": b"x",
                        "notes/old.png": b"x"})
    [d] = findings(root, "MF401")
    assert (d.loc.file, d.loc.line, d.item) == (f"{WEEK_DIR}/img/old.png", 0, "")
    assert d.message == "weeks/01-bienvenue/img/old.png is not used by the course"


def test_unused_asset_quiet_when_referenced(make_course):
    root = make_course({INTRO: "# Intro\n\n![Schéma](img/used.png)\n",
                        f"{WEEK_DIR}/img/used.png": b"\x89PNG"})
    assert findings(root, "MF401") == []


def test_unused_asset_options(make_course):
    root = make_course({"media/draft.png": b"x", "notes/old.png": b"x"})
    assert [d.loc.file for d in findings(root, "MF401")] == ["media/draft.png"]
    opts = {"MF401": {"folders": ["notes"], "ignore": ["draft*"]}}
    assert [d.loc.file for d in findings(root, "MF401", overrides=opts)] == ["notes/old.png"]


# --------------------------------------------------------------------------- MF402


def test_duplicate_title_in_week(make_course):
    root = make_course({WEEK: week_yml(
        "{reading: intro.md, title: {fr: Intro, en: Intro}}",
        "{discussion: {fr: Parlez, en: Talk}, id: talk, title: {fr: intro, en: Chat}}",
        "{quiz: quiz-start.yml}")})
    [d] = findings(root, "MF402")
    assert (d.loc.file, d.loc.line, d.item) == (WEEK, ITEM_LINE + 1, "talk")
    assert d.message == "item 'talk' has the same title as 'intro' in week 1: 'intro'"


def test_duplicate_title_quiet_on_scaffold(make_course):
    assert findings(make_course(), "MF402") == []


def test_duplicate_title_lessons_option(make_course):
    text = ("title: {fr: Semaine, en: Week}\nobjectives: [{id: start, text: {fr: D, en: S}}]\n"
            "lessons:\n  - title: {fr: Leçon, en: Lesson}\n    id: l1\n"
            "    items: [{reading: intro.md}]\n"
            "  - title: {fr: Leçon, en: Lesson}\n    id: l2\n"
            "    items: [{quiz: quiz-start.yml}]\n")
    root = make_course({WEEK: text})
    [d] = findings(root, "MF402")
    assert (d.loc.line, d.message) == (7, "lesson 'l2' has the same title as 'l1' in week 1: "
                                          "'Leçon'")
    assert findings(root, "MF402", overrides={"MF402": {"lessons": False}}) == []


# --------------------------------------------------------------------------- MF403


def test_dates_in_run(make_course):
    root = make_course({WEEK: week_yml(
        "{reading: intro.md, release: 2027-02-01}",
        "{quiz: quiz-start.yml, release: 2027-03-15, due: 2027-03-10}",
        release="2027-03-02")})
    got = [(d.loc.line, d.severity, d.message) for d in findings(root, "MF403")]
    assert got == [  # same line: sorted by message
        (ITEM_LINE, "warning", "'intro' is released (2027-02-01) before its week "
                               "(2027-03-02); it stays hidden until then"),
        (ITEM_LINE, "error", "release of 'intro' 2027-02-01 is outside run "
                             "2027-spring 2027-03-01…2027-04-12"),
        (ITEM_LINE + 1, "error", "'quiz-start' is due (2027-03-10) before it is released "
                                 "(2027-03-15)"),
    ]


def test_dates_in_run_quiet(make_course):
    root = make_course({WEEK: week_yml(
        "{reading: intro.md}", "{quiz: quiz-start.yml, due: 2027-04-12T23:00Z}",
        release="2027-03-01")})
    assert findings(root, "MF403") == []


def test_dates_in_run_week_order_option(make_course):
    week2 = week_yml("{reading: intro2.md}", release="2027-03-01").replace(
        "{id: start,", "{id: start2,").replace(
        "  - title: {fr: Leçon, en: Lesson}", "  - title: {fr: Leçon 2, en: Lesson 2}")
    course = (Path(__file__).parent.parent / "moocforge/scaffold/course.yml").read_text()
    root = make_course({
        WEEK: week_yml("{reading: intro.md}", "{quiz: quiz-start.yml}", release="2027-03-08"),
        "weeks/02-suite/week.yml": week2, "weeks/02-suite/intro2.md": "# Suite\n",
        "course.yml": course + "  - weeks/02-suite\n"})
    [d] = findings(root, "MF403")
    assert (d.loc.file, d.severity) == ("weeks/02-suite/week.yml", "warning")
    assert d.message == "week 2 is released (2027-03-01) before week 1 (2027-03-08)"
    assert findings(root, "MF403", overrides={"MF403": {"week_order": False}}) == []


# --------------------------------------------------------------------------- MF404


def test_asset_size(make_course):
    big = b"\0" * (11 * 1000 * 1000)
    root = make_course({INTRO: "# Intro\n\n[Le PDF](files/big.pdf)\n",
                        f"{WEEK_DIR}/files/big.pdf": big})
    assert findings(root, "MF404") == []  # default limit 20 MB
    [d] = findings(root, "MF404", profile="fun")
    assert (d.loc.file, d.loc.line) == (f"{WEEK_DIR}/files/big.pdf", 0)
    # MB as Studio counts them (10^6 bytes): FUN's limit is 10 MB
    assert d.message == "weeks/01-bienvenue/files/big.pdf is 11.0 MB, over the 10 MB limit"
    assert len(findings(root, "MF404", overrides={"asset-size": {"max_mb": 5}})) == 1
