"""Lint profiles: option sets for a target platform or a catalogue policy.

A profile only changes options and severities; the course's own `lint: rules:` settings
and command-line overrides are applied on top of it. Each entry is written like a
`lint: rules:` mapping in course.yml.
"""

from __future__ import annotations

from moocforge import platforms

PROFILES: dict[str, dict[str, object]] = {
    # The rule defaults: IMT's pedagogy rules (formative activity every 20 min of video,
    # about 2 h a week over 4-5 weeks) and Guo et al.'s 6-minute videos.
    "default": {},
    # Coursera's Content Development Guide for Vendors v2.8: videos under 7 min, no more
    # than two items of the same type in a row, "what" readings of 800-1,500 words, a
    # practice activity and a knowledge check in every module, 4-6 modules.
    "coursera": {
        "video-length": {"max_minutes": platforms.COURSERA_MAX_VIDEO_MINUTES},
        "same-type-run": {"max_run": platforms.COURSERA_MAX_SAME_TYPE_RUN},
        "reading-length": {"min_words": platforms.COURSERA_READING_WORDS[0],
                           "max_words": platforms.COURSERA_READING_WORDS[1]},
        "weekly-assessment": {"knowledge_check": True},
        "weekly-workload": {"max_weeks": platforms.COURSERA_MAX_MODULES},
    },
    # edX.org: Studio refuses uploads over MAX_ASSET_UPLOAD_FILE_SIZE_IN_MB (10 by default).
    "edx": {
        "asset-size": {"max_mb": platforms.EDX.max_asset_mb},
    },
    # FUN-MOOC (Open edX Dogwood fork): same 10 MB asset limit; videos are hosted
    # (YouTube / libcast), so local video files are only sources for the video team.
    "fun": {
        "asset-size": {"max_mb": platforms.FUN.max_asset_mb},
    },
}
