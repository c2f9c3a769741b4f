"""What the player shows, as data and markup shared by the site and the OLX component.

`player_data` is the JSON the player reads (each step's code, cursor, highlights, run,
narration and timing in one language; the linked exercise's visible tests and feedback);
`player_element` is the HTML (lxml builders: every learner-visible text is escaped by
construction). Writers give the URLs of the vendored assets and of the audio, which differ
per target (`assets/moocforge/codecast/…` in the site, `/static/…` in Open edX).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.html import builder as E

from moocforge.codecast.strings import player_strings
from moocforge.codecast.timeline import replay
from moocforge.model import Codecast, Course, Exercise, Narration, Position

THEME_ASSETS = Path(__file__).resolve().parents[1] / "data" / "themes" / "moocforge" / \
    "assets" / "codecast"
# the files of the player, as the site's `assets/moocforge/codecast/` and Open edX's static/
ASSET_FILES = ("mf-codecast.js", "mf-codecast.css", "mf-codemirror.js", "mf-runner.js",
               "mf-picoc.wasm")
SHIPPED = (*ASSET_FILES, "LICENSES.txt")  # what a package carries (the licenses as well)
RUNNABLE = ("c",)  # languages the browser runs (Python: Pyodide exceeds the size budget)


@dataclass(frozen=True)
class AssetUrls:
    """Where the page finds each player file (ASSET_FILES name → URL)."""

    urls: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.urls[name]


def _pos(position: Position | None) -> list[int] | None:
    return [position.line, position.col] if position is not None else None


def narration_for(item: Codecast, lang: str, default_lang: str) -> Narration | None:
    return item.narrations.get(lang) or item.narrations.get(default_lang)


def timings(item: Codecast, narration: Narration | None) -> list[tuple[float, float]]:
    """One (start, end) per step; a stale cue list (another number of cues) is ignored in
    favour of an even spread, which the codecast-narration rule reports."""
    if narration is not None and len(narration.timings) == len(item.steps):
        return list(narration.timings)
    spread, clock = [], 0.0
    for _ in item.steps:
        spread.append((clock, clock + 4.0))
        clock += 4.4
    return spread


def _exercise_data(course: Course, item: Codecast, lang: str) -> dict[str, Any] | None:
    exercise = course.item(item.exercise) if item.exercise else None
    if not isinstance(exercise, Exercise):
        return None
    tests = [{"name": t.name, "stdin": t.stdin, "expected": t.expected_stdout,
              "compare": t.compare, "tolerance": t.tolerance,
              "feedback": t.feedback.get_lang(lang) if t.feedback else ""}
             for t in exercise.tests if not t.hidden and t.expected_stdout is not None
             and not t.args]
    return {"id": exercise.id, "title": exercise.title.get_lang(lang), "tests": tests}


def player_data(course: Course, item: Codecast, lang: str) -> dict[str, Any]:
    narration = narration_for(item, lang, course.default_lang)
    steps = []
    for state, (start, end) in zip(replay(item), timings(item, narration), strict=True):
        step = state.step
        steps.append({
            "n": step.number, "start": round(start, 3), "end": round(end, 3),
            "code": state.code, "typed": list(state.typed) if state.typed else None,
            "cursor": _pos(step.cursor),
            "selection": [_pos(step.selection[0]), _pos(step.selection[1])]
            if step.selection else None,
            "highlight": list(step.highlight),
            "narration": step.narration.get_lang(lang),
            "run": {"stdin": step.run.stdin, "expected": step.run.expected}
            if step.run else None,
        })
    return {"id": item.id, "language": item.language, "lang": lang,
            "runnable": item.language in RUNNABLE, "start": item.start, "steps": steps,
            "duration": steps[-1]["end"] if steps else 0.0,
            "audio": narration is not None and narration.audio is not None,
            "exercise": _exercise_data(course, item, lang), "strings": player_strings(lang)}


def data_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _transcript(data: dict[str, Any]) -> etree._Element:
    s = data["strings"]
    listing = E.OL(E.CLASS("mf-cc-transcript-steps"))
    for step in data["steps"]:
        if step["narration"]:
            listing.append(E.LI(E.BUTTON(_clock(step["start"]), type="button",
                                         **{"class": "mf-cc-seek",
                                            "data-step": str(step["n"] - 1)}),
                                " ", step["narration"]))
    return E.DETAILS(E.CLASS("mf-cc-transcript"), E.SUMMARY(s["transcript"]), listing)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def player_element(data: dict[str, Any], assets: AssetUrls, audio_url: str | None,
                   title: str) -> etree._Element:
    """The player's markup: controls, editor, output, captions and transcript; the player
    script builds the editor into it and wires the controls."""
    s = data["strings"]
    root = E.DIV(E.CLASS("mf-codecast"), id=f"codecast-{data['id']}", lang=data["lang"])
    root.set("role", "region")
    root.set("aria-label", f"{s['codecast']}: {title}")
    root.set("data-codecast", data_json(data))
    root.set("data-runner", assets["mf-runner.js"])
    root.set("data-wasm", assets["mf-picoc.wasm"])
    root.set("data-editor", assets["mf-codemirror.js"])
    if audio_url:
        audio = E.AUDIO(E.CLASS("mf-cc-audio"), preload="none", src=audio_url)
        root.append(audio)
    root.append(E.P(E.CLASS("mf-cc-noscript"), s["noscript"]))
    root.append(_transcript(data))
    root.append(E.LINK(rel="stylesheet", href=assets["mf-codecast.css"]))
    root.append(E.SCRIPT(src=assets["mf-codecast.js"]))
    return root


def asset_bytes(name: str) -> bytes:
    return (THEME_ASSETS / name).read_bytes()


__all__ = [
    "ASSET_FILES",
    "RUNNABLE",
    "THEME_ASSETS",
    "AssetUrls",
    "asset_bytes",
    "data_json",
    "narration_for",
    "player_data",
    "player_element",
    "timings",
]
