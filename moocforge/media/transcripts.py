"""Strict WebVTT and SRT transcripts: parse, convert both ways, and flatten for readers.

Players are lenient, platforms are not: Open edX and Coursera reject or silently mangle
files that use `.` instead of `,` in SRT times, cues out of order, or a missing `WEBVTT`
header. So parsing here is strict and reports *every* problem as a Diagnostic (never an
exception) with the line it is on; the cues that could be read are still returned.

Codes (media range MF700–MF749):

- MF700 not a WebVTT file (first line is not `WEBVTT`)
- MF701 malformed timing line (syntax, wrong millisecond separator, minutes/seconds ≥ 60)
- MF702 cue ends before (or when) it starts
- MF703 cue starts before the previous cue (out of order)
- MF704 cue overlaps the previous one (warning: shown stacked by players)
- MF705 cue without text (warning)
- MF706 SRT cue number missing or out of sequence
- MF707 a block that is not a cue (text without a timing line, `-->` inside text)
- MF708 unreadable file: not UTF-8, byte-order mark in SRT, unknown extension
- MF709 no cues at all
- MF711 unknown WebVTT cue setting (warning)
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from moocforge import cache
from moocforge.diagnostics import Diagnostic, Severity
from moocforge.model import Cue, Loc

TranscriptFormat = Literal["vtt", "srt"]

# A WebVTT timestamp: optional hours (2+ digits), minutes and seconds (2 digits), '.', 3 digits.
_VTT_TIME = r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:([ \t]+)(.*))?$")
_SRT_TIME = r"(\d{2,}):(\d{2}):(\d{2}),(\d{3})"
# SRT may carry legacy position coordinates after the end time (`X1:… X2:… Y1:… Y2:…`).
_SRT_TIMING = re.compile(rf"^{_SRT_TIME}[ \t]+-->[ \t]+{_SRT_TIME}(?:[ \t]+X1:.*)?[ \t]*$")
_VTT_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_VTT_SETTINGS = {"vertical", "line", "position", "size", "align", "region"}
_SRT_INDEX = re.compile(r"^\d+$")
_MAX_DIGITS = 12  # longer numbers are not cue numbers or hours (and int() refuses 4300)
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_SENTENCE_END = re.compile(r"[.!?…»\"]$")


@dataclass
class Transcript:
    cues: list[Cue] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def end(self) -> float:
        return max((cue.end for cue in self.cues), default=0.0)


class _Collector:
    """Gathers the problems of one file with its name already bound."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []

    def add(self, code: str, severity: Severity, message: str, line: int,
            hint: str = "") -> None:
        self.problems.append(Diagnostic(code, severity, message, Loc.of(self.file, line, 1),
                                        hint, rule="transcript"))


# --------------------------------------------------------------------------- parsing


PARSES: Counter[str] = Counter()  # file -> parses this process (a test checks "once")


def parse_transcript(text: str, fmt: TranscriptFormat, file: str) -> Transcript:
    """Parse a WebVTT or SRT document strictly; never raises."""
    PARSES[file] += 1
    report = _Collector(file)
    lines = _split_lines(text, fmt, report)
    if fmt == "vtt":
        cues = _parse_vtt(lines, report)
    else:
        cues = _parse_srt(lines, report)
    if not cues and not any(p.code in ("MF700",) for p in report.problems):
        report.add("MF709", "error", "the transcript has no cues", 1,
                   "a cue is a timing line `00:00:01.000 --> 00:00:04.000` and its text")
    _check_sequence(cues, fmt, report)
    return Transcript(cues, report.problems)


