"""The incremental preview (`moocforge.app.preview`): an edit regenerates the pages of its
week only, re-checks only the changed week's item and week rules, and a navigation change
inside a week re-renders that week's pages without a full build; the findings and pages
are those of a full rebuild."""

from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

import pytest

from moocforge.app.loading import load
from moocforge.app.preview import Preview
from moocforge.rules import LintMemo, lint

ABC_C = Path(__file__).resolve().parent.parent / "courses" / "abc-c"
WEEK = "weeks/02-variables"
READING = f"{WEEK}/r2-types.md"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "abc-c"
    shutil.copytree(ABC_C, root)
    return root


def _page(preview: Preview, name: str) -> str:
    return (preview.site / "fr" / WEEK / name).read_text("utf-8")


def _append_to_reading(course: Path, sentence: str) -> Path:
    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    return reading


def _edit_and_rebuild(preview: Preview, course: Path, sentence: str) -> None:
    """An edit of the reading while `preview` runs: its page shows the new sentence."""
    preview.rebuild({_append_to_reading(course, sentence)})
    assert sentence in _page(preview, "r2-types.html")


def _site(preview: Preview) -> dict[str, bytes]:
    return {p.relative_to(preview.site).as_posix(): p.read_bytes()
            for p in sorted(preview.site.rglob("*")) if p.is_file()}


def test_an_edit_regenerates_its_week_and_a_lesson_title_its_navigation(course: Path,
                                                                      tmp_path: Path) -> None:
    preview = Preview(course, tmp_path / "out")
    preview.rebuild()
    assert preview.error_page is None and preview.full_builds == 1

    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + "\nUne phrase écrite à l'instant.\n",
                       "utf-8")
    preview.rebuild({reading})
    assert preview.generated_weeks[-1] == {2}
    assert "Une phrase écrite à l'instant." in _page(preview, "r2-types.html")
    assert preview.full_builds == 1 and preview.fast_renders >= 1
    # the search finds it too (the page was re-rendered alone: its entries were merged)
    index = json.loads((preview.site / "fr/search/search_index.json").read_text("utf-8"))
    assert any("écrite à l" in doc["text"] for doc in index["docs"]
               if doc["location"].startswith(f"{WEEK}/r2-types"))

    week = course / WEEK / "week.yml"
    week.write_text(week.read_text("utf-8").replace(
        "title: {fr: Variables et types, en: Variables and types}\n    items:",
        "title: {fr: Des variables partout, en: Variables everywhere}\n    items:"), "utf-8")
    preview.rebuild({week})
    assert preview.generated_weeks[-1] == {2}
    assert "Des variables partout" in _page(preview, "r2-types.html")
    assert preview.full_builds == 1, "a lesson title made a full build"
    # The week's pages were rendered again around the new navigation, each with the HTML
    # its Markdown was converted to before (their sources did not change): as a full
    # build makes them.
    assert preview.conversions["fr"].lent > 3
    fresh = Preview(course, tmp_path / "fresh")
    fresh.rebuild()
    pages = sorted(page.relative_to(preview.site)
                   for page in (preview.site / "fr" / WEEK).rglob("*.html"))
    assert len(pages) > 3
    assert [page for page in pages
            if (preview.site / page).read_bytes() != (fresh.site / page).read_bytes()] == []

    (course / "course.yml").write_text((course / "course.yml").read_text("utf-8"), "utf-8")
    preview.rebuild({course / "course.yml"})
    assert preview.generated_weeks[-1] is None  # outside the weeks: everything again


def test_a_broken_edit_shows_the_diagnostics_and_recovers(course: Path, tmp_path: Path
                                                          ) -> None:
    preview = Preview(course, tmp_path / "out")
    preview.rebuild()
    week = course / WEEK / "week.yml"
    good = week.read_text("utf-8")
    week.write_text(good.replace("lessons:", "lessons: [\n"), "utf-8")
    preview.rebuild({week})
    assert preview.error_page is not None and "week.yml" in preview.error_page
    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + "\nCorrigé.\n", "utf-8")
    week.write_text(good, "utf-8")
    preview.rebuild({week})  # the reading changed while broken: all is generated again
    assert preview.error_page is None and preview.generated_weeks[-1] is None
    assert "Corrigé." in _page(preview, "r2-types.html")


