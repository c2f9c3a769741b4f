"""The `external` item kind (LTI 1.1 / 1.3 tools and web apps) through every target."""

from __future__ import annotations

import json
import tarfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from moocforge import app as application
from moocforge.load import load_course

WEEK = "weeks/01-bienvenue/week.yml"
WEEK_YML = """\
title: {fr: Bienvenue, en: Welcome}
objectives:
  - {id: start, text: {fr: Savoir comment le cours fonctionne, en: Know how the course works}}
lessons:
  - title: {fr: Premiers pas, en: First steps}
    items:
      - reading: intro.md
      - quiz: quiz-start.yml
  - id: terrain
    title: {fr: Sur le terrain, en: In the field}
    items:
      - external: https://carto.example.org/lti/launch
        id: photo-terrain
        title: {fr: Photo géolocalisée, en: Geotagged photo}
        lti: "1.3"
        keys: {config: roches-carto}
        custom: {layer: roches}
        graded: true
        type: Terrain
        weight: 10
        minutes: 45
        description: {fr: "Photographiez une roche.", en: "Photograph a rock."}
      - external: https://legacy.example.org/launch
        id: vieil-outil
        title: {fr: Ancien outil, en: Old tool}
        lti: "1.1"
        keys: {passport: legacy_tool}
      - external: https://app.example.org/
        id: appli
        title: {fr: Appli, en: App}
"""
GRADING = "    - {type: Quiz, weight: 1.0}\n"


@pytest.fixture
def course(make_course, load_ok):
    root = make_course({WEEK: WEEK_YML})
    course_yml = root / "course.yml"
    course_yml.write_text(course_yml.read_text("utf-8").replace(
        GRADING, "    - {type: Quiz, weight: 0.5}\n    - {type: Terrain, weight: 0.5}\n"),
        "utf-8")
    return load_ok(root)


def test_model_and_workload(course):
    item = course.item("photo-terrain")
    assert (item.kind, item.lti, dict(item.keys), dict(item.custom)) == (
        "external", "1.3", {"config": "roches-carto"}, {"layer": "roches"})
    assert course.item("vieil-outil").lti == "1.1"
    assert course.item("appli").lti is None


def test_an_unquoted_version_is_explained(make_course):
    root = make_course({WEEK: WEEK_YML.replace('lti: "1.1"', "lti: 1.1")})
    [problem] = [d for d in load_course(root).diagnostics if d.severity == "error"]
    assert problem.code == "MF013" and "1.1" in problem.message


def test_secrets_have_no_place_in_the_sources(make_course):
    root = make_course({WEEK: WEEK_YML.replace("keys: {passport: legacy_tool}",
                                               "keys: {passport: legacy_tool, secret: s3cr3t}")})
    [problem] = [d for d in load_course(root).diagnostics if d.severity == "error"]
    assert problem.code == "MF011" and "secret" in problem.message
    assert problem.loc.file == WEEK


def test_an_lti_tool_without_its_keys_is_an_error(make_course):
    root = make_course({WEEK: WEEK_YML.replace("        keys: {passport: legacy_tool}\n", "")})
    found = [d for d in load_course(root).diagnostics if d.severity == "error"]
    assert [(d.code, d.loc.file) for d in found] == [("MF012", WEEK)]
    assert "passport" in found[0].message


