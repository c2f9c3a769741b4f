"""The schemas as editor help and as the format reference.

Every property of every schema is described (plain and Markdown), every leaf has an example,
enums explain their values, and defaults are the loader's. The annotations change nothing in
validation: the same diagnostics with them as without them. docs/format.md is the text the
generator makes from the schemas.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import write_files
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.docs.format import MARKER, entry_markdown, reference_markdown, replace_generated
from moocforge.load import load_course
from moocforge.load import schema as schema_module
from moocforge.load.schema import SCHEMA_DIR, validate, validator
from moocforge.load.sources import parse_and_check
from moocforge.load.yamlpos import compose

ROOT = Path(__file__).resolve().parent.parent
W = "weeks/01-bienvenue"
ANNOTATIONS = {"title", "description", "markdownDescription", "default", "examples",
               "enumDescriptions", "markdownEnumDescriptions"}
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))


def _load(file: Path) -> dict:
    return json.loads(file.read_text("utf-8"))


def _name(file: Path) -> str:
    return file.name.removesuffix(".schema.json")


def _properties(node: object, where: str) -> Iterator[tuple[str, dict]]:
    """Every property and $defs entry under `node`, at any depth (conditions excluded)."""
    if isinstance(node, list):
        for i, child in enumerate(node):
            yield from _properties(child, f"{where}/{i}")
        return
    if not isinstance(node, dict):
        return
    for key, child in node.items():
        if key in ("if", "not"):  # conditions name properties, they do not declare them
            continue
        if key in ("properties", "$defs") and isinstance(child, dict):
            for name, sub in child.items():
                yield f"{where}/{key}/{name}", sub
        yield from _properties(child, f"{where}/{key}")


def _resolve(node: dict, file: str) -> tuple[dict, str]:
    """Follow `$ref`s (to another file or within one) to the schema they name."""
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        file = target.removesuffix(".schema.json") if target else file
        node = _load(SCHEMA_DIR / f"{file}.schema.json")
        for part in filter(None, pointer.split("/")):
            node = node[part]
    return node, file


def _structured(node: dict, file: str) -> bool:
    """Whether a value holds keys of its own to document (else it is a leaf)."""
    node, file = _resolve(node, file)
    if "properties" in node:
        return True
    children = [node.get("items"), node.get("additionalProperties"), *node.get("oneOf", [])]
    return any(isinstance(c, dict) and _structured(c, file) for c in children)


def _all_properties() -> Iterator[tuple[str, str, dict]]:
    for file in SCHEMA_FILES:
        for where, node in _properties(_load(file), ""):
            yield _name(file), where, node


def _plain(markdown: str) -> str:
    return markdown.replace("`", "")


# --------------------------------------------------------------------------- annotations


def test_the_walk_sees_nested_and_defined_properties() -> None:
    seen = {(name, where) for name, where, _ in _all_properties()}
    assert ("quiz", "/properties/questions/items/properties/choices/items/properties/correct"
            ) in seen
    assert ("week", "/$defs/video/properties/transcripts") in seen
    assert ("course", "/properties/runs/additionalProperties/properties/end") in seen
    assert not any("/if/" in where for _, where, _ in _all_properties())
    assert len(seen) > 190


def test_every_property_is_described() -> None:
    missing = [f"{name}.schema.json#{where}" for name, where, node in _all_properties()
               if not node.get("description") or not node.get("markdownDescription")]
    assert missing == [], "add description and markdownDescription to:\n" + "\n".join(missing)


def test_plain_descriptions_are_the_markdown_ones_without_code_marks() -> None:
    differ = [f"{name}#{where}" for name, where, node in _all_properties()
              if node.get("description") != _plain(node.get("markdownDescription", ""))]
    enums = [f"{name}#{where}" for name, where, node in _all_properties()
             if [_plain(t) for t in node.get("markdownEnumDescriptions", [])]
             != node.get("enumDescriptions", [])]
    assert differ == [] and enums == []


def test_markdown_annotations_hold_no_html_outside_code() -> None:
    """`<name>` outside backticks would vanish as an unknown HTML tag, in editors' hovers
    (the language server shows titles as Markdown headings) and in the docs."""
    roots = [(_name(file), "", _load(file)) for file in SCHEMA_FILES]
    raw = [f"{name}#{where}" for name, where, node in [*roots, *_all_properties()]
           for text in [node.get("markdownDescription", ""), node.get("title", ""),
                        *node.get("markdownEnumDescriptions", [])]
           if "<" in re.sub(r"`[^`]*`", "", text)]
    assert raw == []


def test_every_leaf_property_has_an_example() -> None:
    missing = [f"{name}.schema.json#{where}" for name, where, node in _all_properties()
               if not _structured(node, name) and not node.get("examples")]
    assert missing == [], "add `examples` to:\n" + "\n".join(missing)


def test_every_enum_explains_each_of_its_values() -> None:
    enums = [(name, where, node) for name, where, node in _all_properties() if "enum" in node]
    assert len(enums) >= 9
    for name, where, node in enums:
        assert len(node.get("markdownEnumDescriptions", [])) == len(node["enum"]), (name, where)
        assert all(node["markdownEnumDescriptions"]), (name, where)


def test_examples_and_defaults_are_valid_values_of_their_key() -> None:
    checked = 0
    for name, where, node in _all_properties():
        values = [*node.get("examples", []), *([node["default"]] if "default" in node else [])]
        for value in values:
            errors = list(validator(name, "#" + where).iter_errors(value))
            assert errors == [], (name, where, value, errors[0].message)
            checked += 1
    assert checked > 190


@pytest.mark.parametrize("file", SCHEMA_FILES, ids=_name)
def test_schema_is_valid_draft_2020_12(file: Path) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(_load(file))


def test_validating_a_file_does_not_fill_in_defaults() -> None:
    """fastjsonschema writes `default` values into the data it validates unless told not
    to; a week entry would then carry `graded: false` over its quiz file's `graded: true`."""
    doc = compose("title: Q\nquestions:\n  - kind: single\n    prompt: P\n    choices:\n"
                  "      - {text: a, correct: true}\n      - {text: b}\n")
    before = copy.deepcopy(doc.data)
    assert validate(doc, "quiz", "q.yml") == ([], [])
    assert doc.data == before


