"""The seams of DESIGN.md, checked: one kind registry with exhaustive dispatch, a complete
model that writers and rules use without the sources, typed settings checked at load,
layers that import downwards only, and generated documentation equal to the code."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
from conftest import ABC_C, ROOT
from typer.testing import CliRunner

from moocforge import app as application
from moocforge import cache, kinds
from moocforge.cli import app
from moocforge.codes import CODES, diagnostics_markdown
from moocforge.docgen import course_schema
from moocforge.kinds import Kind, UnknownKindError
from moocforge.load import load_course
from moocforge.load import markdown as load_markdown
from moocforge.load.assets import MemoryAssets
from moocforge.media import transcripts
from moocforge.model import Course, ItemBase
from moocforge.rules import RULES
from moocforge.workload import estimate
from moocforge.writers import WriterOptions
from moocforge.writers.registry import writers

# --------------------------------------------------------------------------- layers


def _imported_by(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return set(out.split())


@pytest.mark.parametrize("statement", [
    "import moocforge.rules",
    "import moocforge.writers",
    "import moocforge.writers.olx.package, moocforge.writers.coursera.package, "
    "moocforge.writers.site.package, moocforge.writers.registry",
])
def test_rules_and_writers_import_no_loader_cli_app_or_yaml(statement):
    modules = _imported_by(statement)
    forbidden = sorted(m for m in modules if m == "yaml" or m.startswith(
        ("yaml.", "moocforge.load", "moocforge.cli", "moocforge.app")))
    assert forbidden == [], f"{statement} imports {forbidden}"


# --------------------------------------------------------------------------- kinds


def test_every_registered_kind_has_a_schema_definition_and_handlers():
    week = json.loads((ROOT / "schemas" / "week.schema.json").read_text("utf-8"))
    one_of = {ref["$ref"].rsplit("/", 1)[-1] for ref in week["$defs"]["item"]["oneOf"]}
    assert one_of == set(kinds.names())
    from moocforge.ids import OLX_BLOCK_TYPE
    from moocforge.load.items import READERS
    from moocforge.writers.site.strings import strings

    assert set(READERS) == set(OLX_BLOCK_TYPE) == set(kinds.names())
    for lang in ("fr", "en"):
        assert all(strings(lang)[name] for name in kinds.names())


@dataclasses.dataclass(frozen=True, slots=True)
class Survey(ItemBase):
    """A kind registered without handlers, as a contributor's first step would leave it."""

    kind: str = "survey"


@pytest.fixture
def fake_kind():
    kind = kinds.register(Kind("survey", Survey, activity=True, scorable=False,
                               estimate=lambda course, item, lang: kinds.Estimate(5, "default"),
                               summary="a test-only kind"))
    yield kind
    del kinds.KINDS["survey"]


def _with_survey(course: Course) -> Course:
    week = course.weeks[0]
    first = week.items[0]
    survey = Survey(id="survey-1", title=first.title, graded=False, assignment_type=None,
                    objectives=(), minutes=None, due=None, release=None, suppressions=(),
                    loc=first.loc)
    lesson = dataclasses.replace(week.lessons[0], items=(*week.lessons[0].items, survey))
    week = dataclasses.replace(week, lessons=(lesson, *week.lessons[1:]))
    return dataclasses.replace(course, weeks=(week, *course.weeks[1:]))


def test_a_kind_without_handlers_fails_loudly_in_every_writer(fake_kind, abc_course, tmp_path):
    course = _with_survey(abc_course)
    survey = course.item("survey-1")
    assert survey is not None
    assert estimate(course, survey).minutes == 5  # the registry gives its estimate
    assert application.lint(course) is not None  # rules use the registry's facts
    for name, writer in writers().items():
        with pytest.raises(UnknownKindError, match="no handler for item kind 'survey'"):
            writer.write(course, tmp_path / name, WriterOptions())


def test_an_unregistered_kind_is_refused_by_the_registry(abc_course):
    survey = _with_survey(abc_course).item("survey-1")
    assert survey is not None
    with pytest.raises(UnknownKindError, match="not registered"):
        kinds.kind_of(survey)


# --------------------------------------------------------------------------- the model


def test_each_transcript_and_link_is_resolved_once_and_never_by_a_build(tmp_path):
    cache.clear_memory()  # a load earlier in this process would serve the parses
    transcripts.PARSES.clear()
    load_markdown.RESOLUTIONS.clear()
    loaded = application.load(ABC_C)
    assert loaded.ok and loaded.course is not None
    parses, resolutions = dict(transcripts.PARSES), dict(load_markdown.RESOLUTIONS)
    files = {t.file for v in loaded.course.items if v.kind == "video"
             for t in v.tracks.values()}
    files |= {n.cues for c in loaded.course.items if c.kind == "codecast"  # cue lists
              for n in c.narrations.values() if n.cues}
    assert files and parses == dict.fromkeys(files, 1)
    assert resolutions and set(resolutions.values()) == {1}, "one resolution per text"
    report = application.build(loaded.course, list(writers()), tmp_path)
    assert report.written, report.diagnostics
    assert dict(transcripts.PARSES) == parses, "a writer parsed a transcript"
    assert dict(load_markdown.RESOLUTIONS) == resolutions, "a writer resolved a link"


