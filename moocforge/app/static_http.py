"""Serving a built site over HTTP the way browsers need it: byte ranges (a video seeks only
when the server answers `Range` with 206 Partial Content), the right MIME types (WebVTT
tracks, the web app manifest, WebAssembly), and silence when a client goes away mid-reply
(a seeking video or a reload closes connections all the time).

    python -m moocforge.app.static_http build/abc-c/site --port 8000

It answers only for the served folder (a symlink leading out of it is a missing file), only
requests addressed to this machine (`Host` a loopback name or an address: a page whose
domain was rebound to 127.0.0.1 gets a 403, DNS rebinding; `allowed_hosts` adds names),
drops a client silent for `StaticHandler.timeout` seconds and refuses connections beyond
`QuietServer.max_connections`.

The preview server (`moocforge.app.preview`) is built on this handler.
"""

from __future__ import annotations

import argparse
import http.server
import ipaddress
import os
import re
import socket
import sys
import threading
from functools import partial
from typing import Any, BinaryIO

MIME_TYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".vtt": "text/vtt", ".srt": "text/plain",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".wasm": "application/wasm",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
    ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
    ".wav": "audio/wav", ".xml": "application/xml", ".gz": "application/gzip",
    ".txt": "text/plain", ".pdf": "application/pdf", ".zip": "application/zip",
}
_TEXT = ("text/", "application/json", "application/manifest+json", "application/xml",
         "image/svg+xml")
# ASCII digits, 18 at most (10^18 bytes): longer numbers are no file's and int() refuses
# more than 4,300 digits (a ValueError, the connection dropped)
_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")
# a client that stopped reading for `StaticHandler.timeout` seconds is gone too
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
ANY_HOST = "*"  # in `allowed_hosts`: answer every Host header


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `Range: bytes=…` header; None when unsatisfiable.
    Several ranges or a malformed header: the whole file, like a server without ranges."""
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return (0, size - 1) if size else None
    first, last = match.group(1), match.group(2)
    if not first:  # the last n bytes
        length = int(last)
        return (max(0, size - length), size - 1) if length and size else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


def is_loopback(host: str) -> bool:
    """Whether listening on `host` keeps the server to this machine."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_warning(host: str, port: int) -> str | None:
    """What to tell the user who listens beyond this machine (None: they do not)."""
    if is_loopback(host):
        return None
    return (f"Warning: listening on {host or 'every interface'}, not only on this machine: "
            f"anyone who can reach it on port {port} can read the site. Other machines may "
            "use its address; to open it under a host name, add --allow-host NAME.")


def host_name(header: str) -> str:
    """The name of a `Host` header: lower case, without the port or a final dot."""
    name = header.strip().lower()
    if name.startswith("["):  # [IPv6]:port
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    return name.rstrip(".")


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request with this `Host` header is for us: none (not a browser), an
    address (no DNS, so no rebinding), `localhost` or a `*.localhost` name (browsers keep
    them on this machine), or a name of `allowed`."""
    if not header or ANY_HOST in allowed:
        return True
    name = host_name(header)
    if name == "localhost" or name.endswith(".localhost") or name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with ranges, explicit MIME types and quiet disconnects,
    confined to its folder and to requests for this machine."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    timeout = 30.0  # seconds a client may stay silent (before its request line, too)
    _range: tuple[int, int] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        allowed: frozenset[str] = getattr(self.server, "allowed_hosts", frozenset())
        if host_allowed(self.headers.get("Host"), allowed):
            return True
        name = host_name(self.headers.get("Host", ""))
        # plain text (and nosniff): the name asked for is never read as HTML
        body = (f"403 Forbidden: this server answers requests for localhost, its addresses "
                f"and the host names it was given, not for {name!r} (a page of another site "
                "whose name was made to point at this machine, DNS rebinding, gets this "
                "answer). To open it under that name, start it again with --allow-host "
                f"{name}\n").encode("utf-8", "replace")
        self.close_connection = True
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return False

    def translate_path(self, path: str) -> str:
        """The file `path` names, symlinks resolved; "" (no such file) for one outside the
        folder, or for a name no file system holds (NUL, a lone surrogate)."""
        local = super().translate_path(path)
        try:
            root = os.path.realpath(self.directory)
            real = os.path.realpath(local)
            if os.path.isdir(real):
                for index in ("index.html", "index.htm"):  # what send_head will open
                    if os.path.isfile(os.path.join(real, index)):
                        if not _inside(os.path.realpath(os.path.join(real, index)), root):
                            return ""
                        break
        except ValueError:
            return ""
        if not _inside(real, root):
            return ""
        return real + "/" if local.endswith("/") and not real.endswith("/") else real

    def handle(self) -> None:
        try:
            super().handle()
        except DISCONNECTS:
            self.close_connection = True

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        kind = MIME_TYPES.get(os.path.splitext(str(path))[1].lower())
        if kind is None:
            kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind.startswith(_TEXT) else kind

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:
        self._range = None
        header = self.headers.get("Range")
        if header is None or not _RANGE.match(header.strip()):  # none, or not one we read
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()
        try:
            file = open(path, "rb")  # noqa: SIM115  (copyfile reads it, then it is closed)
        except OSError:
            self.send_error(404, "File not found")
            return None
        size = os.fstat(file.fileno()).st_size
        wanted = byte_range(header, size)
        if wanted is None:
            file.close()
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        first, last = wanted
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Last-Modified", self.date_time_string(int(os.fstat(file.fileno())
                                                                    .st_mtime)))
        self.end_headers()
        file.seek(first)
        self._range = wanted
        return file

    def copyfile(self, source: Any, outputfile: Any) -> None:
        try:
            if self._range is None:
                super().copyfile(source, outputfile)
                return
            remaining = self._range[1] - self._range[0] + 1
            while remaining > 0:
                chunk = source.read(min(64 * 1024, remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                remaining -= len(chunk)
        except DISCONNECTS:
            self.close_connection = True


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that does not print a traceback when a client disconnects, and
    closes at once the connections beyond `max_connections` (each holds a thread)."""

    daemon_threads = True
    max_connections = 128
    allowed_hosts: frozenset[str] = frozenset()  # host names answered besides the local ones

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._slots = threading.BoundedSemaphore(self.max_connections)
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, DISCONNECTS):
            return
        super().handle_error(request, client_address)


class _QuietServer6(QuietServer):
    address_family = socket.AF_INET6


def make_static_server(directory: str, host: str = "127.0.0.1", port: int = 0,
                       handler: type[StaticHandler] = StaticHandler,
                       allowed_hosts: tuple[str, ...] | list[str] = ()) -> QuietServer:
    """`directory` served on `host:port`; `allowed_hosts`: the host names answered besides
    localhost and the addresses (the name listened on is one; "*": any)."""
    kind = _QuietServer6 if ":" in host else QuietServer  # an IPv6 address
    server = kind((host, port), partial(handler, directory=directory))
    server.allowed_hosts = frozenset(name.lower().rstrip(".")
                                     for name in (*allowed_hosts, host) if name)
    return server


def url(host: str, port: int) -> str:
    """The address of a server listening on `host:port`, for the user to open."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a built moocforge site (with ranges).")
    parser.add_argument("directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="a host name to answer besides localhost and the addresses "
                             "(repeatable; * for any)")
    options = parser.parse_args(argv)
    server = make_static_server(options.directory, options.host, options.port,
                                allowed_hosts=options.allow_host)
    warning = bind_warning(options.host, server.server_address[1])
    if warning:
        print(warning, file=sys.stderr)
    print(f"serving {options.directory} on {url(options.host, server.server_address[1])}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
