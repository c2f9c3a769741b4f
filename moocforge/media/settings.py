"""`targets.media` in course.yml: the media checks' settings."""

from __future__ import annotations

from moocforge.settings import Float, Int, Nullable, Settings

DEFAULT_MIN_WIDTH = 640
DEFAULT_MIN_HEIGHT = 360


class MediaSettings(Settings):
    section = "targets.media"
    doc = "Checks on the course's video files (after probing)."

    min_width = Int(DEFAULT_MIN_WIDTH, "Smallest accepted video width, in pixels.", minimum=1)
    min_height = Int(DEFAULT_MIN_HEIGHT, "Smallest accepted video height, in pixels.",
                     minimum=1)
    max_size_mb = Nullable(Float(0.0, "Largest video file, in MB (10^6 bytes); FUN's limit "
                                      "applies anyway with `targets.olx.profile: fun`.",
                                 minimum=0.001, example=200))
