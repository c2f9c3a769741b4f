"""Which module of this package defines each `moocforge` command, imported when the command
runs: `moocforge validate` does not pay for the Coursera writer, the exercise sandbox or
the analytics it never uses.

`--help` lists every command from the summaries here, without importing any of them (a
test checks that each summary is the first paragraph of its command's own help, so the
listing reads as it would with every command imported). A command module registers its
commands on the application as before (`@app.command()`, `app.add_typer(...)`).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Any

from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name, get_group_from_info


@dataclass(frozen=True)
class Registered:
    module: str  # of this package
    summary: str  # the first paragraph of its help, as `--help` lists it


# In the order `--help` lists them: the commands, then the groups of commands.
COMMANDS: dict[str, Registered] = {
    "dates": Registered("catalogue", "Print a run's calendar: every week and dated item, "
                        "opens and due, local and UTC."),
    "init": Registered("core", "Create a small, valid, bilingual (fr/en) course to start "
                       "from."),
    "validate": Registered("core", "Check a course against the schemas and its references. "
                           "Exit 0 when valid, 1 if not."),
    "build": Registered("core", "Build platform packages: an OLX tarball, a Coursera kit, a "
                        "preview site."),
    "format-doc": Registered("docs", "Print the reference of every file and key of the "
                             "source format, from the schemas."),
    "check": Registered("exercises", "Run every exercise's reference, starter and wrong "
                        "solutions in the sandbox, and every codecast's declared runs with "
                        "gcc."),
    "grade": Registered("exercises", "Grade one submission; print the Open edX "
                        "external-grader reply (JSON)."),
    "lint": Registered("lint", "Check a course against the pedagogy rules. Exit 0 when "
                       "clean at --fail-on, else 1."),
    "rules": Registered("lint", "List the lint rules, or print the documentation of one "
                        "rule."),
    "workload": Registered("lint", "Print the estimated minutes of work per week and per "
                           "kind of item."),
    "preview": Registered("preview", "Serve a live preview: pages show lint findings; "
                          "editing a file rebuilds and reloads."),
    "cache": Registered("cache_commands", "The build folder's cache (build/.moocforge-cache): "
                        "what it holds, and emptying it."),
    "ci": Registered("catalogue", "Continuous integration: workflows that lint and build."),
    "codecast": Registered("codecast", "Codecasts: record one from files, narrate them."),
    "import": Registered("importing", "Bring existing courses into moocforge sources."),
    "media": Registered("media", "Probe, transcode and draft the course's videos."),
    "stats": Registered("stats", "Learner analytics: `moocforge stats <course> --logs DIR "
                        "[--grades CSV] …` reports started / persistent / passed per run, "
                        "per-week funnel and per-item figures; `moocforge stats synth "
                        "<course>` writes synthetic logs to try it."),
    "translations": Registered("translations", "Translations tracked by content "
                               "(translations.lock): what is stale, and recording that a "
                               "translation is up to date."),
}


def import_all() -> None:
    """Import every command's module (each registers its commands on the application)."""
    for name in COMMANDS:
        _import(name)


def _import(name: str) -> None:
    importlib.import_module(f"{__package__}.{COMMANDS[name].module}")


class LazyGroup(TyperGroup):
    """The application's group of commands: a command's module is imported when the command
    is asked for; while the help is written, commands not imported yet are listed from
    their summaries."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._listing = False
        _reflowed(self)  # with the commands imported already (all of them, in tests)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if self._listing:
                return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name].summary)
            _import(cmd_name)
            built = _built(cmd_name)
            if built is not None:
                self.commands[cmd_name] = built
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS and args[0] not in self.commands:
            # a mistyped command: typer suggests names from the commands built
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _built(name: str) -> Any:
    """The command (or group) `name` as typer builds it from the application's
    registrations, once its module registered it; None when it did not."""
    from moocforge.cli.app import app

    for info in app.registered_commands:
        callback_name = info.callback.__name__ if info.callback is not None else ""
        if (info.name or get_command_name(callback_name)) == name:
            return _reflowed(get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode))
    for group in app.registered_groups:
        if group.name == name:
            return _reflowed(get_group_from_info(
                group, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands))
    return None


def _reflowed(command: Any) -> Any:
    """The command (and its subcommands) with each paragraph of its help on one line: the
    help is wrapped to the terminal, and a docstring's own line breaks would break its lines
    a second time (on 80 columns: a line of 78 characters, then one of two words). A
    paragraph that starts with `\\b` keeps its lines, as click has it."""
    if command.help:
        command.help = "\n\n".join(
            part if part.startswith("\b") else " ".join(part.split())
            for part in inspect.cleandoc(command.help).split("\n\n"))
    for sub in getattr(command, "commands", {}).values():
        _reflowed(sub)
    return command
