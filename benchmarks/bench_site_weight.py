"""Benchmark: the learner site's weight and first contentful paint (abc-c, French tree).

    python benchmarks/bench_site_weight.py [--repeat 3] [--write]

The abc-c site is built once and served on 127.0.0.1 by moocforge's static handler, which
counts the bytes it sends (headers and bodies: what crossed the network). Headless Chromium
(Debian's) opens each of three page types — the home page, a reading, a quiz — in a new
browser context (cold cache, no service worker): the *first visit*. It then waits for the
service worker to take the page and keep the offline shell, and opens the same page again
in the same context: the *repeat visit*. Per visit: bytes and requests the server answered
(the first visit's count includes the worker's precache of the shell, done in the
background after the page is shown: reported apart), and the first contentful paint
(Paint Timing API). Baseline in the same run: the same page in a context whose service
workers are blocked, opened twice (what the browser's HTTP cache alone saves).
`--write` also writes benchmarks/results/site_weight.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from moocforge import app as application
from moocforge.app.static_http import StaticHandler, make_static_server

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "site_weight.md"
PAGES = {"home": "/fr/index.html", "reading": "/fr/weeks/01-premiers-pas/r1-compiler.html",
         "quiz": "/fr/weeks/01-premiers-pas/q1-evaluation.html"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUIET_S = 1.0  # no request for this long: the visit (and the worker's precache) is over


class Meter:
    """Bytes and requests the server answered since the last `take()`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes = self.requests = 0
        self.last = time.monotonic()

    def add(self, sent: int, request: bool) -> None:
        with self.lock:
            self.bytes += sent
            self.requests += int(request)
            self.last = time.monotonic()

    def take(self) -> tuple[int, int]:
        with self.lock:
            taken = (self.bytes, self.requests)
            self.bytes = self.requests = 0
            return taken

    def wait_quiet(self) -> None:
        while time.monotonic() - self.last < QUIET_S:
            time.sleep(0.1)


class _Counting:
    def __init__(self, stream: Any, meter: Meter) -> None:
        self.stream, self.meter = stream, meter

    def write(self, data: bytes) -> int:
        self.meter.add(len(data), False)
        return self.stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def counting_handler(meter: Meter) -> type[StaticHandler]:
    class Counting(StaticHandler):
        def setup(self) -> None:
            super().setup()
            self.wfile = _Counting(self.wfile, meter)  # type: ignore[assignment]

        def send_response(self, code: int, message: str | None = None) -> None:
            meter.add(0, True)
            super().send_response(code, message)

    return Counting


FCP = """() => new Promise(done => {
    const seen = performance.getEntriesByName('first-contentful-paint');
    if (seen.length) return done(seen[0].startTime);
    new PerformanceObserver(list => done(list.getEntries()[0].startTime))
        .observe({type: 'paint', buffered: true}); })"""


def visit(tab, url: str, meter: Meter) -> dict[str, float]:
    meter.wait_quiet()
    meter.take()
    tab.goto(url, wait_until="load")
    fcp = tab.evaluate(FCP)
    shown = meter.take()
    meter.wait_quiet()
    background = meter.take()
    return {"bytes": shown[0], "requests": shown[1], "fcp_ms": fcp,
            "background_bytes": background[0], "background_requests": background[1]}


def measure_page(browser, url: str, meter: Meter, workers: bool) -> dict[str, dict[str, float]]:
    context = browser.new_context(service_workers="allow" if workers else "block")
    tab = context.new_page()
    first = visit(tab, url, meter)
    if workers:
        tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    repeat = visit(tab, url, meter)
    context.close()
    return {"first": first, "repeat": repeat}


def measure(repeat: int) -> dict[str, dict[str, list[dict[str, dict[str, float]]]]]:
    from playwright.sync_api import sync_playwright

    loaded = application.load(ROOT / "courses" / "abc-c", media=False)
    assert loaded.course is not None
    runs: dict[str, dict[str, list[dict[str, dict[str, float]]]]] = {
        "service worker": {name: [] for name in PAGES},
        "HTTP cache only": {name: [] for name in PAGES}}
    with tempfile.TemporaryDirectory() as tmp:
        report = application.build(loaded.course, ["site"], Path(tmp))
        assert report.written, report.diagnostics
        meter = Meter()
        server = make_static_server(str(Path(tmp) / loaded.course.id / "site"),
                                    handler=counting_handler(meter))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=CHROMIUM_ARGS, headless=True)
                for _ in range(repeat):
                    for name, path in PAGES.items():
                        runs["service worker"][name].append(
                            measure_page(browser, base + path, meter, True))
                        runs["HTTP cache only"][name].append(
                            measure_page(browser, base + path, meter, False))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return runs


def _median(rows: list[dict[str, dict[str, float]]], visit_name: str, key: str) -> float:
    return statistics.median(row[visit_name][key] for row in rows)


def table(runs: dict[str, dict[str, list[dict[str, dict[str, float]]]]]) -> str:
    lines = ["| setup | page | first visit: KB, requests | FCP first | precache after it: KB, "
             "requests | repeat visit: KB, requests | FCP repeat |",
             "|---|---|---|---|---|---|---|"]
    for setup, pages in runs.items():
        for name, rows in pages.items():
            lines.append(
                f"| {setup} | {name} | {_median(rows, 'first', 'bytes') / 1000:.1f} KB, "
                f"{_median(rows, 'first', 'requests'):.0f} | "
                f"{_median(rows, 'first', 'fcp_ms'):.0f} ms | "
                f"{_median(rows, 'first', 'background_bytes') / 1000:.1f} KB, "
                f"{_median(rows, 'first', 'background_requests'):.0f} | "
                f"{_median(rows, 'repeat', 'bytes') / 1000:.1f} KB, "
                f"{_median(rows, 'repeat', 'requests'):.0f} | "
                f"{_median(rows, 'repeat', 'fcp_ms'):.0f} ms |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    runs = measure(args.repeat)
    text = table(runs)
    print(text)
    if args.write:
        RESULTS.write_text(
            "# Site weight and first contentful paint\n\n"
            f"`python benchmarks/bench_site_weight.py --repeat {args.repeat} --write`, "
            f"{platform.machine()}, Python {platform.python_version()}, headless Debian "
            "Chromium, served on 127.0.0.1 without compression (moocforge.app.static_http). "
            "Medians of the runs. Method: the module's docstring.\n\n" + text + "\n", "utf-8")


if __name__ == "__main__":
    main()