# --------------------------------------------------------------------------- the loader

EXERCISE_FILES = {
    f"{W}/exercises/somme/statement.md": "# Somme\n\nAdditionnez deux nombres.\n",
    f"{W}/exercises/somme/statement.en.md": "# Sum\n\nAdd two numbers.\n",
    f"{W}/exercises/somme/solution.c": "#include <stdio.h>\nint main(void) { int a, b; "
                                       "scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); "
                                       "return 0; }\n",
}
BARE = {  # every key that has a default left out (and `language`, required, to read its own)
    "course.yml": """\
        id: bare
        title: Bare
        org: O
        number: N
        languages: [fr, en]
        runs: {r: {start: 2027-03-01}}
        grading:
          pass: 0.5
          types: [{type: Quiz, weight: 1}]
        weeks: [weeks/01-bienvenue]
        """,
    f"{W}/week.yml": """\
        title: W
        lessons:
          - title: L
            items:
              - {reading: intro.md}
              - {video: "youtube:dQw4w9WgXcQ", id: vid, title: V}
              - {discussion: D, id: forum, title: F}
              - {external: "https://tool.example.org/launch", id: tool, title: T}
              - {quiz: quiz-start.yml}
              - {peer: peer.yml}
              - {exercise: exercises/somme/}
        """,
    f"{W}/quiz-start.yml": """\
        title: Q
        questions:
          - {kind: single, prompt: P, choices: [{text: a, correct: true}, {text: b}]}
          - {kind: text, prompt: T, answers: [main]}
        """,
    f"{W}/peer.yml": """\
        title: P
        prompt: Write
        rubric: [{name: c, options: [{name: o, points: 0}, {name: p, points: 1}]}]
        steps: [{kind: peer, must_grade: 2}, {kind: staff}]
        """,
    f"{W}/exercises/somme/exercise.yml": """\
        title: S
        statement: statement.md
        solution: solution.c
        tests: [{name: small, expected: "0\\n"}]
        """,
    **EXERCISE_FILES,
}
BARE = {name: textwrap.dedent(text) for name, text in BARE.items()}


def _items(course) -> dict:
    return {item.id: item for week in course.weeks for lesson in week.lessons
            for item in lesson.items}


