"""Probe, media.lock and enrich with real videos made by ffmpeg in the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from media_fixtures import course_yml_with, make_video, video_week

from moocforge.app import load as prepare
from moocforge.media.lock import read_lock
from moocforge.media.probe import STATS, probe

WEEK = "weeks/02-videos/week.yml"


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("clips")
    return {
        "good": make_video(base / "good.mp4", seconds=2),
        "good3": make_video(base / "good3.mp4", seconds=3),
        "silent": make_video(base / "silent.mp4", seconds=1, audio=False),
        "small": make_video(base / "small.mp4", seconds=1, size="320x240"),
        "mpeg4": make_video(base / "mpeg4.avi", seconds=1, vcodec="mpeg4",
                            acodec="libmp3lame"),
        "vfr": make_video(base / "vfr.mp4", seconds=2, extra=(
            "-vf", "setpts='if(lt(N,25),N/25,1+(N-25)/5)/TB'", "-fps_mode", "vfr")),
    }


def course_with(make_course, clips, videos: dict[str, str], items: str,
                course_extra: str = "", files: dict | None = None) -> Path:
    root = make_course({"course.yml": course_yml_with(course_extra), WEEK: video_week(items),
                        **(files or {})})
    for rel, clip in videos.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clips[clip], root / rel)
    return root


def video_of(prepared, item_id: str):
    item = prepared.course.item(item_id)
    assert item is not None and item.kind == "video"
    return item


def media_codes(prepared) -> list[str]:
    return sorted(d.code for d in prepared.diagnostics if d.code.startswith("MF7"))


def test_probe_reads_real_values(clips) -> None:
    before = STATS.calls
    info = probe(clips["good"])
    assert STATS.calls == before + 1
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert (info.width, info.height) == (640, 360)
    assert (info.video_codec, info.audio_codec, info.has_audio) == ("h264", "aac", True)
    assert info.fps == pytest.approx(25)
    assert not info.variable_frame_rate
    assert info.size == clips["good"].stat().st_size and info.bit_rate > 0
    assert len(info.sha256) == 64 and "mp4" in info.container.split(",")
    silent = probe(clips["silent"])
    assert not silent.has_audio and silent.audio_codec == ""
    assert probe(clips["vfr"]).variable_frame_rate


def test_enrich_probes_then_hits_the_lock_then_reprobes(make_course, clips) -> None:
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"},
                       "- {video: media/a.mp4, id: a, title: A}\n")
    before = STATS.calls
    first = prepare(root)
    assert first.ok, first.diagnostics
    assert STATS.calls == before + 1
    a = video_of(first, "a")
    assert a.duration == pytest.approx(2.0, abs=0.1) and a.duration_source == "probe"
    lock_text = (root / "media.lock").read_text("utf-8")
    data = yaml.safe_load(lock_text)
    assert data["version"] == 1
    entry = data["videos"]["weeks/02-videos/media/a.mp4"]
    assert set(entry) >= {"sha256", "size", "duration", "width", "height", "video_codec",
                          "audio_codec", "has_audio", "fps", "bit_rate", "probed_with"}
    assert entry["probed_with"].startswith("ffprobe")
    mtime = (root / "media.lock").stat().st_mtime_ns

    second = prepare(root)  # unchanged media: no ffprobe process at all
    assert STATS.calls == before + 1
    assert video_of(second, "a").duration == a.duration
    assert video_of(second, "a").duration_source == "probe"
    assert (root / "media.lock").stat().st_mtime_ns == mtime  # not rewritten

    shutil.copyfile(clips["good3"], root / "weeks/02-videos/media/a.mp4")  # content changes
    third = prepare(root)
    assert STATS.calls == before + 2
    assert video_of(third, "a").duration == pytest.approx(3.0, abs=0.1)
    assert yaml.safe_load((root / "media.lock").read_text("utf-8"))["videos"][
        "weeks/02-videos/media/a.mp4"]["duration"] == pytest.approx(3.0, abs=0.1)


def test_same_size_different_content_is_reprobed(make_course, clips) -> None:
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"},
                       "- {video: media/a.mp4, id: a, title: A}\n")
    prepare(root)
    lock = root / "media.lock"
    data = yaml.safe_load(lock.read_text("utf-8"))
    data["videos"]["weeks/02-videos/media/a.mp4"]["sha256"] = "0" * 64
    data["videos"]["weeks/02-videos/media/a.mp4"]["duration"] = 99.0
    lock.write_text(yaml.safe_dump(data), "utf-8")
    before = STATS.calls
    again = prepare(root)
    assert STATS.calls == before + 1  # the hash decides, not the size
    assert video_of(again, "a").duration == pytest.approx(2.0, abs=0.1)


def test_lock_is_stable_sorted_and_pruned(make_course, clips) -> None:
    items = ("- {video: media/b.mp4, id: b, title: B}\n"
             "- {video: media/a.mp4, id: a, title: A}\n")
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good",
                                            "weeks/02-videos/media/b.mp4": "silent"}, items)
    prepare(root)
    text = (root / "media.lock").read_text("utf-8")
    keys = list(yaml.safe_load(text)["videos"])
    assert keys == sorted(keys) and len(keys) == 2
    (root / "media.lock").unlink()
    prepare(root)
    assert (root / "media.lock").read_text("utf-8") == text  # byte-stable

    (root / WEEK).write_text(video_week("- {video: media/a.mp4, id: a, title: A}\n"), "utf-8")
    prepare(root)
    assert list(yaml.safe_load((root / "media.lock").read_text("utf-8"))["videos"]) == [
        "weeks/02-videos/media/a.mp4"]


def test_missing_file_uses_the_lock(make_course, clips) -> None:
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"},
                       "- {video: media/a.mp4, id: a, title: A}\n")
    prepare(root)
    text = (root / "media.lock").read_text("utf-8")
    (root / "weeks/02-videos/media/a.mp4").unlink()
    before = STATS.calls
    ci = prepare(root)
    assert ci.ok, ci.diagnostics
    assert STATS.calls == before
    a = video_of(ci, "a")
    assert a.duration_source == "lock" and a.duration == pytest.approx(2.0, abs=0.1)
    assert (root / "media.lock").read_text("utf-8") == text


def test_no_ffprobe_is_fine_until_a_video_needs_probing(make_course, clips,
                                                        monkeypatch) -> None:
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"},
                       "- {video: media/a.mp4, id: a, title: A}\n")
    prepare(root)
    monkeypatch.setenv("MOOCFORGE_FFPROBE", "/nonexistent/ffprobe")
    assert prepare(root).ok  # everything is in the lock
    shutil.copyfile(clips["good3"], root / "weeks/02-videos/media/a.mp4")
    broken = prepare(root)
    [missing] = [d for d in broken.diagnostics if d.code == "MF721"]
    assert missing.severity == "error" and "apt-get install ffmpeg" in missing.hint
    assert missing.loc.file == WEEK and missing.item == "a"
    assert "weeks/02-videos/media/a.mp4" in read_lock(root).videos  # kept until re-probed


def test_checks_report_each_problem(make_course, clips) -> None:
    items = """\
        - {video: media/silent.mp4, id: silent, title: Silent}
        - {video: media/small.mp4, id: small, title: Small}
        - {video: media/old.avi, id: old, title: Old}
        - {video: media/vfr.mp4, id: vfr, title: VFR}
        - {video: media/bad.mp4, id: bad, title: Bad}
        - {video: media/declared.mp4, id: declared, title: Declared, duration: 10}
        - {video: media/good.mp4, id: good, title: Good, duration: 2.1}
        """
    root = course_with(make_course, clips, {
        "weeks/02-videos/media/silent.mp4": "silent",
        "weeks/02-videos/media/small.mp4": "small",
        "weeks/02-videos/media/old.avi": "mpeg4",
        "weeks/02-videos/media/vfr.mp4": "vfr",
        "weeks/02-videos/media/declared.mp4": "good",
        "weeks/02-videos/media/good.mp4": "good",
    }, items, files={"weeks/02-videos/media/bad.mp4": b"\x00\x00\x00\x18ftypmp42 garbage"})
    prepared = prepare(root)
    by_item: dict[str, set[str]] = {}
    for d in prepared.diagnostics:
        if d.code.startswith("MF7"):
            by_item.setdefault(d.item, set()).add(d.code)
            assert d.hint and d.loc.file == WEEK and d.loc.line > 0
    assert by_item["silent"] == {"MF723"}
    assert by_item["small"] == {"MF724"}
    assert "MF726" in by_item["old"]
    assert "MF725" in by_item["vfr"]
    assert by_item["bad"] == {"MF720"}
    assert by_item["declared"] == {"MF728"}
    assert "good" not in by_item
    assert not prepared.ok  # the corrupt file is an error
    assert "weeks/02-videos/media/bad.mp4" not in read_lock(root).videos
    assert video_of(prepared, "declared").duration == pytest.approx(2.0, abs=0.1)


def test_profile_settings_drive_resolution_codec_and_size(make_course, clips) -> None:
    items = "- {video: media/a.mp4, id: a, title: A}\n- {video: media/old.avi, id: old, " \
            "title: Old}\n"
    videos = {"weeks/02-videos/media/a.mp4": "good", "weeks/02-videos/media/old.avi": "mpeg4"}
    strict = course_with(make_course, clips, videos, items, course_extra="""\
        targets:
          olx: {profile: fun}
          media: {min_height: 720, max_size_mb: 0.01}
        """)
    found = {(d.item, d.code): d for d in prepare(strict).diagnostics}
    assert found[("a", "MF724")].severity == "warning"
    assert "1280" not in found[("a", "MF724")].message and "720" in found[("a", "MF724")].message
    assert found[("a", "MF727")].severity == "error" and "FUN" in found[("a", "MF727")].message
    assert found[("old", "MF726")].severity == "error"  # the course targets olx


def test_item_suppression_silences_a_media_check(make_course, clips) -> None:
    items = ("- video: media/silent.mp4\n  id: silent\n  title: Silent\n"
             "  lint: {ignore: {MF723: music-free screencast on purpose}}\n")
    root = course_with(make_course, clips, {"weeks/02-videos/media/silent.mp4": "silent"},
                       items)
    assert "MF723" not in media_codes(prepare(root))


def test_transcripts_are_parsed_and_checked_against_the_duration(make_course, clips) -> None:
    items = """\
        - video: media/a.mp4
          id: a
          title: A
          transcripts: {fr: media/a.fr.vtt, en: media/a.en.srt}
        - video: youtube:dQw4w9WgXcQ
          id: yt
          title: Hosted
          duration: 3
          transcripts: {fr: media/yt.fr.vtt}
        """
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"}, items,
                       files={
        "weeks/02-videos/media/a.fr.vtt": "WEBVTT\n\n00:00.000 --> 00:01.500\nBonjour\n\n"
                                          "00:01.500 --> 00:02.000\nfin\n",
        "weeks/02-videos/media/a.en.srt": "1\n00:00:00,000 --> 00:00:01,000\nHello\n\n"
                                          "2\n00:00:05,000 --> 00:00:06,000\nToo late\n",
        "weeks/02-videos/media/yt.fr.vtt": "WEBVTT\n\n00:00,000 --> 00:04.000\nMal écrit\n",
    })
    prepared = prepare(root)
    found = {(d.item, d.code): d for d in prepared.diagnostics if d.code.startswith("MF7")}
    late = found[("a", "MF729")]
    assert late.severity == "error" and late.loc.file == "weeks/02-videos/media/a.en.srt"
    assert late.loc.line == 6
    syntax = found[("yt", "MF701")]
    assert syntax.loc.file == "weeks/02-videos/media/yt.fr.vtt" and syntax.loc.line == 3
    assert ("a", "MF701") not in found


def test_enrich_keeps_the_model_frozen_and_other_items_intact(make_course, clips) -> None:
    root = course_with(make_course, clips, {"weeks/02-videos/media/a.mp4": "good"},
                       "- {video: media/a.mp4, id: a, title: A}\n"
                       "- {reading: text.md, id: text}\n",
                       files={"weeks/02-videos/text.md": "# Titre\n\nDu texte.\n"})
    unprobed = prepare(root, media=False)
    prepared = prepare(root)
    assert video_of(unprobed, "a").duration_source == "unknown"
    assert prepared.course.item("text") == unprobed.course.item("text")
    assert [i.id for i in prepared.course.items] == [i.id for i in unprobed.course.items]
    assert prepared.course.weeks[1].items[0] is prepared.course.item("a")
    assert not (root / "media.lock").exists() or prepare(root).ok
