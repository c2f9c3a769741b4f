"""Peer reviews: instructions, submission parts and the review rubric, as JSON and HTML.

Coursera's vocabulary (its research exports): submission parts `plainText`, `richText`,
`fileUpload`, `url`; review ("rubric") parts `options`, `yesNo`, `singleLineInput`,
`multiLineInput`. A criterion whose two options are named yes/no becomes `yesNo`; any other
criterion becomes `options` (each option with its points); a criterion that asks reviewers
for written feedback gets a following `multiLineInput` part.
"""

from __future__ import annotations

from typing import Any

from moocforge.model import Peer, RubricCriterion
from moocforge.writers.coursera.html import E, div, page, serialize, table
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import Placed
from moocforge.writers.coursera.strings import say

FORMAT = "moocforge-coursera-peer/1"


def is_yes_no(criterion: RubricCriterion) -> bool:
    return sorted(o.name.lower() for o in criterion.options) == ["no", "yes"]


class PeerExport:
    def __init__(self, kit: Kit, placed: Placed, peer: Peer) -> None:
        self.kit, self.placed, self.peer, self.lang = kit, placed, peer, kit.lang

    def markdown(self, markdown: str) -> dict[str, Any]:
        html = self.kit.render(self.placed, markdown, self.peer.file, self.peer.loc)
        return {"markdown": markdown, "html": html}

    def data(self) -> dict[str, Any]:
        peer, lang = self.peer, self.lang
        peer_steps = [s for s in peer.steps if s.kind == "peer"]
        return {
            "format": FORMAT,
            "id": peer.id,
            "language": lang,
            "title": peer.title.get_lang(lang),
            "graded": peer.graded,
            "assignment_type": peer.assignment_type,
            "objectives": list(peer.objectives),
            "instructions": self.markdown(peer.prompt.get_lang(lang)),
            "submission_parts": self.submission_parts(),
            "reviews_per_learner": peer_steps[0].must_grade if peer_steps else None,
            "reviews_per_submission": peer_steps[0].graded_by if peer_steps else None,
            "rubric": [part for c in peer.rubric for part in self.rubric_parts(c)],
            "max_points": sum(max((o.points for o in c.options), default=0)
                              for c in peer.rubric),
            "source_steps": [{"kind": s.kind, "must_grade": s.must_grade,
                              "graded_by": s.graded_by, "required": s.required,
                              "kept": s.kind == "peer"} for s in peer.steps],
        }

    def submission_parts(self) -> list[dict[str, Any]]:
        submission = self.peer.submission
        parts = []
        if submission.text != "none":
            parts.append({"type": "plainText", "title": say(self.lang, "your_answer"),
                          "required": submission.text == "required"})
        if submission.files != "none":
            parts.append({"type": "fileUpload", "title": say(self.lang, "your_file"),
                          "required": submission.files == "required",
                          "allowed_types": list(submission.file_types),
                          "multiple_files": submission.multiple_files})
        return parts

    def rubric_parts(self, criterion: RubricCriterion) -> list[dict[str, Any]]:
        lang = self.lang
        part = {
            "criterion": criterion.name,
            "type": "yesNo" if is_yes_no(criterion) else "options",
            "label": criterion.label.get_lang(lang),
            "prompt": self.markdown(criterion.prompt.get_lang(lang)),
            "options": [{"name": o.name, "label": o.label.get_lang(lang), "points": o.points,
                         "explanation": o.explanation.get_lang(lang)}
                        for o in criterion.options],
        }
        parts: list[dict[str, Any]] = [part]
        if criterion.feedback != "disabled":
            parts.append({"criterion": criterion.name, "type": "multiLineInput",
                          "label": say(lang, "comments", label=part["label"]),
                          "required": criterion.feedback == "required"})
        return parts


def peer_page(data: dict[str, Any]) -> bytes:
    document, body = page(data["title"], data["language"])
    body.append(E.H1(data["title"]))
    body.append(E.H2("Instructions"))
    body.append(div(data["instructions"]["html"]))
    body.append(E.H2("Submission parts"))
    body.append(table(["Type", "Title", "Required", "Allowed file types"], [
        (p["type"], p["title"], "yes" if p["required"] else "no",
         ", ".join(p.get("allowed_types", [])) or "—") for p in data["submission_parts"]]))
    body.append(E.P(f"Each learner reviews {data['reviews_per_learner'] or '—'} submission(s);"
                    f" each submission gets {data['reviews_per_submission'] or '—'} review(s)."))
    body.append(E.H2(f"Review rubric (maximum {data['max_points']} points)"))
    for part in data["rubric"]:
        body.append(E.H3(f"{part['label']} ({part['type']})"))
        if "prompt" in part:
            body.append(div(part["prompt"]["html"]))
        if "options" in part:
            body.append(table(["Option", "Points", "Explanation"], [
                (o["label"], o["points"], o["explanation"]) for o in part["options"]]))
        else:
            body.append(E.P("Free text " + ("(required)" if part["required"] else
                                            "(optional)"), E.CLASS("meta")))
    return serialize(document)
