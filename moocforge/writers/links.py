"""What a link written in a course text points at, as the loader resolved it.

Writers render Markdown with their own converter and, for each link or image the converter
meets, ask `LinkIndex.resolve(folder, target)` instead of resolving paths themselves: the
loader resolved every target once, against the course's roots, symlinks followed. A target
resolves the same way from every text of a folder, so the index is keyed by folder.
"""

from __future__ import annotations

from moocforge.model import Course, Ref


class LinkIndex:
    def __init__(self, course: Course) -> None:
        self._refs: dict[tuple[str, str], Ref] = {}
        for doc in course.documents:
            for ref in doc.refs:
                self._refs.setdefault((doc.base_dir, ref.target), ref)

    def resolve(self, folder: str, target: str) -> Ref | None:
        """The resolution of `target` written in a text of source folder `folder`; None when
        the loader did not see that link (the writer then leaves it as written)."""
        return self._refs.get((folder, target))
