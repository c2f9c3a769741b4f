"""`--no-cache`: the option every command that loads or builds a course takes."""

from __future__ import annotations

from pathlib import Path

import typer

from moocforge import cache
from moocforge.cli.catalogue import default_out

NO_CACHE_HELP = ("Compute everything afresh: neither read nor write the cache "
                 "(build/.moocforge-cache, safe to delete: parsed files, reused weeks, "
                 "rendered texts, the last site build, the up-to-date check).")


def no_cache_option() -> bool:
    return typer.Option(False, "--no-cache", help=NO_CACHE_HELP)  # type: ignore[no-any-return]


def cache_for(course_dir: Path, out: Path | None, no_cache: bool) -> cache.Cache:
    """The cache of a course's builds: in its build folder (`--out`, else the default)."""
    return cache.for_folder(cache.store_folder(out or default_out(course_dir)),
                            enabled=not no_cache)
