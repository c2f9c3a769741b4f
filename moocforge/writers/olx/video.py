"""Videos → `<video>` blocks, transcripts → `.srt` files in `static/`.

edX profile: the standard video block (YouTube id and/or HTML5 sources, `transcripts` JSON
plus `<transcript>` children). FUN profile: FUN's video block (libcast-xblock) reads only
`display_name`, `video_id`, `is_youtube_video` and `allow_download`, written inline; what it
cannot carry (transcripts, local files) is reported.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from lxml import etree

from moocforge.media.transcripts import to_srt
from moocforge.model import Cue, Video
from moocforge.platforms import FUN, MB
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import element, json_attr, sub


def video_block(b: Build, video: Video) -> etree._Element:
    transcripts = _transcripts(b, video)
    if b.fun:
        return _fun_video(b, video, transcripts)
    return _edx_video(b, video, transcripts)


def _edx_video(b: Build, video: Video, transcripts: dict[str, str]) -> etree._Element:
    sources = _sources(b, video)
    download = b.settings.download_video
    if download is None:
        download = bool(sources)
    node = element("video", {
        "display_name": b.t(video.title),
        "youtube": f"1.00:{video.youtube_id}" if video.youtube_id else None,
        # Studio writes "" for an HTML5-only video: without it the block keeps its field
        # default (a sample YouTube clip) and the player plays that instead of the file.
        "youtube_id_1_0": video.youtube_id or "",
        "html5_sources": json_attr(sources) if sources else None,
        "download_video": "true" if download and sources else "false",
        "download_track": "true" if transcripts else None,
        "transcripts": json_attr(transcripts) if transcripts else None,
        "transcript_language": b.lang if b.lang in transcripts else None,
        "edx_video_id": b.settings.video_ids.get(video.id, ""),
    })
    for src in sources:
        sub(node, "source", attrs={"src": src})
    for lang, name in sorted(transcripts.items()):
        sub(node, "transcript", attrs={"language": lang, "src": name})
    return node


def _sources(b: Build, video: Video) -> list[str]:
    if video.url:
        return [video.url]
    if not video.file:
        return []
    if b.settings.video_base_url:
        return [f"{b.settings.video_base_url}/{quote(video.file)}"]
    if not b.course.assets.exists(video.file):
        b.loss("MF511", f"video '{video.id}': {video.file} is not in this checkout, so it is "
               "not in the package", video.loc,
               "build where the media files are, or set targets.olx.video_base_url", video)
        return []
    return [f"/static/{b.static.add_file(video.file, is_video=True)}"]


def _fun_video(b: Build, video: Video, transcripts: dict[str, str]) -> etree._Element:
    video_id, youtube = b.settings.video_ids.get(video.id, ""), False
    if video.youtube_id and not video_id:
        video_id, youtube = video.youtube_id, True
    if not video_id:
        b.loss("MF512", f"video '{video.id}': FUN's video block plays YouTube videos or videos "
               "hosted on FUN's video service only", video.loc,
               f"upload it on FUN and set targets.olx.video_ids.{video.id}", video)
        _ship_fun_file(b, video)
    if transcripts:
        b.loss("MF510", f"video '{video.id}': FUN's video block has no transcripts setting; "
               "the .srt files are in static/ for upload on FUN's video service",
               video.loc, "attach the transcripts to the video on FUN", video)
    allow = b.settings.download_video if b.settings.download_video is not None else False
    return element("video", {
        "url_name": video.url_name,
        "display_name": b.t(video.title),
        "video_id": video_id,
        "is_youtube_video": "true" if youtube else "false",
        "allow_download": "true" if allow else "false",
    })


def _ship_fun_file(b: Build, video: Video) -> None:
    if not video.file or not b.course.assets.exists(video.file):
        return
    size = b.course.assets.size(video.file)
    if size > (FUN.max_asset_bytes or size):
        b.loss("MF513", f"video '{video.id}': {video.file} ({size / MB:.1f} MB) is over FUN's "
               f"{FUN.max_asset_mb:g} MB upload limit and is left out of the package",
               video.loc, "upload the video on FUN's video service", video)
        return
    b.static.add_file(video.file, is_video=True)


def _transcripts(b: Build, video: Video) -> dict[str, str]:
    """Every transcript as SRT in static/; returns {lang: static name}."""
    names: dict[str, str] = {}
    for lang, track in sorted(video.tracks.items()):
        if not track.cues:
            continue
        srt = _srt(track.cues)
        names[lang] = b.static.add_data(f"{video.url_name}-{lang}.srt", srt.encode("utf-8"))
    return names


@lru_cache(maxsize=4096)
def _srt(cues: tuple[Cue, ...]) -> str:
    return to_srt(cues)
