"""The raw OLX item kind (`olx:`) and units (`units:`), through the loader and every target:
the OLX writer re-emits the block verbatim, the site shows a card naming its type, the
Coursera kit reports it as a loss."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from lxml import html as lxml_html
from olx_judges import olxcleaner_report

from moocforge import app as application
from moocforge.load import load_course
from moocforge.model import RawOlx

W = "weeks/01-bienvenue"
WEEK_YML = """\
title: {fr: Bienvenue, en: Welcome}
objectives:
  - {id: start, text: {fr: Démarrer, en: Start}}
lessons:
  - id: intro
    title: {fr: Premiers pas, en: First steps}
    items:
      - reading: intro.md
      - quiz: quiz-start.yml
      - olx: olx/formula.xml
        title: {fr: Formule, en: Formula}
      - olx: olx/dnd.xml
        files: [../../static/heart.png]
    units:
      - id: practice
        title: {fr: S'exercer, en: Practice}
        items: [quiz-start, formula, dnd]
"""
FORMULA = """<problem display_name="Formula">
  <formularesponse answer="x^2" type="cs"><formulaequationinput/></formularesponse>
</problem>
"""
DND = """<drag-and-drop-v2 url_name="dnd" display_name="The heart" data="{&quot;img&quot;: \
&quot;/static/static_heart.png&quot;}"/>
"""
FILES = {f"{W}/week.yml": WEEK_YML, f"{W}/olx/formula.xml": FORMULA, f"{W}/olx/dnd.xml": DND,
         "static/heart.png": b"\x89PNG\r\n\x1a\n-heart"}


@pytest.fixture
def course(make_course, load_ok):
    return load_ok(make_course(FILES))


def test_the_loader_reads_raw_items_and_units(course):
    formula, dnd = course.item("formula"), course.item("dnd")
    assert isinstance(formula, RawOlx) and isinstance(dnd, RawOlx)
    assert (formula.block_type, formula.xml, formula.file) == (
        "problem", FORMULA, f"{W}/olx/formula.xml")
    assert (dnd.block_type, dnd.title.default, dnd.files) == (
        "drag-and-drop-v2", "The heart", ("static/heart.png",))
    [lesson] = course.weeks[0].lessons
    [unit] = lesson.units
    assert (unit.id, unit.item_ids, unit.title["en"]) == (
        "practice", ("quiz-start", "formula", "dnd"), "Practice")


@pytest.mark.parametrize("xml, words", [
    ('<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<problem>&e;</problem>',
     "DOCTYPE or entities"),
    ("<problem>\n<p>unclosed</problem>\n", "not well-formed"),
])
def test_a_raw_file_that_is_not_safe_xml_is_an_error_at_its_line(make_course, xml, words):
    root = make_course({**FILES, f"{W}/olx/formula.xml": xml})
    errors = [d for d in load_course(root).diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["MF037"] and words in errors[0].message
    assert errors[0].loc.file == f"{W}/olx/formula.xml" and errors[0].loc.line >= 1


@pytest.mark.parametrize("units, code", [
    ("[quiz-start, nothing]", "MF023"),
    ("[intro, formula]", "MF015"),
])
def test_units_name_consecutive_items_of_their_lesson(make_course, units, code):
    root = make_course({**FILES, f"{W}/week.yml": WEEK_YML.replace(
        "[quiz-start, formula, dnd]", units)})
    errors = [d for d in load_course(root).diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == [code]
    assert errors[0].loc.file == f"{W}/week.yml"


def test_olx_re_emits_the_blocks_verbatim_in_one_unit(course, tmp_path):
    report = application.build(course, ["olx"], tmp_path, languages=("fr",), keep_dir=True)
    assert report.written, report.diagnostics
    tree = next((tmp_path / course.id / "olx").glob("*-fr")) / "course"
    assert (tree / "problem" / "formula.xml").read_text("utf-8") == FORMULA
    vertical = etree.parse(str(tree / "vertical" / "v_practice.xml")).getroot()
    assert vertical.get("display_name") == "S'exercer"
    assert [(c.tag, c.get("url_name")) for c in vertical] == [
        ("problem", "quiz-start"), ("problem", "formula"), ("drag-and-drop-v2", "dnd")]
    assert dict(vertical[2].attrib) == dict(etree.fromstring(DND.encode()).attrib)
    assert (tree / "static" / "static_heart.png").read_bytes() == FILES["static/heart.png"]
    sequential = etree.parse(str(tree / "sequential" / "seq_intro.xml")).getroot()
    assert [v.get("url_name") for v in sequential] == ["v_intro", "v_practice"]
    policy = json.loads(next((tree / "policies").glob("*/policy.json")).read_text("utf-8"))
    assert "drag-and-drop-v2" in next(iter(policy.values()))["advanced_modules"]
    errors = [(n, t) for level, n, t in olxcleaner_report(tree) if level == "ERROR"]
    assert errors == []


def test_site_shows_a_card_naming_the_block_type(course, tmp_path):
    report = application.build(course, ["site"], tmp_path)
    assert report.written, report.diagnostics
    page = next((tmp_path / course.id / "site" / "en").rglob("*dnd*.html"))
    root = lxml_html.parse(str(page)).getroot()
    [card] = root.find_class("mf-raw-olx")
    assert "drag-and-drop-v2" in card.text_content()
    assert "Open edX only" in card.text_content()


def test_coursera_reports_each_raw_block_and_keeps_its_xml(course, tmp_path):
    report = application.build(course, ["coursera"], tmp_path)
    assert report.written, report.diagnostics
    losses = sorted((d.item, d.message) for d in report.diagnostics if d.code == "MF564")
    assert [item for item, _ in losses] == ["dnd", "formula"]
    assert "drag-and-drop-v2" in losses[0][1]
    kit = tmp_path / course.id / "coursera" / "en"
    assert next(kit.rglob("*formula.xml")).read_text("utf-8") == FORMULA
    assert "Ungraded plugin" in (kit / "blueprint.csv").read_text("utf-8")
