"""The `moocforge` command line: thin wrappers that parse options and call the library.

Each feature registers its commands in its own module of this package.
"""

import os
import sys

from moocforge.cli import (
    catalogue,  # noqa: F401  (dates, ci init; catalogue runs)
    codecast,  # noqa: F401  (codecast record, codecast narrate)
    core,  # noqa: F401  (registers init, validate, build)
    docs,  # noqa: F401  (format-doc)
    exercises,  # noqa: F401
    importing,  # noqa: F401  (import olx)
    lint,  # noqa: F401
    media,  # noqa: F401
    preview,  # noqa: F401
    stats,  # noqa: F401
    translations,  # noqa: F401  (translations status, translations confirm)
)
from moocforge.cli.app import app


def main() -> None:
    """Entry point: unexpected errors become one clear line (traceback with MOOCFORGE_DEBUG=1)."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("MOOCFORGE_DEBUG"):
            raise
        sys.stderr.write(f"moocforge: internal error: {type(exc).__name__}: {exc}\n"
                         "  this is a bug; rerun with MOOCFORGE_DEBUG=1 and report the traceback\n")
        sys.exit(70)


__all__ = ["app", "main"]
