"""The typer application and the output helpers every command uses."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from moocforge import __version__, i18n
from moocforge.cli.commands import LazyGroup
from moocforge.diagnostics import (
    REPORTERS,
    Diagnostic,
    format_github,
    format_json,
    format_junit,
    format_sarif,
    format_text,
)

app = typer.Typer(
    cls=LazyGroup,  # each command's module imported when it runs (`moocforge.cli.commands`)
    name="moocforge",
    help="Write a MOOC once (YAML + Markdown), lint it, and build every platform package.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"moocforge {__version__}")
        raise typer.Exit()


LANG_HELP = ("Language of the messages: en or fr (default: the locale, LANGUAGE or LANG, "
             "else English).")
_messages: dict[str, str | None] = {"lang": None}


def use_language(lang: str | None) -> None:
    """Print diagnostics in `lang` (`--lang`); None keeps the choice made so far."""
    if lang:
        if i18n.language(lang) != lang.split("_")[0].split("-")[0].lower():
            raise usage_error(f"no messages in '{lang}' (choose {', '.join(i18n.LANGUAGES)})")
        _messages["lang"] = lang


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """moocforge: course sources in git → lint → OLX, Coursera kit, preview site."""
    _messages["lang"] = None
    use_language(lang)


def use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def report(diagnostics: Sequence[Diagnostic], fmt: str = "text", rules: Sequence[dict] = (),
           quiet_when_clean: bool = False) -> None:
    """Print diagnostics in the chosen format on stdout, in the author's language."""
    lang = i18n.language(_messages["lang"])
    diagnostics = i18n.localized(diagnostics, lang)
    if fmt == "json":
        out = format_json(diagnostics)
    elif fmt == "github":
        out = format_github(diagnostics)
    elif fmt == "sarif":
        out = format_sarif(diagnostics, rules)
    elif fmt == "junit":
        out = format_junit(diagnostics)
    else:
        if quiet_when_clean and not diagnostics:
            return
        out = format_text(diagnostics, colour=use_colour(), lang=lang)
    sys.stdout.write(out)


def usage_error(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


FORMAT_HELP = "Output format: text, json, github, sarif or junit."


def _known_format(fmt: str) -> str:
    if fmt not in REPORTERS:
        raise usage_error(f"unknown format '{fmt}' (choose {', '.join(REPORTERS)})")
    return fmt


def format_option() -> Any:
    """`--format/-f` of a command that reports diagnostics: an unknown format stops the
    command before it does anything (exit 2)."""
    return typer.Option("text", "--format", "-f", help=FORMAT_HELP, callback=_known_format)