def test_incremental_lint_equals_a_full_lint(course: Path) -> None:
    memo = LintMemo()
    first = load(course, media=False).course
    assert first is not None
    assert lint(first, memo=memo) == lint(first)
    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + "\n#### Trop profond\n\n"
                       "![](../../images/absent.png)\n", "utf-8")
    edited = load(course, media=False).course
    assert edited is not None
    checked = memo.checked
    incremental, full = lint(edited, memo=memo), lint(edited)
    assert incremental == full
    assert {"MF303", "MF301"} <= {d.code for d in full} - {d.code for d in lint(first)}
    rules_per_part = len({key[0] for key in memo.findings})
    assert memo.checked - checked == rules_per_part  # one part (week 2) per rule


def test_a_transcript_edit_reaches_the_site_and_other_edits_leave_it(course: Path,
                                                                     tmp_path: Path) -> None:
    """An edit writes again only its week's media: the other weeks' tracks stay the files
    the previous build left, and a transcript edited in its week is the one served."""
    preview = Preview(course, tmp_path / "out")
    preview.rebuild()
    track = course / "weeks/05-tableaux-chaines/media/v5-tableaux.fr.vtt"
    served = preview.site / "_media" / "weeks/05-tableaux-chaines/media/v5-tableaux.fr.vtt"
    before = served.stat()
    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + "\nEncore une phrase.\n", "utf-8")
    preview.rebuild({reading})
    assert preview.generated_weeks[-1] == {2}
    after = served.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    track.write_text(track.read_text("utf-8").replace(
        "seule valeur.", "seule valeur, jusqu'ici."), "utf-8")
    preview.rebuild({track})
    assert preview.generated_weeks[-1] == {5} and preview.error_page is None
    assert "seule valeur, jusqu'ici." in served.read_text("utf-8")