def _split_lines(text: str, fmt: TranscriptFormat, report: _Collector) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
        if fmt == "srt":
            report.add("MF708", "warning", "the SRT file starts with a byte-order mark", 1,
                       "save it as UTF-8 without BOM; some platforms show it as garbage")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blocks(lines: Sequence[str], start: int = 0) -> Iterable[tuple[int, list[str]]]:
    """Yield (1-based first line, lines) for each run of non-blank lines."""
    block: list[str] = []
    first = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not block:
                first = index + 1
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _parse_vtt(lines: list[str], report: _Collector) -> list[Cue]:
    if not lines or not _VTT_HEADER.match(lines[0]):
        found = lines[0][:40] if lines else ""
        report.add("MF700", "error", f"a WebVTT file must start with 'WEBVTT' (found {found!r})",
                   1, "write `WEBVTT` alone on the first line, then a blank line")
        if not lines or "-->" in lines[0]:
            return []
    # The header runs until the first blank line.
    body_start = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for offset, line in enumerate(lines[1:body_start], start=2):
        if "-->" in line:
            report.add("MF707", "error", "a cue must be separated from the header by a blank "
                       "line", offset, "insert an empty line after `WEBVTT`")
    cues: list[Cue] = []
    for first, block in _blocks(lines, body_start):
        head = block[0]
        if re.match(r"^NOTE(?:[ \t]|$)", head):
            continue
        if re.match(r"^(?:STYLE|REGION)[ \t]*$", head):
            if cues:
                report.add("MF707", "error", f"a {head.strip()} block must come before the "
                           "first cue", first,
                           "move STYLE and REGION blocks right after the header")
            continue
        cue = _vtt_cue(first, block, report)
        if cue is not None:
            cues.append(cue)
    return cues


def _vtt_cue(first: int, block: list[str], report: _Collector) -> Cue | None:
    timing_index = 0 if "-->" in block[0] else 1
    if timing_index >= len(block) or "-->" not in block[timing_index]:
        report.add("MF707", "error", f"text without a timing line: {block[0][:40]!r}", first,
                   "each cue needs `start --> end` (e.g. 00:00:01.000 --> 00:00:03.500); "
                   "comments start with NOTE")
        return None
    line_no = first + timing_index
    timing = block[timing_index].strip()
    times = _vtt_times(timing, line_no, report)
    text_lines = block[timing_index + 1:]
    for offset, text_line in enumerate(text_lines, start=line_no + 1):
        if "-->" in text_line:
            report.add("MF707", "error", "'-->' inside cue text (missing blank line between "
                       "cues?)", offset, "separate cues with an empty line")
    if times is None:
        return None
    return _make_cue(times, text_lines, line_no, report)


def _vtt_times(timing: str, line_no: int, report: _Collector) -> tuple[float, float] | None:
    match = _VTT_TIMING.match(timing)
    if match is None:
        hint = "WebVTT times look like 00:01.500 or 01:02:03.250 (full stop before the ms)"
        if re.search(r"\d,\d{3}", timing):
            hint = "WebVTT uses a full stop before the milliseconds, not a comma (that is SRT)"
        report.add("MF701", "error", f"malformed timing line {timing!r}", line_no, hint)
        return None
    groups = match.groups()
    start = _seconds(groups[0:4], line_no, report)
    end = _seconds(groups[4:8], line_no, report)
    settings = groups[9] or ""
    for setting in settings.split():
        name, sep, value = setting.partition(":")
        if not sep or not value or name not in _VTT_SETTINGS:
            report.add("MF711", "warning", f"unknown cue setting {setting!r}", line_no,
                       f"settings are name:value with name in {sorted(_VTT_SETTINGS)}")
    if start is None or end is None:
        return None
    return start, end


def _seconds(parts: Sequence[str | None], line_no: int, report: _Collector) -> float | None:
    hours, minutes, seconds, millis = parts
    if len(hours or "") > _MAX_DIGITS:
        report.add("MF701", "error", f"{len(hours or '')}-digit hours in a cue time",
                   line_no, "a cue time is hours:minutes:seconds, e.g. 01:05:00.000")
        return None
    if int(minutes or 0) > 59 or int(seconds or 0) > 59:
        report.add("MF701", "error", f"minutes and seconds must be below 60 "
                   f"({minutes}:{seconds})", line_no, "write 01:05:00.000, not 65:00.000")
        return None
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0) \
        + int(millis or 0) / 1000