def test_lint_and_build_from_the_model_after_the_sources_are_gone(tmp_path):
    source = shutil.copytree(ABC_C, tmp_path / "abc-c")
    loaded = application.load(source, media=False)
    assert loaded.ok and loaded.course is not None
    files = {key: loaded.course.assets.read_bytes(key) for key in loaded.course.inventory
             if loaded.course.assets.exists(key)}
    reference = application.build(loaded.course, list(writers()), tmp_path / "before")
    assert reference.written
    shutil.rmtree(source)
    course = dataclasses.replace(loaded.course, assets=MemoryAssets(files))
    assert not [d for d in application.lint(course) if d.severity == "error"]
    report = application.build(course, list(writers()), tmp_path / "after")
    assert report.written, report.diagnostics
    for package in sorted((tmp_path / "before").rglob("*.tar.gz")):
        twin = tmp_path / "after" / package.relative_to(tmp_path / "before")
        assert twin.read_bytes() == package.read_bytes(), package.name


# --------------------------------------------------------------------------- settings


TARGETS = """\
targets:
  olx:
    profil: fun
    queue: 3
  olxx: {}
"""


def test_target_settings_are_checked_at_validate_time_with_lines(make_course):
    root = make_course()
    course_yml = root / "course.yml"
    course_yml.write_text(course_yml.read_text("utf-8") + TARGETS, "utf-8")
    result = CliRunner().invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1
    found = {(d["code"], d["line"], d["message"], d["hint"])
             for d in json.loads(result.output)["diagnostics"]}
    assert found == {
        ("MF030", 18, "unknown setting 'profil' in targets.olx", "did you mean 'profile'?"),
        ("MF031", 19, "targets.olx.queue must be text, not 3",
         "quote the value if it looks like a number or a date"),
        ("MF030", 20, "unknown target 'olxx' in targets", "did you mean 'olx'?"),
    }


def test_typed_settings_reach_the_writer(make_course, load_ok):
    root = make_course()
    course_yml = root / "course.yml"
    course_yml.write_text(course_yml.read_text("utf-8")
                          + "targets:\n  olx: {profile: fun, queue: abc-queue}\n", "utf-8")
    course = load_ok(root)
    olx = course.targets["olx"]
    assert (olx.profile, olx.queue, olx.loc_of("queue").line) == ("fun", "abc-queue", 17)


def test_settings_schemas_in_course_schema_are_generated():
    committed = json.loads((ROOT / "schemas" / "course.schema.json").read_text("utf-8"))
    assert committed == course_schema(), "regenerate: python -m moocforge.docgen"
    olx = committed["properties"]["targets"]["properties"]["olx"]
    assert olx["properties"]["profile"]["enum"] == ["edx", "fun"]


# --------------------------------------------------------------------------- codes


def _codes_in_source() -> set[str]:
    found = set()
    for path in (ROOT / "moocforge").rglob("*.py"):
        if path.name == "codes.py":
            continue  # the catalogue itself
        found |= set(re.findall(r"[\"'](MF\d{3})[\"']", path.read_text("utf-8")))
    return found


def test_every_emitted_code_is_documented_once():
    rule_codes = {m.CODE for m in RULES}
    used = _codes_in_source()
    assert sorted(used - set(CODES) - rule_codes) == [], "add them to moocforge/codes.py"
    assert sorted(set(CODES) - used) == [], "codes nothing emits: remove them"
    assert not set(CODES) & rule_codes


def test_committed_diagnostics_doc_is_the_generated_text():
    committed = (ROOT / "docs" / "diagnostics.md").read_text("utf-8")
    assert committed == diagnostics_markdown(), "regenerate: python -m moocforge.docgen"


# --------------------------------------------------------------------------- roots


def test_a_declared_shared_root_can_be_used_without_weakening_path_safety(make_course,
                                                                          tmp_path):
    shared = tmp_path / "shared"
    (shared / "images").mkdir(parents=True)
    (shared / "images" / "logo.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "secret.txt").write_text("no", "utf-8")
    root = make_course({"weeks/01-bienvenue/intro.md":
                        "# Intro\n\n![Logo](../../../shared/images/logo.png)\n\n"
                        "[s](../../../secret.txt)\n"})
    course_yml = root / "course.yml"
    text = course_yml.read_text("utf-8").replace(
        "languages: [fr, en]\n", "languages: [fr, en]\nroots: {shared: ../shared}\n")
    course_yml.write_text(text, "utf-8")
    result = load_course(root)
    assert result.course is not None
    [doc] = [d for d in result.course.documents if d.file == "weeks/01-bienvenue/intro.md"]
    logo, secret = doc.refs
    assert (logo.status, logo.path) == ("ok", "@shared/images/logo.png")
    assert (secret.status, secret.path) == ("outside", None)
    assert result.course.assets.read_bytes("@shared/images/logo.png") == b"\x89PNG fake"
    found = [d for d in application.lint(result.course) if d.code == "MF400"]
    assert [d.message for d in found] == ["link '../../../secret.txt' leaves the course folder"]


def test_a_symlink_out_of_a_root_is_refused(make_course, tmp_path):
    (tmp_path / "outside.png").write_bytes(b"secret")
    root = make_course({"weeks/01-bienvenue/intro.md": "# Intro\n\n![x](leak.png)\n"})
    (root / "weeks/01-bienvenue/leak.png").symlink_to(tmp_path / "outside.png")
    course = load_course(root).course
    assert course is not None
    [ref] = [r for d in course.documents for r in d.refs if r.target == "leak.png"]
    assert ref.status == "outside"
    assert not course.assets.exists("weeks/01-bienvenue/leak.png")


def test_packages_of_abc_c_open(tmp_path):
    loaded = application.load(ABC_C, media=False)
    assert loaded.course is not None
    report = application.build(loaded.course, ["olx"], tmp_path)
    assert report.written
    for package in (tmp_path / "abc-c" / "olx").glob("*.tar.gz"):
        with tarfile.open(package) as tar:
            assert "course/course.xml" in tar.getnames()
