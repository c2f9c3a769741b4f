"""Serving a built site over HTTP the way browsers need it: byte ranges (a video seeks only
when the server answers `Range` with 206 Partial Content), the right MIME types (WebVTT
tracks, the web app manifest, WebAssembly), and silence when a client goes away mid-reply
(a seeking video or a reload closes connections all the time).

    python -m moocforge.app.static_http build/abc-c/site --port 8000

The preview server (`moocforge.app.preview`) is built on this handler.
"""

from __future__ import annotations

import argparse
import http.server
import os
import re
import sys
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
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


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


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with ranges, explicit MIME types and quiet disconnects."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    _range: tuple[int, int] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

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
        super().end_headers()

    def send_head(self) -> BinaryIO | None:
        self._range = None
        header = self.headers.get("Range")
        if header is None:
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
    """A threading server that does not print a traceback when a client disconnects."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, DISCONNECTS):
            return
        super().handle_error(request, client_address)


def make_static_server(directory: str, host: str = "127.0.0.1", port: int = 0,
                       handler: type[StaticHandler] = StaticHandler) -> QuietServer:
    return QuietServer((host, port), partial(handler, directory=directory))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a built moocforge site (with ranges).")
    parser.add_argument("directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args(argv)
    server = make_static_server(options.directory, options.host, options.port)
    print(f"serving {options.directory} on http://{options.host}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
