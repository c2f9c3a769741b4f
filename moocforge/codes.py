"""Every diagnostic code moocforge can emit outside the lint rules, with one meaning each.

Lint rules (MF100–MF499) document themselves (`moocforge.rules`, docs/rules.md); every other
code is listed here, and `docs/diagnostics.md` is generated from this table and the rules
(`python -m moocforge.docgen`). A test checks that the code uses no code missing from the
table, and that the table lists no code the code never emits.
"""

from __future__ import annotations

from dataclasses import dataclass

AREAS = (
    ("MF000", "MF099", "Loading sources", "the loader and the commands' own checks"),
    ("MF100", "MF499", "Lint rules", "see [rules.md](rules.md)"),
    ("MF500", "MF549", "OLX writer", "loss report and package errors of `--target olx`"),
    ("MF550", "MF599", "Coursera kit", "loss report and kit errors of `--target coursera`"),
    ("MF600", "MF649", "Site", "`--target site` and the preview"),
    ("MF650", "MF699", "Import", "`moocforge import olx` (see [import.md](import.md))"),
    ("MF700", "MF799", "Media", "transcripts, probing, media.lock, transcoding, drafts"),
    ("MF800", "MF899", "Exercises", "`moocforge check` and `moocforge grade`"),
    ("MF900", "MF999", "Analytics", "`moocforge stats` and `lint --stats`"),
)


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: str  # the usual severity ("varies" when the context decides)
    summary: str