def _default_in_model(course, without_pass) -> dict[tuple[str, str], object]:
    """What the loader made of each defaulted key left out of BARE, by schema location."""
    items = _items(course)
    quiz, peer, exercise = items["quiz-start"], items["peer"], items["somme"]
    test = exercise.tests[0]
    p, q, d = "/properties/", "/properties/questions/items/properties/", "/$defs/"
    return {
        ("course", p + "grading/properties/pass"): without_pass.grading.pass_threshold,
        ("course", p + "grading/properties/types/items/properties/drop"):
            course.grading.types[0].drop,
        ("course", p + "workload/properties/weekly_minutes"): course.weekly_minutes_target,
        ("course", p + "workload/properties/speaking_rate"): course.speaking_rate_wpm,
        ("course", p + "workload/properties/reading_rate"): course.reading_rate_wpm,
        ("week", d + "video/properties/graded"): items["vid"].graded,
        ("week", d + "reading/properties/graded"): items["intro"].graded,
        ("week", d + "discussion/properties/graded"): items["forum"].graded,
        ("week", d + "external/properties/graded"): items["tool"].graded,
        ("week", d + "external/properties/weight"): items["tool"].weight,
        ("week", d + "external/properties/launch"): items["tool"].launch,
        ("quiz", p + "graded"): quiz.graded,
        ("quiz", p + "showanswer"): quiz.showanswer,
        ("quiz", q + "match"): quiz.questions[1].match,
        ("quiz", q + "weight"): quiz.questions[0].weight,
        ("quiz", q + "choices/items/properties/correct"): quiz.questions[0].choices[1].correct,
        ("peer", p + "graded"): peer.graded,
        ("peer", p + "submission/properties/text"): peer.submission.text,
        ("peer", p + "submission/properties/multiple_files"): peer.submission.multiple_files,
        ("peer", p + "submission/properties/editor"): peer.submission.editor,
        ("peer", p + "submission/properties/show_rubric"): peer.submission.show_rubric,
        ("peer", p + "rubric/items/properties/feedback"): peer.rubric[0].feedback,
        ("peer", p + "steps/items/properties/required"): peer.steps[1].required,
        ("exercise", p + "graded"): exercise.graded,
        ("exercise", p + "language"): exercise.language,
        ("exercise", p + "tests/items/properties/stdin"): test.stdin,
        ("exercise", p + "tests/items/properties/compare"): test.compare,
        ("exercise", p + "tests/items/properties/tolerance"): test.tolerance,
        ("exercise", p + "tests/items/properties/exit_code"): test.exit_code,
        ("exercise", p + "tests/items/properties/hidden"): test.hidden,
        ("exercise", p + "limits/properties/time"): exercise.limits.time_s,
        ("exercise", p + "limits/properties/memory"): exercise.limits.memory_mb,
        ("exercise", p + "limits/properties/output"): exercise.limits.output_kb,
        ("exercise", p + "limits/properties/processes"): exercise.limits.processes,
    }


def test_schema_defaults_are_what_the_loader_uses(make_course) -> None:
    result = load_course(make_course(BARE))
    no_pass = load_course(make_course({**BARE, "course.yml": BARE["course.yml"].replace(
        "  pass: 0.5\n", "")}, name="no-pass"))
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["MF012"]
    assert [d.code for d in no_pass.diagnostics if d.severity == "error"] == ["MF012", "MF012"]
    in_model = _default_in_model(result.course, no_pass.course)
    # targets: and lint: are generated from the settings classes, whose defaults are the
    # ones the loader uses by construction (tests/test_architecture.py checks the generation)
    generated = ("/properties/targets/", "/properties/lint/")
    in_schemas = {(name, where): node["default"] for name, where, node in _all_properties()
                  if "default" in node and not where.startswith(generated)}
    assert sorted(in_schemas) == sorted(in_model), "tie every new default to the loader here"
    assert {key: in_model[key] for key in in_schemas} == in_schemas


