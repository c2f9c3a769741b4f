"""Every codecast step is narrated in every course language, with its audio in sync.

**Why.** The narration is what makes a codecast a lesson: learners who read another course
language, or cannot hear, follow the captions and the transcript made from it (WCAG 2.1
1.2.2 and 1.2.3), and the audio must start each step when the code changes, or the teacher
speaks about code the learner does not see yet.

**What it checks.**

- every step has narration text in every course language (the default language only with
  `all_languages: false`);
- every such language has narration audio with its cue list (recorded, or made by
  `moocforge codecast narrate`) — else the player plays silent, timed captions
  (with `require_audio: false`, not reported);
- the cue list has exactly one cue per step, and a generated one still says the step's
  current narration (else the audio is stale: narrate again).

**Options:**

- `all_languages: true` — narration in every course language (else the default one only).
- `require_audio: true` — report a language whose narration has no audio.

**Passes:**

```yaml
steps:
  - narration: {fr: Voici le programme., en: Here is the program.}
```

**Fails:**

```yaml
steps:
  - narration: {fr: Voici le programme.}      # no English narration in a fr/en course
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.media.transcripts import cue_plain
from moocforge.model import Codecast, Course, Narration
from moocforge.rules._common import Finding, Options

CODE = "MF305"
NAME = "codecast-narration"
DEFAULT_SEVERITY: Severity = "error"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"all_languages": True, "require_audio": True}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    languages = course.languages if options["all_languages"] else course.languages[:1]
    for item in course.items:
        if not isinstance(item, Codecast):
            continue
        for step in item.steps:
            missing = step.narration.missing(languages)
            if missing:
                yield finding(options, msg("codecast '{id}', step {number} has no narration in "
                                           "{missing}", id=item.id, number=step.number,
                                           missing=', '.join(missing)), step.loc,
                              hint="write `narration: {" + ", ".join(
                                  f"{lang}: …" for lang in languages) + "}`", item=item.id)
        for lang in languages:
            narration = item.narrations.get(lang)
            if narration is not None:
                yield from _audio(item, narration, options)


def _audio(item: Codecast, narration: Narration, options: Options) -> Iterator[Diagnostic]:
    if narration.source == "estimate":
        if options["require_audio"]:
            yield finding(options, msg("codecast '{id}' has no narration audio in {lang}: the "
                                       "player shows timed captions only", id=item.id,
                                       lang=narration.lang),
                          narration.loc, hint=msg("run `moocforge codecast narrate <course>`, or "
                                                  "record one and declare it under `narration:`"),
                          item=item.id, severity="warning")
        return
    if len(narration.timings) != len(item.steps):
        yield finding(options, msg("codecast '{id}': the {lang} cue list {cues} has {timings} "
                                   "cue(s) for {steps} step(s)", id=item.id, lang=narration.lang,
                                   cues=narration.cues, timings=len(narration.timings),
                                   steps=len(item.steps)), narration.loc,
                      hint=msg("one cue per step, in order; `moocforge codecast narrate` remakes "
                               "a generated one"), item=item.id)
        return
    if narration.source == "generated" and narration.texts:
        stale = [step.number for step, text in zip(item.steps, narration.texts, strict=True)
                 if cue_plain(step.narration.get(narration.lang, "")) != text]
        if stale:
            yield finding(options, msg("codecast '{id}': the {lang} narration audio is older "
                                       "than the text of step(s) {str}", id=item.id,
                                       lang=narration.lang,
                                       str=', '.join(map(str, stale))), narration.loc,
                          hint=msg("run `moocforge codecast narrate <course>` again"),
                          item=item.id, severity="warning")
