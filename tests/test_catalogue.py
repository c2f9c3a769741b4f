"""Runs, dates, variants and catalogues (issue 14), through the real loader, writers,
olxcleaner and the CLI, on copies of the repository's catalogue."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from olx_judges import olxcleaner_report
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.load import dates, load_course
from moocforge.variants import apply_variant

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")
DATE_ATTRS = re.compile(r'(start|due|submission_start|submission_due)="([0-9T:Z-]+)"')


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalogue (catalog.yml, shared/, both courses) copied; the current folder."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(ROOT / "catalog.yml", root / "catalog.yml")
    shutil.copytree(ROOT / "shared", root / "shared")
    for name in ("abc-c", "roches-mineraux"):
        shutil.copytree(ROOT / "courses" / name, root / "courses" / name,
                        ignore=shutil.ignore_patterns("build"))
    monkeypatch.chdir(root)
    return root


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- dates


def test_a_bare_due_date_closes_at_the_end_of_the_local_day() -> None:
    frame = dates.Frame(dates.zone("Europe/Paris"))
    due = dates.resolve(dates.parse("2027-10-25"), frame, closing=True)
    assert due.at.isoformat() == "2027-10-25T21:59:59+00:00"  # 23:59:59 in Paris (CEST)
    assert due.at.astimezone(PARIS).strftime("%H:%M") == "23:59"
    opens = dates.resolve(dates.parse("2027-10-25"), frame, closing=False)
    assert opens.at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") == "2027-10-25 00:00"


def test_relative_dates_count_local_days_across_a_daylight_saving_change() -> None:
    zone = dates.zone("Europe/Paris")
    start = dates.resolve(dates.parse("2027-10-18"), dates.Frame(zone), closing=False)
    frame = dates.Frame(zone, start, None, weeks=5)
    week1 = dates.resolve(dates.parse("week 1"), frame, False)
    week3 = dates.resolve(dates.parse("week 3"), frame, False)  # Paris leaves CEST on 31 Oct
    assert (week1.at.isoformat(), week3.at.isoformat()) == (
        "2027-10-17T22:00:00+00:00", "2027-10-31T23:00:00+00:00")
    due = dates.resolve(dates.parse({"week": 2, "days": 6, "time": "23:59"}), frame, True)
    assert (due.source, due.text) == ("week 2 + 6d 23:59", "2027-10-31 23:59")
    assert dates.resolve(dates.parse("start + 10d"), frame, True).text == "2027-10-28"
    with pytest.raises(dates.DateError) as error:
        dates.resolve(dates.parse("week 6"), frame, False)
    assert error.value.code == "MF033"


def _olx_dates(archive: Path) -> dict[tuple[str, str], datetime]:
    found = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.endswith((".xml", ".json")):
                continue
            text = tar.extractfile(member).read().decode()  # type: ignore[union-attr]
            if member.name.endswith("/policy.json"):
                fields = next(iter(json.loads(text).values()))
                pairs = [(k, v) for k, v in fields.items() if k in (
                    "start", "end", "enrollment_start", "enrollment_end")]
            else:
                pairs = DATE_ATTRS.findall(text)
            for index, (key, value) in enumerate(pairs):
                name = member.name.split("/", 1)[1].replace("2027-autumn", "RUN").replace(
                    "2027-spring", "RUN")
                found[(name, f"{key}{index}")] = datetime.fromisoformat(
                    value.replace("Z", "+00:00"))
    return found


def test_two_runs_give_packages_whose_every_date_moves_with_the_run(repo: Path) -> None:
    course_yml = repo / "courses/abc-c/course.yml"
    course_yml.write_text(course_yml.read_text().replace(
        "    enrollment_end: end - 14d\n",
        "    enrollment_end: end - 14d\n  2027-autumn:\n    start: 2027-09-13\n"
        "    end: 2027-10-25\n    enrollment_start: start - 45d\n"
        "    enrollment_end: end - 14d\n"), "utf-8")
    code, out, err = cli("build", "courses/abc-c", "--target", "olx", "--lang", "fr")
    assert code == 0, out + err
    olx = repo / "build/abc-c/olx"
    spring = _olx_dates(olx / "IMT-ABC-C-2027-spring-fr.tar.gz")
    autumn = _olx_dates(olx / "IMT-ABC-C-2027-autumn-fr.tar.gz")
    assert len(spring) >= 20 and spring.keys() == autumn.keys()
    # 196 days on the local calendar; in UTC the spring run straddles a DST change
    shifts = {key: autumn[key].astimezone(PARIS).replace(tzinfo=None)
              - spring[key].astimezone(PARIS).replace(tzinfo=None) for key in spring}
    assert set(shifts.values()) == {timedelta(days=196)}, shifts
    offsets = {autumn[key] - spring[key] for key in spring}
    assert offsets == {timedelta(days=196), timedelta(days=196, hours=-1)}


def test_an_absolute_date_outside_a_run_fails_lint_at_its_line(repo: Path) -> None:
    week = repo / "courses/abc-c/weeks/02-variables/week.yml"
    week.write_text(week.read_text().replace("release: week 2", "release: 2027-03-08"))
    course_yml = repo / "courses/abc-c/course.yml"
    course_yml.write_text(course_yml.read_text().replace(
        "    enrollment_end: end - 14d\n",
        "    enrollment_end: end - 14d\n  2028-printemps: {start: 2028-03-06, end: 2028-04-16}\n"))
    code, out, _ = cli("lint", "courses/abc-c", "--no-media", "--format", "github")
    assert code == 1
    line = next(n for n, text in enumerate(week.read_text().splitlines(), 1)
                if text.startswith("release:"))
    assert (f"::error file=courses/abc-c/weeks/02-variables/week.yml,line={line},col=10,"
            "title=MF403 dates-in-run::week 2 release 2027-03-08 is outside run 2028-printemps"
            ) in out


def test_run_overrides_and_self_paced_runs(repo: Path) -> None:
    course_yml = repo / "courses/roches-mineraux/course.yml"
    course_yml.write_text(course_yml.read_text().replace(
        "  2028-printemps:\n", "  autonome: {start: 2027-09-13, end: 2028-06-30, "
        "self_paced: true}\n  2028-printemps:\n"))
    shared = {"shared": repo / "shared"}
    from moocforge.calendar import calendar
    from moocforge.catalog import load_catalogue
    catalogue, problems = load_catalogue(repo)
    assert catalogue is not None and problems == []
    loaded = load_course(repo / "courses/roches-mineraux", shared, catalogue.inherited)
    assert loaded.ok, loaded.diagnostics
    course = loaded.course
    assert course.timezone == "Europe/Paris" and course.org == "IMT"  # from catalog.yml
    by_run = {run.id: {row.what: row for row in calendar(course, run)} for run in course.runs}
    assert by_run["2027-automne"]["quiz q3-terrain"].due.text == "2027-10-10"  # `end`
    assert by_run["2028-printemps"]["quiz q3-terrain"].due.text == "2028-04-08"  # override
    assert all(row.opens is None and row.due is None for row in by_run["autonome"].values())


# --------------------------------------------------------------------------- variants


def test_a_variant_is_a_subset_with_its_grading_and_enrollment_in_the_olx(repo: Path) -> None:
    code, out, err = cli("build", "courses/abc-c", "--target", "olx", "--keep-dir")
    assert code == 0, out + err
    folder = repo / "build/abc-c-acme/olx"
    assert sorted(p.name for p in folder.glob("*.tar.gz")) == [
        "IMT-ABC-C-ACME-acme-2027-acme-en.tar.gz", "IMT-ABC-C-ACME-acme-2027-acme-fr.tar.gz"]
    tree = folder / "IMT-ABC-C-ACME-acme-2027-acme-fr" / "course"
    policy = json.loads((tree / "policies/2027-acme-fr/policy.json").read_text())
    fields = policy["course/2027-acme-fr"]
    assert (fields["invitation_only"], fields["catalog_visibility"],
            fields["course_visibility"]) == (True, "none", "private")
    assert fields["display_name"] == "ABC du langage C — Acme"
    grading = json.loads((tree / "policies/2027-acme-fr/grading_policy.json").read_text())
    assert grading["GRADE_CUTOFFS"] == {"Pass": 0.6}
    assert [g["type"] for g in grading["GRADER"]] == ["Quiz"]
    chapters = sorted(p.stem for p in (tree / "chapter").glob("*.xml"))
    assert chapters == ["ch_conditions-boucles", "ch_premiers-pas", "ch_variables"]
    assert not list((tree / "openassessment").glob("*.xml"))  # week 4's peer is left out
    findings = olxcleaner_report(tree)
    assert not [f for f in findings if f[0] == "ERROR"], findings
    # the course itself is as it was: five weeks, no enrollment fields
    whole = repo / "build/abc-c/olx/IMT-ABC-C-2027-spring-fr/course/policies/2027-spring-fr"
    assert "invitation_only" not in json.loads((whole / "policy.json").read_text())[
        "course/2027-spring-fr"]


def test_variant_ids_are_checked(repo: Path) -> None:
    course_yml = repo / "courses/abc-c/course.yml"
    course_yml.write_text(course_yml.read_text().replace(
        "include: [premiers-pas, variables, conditions-boucles]",
        "include: [premiers-pas, variabels]"))
    code, out, _ = cli("validate", "courses/abc-c")
    assert code == 1
    assert "courses/abc-c/course.yml:" in out and "MF035" in out and "'variables'" in out


# --------------------------------------------------------------------------- catalogue


@pytest.fixture
def three(repo: Path) -> Path:
    """Three courses (a copy of roches-mineraux as the third), a variant and a path."""
    third = repo / "courses/roches-bis"
    shutil.copytree(repo / "courses/roches-mineraux", third)
    course_yml = third / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("id: roches-mineraux",
                                                         "id: roches-bis")
                          .replace("number: ROCHES", "number: ROCHES-BIS"))
    catalog = repo / "catalog.yml"
    catalog.write_text(catalog.read_text().replace(
        "programs:\n", "  roches-bis: {path: courses/roches-bis, category: engineering}\n"
        "programs:\n"))
    return repo


def test_catalogue_lint_reports_paths_from_the_root(three: Path) -> None:
    week = three / "courses/roches-bis/weeks/01-reconnaitre/week.yml"
    week.write_text(week.read_text().replace("  - id: trois-familles\n    title:",
                                             "  - title:"))
    code, out, err = cli("lint", ".", "--no-media", "--format", "github")
    assert code == 0, out + err
    files = set(re.findall(r"file=([^,]+),", out))
    assert files and all(f.startswith(("courses/abc-c/", "courses/roches-mineraux/",
                                       "courses/roches-bis/")) for f in files), files
    assert ("::warning file=courses/roches-bis/weeks/01-reconnaitre/week.yml,line=9,col=5,"
            "title=MF405 title-derived-id::") in out
    assert "[3/3]" in err and "abc-c, abc-c-acme" in err  # one line per course


def test_catalogue_build_skips_what_did_not_change(three: Path) -> None:
    code, out, err = cli("build", ".", "--target", "olx")
    assert code == 0, out + err
    assert "0 unchanged since the last run" in out
    assert (three / "build/roches-bis/olx/IMT-ROCHES-BIS-2027-automne-fr.tar.gz").is_file()
    record = json.loads((three / "build/programs/sciences-ingenieur.discovery.json")
                        .read_text())
    assert [c["key"] for c in record["courses"]] == ["IMT+ABC-C", "IMT+ROCHES"]
    assert record["credits"] == 6
    code, out, err = cli("build", ".", "--target", "olx")
    assert code == 0 and "3 unchanged since the last run" in out, out + err
    assert err.count("unchanged, skipped") == 3
    reading = three / "courses/roches-bis/weeks/02-mineraux/durete.md"
    reading.write_text(reading.read_text() + "\nLa calcite a une dureté de 3.\n")
    before = (three / "build/abc-c/olx/IMT-ABC-C-2027-spring-fr.tar.gz").stat().st_mtime_ns
    code, out, err = cli("build", ".", "--target", "olx")
    assert code == 0 and "2 unchanged since the last run" in out, out + err
    assert "roches-bis: 0 error(s)" in out and "abc-c: unchanged, skipped" in out
    assert (three / "build/abc-c/olx/IMT-ABC-C-2027-spring-fr.tar.gz").stat().st_mtime_ns \
        == before


def test_build_fail_on_warning(repo: Path) -> None:
    code, _, _ = cli("build", "courses/abc-c", "--target", "olx", "--lang", "fr")
    assert code == 0
    code, _, _ = cli("build", "courses/abc-c", "--target", "olx", "--lang", "fr",
                     "--fail-on", "warning")
    assert code == 1  # the loss report has warnings (regex answers, MF504)


def test_sarif_names_its_base_folder(repo: Path) -> None:
    # the sample course lints clean: a reading cut short gives the report a result to place
    reading = repo / "courses/roches-mineraux/weeks/02-mineraux/durete.en.md"
    reading.write_text("# Hardness\n\nQuartz scratches glass.\n")
    _, out, _ = cli("lint", "courses/roches-mineraux", "--no-media", "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "SRCROOT"
    assert location["uri"] == "courses/roches-mineraux/weeks/02-mineraux/durete.en.md"


# --------------------------------------------------------------------------- hygiene and CI


def test_init_writes_a_gitignore_and_explicit_lesson_ids(tmp_path: Path) -> None:
    code, out, err = cli("init", str(tmp_path / "c"))
    assert code == 0, out + err
    assert "build/" in (tmp_path / "c/.gitignore").read_text().splitlines()
    loaded = load_course(tmp_path / "c")
    assert not any(lesson.id_from_title for w in loaded.course.weeks for lesson in w.lessons)


def test_ci_init_writes_workflows_their_linters_accept(tmp_path: Path) -> None:
    code, out, err = cli("ci", "init", str(tmp_path))
    assert code == 0, out + err
    workflow = tmp_path / ".github/workflows/moocforge.yml"
    gitlab = tmp_path / ".gitlab-ci.yml"
    # actionlint cannot be installed here (its PyPI wrapper downloads a binary; no Debian
    # package): both files are checked against the schemas check-jsonschema ships
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                    "check-jsonschema")
    for schema, file in (("vendor.github-workflows", workflow), ("vendor.gitlab-ci", gitlab)):
        checked = subprocess.run([tool, "--builtin-schema", schema, str(file)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("runs-on:", "runs_on:", 1))
    refused = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(broken)],
                             capture_output=True, text=True)
    assert refused.returncode == 1  # the check can fail
    code, _, _ = cli("ci", "init", str(tmp_path))
    assert code == 2  # no command overwrites a user's file


def test_the_variant_course_is_made_from_the_model(repo: Path) -> None:
    loaded = load_course(repo / "courses/abc-c", {"shared": repo / "shared"})
    acme = apply_variant(loaded.course, "acme")
    assert (acme.edition, len(acme.weeks), acme.grading.pass_threshold) == ("abc-c-acme", 3,
                                                                           0.6)
    assert [r.id for r in acme.runs] == ["2027-acme"] and acme.run == "2027-acme"
    q3 = acme.item("q3-evaluation")
    assert q3 is not None and q3.due is not None and q3.due.text == "2027-05-23"


def test_a_variant_has_lint_settings_and_findings_of_its_own(repo: Path) -> None:
    """The three-week Acme SPOC allows three weeks (`lint:` of the variant, over the
    course's); without that setting its MF111 points at the variant, not at line 1; the
    variant's own texts are tracked by the course's translation lock."""
    code, out, _ = cli("lint", ".", "--no-cache")
    assert code == 0 and "abc-c-acme: 0 error(s), 0 warning(s)" in out, out
    course_yml = repo / "courses/abc-c/course.yml"
    text = course_yml.read_text()
    line = text.splitlines().index("  acme:") + 1
    course_yml.write_text(text.replace("rules: {weekly-workload: {min_weeks: 3}}",
                                       "rules: {weekly-workload: {min_weeks: 4}}"))
    code, out, _ = cli("lint", ".", "--no-cache")
    assert f"courses/abc-c/course.yml:{line}:3: warning MF111" in out
    assert "the course has 3 week(s)" in out and "abc-c: 0 error(s), 0 warning(s)" in out
    course_yml.write_text(text.replace("rules: {weekly-workload: {min_weeks: 3}}",
                                       "rules: {weekly-workload: {min_weks: 3}}"))
    code, out, _ = cli("validate", "courses/abc-c")
    assert code == 1 and "min_weks" in out and "min_weeks" in out
    course_yml.write_text(text.replace('en: "C language: the basics — Acme"',
                                       'en: "C language: basics for Acme"'))
    code, out, _ = cli("translations", "status", "courses/abc-c")
    assert "variant acme" not in out  # the English text changed: nothing to re-check
    course_yml.write_text(text.replace('fr: "ABC du langage C — Acme"',
                                       'fr: "ABC du C — Acme"'))
    code, out, _ = cli("translations", "status", "courses/abc-c")
    assert code == 1 and "course.yml#variant acme.title@en" in out, out


def test_stats_over_a_catalogue_give_one_row_per_course_and_run(tmp_path, monkeypatch):
    """`moocforge stats <catalogue>`: every course and variant, one row per course × run."""
    from typer.testing import CliRunner

    from moocforge.cli import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for course, name in ((ROOT / "courses" / "abc-c", "abc"),
                         (ROOT / "courses" / "roches-mineraux", "roches")):
        made = runner.invoke(app, ["stats", "synth", str(course), "--learners", "20",
                                   "-o", name])
        assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["stats", str(ROOT), "--logs", "abc/logs", "--logs",
                                 "roches/logs", "-o", "out", "--format", "json"])
    assert (tmp_path / "out" / "runs.csv").is_file(), result.output
    rows = (tmp_path / "out" / "runs.csv").read_text("utf-8").splitlines()
    courses_runs = {tuple(r.split(",")[:2]) for r in rows[1:]}
    assert {("abc-c", "2027-spring"), ("roches-mineraux", "2027-automne"),
            ("roches-mineraux", "2028-printemps")} <= courses_runs, rows


def test_a_course_is_run_again_when_a_folder_its_course_yml_declares_changed(
        three: Path) -> None:
    """`roots:` of a course.yml may name a folder outside the course and the catalogue's
    shared roots: the content hash covers it from the run that first read it."""
    extra = three / "extra"
    extra.mkdir()
    (extra / "glossaire.md").write_text("# Glossaire\n", "utf-8")
    course_yml = three / "courses/roches-bis/course.yml"
    course_yml.write_text(course_yml.read_text() + "roots:\n  extra: ../../extra\n")
    code, out, err = cli("lint", ".", "--no-media")
    assert code == 0, out + err
    code, out, err = cli("lint", ".", "--no-media")
    assert "3 unchanged since the last run" in out, out + err
    (extra / "glossaire.md").write_text("# Glossaire revu\n", "utf-8")
    code, out, err = cli("lint", ".", "--no-media")
    assert code == 0 and "2 unchanged since the last run" in out, out + err