def _make_cue(times: tuple[float, float], text_lines: list[str], line_no: int,
              report: _Collector) -> Cue:
    start, end = times
    if end <= start:
        report.add("MF702", "error", f"cue ends ({_clock(end)}) before or when it starts "
                   f"({_clock(start)})", line_no, "the end time must be after the start time")
    text = "\n".join(line.rstrip() for line in text_lines)
    if not text.strip():
        report.add("MF705", "warning", "cue without text", line_no,
                   "remove the cue or write what is said")
    return Cue(start, end, text, line_no)


def _parse_srt(lines: list[str], report: _Collector) -> list[Cue]:
    cues: list[Cue] = []
    expected = 1
    for first, block in _blocks(lines):
        index_line = block[0].strip()
        has_index = bool(_SRT_INDEX.match(index_line))
        timing_at = 1 if has_index else 0
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            report.add("MF707", "error", f"text without a timing line: {block[0][:40]!r}",
                       first, "an SRT cue is: its number, `00:00:01,000 --> 00:00:03,500`, "
                       "its text, then a blank line")
            continue
        line_no = first + timing_at
        if not has_index:
            report.add("MF706", "error", "SRT cue without its number", line_no,
                       "write the cue number (1, 2, 3…) on the line before the timing")
        elif len(index_line) > _MAX_DIGITS:
            report.add("MF706", "error", f"{len(index_line)}-digit cue number", first,
                       "number the cues 1, 2, 3… in order")
            has_index = False
        elif int(index_line) != expected:
            report.add("MF706", "warning", f"cue number {index_line} where {expected} was "
                       "expected", first, "number the cues 1, 2, 3… in order")
        expected = (int(index_line) if has_index else expected) + 1
        times = _srt_times(block[timing_at].strip(), line_no, report)
        text_lines = block[timing_at + 1:]
        for offset, text_line in enumerate(text_lines, start=line_no + 1):
            if "-->" in text_line:
                report.add("MF707", "error", "'-->' inside cue text (missing blank line "
                           "between cues?)", offset, "separate cues with an empty line")
        if times is not None:
            cues.append(_make_cue(times, text_lines, line_no, report))
    return cues


def _srt_times(timing: str, line_no: int, report: _Collector) -> tuple[float, float] | None:
    match = _SRT_TIMING.match(timing)
    if match is None:
        hint = "SRT times look like 00:01:02,500 (hours, minutes, seconds, comma, ms)"
        if re.search(r"\d\.\d{3}", timing):
            hint = "SRT uses a comma before the milliseconds, not a full stop (that is WebVTT)"
        report.add("MF701", "error", f"malformed timing line {timing!r}", line_no, hint)
        return None
    groups = match.groups()
    start = _seconds(groups[0:4], line_no, report)
    end = _seconds(groups[4:8], line_no, report)
    if start is None or end is None:
        return None
    return start, end


def _check_sequence(cues: Sequence[Cue], fmt: TranscriptFormat, report: _Collector) -> None:
    previous: Cue | None = None
    for cue in cues:
        if previous is not None:
            if cue.start < previous.start:
                report.add("MF703", "error", f"cue starts at {_clock(cue.start)}, before the "
                           f"previous cue (line {previous.line}, {_clock(previous.start)})",
                           cue.line, "cues must be in order of start time")
            elif cue.start < previous.end:
                report.add("MF704", "warning", f"cue overlaps the previous one (line "
                           f"{previous.line} ends at {_clock(previous.end)})", cue.line,
                           "players stack overlapping cues; end the previous one earlier")
        previous = cue


