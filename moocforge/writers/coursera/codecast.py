"""A codecast → a Coursera reading: every step (narration, then the code it leaves), the
narration audio, and the final code as a download. Coursera has no item that runs code in
the page, so the learner reads and listens instead of pausing and editing (loss MF563)."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

from moocforge.codecast.player import narration_for
from moocforge.codecast.strings import player_strings
from moocforge.codecast.timeline import replay
from moocforge.model import Codecast
from moocforge.writers.coursera.html import E, page, serialize
from moocforge.writers.coursera.kit import Kit
from moocforge.writers.coursera.plan import Placed

CODE_SUFFIX = {"c": ".c", "python": ".py"}


def write_codecast(kit: Kit, placed: Placed, item: Codecast) -> None:
    s = player_strings(kit.lang)
    code_path = kit.write_text(placed.path(CODE_SUFFIX.get(item.language, ".txt")),
                               _final(item), item.id, shared=True)
    title = item.title.get_lang(kit.lang)
    document, body = page(title, kit.lang)
    body.append(E.H1(title))
    narration = narration_for(item, kit.lang, kit.course.default_lang)
    if narration is not None and narration.audio is not None:
        suffix = PurePosixPath(narration.audio).suffix
        audio = kit.copy(narration.audio, placed.path(f".{narration.lang}{suffix}"), item.id,
                         shared=True)
        body.append(E.AUDIO(E.A(s["download_audio"], href=placed.link_to(audio)),
                            controls="controls", src=placed.link_to(audio)))
    body.append(E.P(E.A(s["download_code"], href=placed.link_to(code_path),
                        download=posixpath.basename(code_path))))
    for state in replay(item):
        step = state.step
        body.append(E.H2(s["step"].format(n=step.number, total=len(item.steps))))
        body.append(E.P(step.narration.get_lang(kit.lang)))
        body.append(E.PRE(E.CODE(state.code)))
        if step.run is not None and step.run.expected is not None:
            body.append(E.P(s["teacher_run"]))
            body.append(E.PRE(E.SAMP(step.run.expected)))
    kit.write_bytes(placed.path(".html"), serialize(document), item.id)


def _final(item: Codecast) -> str:
    states = replay(item)
    return states[-1].code if states else item.start
