"""`moocforge media draft` never overwrites what it did not draft (issue 13, item 11).

With the real espeak-ng and ffmpeg: a draft is redrafted freely; a real recording put in its
place, a transcript corrected by hand, or a transcript the author wrote first is left as it
is (MF748, exit 1, nothing of the item written); `--force` replaces them and keeps each
previous file as `<file>.bak` (`.bak.2`… next time: no backup is overwritten either).
"""

from __future__ import annotations

from pathlib import Path

from media_fixtures import course_yml_with, make_video, video_week
from typer.testing import CliRunner

from moocforge.cli import app
from moocforge.media.draft import read_marker
from moocforge.media.probe import probe

WEEK = "weeks/02-videos/week.yml"
VIDEO = "weeks/02-videos/media/talk.mp4"
FR = "weeks/02-videos/media/talk.fr.vtt"
EN = "weeks/02-videos/media/talk.en.vtt"
ITEMS = """\
    - video: media/talk.mp4
      id: talk
      title: {fr: Exposé, en: Talk}
      script: scripts/talk.md
      transcripts: {fr: media/talk.fr.vtt, en: media/talk.en.vtt}
    """
runner = CliRunner()


def draft_course_folder(make_course, items: str = ITEMS) -> Path:
    return make_course({"course.yml": course_yml_with(""), WEEK: video_week(items),
                        "weeks/02-videos/scripts/talk.md": "Bonjour. Voici un exposé.\n",
                        "weeks/02-videos/scripts/talk.en.md": "Hello. Here is a talk.\n"})


def draft(root: Path, *options: str):
    return runner.invoke(app, ["media", "draft", str(root), "talk", *options])


def contents(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in (VIDEO, FR, EN)}


def test_a_draft_is_marked_and_redrafted_freely(make_course):
    root = draft_course_folder(make_course)
    first = draft(root)
    assert first.exit_code == 0, first.output
    marker = read_marker(root / VIDEO)
    assert set(marker) == {FR, EN}
    drafted = contents(root)
    again = draft(root)
    assert again.exit_code == 0, again.output
    assert contents(root) == drafted and "MF748" not in again.output
    assert not list(root.rglob("*.bak*"))


def test_a_real_recording_is_never_overwritten(make_course):
    root = draft_course_folder(make_course)
    assert draft(root).exit_code == 0
    make_video(root / VIDEO, seconds=1, size="1280x720")
    recording = contents(root)
    result = draft(root)
    assert result.exit_code == 1
    assert f"{VIDEO}: error MF748 [media-draft] video '{VIDEO}' was not drafted by " \
        "moocforge" in result.output
    assert result.output.count("MF748") == 1
    assert "--force" in result.output
    assert contents(root) == recording
    assert (probe(root / VIDEO).width, probe(root / VIDEO).height) == (1280, 720)


def test_a_hand_corrected_transcript_is_never_overwritten(make_course):
    root = draft_course_folder(make_course)
    assert draft(root).exit_code == 0
    corrected = (root / FR).read_text("utf-8").replace("exposé", "exposé (corrigé à la main)")
    (root / FR).write_text(corrected, "utf-8")
    before = contents(root)
    result = draft(root)
    assert result.exit_code == 1
    assert f"{FR}: error MF748 [media-draft] transcript '{FR}' was not drafted" in \
        result.output
    assert result.output.count("MF748") == 1
    assert contents(root) == before  # not the video either: it would no longer match


def test_a_transcript_written_before_the_first_draft_is_kept(make_course):
    srt = EN.replace(".vtt", ".srt")
    root = draft_course_folder(make_course, ITEMS.replace("talk.en.vtt", "talk.en.srt"))
    (root / srt).parent.mkdir(parents=True, exist_ok=True)
    (root / srt).write_text("1\n00:00:00,000 --> 00:00:01,000\nMy own words\n", "utf-8")
    result = draft(root)
    assert result.exit_code == 1 and f"transcript '{srt}'" in result.output
    assert not (root / VIDEO).exists() and not (root / FR).exists()
    assert (root / srt).read_text("utf-8").endswith("My own words\n")


def test_force_replaces_and_keeps_every_previous_file(make_course):
    root = draft_course_folder(make_course)
    assert draft(root).exit_code == 0
    (root / FR).write_text((root / FR).read_text("utf-8") + "\n", "utf-8")  # an edit
    edited = contents(root)
    forced = draft(root, "--force")
    assert forced.exit_code == 0, forced.output
    assert f"kept the previous file as {FR}.bak" in forced.output
    assert (root / f"{FR}.bak").read_bytes() == edited[FR]
    assert sorted(p.name for p in root.rglob("*.bak*")) == ["talk.fr.vtt.bak"]
    assert (root / FR).read_bytes() != edited[FR]  # the draft's own transcript again

    make_video(root / VIDEO, seconds=1, size="1280x720")
    recording = contents(root)
    forced = draft(root, "--force")
    assert forced.exit_code == 0, forced.output
    # Without the draft's marker nothing vouches for the transcripts: all are kept.
    assert (root / f"{VIDEO}.bak").read_bytes() == recording[VIDEO]
    assert (root / f"{EN}.bak").read_bytes() == recording[EN]
    assert (root / f"{FR}.bak.2").read_bytes() == recording[FR]
    assert (root / f"{FR}.bak").read_bytes() == edited[FR]  # the first copy stays
    assert read_marker(root / VIDEO) is not None and probe(root / VIDEO).width == 640
