"""Every video has a well-formed transcript in every course language.

**Why.** WCAG 2.1 success criteria 1.2.2 (captions, level A) and 1.2.3 (media alternative);
learners who are deaf, hard of hearing, not native speakers, or watching without sound
depend on them. Platforms reject or silently mangle malformed files (a `.` instead of a `,`
in SRT times, cues out of order, no `WEBVTT` header).

**What it checks.**

- each video lists a transcript (`transcripts: {lang: file}`) for every course language
  (only the default language with `all_languages: false`);
- (each transcript is parsed strictly when the course is loaded: its syntax problems are
  load diagnostics MF700–MF711, reported by `validate` too);
- when the video's duration was measured (probe, media.lock) or declared, no cue ends after
  the video (plus `slack_seconds`), and the cues reach at least `min_coverage` of it
  (a transcript that stops early usually belongs to an older cut of the video).

**Options:**

- `all_languages: true` — a transcript per course language (else the default language only).
- `slack_seconds: 1.0` — how far a cue may end past the video.
- `min_coverage: 0.5` — the last cue must end after this fraction of the video (0: off).

**Passes:**

```yaml
- video: media/hello.mp4
  title: Hello
  transcripts: {fr: media/hello.fr.vtt, en: media/hello.en.vtt}
```

**Fails:**

```yaml
- video: media/hello.mp4
  title: Hello
  transcripts: {fr: media/hello.fr.vtt}     # no English transcript in a fr/en course
```
"""

from __future__ import annotations

from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc, Track, Video
from moocforge.rules._common import Finding, Options

CODE = "MF300"
NAME = "transcript-missing"
DEFAULT_SEVERITY: Severity = "error"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"all_languages": True, "slack_seconds": 1.0,
                               "min_coverage": 0.5}
MEASURED = ("probe", "lock", "declared")
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    languages = course.languages if options["all_languages"] else course.languages[:1]
    for item in course.items:
        if item.kind != "video":
            continue
        missing = [lang for lang in languages if lang not in item.transcripts]
        if missing:
            yield finding(options, f"video '{item.id}' has no transcript in "
                          + ", ".join(missing), item.loc,
                          hint="add `transcripts: {" + ", ".join(
                              f"{lang}: <file>.{lang}.vtt" for lang in missing) + "}`; "
                          "`moocforge media` can draft one from the script", item=item.id)
        for track in sorted({t.file: t for t in item.tracks.values()}.values(),
                            key=lambda t: t.file):
            yield from _coverage(item, track, options)


def _coverage(video: Video, track: Track, options: Options) -> Iterator[Diagnostic]:
    if video.duration is None or video.duration_source not in MEASURED or not track.cues:
        return
    limit = video.duration + float(options["slack_seconds"])
    late = next((cue for cue in track.cues if cue.end > limit), None)
    if late is not None:
        yield finding(options, msg("transcript cue ends at {end:.1f} s, after the end of the "
                                   "video ({duration:.1f} s, {duration_source})", end=late.end,
                                   duration=video.duration, duration_source=video.duration_source),
                      Loc.of(track.file, late.line, 1), hint=msg("the transcript belongs to "
                                                                 "another cut of the video, or "
                                                                 "its times are off"),
                      item=video.id)
    coverage = float(options["min_coverage"])
    if coverage and track.end < coverage * video.duration:
        yield finding(options, msg("transcript stops at {end:.1f} s of a {duration:.1f} s video",
                                   end=track.end,
                                   duration=video.duration),
                      Loc.of(track.file, track.cues[-1].line, 1),
                      hint=msg("transcribe the whole video"), item=video.id, severity="warning")