def test_rebuilds_pause_the_cycle_collector_and_the_watcher_collects_later(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = Preview(course, tmp_path / "out")
    seen: list[bool] = []
    rebuild = Preview._rebuild

    def observed(self: Preview, changed: set[Path] | None) -> None:
        seen.append(gc.isenabled())
        rebuild(self, changed)

    monkeypatch.setattr(Preview, "_rebuild", observed)
    assert gc.isenabled()
    preview.rebuild()
    assert seen == [False] and gc.isenabled()
    assert preview.collect_garbage() is True  # what the rebuild left
    assert preview.collect_garbage() is False  # nothing rebuilt since


def test_the_first_build_makes_the_trees_at_once_and_keeps_their_conversions(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from moocforge.app import preview as preview_module
    from moocforge.process import cpu_count
    from moocforge.writers.site.build import can_fork

    if not can_fork() or cpu_count() < 2:
        pytest.skip("one core, or other threads in this process: the trees are built here")
    here: list[Path] = []
    in_process = preview_module.build_in_process

    def built_here(config: Path, *args: object, **kwargs: object) -> object:
        here.append(config)
        return in_process(config, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(preview_module, "build_in_process", built_here)
    preview = Preview(course, tmp_path / "out")
    preview.rebuild()
    assert preview.error_page is None and here == []  # both trees built in forked workers
    assert {lang: bool(found.pages) for lang, found in preview.conversions.items()} == \
        {"fr": True, "en": True}


def test_the_first_build_generates_each_tree_in_the_worker_that_builds_it(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trees are generated in parallel, each in the forked worker that builds it right
    after (the site writer's pipeline): the site and the pages' recorded conversions are
    those of generating every tree here first, then building them at once."""
    import pickle

    from moocforge.app import preview as preview_module
    from moocforge.process import cpu_count
    from moocforge.writers.site.build import can_fork

    if not can_fork() or cpu_count() < 2:
        pytest.skip("one core, or other threads in this process: the trees are built here")
    record = preview_module._generate_and_record
    notes = tmp_path / "generated-in"
    notes.mkdir()

    def noted(job: object, *args: object) -> object:
        (notes / str(os.getpid())).touch()  # in a worker: the parent sees the file
        return record(job, *args)  # type: ignore[arg-type]

    def not_at_once(*args: object) -> object:
        raise AssertionError("the trees were built again after their generation")

    monkeypatch.setattr(preview_module, "_generate_and_record", noted)
    monkeypatch.setattr(preview_module, "recorded_builds", not_at_once)
    pipelined = Preview(course, tmp_path / "pipelined")
    pipelined.rebuild()
    assert pipelined.error_page is None
    monkeypatch.undo()
    monkeypatch.setattr(Preview, "_pipeline", lambda *args, **kwargs: None)
    serial = Preview(course, tmp_path / "serial")
    serial.rebuild()

    assert _site(pipelined) == _site(serial)
    assert {lang: pickle.dumps(found) for lang, found in pipelined.conversions.items()} == \
        {lang: pickle.dumps(found) for lang, found in serial.conversions.items()}
    generated_in = {note.name for note in notes.iterdir()}
    assert len(generated_in) == 2 and str(os.getpid()) not in generated_in  # in the workers
    # the next edit takes the fast path on the pipelined build's sessions and conversions
    _edit_and_rebuild(pipelined, course, "Une phrase de plus.")
    assert pipelined.full_builds == 1 and pipelined.fast_renders >= 1


def test_a_dirty_build_merges_the_search_entries_of_the_pages_it_rebuilt(course: Path,
                                                                       tmp_path: Path) -> None:
    """Without a kept mkdocs session an edit makes a dirty build, whose own index holds only
    the pages it rebuilt: their entries replace theirs in the full index, nothing else."""
    preview = Preview(course, tmp_path / "out")
    preview.rebuild()
    path = preview.site / "fr/search/search_index.json"
    before = json.loads(path.read_text("utf-8"))["docs"]
    preview.sessions.clear()  # as when the session could not be loaded
    reading = course / READING
    reading.write_text(reading.read_text("utf-8") + "\nUn mot tout neuf : zygomorphe.\n",
                       "utf-8")
    preview.rebuild({reading})
    assert "zygomorphe" in _page(preview, "r2-types.html")
    after = json.loads(path.read_text("utf-8"))["docs"]
    assert any("zygomorphe" in doc["text"] for doc in after
               if doc["location"].startswith(f"{WEEK}/r2-types"))
    assert [d["location"] for d in after] == [d["location"] for d in before]
    assert [d for d in after if not d["location"].startswith(f"{WEEK}/r2-types")] == \
        [d for d in before if not d["location"].startswith(f"{WEEK}/r2-types")]
    # mkdocs keeps its plugin instances: a full build after the dirty one starts afresh
    from moocforge.writers.site.build import build_in_process

    full = tmp_path / "full"
    assert build_in_process(preview._trees["fr"][0], full, dirty=False).ok
    locations = [d["location"] for d in
                 json.loads((full / "search/search_index.json").read_text("utf-8"))["docs"]]
    assert locations == [d["location"] for d in before]


def test_a_preview_resumes_from_the_site_the_last_one_left(course: Path,
                                                          tmp_path: Path) -> None:
    """A preview that stopped leaves its site for the next one: edits made in between are
    re-rendered alone, and the site is the one a full build makes."""
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    _edit_and_rebuild(first, course, "Avant l'arrêt.")
    assert first.save() and first.kept.is_file()
    _append_to_reading(course, "Pendant l'arrêt.")

    second = Preview(course, tmp_path / "out")
    second.rebuild()
    assert second.error_page is None
    assert second.resumed and second.full_builds == 0 and second.fast_renders >= 1
    assert second.generated_weeks == [{2}]  # the edited week's pages alone
    assert not second.kept.exists()  # taken: a session that stops unsaved leaves nothing
    assert "Pendant l'arrêt." in _page(second, "r2-types.html")
    fresh = Preview(course, tmp_path / "fresh")
    fresh.rebuild()
    assert _site(second) == _site(fresh)
    # and it goes on as a preview does: the next edit takes the fast path too
    _edit_and_rebuild(second, course, "Après la reprise.")
    assert second.full_builds == 0 and second.fast_renders >= 2


def test_a_file_saved_after_the_last_rebuild_is_taken_up_by_the_next_preview(
        course: Path, tmp_path: Path) -> None:
    """A save the watcher had no time to see before the preview stopped: the site kept
    does not show it, so the next preview takes it as an edit."""
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    _append_to_reading(course, "Juste avant l'arrêt.")
    assert first.save()
    second = Preview(course, tmp_path / "out")
    second.rebuild()
    assert second.resumed and second.generated_weeks == [{2}]
    assert "Juste avant l'arrêt." in _page(second, "r2-types.html")


def test_a_preview_resumed_after_a_course_wide_edit_generates_every_week(
        course: Path, tmp_path: Path) -> None:
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    assert first.save()
    (course / "weeks" / "extra-notes.md").write_text("Hors des semaines.\n", "utf-8")
    second = Preview(course, tmp_path / "out")
    second.rebuild()
    assert second.resumed and second.generated_weeks == [None]
    fresh = Preview(course, tmp_path / "fresh")
    fresh.rebuild()
    assert _site(second) == _site(fresh)


def test_a_preview_whose_site_was_touched_since_builds_it_again(course: Path,
                                                               tmp_path: Path) -> None:
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    assert first.save()
    page = first.site / "fr" / WEEK / "r2-types.html"
    page.write_text(page.read_text("utf-8") + "<!-- edited by hand -->", "utf-8")
    second = Preview(course, tmp_path / "out")
    second.rebuild()
    assert not second.resumed and second.full_builds == 1
    assert "edited by hand" not in page.read_text("utf-8")


def test_a_preview_stopped_on_a_broken_course_leaves_nothing_to_resume(course: Path,
                                                                      tmp_path: Path
                                                                      ) -> None:
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    week = course / WEEK / "week.yml"
    week.write_text(week.read_text("utf-8") + "\n  - [broken\n", "utf-8")
    first.rebuild({week})
    assert first.error_page is not None
    assert not first.save() and not first.kept.exists()


@pytest.mark.parametrize("edit", ["lesson title", "new week"])
def test_a_preview_resumed_after_a_navigation_change_is_a_full_builds_site(
        course: Path, tmp_path: Path, edit: str) -> None:
    first = Preview(course, tmp_path / "out")
    first.rebuild()
    assert first.save()
    if edit == "lesson title":
        week = course / WEEK / "week.yml"
        week.write_text(week.read_text("utf-8").replace(
            "title: {fr: Variables et types, en: Variables and types}\n    items:",
            "title: {fr: Des variables partout, en: Variables everywhere}\n    items:"),
            "utf-8")
    else:
        shutil.copytree(course / WEEK, course / "weeks/99-copie")
        for path in (course / "weeks/99-copie").rglob("*.yml"):
            text = path.read_text("utf-8")
            path.write_text(text.replace("id: ", "id: copie-"), "utf-8")
    second = Preview(course, tmp_path / "out")
    second.rebuild()
    fresh = Preview(course, tmp_path / "fresh")
    fresh.rebuild()
    assert second.error_page is None and fresh.error_page is None, second.errors[:3]
    assert _site(second) == _site(fresh)
    if edit == "lesson title":
        assert second.resumed and second.full_builds == 0
        assert "Des variables partout" in _page(second, "r2-types.html")
