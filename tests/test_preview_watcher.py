"""The preview's watcher sees a file saved the moment it has started (real watchfiles,
real files): its folders are watched before `start` returns, not a moment later in its
thread (an edit made right after the preview started serving was missed)."""

from __future__ import annotations

import threading
from pathlib import Path

from moocforge.app.preview import Watcher


class _Rebuilds:
    """Stands for the preview session: what the watcher calls."""

    def __init__(self, course_dir: Path, out: Path) -> None:
        self.course_dir, self.out = course_dir, out
        self.changed: list[set[Path]] = []
        self.seen = threading.Event()

    def rebuild(self, changed: set[Path]) -> None:
        self.changed.append(changed)
        self.seen.set()

    def collect_garbage(self) -> bool:
        return False


def test_a_file_saved_as_soon_as_the_watcher_starts_is_seen(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "weeks").mkdir(parents=True)
    session = _Rebuilds(course, tmp_path / "out")
    for attempt in range(5):  # the old watcher missed it nearly every time
        session.seen.clear()
        watcher = Watcher(session, None).start()  # type: ignore[arg-type]
        try:
            edited = course / "weeks" / f"week{attempt}.yml"
            edited.write_text("title: x\n", "utf-8")
            assert session.seen.wait(10), f"the save of {edited.name} was missed"
            assert any(edited.resolve() in {p.resolve() for p in c} for c in session.changed)
        finally:
            watcher.stop()
            watcher.thread.join(5)
