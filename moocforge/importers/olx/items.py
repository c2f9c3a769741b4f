"""One reader per component type: a block → a planned item (or None when the component
belongs to the item before it, as a discussion's prompt does).

Whatever moocforge cannot express becomes a raw OLX item (`raw()`), listed in the report.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from moocforge.importers.olx import capa, media, ora
from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import Block
from moocforge.importers.olx.plan import Markdown, Planned, Text

_STATIC_REF = re.compile(r"""(["'(])/static/([^"'()\s?#]+)""")
DEFAULT_QUEUE = "moocforge"


@dataclass(frozen=True)
class Where:
    """The week folder an item's files go to, and what the lesson around it says."""

    folder: str  # weeks/NN-name
    format: str | None  # the assignment type of a graded subsection
    due: str | None  # the subsection's due date (the course's time zone)


def reading(ctx: Context, block: Block, where: Where) -> Planned:
    source = _html_source(ctx, block)
    body = ctx.markdown(source, where.folder, block)
    title = block.display_name
    entry: dict[str, Any] = {"reading": f"{block.url_name}.md", "id": block.url_name}
    if title and not _starts_with_h1(body[ctx.lang]) and title not in STUDIO_DEFAULT_TITLES:
        body = Markdown({ctx.lang: f"# {title}\n\n{body[ctx.lang]}".rstrip() + "\n"})
    elif title:
        entry["title"] = Text.of(ctx.lang, title)
    return Planned("reading", block.url_name, entry, block, {f"{block.url_name}.md": body})


# Studio's names for a new component: not a heading worth adding to the page.
STUDIO_DEFAULT_TITLES = frozenset({"Text", "Raw HTML", "Html", "HTML", "Texte", "Announcement",
                                   "Full Screen Image", "IFrame Tool", "Zooming Image Tool"})


def _starts_with_h1(markdown: str) -> bool:
    return markdown.lstrip().startswith("# ")


def _html_source(ctx: Context, block: Block) -> str:
    filename = block.attrs.get("filename")
    if filename:
        text = ctx.export.text(f"html/{filename}.html")
        if text is None:
            ctx.find("MF655", "warning", f"html '{block.url_name}' names html/{filename}.html, "
                     "which is missing: the reading is empty", block, block.url_name,
                     hint=f"add html/{filename}.html to the export and import again, or "
                          "write the reading's .md file yourself")
            return ""
        return text
    return capa_inner(block.element)


def capa_inner(element: etree._Element) -> str:
    text = element.text or ""
    return text + "".join(etree.tostring(c, encoding="unicode") for c in element)


def problem(ctx: Context, block: Block, where: Where) -> Planned:
    if block.element.find(".//coderesponse") is not None:
        found = exercise(ctx, block, where)
        return found if found is not None else raw(ctx, block, where)
    parsed = capa.read_problem(ctx, block, where.folder)
    if parsed is None:
        return raw(ctx, block, where)
    data = parsed.data
    count = len(data["questions"])
    counted = where.format is not None and parsed.weight != 0
    if parsed.weight is not None and parsed.weight != 0 and parsed.weight != count:
        each = parsed.weight / count
        for question in data["questions"]:
            question["weight"] = int(each) if each.is_integer() else each
    entry: dict[str, Any] = {"quiz": f"{block.url_name}.yml", "id": block.url_name}
    _grading(ctx, entry, where, counted, block)
    data = {"title": data.pop("title"), **_own_grading(entry), **data}
    return Planned("quiz", block.url_name, entry, block, {f"{block.url_name}.yml": data})


def _grading(ctx: Context, entry: dict[str, Any], where: Where, counted: bool,
             block: Block) -> None:
    if counted:
        entry["graded"] = True
        entry["type"] = where.format
    due = ctx.date(block.attrs.get("due"), block)
    if due:
        entry["due"] = due
    elif counted and where.due:
        entry["due"] = where.due


def _own_grading(entry: dict[str, Any]) -> dict[str, Any]:
    """graded/type live in the quiz or peer file (as authors write them)."""
    return {key: entry.pop(key) for key in ("graded", "type") if key in entry}


def exercise(ctx: Context, block: Block, where: Where) -> Planned | None:
    response = block.element.find(".//coderesponse")
    assert response is not None
    payload_node = response.find("codeparam/grader_payload")
    try:
        payload = json.loads(payload_node.text or "{}") if payload_node is not None else {}
    except ValueError:
        payload = {}
    box = response.find("textbox")
    mode = (box.get("mode") if box is not None else "") or ""
    language = payload.get("language") if isinstance(payload, dict) else None
    language = language or {"text/x-csrc": "c", "python": "python"}.get(mode)
    if language not in ("c", "python"):
        ctx.find("MF651", "info", f"problem '{block.url_name}' is kept as raw OLX: a code "
                 f"response in '{mode or 'an unknown language'}' (moocforge grades C and "
                 "Python)", block, block.url_name)
        return None
    folder = f"exercises/{block.url_name}"
    statement_node = block.element.find("div[@class='mf-statement']")
    statement = ctx.markdown(capa_inner(statement_node) if statement_node is not None else "",
                             f"{where.folder}/{folder}", block)
    ext = "c" if language == "c" else "py"
    names = payload.get("tests") if isinstance(payload, dict) else None
    tests = [{"name": str(n), "expected": ""} for n in names or ["t1"]]
    data: dict[str, Any] = {
        "title": ctx.text(block.display_name) or Text.of(ctx.lang, block.url_name),
        "language": language, "statement": "statement.md", "starter": f"starter.{ext}",
        "solution": f"solution.{ext}", "tests": tests}
    entry: dict[str, Any] = {"exercise": f"{folder}/", "id": block.url_name}
    weight = capa._float(block.attrs.get("weight"))
    _grading(ctx, entry, where, where.format is not None and weight != 0, block)
    data = {"title": data.pop("title"), **_own_grading(entry), **data}
    starter = response.findtext("codeparam/initial_display") or ""
    solution = response.findtext("codeparam/answer_display") or ""
    ctx.find("MF656", "warning", f"exercise '{block.url_name}': the export has its statement, "
             "starter and solution but not its tests' inputs and expected outputs (they live "
             "in the external grader): complete exercise.yml", block, block.url_name,
             hint=f"copy the tests' inputs and expected outputs from the grader into "
                  f"exercises/{block.url_name}/exercise.yml (`tests:`)")
    if isinstance(payload, dict) and payload.get("course"):
        ctx.course_id_hint = str(payload["course"])
    queue = response.get("queuename")
    if queue and queue != DEFAULT_QUEUE:
        ctx.queue = queue
    return Planned("exercise", block.url_name, entry, block, {
        f"{folder}/exercise.yml": data, f"{folder}/statement.md": statement,
        f"{folder}/starter.{ext}": starter, f"{folder}/solution.{ext}": solution})


def video(ctx: Context, block: Block, where: Where) -> Planned:
    found = media.read_video(ctx, block, where.folder)
    if found is None:
        return raw(ctx, block, where)
    entry, files = found
    return Planned("video", block.url_name, entry, block, files)


def discussion(ctx: Context, block: Block, where: Where, prompt: Planned | None = None
               ) -> Planned:
    name = block.url_name
    text: Text | None = None
    if prompt is not None:
        body = prompt.files[f"{prompt.id}.md"]
        lines = body[ctx.lang].lstrip().splitlines()
        if lines and lines[0].startswith("# "):
            lines = lines[1:]
        text = Text.of(ctx.lang, "\n".join(lines).strip() + "\n")
    if text is None:
        # Studio's discussion block has no prompt of its own: an empty one keeps the unit
        # as it was (moocforge writes a prompt as an html block before the discussion)
        text = Text.of(ctx.lang, "")
    entry: dict[str, Any] = {"discussion": text, "id": name,
                             "title": ctx.text(block.display_name) or Text.of(ctx.lang, name)}
    return Planned("discussion", name, entry, block)


def lti_consumer(ctx: Context, block: Block, where: Where) -> Planned:
    attrs = block.attrs
    version = {"lti_1p1": "1.1", "lti_1p3": "1.3"}.get(attrs.get("lti_version", "lti_1p1"))
    entry: dict[str, Any] = {"id": block.url_name,
                             "title": ctx.text(block.display_name) or Text.of(ctx.lang,
                                                                              block.url_name)}
    keys: dict[str, str] = {}
    if version == "1.1":
        url = attrs.get("launch_url", "")
        if attrs.get("lti_id"):
            keys["passport"] = attrs["lti_id"]
    elif version == "1.3":
        url = attrs.get("lti_1p3_launch_url") or attrs.get("launch_url", "")
        if attrs.get("config_type") == "external" and attrs.get("external_config"):
            keys["config"] = attrs["external_config"]
        elif attrs.get("lti_1p3_oidc_url") and attrs.get("lti_1p3_tool_keyset_url"):
            keys["oidc_url"] = attrs["lti_1p3_oidc_url"]
            keys["keyset_url"] = attrs["lti_1p3_tool_keyset_url"]
    else:
        url = ""
    if not url.startswith(("https://", "http://")) or not keys:
        ctx.find("MF651", "info", f"lti_consumer '{block.url_name}' is kept as raw OLX: its "
                 "launch settings are incomplete or of a kind moocforge does not write",
                 block, block.url_name)
        return raw(ctx, block, where)
    entry = {"external": url, **entry, "lti": version, "keys": keys}
    try:
        custom = json.loads(attrs.get("custom_parameters") or "[]")
    except ValueError:
        custom = []
    pairs = dict(p.split("=", 1) for p in custom if isinstance(p, str) and "=" in p)
    if pairs:
        entry["custom"] = pairs
    if attrs.get("launch_target") in ("iframe", "modal", "new_window"):
        entry["launch"] = attrs["launch_target"]
    if attrs.get("description"):
        entry["description"] = Text.of(ctx.lang, attrs["description"])
    weight = capa._float(attrs.get("weight"))
    counted = where.format is not None and attrs.get("has_score") == "true" and weight != 0
    if counted and weight is not None and weight != 1:
        entry["weight"] = int(weight) if weight.is_integer() else weight
    _grading(ctx, entry, where, counted, block)
    return Planned("external", block.url_name, entry, block)


def openassessment(ctx: Context, block: Block, where: Where) -> Planned:
    data = ora.read_ora(ctx, block, where)
    if data is None:
        return raw(ctx, block, where)
    entry: dict[str, Any] = {"peer": f"{block.url_name}.yml", "id": block.url_name}
    if where.format is not None:
        entry["graded"] = True
        entry["type"] = where.format
    data = {"title": data.pop("title"), **_own_grading(entry), **data}
    return Planned("peer", block.url_name, entry, block, {f"{block.url_name}.yml": data})


def raw(ctx: Context, block: Block, where: Where) -> Planned:
    """The block as a raw OLX item: its XML with pointer children read in, `/static/` links
    pointing at the files the import keeps."""
    element = _inlined(ctx, block)
    if block.pointer:
        element.attrib.pop("url_name", None)
    xml = etree.tostring(element, encoding="unicode")
    files: list[str] = []

    def relink(match: re.Match[str]) -> str:
        target = ctx.statics.use(match.group(2))
        if target is None:
            return match.group(0)
        files.append(target)
        return f"{match.group(1)}/static/{target.replace('/', '_')}"

    xml = _STATIC_REF.sub(relink, xml)
    rel = f"olx/{block.url_name}.xml"
    entry: dict[str, Any] = {"olx": rel, "id": block.url_name}
    if block.display_name:
        entry["title"] = Text.of(ctx.lang, block.display_name)
    if files:
        entry["files"] = sorted({posixpath.relpath(f, where.folder) for f in files})
    if where.format is not None and block.tag in SCORED_BLOCKS:
        entry["graded"] = True
        entry["type"] = where.format
    ctx.find("MF650", "warning", f"<{block.tag}> '{block.url_name}' is kept as a raw OLX item "
             f"({where.folder}/{rel}): moocforge re-emits it as written, other targets "
             "cannot show it", block, block.url_name)
    ctx.raw_items.append((block, f"{where.folder}/{rel}"))
    return Planned("olx", block.url_name, entry, block, {rel: xml + "\n"})


# Blocks that carry a score (graded when their subsection is).
SCORED_BLOCKS = frozenset({"problem", "drag-and-drop-v2", "openassessment", "lti",
                           "lti_consumer", "library_content", "edx_sga", "staffgradedxblock",
                           "annotatable", "split_test"})


def _inlined(ctx: Context, block: Block) -> etree._Element:
    element = etree.fromstring(etree.tostring(block.element))
    for attr, value in block.attrs.items():  # policy overrides
        if element.get(attr) != value and attr not in ("url_name",):
            element.set(attr, value)
    if block.tag == "html" and block.attrs.get("filename"):
        element.attrib.pop("filename", None)
        content = _html_source(ctx, block)
        try:
            holder = etree.fromstring(f"<div>{content}</div>")
            element.text = holder.text
            for child in holder:
                element.append(child)
        except etree.XMLSyntaxError:
            element.text = content
    by_position = {child.position: child for child in block.children}
    nodes = [c for c in element if isinstance(c.tag, str) and c.tag != "wiki"]
    for index, node in enumerate(nodes):
        child = by_position.get(index)
        if child is not None and child.pointer:
            replacement = _inlined(ctx, child)
            replacement.set("url_name", child.url_name)
            replacement.tail = node.tail
            element.replace(node, replacement)
    return element


Reader = Callable[[Context, Block, Where], Planned]
READERS: dict[str, Reader] = {
    "html": reading, "problem": problem, "video": video, "openassessment": openassessment,
    "lti_consumer": lti_consumer,
}
