"""Platform limits and recommendations, in one place for rules, media checks and writers.

Every number carries its source. Sizes are in bytes; "MB" means 10^6 bytes, as Open edX
Studio counts it (`settings.MAX_ASSET_UPLOAD_FILE_SIZE_IN_MB * 1000 ** 2` in
`cms/djangoapps/contentstore/asset_storage_handlers.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1000 * 1000


@dataclass(frozen=True)
class Platform:
    name: str
    max_asset_mb: float | None  # largest static file Studio accepts (None: no limit known)
    video_codecs: tuple[str, ...] = ()  # codecs the platform's player plays from a file
    audio_codecs: tuple[str, ...] = ()

    @property
    def max_asset_bytes(self) -> int | None:
        return None if self.max_asset_mb is None else int(self.max_asset_mb * MB)


# Open edX Studio's default MAX_ASSET_UPLOAD_FILE_SIZE_IN_MB is 10 (cms/envs/common.py); FUN's
# CMS keeps it (openfun/openedx-docker cms/docker_run_production.py). Both play H.264 + AAC.
EDX = Platform("edx", max_asset_mb=10, video_codecs=("h264",), audio_codecs=("aac",))
FUN = Platform("fun", max_asset_mb=10, video_codecs=("h264",), audio_codecs=("aac",))
# Coursera's Content Development Guide for Vendors v2.8 (Nov 2025), reference/platforms.md.
COURSERA = Platform("coursera", max_asset_mb=None)
COURSERA_MAX_VIDEO_MINUTES = 7
COURSERA_MAX_SAME_TYPE_RUN = 2
COURSERA_READING_WORDS = (800, 1500)
COURSERA_MAX_MODULES = 6

PLATFORMS = {p.name: p for p in (EDX, FUN, COURSERA)}


def olx_platform(profile: str) -> Platform:
    """The platform an OLX profile targets (`edx` or `fun`)."""
    return FUN if profile == "fun" else EDX
