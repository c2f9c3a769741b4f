"""Bad and hostile input to `moocforge import olx` and `moocforge stats`: every problem is a
positioned diagnostic with a hint, never a traceback, a silent partial result or a file
read outside the folders given."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.importers.olx import import_olx

# ----------------------------------------------------------------------------- import

COURSE_XML = b'<course url_name="run" org="Org" course="N1"/>\n'
GOOD = {"course/course.xml": COURSE_XML,
        "course/course/run.xml": b'<course display_name="T"><chapter url_name="c1"/></course>\n',
        "course/chapter/c1.xml": b'<chapter display_name="W"><sequential url_name="s1"/>'
                                 b'</chapter>\n',
        "course/sequential/s1.xml": b'<sequential display_name="L"><vertical url_name="v1"/>'
                                    b'</sequential>\n',
        "course/vertical/v1.xml": b'<vertical display_name="U"><html url_name="h1"/>'
                                  b'</vertical>\n',
        "course/html/h1.xml": b'<html filename="h1" display_name="Hello"/>\n',
        "course/html/h1.html": b"<p>Hello <strong>world</strong>.</p>\n"}
GRADING = "course/policies/run/grading_policy.json"


def _tar_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _archive(path: Path, files: dict[str, bytes]) -> Path:
    path.write_bytes(gzip.compress(_tar_bytes(files)))
    return path


def _errors(result) -> list:
    return [d for d in result.diagnostics if d.severity == "error"]


def test_a_grading_policy_of_the_wrong_types_is_a_warning_not_a_crash(tmp_path):
    policy = {"GRADER": [{"type": "Quiz", "weight": "x", "drop_count": "two"},
                         {"type": "Exam", "weight": 0.5}],
              "GRADE_CUTOFFS": {"Pass": "high"}}
    archive = _archive(tmp_path / "g.tar.gz", {**GOOD, GRADING: json.dumps(policy).encode()})
    result = import_olx(archive, tmp_path / "course")
    assert result.ok, result.diagnostics
    found = [d for d in result.diagnostics if d.code == "MF664"]
    assert found and all(d.loc.file.endswith("policies/run/grading_policy.json")
                         and d.hint for d in found), found
    assert any("'x'" in d.message for d in found) and any("'high'" in d.message for d in found)


@pytest.mark.parametrize("grader", ['5', '{"GRADER": 5}', '{"GRADER": [5, null, "x"]}',
                                    '{"GRADE_CUTOFFS": 5}', '{"GRADER": [{"type": "Q", '
                                    '"weight": 1e999, "drop_count": 1e999}]}'])
def test_grading_policy_shapes_do_not_crash(tmp_path, grader):
    archive = _archive(tmp_path / "g.tar.gz", {**GOOD, GRADING: grader.encode()})
    result = import_olx(archive, tmp_path / "course")
    assert all(d.loc.file for d in result.diagnostics)


def test_a_date_out_of_range_is_a_positioned_warning_not_a_crash(tmp_path):
    files = {**GOOD, "course/chapter/c1.xml": b'<chapter display_name="W" start="0001-01-01T00'
             b':00:00+14:00"><sequential url_name="s1"/></chapter>\n'}
    archive = _archive(tmp_path / "d.tar.gz", files)
    result = import_olx(archive, tmp_path / "course", timezone="Europe/Paris")
    assert result.ok, result.diagnostics
    found = [d for d in result.diagnostics if d.code == "MF664"]
    assert found and found[0].loc.file.endswith("chapter/c1.xml") and found[0].loc.line == 1
    assert "0001-01-01" in found[0].message and found[0].hint


def test_a_corrupt_header_in_the_middle_of_the_archive_is_refused(tmp_path):
    """tarfile ends a stream quietly at an invalid header past the first one: the import
    would go on with half an export."""
    data = bytearray(_tar_bytes(GOOD))
    last = data.find(b"course/html/h1.html")
    data[last + 148:last + 156] = b"garbage!"  # the header checksum
    archive = tmp_path / "corrupt.tar.gz"
    archive.write_bytes(gzip.compress(bytes(data)))
    result = import_olx(archive, tmp_path / "course")
    assert not result.ok and not (tmp_path / "course").exists()
    errors = _errors(result)
    assert errors and errors[0].code == "MF663", result.diagnostics
    assert "a corrupt member header" in errors[0].message and errors[0].hint


def test_a_gzip_with_a_bad_checksum_is_refused(tmp_path):
    data = bytearray(gzip.compress(_tar_bytes(GOOD)))
    data[-8] ^= 0xFF  # the CRC-32 of the trailer
    archive = tmp_path / "crc.tar.gz"
    archive.write_bytes(bytes(data))
    result = import_olx(archive, tmp_path / "course")
    assert not result.ok and _errors(result)[0].code == "MF663", result.diagnostics


@pytest.mark.parametrize("content", [b"", b"hello\n", b"PK\x03\x04" + b"\0" * 100,
                                     gzip.compress(b"not a tar" * 100)],
                         ids=["empty", "text", "zip", "gzip-text"])
def test_an_archive_that_is_not_one_is_named_once_with_a_hint(tmp_path, content):
    archive = tmp_path / "export.tar.gz"
    archive.write_bytes(content)
    result = import_olx(archive, tmp_path / "course")
    errors = _errors(result)
    assert not result.ok and errors and errors[0].code == "MF663"
    assert errors[0].loc.file == str(archive), errors[0].loc
    assert errors[0].message.count("export.tar.gz") == 1, errors[0].message
    assert errors[0].hint


def test_destination_and_export_errors_have_hints(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("mine")
    archive = _archive(tmp_path / "good.tar.gz", GOOD)
    busy = import_olx(archive, mine)
    assert busy.diagnostics[0].code == "MF662" and busy.diagnostics[0].hint
    assert (mine / "notes.md").read_text() == "mine" and len(list(mine.iterdir())) == 1
    broken = _archive(tmp_path / "bad.tar.gz",
                      {**GOOD, "course/chapter/c1.xml": b"<chapter"})
    bad = import_olx(broken, tmp_path / "course")
    assert bad.diagnostics[0].code == "MF664" and bad.diagnostics[0].loc.line == 1
    assert bad.diagnostics[0].hint
    missing = import_olx(tmp_path / "nope.tar.gz", tmp_path / "course")
    assert missing.diagnostics[0].hint


LABEL = b"<label>Q?</label>"
ODD_PROBLEMS = {
    "one-choice": b"<multiplechoiceresponse>" + LABEL + b'<choicegroup><choice correct="true">'
                  b"A</choice></choicegroup></multiplechoiceresponse>",
    "one-checkbox": b"<choiceresponse>" + LABEL + b'<checkboxgroup><choice correct="true">A'
                    b"</choice></checkboxgroup></choiceresponse>",
    "empty-dropdown": b"<optionresponse>" + LABEL + b"<optioninput/></optionresponse>",
    "broken-old-dropdown": b"<optionresponse>" + LABEL + b'<optioninput options="((" '
                           b'correct="c"/></optionresponse>',
    "infinite-answer": b'<numericalresponse answer="1e999">' + LABEL + b'<responseparam '
                       b'type="tolerance" default="nan"/><formulaequationinput/>'
                       b"</numericalresponse>",
}


@pytest.mark.parametrize("body", [*ODD_PROBLEMS.values(), "showanswer"],
                         ids=[*ODD_PROBLEMS, "showanswer"])
def test_a_problem_a_quiz_cannot_hold_is_kept_raw_not_a_failed_import(tmp_path, body):
    if body == "showanswer":
        body = (b"<multiplechoiceresponse>" + LABEL + b'<choicegroup><choice correct="true">A'
                b'</choice><choice correct="false">B</choice></choicegroup>'
                b"</multiplechoiceresponse>")
        problem = b'<problem showanswer="after_all_attempts">' + body + b"</problem>"
    else:
        problem = b"<problem>" + body + b"</problem>"
    files = {**GOOD, "course/vertical/v1.xml": b'<vertical display_name="U"><html url_name="h1"/>'
             b'<problem url_name="p1"/></vertical>', "course/problem/p1.xml": problem}
    result = import_olx(_archive(tmp_path / "p.tar.gz", files), tmp_path / "course")
    assert result.ok, _errors(result)
    assert (tmp_path / "course/weeks/01-c1/olx/p1.xml").is_file()
    assert any(d.code == "MF651" and d.loc.file.endswith("problem/p1.xml")
               for d in result.diagnostics)


LONG_NAME = "b" * 300  # a url_name longer than any file name can be (255 bytes)


def _with_a_long_url_name() -> dict[str, bytes]:
    return {**{k: v for k, v in GOOD.items() if not k.startswith("course/html/")},
            "course/vertical/v1.xml": f'<vertical display_name="U"><html url_name='
                                      f'"{LONG_NAME}"/></vertical>'.encode(),
            f"course/html/{LONG_NAME}.xml":
                f'<html filename="{LONG_NAME}" display_name="H"/>'.encode(),
            f"course/html/{LONG_NAME}.html": b"<p>hi</p>"}


def test_a_url_name_too_long_for_a_file_name_is_an_error_not_a_crash(tmp_path):
    files = _with_a_long_url_name()
    result = import_olx(_archive(tmp_path / "long.tar.gz", files), tmp_path / "course")
    errors = _errors(result)
    assert not result.ok and errors and errors[0].code == "MF665" and errors[0].hint
    assert "255" in errors[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.tar.gz"]


def test_findings_about_a_merged_export_name_that_export(tmp_path):
    main = _archive(tmp_path / "course-fr.tar.gz", GOOD)
    other = _archive(tmp_path / "other-course.tar.gz", WITH_A_SECOND_CHAPTER)
    result = import_olx(main, tmp_path / "course", lang="fr", merge=[("en", other)])
    found = [d for d in result.diagnostics if d.code == "MF661" and "'c2'" in d.message]
    assert found and found[0].loc.file == "other-course.tar.gz/chapter/c2.xml", found


# ----------------------------------------------------------------------------- stats

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from moocforge.analytics.synthetic import generate
    from moocforge.load import load_course

    course = load_course(ABC_C).course
    assert course is not None
    out = tmp_path_factory.mktemp("synth")
    generate(course, out, 20, 0)
    return out


def _line(synth: Path) -> str:
    first = sorted((synth / "logs").iterdir())[0]
    return first.read_text("utf-8").splitlines()[0]


def _stats(tmp_path: Path, *args: str | Path):
    out = tmp_path / "stats-out"
    result = CliRunner().invoke(app, ["stats", str(ABC_C), "--out", str(out), "--db",
                                      str(tmp_path / "stats.duckdb"), "--format", "json",
                                      *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    start = result.output.find('{\n  "diagnostics"')
    return result, json.loads(result.output[start:])["diagnostics"] if start >= 0 else []


def test_a_corrupt_gzip_log_is_reported_at_the_file(tmp_path, synth):
    good = gzip.compress(((_line(synth) + "\n") * 2000).encode())
    bad = tmp_path / "logs" / "corrupt.log.gz"
    bad.parent.mkdir()
    bad.write_bytes(good[:20] + b"\0" * 500 + good[520:])
    _result, found = _stats(tmp_path, "--logs", bad.parent)
    mine = [d for d in found if d["file"] == str(bad)]
    assert mine and mine[0]["severity"] == "error" and mine[0]["hint"], found


def test_a_truncated_gzip_log_is_reported_at_the_file(tmp_path, synth):
    bad = tmp_path / "truncated.log.gz"
    bad.write_bytes(gzip.compress(((_line(synth) + "\n") * 5000).encode())[:3000])
    result, found = _stats(tmp_path, "--logs", bad)
    mine = [d for d in found if d["file"] == str(bad)]
    assert result.exit_code == 1 and mine and mine[0]["hint"], found


def test_an_enormous_line_is_reported_at_its_file(tmp_path, synth):
    event = json.loads(_line(synth))
    event["username"] = "x" * (40 * 1024 * 1024)  # over the reader's 16 MiB object limit
    big = tmp_path / "big.log"
    big.write_text(json.dumps(event) + "\n" + _line(synth) + "\n")
    _result, found = _stats(tmp_path, "--logs", big)
    assert any(d["file"] == str(big) and d["hint"] for d in found), found


def test_a_non_utf8_log_line_is_a_positioned_malformed_line(tmp_path, synth):
    line = _line(synth).encode()
    log = tmp_path / "latin1.log"
    log.write_bytes(line.replace(b"learner", b"l\xe9arner", 1) + b"\n" + line + b"\n")
    _result, found = _stats(tmp_path, "--logs", log)
    malformed = [d for d in found if d["code"] == "MF900"]
    assert malformed and malformed[0]["file"] == str(log), found


def test_a_symlink_in_a_log_folder_leading_outside_is_not_read(tmp_path, synth):
    outside = tmp_path / "secret.log"
    outside.write_text("password=hunter2\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "day.log").write_text(_line(synth) + "\n")
    os.symlink(outside, logs / "link.log")
    os.mkfifo(logs / "fifo.log")
    result, found = _stats(tmp_path, "--logs", logs)
    assert "hunter2" not in result.output
    links = [d for d in found if d["file"] == str(logs / "link.log")]
    assert links and links[0]["code"] == "MF021" and links[0]["hint"], found
    assert any(d["file"] == str(logs / "fifo.log") for d in found), found


@pytest.mark.parametrize("limit", ["99999999999999999999TB", "1e30GB"])
def test_a_memory_limit_too_large_is_a_usage_error(tmp_path, synth, limit):
    result = CliRunner().invoke(app, ["stats", str(ABC_C), "--logs", str(synth / "logs"),
                                      "--out", str(tmp_path / "o"), "--memory-limit", limit])
    assert result.exit_code == 2 and "--memory-limit" in result.output, result.output


def _passed(tmp_path: Path) -> list[int]:
    """The learners who passed, in each run that has grades."""
    summary = json.loads((tmp_path / "stats-out" / "summary.json").read_text("utf-8"))
    return [run["summary"][0]["passed"] for run in summary["runs"]
            if run["summary"][0]["passed"] is not None]


def _report(synth: Path) -> str:
    return next(synth.glob("*_grade_report.csv")).read_text("utf-8")


def test_an_empty_grade_report_is_an_error(tmp_path, synth):
    empty = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    empty.write_text("")
    result, found = _stats(tmp_path, "--logs", synth / "logs", "--grades", empty)
    assert result.exit_code == 1
    assert any(d["code"] == "MF903" and d["file"] == str(empty) and d["hint"]
               for d in found), found


def test_a_grade_report_saved_with_semicolons_is_read(tmp_path, synth):
    """A spreadsheet in a French locale saves CSV with `;` (and a BOM)."""
    report = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    report.write_text("\ufeff" + _report(synth).replace(",", ";"), "utf-8")
    (tmp_path / "b").mkdir()
    result, found = _stats(tmp_path / "b", "--logs", synth / "logs", "--grades", report)
    assert result.exit_code == 0, found
    (tmp_path / "a").mkdir()
    _stats(tmp_path / "a", "--logs", synth / "logs", "--grades",
           next(synth.glob("*_grade_report.csv")))
    assert _passed(tmp_path / "b") == _passed(tmp_path / "a") != []


def test_a_non_utf8_grade_report_is_positioned(tmp_path, synth):
    lines = _report(synth).splitlines()
    report = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    report.write_bytes(("\n".join(lines[:3]) + "\n").encode() + "Zoé,1\n".encode("latin-1"))
    _result, found = _stats(tmp_path, "--logs", synth / "logs", "--grades", report)
    errors = [d for d in found if d["code"] == "MF903"]
    assert errors and errors[0]["line"] == 4 and errors[0]["hint"], found


def test_a_grade_that_is_not_finite_is_not_a_grade(tmp_path, synth):
    lines = _report(synth).splitlines()
    head = lines[0].split(",")
    grade = head.index("Grade")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        cells[grade] = "inf"
        rows.append(",".join(cells))
    report = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    report.write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    _result, found = _stats(tmp_path, "--logs", synth / "logs", "--grades", report)
    assert _passed(tmp_path) in ([], [0]), found  # before: all 20 passed


def test_a_failed_run_replaces_neither_the_outputs_nor_the_database(tmp_path, synth):
    good = next(synth.glob("*_grade_report.csv"))
    done, _ = _stats(tmp_path, "--logs", synth / "logs", "--grades", good)
    assert done.exit_code == 0
    outputs = {p.name: p.read_bytes() for p in (tmp_path / "stats-out").iterdir()}
    database = (tmp_path / "stats.duckdb").read_bytes()
    broken = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    broken.write_bytes(b"\xff\xfe not utf-8")
    failed, found = _stats(tmp_path, "--logs", synth / "logs", "--grades", broken,
                           "--logs", tmp_path / "no-such.log")
    assert failed.exit_code == 1
    assert {d["code"] for d in found if d["severity"] == "error"} == {"MF903", "MF906"}
    assert {p.name: p.read_bytes() for p in (tmp_path / "stats-out").iterdir()} == outputs
    assert (tmp_path / "stats.duckdb").read_bytes() == database
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["stats-out", "stats.duckdb", broken.name])


# ----------------------------------------------------------------------------- leftovers

KITCHEN_SINK = {
    **{k: v for k, v in GOOD.items()},
    "course/course/run.xml": b'<course display_name="T"><chapter url_name="c1"/></course>\n',
    "course/vertical/v1.xml": b'<vertical display_name="U"><html url_name="h1"/>'
                              b'<html url_name="h2"/><problem url_name="p1"/>'
                              b'<problem url_name="p2"/><problem url_name="p3"/>'
                              b'<video url_name="vd1"/><openassessment url_name="ora1"/>'
                              b'</vertical>\n',
    "course/sequential/s1.xml": b'<sequential display_name="L"><vertical url_name="v1"/>'
                                b'<vertical url_name="v2"/></sequential>\n',
    "course/vertical/v2.xml": b'<vertical display_name="Empty"/>\n',
    "course/html/h2.xml": b'<html filename="gone" display_name="Missing"/>\n',
    "course/problem/p1.xml": b'<problem><formularesponse answer="x"><label>F?</label>'
                             b"<formulaequationinput/></formularesponse></problem>\n",
    "course/problem/p2.xml": b"<problem><multiplechoiceresponse>" + LABEL
                             + b'<choicegroup><choice correct="true">A<choicehint '
                             b'selected="false">not A</choicehint></choice>'
                             b'<choice correct="false">B</choice></choicegroup>'
                             b"</multiplechoiceresponse></problem>\n",
    "course/problem/p3.xml": b'<problem><stringresponse answer="a.*" type="regexp">' + LABEL
                             + b"<textline/></stringresponse></problem>\n",
    "course/video/vd1.xml": b'<video youtube_id_1_0="abcdefghijk" start_time="00:00:10" '
                            b'html5_sources="[&quot;https://x.org/a.mp4&quot;]" '
                            b'sub="gone"/>\n',
    "course/openassessment/ora1.xml": (
        b"<openassessment><title>T</title><prompts><prompt><description>A</description>"
        b"</prompt><prompt><description>B</description></prompt></prompts><rubric>"
        b"<criterion><name>c</name><label>C</label><prompt>P</prompt><option points=\"0\">"
        b"<name>o0</name><label>L0</label><explanation>E</explanation></option>"
        b'<option points="1"><name>o1</name><label>L1</label><explanation>E</explanation>'
        b"</option></criterion></rubric><assessments><assessment name=\"peer-assessment\" "
        b'must_grade="1" must_be_graded_by="1"/><assessment name="example-based-'
        b'assessment"/></assessments></openassessment>\n'),
    "course/drafts/vertical/v9.xml": b"<vertical/>\n",
}


# An export of the same course with a chapter the main one lacks (MF661 when merged).
WITH_A_SECOND_CHAPTER = {
    **GOOD, "course/course/run.xml": b'<course display_name="T"><chapter url_name="c1"/>'
                                     b'<chapter url_name="c2"/></course>',
    "course/chapter/c2.xml": b'<chapter display_name="X"><sequential url_name="s1"/>'
                             b"</chapter>"}


def test_every_import_finding_has_a_hint(tmp_path):
    main = _archive(tmp_path / "sink.tar.gz", KITCHEN_SINK)
    other = _archive(tmp_path / "other.tar.gz", WITH_A_SECOND_CHAPTER)
    result = import_olx(main, tmp_path / "course", lang="fr", merge=[("en", other)])
    assert result.ok, _errors(result)
    codes = {d.code for d in result.diagnostics}
    assert {"MF650", "MF651", "MF652", "MF653", "MF655", "MF657", "MF658", "MF659", "MF660",
            "MF661"} <= codes, codes
    bare = [(d.code, d.message) for d in result.diagnostics if not d.hint]
    assert not bare, bare


def test_a_course_that_does_not_validate_is_reported_where_it_exists(tmp_path):
    """Two blocks with the same url_name make a course that does not validate: the errors
    point at the export (its file and line), not into a destination never written."""
    files = {**GOOD, "course/vertical/v1.xml": b'<vertical display_name="U">'
             b'<html url_name="h1"/><problem url_name="h1"/></vertical>\n',
             "course/problem/h1.xml": b"<problem>" + ODD_PROBLEMS["one-choice"].replace(
                 b"</choicegroup>", b'<choice correct="false">B</choice></choicegroup>')
             + b"</problem>\n"}
    archive = _archive(tmp_path / "dup.tar.gz", files)
    dest = tmp_path / "course"
    result = import_olx(archive, dest)
    errors = [d for d in _errors(result) if d.code == "MF665"]
    assert not result.ok and errors and not dest.exists(), result.diagnostics
    for error in errors:
        assert error.loc.file.startswith(str(archive)), error.loc
        assert error.hint


def test_a_file_name_the_system_refuses_points_at_its_block(tmp_path):
    name, files = LONG_NAME, _with_a_long_url_name()
    archive = _archive(tmp_path / "long.tar.gz", files)
    result = import_olx(archive, tmp_path / "course")
    error = _errors(result)[0]
    assert error.code == "MF665" and error.loc.file == f"{archive}/html/{name}.xml", error.loc
    assert error.loc.line == 1


def test_merging_the_export_of_another_course_is_one_clear_warning(tmp_path):
    main = _archive(tmp_path / "course-fr.tar.gz", GOOD)
    other = _archive(tmp_path / "course-en.tar.gz", {
        **GOOD, "course/course.xml": b'<course url_name="run" org="Else" course="Z9"/>\n'})
    result = import_olx(main, tmp_path / "course", lang="fr", merge=[("en", other)])
    found = [d for d in result.diagnostics if "Else/Z9" in d.message]
    assert len(found) == 1 and "Org/N1" in found[0].message, result.diagnostics
    assert found[0].severity == "warning" and found[0].code == "MF661" and found[0].hint
    assert found[0].loc.file == "course-en.tar.gz/course.xml" and found[0].loc.line == 1


def test_the_import_report_names_the_merged_export_of_a_finding(tmp_path):
    main = _archive(tmp_path / "course-fr.tar.gz", GOOD)
    other = _archive(tmp_path / "other-course.tar.gz", WITH_A_SECOND_CHAPTER)
    result = import_olx(main, tmp_path / "course", lang="fr", merge=[("en", other)])
    assert result.ok, _errors(result)
    report = (tmp_path / "course" / "import-report.md").read_text("utf-8")
    rows = [line for line in report.splitlines() if "'c2'" in line]
    assert rows and "`other-course.tar.gz/chapter/c2.xml:1`" in rows[0], rows


def test_a_learner_twice_in_a_grade_report_is_a_warning_at_the_second_row(tmp_path, synth):
    lines = _report(synth).splitlines()
    report = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    report.write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")
    head = lines[0].split(",")
    username = lines[1].split(",")[head.index("Username")]
    _result, found = _stats(tmp_path, "--logs", synth / "logs", "--grades", report)
    twice = [d for d in found if d["file"] == str(report) and d["severity"] == "warning"]
    assert twice and twice[0]["code"] == "MF903" and twice[0]["line"] == len(lines) + 1, found
    assert username in twice[0]["message"] and twice[0]["hint"]


@pytest.mark.parametrize("option", ["--grades", "--cohorts", "--staff"])
def test_a_fifo_given_as_a_report_is_refused_not_waited_for(tmp_path, synth, option):
    import threading
    import time

    fifo = tmp_path / "IMT_ABC-C_2027-spring-fr_grade_report.csv"
    os.mkfifo(fifo)
    stop = time.monotonic() + 5

    def unblock() -> None:  # a reader stuck on the FIFO gets its end after 5 s at most
        while time.monotonic() < stop:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError:
                time.sleep(0.05)

    threading.Thread(target=unblock, daemon=True).start()
    args = ["--logs", synth / "logs", option, fifo]
    if option != "--grades":
        args += ["--grades", next(synth.glob("*_grade_report.csv"))]
    result, found = _stats(tmp_path, *args)
    mine = [d for d in found if d["file"] == str(fifo)]
    assert result.exit_code == 1 and mine and mine[0]["code"] == "MF025", found
    assert mine[0]["severity"] == "error" and mine[0]["hint"]


@pytest.mark.parametrize("limit", ["0", "1.5"])
def test_a_memory_limit_without_a_unit_says_it_is_bytes(tmp_path, synth, limit):
    """docs/analytics.md: too small a cap gives MF915. The message says what was read."""
    from moocforge.sizes import SIZE_EXAMPLES

    result, found = _stats(tmp_path, "--logs", synth / "logs", "--memory-limit", limit)
    errors = [d for d in found if d["code"] == "MF915"]
    assert result.exit_code == 1 and errors, found
    assert "byte" in errors[0]["message"] and SIZE_EXAMPLES in errors[0]["hint"], errors


def test_unknown_blocks_and_the_left_out_summary_are_located(tmp_path, synth):
    _result, found = _stats(tmp_path, "--logs", synth / "logs")
    unknown = [d for d in found if d["code"] == "MF901"]
    assert unknown and unknown[0]["file"].startswith(str(synth / "logs")), unknown
    line = Path(unknown[0]["file"]).read_text("utf-8").splitlines()[unknown[0]["line"] - 1]
    block = unknown[0]["message"].split("block '")[1].split("'")[0]
    assert block in line, (line, unknown[0])
    summary = [d for d in found if d["code"] == "MF913"]
    assert summary and summary[0]["file"].endswith("course.yml"), summary
