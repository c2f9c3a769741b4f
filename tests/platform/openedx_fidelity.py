"""Source versus platform: every difference a learner would notice, as one list of strings.

`mismatches(course, run, lang, imported, profile)` compares the course model (what the author
wrote) with an imported package (what the platform made of it, see openedx_import and
openedx_learner). The expected side is computed from the source alone, never from the OLX:
block counts per type, each video's YouTube id, HTML5 sources and transcript languages and
text, each question's visible text (prompt, choices, dropdown options), each ORA's rubric,
steps, dates and response options, the course's tabs, start and grading.
"""

from __future__ import annotations

import re
from collections import Counter

import markdown
from lxml import html
from openedx_import import ImportedCourse, Node
from openedx_learner import (
    fun_video_view,
    graded_subsections,
    ora_view,
    pass_cutoff,
    perfect_grade,
    problem_view,
    video_view,
    words,
)

from moocforge.model import (
    Codecast,
    Course,
    Discussion,
    Exercise,
    Peer,
    Question,
    Quiz,
    Reading,
    Run,
    Video,
    moment,
)
from moocforge.render.markdown import EXTENSION_CONFIGS, MARKDOWN_EXTENSIONS

STEP_NAMES = {"training": "student-training", "peer": "peer-assessment",
              "self": "self-assessment", "staff": "staff-assessment"}
EDITORS = {"text": "text", "rich": "tinymce"}


