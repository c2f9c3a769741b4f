"""The rule engine: configuration, profiles, suppressions, catalogue and generated docs."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from moocforge.diagnostics import Diagnostic
from moocforge.load import load_course
from moocforge.rules import (
    PROFILES,
    RULES,
    find_rule,
    lint,
    rule_catalogue,
    rule_markdown,
    rules_markdown,
)

ROOT = Path(__file__).resolve().parent.parent
WEEK_DIR = "weeks/01-bienvenue"
WEEK = f"{WEEK_DIR}/week.yml"
SCAFFOLD_COURSE = (ROOT / "moocforge/scaffold/course.yml").read_text()


def run(root: Path, profile: str | None = None, overrides: dict | None = None
        ) -> list[Diagnostic]:
    result = load_course(root)
    assert result.course is not None
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return lint(result.course, profile, overrides)


def codes(found: list[Diagnostic]) -> list[str]:
    return sorted({d.code for d in found})


# --------------------------------------------------------------------------- configuration


def test_lint_config_errors_point_at_keys_with_did_you_mean(make_course):
    course = SCAFFOLD_COURSE + (
        "lint:\n"
        "  profil: coursera\n"
        "  rules:\n"
        "    formative-gaps: {max_minutes: 25}\n"
        "    MF112: {max_minute: 7}\n"
        "    MF113: {max_words: lots}\n"
        "    MF114: sometimes\n")
    loaded = load_course(make_course({"course.yml": course}))
    assert loaded.course is not None
    [typo] = [d for d in loaded.diagnostics if d.code == "MF030"]  # checked when loading
    assert (typo.loc.line, typo.loc.col, typo.message, typo.hint) == (
        17, 3, "unknown setting 'profil' in lint", "did you mean 'profile'?")
    found = [d for d in lint(loaded.course) if d.code == "MF101"]
    got = [(d.loc.file, d.loc.line, d.loc.col, d.message, d.hint) for d in found]
    assert got == [
        ("course.yml", 19, 5, "unknown lint rule 'formative-gaps'",
         "did you mean 'formative-gap'?"),
        ("course.yml", 20, 13, "MF112 video-length has no option 'max_minute'",
         "did you mean 'max_minutes'?"),
        ("course.yml", 21, 13, "MF113 reading-length: option 'max_words' must be a int, not "
                               "'lots'", "the default is 1500"),
        ("course.yml", 22, 5, "MF114 same-type-run: 'sometimes' is not a rule setting",
         "write off, error, warning, info, or a mapping of options"),
    ]
    assert all(d.severity == "error" and d.rule == "lint-config" for d in found)


def test_unknown_profile_in_course_yml(make_course):
    root = make_course({"course.yml": SCAFFOLD_COURSE + "lint: {profile: courserra}\n"})
    [d] = [d for d in load_course(root).diagnostics if d.code == "MF031"]
    assert (d.loc.line, d.message, d.hint) == (
        16, "lint.profile 'courserra' is not one of default, coursera, edx, fun",
        "did you mean 'coursera'?")


def test_rules_off_severity_and_options_from_course_yml(make_course):
    root = make_course({"course.yml": SCAFFOLD_COURSE + (
        "lint:\n  rules:\n    weekly-workload: off\n    MF113: {severity: error, "
        "min_words: 16}\n")})
    found = run(root)
    assert "MF111" not in codes(found)
    [d] = [d for d in found if d.code == "MF113"]  # fr has 18 words, en 14
    assert (d.loc.file, d.severity) == (f"{WEEK_DIR}/intro.en.md", "error")
    root2 = make_course({"course.yml": SCAFFOLD_COURSE + "lint:\n  rules:\n    MF113: info\n"},
                        name="c2")
    assert {d.severity for d in run(root2) if d.code == "MF113"} == {"info"}


def test_overrides_beat_course_yml_and_profile(make_course):
    root = make_course({"course.yml": SCAFFOLD_COURSE + "lint: {rules: {MF113: off}}\n"})
    assert "MF113" not in codes(run(root))
    assert "MF113" in codes(run(root, overrides={"reading-length": "warning"}))


def test_profiles_only_name_real_rules_and_options():
    for name, entries in PROFILES.items():
        for key, value in entries.items():
            module = find_rule(key)
            assert module is not None, (name, key)
            for option in value:
                assert option in module.DEFAULTS or option == "severity", (name, key, option)


# --------------------------------------------------------------------------- suppressions


def test_item_suppression_silences_and_unused_is_reported(make_course):
    week = (ROOT / "moocforge/scaffold" / WEEK).read_text().replace(
        "      - reading: intro.md\n",
        "      - reading: intro.md\n"
        "        lint: {ignore: {reading-length: \"a short welcome on purpose\"}}\n").replace(
        "      - quiz: quiz-start.yml",
        "      - quiz: quiz-start.yml\n        lint: {ignore: {MF204: \"no reason\"}}")
    root = make_course({WEEK: week})
    found = run(root)
    assert "MF113" not in codes(found)
    [unused] = [d for d in found if d.code == "MF100"]
    assert (unused.loc.file, unused.loc.line, unused.item) == (WEEK, 16, "quiz-start")
    assert unused.message == "unused suppression of MF204 quiz-key: no quiz-key finding in " \
                             "this item"
    assert unused.severity == "warning" and unused.rule == "unused-suppression"


def test_week_and_course_suppressions(make_course):
    week = (ROOT / "moocforge/scaffold" / WEEK).read_text() + \
        "lint: {ignore: {MF111: \"an orientation week\"}}\n"
    course = SCAFFOLD_COURSE + "lint: {ignore: {reading-length: \"welcome pages\", " \
        "MF402: \"nothing\", MF9999: \"typo\"}}\n"
    found = run(make_course({WEEK: week, "course.yml": course}))
    messages = [(d.code, d.message) for d in found if d.code in ("MF111", "MF113")]
    assert messages == [("MF111", "the course has 1 week(s); the target is 4–5")]
    unused = [(d.code, d.loc.line, d.message) for d in found if d.code in ("MF100", "MF101")]
    assert unused == [
        ("MF100", 16, "unused suppression of MF402 duplicate-title-in-week: no "
                      "duplicate-title-in-week finding in this course"),
        ("MF101", 16, "lint: ignore: names unknown rule 'MF9999'"),
    ]


def test_suppression_of_a_rule_switched_off(make_course):
    course = SCAFFOLD_COURSE + "lint: {rules: {MF113: off}, ignore: {MF113: \"short\"}}\n"
    [d] = [d for d in run(make_course({"course.yml": course})) if d.code == "MF100"]
    assert d.message == "unused suppression of MF113 reading-length: the rule is switched off"
    root = make_course({"course.yml": course + ""}, name="c2")
    assert [d for d in run(root, overrides={"MF100": "off"}) if d.code == "MF100"] == []


# --------------------------------------------------------------------------- engine


def test_findings_are_sorted_and_carry_rule_and_item(make_course):
    found = run(make_course())
    assert found == sorted(found, key=Diagnostic.sort_key)
    assert all(d.rule for d in found)


def test_a_crashing_rule_becomes_a_diagnostic(make_course, monkeypatch):
    module = find_rule("MF402")

    def broken(course, options):
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(module, "check", broken)
    [d] = [d for d in run(make_course()) if d.code == "MF402"]
    assert d.severity == "error" and "failed: RuntimeError: boom" in d.message


# --------------------------------------------------------------------------- catalogue, docs


def test_every_rule_module_follows_the_convention():
    seen = set()
    for module in RULES:
        assert re.fullmatch(r"MF[1-4]\d\d", module.CODE), module
        assert not hasattr(module, "ID"), "CODE is the only id of a rule"
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", module.NAME)
        assert module.DEFAULT_SEVERITY in ("error", "warning", "info")
        assert isinstance(module.DEFAULTS, dict) and callable(module.check)
        assert module.CODE not in seen and module.NAME not in seen
        seen |= {module.CODE, module.NAME}
        doc = inspect.getdoc(module)
        for section in ("**Why.**", "**What it checks.**", "**Options", "**Passes:**",
                        "**Fails:**"):
            assert section in doc, (module.NAME, section)
        for option, default in module.DEFAULTS.items():
            assert f"`{option}: " in doc, (module.NAME, option)
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                assert f"`{option}: {default}`" in doc, (module.NAME, option, default)


def test_catalogue_lists_every_rule_for_sarif():
    catalogue = rule_catalogue()
    assert [c["id"] for c in catalogue] == [m.CODE for m in RULES]
    entry = next(c for c in catalogue if c["name"] == "formative-gap")
    assert entry == {"id": "MF110", "code": "MF110", "name": "formative-gap",
                     "severity": "warning",
                     "summary": "No more than 20 minutes of video without a formative "
                                "activity.",
                     "shortDescription": "No more than 20 minutes of video without a "
                                         "formative activity.",
                     "options": {"max_minutes": 20, "count_graded": False, "per_week": True}}
    assert {"MF110", "MF111", "MF112", "MF113", "MF114", "MF200", "MF201", "MF202", "MF203",
            "MF204", "MF206", "MF300", "MF301", "MF302", "MF400", "MF401", "MF402",
            "MF403"} <= {c["id"] for c in catalogue}


def test_rule_markdown_has_profile_notes():
    text = rule_markdown(find_rule("video-length"))
    assert text.startswith("## MF112 video-length\n\nVideos shorter than 6 minutes")
    assert "`coursera` sets `max_minutes: 7`" in text


def test_committed_rules_doc_is_the_generated_text():
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == rules_markdown(), "regenerate: moocforge rules --markdown > " \
                                          "docs/rules.md"


@pytest.mark.parametrize("key", ["MF110", "mf110", "formative-gap"])
def test_find_rule_by_code_or_slug(key):
    assert find_rule(key).NAME == "formative-gap"
