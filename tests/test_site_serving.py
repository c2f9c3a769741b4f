"""Serving a built site (moocforge.app.static_http, under the preview too): byte ranges,
MIME types, quiet client disconnects, and the preview's localised diagnostics page."""

from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_site_preview import free_port, preview_process

from moocforge.app.preview import error_page, pick_language
from moocforge.app.static_http import byte_range
from moocforge.diagnostics import Diagnostic, Loc

BODY = bytes(range(256)) * 4096  # 1 MiB, each byte's value its offset modulo 256


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "media").mkdir()
    (root / "media/clip.mp4").write_bytes(BODY)
    for name in ("a.vtt", "manifest.webmanifest", "mf-picoc.wasm", "page.html", "sw.js"):
        (root / name).write_text("x", "utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moocforge.app.static_http", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, process
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_range_requests_are_answered_206(server):
    port, _ = server
    response, body = get(port, "/media/clip.mp4", {"Range": "bytes=1000-1999"})
    assert response.status == 206 and body == BODY[1000:2000]
    assert response.headers["Content-Range"] == f"bytes 1000-1999/{len(BODY)}"
    assert response.headers["Content-Type"] == "video/mp4"
    response, body = get(port, "/media/clip.mp4", {"Range": "bytes=-10"})
    assert response.status == 206 and body == BODY[-10:]
    response, body = get(port, "/media/clip.mp4", {"Range": "bytes=1048000-"})
    assert response.status == 206 and body == BODY[1048000:]
    response, _ = get(port, "/media/clip.mp4", {"Range": f"bytes={len(BODY)}-"})
    assert response.status == 416 and response.headers["Content-Range"] == f"bytes */{len(BODY)}"
    response, body = get(port, "/media/clip.mp4")
    assert response.status == 200 and body == BODY and response.headers["Accept-Ranges"] == "bytes"


def test_byte_range_parsing():
    assert byte_range("bytes=0-", 10) == (0, 9)
    assert byte_range("bytes=5-100", 10) == (5, 9)
    assert byte_range("bytes=-3", 10) == (7, 9)
    assert byte_range("bytes=0-1,4-5", 10) == (0, 9)  # several ranges: the whole file
    assert byte_range("bytes=10-", 10) is None


@pytest.mark.parametrize(("name", "kind"), [
    ("a.vtt", "text/vtt; charset=utf-8"),
    ("manifest.webmanifest", "application/manifest+json; charset=utf-8"),
    ("mf-picoc.wasm", "application/wasm"), ("page.html", "text/html; charset=utf-8"),
    ("sw.js", "text/javascript; charset=utf-8")])
def test_mime_types(server, name, kind):
    port, _ = server
    response, _ = get(port, "/" + name)
    assert response.headers["Content-Type"] == kind


def test_client_disconnects_print_no_traceback(server):
    port, process = server
    for _ in range(5):  # a seeking video drops its connection mid-reply
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(b"GET /media/clip.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            sock.recv(100)
            # linger 0: the close resets the connection, as a browser dropping a video does
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    response, _ = get(port, "/page.html")  # and the server still serves
    assert response.status == 200
    process.terminate()
    output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output and "BrokenPipeError" not in output
    assert "ConnectionResetError" not in output


def test_diagnostics_page_speaks_the_trees_language():
    diagnostic = Diagnostic(code="MF001", severity="error", message="bad YAML",
                            loc=Loc(file="weeks/01/week.yml", line=3, col=1), hint="")
    french = error_page([diagnostic], "fr")
    assert '<html lang="fr"' in french and "Le cours ne peut pas être construit" in french
    assert "enregistrez\u00a0:" in french and "week.yml" in french
    assert "The course cannot be built" in error_page([diagnostic], "en")
    assert pick_language("/fr/weeks/x.html", "en-GB,en;q=0.9", ("fr", "en")) == "fr"
    assert pick_language("/", "en-GB,en;q=0.9", ("fr", "en")) == "en"
    assert pick_language("/", "de", ("fr", "en")) == "fr"


def test_preview_answers_ranges_and_localises_its_error_page(make_course, tmp_path):
    course = make_course()
    port = free_port()
    process = preview_process(course, port, tmp_path / "build")
    try:
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline and status != 200:
            try:
                status = get(port, "/fr/index.html")[0].status
            except OSError:
                time.sleep(0.2)
        response, body = get(port, "/fr/assets/moocforge/mf.css", {"Range": "bytes=0-9"})
        assert response.status == 206 and len(body) == 10
        week = Path(course) / "weeks/01-bienvenue/week.yml"
        week.write_text(week.read_text("utf-8").replace("lessons:", "lessons: [\n"), "utf-8")
        page = ""
        while time.monotonic() < deadline and "mf-build-failed" not in page:
            time.sleep(0.2)
            page = get(port, "/fr/index.html")[1].decode("utf-8")
        assert "Le cours ne peut pas être construit" in page
        english = get(port, "/en/index.html")[1].decode("utf-8")
        assert "The course cannot be built" in english
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output