# The broken-course corpus of test_load_broken, and cases that reach the annotated keys.
FULL = {
    f"{W}/week.yml": (SCAFFOLD_WEEK := (ROOT / "moocforge/scaffold" / W / "week.yml").read_text(
        "utf-8")) + "      - peer: peer.yml\n      - exercise: exercises/somme/\n",
    f"{W}/peer.yml": BARE[f"{W}/peer.yml"],
    f"{W}/exercises/somme/exercise.yml": BARE[f"{W}/exercises/somme/exercise.yml"]
    + "language: c\n",
    **EXERCISE_FILES,
}
QUIZ_TEXT = "title: Q\nquestions:\n  - kind: numeric\n    prompt: P\n    answer: 3\n"
EXTRA_CASES = {
    "tolerance-not-a-number": {f"{W}/quiz-start.yml": QUIZ_TEXT + "    tolerance: [1]\n"},
    "tolerance-bad-percent": {f"{W}/quiz-start.yml": QUIZ_TEXT + "    tolerance: five%\n"},
    "showanswer-typo": {f"{W}/quiz-start.yml": QUIZ_TEXT + "showanswer: finnished\n"},
    "weight-zero": {f"{W}/quiz-start.yml": QUIZ_TEXT + "    weight: 0\n"},
    "text-as-list": {f"{W}/quiz-start.yml": QUIZ_TEXT.replace("prompt: P", "prompt: [P]")},
    "text-comma": {f"{W}/quiz-start.yml": QUIZ_TEXT.replace("prompt: P",
                                                            "prompt: {fr: a, b, en: c}")},
    "step-kind": {f"{W}/peer.yml": BARE[f"{W}/peer.yml"].replace("kind: staff", "kind: stafff")},
    "step-unknown-key": {f"{W}/peer.yml": BARE[f"{W}/peer.yml"].replace(
        "{kind: staff}", "{kind: staff, requierd: true}")},
    "must-grade-zero": {f"{W}/peer.yml": BARE[f"{W}/peer.yml"].replace("must_grade: 2",
                                                                       "must_grade: 0")},
    "compare-typo": {f"{W}/exercises/somme/exercise.yml": FULL[
        f"{W}/exercises/somme/exercise.yml"].replace("name: small", "name: small, compare: exakt")},
    "limits-too-long": {f"{W}/exercises/somme/exercise.yml": FULL[
        f"{W}/exercises/somme/exercise.yml"] + "limits: {time: 600, memory: two}\n"},
    "item-kind-typo": {f"{W}/week.yml": SCAFFOLD_WEEK.replace("- quiz:", "- quizz:")},
    "item-two-kinds": {f"{W}/week.yml": SCAFFOLD_WEEK.replace("- quiz: quiz-start.yml",
                                                              "- {quiz: a.yml, peer: b.yml}")},
    "video-bad-duration": {f"{W}/week.yml": SCAFFOLD_WEEK + (
        "      - {video: 'youtube:dQw4w9WgXcQ', id: v, title: V, duration: -1,"
        " transcripts: {xx-toolong: a.vtt}}\n")},
    "run-bad-key": {"course.yml": (ROOT / "moocforge/scaffold/course.yml").read_text(
        "utf-8").replace("2027-spring:", "'spring 2027':")},
}


def _broken_cases() -> dict[str, dict]:
    from test_load_broken import CASES

    return {**{name: files for name, (files, *_expected) in CASES.items()}, **EXTRA_CASES}


def _diagnostics(root: Path) -> list[tuple]:
    return [(d.code, d.severity, d.message, str(d.loc), d.hint)
            for d in load_course(root).diagnostics]


def _bare(node: object, in_properties: bool = False) -> object:
    """The schema without annotation keywords (a property may be named like one)."""
    if isinstance(node, dict):
        return {k: _bare(v, k in ("properties", "$defs")) for k, v in node.items()
                if in_properties or k not in ANNOTATIONS}
    if isinstance(node, list):
        return [_bare(v) for v in node]
    return node


def _use_schemas(folder: Path) -> None:
    """Make the loader read the schemas in `folder` (every cache of checked files dropped)."""
    schema_module.SCHEMA_DIR = folder
    for cached in (schema_module.schema, schema_module.validator, schema_module.fast_check,
                   schema_module._registry, parse_and_check):
        cached.cache_clear()


@pytest.fixture
def bare_schemas(tmp_path: Path) -> Iterator[Path]:
    """A folder of the schemas without annotations; the loader's caches are reset after."""
    folder = tmp_path / "bare-schemas"
    folder.mkdir()
    for file in SCHEMA_FILES:
        (folder / file.name).write_text(json.dumps(_bare(_load(file))), "utf-8")
    yield folder
    _use_schemas(SCHEMA_DIR)


def test_annotations_change_no_diagnostic(make_course, bare_schemas: Path) -> None:
    cases = _broken_cases()
    roots = {name: make_course({**FULL, **files}, name=name) for name, files in cases.items()}
    roots["full"] = make_course(FULL, name="full")
    roots["bare"] = make_course(BARE, name="bare")
    annotated = {name: _diagnostics(root) for name, root in roots.items()}
    _use_schemas(bare_schemas)
    without = {name: _diagnostics(root) for name, root in roots.items()}
    assert annotated == without
    assert annotated["full"] == [] and all(annotated[name] for name in cases)
    assert sum(len(found) for found in annotated.values()) > len(cases)