def load_transcript(path: Path, rel: str, data: bytes | None = None) -> Transcript:
    """Read (unless its bytes are given: `data`) and parse a transcript file; the format
    comes from its extension."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("vtt", "srt"):
        return _unreadable(rel, f"'{rel}' is not a .vtt or .srt transcript",
                           "transcripts are WebVTT (.vtt) or SubRip (.srt) files")
    try:
        if data is None:
            data = path.read_bytes()
    except OSError as error:
        return _unreadable(rel, f"cannot read transcript: {error.strerror or error}",
                           "check that the file exists and is readable")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return _unreadable(rel, f"transcript is not UTF-8 (byte 0x{data[error.start]:02x})",
                           "re-save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)", line)
    fmt: TranscriptFormat = "vtt" if suffix == "vtt" else "srt"
    return cache.active().fetch("transcript", (rel, fmt, text),
                                lambda: parse_transcript(text, fmt, rel))


def _unreadable(rel: str, message: str, hint: str, line: int = 0) -> Transcript:
    return Transcript([], [Diagnostic("MF708", "error", message, Loc.of(rel, line), hint,
                                      rule="transcript")])


# --------------------------------------------------------------------------- writing


def _clock(seconds: float, separator: str = ".") -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cue_text(text: str) -> str:
    # A blank line would end the cue early; an arrow would read as a timing line.
    lines = [line.replace("-->", "→") for line in text.split("\n") if line.strip()]
    return "\n".join(lines) or "…"


_BASIC_TAG = re.compile(r"</?[biu]>")


def _keep_basic_tags(text: str) -> str:
    """Only <b>, <i>, <u> mean the same in both formats; voices, classes, `{\\an8}` do not."""
    return _TAG.sub(lambda m: m.group(0) if _BASIC_TAG.fullmatch(m.group(0)) else "", text)


def to_srt(cues: Iterable[Cue]) -> str:
    """SubRip text: numbered cues, `hh:mm:ss,mmm` times, LF line endings."""
    blocks = [f"{n}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n"
              f"{_cue_text(_keep_basic_tags(c.text))}\n" for n, c in enumerate(cues, start=1)]
    return "\n".join(blocks)


def to_vtt(cues: Iterable[Cue]) -> str:
    """WebVTT text: `WEBVTT` header, `hh:mm:ss.mmm` times, LF line endings."""
    blocks = [f"{_clock(c.start)} --> {_clock(c.end)}\n{_cue_text(_vtt_text(c.text))}\n"
              for c in cues]
    return "\n".join(["WEBVTT\n", *blocks])


def _vtt_text(text: str) -> str:
    # SRT position codes mean nothing in WebVTT, where a bare '&' must be escaped.
    text = re.sub(r"\{\\[^}]*\}", "", text)
    return re.sub(r"&(?![#\w]+;)", "&amp;", text)


def cue_plain(text: str) -> str:
    """The words of one cue: markup (`<v Ana>`, `<i>`, `{\\an8}`) removed, entities decoded."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def plain_text(cues: Iterable[Cue], pause: float = 2.0, max_words: int = 120) -> str:
    """The transcript as paragraphs for readers.

    A paragraph ends at a pause of `pause` seconds or more between cues, or at the end of a
    sentence once it holds `max_words` words, so a long talk does not become one wall of text.
    """
    paragraphs: list[list[str]] = [[]]
    words_in_paragraph = 0
    previous_end: float | None = None
    for cue in cues:
        words = cue_plain(cue.text)
        if not words:
            continue
        current = paragraphs[-1]
        long_enough = words_in_paragraph >= max_words and current \
            and _SENTENCE_END.search(current[-1])
        paused = previous_end is not None and cue.start - previous_end >= pause
        if current and (paused or long_enough):
            paragraphs.append([])
            words_in_paragraph = 0
        paragraphs[-1].append(words)
        words_in_paragraph += len(words.split())
        previous_end = cue.end
    text = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return text + "\n" if text else ""
