"""The local HTTP servers (`moocforge preview`, `python -m moocforge.app.static_http`) against
hostile requests, over real sockets: nothing outside the served folder (symlinks included),
no answer to a foreign `Host` (DNS rebinding), no traceback or dropped reply on a path or a
`Range` no file system can take, `nosniff` on every answer, idle clients dropped, the long
polls bounded."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moocforge.app import static_http
from moocforge.app.preview import VERSION_PATH, Preview, make_server
from moocforge.app.static_http import QuietServer, StaticHandler, make_static_server

SECRET = "SECRET outside the site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A served folder next to a secret file and folder, with symlinks leading to them."""
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>", "utf-8")
    (root / "sub" / "page.html").write_text("<p>page</p>", "utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "index.html").write_text(SECRET, "utf-8")
    (tmp_path / "secret" / "s.txt").write_text(SECRET, "utf-8")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")  # absolute
    os.symlink("../secret.txt", root / "rel.txt")  # relative
    os.symlink(tmp_path / "secret", root / "linkdir")  # a folder
    (root / "week").mkdir()
    os.symlink(tmp_path / "secret" / "index.html", root / "week" / "index.html")
    os.symlink("index.html", root / "alias.html")  # stays inside: served
    return root


@contextmanager
def serving(server: QuietServer) -> Iterator[int]:
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def exchange(port: int, request: bytes, timeout: float = 5) -> bytes:
    """What the server answers to the raw `request`, until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def get(port: int, target: bytes, *headers: bytes, host: bytes = b"127.0.0.1") -> bytes:
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: " + host, b"Connection: close",
             *headers]
    return exchange(port, b"\r\n".join(lines) + b"\r\n\r\n")


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer else 0


def body(answer: bytes) -> bytes:
    return answer.partition(b"\r\n\r\n")[2]


# --------------------------------------------------------------------------- the folder


@pytest.mark.parametrize("target", [
    b"/link.txt", b"/rel.txt", b"/linkdir/s.txt", b"/linkdir/", b"/linkdir/index.html",
    b"/week/", b"/week/index.html", b"/week"])
def test_symlinks_leading_outside_the_site_are_not_served(site, target):
    with serving(make_static_server(str(site))) as port:
        answer = get(port, target)
        assert SECRET.encode() not in answer
        assert status(answer) == 404, answer[:200]
        assert status(get(port, b"/alias.html")) == 200  # a symlink inside the site is fine


def test_a_site_folder_that_is_itself_a_symlink_is_served(site, tmp_path):
    os.symlink(site, tmp_path / "linked-site")
    with serving(make_static_server(str(tmp_path / "linked-site"))) as port:
        assert body(get(port, b"/sub/page.html")) == b"<p>page</p>"
        assert status(get(port, b"/link.txt")) == 404


@pytest.mark.parametrize("target", [
    b"/../secret.txt", b"/%2e%2e/secret.txt", b"/..%2fsecret.txt", b"/%2e%2e%2fsecret.txt",
    b"/%252e%252e/secret.txt", b"/..\\secret.txt", b"/%5c..%5csecret.txt",
    b"/sub/../../secret.txt", b"//../secret.txt", b"/%ef%bc%8e%ef%bc%8e/secret.txt",
    b"/\xef\xbc\x8e\xef\xbc\x8e/secret.txt", b"/.%2e/secret.txt"])
def test_traversal_spellings_stay_inside(site, target):
    """(Passed before the audit: http.server drops `..` after decoding once.)"""
    with serving(make_static_server(str(site))) as port:
        answer = get(port, target)
        assert status(answer) == 404 and SECRET.encode() not in answer


def test_an_absolute_path_names_a_file_of_the_site(site, tmp_path):
    with serving(make_static_server(str(site))) as port:
        answer = get(port, (str(tmp_path / "secret.txt")).encode())
        assert status(answer) == 404 and SECRET.encode() not in answer
        assert status(get(port, b"/" + b"a" * 70000)) == 414  # a very long path


@pytest.mark.parametrize("target", [b"/index.html%00.txt", b"/%00", b"/%ed%a0%80",
                                    b"/sub/%00/page.html"])
@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
@pytest.mark.parametrize("ranged", [False, True])
def test_a_path_no_file_system_can_hold_is_a_404(site, capsys, target, method, ranged):
    """NUL, a lone surrogate: a 404, not a dropped connection and a traceback."""
    with serving(make_static_server(str(site))) as port:
        extra = b"Range: bytes=0-1\r\n" if ranged else b""
        answer = exchange(port, method + b" " + target + b" HTTP/1.0\r\n" + extra + b"\r\n")
        assert status(answer) == 404, answer
        assert status(get(port, b"/index.html")) == 200
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("header", [b"bytes=" + b"1" * 5000 + b"-", b"bytes=0-" + b"9" * 5000,
                                    b"bytes=-" + b"9" * 5000, b"bytes=abc", b"items=0-1",
                                    b"bytes=\xd9\xa1-"])
def test_a_range_it_cannot_read_is_ignored(site, capsys, header):
    """A whole-file 200, as RFC 9110 lets a server do with a Range it does not understand;
    5,000 digits were a ValueError (Python's int digit limit) and a dropped connection."""
    with serving(make_static_server(str(site))) as port:
        answer = get(port, b"/index.html", b"Range: " + header)
        assert status(answer) == 200 and body(answer) == b"<p>home</p>", answer
    assert "Traceback" not in capsys.readouterr().err


def test_answers_say_nosniff(site):
    with serving(make_static_server(str(site))) as port:
        for target in (b"/index.html", b"/nothing", b"/sub/"):
            assert b"\r\nX-Content-Type-Options: nosniff\r\n" in get(port, target)


def test_error_pages_do_not_reflect_the_path_as_html(site):
    with serving(make_static_server(str(site))) as port:
        for target in (b"/%3Cscript%3Ealert(1)%3C/script%3E", b"/<img src=x onerror=alert(1)>"):
            answer = get(port, target)  # a raw space: a 400 quoting the request line
            assert status(answer) in (400, 404), answer[:300]
            assert b"<script>" not in body(answer) and b"<img" not in body(answer)


def test_other_methods_are_refused(site):
    with serving(make_static_server(str(site))) as port:
        for method in (b"POST", b"PUT", b"DELETE", b"OPTIONS", b"PATCH"):
            answer = exchange(port, method + b" /index.html HTTP/1.0\r\nContent-Length: 5"
                              b"\r\n\r\nhello")
            assert status(answer) == 501 and b"home" not in answer
        assert status(get(port, b"/index.html", b"X-Big: " + b"a" * 70000)) == 431


# --------------------------------------------------------------------------- Host


@pytest.mark.parametrize("host", [b"evil.example", b"evil.example:8000", b"127.0.0.1.nip.io",
                                  b"localhost.evil.example", b"attacker.test:80"])
def test_a_foreign_host_header_is_refused(site, host):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends
    `Host: evil.example`; the server must not let it read the site."""
    with serving(make_static_server(str(site))) as port:
        answer = get(port, b"/index.html", host=host)
        assert status(answer) == 403, answer[:300]
        assert b"home" not in answer and b"--allow-host" in body(answer)
        assert b"text/plain" in answer.partition(b"\r\n\r\n")[0]


@pytest.mark.parametrize("host", [b"127.0.0.1", b"127.0.0.1:8000", b"localhost", b"LOCALHOST:1",
                                  b"localhost.", b"course.localhost:8000", b"[::1]:8000",
                                  b"192.168.1.20:8000", b"10.0.0.7"])
def test_local_names_and_addresses_are_answered(site, host):
    """An address cannot be rebound (no DNS), `localhost` and `*.localhost` are the
    machine's own in browsers."""
    with serving(make_static_server(str(site))) as port:
        assert body(get(port, b"/index.html", host=host)) == b"<p>home</p>"


def test_another_host_name_can_be_allowed(site):
    with serving(make_static_server(str(site), allowed_hosts=("box.lan",))) as port:
        assert status(get(port, b"/index.html", host=b"box.lan:8000")) == 200
        assert status(get(port, b"/index.html", host=b"Box.Lan")) == 200
        assert status(get(port, b"/index.html", host=b"other.lan")) == 403
    with serving(make_static_server(str(site), allowed_hosts=("*",))) as port:
        assert status(get(port, b"/index.html", host=b"anything.example")) == 200


def test_a_request_without_host_is_answered(site):
    """HTTP/1.0 tools send none; a browser always does, so it cannot be a rebinding."""
    with serving(make_static_server(str(site))) as port:
        assert status(exchange(port, b"GET /index.html HTTP/1.0\r\n\r\n")) == 200


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    state = Preview(tmp_path / "course", tmp_path / "out")
    state.site.mkdir(parents=True)
    (state.site / "index.html").write_text("<p>preview</p>", "utf-8")
    return state


def test_the_preview_refuses_a_foreign_host_too(preview):
    with serving(make_server(preview, "127.0.0.1", 0)) as port:
        assert body(get(port, VERSION_PATH.encode())) == b"0"
        assert status(get(port, VERSION_PATH.encode(), host=b"evil.example")) == 403
        assert status(get(port, b"/index.html", host=b"evil.example")) == 403
        preview.error_page = "<p>broken</p>"  # the diagnostics page, with the course's paths
        answer = get(port, b"/index.html", host=b"evil.example")
        assert status(answer) == 403 and b"broken" not in answer
        assert b"\r\nX-Content-Type-Options: nosniff\r\n" in get(port, VERSION_PATH.encode())


def test_the_preview_allows_the_host_it_is_bound_to_by_name(preview):
    with serving(make_server(preview, "localhost", 0, allowed_hosts=("box.lan",))) as port:
        assert status(get(port, b"/index.html", host=b"box.lan")) == 200
        assert status(get(port, b"/index.html", host=b"evil.example")) == 403


# --------------------------------------------------------------------------- the bind address


def test_binding_beyond_this_machine_is_warned(tmp_path, monkeypatch):
    from moocforge.app import preview as preview_module
    from moocforge.cli import app

    course = tmp_path / "course"
    course.mkdir()
    (course / "course.yml").write_text("id: c\n", "utf-8")
    seen: list[tuple[str, tuple[str, ...]]] = []

    class Stop(Exception):
        pass

    def no_server(state: object, host: str, port: int, allowed_hosts: tuple[str, ...] = ()
                  ) -> object:
        seen.append((host, tuple(allowed_hosts)))
        raise Stop

    monkeypatch.setattr(preview_module.Preview, "rebuild", lambda self, changed=None: None)
    monkeypatch.setattr(preview_module, "make_server", no_server)
    runner = CliRunner()
    result = runner.invoke(app, ["preview", str(course), "--out", str(tmp_path / "b")])
    assert isinstance(result.exception, Stop) and "Warning" not in result.output
    result = runner.invoke(app, ["preview", str(course), "--out", str(tmp_path / "b"),
                                 "--host", "0.0.0.0", "--allow-host", "box.lan"])
    assert isinstance(result.exception, Stop), result.output
    assert "Warning" in result.output and "0.0.0.0" in result.output
    assert seen == [("127.0.0.1", ()), ("0.0.0.0", ("box.lan",))]


def test_loopback_addresses():
    assert all(map(static_http.is_loopback, ("127.0.0.1", "127.0.0.2", "localhost", "::1")))
    assert not any(map(static_http.is_loopback, ("0.0.0.0", "", "::", "192.168.1.2", "box")))


def test_static_http_defaults_to_localhost_and_warns_otherwise(site, capsys, monkeypatch):
    started: list[tuple[str, int]] = []

    def stop(self: QuietServer) -> None:
        started.append(self.server_address[:2])
        raise KeyboardInterrupt

    monkeypatch.setattr(QuietServer, "serve_forever", stop)
    static_http.main([str(site), "--port", "0"])
    assert started[0][0] == "127.0.0.1" and "Warning" not in capsys.readouterr().err
    static_http.main([str(site), "--port", "0", "--host", "0.0.0.0"])
    assert started[1][0] == "0.0.0.0" and "Warning" in capsys.readouterr().err


# --------------------------------------------------------------------------- slow clients


def test_a_silent_client_blocks_no_one_and_is_dropped(site):
    assert StaticHandler.timeout is not None and 0 < StaticHandler.timeout <= 60

    class Quick(StaticHandler):
        timeout = 0.5

    with serving(make_static_server(str(site), handler=Quick)) as port:
        silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
        started = time.monotonic()
        assert status(get(port, b"/index.html")) == 200
        assert time.monotonic() - started < 1
        for sock in silent:
            sock.settimeout(5)
            assert sock.recv(10) == b""  # closed by the server after its timeout
            sock.close()


def test_connections_are_bounded(site):
    assert 0 < QuietServer.max_connections <= 1024

    class Small(QuietServer):
        max_connections = 6

    with serving(Small(("127.0.0.1", 0), partial(StaticHandler, directory=str(site)))) as port:
        silent = [socket.create_connection(("127.0.0.1", port))
                  for _ in range(Small.max_connections)]
        try:
            extra = socket.create_connection(("127.0.0.1", port), timeout=5)
            assert extra.recv(10) == b""  # refused: closed at once
            extra.close()
        finally:
            for sock in silent:
                sock.close()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the slots come back
            answer = get(port, b"/index.html")
            if status(answer) == 200:
                break
            time.sleep(0.05)
        assert status(answer) == 200


def test_long_polls_are_bounded(preview, monkeypatch):
    from moocforge.app import preview as preview_module

    assert 0 < preview_module.LONG_POLLS < QuietServer.max_connections
    limit = 4
    monkeypatch.setattr(preview_module, "LONG_POLLS", limit)
    with serving(make_server(preview, "127.0.0.1", 0)) as port:
        waiting = [socket.create_connection(("127.0.0.1", port), timeout=10)
                   for _ in range(limit)]
        for sock in waiting:
            sock.sendall(b"GET " + VERSION_PATH.encode() + b"?after=0 HTTP/1.0\r\n\r\n")
        time.sleep(0.5)
        started = time.monotonic()
        answer = get(port, VERSION_PATH.encode() + b"?after=0")  # one too many: answered now
        assert body(answer) == b"0" and time.monotonic() - started < 2
        with preview.built:
            preview.version = 1
            preview.built.notify_all()
        for sock in waiting:
            received = b""
            while chunk := sock.recv(1000):
                received += chunk
            assert body(received) == b"1"
            sock.close()


@pytest.mark.parametrize("after", [b"%C2%B2", b"%D9%A1", b"-1", b"1e3", b"9" * 40])
def test_a_version_it_cannot_read_is_answered_now(preview, capsys, after):
    """`?after=²` (a digit to str.isdigit, not to int) was a ValueError and no answer."""
    with serving(make_server(preview, "127.0.0.1", 0)) as port:
        answer = get(port, VERSION_PATH.encode() + b"?after=" + after)
        assert status(answer) == 200 and body(answer) == b"0"
    assert "Traceback" not in capsys.readouterr().err


def test_an_ipv6_address_can_be_listened_on(site):
    """`--host ::1` was refused (an IPv4 socket: "Address family for hostname not
    supported")."""
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        server = make_static_server(str(site), "::1")
    except OSError as error:
        if "Address family" in str(error):
            raise
        pytest.skip(f"no IPv6 loopback here: {error}")
    with serving(server) as port, socket.create_connection(("::1", port), timeout=5) as sock:
        sock.sendall(b"GET /index.html HTTP/1.0\r\nHost: [::1]\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        assert body(answer) == b"<p>home</p>"
