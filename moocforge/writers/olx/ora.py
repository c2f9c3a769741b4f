"""Peer assessments → inline `<openassessment>` (ORA2) blocks.

Studio aborts the whole import on a structurally broken ORA (no title/rubric/assessments, an
option without points/name/explanation) and ignores ORA's semantic checks, so the rules of
ORA's own validator are enforced here and reported as errors (MF520–MF524).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from lxml import etree

from moocforge.model import Loc, Peer, PeerStep
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import element, html_children, sub

STEP_NAMES = {"training": "student-training", "peer": "peer-assessment",
              "self": "self-assessment", "staff": "staff-assessment"}

# ORA refuses these uploads whatever white_listed_file_types says (submission_mixin.py).
FILE_EXT_BLACK_LIST = frozenset({
    "exe", "msi", "app", "dmg", "com", "pif", "application", "gadget", "msp", "scr", "hta",
    "cpl", "msc", "jar", "bat", "cmd", "vb", "vbs", "jse", "ws", "wsf", "wsc", "wsh", "scf",
    "lnk", "inf", "reg", "ps1", "ps1xml", "ps2", "ps2xml", "psc1", "psc2", "msh", "msh1",
    "msh2", "mshxml", "msh1xml", "msh2xml", "action", "apk", "bin", "command", "csh", "ins",
    "inx", "ipa", "isu", "job", "mst", "osx", "out", "paf", "prg", "rgs", "run", "sct", "shb",
    "shs", "u3p", "vbscript", "vbe", "workflow", "htm", "html",
})


def openassessment(b: Build, peer: Peer) -> etree._Element:
    check_steps(b, peer)
    submission = peer.submission
    text_response = {"required": "required", "optional": "optional", "none": ""}[submission.text]
    files = [ext for ext in submission.file_types if ext not in FILE_EXT_BLACK_LIST]
    refused = sorted(set(submission.file_types) - set(files))
    if refused:
        b.loss("MF521", f"peer '{peer.id}': Open edX refuses uploads of {', '.join(refused)} "
               "files whatever the allowed list says", submission.loc,
               "ask for an archive (zip) or a PDF instead", peer)
    wants_files = submission.files != "none"
    if submission.text == "none" and not wants_files:
        b.loss("MF520", f"peer '{peer.id}': learners can submit neither text nor files",
               submission.loc, "set submission.text or submission.files", peer, "error")
    root = element("openassessment", {
        "url_name": peer.url_name,
        "submission_start": b.date(peer.submission_start or peer.release) or b.start,
        "submission_due": b.date(peer.submission_due or peer.due) or b.end,
        "text_response": text_response,
        "text_response_editor": EDITORS[submission.editor],
        "file_upload_response": submission.files if wants_files else None,
        "file_upload_type": "custom" if wants_files and files else None,
        "white_listed_file_types": ",".join(files) if wants_files and files else None,
        "allow_multiple_files": ("True" if submission.multiple_files else "False")
        if wants_files else None,
        "allow_latex": "False",
        "prompts_type": "html",
        # Learners see the rubric while they write (the demo course does so); peer.yml can
        # turn it off with submission.show_rubric: false.
        "show_rubric_during_response": "True" if submission.show_rubric else "False",
    })
    if wants_files and not files:
        b.loss("MF521", f"peer '{peer.id}': file uploads without allowed types: Open edX "
               "needs a list of file types", submission.loc,
               "list the extensions under submission.file_types", peer, "error")
    sub(root, "title", b.t(peer.title))
    _assessments(b, peer, sub(root, "assessments"))
    prompt = sub(sub(root, "prompts"), "prompt")
    sub(prompt, "description", _safe_html(b.text_md(b.t(peer.prompt), peer.file)))
    _rubric(b, peer, sub(root, "rubric"))
    return root


def _safe_html(fragment: str) -> str:
    """ORA shows `prompts_type="html"` prompts as HTML: keep only ordinary markup."""
    text, children = html_children(fragment)
    # html.escape without quotes: `&`, `<`, `>`, as xml.sax.saxutils.escape (which imports
    # urllib.request and ssl: 0.2 s)
    return html.escape(text, quote=False) + "".join(
        etree.tostring(c, encoding="unicode") for c in children)


# submission.editor in peer.yml → ORA's text_response_editor ("tinymce" is ORA's rich editor).
EDITORS = {"text": "text", "rich": "tinymce"}


def _assessments(b: Build, peer: Peer, parent: etree._Element) -> None:
    for step in peer.steps:
        attrs: dict[str, str | None] = {"name": STEP_NAMES[step.kind]}
        if step.kind == "peer":
            attrs["must_grade"] = str(step.must_grade or 1)
            attrs["must_be_graded_by"] = str(step.graded_by or step.must_grade or 1)
        attrs["start"] = b.date(step.start)
        attrs["due"] = b.date(step.due)
        if step.kind == "staff":
            attrs["required"] = "True" if step.required else "False"
        node = element("assessment", attrs)
        parent.append(node)
        if step.kind == "training":
            _examples(b, peer, step, node)


def _examples(b: Build, peer: Peer, step: PeerStep, node: etree._Element) -> None:
    for example in step.examples:
        ex = sub(node, "example")
        sub(sub(ex, "answer"), "part", b.t(example.answer))
        for criterion in peer.rubric:
            option = example.selections.get(criterion.name)
            if option is not None:
                sub(ex, "select", attrs={"criterion": criterion.name, "option": option})


def _rubric(b: Build, peer: Peer, rubric: etree._Element) -> None:
    for criterion in peer.rubric:
        attrs: dict[str, str] = {"feedback": criterion.feedback} \
            if criterion.feedback != "disabled" else {}
        node = sub(rubric, "criterion", attrs=attrs)
        sub(node, "name", criterion.name)
        sub(node, "label", b.t(criterion.label) or criterion.name)
        sub(node, "prompt", b.t(criterion.prompt))
        for option in criterion.options:
            opt = sub(node, "option", attrs={"points": str(int(option.points))})
            sub(opt, "name", option.name)
            sub(opt, "label", b.t(option.label) or option.name)
            sub(opt, "explanation", b.t(option.explanation))
    sub(rubric, "feedbackprompt", _FEEDBACK_PROMPT.get(b.lang, _FEEDBACK_PROMPT["en"]))
    sub(rubric, "feedback_default_text", "")


_FEEDBACK_PROMPT = {
    "en": "(Optional) What aspects of this response stood out to you? "
          "What did it do well? How could it be improved?",
    "fr": "(Facultatif) Qu'avez-vous remarqué dans cette réponse ? "
          "Quels en sont les points forts ? Comment pourrait-elle être améliorée ?",
}


def check_steps(b: Build, peer: Peer) -> None:
    """ORA's own semantic rules (openassessment/xblock/utils/validation.py)."""
    kinds = [step.kind for step in peer.steps]

    def error(code: str, message: str, hint: str, loc: Loc = peer.loc) -> None:
        b.loss(code, f"peer '{peer.id}': {message}", loc, hint, peer, "error")

    if not any(k in ("peer", "self", "staff") for k in kinds):
        error("MF520", "needs a peer, self or staff step", "add a `kind: peer` step")
    if len(set(kinds)) != len(kinds):
        error("MF520", "a step kind appears twice", "keep one step of each kind")
    if "staff" in kinds and kinds[-1] != "staff":
        error("MF520", "the staff step must come last", "move `kind: staff` to the end")
    if "training" in kinds and "peer" not in kinds[kinds.index("training"):]:
        error("MF520", "a training step must be followed by a peer step",
              "add a `kind: peer` step after the training")
    if kinds == ["staff"] and not peer.steps[0].required:
        error("MF520", "a staff step alone must be required", "set `required: true`")
    for step in peer.steps:
        if step.kind == "peer":
            must, by = step.must_grade or 1, step.graded_by or step.must_grade or 1
            if must < by:
                error("MF522", f"must_grade ({must}) is less than graded_by ({by})",
                      "learners must grade at least as many as grade them", step.loc)
        if step.kind == "training":
            _check_examples(b, peer, step, error)
    for criterion in peer.rubric:
        names = [o.name for o in criterion.options]
        if len(set(names)) != len(names):
            error("MF523", f"criterion '{criterion.name}' has two options with one name",
                  "give every option its own name", criterion.loc)
        if not criterion.options and criterion.feedback != "required":
            error("MF523", f"criterion '{criterion.name}' has no options, so its written "
                  "feedback must be required", "set `feedback: required`", criterion.loc)
    names = [c.name for c in peer.rubric]
    if len(set(names)) != len(names):
        error("MF523", "two rubric criteria share one name", "rename one of them")


def _check_examples(b: Build, peer: Peer, step: PeerStep,
                    error: Callable[..., None]) -> None:
    if not step.examples:
        error("MF524", "a training step needs at least one example", "add `examples:`",
              step.loc)
    answers = [b.t(ex.answer) for ex in step.examples]
    if len(set(answers)) != len(answers):
        error("MF524", "two training examples have the same answer",
              "make every example different", step.loc)
    options = {c.name: {o.name for o in c.options} for c in peer.rubric}
    for example in step.examples:
        for criterion, chosen in example.selections.items():
            if criterion not in options:
                error("MF524", f"training example selects unknown criterion '{criterion}'",
                      "use a criterion name of the rubric", example.loc)
            elif chosen not in options[criterion]:
                error("MF524", f"training example selects unknown option '{chosen}' of "
                      f"'{criterion}'", "use an option name of that criterion", example.loc)
        missing = [c for c, opts in options.items() if opts and c not in example.selections]
        if missing:
            error("MF524", f"training example selects no option for {', '.join(missing)}",
                  "select an option for every criterion", example.loc)
