"""The sections of `targets:` in course.yml: one per writer, plus `media` (the media
checks). The loader validates each present section with its settings class."""

from __future__ import annotations

from moocforge.media.settings import MediaSettings
from moocforge.settings import Settings


def target_settings() -> dict[str, type[Settings]]:
    from moocforge.writers.registry import settings_classes

    return {**settings_classes(), "media": MediaSettings}
