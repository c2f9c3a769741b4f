"""Phrase a grading `Report` for a learner: an XHTML `<div>` (the Open edX `msg`) and its text.

Order inside a failing test: the author's feedback first (it knows the exercise), then our
verdict, the first difference, the explanation of a crash, and the raw detail folded in a
`<details>` block. Hidden tests never show their input, expected or actual output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

from moocforge.exercises import grader as g
from moocforge.exercises.compare import short_diff
from moocforge.exercises.explain import scrub
from moocforge.exercises.messages import compile_error_text, finding_text, t
from moocforge.model import Exercise, I18nText
from moocforge.render.markdown import render

MAX_DETAILED = 3  # failing tests shown with input, diff and raw detail
MAX_PRE = 4000  # characters in one <pre>
_KNOWN_SIGNALS = ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGABRT", "SIGILL", "SIGKILL")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str, limit: int = MAX_PRE) -> str:
    text = _XML_INVALID.sub("\ufffd", text)
    return text if len(text) <= limit else text[:limit] + "\n…"


@dataclass(frozen=True, slots=True)
class GradeReply:
    """The Open edX external-grader reply."""

    correct: bool
    score: float
    msg: str

    def to_dict(self) -> dict:
        return {"correct": self.correct, "score": self.score, "msg": self.msg}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


# --------------------------------------------------------------------------- building blocks


def _add(parent: etree._Element, tag: str, text: str = "", cls: str = "") -> etree._Element:
    element = etree.SubElement(parent, tag)
    if cls:
        element.set("class", cls)
    if text:
        element.text = xml_safe(text)
    return element


def _markdown(parent: etree._Element, markdown_text: str, cls: str) -> None:
    holder = _add(parent, "div", cls=cls)
    try:
        fragment = etree.fromstring(f"<div>{render(markdown_text, xhtml=True)}</div>")
    except (etree.XMLSyntaxError, ValueError):
        holder.text = xml_safe(markdown_text)
        return
    holder.text = fragment.text
    for child in fragment:
        holder.append(child)


def markdown_plain(markdown_text: str) -> str:
    """The text a reader sees once `markdown_text` is rendered (for "contains" checks)."""
    root = etree.Element("div")
    _markdown(root, markdown_text, "x")
    return normalise(" ".join(root.itertext()))


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def feedback_text(element: etree._Element) -> str:
    return normalise(" ".join(element.itertext()))


def _details(parent: etree._Element, summary: str, body: str) -> None:
    if not body.strip():
        return
    details = _add(parent, "details", cls="mf-raw")
    _add(details, "summary", summary)
    _add(details, "pre", body)


def _code_line(parent: etree._Element, line: int, code: str, lang: str) -> None:
    if line and code:
        pre = _add(parent, "pre", cls="mf-code")
        pre.text = xml_safe(f"{t('label.code', lang, line=line)} {code}")


# --------------------------------------------------------------------------- the message


def feedback_element(report: g.Report, exercise: Exercise, lang: str) -> etree._Element:
    root = etree.Element("div")
    root.set("class", "moocforge-feedback")
    root.set("lang", lang)
    _add(root, "p", _summary(report, lang), "mf-summary")
    if report.error:
        _add(root, "p", t("summary.grader_error", lang), "mf-error")
    if not report.compiled:
        _compile_block(root, report, lang)
        return root
    tests = _add(root, "ul", cls="mf-tests")
    detailed = 0
    for outcome in report.tests:
        item = _add(tests, "li", cls="mf-pass" if outcome.passed else "mf-fail")
        title = _add(item, "p")
        _add(title, "strong", _test_title(outcome, lang))
        status = t("test.passed" if outcome.passed else "test.failed", lang)
        list(title)[-1].tail = f" : {status}" if lang == "fr" else f": {status}"
        if not outcome.passed:
            _failure(item, outcome, report, lang, detailed=detailed < MAX_DETAILED)
            detailed += 1
    return root


def _summary(report: g.Report, lang: str) -> str:
    if not report.compiled:
        return t("summary.syntax" if report.language == "python" else "summary.compile", lang)
    if report.correct:
        return t("summary.correct", lang, total=report.total)
    return t("summary.partial", lang, passed=report.passed, total=report.total)


def _test_title(outcome: g.TestOutcome, lang: str) -> str:
    if outcome.test.hidden:
        return t("test.hidden", lang, number=outcome.number)
    return t("test.visible", lang, name=outcome.test.name)


def _compile_block(root: etree._Element, report: g.Report, lang: str) -> None:
    block = _add(root, "div", cls="mf-compile")
    errors = report.build.errors
    first = errors[0] if errors else None
    if first is not None and first.line:
        _add(block, "p", t("compile.intro", lang, line=first.line))
    elif report.language == "c":
        _add(block, "p", t("compile.intro_noline", lang))
    if first is not None:
        _add(block, "p", compile_error_text(first, report.language, lang,
                                                 report.build.source), "mf-explain")
        _code_line(block, first.line, first.source_line, lang)
        _add(block, "p", t("label.compiler", lang))
        _add(block, "pre", first.text, "mf-compiler")
    _details(block, t("label.details", lang), scrub(report.build.raw))


def _failure(item: etree._Element, outcome: g.TestOutcome, report: g.Report, lang: str,
             detailed: bool) -> None:
    feedback: I18nText | None = outcome.test.feedback
    if feedback:
        _markdown(item, feedback.get_lang(lang), "mf-author")
    for sentence in _verdict_sentences(outcome, report, lang):
        _add(item, "p", sentence, "mf-verdict")
    if outcome.finding is not None:
        finding = outcome.finding
        _add(item, "p", finding_text(finding.kind, finding.line, finding.fields, lang),
             "mf-finding")
        _code_line(item, finding.line, finding.code, lang)
    if outcome.checker_message and outcome.verdict == g.WRONG_OUTPUT:
        _add(item, "p", t("label.checker", lang))
        _add(item, "pre", outcome.checker_message, "mf-checker")
    if detailed and not outcome.test.hidden:
        _visible_detail(item, outcome, lang)
    if detailed:
        _details(item, t("label.details", lang), _raw(outcome))


def _verdict_sentences(outcome: g.TestOutcome, report: g.Report, lang: str) -> list[str]:
    verdict, limits = outcome.verdict, report.limits
    if verdict == g.WRONG_OUTPUT:
        return _wrong_output(outcome, lang)
    if verdict == g.WRONG_EXIT:
        return [t("verdict.wrong_exit_code", lang, actual=outcome.exit_code,
                  expected=outcome.test.exit_code)]
    if verdict == g.CRASH:
        if outcome.signal in _KNOWN_SIGNALS:
            return [t(f"verdict.crash.{outcome.signal}", lang)]
        return [t("verdict.crash.other", lang, signal=outcome.signal)]
    if verdict == g.RUNTIME_ERROR:
        name = outcome.finding.fields.get("exception", "") if outcome.finding else ""
        return [t("verdict.runtime_error", lang, exception=name)]
    fields = {g.TIMEOUT: limits.time_s, g.OUTPUT_LIMIT: limits.output_kb,
              g.PROCESS_LIMIT: limits.processes, g.MEMORY_LIMIT: limits.memory_mb}
    if verdict in (g.TIMEOUT, g.OUTPUT_LIMIT, g.PROCESS_LIMIT, g.MEMORY_LIMIT):
        limit = fields[verdict]
        shown = f"{limit:g}" if isinstance(limit, float) else str(limit)
        return [t(f"verdict.{verdict}", lang, limit=shown)]
    if verdict == g.UNDEFINED and outcome.finding and outcome.finding.kind == "uninitialised":
        return [t("verdict.undefined_behaviour.uninitialised", lang)]
    if verdict in (g.FILE_LIMIT, g.CHECKER_ERROR, g.SANDBOX_ERROR, g.UNDEFINED):
        return [t(f"verdict.{verdict}", lang)]
    return []


def _wrong_output(outcome: g.TestOutcome, lang: str) -> list[str]:
    comparison = outcome.comparison
    if comparison is None:
        return [t("verdict.wrong_output.checker", lang)]
    if outcome.test.hidden:
        sentences = [t("verdict.wrong_output.hidden", lang)]
    elif comparison.kind in ("missing", "extra"):
        sentences = [t(f"verdict.wrong_output.{comparison.kind}", lang,
                       actual=comparison.actual_count, expected=comparison.expected_count)]
    elif comparison.kind == "empty":
        sentences = [t("verdict.wrong_output.empty", lang)]
    else:
        sentences = [t("verdict.wrong_output.wrong", lang, line=comparison.line)]
    if comparison.near_miss:
        sentences.append(t(f"near.{comparison.near_miss}", lang))
    if outcome.test.hidden or comparison.kind == "empty":
        return sentences
    if comparison.kind == "missing" and comparison.expected_line is not None:
        sentences.append(t("diff.missing", lang, expected=comparison.expected_line))
    elif comparison.kind == "extra" and comparison.actual_line is not None:
        sentences.append(t("diff.extra", lang, actual=comparison.actual_line))
    elif comparison.expected_line is not None and comparison.actual_line is not None:
        sentences.append(t("diff.line", lang, expected=comparison.expected_line,
                           actual=comparison.actual_line))
    return sentences


def _visible_detail(item: etree._Element, outcome: g.TestOutcome, lang: str) -> None:
    test = outcome.test
    if test.args:
        _add(item, "p", t("label.args", lang))
        _add(item, "pre", " ".join(test.args), "mf-args")
    if test.stdin:
        _add(item, "p", t("label.input", lang))
        _add(item, "pre", test.stdin, "mf-input")
    if outcome.comparison is not None and test.expected_stdout is not None:
        labels = (t("label.expected", lang), t("label.actual", lang))
        diff = short_diff(test.expected_stdout, outcome.stdout, labels)
        if diff:
            _add(item, "p", t("label.diff", lang))
            _add(item, "pre", "\n".join(diff), "mf-diff")


def _raw(outcome: g.TestOutcome) -> str:
    parts = [f"verdict: {outcome.verdict}"]
    if outcome.exit_code is not None:
        parts.append(f"exit code: {outcome.exit_code}")
    if outcome.signal:
        parts.append(f"signal: {outcome.signal}")
    if outcome.stderr.strip() and not outcome.test.hidden:
        parts.append("stderr:\n" + scrub(outcome.stderr)[-2000:])
    if outcome.finding is not None and outcome.finding.raw:
        parts.append(f"{outcome.finding.tool}:\n" + outcome.finding.raw[:2500])
    return "\n".join(parts)


# --------------------------------------------------------------------------- the reply


def reply_for(report: g.Report, exercise: Exercise, lang: str) -> GradeReply:
    element = feedback_element(report, exercise, lang)
    msg = etree.tostring(element, encoding="unicode")
    return GradeReply(report.correct, report.score, msg)


def outcome_summary(outcome: g.TestOutcome, report: g.Report, lang: str = "en") -> str:
    """The verdict of one test in a sentence or two (authors' diagnostics use it)."""
    sentences = _verdict_sentences(outcome, report, lang)
    if outcome.finding is not None:
        finding = outcome.finding
        sentences.append(finding_text(finding.kind, finding.line, finding.fields, lang))
    if outcome.checker_message:
        sentences.append(outcome.checker_message.splitlines()[0][:200])
    return " ".join(sentences) or outcome.verdict


_BLOCKS = {"p", "pre", "li", "div", "summary", "details", "ul"}


def feedback_lines(element: etree._Element) -> str:
    """The feedback as readable plain text (for `moocforge grade --text`)."""
    lines: list[str] = []

    def walk(node: etree._Element, depth: int) -> None:
        if node.tag == "pre":
            lines.extend("    " + x for x in "".join(node.itertext()).splitlines())
            return
        if node.tag in ("p", "summary"):
            prefix = "  " * depth
            lines.append(prefix + " ".join("".join(node.itertext()).split()))
            return
        if node.tag == "li":
            lines.append("")
        for child in node:
            walk(child, depth + (1 if node.tag == "li" else 0))

    walk(element, 0)
    return "\n".join(lines).strip() + "\n"
