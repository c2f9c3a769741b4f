"""`<openassessment>` (ORA2) → a peer file: prompt, submission, rubric, steps and dates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import Block
from moocforge.importers.olx.plan import Text

if TYPE_CHECKING:
    from moocforge.importers.olx.items import Where

STEPS = {"student-training": "training", "peer-assessment": "peer",
         "self-assessment": "self", "staff-assessment": "staff"}
EDITORS = {"text": "text", "tinymce": "rich"}


def read_ora(ctx: Context, block: Block, where: Where) -> dict[str, Any] | None:
    root = block.element
    name = block.url_name
    rubric = root.find("rubric")
    prompts = root.findall("prompts/prompt/description")
    if rubric is None or root.find("assessments") is None or not prompts:
        ctx.find("MF651", "info", f"openassessment '{name}' is kept as raw OLX: it has no "
                 "rubric, steps or prompt", block, name)
        return None
    if len(prompts) > 1:
        ctx.find("MF659", "warning", f"peer '{name}': its {len(prompts)} prompts are joined "
                 "into one", block, name, hint="check the peer file's prompt; if each prompt "
                 "needs a submission of its own, make one peer item per prompt")
    html_prompts = root.get("prompts_type", "text") == "html"
    prompt = Text.of(ctx.lang, "\n\n".join(
        ctx.markdown(p.text or "", where.folder, block, raw_html=False)[ctx.lang].strip()
        if html_prompts else (p.text or "").strip() for p in prompts).strip())
    title = root.findtext("title") or block.display_name or name
    data: dict[str, Any] = {"title": Text.of(ctx.lang, title.strip()), "prompt": prompt,
                            "submission": _submission(block)}
    start = ctx.date(root.get("submission_start"), block)
    due = ctx.date(root.get("submission_due"), block)
    if start and start != ctx.date(block.attrs.get("start")) and start != ctx.run_start:
        data["submission_start"] = start
    if due and due != ctx.run_end:
        data["submission_due"] = due
    data["rubric"] = [_criterion(ctx, c) for c in rubric.findall("criterion")]
    data["steps"] = [step for node in root.findall("assessments/assessment")
                     if (step := _step(ctx, block, node)) is not None]
    if not data["steps"] or not data["rubric"]:
        ctx.find("MF651", "info", f"openassessment '{name}' is kept as raw OLX: no step or "
                 "criterion moocforge knows", block, name)
        return None
    return data


def _submission(block: Block) -> dict[str, Any]:
    root = block.element
    text = root.get("text_response", "required") or "none"
    files = root.get("file_upload_response") or "none"
    submission: dict[str, Any] = {"text": text if text in ("required", "optional") else "none"}
    if files in ("required", "optional"):
        submission["files"] = files
        kinds = root.get("file_upload_type")
        listed = [t.strip().lower() for t in (root.get("white_listed_file_types") or "").split(",")
                  if t.strip()]
        if kinds == "image" and not listed:
            listed = ["jpg", "jpeg", "png", "gif"]
        elif kinds == "pdf-and-image" and not listed:
            listed = ["pdf", "jpg", "jpeg", "png", "gif"]
        if listed:
            submission["file_types"] = listed
        submission["multiple_files"] = root.get("allow_multiple_files", "").lower() == "true"
    editor = EDITORS.get(root.get("text_response_editor", "text"), "text")
    if editor != "text":
        submission["editor"] = editor
    if root.get("show_rubric_during_response", "").lower() == "false":
        submission["show_rubric"] = False
    return submission


def _criterion(ctx: Context, node: Any) -> dict[str, Any]:
    name = (node.findtext("name") or "").strip()
    criterion: dict[str, Any] = {"name": name}
    label = (node.findtext("label") or "").strip()
    if label and label != name:
        criterion["label"] = Text.of(ctx.lang, label)
    criterion["prompt"] = Text.of(ctx.lang, (node.findtext("prompt") or "").strip())
    if node.get("feedback") in ("optional", "required"):
        criterion["feedback"] = node.get("feedback")
    options = []
    for option in node.findall("option"):
        option_name = (option.findtext("name") or "").strip()
        entry: dict[str, Any] = {"name": option_name}
        option_label = (option.findtext("label") or "").strip()
        if option_label and option_label != option_name:
            entry["label"] = Text.of(ctx.lang, option_label)
        try:
            entry["points"] = int(option.get("points", "0"))
        except ValueError:
            entry["points"] = 0
        entry["explanation"] = Text.of(ctx.lang, (option.findtext("explanation") or "").strip())
        options.append(entry)
    criterion["options"] = options
    return criterion


def _step(ctx: Context, block: Block, node: Any) -> dict[str, Any] | None:
    kind = STEPS.get(node.get("name", ""))
    if kind is None:
        ctx.find("MF659", "warning", f"peer '{block.url_name}': step '{node.get('name')}' has "
                 "no moocforge equivalent and is left out", block, block.url_name,
                 hint="give the peer file the `steps:` that fit (training, peer, self, "
                      "staff): docs/format.md")
        return None
    step: dict[str, Any] = {"kind": kind}
    if kind == "peer":
        must = int(node.get("must_grade", "1") or 1)
        by = int(node.get("must_be_graded_by", str(must)) or must)
        step["must_grade"], step["graded_by"] = must, by
    if kind == "staff":
        step["required"] = node.get("required", "False").lower() == "true"
    for attr in ("start", "due"):
        value = ctx.date(node.get(attr))
        if value:
            step[attr] = value
    if kind == "training":
        step["examples"] = [{
            "answer": Text.of(ctx.lang, " ".join(
                (p.text or "") for p in example.findall("answer/part")) or
                (example.findtext("answer") or "")),
            "select": {s.get("criterion", ""): s.get("option", "")
                       for s in example.findall("select")}}
            for example in node.findall("example")]
    return step
