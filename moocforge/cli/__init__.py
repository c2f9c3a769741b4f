"""The `moocforge` command line: thin wrappers that parse options and call the library.

Each feature registers its commands in its own module of this package, imported when one
of its commands runs (`moocforge.cli.commands` knows which module defines which command).
"""

import os
import sys

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
