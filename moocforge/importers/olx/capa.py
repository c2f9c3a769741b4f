"""CAPA `<problem>` → a quiz file (or an exercise skeleton), when moocforge can say it.

Understood: `multiplechoiceresponse`, `choiceresponse`, `optionresponse` (both forms),
`numericalresponse` (tolerance), `stringresponse` (ci, regexp, additional answers), with
labels, descriptions, choice hints, compound hints, correct hints, demand hints and
solutions, attempts, weights and showanswer. What changes grading (scripts, formulas,
partial credit, per-answer hints on text answers, several answers to a number) makes the
problem raw: `read_problem` returns None and the block is kept as OLX. Feedback details the
model has no place for are reported (MF652), never dropped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from moocforge.importers.olx.context import Context
from moocforge.importers.olx.export import Block
from moocforge.importers.olx.plan import Text

RESPONSES = {"multiplechoiceresponse": "single", "choiceresponse": "multiple",
             "optionresponse": "dropdown", "numericalresponse": "numeric",
             "stringresponse": "text"}
# Elements of a response the readers below understand; anything else makes the problem raw.
KNOWN = {"label", "description", "choicegroup", "checkboxgroup", "optioninput", "solution",
         "responseparam", "formulaequationinput", "textline", "correcthint",
         "additional_answer", "regexphint", "compoundhint"}
# Markup Studio's editor writes inside a response, around its label.
HTML_TAGS = {"p", "div", "img", "table", "ul", "ol", "pre", "h3", "h4", "h5", "h6", "span",
             "strong", "em", "b", "i", "br", "blockquote", "a", "code"}
_QUESTION_PREFIX = re.compile(r"^Q(\d+)\.\s+")
_OLD_OPTIONS = re.compile(r"'((?:[^'\\]|\\.)*)'")


class NotExpressible(Exception):
    """A problem moocforge cannot say as a quiz: it stays raw."""


@dataclass
class Problem:
    data: dict[str, Any]  # the quiz file
    weight: float | None  # the problem's weight attribute
    notes: list[str] = field(default_factory=list)


def read_problem(ctx: Context, block: Block, here: str) -> Problem | None:
    try:
        return _read(ctx, block, here)
    except NotExpressible as why:
        ctx.find("MF651", "info", f"problem '{block.url_name}' is kept as raw OLX: {why}",
                 block, block.url_name)
        return None


def _read(ctx: Context, block: Block, here: str) -> Problem:
    root = block.element
    responses = [node for node in root.iter() if isinstance(node.tag, str)
                 and node.tag.endswith("response")]
    if not responses:
        raise NotExpressible("it has no response")
    unknown = sorted({str(r.tag) for r in responses if r.tag not in RESPONSES})
    if unknown:
        raise NotExpressible(f"{', '.join(unknown)} cannot be expressed")
    if root.find(".//script") is not None:
        raise NotExpressible("it runs a script")
    outside = [n for n in root if isinstance(n.tag, str) and n.tag not in RESPONSES
               and n.tag not in ("demandhint", "solution")
               and not (n.tag == "div" and n.get("class") == "mf-intro")]
    intro_nodes = [n for n in root if n.tag == "div" and n.get("class") == "mf-intro"]
    for node in responses:
        if node.getparent() is not root:
            raise NotExpressible("a response sits inside other markup (a table, a div)")
    data: dict[str, Any] = {"title": ctx.text(block.display_name) or Text.of(ctx.lang,
                                                                             block.url_name)}
    text_before = "".join(etree.tostring(n, encoding="unicode", with_tail=False)
                          for n in outside)
    intro: Text | None = ctx.block_text(intro_nodes[0], here, block) if intro_nodes else None
    if text_before.strip():
        extra = ctx.markdown(text_before, here, block, raw_html=False)
        intro = _join(intro, extra) if intro else Text(extra)
    if intro:
        data["intro"] = intro
    if block.attrs.get("max_attempts", "").strip().isdigit():
        data["max_attempts"] = int(block.attrs["max_attempts"])
    if block.attrs.get("showanswer"):
        if block.attrs["showanswer"] not in SHOWANSWER:
            raise NotExpressible(f"showanswer '{block.attrs['showanswer'][:40]}' has no "
                                 "moocforge equivalent")
        data["showanswer"] = block.attrs["showanswer"]
    questions = [_question(ctx, block, here, node, n) for n, node in
                 enumerate(responses, start=1)]
    _demand_hints(ctx, block, here, questions)
    problem_solution = root.find("solution")
    if problem_solution is not None and questions:
        explanation = _solution_text(ctx, problem_solution, here, block)
        if explanation:
            last = questions[-1]
            last["explanation"] = _join(last.get("explanation"), explanation) \
                if last.get("explanation") else explanation
    data["questions"] = questions
    weight = _float(block.attrs.get("weight"))
    return Problem(data, weight)


def _join(first: Text | None, second: Text) -> Text:
    joined = Text(first or {})
    for lang, value in second.items():
        joined[lang] = f"{joined[lang]}\n\n{value}" if joined.get(lang) else value
    return joined


def _float(value: str | None) -> float | None:
    """A number of the markup; None for text, "inf" and "nan" (no quiz can hold them)."""
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


# the values of `showanswer` a quiz can hold (schemas/quiz.schema.json)
SHOWANSWER = frozenset({"always", "answered", "attempted", "closed", "finished", "past_due",
                        "correct_or_past_due", "never"})


def _enough(choices: list[dict[str, Any]], question: dict[str, Any]) -> list[dict[str, Any]]:
    """A quiz question has at least two choices."""
    if len(choices) < 2:
        raise NotExpressible(f"question {question['id']} has {len(choices) or 'no'} "
                             f"choice{'s' if len(choices) != 1 else ''} (a quiz question "
                             "needs two)")
    return choices


# --------------------------------------------------------------------------- questions


def _question(ctx: Context, block: Block, here: str, node: etree._Element, number: int
              ) -> dict[str, Any]:
    kind = RESPONSES[str(node.tag)]
    children = [c for c in node if isinstance(c.tag, str)]
    strange = sorted({str(c.tag) for c in children if c.tag not in KNOWN
                      and c.tag not in HTML_TAGS})
    if strange:
        raise NotExpressible(f"<{node.tag}> holds {', '.join(strange)}")
    question: dict[str, Any] = {"id": f"q{number}", "kind": kind}
    # text around the label (Studio's editor puts paragraphs and images there): the prompt
    before = "".join(etree.tostring(c, encoding="unicode", with_tail=False)
                     for c in children if c.tag in HTML_TAGS)
    prompt = ctx.markdown(before, here, block, raw_html=False) if before.strip() else None
    for part in (node.find("label"), node.find("description")):
        text = ctx.inline(part, here, block)
        if text:
            prompt = _join(prompt, text) if prompt else text
    prompt = prompt or Text.of(ctx.lang, "")
    if not any(prompt.values()):
        raise NotExpressible(f"question {number} has no label (prompt)")
    question["prompt"] = prompt
    READERS[kind](ctx, block, here, node, question)
    solution = node.find("solution")
    if solution is not None:
        explanation = _solution_text(ctx, solution, here, block)
        if explanation:
            question["explanation"] = explanation
    return question


def _solution_text(ctx: Context, solution: etree._Element, here: str, block: Block
                   ) -> Text | None:
    detail = solution.find("div")
    node = detail if detail is not None and detail.get("class") == "detailed-solution" and \
        len(solution) == 1 else solution
    return ctx.block_text(node, here, block)


def _choices(ctx: Context, block: Block, here: str, group: etree._Element | None,
             question: dict[str, Any], hint_tag: str) -> list[dict[str, Any]]:
    if group is None:
        raise NotExpressible(f"question {question['id']} has no choices")
    choices = []
    for choice in group.findall("choice"):
        correct = choice.get("correct", "false").lower()
        if correct not in ("true", "false"):
            raise NotExpressible(f"a choice is '{correct}' (partial credit)")
        hints = choice.findall(hint_tag)
        entry: dict[str, Any] = {"text": _choice_text(ctx, choice, here, block)}
        if correct == "true":
            entry["correct"] = True
        for hint in hints:
            if hint.get("selected", "true").lower() == "true":
                entry["feedback"] = ctx.inline(hint, here, block)
            else:
                ctx.find("MF652", "warning", f"problem '{block.url_name}': the feedback shown "
                         "when a choice is *not* selected has no place in a quiz and is "
                         f"left out: \"{''.join(hint.itertext()).strip()[:60]}\"", block,
                         block.url_name)
        choices.append({k: v for k, v in entry.items() if v is not None})
    return _enough(choices, question)


def _choice_text(ctx: Context, choice: etree._Element, here: str, block: Block) -> Text:
    copy = etree.fromstring(etree.tostring(choice, with_tail=False))
    for hint in copy.findall("choicehint"):
        tail = hint.tail
        copy.remove(hint)
        if tail and tail.strip():
            copy.text = (copy.text or "") + tail
    return ctx.inline(copy, here, block) or Text.of(ctx.lang, "")


def _single(ctx: Context, block: Block, here: str, node: etree._Element,
            question: dict[str, Any]) -> None:
    group = node.find("choicegroup")
    if group is not None and group.get("type", "MultipleChoice") != "MultipleChoice":
        raise NotExpressible(f"choicegroup type {group.get('type')}")
    question["choices"] = _choices(ctx, block, here, group, question, "choicehint")


def _multiple(ctx: Context, block: Block, here: str, node: etree._Element,
              question: dict[str, Any]) -> None:
    group = node.find("checkboxgroup")
    question["choices"] = _choices(ctx, block, here, group, question, "choicehint")
    assert group is not None
    compounds = group.findall("compoundhint")
    letters = " ".join(chr(ord("A") + i) for i, c in enumerate(question["choices"])
                       if c.get("correct"))
    for compound in compounds:
        if " ".join(compound.get("value", "").split()) == letters:
            question["correct_feedback"] = ctx.inline(compound, here, block)
        else:
            ctx.find("MF652", "warning", f"problem '{block.url_name}': feedback for the "
                     f"combination {compound.get('value')} has no place in a quiz and is left "
                     "out", block, block.url_name)


def _dropdown(ctx: Context, block: Block, here: str, node: etree._Element,
              question: dict[str, Any]) -> None:
    box = node.find("optioninput")
    if box is None:
        raise NotExpressible(f"question {question['id']} has no optioninput")
    options = box.findall("option")
    if not options and box.get("options"):
        correct = box.get("correct", "")
        names = [m.replace("\\'", "'") for m in _OLD_OPTIONS.findall(box.get("options", ""))]
        question["choices"] = _enough([{"text": Text.of(ctx.lang, name), **(
            {"correct": True} if name == correct else {})} for name in names], question)
        return
    choices = []
    for option in options:
        text = (option.text or "").strip()
        entry: dict[str, Any] = {"text": Text.of(ctx.lang, _dropdown_markdown(text))}
        if option.get("correct", "False").lower() == "true":
            entry["correct"] = True
        hint = option.find("optionhint")
        if hint is not None:
            entry["feedback"] = ctx.inline(hint, here, block)
        choices.append({k: v for k, v in entry.items() if v is not None})
    question["choices"] = _enough(choices, question)


def _dropdown_markdown(text: str) -> str:
    """A dropdown option is plain text on Open edX: written so that Markdown shows it as
    is (moocforge renders options, then keeps their words)."""
    return re.sub(r"([\\`*_{}\[\]])", r"\\\1", text)


def _numeric(ctx: Context, block: Block, here: str, node: etree._Element,
             question: dict[str, Any]) -> None:
    if node.findall("additional_answer"):
        raise NotExpressible("a numerical response with several answers")
    answer = _float(node.get("answer"))
    if answer is None:
        raise NotExpressible(f"numerical answer '{node.get('answer')}' is not a number")
    question["answer"] = int(answer) if answer.is_integer() else answer
    for param in node.findall("responseparam"):
        if param.get("type") != "tolerance":
            raise NotExpressible(f"responseparam {param.get('type')}")
        default = param.get("default", "").strip()
        value = _float(default.rstrip("%"))
        if value is None:
            raise NotExpressible(f"tolerance '{default}'")
        number = int(value) if value.is_integer() else value
        question["tolerance"] = f"{number}%" if default.endswith("%") else number
    hint = ctx.inline(node.find("correcthint"), here, block)
    if hint:
        question["correct_feedback"] = hint


def _text(ctx: Context, block: Block, here: str, node: etree._Element,
          question: dict[str, Any]) -> None:
    flags = set(node.get("type", "cs").split())
    answer = node.get("answer")
    if answer is None:
        raise NotExpressible("a text response without answer")
    extra = [a.get("answer", "") for a in node.findall("additional_answer")]
    for hint in node.findall("stringequalhint") + [
            h for h in node.findall("regexphint") if h.get("answer") != ".*"]:
        raise NotExpressible(f"feedback for the answer '{hint.get('answer')}'")
    if "regexp" in flags:
        alternatives = split_alternatives(answer) + extra
        literals = [_literal(a) for a in alternatives]
        # moocforge writes literal answers as a pattern only when one holds `_or_` or `$`
        forced = any(lit is not None and ("$" in lit or re.search("_or_", lit, re.I))
                     for lit in literals)
        if all(lit is not None for lit in literals) and forced:
            question["answers"] = literals
            question["match"] = "ci" if "ci" in flags else "exact"
        else:
            question["answers"] = [f"(?i:{undefuse(a)})" if "ci" in flags else undefuse(a)
                                   for a in alternatives]
            question["match"] = "regex"
            ctx.find("MF653", "info", f"problem '{block.url_name}': a regular-expression answer "
                     "needs sample answers (`samples:`) for moocforge to check it; the export "
                     "has none", block, block.url_name)
    else:
        question["answers"] = [answer, *extra]
        question["match"] = "ci" if "ci" in flags else "exact"
    correct = ctx.inline(node.find("correcthint"), here, block)
    if correct:
        question["correct_feedback"] = correct
    wrong = [h for h in node.findall("regexphint") if h.get("answer") == ".*"]
    if wrong:
        question["wrong_feedback"] = ctx.inline(wrong[0], here, block)


def split_alternatives(pattern: str) -> list[str]:
    """`(?:(?:a)|(?:b))` (how moocforge writes several answers) → [a, b]; else [pattern]."""
    if not (pattern.startswith("(?:") and pattern.endswith(")")):
        return [pattern]
    inner = pattern[3:-1]
    parts, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(inner):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(inner[start:index])
            start = index + 1
    parts.append(inner[start:])
    if depth or not all(p.startswith("(?:") and p.endswith(")") for p in parts):
        return [pattern]
    return [p[3:-1] for p in parts]


def undefuse(pattern: str) -> str:
    """moocforge spells the `o` of `_or_` as `\\x6f` (CAPA splits answers on `_or_`)."""
    return re.sub(r"_\\x6f(r)_", r"_o\1_", pattern, flags=re.IGNORECASE)


def _literal(body: str) -> str | None:
    """The text an alternative `re.escape(text)` matches exactly, or None."""
    text = re.sub(r"\\(.)", r"\1", undefuse(body).replace("\\x24", "$"))
    again = re.escape(text).replace("\\$", "\\x24")
    return text if _defuse_or(again) == body else None


def _defuse_or(pattern: str) -> str:
    """How moocforge's OLX writer spells `_or_` in a pattern (see `undefuse`)."""
    return re.sub("_(o)(r)_", lambda m: f"_\\x{ord(m.group(1)):02x}{m.group(2)}_", pattern,
                  flags=re.IGNORECASE)


READERS = {"single": _single, "multiple": _multiple, "dropdown": _dropdown,
           "numeric": _numeric, "text": _text}


# --------------------------------------------------------------------------- hints


def _demand_hints(ctx: Context, block: Block, here: str, questions: list[dict[str, Any]]
                  ) -> None:
    demand = block.element.find("demandhint")
    if demand is None:
        return
    for hint in demand.findall("hint"):
        text = ctx.inline(hint, here, block)
        if not text:
            continue
        target = 0
        value = text[ctx.lang]
        match = _QUESTION_PREFIX.match(value)
        if match and len(questions) > 1 and 1 <= int(match.group(1)) <= len(questions):
            target = int(match.group(1)) - 1
            text = Text({lang: _QUESTION_PREFIX.sub("", v, count=1) for lang, v in text.items()})
        questions[target].setdefault("hints", []).append(text)
