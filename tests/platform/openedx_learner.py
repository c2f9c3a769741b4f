"""What a learner gets from an imported course, read from the platform's parsed blocks.

Each function turns blocks parsed by openedx_import into plain data that tests compare with
the source: a video's effective YouTube id and HTML5 sources (the video block's fields, read
as its player reads them) and the transcript languages edx-val holds for it; the visible text
of a problem as the CAPA engine renders it; an ORA's rubric, steps and dates as ORA2 parsed
them, checked by ORA2's own validator; the grade a perfect learner reaches with the imported
grading policy.
"""

from __future__ import annotations

import gettext
import tempfile
from dataclasses import dataclass
from unittest.mock import Mock

from lxml import html
from openedx_env import setup
from openedx_import import ImportedCourse, Node

setup()


# --------------------------------------------------------------------------- videos


@dataclass(frozen=True)
class VideoView:
    url_name: str
    title: str
    youtube_id: str  # what the player plays first ("" = HTML5 only)
    html5_sources: tuple[str, ...]
    transcript_languages: tuple[str, ...]  # the languages edx-val imported
    transcript_text: dict[str, str]  # language -> the imported transcript's text
    download_video: bool


def video_view(node: Node) -> VideoView:
    from edxval import api as val
    from xblocks_contrib.video.video_utils import create_youtube_string

    block = node.block
    streams = dict(pair.split(":", 1) for pair in create_youtube_string(block).split(",")
                   if pair)
    languages = tuple(sorted(val.get_available_transcript_languages(block.edx_video_id))) \
        if block.edx_video_id else ()
    texts = {}
    for lang in languages:
        data = val.get_video_transcript_data(block.edx_video_id, lang)
        texts[lang] = data["content"].decode("utf-8") if data else ""
    return VideoView(node.url_name, block.display_name, streams.get("1.00", ""),
                     tuple(block.html5_sources), languages, texts, bool(block.download_video))


@dataclass(frozen=True)
class FunVideoView:
    url_name: str
    title: str
    video_id: str
    is_youtube: bool
    allow_download: bool
    ignored_attributes: tuple[str, ...]  # attributes FUN's block has no field for


def fun_video_view(node: Node) -> FunVideoView:
    block = node.block
    ignored = tuple(sorted(a for a in node.fields if a not in block.fields and a != "url_name"))
    return FunVideoView(node.url_name, block.display_name, block.video_id,
                        block.is_youtube_video, block.allow_download, ignored)


# --------------------------------------------------------------------------- problems


def render_problem(xml: str):
    """(LoncapaProblem, rendered HTML) with a capa system built like CAPA's own tests.

    moocforge never writes `<script>` (CAPA runs it as Python): by default a script raises."""
    import fs.osfs
    from xblocks_contrib.problem.capa.capa_problem import LoncapaProblem, LoncapaSystem
    from xblocks_contrib.problem.capa.inputtypes import Status
    from xblocks_contrib.problem.capa.tests.helpers import (
        StubXQueueService,
        capa_render_template,
        mock_capa_block,
    )

    system = Mock(
        spec=LoncapaSystem, ajax_url="/dummy-ajax-url", anonymous_student_id="student",
        cache=None, can_execute_unsafe_code=lambda: False, get_python_lib_zip=lambda: None,
        DEBUG=False, i18n=gettext.NullTranslations(), render_template=capa_render_template,
        resources_fs=fs.osfs.OSFS(tempfile.gettempdir()), seed=0,
        STATIC_URL="/static/", STATUS_CLASS=Status, xqueue=StubXQueueService())
    problem = LoncapaProblem(xml, id="1", seed=1, capa_system=system,
                             capa_block=mock_capa_block())
    return problem, problem.get_html()


@dataclass(frozen=True)
class ProblemView:
    url_name: str
    title: str
    text: str  # every visible word of the rendered problem, whitespace-normalised
    labels: tuple[str, ...]  # the question labels, in order
    choices: tuple[str, ...]  # the visible text of every choice (radio/checkbox)
    options: tuple[tuple[str, ...], ...]  # per dropdown, its option texts
    response_types: tuple[str, ...]
    code: tuple[str, ...]  # the exact text of every <pre> block (line breaks, indentation)


