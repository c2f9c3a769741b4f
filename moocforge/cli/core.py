"""`init`, `validate` and `build`."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import typer

from moocforge import app as application
from moocforge.catalog import is_catalogue
from moocforge.cli.app import (
    LANG_HELP,
    app,
    format_option,
    report,
    usage_error,
    use_language,
)
from moocforge.cli.caching import cache_for, no_cache_option
from moocforge.cli.catalogue import (
    catalogue_source,
    context_of,
    course_roots,
    default_out,
    relative,
    run_catalogue,
)
from moocforge.diagnostics import Diagnostic, has_errors, rebase, sorted_diagnostics
from moocforge.load.schema import SCHEMA_DIR

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the course in."),
    course_id: str = typer.Option("", "--id", help="Course id (default: the folder name)."),
    force: bool = typer.Option(False, help="Write into a folder that is not empty."),
) -> None:
    """Create a small, valid, bilingual (fr/en) course to start from."""
    if directory.exists() and not directory.is_dir():
        raise usage_error(f"{directory} is not a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise usage_error(f"{directory} is not empty (use --force to write into it)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise usage_error(f"cannot create {directory}: {error.strerror}") from None
    cid = course_id or directory.resolve().name
    kept = _copy_new(SCAFFOLD, directory, directory, {"course.yml": lambda text: text.replace(
        "id: my-course", f"id: {_safe_id(cid)}")})
    # Local copies of the schemas, named on each file's first line, for editor completion:
    # moocforge's own files, brought up to date.
    _copy_new(SCHEMA_DIR, directory / ".schemas", directory, replace=True)
    _write_gitignore(directory)
    typer.echo(f"Created a course in {directory}.\n"
               f"Next: `moocforge validate {directory}` (valid as created), then "
               f"`moocforge lint {directory}` lists what a full course still needs, and "
               f"`moocforge preview {directory}` shows it while you write.")
    if kept:
        typer.echo(f"Kept {len(kept)} file(s) of yours instead of the example's: "
                   f"{', '.join(kept)}.")
    typer.echo(_write_vscode_settings(directory))


def _copy_new(source: Path, target: Path, top: Path,
              edits: dict[str, Callable[[str], str]] | None = None,
              replace: bool = False) -> list[str]:
    """Copy the files under `source` to `target`, except those already there (unless
    `replace`: then only those that are not regular files) and any path through a symbolic
    link below `top`: `init --force` never overwrites the user's files, nor writes outside
    the course's folder. The paths not written, relative to `top`."""
    kept = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        destination = target / rel
        parts = destination.relative_to(top).parts
        folders = [top.joinpath(*parts[:n]) for n in range(1, len(parts))]
        if (any(f.is_symlink() or (f.exists() and not f.is_dir()) for f in folders)
                or destination.is_symlink()
                or (destination.exists() and not (replace and destination.is_file()))):
            kept.append("/".join(parts))
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        edit = (edits or {}).get(rel)
        if edit is None:
            shutil.copyfile(path, destination)
        else:
            destination.write_text(edit(path.read_text("utf-8")), "utf-8")
    return kept


GITIGNORE = """\
# moocforge: build output and caches (packages are built by CI, not committed)
build/
.moocforge-cache/
site-src/
__pycache__/
.DS_Store
"""


def _write_gitignore(directory: Path) -> None:
    """A .gitignore for the build output and caches; an existing one gets the missing lines."""
    path = directory / ".gitignore"
    if path.is_symlink():  # left alone: it may lead out of the course
        return
    if not path.exists():
        path.write_text(GITIGNORE, "utf-8")
        return
    present = set(path.read_text("utf-8").splitlines())
    missing = [line for line in GITIGNORE.splitlines()[1:] if line not in present]
    if missing:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(missing) + "\n")


# VS Code's YAML extension (`yaml.schemas`) matches these against each file's path; quiz and
# peer files have free names, so the scaffold's naming (quiz-*.yml, peer-*.yml) is the key.
VSCODE_SCHEMA_GLOBS = {
    "course": ["**/course.yml"], "week": ["**/weeks/*/week.yml"],
    "quiz": ["**/weeks/*/quiz-*.yml"], "peer": ["**/weeks/*/peer-*.yml"],
    "exercise": ["**/exercise.yml"], "codecast": ["**/weeks/*/codecast-*.yml"]}


def _write_vscode_settings(directory: Path) -> str:
    """Map the course's schemas to its files in .vscode/settings.json: written when absent,
    merged into a plain-JSON one (the user's own entries win), left alone otherwise."""
    import json

    path = directory / ".vscode" / "settings.json"
    ours = {f"./.schemas/{name}.schema.json": globs for name, globs in VSCODE_SCHEMA_GLOBS.items()}
    if path.is_symlink() or path.parent.is_symlink():
        return f"Left {path} as it is (a symbolic link)."
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"yaml.schemas": ours}, indent=2) + "\n", "utf-8")
        return f"Wrote {path}: VS Code's YAML extension completes and explains every key."
    try:
        settings = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):  # JSON with comments, as VS Code allows
        settings = None
    schemas = settings.setdefault("yaml.schemas", {}) if isinstance(settings, dict) else None
    if not isinstance(schemas, dict):
        snippet = json.dumps({"yaml.schemas": ours}, indent=2)
        return f"Left {path} as it is (not plain JSON settings); for completion, add:\n{snippet}"
    missing = {k: v for k, v in ours.items() if k not in schemas}
    if not missing:
        return f"{path} already maps the course's schemas; left as it is."
    schemas.update(missing)
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return f"Added {len(missing)} schema mapping(s) to {path}; your own settings are kept."