_TABLE = """
MF001 yaml-syntax          error   A YAML file does not parse.
MF002 not-utf8             error   A text file is not valid UTF-8.
MF003 binary-file          error   A binary file where text is expected.
MF004 alias-bomb           error   Too many YAML nodes after expanding aliases.
MF005 duplicate-key        error   A key appears twice in one YAML mapping.
MF006 not-a-mapping        error   A YAML file does not hold a mapping of keys.
MF007 text-too-large       error   A text file is over the 5 MiB limit.
MF008 nested-too-deeply    error   The structure is nested too deeply to read.
MF009 schema               error   A value breaks a schema rule not covered by a more precise code.
MF010 wrong-type           error   A value has the wrong type (text, number, list, mapping…).
MF011 unknown-key          error   An unknown key (with a "did you mean").
MF012 missing-key          error   A required key or value is missing.
MF013 not-allowed          error   A value is not one of the allowed values.
MF014 item-kind            error   An item has no kind key, or several.
MF015 wrong-form           error   A value has the wrong form (pattern, id, extension, path).
MF016 out-of-range         error   A number is out of range, not finite, or too large.
MF017 not-a-date           error   A date does not exist (2027-02-30).
MF018 date-order           error   A run ends before it starts.
MF019 empty                error   A list or mapping that must not be empty is empty.
MF020 not-found            error   A file or folder the sources name does not exist.
MF021 outside-roots        error   A path (or symlink) leaves the course and its declared roots.
MF022 duplicate-id         error   Two ids of one kind collide (items, lessons, tests, types…).
MF023 unknown-reference    error   A reference names no objective or test.
MF024 unknown-language     varies  A language not among the course's (error) or unknown (warning).
MF025 unreadable           error   A file exists but cannot be read.
MF026 undeclared-translation warning A translation file for a language the course does not declare.
MF027 no-course            error   The folder has no course.yml.
MF028 case-collision       error   Two ids differ only by letter case.
MF029 invisible-character  varies  A bidi override (error) or control character (warning) in text.
MF030 unknown-setting      error   An unknown target or setting (with a "did you mean").
MF031 bad-setting          error   A setting has a value of the wrong type or out of range.
MF032 unknown-timezone     error   A time zone that is not an IANA name.
MF033 relative-date        error   A relative date cannot be resolved (no run, no such week).
MF034 run-date-override    error   A run's `dates:` names no item or week, or no date of it.
MF035 variant-unknown-id   error   A variant includes or excludes an id the course does not have.
MF040 catalog-course       error   A course folder listed in catalog.yml cannot be loaded.
MF041 catalog-reference    error   catalog.yml names a course, variant or category it does not have.
MF036 codecast-record      error   `codecast record` cannot read its snapshots (folders or commits).
MF037 raw-olx-xml          error   A raw OLX item's file is not well-formed, safe XML.
MF038 translations-lock    error   translations.lock cannot be read (YAML, version, digests).
MF039 translations-target  error   `translations confirm` names no translation of the course.
MF097 lint-crashed         error   The linter failed (a moocforge bug).
MF098 writer-crashed       error   A writer failed (a moocforge bug); nothing was replaced.
MF099 loader-crashed       error   The loader failed (a moocforge bug).
MF501 olx-mixed-types      warning A lesson mixes assignment types; Open edX grades it as one.
MF502 olx-assignment-type  varies  A graded item's assignment type is missing or undeclared.
MF503 olx-question-weights warning Per-question weights cannot be expressed in one problem.
MF504 olx-regex-answer     warning A regex answer has no general equivalent on Open edX.
MF505 olx-dropdown         warning A dropdown with several correct options keeps one.
MF506 olx-not-scorable     warning An item marked graded cannot be scored on Open edX.
MF507 olx-formative-peer   warning A formative peer assessment in a graded lesson counts.
MF508 olx-dropdown-format  warning A dropdown option's formatting cannot be shown; it is dropped.
MF509 olx-dropdown-quote   error   A dropdown option Open edX cannot show or grade (quote, \\).
MF510 fun-transcripts      warning FUN's video block has no transcripts setting.
MF511 video-absent         warning A local video is not in this checkout.
MF512 fun-video-host       warning FUN plays only YouTube or FUN-hosted videos.
MF513 fun-video-size       warning A video is over FUN's upload limit.
MF514 fun-asset-size       error   A static file is over FUN's upload limit.
MF515 olx-web-app          warning An external web app without LTI is a link on Open edX.
MF516 olx-lti-passport     info    An LTI 1.1 passport the platform team must enter.
MF517 olx-codecast-no-run  info    A codecast in a language the LMS cannot run (played, edited).
MF518 olx-decimal-comma    warning A decimal answer Open edX accepts only with a point, not a comma.
MF520 ora-no-submission    error   A peer assessment accepts neither text nor files.
MF521 ora-file-types       warning Open edX refuses uploads of some declared file types.
MF522 ora-must-grade       error   must_grade is less than graded_by.
MF523 ora-option-names     error   A criterion has two options with one name.
MF524 ora-training         error   A training step has no example.
MF530 olx-link-outside     error   A link leaves the course folder.
MF531 olx-link-missing     warning A link points to a missing file.
MF532 olx-no-image         warning The course has no image: a placeholder is shipped.
MF533 olx-no-run-end       info    A run has no end date; the package ends it.
MF534 olx-url-name         error   Two blocks would share one url_name.
MF535 olx-date-outside-run warning A date is outside the run being packaged.
MF536 olx-weights          warning Assignment weights do not add up to 1.
MF537 olx-drop-all         warning An assignment type drops all its graded subsections.
MF538 olx-unit-release     warning The items of a unit have different release dates.
MF540 olx-profile          error   An unknown OLX profile.
MF541 olx-no-run           error   The course has no run to package.
MF542 olx-language         error   A --lang that is not a course language.
MF550 coursera-dropdown    warning A dropdown question becomes multiple choice.
MF551 coursera-lessons     warning Lessons are flattened into modules.
MF552 coursera-drop        warning No drop-lowest rule on Coursera.
MF553 coursera-hints       warning Coursera quizzes cannot show hints.
MF554 coursera-attempts    warning Attempts are limited per time window on Coursera.
MF555 coursera-peer-steps  warning A peer-assessment step other than peer review.
MF556 coursera-video-file  warning No video file to upload.
MF557 coursera-dates       warning Absolute dates: Coursera follows the session schedule.
MF558 coursera-pass        warning The pass threshold of a weighted average.
MF559 coursera-graded      warning A graded video or reading cannot be graded.
MF560 coursera-programming warning A programming exercise needs a Coursera grader.
MF561 coursera-showanswer  warning The show-answer policy.
MF562 coursera-external    warning An external tool becomes an App item set up by hand.
MF563 coursera-codecast    warning A codecast becomes a reading (steps, audio, code download).
MF564 coursera-raw-olx     warning An Open edX block kept as OLX has no Coursera equivalent.
MF571 coursera-link-outside error  A link leaves the course folder.
MF572 coursera-link-missing error  A link names a missing file.
MF599 coursera-write       error   The kit cannot be written.
MF600 mkdocs-error         error   mkdocs failed to build a language tree.
MF601 mkdocs-warning       warning mkdocs reported a problem in a page.
MF602 site-theme           error   The site theme files are missing.
MF603 site-video-absent    warning A local video is absent: its page has no player.
MF604 site-transcript      warning A transcript has no readable cue.
MF605 site-math            info    Math without MathJax installed.
MF606 site-link            warning A relative link points to no file.
MF607 site-regex           warning A regex answer the browser cannot check.
MF608 site-link-outside    error   A link or image is a symlink that leads outside the course.
MF610 site-discussion      info    Discussions are prompts only.
MF611 site-peer            info    Peer assessments cannot be submitted on the site.
MF612 site-exercise        info    The site cannot run learners' code.
MF650 import-raw           warning A block moocforge cannot express is kept as a raw OLX item.
MF651 import-why-raw       info    Why a block could not become a moocforge item.
MF652 import-feedback      warning Feedback a quiz has no place for is left out.
MF653 import-regex-samples info    A regular-expression answer has no sample answers.
MF654 import-text          warning HTML that quiz or prompt text cannot show is simplified.
MF655 import-html-missing  warning An html block names a file the export does not have.
MF656 import-exercise      warning An exercise's tests are not in the export.
MF657 import-video         warning A video setting moocforge has no place for is left out.
MF658 import-transcript    warning A transcript is left out (language, missing, unreadable).
MF659 import-peer          warning A peer-assessment detail is changed or left out.
MF660 import-course        varies  A course-level part of the export is not imported as such.
MF661 import-merge         varies  A block of a translation matches nothing, or has no translation.
MF662 import-destination   error   The destination or an option cannot be used.
MF663 import-unsafe        error   The archive is refused (paths, links, devices, size, count).
MF664 import-export        varies  The export or one of its blocks cannot be read (XML, JSON).
MF665 import-invalid       error   The imported course does not validate.
MF700 vtt-header           error   A WebVTT file does not start with WEBVTT.
MF701 cue-timing           error   A malformed cue timing line.
MF702 cue-order            error   A cue ends before (or when) it starts.
MF703 cue-sequence         error   A cue starts before the previous one.
MF704 cue-overlap          warning A cue overlaps the previous one.
MF705 cue-empty            warning A cue without text.
MF706 srt-number           error   An SRT cue number missing or out of sequence.
MF707 not-a-cue            error   A block that is not a cue.
MF708 transcript-file      varies  An unreadable transcript file (encoding, BOM, extension).
MF709 no-cues              error   A transcript without cues.
MF711 cue-setting          warning An unknown WebVTT cue setting.
MF720 media-unreadable     error   A video is corrupt or not a video.
MF721 ffmpeg-missing       error   A video needs probing and ffprobe is not installed.
MF722 media-no-video       error   The file has no video stream.
MF723 media-no-audio       warning No audio track.
MF724 media-resolution     warning Below the minimum resolution.
MF725 media-vfr            warning A variable frame rate.
MF726 media-codec          varies  Not H.264 + AAC in MP4.
MF727 media-size           varies  Over the size limit per static asset.
MF728 media-duration       warning A declared duration differs from the probed one.
MF729 transcript-past-end  varies  Cues after the end of the video.
MF730 media-lock           warning media.lock cannot be read.
MF731 media-lock-write     warning media.lock cannot be written.
MF740 transcode-output     error   The transcode output is inside the course folder.
MF741 ffmpeg-absent        error   ffmpeg is not installed.
MF742 ffmpeg-failed        error   ffmpeg failed on a video.
MF745 draft-tool           error   A tool drafting needs is not installed.
MF746 draft-failed         error   A draft video cannot be made.
MF747 narration-failed     error   The narration audio of a codecast cannot be made.
MF748 draft-not-ours       error   A draft would replace a file moocforge did not draft.
MF800 reference-fails      error   The reference solution fails a test.
MF801 reference-compile    error   The reference solution does not compile.
MF802 starter-compile      error   The starter code does not compile.
MF803 wrong-passes-test    error   A wrong solution passes a test it must fail.
MF804 wrong-passes-all     error   A wrong solution passes every test.
MF805 wrong-feedback       error   The feedback for a wrong solution is not the declared one.
MF806 wrong-no-feedback    warning A wrong solution has no feedback in a language.
MF807 reference-warning    warning The reference solution compiles with a warning.
MF809 checker              error   The checker program cannot be used.
MF810 reference-missing    error   The reference solution is empty or missing.
MF811 not-isolated         warning Exercise programs are not isolated on this machine.
MF812 unknown-exercise     error   No exercise of that name.
MF813 no-wrong-solution    warning An exercise has no wrong solution.
MF814 wrong-feedback-none  info    A wrong solution declares no feedback.
MF815 reference-slow       warning The reference solution is close to the time limit.
MF820 no-exercise          error   The folder has no exercise.yml.
MF830 codecast-compile     error   The code of a codecast step does not compile with gcc.
MF831 codecast-output      error   A codecast run does not print its expected output.
MF832 codecast-run         error   A codecast run crashes, times out or exits with an error.
MF900 malformed-logs       warning Malformed log lines were skipped.
MF901 unknown-block        warning Events on blocks the course does not have.
MF902 no-course-events     warning No event belongs to this course.
MF903 grade-report         error   A grade report without its key columns.
MF904 problem-grades       warning A problem grade column matches no item.
MF905 cohorts              varies  The cohort file cannot be read (error), or a bad line (warning).
MF906 no-logs              error   A log file is missing.
MF907 unknown-run          error   A run the statistics ask for does not exist.
MF908 unread-files         warning Files in the log folders were not read (not logs).
MF913 left-out-events      info    Events left out of the figures, counted by reason.
MF914 coursera-export      error   A Coursera data export lacks a table or the course.
MF915 stats-failed         error   The statistics cannot be computed (memory limit, DuckDB).
MF909 no-stats             error   The stats database is missing.
MF910 hard-item            warning An item is hard for learners.
MF911 drop-off             warning Many learners stop at an item.
MF912 abandoned-video      warning A video is mostly abandoned.
"""


