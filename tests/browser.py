"""Headless Chromium and a local HTTP server, shared by the browser tests.

The server is the one moocforge ships (`moocforge.app.static_http`: ranges, MIME types,
quiet on dropped connections), so the tests see what `moocforge preview` serves.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from moocforge.app.static_http import make_static_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def serving(folder: Path | str) -> Iterator[str]:
    """`folder` over HTTP on a free local port: yields its base URL."""
    server = make_static_server(str(folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium_context(args: Sequence[str] = CHROMIUM_ARGS) -> Iterator[object]:
    """A headless Chromium with a profile of its own (storage and service workers persist
    across pages); skips the test when Playwright or Debian's chromium is missing."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with playwright_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=list(args), headless=True)
        yield context
        context.close()