def problem_view(node: Node) -> ProblemView:
    block = node.block
    problem, rendered = render_problem(block.data)
    page = html.fromstring(f"<div>{rendered}</div>")
    for hidden in page.xpath("//script|//style"):
        hidden.drop_tree()
    labels = tuple(words(e.text_content()) for e in page.xpath(
        "//*[contains(concat(' ', @class, ' '), ' problem-group-label ') or "
        "(self::label and contains(@id, '-label'))]"))
    choices = tuple(words(e.text_content()) for e in page.xpath(
        "//label[contains(concat(' ', @class, ' '), ' response-label ')]"))
    options = tuple(tuple(words(o.text_content()) for o in select.xpath("option")
                          if o.get("value") != "option_1_dummy_default" and not
                          o.get("value", "").endswith("dummy_default"))
                    for select in page.xpath("//select"))
    kinds = tuple(type(r).__name__ for r in sorted(
        problem.responders.values(), key=lambda r: [int(p) for p in r.id.split("_")[1:]]))
    code = tuple(pre.text_content() for pre in page.iter("pre"))
    return ProblemView(node.url_name, block.display_name, words(page.text_content()), labels,
                       choices, options, kinds, code)


def words(text: str) -> str:
    """Visible text as a browser lays it out: runs of whitespace become one space."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- ORA


@dataclass(frozen=True)
class OraView:
    url_name: str
    title: str
    prompts: tuple[str, ...]  # visible text of each prompt
    criteria: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...]  # name, label, options
    steps: tuple[tuple[str, str | None, str | None], ...]  # name, start, due
    peer_counts: tuple[int, int] | None  # must_grade, must_be_graded_by
    submission_start: str | None
    submission_due: str | None
    text_response: str | None
    editor: str
    show_rubric: bool
    file_upload_type: str | None
    file_types: str | None
    validation: tuple[bool, str]  # ORA2's validator on the parsed block


def ora_view(node: Node) -> OraView:
    from openassessment.xblock.utils.data_conversion import create_rubric_dict
    from openassessment.xblock.utils.validation import validator

    block = node.block
    criteria = tuple((c["name"], c["label"], tuple((o["name"], o["points"])
                                                   for o in c["options"]))
                     for c in block.rubric_criteria)
    steps = tuple((a["name"], a.get("start"), a.get("due")) for a in block.rubric_assessments)
    peer = next((a for a in block.rubric_assessments if a["name"] == "peer-assessment"), None)
    check = validator(block, block._, strict_post_release=False)
    valid = check(create_rubric_dict(block.prompts, block.rubric_criteria),
                  block.rubric_assessments, submission_start=block.submission_start,
                  submission_due=block.submission_due, leaderboard_show=block.leaderboard_show)
    prompts = tuple(words(html.fromstring(f"<div>{p['description']}</div>").text_content())
                    for p in block.prompts)
    return OraView(node.url_name, block.title, prompts, criteria, steps,
                   (peer["must_grade"], peer["must_be_graded_by"]) if peer else None,
                   block.submission_start, block.submission_due, block.text_response,
                   block.text_response_editor, bool(block.show_rubric_during_response),
                   block.file_upload_type, block.white_listed_file_types_string,
                   (bool(valid[0]), str(valid[1])))


# --------------------------------------------------------------------------- grading


def graded_subsections(imported: ImportedCourse) -> dict[str, list[str]]:
    """GRADER type -> url_names of the subsections counted for it (the format must match)."""
    types = {g["type"] for g in imported.grading_policy.get("GRADER", [])}
    counted: dict[str, list[str]] = {t: [] for t in types}
    for seq in imported.nodes("sequential"):
        if seq.fields.get("graded") == "true" and seq.fields.get("format") in types:
            counted[seq.fields["format"]].append(seq.url_name)
    return counted


def perfect_grade(imported: ImportedCourse) -> float:
    """graders.py: the course grade of a learner with full marks on every graded subsection.

    AssignmentFormatGrader averages max(n, min_count) scores (missing ones count 0) after
    dropping the `drop_count` lowest; WeightedSubsectionsGrader sums weight × average."""
    counted = graded_subsections(imported)
    total = 0.0
    for entry in imported.grading_policy.get("GRADER", []):
        done = len(counted.get(entry["type"], []))
        kept = max(done, int(entry["min_count"])) - int(entry["drop_count"])
        if kept > 0:
            total += float(entry.get("weight", 0)) * min(done, kept) / kept
    return round(total, 6)


def pass_cutoff(imported: ImportedCourse) -> float | None:
    cutoffs = imported.grading_policy.get("GRADE_CUTOFFS", {})
    return min(cutoffs.values()) if cutoffs else None
