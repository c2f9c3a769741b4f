"""`targets.olx` in course.yml: the OLX writer's settings."""

from __future__ import annotations

from moocforge.settings import Bool, Choice, ListOf, MapOf, Nullable, Settings, Str, Url

DEFAULT_QUEUE = "moocforge"


class OlxSettings(Settings):
    section = "targets.olx"
    doc = "Open edX OLX packages (edX.org, Open edX, FUN-MOOC)."

    profile = Choice(("edx", "fun"), "edx", "Platform profile of the packages.",
                     meanings={"edx": "edX.org and standard Open edX: the standard video block",
                               "fun": "FUN-MOOC: FUN's video block, 10 MB asset limit"})
    profiles = ListOf(Choice(("edx", "fun"), "edx", "A profile."), (), "Every profile the "
                      "build packages when no --profile is given (each package name ends "
                      "with its profile, but edx's); empty: `profile` alone.",
                      example=["edx", "fun"])
    queue = Str(DEFAULT_QUEUE, "XQueue queue name of the external grader of code exercises.",
                example="imt-abc-c")
    video_base_url = Url("", "Where the videos are hosted: each local video becomes "
                         "`<video_base_url>/<its path in the course>`.",
                         example="https://videos.example.org/abc-c")
    download_video = Nullable(Bool(False, "Let learners download the videos (default: yes "
                                          "when the package ships a file)."))
    video_ids = MapOf(Str("", "A platform video id."),
                      "Item id → platform video id (edxval id, or FUN's video service id).",
                      example={"hello": "a1b2c3d4"})
