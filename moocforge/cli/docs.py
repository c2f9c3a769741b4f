"""`moocforge format-doc`: the source-format reference, generated from the schemas."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from moocforge.cli.app import app, usage_error
from moocforge.docs.format import (
    MARKER,
    close_names,
    entry_markdown,
    reference_markdown,
    replace_generated,
)


@app.command("format-doc")
def format_doc(
    key: str = typer.Argument("", help="One file, definition or key: course, common.text, "
                                       "quiz.showanswer, peer.steps.must_grade…"),
    into: Path | None = typer.Option(
        None, "--into", help="Rewrite the generated part of this Markdown file (what follows "
                             "its marker line), e.g. docs/format.md."),
) -> None:
    """Print the reference of every file and key of the source format, from the schemas."""
    if key and into is not None:
        raise usage_error("give a key or --into, not both")
    if key:
        text = entry_markdown(key)
        if text is None:
            close = close_names(key)
            hint = (f"; did you mean {' or '.join(close)}?" if close
                    else " (`moocforge format-doc` prints them all)")
            raise usage_error(f"no file or key '{key}' in the schemas{hint}")
        sys.stdout.write(text)
        return
    if into is None:
        sys.stdout.write(reference_markdown())
        return
    _rewrite_generated_part(into)


def _rewrite_generated_part(path: Path) -> None:
    """Replace what follows the marker line; the hand-written part above it is kept."""
    if not path.is_file():
        raise usage_error(f"{path} is not a file" if path.exists() else
                          f"{path} does not exist")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise usage_error(f"{path} is not UTF-8 text (byte {error.start}); re-save it as "
                          "UTF-8") from None
    except OSError as error:
        raise usage_error(f"cannot read {path}: {error.strerror}") from None
    updated = replace_generated(text, reference_markdown())
    if updated is None:
        raise usage_error(f"{path} has no marker line; put this line where the generated "
                          f"reference should start, then run again:\n{MARKER}")
    if updated == text:
        typer.echo(f"{path} is up to date")
        return
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_text(updated, "utf-8")
    os.replace(staged, path)
    typer.echo(f"updated the reference in {path}")
