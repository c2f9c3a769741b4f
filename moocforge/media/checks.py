"""Checks on probed videos and their transcripts, each finding a Diagnostic.

Codes (media range):

- MF720 media-unreadable   the file is corrupt, truncated or not a video (error)
- MF721 ffmpeg-missing     a video needs probing and ffprobe is not installed (error)
- MF722 media-no-video     the file has no video stream (error)
- MF723 media-no-audio     no audio track (warning)
- MF724 media-resolution   below the target profile (default 640x360; `targets.media.min_width`,
                           `targets.media.min_height`) (warning)
- MF725 media-vfr          variable frame rate: players and editors drift out of sync (warning)
- MF726 media-codec        not H.264 + AAC in MP4, which Open edX / FUN require (error when the
                           course sets `targets.olx`, else warning)
- MF727 media-size         larger than the target's limit per static asset (FUN: 10 MB when
                           `targets.olx.profile: fun`; or `targets.media.max_size_mb`)
- MF728 media-duration     declared `duration:` differs from the probed one by more than 10%
- MF729 transcript-past-end  cues after the end of the video (error when a cue starts after it)
"""

from __future__ import annotations

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.media.probe import MediaInfo
from moocforge.media.settings import MediaSettings
from moocforge.model import Course, Loc, Track, Video
from moocforge.platforms import EDX, FUN, MB

DURATION_TOLERANCE = 0.10
CUE_END_TOLERANCE = 0.5  # seconds: encoders round the last frame
PLATFORM_VIDEO_CODECS = set(EDX.video_codecs)
PLATFORM_AUDIO_CODECS = {*EDX.audio_codecs, ""}  # a missing audio track is MF723's business


def _diag(code: str, severity: Severity, message: str, video: Video, hint: str, rule: str,
          loc: Loc | None = None) -> Diagnostic:
    return Diagnostic(code, severity, message, loc or video.loc, hint, rule, video.id)


def _media_settings(course: Course) -> MediaSettings:
    found = course.targets.get("media")
    return found if isinstance(found, MediaSettings) else MediaSettings()


def _olx_profile(course: Course) -> str | None:
    olx = course.targets.get("olx")
    return str(olx.profile) if olx is not None and hasattr(olx, "profile") else None


def check_video(course: Course, video: Video, info: MediaInfo) -> list[Diagnostic]:
    """Every check that needs only the probe result (fresh or from the lock)."""
    if not info.video_codec:
        return [_diag("MF722", "error", f"'{video.file}' has no video stream", video,
                      "export the video again with a picture track", "media-no-video")]
    found: list[Diagnostic] = []
    if not info.has_audio:
        found.append(_diag("MF723", "warning", f"'{video.file}' has no audio track", video,
                           "check the export settings; a silent video needs a note for "
                           "learners", "media-no-audio"))
    found += _resolution(course, video, info)
    if info.variable_frame_rate:
        found.append(_diag("MF725", "warning", f"'{video.file}' has a variable frame rate "
                           f"(about {info.fps:g} fps on average)", video,
                           "run `moocforge media transcode` (constant frame rate output)",
                           "media-vfr"))
    found += _codec(course, video, info)
    found += _size(course, video, info)
    declared = video.declared_duration
    if declared and info.duration and \
            abs(declared - info.duration) / info.duration > DURATION_TOLERANCE:
        found.append(_diag("MF728", "warning", f"declared duration {declared:g} s differs from "
                           f"the probed {info.duration:g} s by more than "
                           f"{DURATION_TOLERANCE:.0%}", video,
                           "remove `duration:` (the probed value is used) or fix it",
                           "media-duration"))
    return found


def _resolution(course: Course, video: Video, info: MediaInfo) -> list[Diagnostic]:
    settings = _media_settings(course)
    min_width, min_height = settings.min_width, settings.min_height
    if info.width >= min_width and info.height >= min_height:
        return []
    return [_diag("MF724", "warning", f"'{video.file}' is {info.width}x{info.height}, below "
                  f"the {min_width:g}x{min_height:g} minimum", video,
                  "export at a higher resolution, or lower `targets.media.min_height`",
                  "media-resolution")]


def _codec(course: Course, video: Video, info: MediaInfo) -> list[Diagnostic]:
    is_mp4 = "mp4" in info.container.split(",") and (video.file or "").lower().endswith(".mp4")
    if info.video_codec in PLATFORM_VIDEO_CODECS and info.audio_codec in PLATFORM_AUDIO_CODECS \
            and is_mp4:
        return []
    severity: Severity = "error" if "olx" in course.targets else "warning"
    what = f"{info.video_codec or '-'}/{info.audio_codec or '-'} in {info.container or '?'}"
    return [_diag("MF726", severity, f"'{video.file}' is {what}; Open edX and FUN play only "
                  "H.264 + AAC in MP4", video,
                  "run `moocforge media transcode` and use its output", "media-codec")]


def _size(course: Course, video: Video, info: MediaInfo) -> list[Diagnostic]:
    custom = _media_settings(course).max_size_mb
    fun_limit = FUN.max_asset_mb or 0
    if _olx_profile(course) == "fun":
        limit, severity, who = min(custom or fun_limit, fun_limit), "error", "FUN"
    elif custom:
        limit, severity, who = custom, "warning", "targets.media.max_size_mb"
    else:
        return []
    if info.size <= limit * MB:
        return []
    return [_diag("MF727", severity, f"'{video.file}' is {info.size / MB:.1f} MB, over the "
                  f"{limit:g} MB limit per static asset ({who})", video,
                  "host the video (youtube: or a URL) or transcode it at a lower bitrate",
                  "media-size")]


def check_cues(video: Video, lang: str, transcript: Track, duration: float
               ) -> list[Diagnostic]:
    """Cues after the end of the video are never shown (or shown over a black screen)."""
    late = [cue for cue in transcript.cues if cue.end > duration + CUE_END_TOLERANCE]
    if not late:
        return []
    first = late[0]
    severity: Severity = "error" if first.start >= duration else "warning"
    return [_diag("MF729", severity, f"{len(late)} {lang} cue(s) end after the video "
                  f"({duration:.1f} s); the first ends at {first.end:.1f} s", video,
                  "re-time the transcript against the final cut of the video",
                  "transcript-past-end", Loc.of(transcript.file, first.line, 1))]
