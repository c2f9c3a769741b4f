"""Commands over a catalogue root (`lint`, `build`, `check` hand over here), `moocforge
dates` (a run's calendar) and `moocforge ci init` (CI workflows)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from moocforge.catalog import CATALOG_FILE, CATALOG_ROOT, find_catalogue, load_catalogue
from moocforge.catalog.model import Catalogue
from moocforge.cli.app import FORMAT_HELP, app, report, usage_error
from moocforge.diagnostics import Diagnostic, counts, has_errors, rebase, sorted_diagnostics
from moocforge.load.course import Inherited
from moocforge.model import Course

if TYPE_CHECKING:  # imported when a catalogue runs: a course's commands do without
    from moocforge.app.catalogue import CatalogueReport, CourseReport, Task

ci_app = typer.Typer(help="Continuous integration: workflows that lint and build.",
                     no_args_is_help=True)
app.add_typer(ci_app, name="ci")


# --------------------------------------------------------------------------- course context


def context_of(course_dir: Path) -> tuple[dict[str, Path], Inherited | None, Path | None]:
    """The shared roots and settings a course gets from the catalogue it belongs to."""
    root = find_catalogue(course_dir)
    if root is None:
        return {}, None, None
    catalogue, _ = load_catalogue(root)
    if catalogue is None:
        return {}, None, root
    return dict(catalogue.shared_roots), catalogue.inherited, root


def catalogue_source(catalogue_root: Path | None) -> bytes:
    """catalog.yml as it is now (what a course of the catalogue inherits), or nothing."""
    if catalogue_root is None:
        return b""
    try:
        return (catalogue_root / CATALOG_FILE).read_bytes()
    except OSError:
        return b""


def course_roots(course: Course | None, course_dir: Path, catalogue_root: Path | None
                 ) -> dict[str, Path]:
    roots: dict[str, Path] = {"": course_dir}
    if catalogue_root is not None:
        roots[CATALOG_ROOT] = catalogue_root
    for root in course.roots if course is not None else ():
        roots[root.name] = root.path
    return roots


def relative(diagnostics: list[Diagnostic], course: Course | None, course_dir: Path,
             catalogue_root: Path | None) -> list[Diagnostic]:
    """Diagnostics named from the current folder (GitHub annotations, SARIF, text)."""
    return sorted_diagnostics(rebase(diagnostics, course_roots(course, course_dir,
                                                               catalogue_root)))


def default_out(course_dir: Path) -> Path:
    """`build/` of the catalogue the course belongs to, else of the course folder: never the
    current folder by accident."""
    root = find_catalogue(course_dir)
    return (root if root is not None else course_dir.resolve()) / "build"


# --------------------------------------------------------------------------- catalogue runs


def run_catalogue(root: Path, task: Task, fmt: str, fail_on: str = "error") -> None:
    """Run `task` over the catalogue at `root`, report, exit 1 at `fail_on`."""
    catalogue, problems = load_catalogue(root)
    own = sorted_diagnostics(rebase(problems, {"": root.resolve()}))
    if catalogue is None or has_errors(own):
        report(own, fmt)
        typer.echo("Nothing was run: fix catalog.yml first.", err=True)
        raise typer.Exit(1)
    from moocforge.app.catalogue import run

    result = run(catalogue, task, progress=_progress)
    result.diagnostics = own
    diagnostics = result.all_diagnostics
    report(diagnostics, fmt, quiet_when_clean=task.kind == "build")
    if fmt == "text":
        typer.echo(summary(result))
    extra_failed = False
    if task.kind == "build" and "site" in task.targets:
        extra_failed = _catalogue_outputs(catalogue, result, task, fmt)
    if task.kind == "build" and "site" not in task.targets:
        _catalogue_outputs(catalogue, result, task, fmt, site=False)
    failed = any(not e.written for e in result.editions) or extra_failed
    if has_errors(diagnostics, fail_on) or failed:  # type: ignore[arg-type]
        raise typer.Exit(1)


def _catalogue_outputs(catalogue: Catalogue, result: CatalogueReport, task: Task, fmt: str,
                       site: bool = True) -> bool:
    """The catalogue site (home, cards, paths) and the program records; True on failure."""
    from moocforge.catalog.programs import write_programs

    written = write_programs(catalogue, [e.card for e in result.editions], task.out)
    if fmt == "text":
        typer.echo(f"programs: {', '.join(str(p) for p in written) or 'none'}")
    if not site:
        return False
    from moocforge.writers.site.catalogue import write_catalogue_site

    try:
        home = write_catalogue_site(catalogue, [e.card for e in result.editions], task.out)
    except OSError as error:
        typer.echo(f"the catalogue site could not be written: {error}", err=True)
        return True
    if fmt == "text":
        typer.echo(f"built catalogue site: {home}")
    return False


def _progress(done: int, total: int, course: CourseReport) -> None:
    """One line per course on stderr: `[2/3] abc-c  skipped (unchanged)  0.1 s`."""
    if course.skipped:
        state = "unchanged, skipped"
    else:
        c = counts(course.all_diagnostics)
        state = f"{c['error']} error(s), {c['warning']} warning(s)"
    editions = ", ".join(e.edition for e in course.editions) or course.course
    sys.stderr.write(f"[{done}/{total}] {editions}: {state} ({course.seconds:.1f} s)\n")
    sys.stderr.flush()


def summary(result: CatalogueReport) -> str:
    lines = []
    for course in result.courses:
        if not course.editions:
            c = counts(course.diagnostics)
            lines.append(f"{course.course}: not loaded ({c['error']} error(s))")
        for edition in course.editions:
            c = counts(edition.diagnostics)
            state = "unchanged, skipped" if course.skipped else (
                f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info")
            lines.append(f"{edition.edition}: {state}")
    skipped = sum(c.skipped for c in result.courses)
    lines.append(f"{len(result.courses)} course(s), {len(result.editions)} edition(s); "
                 f"{skipped} unchanged since the last run")
    return "\n".join(lines)


# --------------------------------------------------------------------------- dates


@app.command()
def dates(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    run_id: str = typer.Option("", "--run", help="The run (default: the first one)."),
    variant: str = typer.Option("", "--variant", help="A variant of the course."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Print a run's calendar: every week and dated item, opens and due, local and UTC."""
    import json

    from moocforge.app.loading import load
    from moocforge.calendar import calendar, format_calendar
    from moocforge.variants import apply_variant, variant_named

    if fmt not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not '{fmt}'")
    shared, inherited, catalogue_root = context_of(course)
    loaded = load(course, media=False, shared_roots=shared, inherited=inherited)
    if loaded.course is None or not loaded.ok:
        report(relative(loaded.diagnostics, loaded.course, course, catalogue_root), "text")
        raise typer.Exit(1)
    model = loaded.course
    if variant:
        if variant_named(model, variant) is None:
            raise usage_error(f"no variant '{variant}' (variants: "
                              f"{', '.join(v.id for v in model.variants) or 'none'})")
        model = apply_variant(model, variant)
    chosen = model.run_named(run_id) if run_id else (model.runs[0] if model.runs else None)
    if chosen is None:
        raise usage_error(f"no run '{run_id}' (runs: {', '.join(r.id for r in model.runs)})")
    rows = calendar(model, chosen)
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in rows], indent=2) + "\n")
    else:
        sys.stdout.write(format_calendar(model, chosen, rows))