def _rendered(source: str):
    """Python-Markdown with the project's extensions but no raw HTML (a `<` in quiz text is
    text): the page a learner should get, computed from the source alone."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return html.fromstring(f"<div>{md.convert(source)}</div>")


def visible_text(source: str) -> str:
    """What a learner reads for Markdown `source`, as a browser lays it out."""
    return words(_rendered(source).text_content()) if source.strip() else ""


def code_blocks(source: str) -> list[str]:
    """The exact text of every code block of `source` (line breaks and indentation)."""
    return [pre.text_content() for pre in _rendered(source).iter("pre")] if source else []


def expected_counts(course: Course, profile: str) -> Counter[str]:
    counts: Counter[str] = Counter(course=1, chapter=len(course.weeks))
    for week in course.weeks:
        counts["sequential"] += len(week.lessons)
    for item in course.items:
        counts["vertical"] += 1
        match item:
            case Reading():
                counts["html"] += 1
            case Quiz() | Exercise():
                counts["problem"] += 1
            case Video():
                counts["video"] += 1
            case Peer():
                counts["openassessment"] += 1
            case Discussion():
                counts["discussion"] += 1
                counts["html"] += 1 if any(t.strip() for t in item.prompt.values()) else 0
            case Codecast():
                counts["html"] += 1
    return counts


def mismatches(course: Course, run: Run, lang: str, imported: ImportedCourse,
               profile: str = "edx") -> list[str]:
    found = [f"import: {e}" for e in imported.errors]
    if imported.course is None:
        return found
    found += _counts(course, imported, profile)
    found += _course(course, run, imported)
    by_url = {n.url_name: n for n in imported.walk()}
    for item in course.items:
        node = by_url.get(item.url_name)
        if node is None:
            found.append(f"{item.kind} '{item.id}': no block '{item.url_name}' after import")
            continue
        match item:
            case Video() if profile == "fun":
                found += _fun_video(course, item, node)
            case Video():
                found += _video(course, item, node, lang)
            case Quiz():
                found += _quiz(item, node, lang)
            case Peer():
                found += _ora(item, node, lang)
            case Codecast():
                found += _codecast(item, node)
            case _:
                pass
    return found


def _codecast(item: Codecast, node: Node) -> list[str]:
    """The html block keeps the player: its markup and the /static/ files it loads."""
    data = str(getattr(node.block, "data", ""))
    wanted = ('class="mf-codecast"', 'src="/static/mf-codecast.js"',
              'data-wasm="/static/mf-picoc.wasm"', 'data-runner="/static/mf-runner.js"')
    return [f"codecast '{item.id}': the html block lost {w}" for w in wanted if w not in data]


def _counts(course: Course, imported: ImportedCourse, profile: str) -> list[str]:
    want, got = expected_counts(course, profile), imported.counts()
    return [f"blocks of type {tag}: source has {want[tag]}, platform has {got[tag]}"
            for tag in sorted(set(want) | set(got)) if want[tag] != got[tag]]


def _course(course: Course, run: Run, imported: ImportedCourse) -> list[str]:
    found = []
    start = _instant(run.start).strftime("%Y-%m-%dT%H:%M:%SZ")
    if imported.start != start:
        found.append(f"course start: source {start}, platform {imported.start}")
    tabs = imported.tabs
    for tab in ("courseware", "progress", "dates"):
        if tab not in tabs:
            found.append(f"tabs: no '{tab}' tab for learners (tabs: {tabs})")
    if tabs and tabs[0] != "courseware":
        found.append(f"tabs: the first tab is {tabs[0]}, not the course")
    found += _grading(course, imported)
    found += _about(course, run, imported)
    return found


def _about(course: Course, run: Run, imported: ImportedCourse) -> list[str]:
    """The about page reads about/<field>.html (course_details.py ABOUT_ATTRIBUTES)."""
    lang = imported.policy.get("language") or course.default_lang
    want = {"title": course.title.get_lang(lang),
            "short_description": course.summary.get_lang(lang) if course.summary else "",
            "subtitle": course.subtitle.get_lang(lang) if course.subtitle else None}
    found = []
    for name, text in want.items():
        path = imported.root / "about" / f"{name}.html"
        shown = words(html.fromstring(f"<div>{path.read_text('utf-8')}</div>").text_content()) \
            if path.is_file() else None
        if text is not None and shown != words(text):
            found.append(f"about page {name}: {shown!r}, source {words(text)!r}")
    return found


def _grading(course: Course, imported: ImportedCourse) -> list[str]:
    found = []
    counted = graded_subsections(imported)
    graded_types = {i.assignment_type or (course.grading.types[0].type if course.grading.types
                                          else None)
                    for i in course.items if i.graded and i.kind in ("quiz", "exercise", "peer")}
    for name in sorted(t for t in graded_types if t):
        if not counted.get(name):
            found.append(f"grading: no subsection counts for '{name}'")
    cutoff = pass_cutoff(imported)
    if cutoff is None or abs(cutoff - course.grading.pass_threshold) > 1e-9:
        found.append(f"grading: pass cutoff {cutoff}, source {course.grading.pass_threshold}")
    reachable = perfect_grade(imported)
    if cutoff is not None and reachable + 1e-9 < cutoff:
        found.append(f"grading: full marks give {reachable:.0%}, below the pass mark")
    return found


# --------------------------------------------------------------------------- videos


def _video(course: Course, video: Video, node, lang: str) -> list[str]:
    view = video_view(node)
    found = []
    want_youtube = video.youtube_id or ""
    if view.youtube_id != want_youtube:
        found.append(f"video '{video.id}': plays YouTube id {view.youtube_id!r}, source has "
                     f"{want_youtube!r}")
    if video.url and view.html5_sources != (video.url,):
        found.append(f"video '{video.id}': HTML5 sources {view.html5_sources}, source "
                     f"{video.url}")
    if video.file and not video.youtube_id and not view.html5_sources:
        found.append(f"video '{video.id}': local file {video.file} has no HTML5 source")
    if view.transcript_languages != tuple(sorted(video.transcripts)):
        found.append(f"video '{video.id}': transcripts in {view.transcript_languages}, source "
                     f"has {tuple(sorted(video.transcripts))}")
    for tongue, rel in video.transcripts.items():
        found += _transcript(course, video, tongue, rel, view.transcript_text.get(tongue, ""))
    return found


def _transcript(course: Course, video: Video, lang: str, rel: str, imported: str) -> list[str]:
    from moocforge.media.transcripts import load_transcript

    source = [words(c.text) for c in load_transcript(course.root / rel, rel).cues]
    got = [words(block.split("\n", 2)[2]) for block in re.split(r"\n\s*\n", imported.strip())
           if block.count("\n") >= 2]
    if source != got:
        return [f"video '{video.id}' transcript {lang}: {len(got)} cues imported "
                f"({got[:1]}), source has {len(source)} ({source[:1]})"]
    return []


def _fun_video(course: Course, video: Video, node) -> list[str]:
    view = fun_video_view(node)
    found = []
    if video.youtube_id and (view.video_id, view.is_youtube) != (video.youtube_id, True):
        found.append(f"FUN video '{video.id}': plays {view.video_id!r} "
                     f"(youtube={view.is_youtube}), source YouTube {video.youtube_id}")
    if view.ignored_attributes:
        found.append(f"FUN video '{video.id}': FUN's block ignores {view.ignored_attributes}")
    return found


# --------------------------------------------------------------------------- problems


def _quiz(quiz: Quiz, node, lang: str) -> list[str]:
    view = problem_view(node)
    found = []
    dropdowns = iter(view.options)
    choice_labels = list(view.choices)
    # Leading/trailing blank lines of a block are CAPA's layout, not the author's.
    code = [c.strip() for q in quiz.questions for c in code_blocks(q.prompt.get_lang(lang))]
    shown = [c.strip() for c in view.code]
    for question in quiz.questions:
        found += _question(quiz, question, view, lang, dropdowns, choice_labels)
    missing = [c for c in code if c not in shown]
    if missing:
        found.append(f"quiz '{quiz.id}': code block {missing[0]!r} shown as "
                     f"{[c for c in shown if c not in code][:1]}")
    found += _explanations(quiz, node, lang)
    return found


def _explanations(quiz: Quiz, node, lang: str) -> list[str]:
    """Shown after an answer: the explanations as the problem stores them (`<solution>`)."""
    from lxml import etree

    solutions = words(" ".join(s.xpath("string()") for s in
                               etree.fromstring(node.block.data).iter("solution")))
    return [f"quiz '{quiz.id}' question '{q.id}': explanation {text!r} not in the solutions"
            for q in quiz.questions if q.explanation is not None
            for text in [visible_text(q.explanation.get_lang(lang))]
            if text and text not in solutions]


def _question(quiz: Quiz, question: Question, view, lang: str, dropdowns,
              choice_labels: list[str]) -> list[str]:
    where = f"quiz '{quiz.id}' question '{question.id}'"
    found = []
    prompt = visible_text(question.prompt.get_lang(lang))
    if prompt and prompt not in view.text:
        found.append(f"{where}: prompt {prompt!r} not shown (learner reads {view.labels})")
    if question.kind in ("single", "multiple"):
        for choice in question.choices:
            text = visible_text(choice.text.get_lang(lang))
            label = choice_labels.pop(0) if choice_labels else ""
            if not label.startswith(text):
                found.append(f"{where}: choice {text!r} shown as {label!r}")
    if question.kind == "dropdown":
        shown = next(dropdowns, ())
        want = tuple(visible_text(c.text.get_lang(lang)) for c in question.choices)
        if shown != want:
            found.append(f"{where}: dropdown options {shown}, source {want}")
    return found


# --------------------------------------------------------------------------- ORA


def _ora(peer: Peer, node, lang: str) -> list[str]:
    view = ora_view(node)
    where = f"peer '{peer.id}'"
    found = []
    if not view.validation[0]:
        found.append(f"{where}: ORA2's validator refuses it: {view.validation[1]}")
    if view.prompts != (visible_text(peer.prompt.get_lang(lang)),):
        found.append(f"{where}: prompt shown as {view.prompts}")
    want_rubric = tuple((c.name, c.label.get_lang(lang) or c.name,
                         tuple((o.name, o.points) for o in c.options)) for c in peer.rubric)
    if view.criteria != want_rubric:
        found.append(f"{where}: rubric {view.criteria}, source {want_rubric}")
    want_steps = tuple(STEP_NAMES[s.kind] for s in peer.steps)
    if tuple(s[0] for s in view.steps) != want_steps:
        found.append(f"{where}: steps {[s[0] for s in view.steps]}, source {want_steps}")
    for step, (name, start, due) in zip(peer.steps, view.steps, strict=False):
        for label, want, got in (("start", step.start, start), ("due", step.due, due)):
            if want and not _same_moment(want, got):
                found.append(f"{where}: {name} {label} {got}, source {want}")
    for label, want, got in (("submission start", peer.submission_start, view.submission_start),
                             ("submission due", peer.submission_due, view.submission_due)):
        if want and not _same_moment(want, got):
            found.append(f"{where}: {label} {got}, source {want}")
    submission = peer.submission
    editor = EDITORS[getattr(submission, "editor", "text")]
    if view.editor != editor:
        found.append(f"{where}: response editor {view.editor!r}, source {editor!r}")
    show = getattr(submission, "show_rubric", True)
    if view.show_rubric != show:
        found.append(f"{where}: rubric shown while writing: {view.show_rubric}, source {show}")
    return found


def _same_moment(source: object, imported: str | None) -> bool:
    if not imported:
        return False
    try:
        return _instant(source) == moment(imported.replace("Z", "+00:00"))
    except ValueError:
        return False


def _instant(source: object):
    """A model date as the loader resolved it (time zone, end of a closing day)."""
    at = getattr(source, "at", None)
    return at if at is not None else moment(str(source))
