"""Running mkdocs on the generated project: full builds in subprocesses (one per language
tree, in parallel), incremental (`dirty`) builds in-process for the preview server."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moocforge.output import source_date_epoch
from moocforge.process import bound_to_parent

# Material for MkDocs prints an end-of-life banner on every build unless this is set.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

_LOG_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")


@dataclass
class BuildResult:
    ok: bool
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, text)


def mkdocs_command(config_file: Path, site_dir: Path) -> list[str]:
    # mkdocs reads a relative site_dir from the config file's folder: pass absolute paths.
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "-f",
            str(config_file.resolve()), "-d", str(site_dir.resolve())]


def build_subprocess(config_file: Path, site_dir: Path) -> BuildResult:
    env = {**os.environ, **QUIET_ENV}
    # Dates in sitemap.xml(.gz) come from SOURCE_DATE_EPOCH: same sources, same bytes.
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch())
    proc = subprocess.run(bound_to_parent(mkdocs_command(config_file, site_dir)),
                          capture_output=True, text=True, env=env, check=False)
    messages = [(m.group(1), m.group(2).strip()) for line in proc.stderr.splitlines()
                if (m := _LOG_LINE.match(line))]
    if proc.returncode != 0 and not any(level == "ERROR" for level, _ in messages):
        tail = proc.stderr.strip().splitlines()[-1:] or ["mkdocs failed"]
        messages.append(("ERROR", tail[0]))
    return BuildResult(proc.returncode == 0, messages)


def build_all(jobs: list[tuple[Path, Path]]) -> list[BuildResult]:
    """Build every (config, site_dir) at once: the language trees are independent."""
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda job: build_subprocess(*job), jobs))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelname, record.getMessage()))


def build_in_process(config_file: Path, site_dir: Path, dirty: bool) -> BuildResult:
    """One mkdocs build through its Python API (no interpreter start: used by preview)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file.resolve()),
                             site_dir=str(site_dir.resolve()))
        build(config, dirty=dirty)
        ok = True
    except (MkDocsException, OSError) as error:
        handler.messages.append(("ERROR", str(error)))
        ok = False
    finally:
        logger.removeHandler(handler)
    messages = [m for m in handler.messages if "'dirty' build" not in m[1]]
    return BuildResult(ok, messages)


class PageSession:
    """One language tree loaded once (settings, files, navigation, Jinja environment) so the
    preview can re-render a few changed pages in milliseconds instead of rebuilding.

    Uses mkdocs' build steps directly (the steps `mkdocs.commands.build.build` runs), so it is
    tied to mkdocs 1.6; any failure makes the caller fall back to a `dirty` build.
    """

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        from mkdocs.commands import build as mkdocs_build

        steps: Any = mkdocs_build  # its build steps are not in its public API
        from mkdocs.config import load_config
        from mkdocs.structure.pages import Page

        self.steps = steps
        config = load_config(config_file=str(config_file.resolve()),
                             site_dir=str(site_dir.resolve()))
        config = config.plugins.on_config(config)
        files = steps.get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        steps.set_exclusions(files, config)
        nav = steps.get_navigation(files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files = config, files
        self.doc_files = files.documentation_pages()

    def render(self, src_uris: set[str]) -> bool:
        """Re-render these pages (docs-relative .md paths); False when one is unknown."""
        pages = []
        for uri in sorted(src_uris):
            file = self.files.get_file_from_path(uri)
            if file is None or file.page is None:
                return False
            pages.append(file.page)
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            for page in pages:
                self.steps._populate_page(page, self.config, self.files)
                self.steps._build_page(page, self.config, self.doc_files, self.nav, self.env)
        finally:
            logger.removeHandler(handler)
        return not any(level == "ERROR" for level, _ in handler.messages)
