"""Transcode and draft with the real ffmpeg and espeak-ng, and the `media` CLI."""

from __future__ import annotations

import itertools
import json
import shutil
import struct
from pathlib import Path

import pytest
import yaml
from media_fixtures import course_yml_with, make_video, video_week
from typer.testing import CliRunner

from moocforge.app import load as prepare
from moocforge.cli import app
from moocforge.load import load_course
from moocforge.media.draft import (
    caption_chunks,
    draft_course,
    spoken_text,
    timed_cues,
    word_count,
)
from moocforge.media.probe import STATS, probe
from moocforge.media.transcode import transcode_course
from moocforge.media.transcripts import load_transcript

WEEK = "weeks/02-videos/week.yml"
runner = CliRunner()


def top_level_atoms(path: Path) -> list[str]:
    """The order of an MP4's top-level boxes (faststart puts `moov` before `mdat`)."""
    data = path.read_bytes()
    atoms, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        atoms.append(kind.decode("latin-1"))
        if size < 8:
            break
        offset += size
    return atoms


@pytest.fixture
def vfr_course(make_course) -> Path:
    root = make_course({"course.yml": course_yml_with(""), WEEK: video_week(
        "- {video: media/a.mp4, id: a, title: A}\n- {video: media/b.mkv, id: b, title: B}\n")})
    make_video(root / "weeks/02-videos/media/a.mp4", seconds=2, size="1600x900", extra=(
        "-vf", "setpts='if(lt(N,25),N/25,1+(N-25)/5)/TB'", "-fps_mode", "vfr",
        "-movflags", "+faststart"))
    make_video(root / "weeks/02-videos/media/b.mkv", seconds=1, size="320x240",
               vcodec="libvpx-vp9", acodec="libopus", extra=("-b:v", "100k"))
    return root


