"""The site: an mkdocs (Material) project generated from the model, then built.

`WRITER.write()` generates `build/<course>/site-src/` (a standard mkdocs project:
mkdocs.yml, Markdown pages, theme overrides through `custom_dir`, our JS/CSS as extra
assets) and runs a real mkdocs build of each language tree into `build/<course>/site/`,
atomically (in forked workers, one per tree, each generating its tree first). With a cache
folder, the next build re-renders only the pages whose Markdown changed (`incremental`):
same bytes as a full build; the output a build replaces becomes the kept copy of
the new one (`recycle`). Codes MF600–MF612: see `package.py`. The live preview is an
application session (`moocforge.app.preview`) that drives this writer's generator
incrementally.
"""

from __future__ import annotations

from pathlib import Path

from moocforge.diagnostics import Diagnostic
from moocforge.model import Course
from moocforge.writers import WriterOptions
from moocforge.writers.site.settings import SiteSettings

TARGET = "site"
DESCRIPTION = "A browsable preview site (mkdocs + Material) with working quizzes"


class SiteWriter:
    name = TARGET
    description = DESCRIPTION
    settings = SiteSettings

    def write(self, course: Course, out_dir: Path, options: WriterOptions
              ) -> list[Diagnostic]:
        from moocforge.process import without_cycle_collection
        from moocforge.writers.site.package import write_site

        # The writer allocates a page's worth of objects per page, all freed by reference
        # counting; collections would walk the whole model again and again.
        with without_cycle_collection():
            return write_site(course, out_dir, options)

    def recycle(self, course: Course, replaced: Path, current: Path, options: WriterOptions
                ) -> bool:
        from moocforge.writers.site.package import recycle

        return recycle(course, replaced, current, options)


WRITER = SiteWriter()


def write(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    return WRITER.write(course, out_dir, options)


__all__ = ["DESCRIPTION", "TARGET", "WRITER", "write"]