# --------------------------------------------------------------------------- docs/format.md


def test_committed_format_doc_is_the_generated_reference() -> None:
    text = (ROOT / "docs" / "format.md").read_text("utf-8")
    assert MARKER in text
    assert replace_generated(text, reference_markdown()) == text, (
        "regenerate: moocforge format-doc --into docs/format.md")


def _entry_name(file: str, where: str) -> str:
    """The reference entry of a schema location: file, then $def and key names."""
    parts = where.strip("/").split("/")
    names, i = [], 0
    while i < len(parts):
        if parts[i] in ("properties", "$defs"):
            names.append(parts[i + 1])
            i += 2
        else:  # items, additionalProperties: no name of their own
            i += 1
    return ".".join([file, *names])


def _looks_like_a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_reference_documents_every_key_as_its_schema_says() -> None:
    for name, where, node in _all_properties():
        text = entry_markdown(_entry_name(name, where))
        assert text is not None, (name, where)
        assert node["markdownDescription"] in text
        if "default" in node:
            assert "**Default:**" in text
        for value, meaning in zip(node.get("enum", []), node.get("markdownEnumDescriptions", []),
                                  strict=True):
            shown = f"'{value}'" if isinstance(value, str) and _looks_like_a_number(value) \
                else value  # YAML quotes text that would read as a number
            assert f"- `{shown}`: {meaning}" in text
        if node.get("examples"):
            assert "**Example" in text
    showanswer = entry_markdown("quiz.showanswer")
    assert "- **Default:** `finished`" in showanswer and "**Example:** `showanswer: finished`" \
        in showanswer
    assert "- **Required:** when `kind` is `single`, `multiple` or `dropdown`" in entry_markdown(
        "quiz.questions.choices")
    assert "[text](#common.text)" in entry_markdown("quiz.questions.prompt")


def _schema_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir()
    for file in SCHEMA_FILES:
        shutil.copy(file, folder / file.name)
    return folder


def _described(markdown: str, **node: object) -> dict:
    return {"description": markdown.replace("`", ""), "markdownDescription": markdown, **node}


def test_a_new_item_kind_and_a_new_settings_schema_appear_without_touching_the_generator(
        tmp_path: Path) -> None:
    """What the integrator will add (an `external` item kind, a `targets:` schema) needs no
    change here: the reference follows the schemas."""
    folder = _schema_copy(tmp_path)
    week = _load(folder / "week.schema.json")
    week["$defs"]["external"] = _described(
        "An activity hosted elsewhere (LTI).", title="external item", type="object",
        required=["external"], additionalProperties=False,
        properties={"external": _described("The tool's launch address.", type="string",
                                           examples=["https://tool.example/launch"])})
    week["$defs"]["item"]["oneOf"].append({"$ref": "#/$defs/external"})
    (folder / "week.schema.json").write_text(json.dumps(week), "utf-8")
    course = _load(folder / "course.schema.json")
    course["properties"]["targets"] = _described("Settings of each target.",
                                                 **{"$ref": "targets.schema.json"})
    (folder / "course.schema.json").write_text(json.dumps(course), "utf-8")
    targets = _described("What each output target can be told.", title="targets: settings",
                         type="object", properties={"olx": _described(
                             "Open edX packages.", type="object", properties={
                                 "profile": _described(
                                     "The platform flavour.", enum=["edx", "fun"],
                                     markdownEnumDescriptions=["edX.org", "FUN-MOOC"],
                                     default="edx", examples=["fun"])})})
    (folder / "targets.schema.json").write_text(json.dumps(targets), "utf-8")

    text = reference_markdown(folder)
    assert '<a id="week.external"></a>\n\n### external item' in text
    assert "[external item](#week.external)" in entry_markdown("week.item", folder)
    assert "**Example:** `external: https://tool.example/launch`" in text
    assert "[targets: settings](#targets)" in entry_markdown("course.targets", folder)
    profile = entry_markdown("targets.olx.profile", folder)
    assert "- `fun`: FUN-MOOC" in profile and "- **Default:** `edx`" in profile
    order = [text.index(f'<a id="{name}"></a>') for name in ("exercise", "targets", "common")]
    assert order == sorted(order)