def test_transcode_gives_faststart_h264_aac_and_posters(vfr_course, tmp_path) -> None:
    out = tmp_path / "build"
    course = load_course(vfr_course).course
    advanced: list[float] = []
    report = transcode_course(course, out, "web-720p", progress=advanced.append)
    assert not report.diagnostics, report.diagnostics
    assert sorted(report.done) == ["weeks/02-videos/media/a.mp4", "weeks/02-videos/media/b.mkv"]
    media = out / "media-course" / "media" / "weeks/02-videos/media"
    a, b = probe(media / "a.mp4"), probe(media / "b.mp4")
    assert (a.width, a.height) == (1280, 720)  # scaled into the profile
    assert (b.width, b.height) == (320, 240)  # never upscaled
    for info, path in ((a, media / "a.mp4"), (b, media / "b.mp4")):
        assert (info.video_codec, info.audio_codec) == ("h264", "aac")
        assert not info.variable_frame_rate
        atoms = top_level_atoms(path)
        assert atoms.index("moov") < atoms.index("mdat"), atoms
    assert (media / "a.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert sum(advanced) == pytest.approx(a.duration + 1, abs=1.5)
    assert (vfr_course / "weeks/02-videos/media/b.mkv").is_file()  # sources untouched

    again = transcode_course(course, out, "web-720p")
    assert again.done == [] and len(again.skipped) == 2
    other = transcode_course(course, out, "web-1080p")  # another profile is not up to date
    assert len(other.done) == 2
    assert probe(media / "a.mp4").height == 900  # fits in 1080p as is


def test_transcode_refuses_to_write_into_sources(vfr_course) -> None:
    course = load_course(vfr_course).course
    # <out>/<course-id>/media may lead into the course (here through a symlink)
    fake_out = vfr_course.parent / "fakeout"
    target = fake_out / "media-course" / "media"
    target.parent.mkdir(parents=True)
    target.symlink_to(vfr_course, target_is_directory=True)
    report = transcode_course(course, fake_out, "web-720p")
    assert {d.code for d in report.diagnostics} == {"MF740"}
    assert not report.done


def test_cli_transcode_and_probe(vfr_course, tmp_path) -> None:
    result = runner.invoke(app, ["media", "probe", str(vfr_course)])
    assert result.exit_code == 0, result.output
    assert "1600x900" in result.output and "h264/aac" in result.output
    assert "vp9/opus" in result.output and "MF726" in result.output
    assert (vfr_course / "media.lock").is_file()
    out = tmp_path / "b"
    result = runner.invoke(app, ["media", "transcode", str(vfr_course), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 transcoded" in result.output
    manifest = json.loads((out / "media-course/media/transcode.json").read_text("utf-8"))
    assert set(manifest) == {"weeks/02-videos/media/a.mp4", "weeks/02-videos/media/b.mkv"}
    result = runner.invoke(app, ["media", "transcode", str(vfr_course), "--out", str(out)])
    assert "0 transcoded, 2 up to date" in result.output
    bad = runner.invoke(app, ["media", "transcode", str(vfr_course), "--profile", "4k"])
    assert bad.exit_code == 2


SCRIPT_FR = """\
# Les boucles

Une boucle répète des instructions. La boucle while teste sa condition avant chaque tour,
et la boucle for regroupe l'initialisation, la condition et l'incrément sur une seule ligne.

## Un exemple

```c
for (int i = 0; i < 10; i++) { printf("%d\\n", i); }
```

Ce programme affiche les nombres de zéro à neuf. Attention aux boucles infinies : si la
condition reste vraie pour toujours, le programme ne s'arrête jamais. Vérifiez toujours que
quelque chose change à chaque tour. À vous de jouer maintenant !
"""

SCRIPT_EN = """\
# Loops

A loop repeats statements. The while loop tests its condition before each turn, and the for
loop groups the initialisation, the condition and the increment on one line.

## An example

This program prints the numbers from zero to nine. Beware of infinite loops: if the
condition stays true forever, the program never stops. Your turn now!
"""


def test_spoken_text_and_captions() -> None:
    text = spoken_text(SCRIPT_FR)
    assert text.startswith("Les boucles. Une boucle répète") and "printf" not in text
    assert "Un exemple. Ce programme" in text
    chunks = caption_chunks(text)
    assert all(len(c) <= 84 for c in chunks)
    assert " ".join(chunks).split() == text.split()  # no word lost or invented
    cues = timed_cues(text, 30.0)
    assert cues[0].start == 0 and cues[-1].end == 30.0
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    assert all(c.text.count("\n") <= 2 for c in cues)


def test_draft_video_matches_the_script_estimate(make_course) -> None:
    items = """\
        - video: media/loops.mp4
          id: loops
          title: {fr: Les boucles, en: Loops}
          script: scripts/loops.md
          transcripts: {fr: media/loops.fr.vtt, en: media/loops.en.srt}
        """
    root = make_course({"course.yml": course_yml_with(""), WEEK: video_week(items),
                        "weeks/02-videos/scripts/loops.md": SCRIPT_FR,
                        "weeks/02-videos/scripts/loops.en.md": SCRIPT_EN,
                        "weeks/02-videos/media/loops.fr.vtt": "WEBVTT\n\n00:00.000 --> "
                        "00:01.000\nancien\n",
                        "weeks/02-videos/media/loops.en.srt": "1\n00:00:00,000 --> "
                        "00:00:01,000\nold\n"})
    course = load_course(root).course  # the video itself does not exist yet
    estimate = course.item("loops").duration
    assert course.item("loops").duration_source == "script"
    report = draft_course(course, force=True)  # the transcripts above are not drafts
    assert not report.diagnostics, report.diagnostics
    assert sorted(report.backups) == ["weeks/02-videos/media/loops.en.srt.bak",
                                      "weeks/02-videos/media/loops.fr.vtt.bak"]
    [(file, seconds, size)] = report.written
    info = probe(root / file)
    assert info.duration == pytest.approx(estimate, rel=0.2)
    assert abs(seconds - word_count(spoken_text(SCRIPT_FR)) / 183 * 60) < 3
    assert (info.video_codec, info.audio_codec, info.width, info.height) == \
        ("h264", "aac", 640, 360)
    assert info.fps <= 2 and size < 200_000
    atoms = top_level_atoms(root / file)
    assert atoms.index("moov") < atoms.index("mdat")

    fr = load_transcript(root / "weeks/02-videos/media/loops.fr.vtt", "fr.vtt")
    en = load_transcript(root / "weeks/02-videos/media/loops.en.srt", "en.srt")
    assert fr.problems == [] and en.problems == []
    assert fr.cues[0].text.startswith("Les boucles.") and en.cues[0].text.startswith("Loops.")
    assert 0 < fr.end <= info.duration + 0.05 and 0 < en.end <= info.duration + 0.05

    STATS.reset()
    prepared = prepare(root)
    assert prepared.ok, prepared.diagnostics
    loops = prepared.course.item("loops")
    assert loops.duration_source == "probe" and STATS.calls == 1
    lock = yaml.safe_load((root / "media.lock").read_text("utf-8"))
    assert lock["videos"]["weeks/02-videos/media/loops.mp4"]["sha256"] == info.sha256


def test_cli_draft_one_item_and_unknown_item(make_course) -> None:
    items = """\
        - {video: media/one.mp4, id: one, title: One, script: scripts/one.md}
        - {video: media/two.mp4, id: two, title: Two, script: scripts/two.md}
        """
    root = make_course({"course.yml": course_yml_with(""), WEEK: video_week(items),
                        "weeks/02-videos/scripts/one.md": "Un. Deux trois quatre.\n",
                        "weeks/02-videos/scripts/two.md": "Cinq six.\n"})
    result = runner.invoke(app, ["media", "draft", str(root), "one"])
    assert "drafted weeks/02-videos/media/one.mp4" in result.output
    assert (root / "weeks/02-videos/media/one.mp4").is_file()
    assert (root / "weeks/02-videos/media/one.fr.vtt").is_file()  # default transcript path
    assert not (root / "weeks/02-videos/media/two.mp4").exists()
    first = (root / "weeks/02-videos/media/one.mp4").read_bytes()
    runner.invoke(app, ["media", "draft", str(root), "one"])
    assert (root / "weeks/02-videos/media/one.mp4").read_bytes() == first  # reproducible
    assert result.exit_code == 1  # two.mp4 is still missing: the course does not validate
    assert "MF020" in result.output
    missing = runner.invoke(app, ["media", "draft", str(root), "nope"])
    assert missing.exit_code == 2


def test_probe_cli_without_ffprobe_needs_it_only_for_new_media(make_course, monkeypatch,
                                                               tmp_path) -> None:
    root = make_course({"course.yml": course_yml_with(""), WEEK: video_week(
        "- {video: media/a.mp4, id: a, title: A}\n")})
    make_video(root / "weeks/02-videos/media/a.mp4", seconds=1)
    assert runner.invoke(app, ["media", "probe", str(root)]).exit_code == 0
    monkeypatch.setenv("MOOCFORGE_FFPROBE", str(tmp_path / "no-ffprobe"))
    assert runner.invoke(app, ["media", "probe", str(root)]).exit_code == 0
    shutil.copyfile(root / "weeks/02-videos/media/a.mp4", root / "weeks/02-videos/media/b.mp4")
    (root / WEEK).write_text(video_week("- {video: media/a.mp4, id: a, title: A}\n"
                                        "- {video: media/b.mp4, id: b, title: B}\n"), "utf-8")
    result = runner.invoke(app, ["media", "probe", str(root)])
    assert result.exit_code == 1 and "apt-get install ffmpeg" in result.output