def _parse(table: str) -> dict[str, Code]:
    codes = {}
    for line in table.strip().splitlines():
        code, name, severity, summary = line.split(None, 3)
        codes[code] = Code(code, name, severity, summary)
    return codes


CODES: dict[str, Code] = _parse(_TABLE)


def area_of(code: str) -> str:
    return next((title for low, high, title, _ in AREAS if low <= code <= high), "Other")


def diagnostics_markdown() -> str:
    """The text of docs/diagnostics.md (generated: edit this table, not the file)."""
    from moocforge.rules import RULES, summary

    lines = ["# Diagnostic codes", "",
             "<!-- Generated by `python -m moocforge.docgen` from moocforge/codes.py and the "
             "rule modules. Do not edit by hand. -->", "",
             "Every problem moocforge reports has one code with one meaning, a severity, a "
             "position (`file:line:col`) and, most of the time, a hint. Lint rules can be "
             "configured and silenced (see [lint.md](lint.md)); the other codes are facts "
             "about the sources or the targets.", ""]
    rules = {m.CODE: m for m in RULES}
    for low, high, title, note in AREAS:
        lines += [f"## {title} ({low[:3]}{low[3]}xx–{high[:3]}{high[3]}xx)", "", f"{note}.", "",
                  "| Code | Name | Severity | Meaning |", "| --- | --- | --- | --- |"]
        if title == "Lint rules":
            lines += [f"| [{c}](rules.md#{c.lower()}-{m.NAME}) | `{m.NAME}` | "
                      f"{m.DEFAULT_SEVERITY} | {summary(m)} |" for c, m in sorted(rules.items())]
        else:
            lines += [f"| {c.code} | `{c.name}` | {c.severity} | {c.summary} |"
                      for c in CODES.values() if low <= c.code <= high]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
