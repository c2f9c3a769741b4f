"""`- {peer: p.yml}`: a peer assessment (prompt, submission, rubric, steps, dates)."""

from __future__ import annotations

from moocforge.load.cursor import Cursor
from moocforge.load.items.common import Entry, common, item_id, item_title, key_locs
from moocforge.model import (
    Peer,
    PeerStep,
    RubricCriterion,
    RubricOption,
    Submission,
    TrainingExample,
)


def read(entry: Entry) -> Peer:
    own = entry.own_file("peer", "peer")
    iid = item_id(entry, entry.ref("peer"), own)
    title = item_title(entry, own.text("title"), iid)
    fields = common(entry, iid, title, own)
    return Peer(**fields, file=own.file, key_locs=key_locs(own, entry), prompt=own.text("prompt"),
                submission=_submission(own.at("submission")),
                rubric=tuple(_criterion(c) for _, c in own.items("rubric")),
                steps=tuple(_step(s) for _, s in own.items("steps")),
                submission_start=own.date("submission_start"),
                submission_due=own.date("submission_due"))


def _submission(sub: Cursor) -> Submission:
    types = sub.get("file_types")
    file_types = tuple(str(t) for t in types) if isinstance(types, list) else ()
    return Submission(
        text=sub.string("text", "required"),  # type: ignore[arg-type]
        files=sub.string("files", "optional" if file_types else "none"),  # type: ignore[arg-type]
        file_types=file_types, multiple_files=bool(sub.get("multiple_files", False)),
        loc=sub.loc(), editor=sub.string("editor", "text"),  # type: ignore[arg-type]
        show_rubric=bool(sub.get("show_rubric", True)))


def _criterion(crit: Cursor) -> RubricCriterion:
    name = crit.string("name")
    options = tuple(
        RubricOption(name=o.string("name"), label=o.text("label", o.string("name")),
                     points=o.integer("points", 0), explanation=o.text("explanation"),
                     loc=o.loc())
        for _, o in crit.items("options"))
    label = crit.text("label", name)
    prompt = crit.text("prompt") if crit.has("prompt") else label
    return RubricCriterion(name=name, label=label, prompt=prompt,
                           feedback=crit.string("feedback", "optional"),  # type: ignore[arg-type]
                           options=options, loc=crit.loc())


def _step(step: Cursor) -> PeerStep:
    examples = tuple(
        TrainingExample(answer=ex.text("answer"),
                        selections={str(k): str(v) for k, v in _mapping(ex.get("select"))},
                        loc=ex.loc())
        for _, ex in step.items("examples"))
    must_grade = step.integer("must_grade", 0) if step.has("must_grade") else None
    graded_by = step.integer("graded_by", 0) if step.has("graded_by") else None
    return PeerStep(kind=step.string("kind"),  # type: ignore[arg-type]
                    must_grade=must_grade, graded_by=graded_by,
                    required=bool(step.get("required", True)),
                    start=step.date("start"), due=step.date("due"), examples=examples,
                    loc=step.loc())


def _mapping(value: object) -> list[tuple[object, object]]:
    return list(value.items()) if isinstance(value, dict) else []