def test_olx_lti_consumer_blocks(course, tmp_path):
    report = application.build(course, ["olx"], tmp_path, languages=("fr",), keep_dir=True)
    assert report.written, report.diagnostics
    tree = next((tmp_path / course.id / "olx").glob("*-fr")) / "course"
    vertical = etree.parse(str(tree / "vertical" / "v_photo-terrain.xml")).getroot()
    [block] = vertical.findall("lti_consumer")
    assert dict(block.attrib) == {
        "url_name": "photo-terrain", "display_name": "Photo géolocalisée",
        "description": "Photographiez une roche.", "launch_target": "new_window",
        "custom_parameters": '["layer=roches"]', "has_score": "true", "weight": "10",
        "ask_to_send_username": "false", "ask_to_send_email": "false",
        "launch_url": "https://carto.example.org/lti/launch", "lti_version": "lti_1p3",
        "config_type": "external", "external_config": "roches-carto",
        "lti_1p3_launch_url": "https://carto.example.org/lti/launch"}
    legacy = etree.parse(str(tree / "vertical" / "v_vieil-outil.xml")).getroot()
    [block] = legacy.findall("lti_consumer")
    assert (block.get("lti_version"), block.get("lti_id"), block.get("launch_url")) == (
        "lti_1p1", "legacy_tool", "https://legacy.example.org/launch")
    app_vertical = etree.parse(str(tree / "vertical" / "v_appli.xml")).getroot()
    assert [c.tag for c in app_vertical] == ["html"]
    page = (tree / "html" / "appli.html").read_text("utf-8")
    assert 'href="https://app.example.org/"' in page
    policy = json.loads(next((tree / "policies").glob("*/policy.json")).read_text("utf-8"))
    assert "lti_consumer" in next(iter(policy.values()))["advanced_modules"]
    codes = {d.code for d in report.diagnostics}
    assert {"MF515", "MF516"} <= codes  # a web app is a link; a passport is entered by hand
    sequential = etree.parse(str(tree / "sequential" / "seq_terrain.xml")).getroot()
    assert (sequential.get("graded"), sequential.get("format")) == ("true", "Terrain")


def test_olx_package_with_external_tools_passes_olxcleaner(course, tmp_path):
    from olx_judges import olxcleaner_report

    report = application.build(course, ["olx"], tmp_path, languages=("fr",))
    package = next((tmp_path / course.id / "olx").glob("*.tar.gz"))
    with tarfile.open(package) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    assert report.written
    errors = sorted((name, text) for level, name, text in olxcleaner_report(
        tmp_path / "unpacked" / "course") if level == "ERROR")
    # olxcleaner predates LTI 1.3 (it asks every lti_consumer for an LTI 1.1 passport id),
    # and an LTI 1.1 passport holds a secret, which the platform team enters (MF516): those
    # two findings are expected, nothing else.
    assert errors == [
        ("InvalidSetting", "The tag <lti_consumer url_name='photo-terrain' display_name='Photo "
                           "géolocalisée'> does not have the required setting 'lti_id'."),
        ("LTIError", "Course policy does not include an 'lti_passports' entry for "
                     "'legacy_tool', required for <lti_consumer url_name='vieil-outil' "
                     "display_name='Ancien outil'>."),
    ]


def test_coursera_app_items_and_loss_report(course, tmp_path):
    report = application.build(course, ["coursera"], tmp_path)
    assert report.written, report.diagnostics
    kit = tmp_path / course.id / "coursera" / "en"
    rows = (kit / "blueprint.csv").read_text("utf-8")
    assert "Graded app item" in rows and "Ungraded app item" in rows
    assert "Ungraded plugin" in rows
    page = lxml_html.parse(str(next(kit.rglob("*photo-terrain.html")))).getroot()
    text = page.text_content()
    assert "https://carto.example.org/lti/launch" in text and "roches-carto" in text
    losses = [d for d in report.diagnostics if d.code == "MF562"]
    assert sorted(d.item for d in losses) == ["appli", "photo-terrain", "vieil-outil"]


def test_site_shows_an_inert_card(course, tmp_path):
    report = application.build(course, ["site"], tmp_path)
    assert report.written, report.diagnostics
    page = tmp_path / course.id / "site" / "fr" / "01-bienvenue" / "photo-terrain" / \
        "index.html"
    if not page.exists():
        page = next((tmp_path / course.id / "site" / "fr").rglob("photo-terrain*.html"))
    root = lxml_html.parse(str(page)).getroot()
    [card] = root.find_class("mf-external")
    assert "Photographiez une roche." in card.text_content()
    assert "plateforme" in card.text_content()
    assert [a.get("href") for a in card.iter("a")] == ["https://carto.example.org/lti/launch"]
    assert not root.xpath("//iframe"), "the site does not launch the tool"
