"""The `moocforge` command line: thin wrappers that parse options and call the library.

Each feature registers its commands in its own module of this package.
"""

from moocforge.cli import (
    core,  # noqa: F401  (registers init, validate, build)
    exercises,  # noqa: F401
    lint,  # noqa: F401
    media,  # noqa: F401
    preview,  # noqa: F401
    stats,  # noqa: F401
)
from moocforge.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