def _safe_id(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "my-course"


@app.command()
def validate(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    fmt: str = format_option(),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    no_cache: bool = no_cache_option(),
) -> None:
    """Check a course against the schemas and its references. Exit 0 when valid, 1 if not."""
    use_language(lang)
    shared, inherited, catalogue_root = context_of(course)
    loaded = application.load(course, media=False, shared_roots=shared, inherited=inherited,
                              cache=cache_for(course, None, no_cache))
    report(relative(loaded.diagnostics, loaded.course, course, catalogue_root), fmt)
    if not loaded.ok:
        raise typer.Exit(1)


@app.command()
def build(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml), or a "
                                  "catalogue root (holding catalog.yml)."),
    target: list[str] = typer.Option(
        [], "--target", "-t",
        help="Target(s) to build (`moocforge build --help` lists them) or all (default)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: "
                                    "build/ of the catalogue, else of the course)."),
    profile: str = typer.Option("", help="Target profile, e.g. edx or fun for olx "
                                "(default: every profile the course declares)."),
    lang: list[str] = typer.Option([], "--lang", help="Only these course languages."),
    keep_dir: bool = typer.Option(False, help="Also keep unpacked trees next to archives."),
    no_answers: bool = typer.Option(False, help="Site: leave answer keys out of the pages."),
    fmt: str = format_option(),
    losses: bool = typer.Option(False, "--losses",
                                help="Text format: list every loss-report warning in full."),
    fail_on: str = typer.Option("error", "--fail-on", help="Exit 1 when a diagnostic is at "
                                "least this severe: error or warning (loss reports)."),
    force: bool = typer.Option(False, "--force", help="Build even when nothing changed since "
                               "the last build (of the course, or of a catalogue's courses)."),
    no_cache: bool = no_cache_option(),
) -> None:
    """Build platform packages: an OLX tarball, a Coursera kit, a preview site.

    Each writer reports what its target cannot express (its loss report) as warnings; in
    text format they are summarised per target and code unless --losses is given. Outputs
    are replaced only when every requested target built without an error. A course builds
    with its variants; a catalogue root builds every course and variant in parallel,
    skipping those that did not change, then the catalogue site and program records.
    """
    # the writers and the catalogue runner, imported when a build runs
    from moocforge.app.catalogue import Task
    from moocforge.app.course_build import build_course

    targets = _targets(target)
    if fail_on not in ("error", "warning"):
        raise usage_error(f"--fail-on must be error or warning, not '{fail_on}'")
    if is_catalogue(course):
        task = Task("build", (out or course / "build").resolve(), tuple(targets), profile,
                    tuple(lang), keep_dir, not no_answers, force=force)
        run_catalogue(course, task, fmt, fail_on)
        return
    shared, inherited, catalogue_root = context_of(course)
    out = out or default_out(course)
    result = build_course(course, targets, out, shared_roots=shared, inherited=inherited,
                          catalogue_source=catalogue_source(catalogue_root), profile=profile,
                          languages=tuple(lang), keep_dir=keep_dir, answers=not no_answers,
                          cache=cache_for(course, out, no_cache), force=force)
    roots = {**course_roots(None, course, catalogue_root), **result.roots}
    if not result.loaded:
        report(sorted_diagnostics(rebase(result.diagnostics, roots)), fmt)
        typer.echo("Nothing was built: fix the errors above first.", err=True)
        raise typer.Exit(1)
    shown: list[Diagnostic] = list(result.diagnostics)
    for edition in result.editions:
        shown += _shown(edition.report, fmt, losses, edition.edition, len(result.editions) > 1,
                        "up to date" if result.replayed else "built")
    report(sorted_diagnostics(rebase(shown, roots)), fmt, quiet_when_clean=True)
    if result.replayed and fmt == "text":
        typer.echo("Nothing changed since the last build: its outputs are kept "
                   "(--force builds again).")
    if not result.written:
        typer.echo("Nothing was replaced: a target failed (see above); the previous "
                   "outputs are as they were.", err=True)
    if has_errors(result.all_diagnostics, fail_on) or not result.written:  # type: ignore[arg-type]
        raise typer.Exit(1)


def _shown(result: application.BuildReport, fmt: str, losses: bool, edition: str,
           named: bool, verb: str = "built") -> list[Diagnostic]:
    """What the report shows of one edition's build; prints the `built …` lines."""
    shown: list[Diagnostic] = []
    for outcome in result.targets:
        if fmt == "text" and not losses:
            summarised = [d for d in outcome.diagnostics if d.severity != "error"]
            shown += [d for d in outcome.diagnostics if d.severity == "error"]
            if result.written:
                label = f"{edition} " if named else ""
                typer.echo(f"{verb} {label}{outcome.name}: {outcome.out}"
                           f"{_loss_summary(summarised)}")
        else:
            shown += outcome.diagnostics
    return shown


def _loss_summary(findings: list[Diagnostic]) -> str:
    """`  (12 warnings: MF550 ×4, MF504 ×8; --losses lists them)` or nothing."""
    if not findings:
        return ""
    by_code = Counter(d.code for d in findings)
    codes = ", ".join(f"{code} ×{n}" for code, n in sorted(by_code.items()))
    kinds = Counter(d.severity for d in findings)
    what = ", ".join(f"{n} {sev}{'s' if n > 1 else ''}" for sev, n in sorted(kinds.items()))
    return f"  ({what}: {codes}; --losses lists them)"


def _targets(requested: list[str]) -> list[str]:
    from moocforge.writers.registry import writer_names

    available = writer_names()
    names = [n for value in requested for n in value.split(",") if n]
    if not names or names == ["all"]:
        return available
    for name in names:
        if name not in available:
            raise usage_error(f"unknown target '{name}'; targets: {', '.join(available)}")
    return list(dict.fromkeys(names))
