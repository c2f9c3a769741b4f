"""The `moocforge` command line: thin wrappers that parse options and call the library.

Each feature registers its commands in its own module of this package.
"""

from moocforge.cli.app import app
from moocforge.cli import core  # noqa: F401  (registers init, validate, build)
from moocforge.cli import lint  # noqa: F401
from moocforge.cli import media  # noqa: F401
from moocforge.cli import exercises  # noqa: F401
from moocforge.cli import preview  # noqa: F401
from moocforge.cli import stats  # noqa: F401


def main() -> None:
    app()


__all__ = ["app", "main"]