def test_format_doc_prints_the_reference_and_one_entry() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["format-doc"]).output == reference_markdown()
    one = runner.invoke(app, ["format-doc", "peer.steps[].must_grade"])
    assert one.exit_code == 0 and one.output.startswith("### `steps[].must_grade`\n")
    wrong = runner.invoke(app, ["format-doc", "quiz.showanswr"])
    assert wrong.exit_code == 2 and "did you mean quiz.showanswer" in wrong.output


def test_format_doc_into_rewrites_only_the_generated_part(tmp_path: Path) -> None:
    committed = (ROOT / "docs" / "format.md").read_text("utf-8")
    stale = tmp_path / "format.md"
    stale.write_text(committed.split(MARKER)[0] + MARKER + "\n\nold reference\n", "utf-8")
    result = CliRunner().invoke(app, ["format-doc", "--into", str(stale)])
    assert result.exit_code == 0 and "updated" in result.output
    assert stale.read_text("utf-8") == committed
    again = CliRunner().invoke(app, ["format-doc", "--into", str(stale)])
    assert "up to date" in again.output
    plain = tmp_path / "notes.md"
    plain.write_text("# My notes\n", "utf-8")
    refused = CliRunner().invoke(app, ["format-doc", "--into", str(plain)])
    assert refused.exit_code == 2 and "no marker line" in refused.output
    assert plain.read_text("utf-8") == "# My notes\n"


# --------------------------------------------------------------------------- .vscode


def _language_server_matches(pattern: str, uri: str) -> bool:
    """How the YAML language server (FilePatternAssociation) matches a `yaml.schemas` glob:
    regex-special characters escaped, `*` turned into `.*`, anchored at the end only."""
    escaped = re.sub(r"[\-\\{}+?|^$.,\[\]()#\s]", lambda m: "\\" + m.group(0), pattern)
    return re.search(escaped.replace("*", ".*") + "$", uri) is not None


def _init(folder: Path, *options: str) -> str:
    result = CliRunner().invoke(app, ["init", str(folder), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_init_maps_every_source_file_to_the_schema_the_loader_uses(tmp_path: Path) -> None:
    root = tmp_path / "my-course"
    _init(root)
    write_files(root, {**{name.replace("peer.yml", "peer-project.yml"): text
                          for name, text in FULL.items()},
                       f"{W}/week.yml": FULL[f"{W}/week.yml"].replace("peer.yml",
                                                                      "peer-project.yml")})
    result = load_course(root)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    expected = {"course.yml": "course", f"{W}/week.yml": "week"}
    for item in _items(result.course).values():
        kind = type(item).__name__.lower()
        if kind in ("quiz", "peer"):
            expected[item.file] = kind
        elif kind == "exercise":
            expected[f"{item.dir}/exercise.yml"] = kind

    settings = json.loads((root / ".vscode" / "settings.json").read_text("utf-8"))
    mapped = settings["yaml.schemas"]
    assert all((root / schema_path).is_file() for schema_path in mapped)
    found = {}
    for path in sorted(root.rglob("*.yml")):
        rel = path.relative_to(root).as_posix()
        uri = path.resolve().as_uri()
        found[rel] = [Path(schema_path).name.removesuffix(".schema.json")
                      for schema_path, globs in mapped.items()
                      if any(_language_server_matches(glob, uri) for glob in globs)]
    assert found == {rel: [name] for rel, name in expected.items()}


def test_init_adds_the_mappings_to_plain_json_settings_and_keeps_the_users(tmp_path: Path
                                                                             ) -> None:
    root = tmp_path / "course"
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir(parents=True)
    users = {"editor.tabSize": 2, "yaml.schemas": {"./.schemas/quiz.schema.json": ["q*.yml"]}}
    settings.write_text(json.dumps(users), "utf-8")
    output = _init(root, "--force")
    assert "Added 5 schema mapping(s)" in output
    merged = json.loads(settings.read_text("utf-8"))
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"]["./.schemas/quiz.schema.json"] == ["q*.yml"]
    assert len(merged["yaml.schemas"]) == 6
    assert "already maps" in _init(root, "--force")


def test_init_leaves_settings_with_comments_untouched_and_says_what_to_add(tmp_path: Path
                                                                          ) -> None:
    root = tmp_path / "course"
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir(parents=True)
    jsonc = '{\n  // my settings\n  "editor.tabSize": 2,\n}\n'
    settings.write_text(jsonc, "utf-8")
    output = _init(root, "--force")
    assert settings.read_text("utf-8") == jsonc
    assert "as it is" in output and '"./.schemas/week.schema.json"' in output