# --------------------------------------------------------------------------- ci init


@ci_app.command("init")
def ci_init(
    directory: Path = typer.Argument(Path("."), help="Repository root (a catalogue or a course)."),
    force: bool = typer.Option(False, help="Replace workflow files that exist."),
) -> None:
    """Write a GitHub Actions workflow and a GitLab CI file that lint on every push and
    build the packages as artifacts."""
    from moocforge.ci import github_workflow, gitlab_ci

    files = {directory / ".github" / "workflows" / "moocforge.yml": github_workflow(),
             directory / ".gitlab-ci.yml": gitlab_ci()}
    for path in files:
        _refuse_links(directory, path)
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise usage_error(f"{', '.join(map(str, existing))} exist(s); --force replaces them")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        typer.echo(f"wrote {path}")


def _refuse_links(directory: Path, path: Path) -> None:
    """A usage error when `path` or a folder on the way to it from `directory` is a symbolic
    link (writing would land outside the repository) or a folder is a file."""
    for step in [*reversed(path.relative_to(directory).parents[:-1]), path.relative_to(directory)]:
        here = directory / step
        if here.is_symlink():
            raise usage_error(f"{here} is a symbolic link: moocforge does not write through "
                              "it; remove it, or write the file yourself")
        if here != path and here.exists() and not here.is_dir():
            raise usage_error(f"{here} is not a folder: move it away first")


FORMAT = FORMAT_HELP
