"""`moocforge preview`: the course site on localhost, rebuilt and reloaded on every edit."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer

from moocforge import cache
from moocforge.cli.app import app, report
from moocforge.cli.caching import cache_for, no_cache_option
from moocforge.load import load_course


@app.command()
def preview(
    course: Path = typer.Argument(..., help="Course folder (holding course.yml)."),
    port: int = typer.Option(8000, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (another than this "
                             "machine's, such as 0.0.0.0, lets other machines read the "
                             "preview)."),
    allow_host: list[str] = typer.Option([], "--allow-host", metavar="NAME",
                                         help="A host name to answer besides localhost and "
                                         "the addresses, say when other machines use this "
                                         "one's name (repeatable; * for any). Other names "
                                         "get a 403: a web page cannot read the preview by "
                                         "pointing its own name at 127.0.0.1."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: "
                                    "build/ of the catalogue, else of the course, as for "
                                    "`moocforge build`)."),
    no_cache: bool = no_cache_option(),
) -> None:
    """Serve a live preview: pages show lint findings; editing a file rebuilds and reloads."""
    from moocforge.cli.catalogue import default_out

    if not (course / "course.yml").is_file():
        typer.echo(f"error: {course} has no course.yml", err=True)
        raise typer.Exit(2)
    out = out or default_out(course)
    # The build folder's cache: parsed files come from what the last runs left; new facts
    # are written when the preview stops, not while the author waits for a page.
    store = cache_for(course, out, no_cache)
    store.hold_writes()
    try:
        with cache.using(store):
            _serve(course, out, host, port, tuple(allow_host))
    finally:
        store.close()


def _serve(course: Path, out: Path, host: str, port: int, allowed_hosts: tuple[str, ...]
           ) -> None:
    from moocforge.app.preview import Preview, make_server, watch
    from moocforge.app.static_http import bind_warning, url

    loaded = load_course(course)
    course_id = loaded.course.id if loaded.course else course.resolve().name
    state = Preview(course.resolve(), (out / course_id).resolve())
    state.rebuild()
    _announce(state)
    warning = bind_warning(host, port)
    if warning:
        typer.echo(warning, err=True)
    server = make_server(state, host, port, allowed_hosts)
    observer = watch(state, _announce)
    typer.echo(f"Serving {state.site} on {url(host, server.server_address[1])} "
               "(Ctrl+C to stop)")
    # Ctrl+C, a tool, a closed terminal: the server is asked to stop from another thread,
    # so that no exception lands in whatever the loop was doing (starting a request's
    # thread, which then never stops).
    for stopping in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stopping, lambda signum, frame: threading.Thread(
            target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
        if state.save():  # the next preview of the course starts from this one's site
            typer.echo(f"Kept the preview for the next one ({state.kept.name})", err=True)


def _announce(state) -> None:
    if state.error_page is not None:
        report([d for d in state.diagnostics if d.severity == "error"])
        typer.echo("Build failed: the browser shows the errors until you fix them.", err=True)
    else:
        resumed = " (from the site the last preview left)" if state.resumed else ""
        typer.echo(f"Built version {state.version} in {state.last_seconds:.2f} s{resumed}",
                   err=True)
