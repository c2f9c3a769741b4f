"""Strict WebVTT / SRT parsing on a corpus of malformed files, conversions, plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from moocforge.media.transcripts import (
    Cue,
    Transcript,
    load_transcript,
    parse_transcript,
    plain_text,
    to_srt,
    to_vtt,
)

GOOD_VTT = """WEBVTT - lesson 1

NOTE written by hand
over two lines

STYLE
::cue { color: yellow }

intro
00:00.000 --> 00:02.500 align:start position:10%
Bonjour <v Ana>à tous</v> &amp; bienvenue.

00:02.500 --> 00:00:05.000
Deux lignes
de texte.

01:00:00.000 --> 01:00:01.250
Une heure plus tard.
"""

GOOD_SRT = """1
00:00:00,000 --> 00:00:02,500
Hello <i>everyone</i>.

2
00:00:02,500 --> 00:00:05,000
Two lines
of text.
"""


def codes(transcript: Transcript) -> list[str]:
    return [p.code for p in transcript.problems]


def test_valid_vtt_parses_cues_with_lines_and_seconds() -> None:
    t = parse_transcript(GOOD_VTT, "vtt", "a.vtt")
    assert t.problems == []
    assert t.cues == [
        Cue(0.0, 2.5, "Bonjour <v Ana>à tous</v> &amp; bienvenue.", 10),
        Cue(2.5, 5.0, "Deux lignes\nde texte.", 13),
        Cue(3600.0, 3601.25, "Une heure plus tard.", 17),
    ]
    assert t.ok and t.end == 3601.25


def test_valid_srt_parses_with_crlf_line_endings() -> None:
    t = parse_transcript(GOOD_SRT.replace("\n", "\r\n"), "srt", "a.srt")
    assert t.problems == []
    assert [(c.start, c.end, c.line) for c in t.cues] == [(0.0, 2.5, 2), (2.5, 5.0, 6)]
    assert t.cues[1].text == "Two lines\nof text."


# (name, format, text, expected code, expected line of the first problem with that code)
MALFORMED = [
    ("no header", "vtt", "00:00.000 --> 00:01.000\nHi\n", "MF700", 1),
    ("header typo", "vtt", "WEBVT\n\n00:00.000 --> 00:01.000\nHi\n", "MF700", 1),
    ("header glued", "vtt", "WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n", "MF700", 1),
    ("comma in vtt", "vtt", "WEBVTT\n\n00:00,000 --> 00:01,000\nHi\n", "MF701", 3),
    ("dot in srt", "srt", "1\n00:00:00.000 --> 00:00:01.000\nHi\n", "MF701", 2),
    ("two-digit ms", "vtt", "WEBVTT\n\n00:00.00 --> 00:01.000\nHi\n", "MF701", 3),
    ("one-digit minutes", "vtt", "WEBVTT\n\n0:00.000 --> 00:01.000\nHi\n", "MF701", 3),
    ("seconds 60", "vtt", "WEBVTT\n\n00:60.000 --> 01:01.000\nHi\n", "MF701", 3),
    ("minutes 75", "srt", "1\n00:75:00,000 --> 00:76:00,000\nHi\n", "MF701", 2),
    ("no arrow spaces", "vtt", "WEBVTT\n\n00:00.000-->00:01.000\nHi\n", "MF701", 3),
    ("single arrow", "srt", "1\n00:00:00,000 -> 00:00:01,000\nHi\n", "MF707", 1),
    ("srt no hours", "srt", "1\n00:00,000 --> 00:01,000\nHi\n", "MF701", 2),
    ("end before start", "vtt", "WEBVTT\n\n00:05.000 --> 00:01.000\nHi\n", "MF702", 3),
    ("zero length", "srt", "1\n00:00:01,000 --> 00:00:01,000\nHi\n", "MF702", 2),
    ("out of order", "vtt",
     "WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n", "MF703", 6),
    ("overlap", "srt",
     "1\n00:00:00,000 --> 00:00:03,000\nA\n\n2\n00:00:02,000 --> 00:00:04,000\nB\n",
     "MF704", 6),
    ("empty cue", "vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n", "MF705", 3),
    ("srt missing number", "srt", "00:00:00,000 --> 00:00:01,000\nHi\n", "MF706", 1),
    ("srt numbering gap", "srt",
     "1\n00:00:00,000 --> 00:00:01,000\nA\n\n3\n00:00:01,000 --> 00:00:02,000\nB\n",
     "MF706", 5),
    ("text without timing", "vtt",
     "WEBVTT\n\nstray words\nmore words\n\n00:00.000 --> 00:01.000\nHi\n", "MF707", 3),
    ("missing blank line", "vtt",
     "WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 00:02.000\nB\n", "MF707", 5),
    ("cue in header", "vtt", "WEBVTT\n00:00.000 --> 00:01.000\nHi\n", "MF707", 2),
    ("style after cue", "vtt",
     "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\nSTYLE\n::cue {}\n", "MF707", 6),
    ("srt bom", "srt", "\ufeff1\n00:00:00,000 --> 00:00:01,000\nHi\n", "MF708", 1),
    ("empty vtt", "vtt", "WEBVTT\n", "MF709", 1),
    ("empty srt", "srt", "", "MF709", 1),
    ("only notes", "vtt", "WEBVTT\n\nNOTE nothing here\n", "MF709", 1),
    ("bad setting", "vtt", "WEBVTT\n\n00:00.000 --> 00:01.000 colour:red\nHi\n", "MF711", 3),
    ("garbage", "srt", "this is not a subtitle file\n", "MF707", 1),
]


@pytest.mark.parametrize(("name", "fmt", "text", "code", "line"), MALFORMED,
                         ids=[m[0] for m in MALFORMED])
def test_malformed_corpus_reports_code_at_line(name: str, fmt, text: str, code: str,
                                               line: int) -> None:
    t = parse_transcript(text, fmt, f"t.{fmt}")
    found = [p for p in t.problems if p.code == code]
    assert found, f"{name}: expected {code}, got {codes(t)}"
    assert found[0].loc.line == line and found[0].loc.file == f"t.{fmt}"
    assert found[0].hint, "every problem comes with a hint"


def test_errors_and_warnings_are_distinguished() -> None:
    overlap = parse_transcript(
        "WEBVTT\n\n00:00.000 --> 00:03.000\nA\n\n00:02.000 --> 00:04.000\nB\n", "vtt", "o.vtt")
    assert codes(overlap) == ["MF704"] and overlap.ok and len(overlap.cues) == 2
    reversed_ = parse_transcript("WEBVTT\n\n00:05.000 --> 00:01.000\nHi\n", "vtt", "r.vtt")
    assert not reversed_.ok


def test_every_problem_of_a_file_is_reported_in_one_pass() -> None:
    text = ("WEBVTT\n\n00:00,000 --> 00:01,000\nA\n\n00:03.000 --> 00:02.000\nB\n\n"
            "00:01.000 --> 00:01.500\nC\n")
    t = parse_transcript(text, "vtt", "m.vtt")
    assert codes(t) == ["MF701", "MF702", "MF703"]
    assert [c.text for c in t.cues] == ["B", "C"]


def test_random_bytes_never_raise() -> None:
    import random

    rng = random.Random(7)
    alphabet = "WEBVT0123456789:.,-> \n\r\tNOTE\ufeffé<>&"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for fmt in ("vtt", "srt"):
            result = parse_transcript(text, fmt, "fuzz")  # must not raise
            assert all(d.loc.file == "fuzz" and d.code.startswith("MF7")
                       for d in result.problems)
            assert all(cue.start < cue.end for cue in result.cues)


def test_round_trip_vtt_srt_vtt_keeps_times_and_text() -> None:
    cues = parse_transcript(GOOD_VTT, "vtt", "a.vtt").cues
    srt = to_srt(cues)
    assert srt.startswith("1\n00:00:00,000 --> 00:00:02,500\nBonjour à tous &amp; bienvenue.")
    back = parse_transcript(srt, "srt", "a.srt")
    assert back.problems == []
    vtt = to_vtt(back.cues)
    again = parse_transcript(vtt, "vtt", "b.vtt")
    assert again.problems == []
    assert [(c.start, c.end) for c in again.cues] == [(c.start, c.end) for c in cues]
    assert again.cues[1].text == "Deux lignes\nde texte."
    assert to_vtt(again.cues) == vtt  # stable


def test_writers_escape_what_would_break_a_cue() -> None:
    cues = [Cue(0, 1, "a --> b\n\nc & d {\\an8}", 1), Cue(1.0004, 2, "", 2)]
    vtt = to_vtt(cues)
    parsed = parse_transcript(vtt, "vtt", "x.vtt")
    assert parsed.problems == []
    assert parsed.cues[0].text == "a → b\nc &amp; d"
    assert "00:00:01.000 --> 00:00:02.000" in vtt
    assert parse_transcript(to_srt(cues), "srt", "x.srt").problems == []


def test_srt_keeps_basic_styling_only() -> None:
    srt = to_srt([Cue(0, 1, "<v Ana><i>oui</i></v> <c.loud>non</c>", 1)])
    assert "<i>oui</i> non" in srt


def test_plain_text_makes_paragraphs_without_markup() -> None:
    cues = [
        Cue(0, 2, "<v Ana>Bonjour</v> &amp; bienvenue.", 1),
        Cue(2, 4, "Aujourd'hui : <i>les pointeurs</i>.", 2),
        Cue(8, 9, "{\\an8}Après une pause.", 3),
        Cue(9, 10, "   ", 4),
    ]
    assert plain_text(cues) == ("Bonjour & bienvenue. Aujourd'hui : les pointeurs.\n\n"
                                "Après une pause.\n")
    many = [Cue(i, i + 1, "un deux trois quatre cinq.", i) for i in range(60)]
    paragraphs = plain_text(many, max_words=100).strip().split("\n\n")
    assert len(paragraphs) == 3 and all(p.endswith(".") for p in paragraphs)
    assert plain_text([]) == ""


def test_load_transcript_reads_files_and_reports_encoding(tmp_path: Path) -> None:
    good = tmp_path / "a.en.vtt"
    good.write_text(GOOD_VTT, "utf-8")
    assert load_transcript(good, "media/a.en.vtt").problems == []
    latin = tmp_path / "b.srt"
    latin.write_bytes("1\n00:00:00,000 --> 00:00:01,000\nEté\n".encode("latin-1"))
    t = load_transcript(latin, "media/b.srt")
    assert codes(t) == ["MF708"] and t.problems[0].loc.file == "media/b.srt"
    assert t.problems[0].loc.line == 3
    missing = load_transcript(tmp_path / "nope.vtt", "media/nope.vtt")
    assert codes(missing) == ["MF708"] and not missing.cues
    other = tmp_path / "c.txt"
    other.write_text("hello", "utf-8")
    assert codes(load_transcript(other, "c.txt")) == ["MF708"]
