"""`moocforge preview` as a user runs it: a subprocess serving a temporary course."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PAGE = "/en/weeks/01-bienvenue/intro.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def preview_process(course: Path, port: int, out: Path) -> subprocess.Popen[str]:
    """`moocforge preview` of `course` on `port`, its output read as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "moocforge", "preview", str(course), "--port", str(port),
         "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(url: str, needle: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = fetch(url)
        if needle in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} not served at {url} within {seconds} s:\n{text[:2000]}")


@pytest.fixture
def server(make_course, tmp_path):
    course = make_course()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moocforge", "preview",
         str(course), "--port", str(port), "--out", str(tmp_path / "build")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield course, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_edit_break_and_fix(server):
    course, url = server
    page = wait_for(url + PAGE, "Welcome")
    assert "mf-live.js" in page and "mf-lint" in page
    version = fetch(url + "/__moocforge/version")
    # a page asks for the version after its own: the server answers once a newer one is built
    newer = ThreadPoolExecutor(1).submit(fetch, f"{url}/__moocforge/version?after={version}", 60)
    time.sleep(0.5)
    assert not newer.done()
    intro = Path(course) / "weeks/01-bienvenue/intro.en.md"
    intro.write_text(intro.read_text("utf-8") + "\nA freshly written sentence.\n", "utf-8")
    assert newer.result(timeout=60) not in ("", version)
    wait_for(url + PAGE, "A freshly written sentence.", seconds=2)
    assert fetch(url + "/__moocforge/version") != version

    week = Path(course) / "weeks/01-bienvenue/week.yml"
    good = week.read_text("utf-8")
    week.write_text(good.replace("lessons:", "lessons: [\n"), "utf-8")
    broken = wait_for(url + PAGE, "mf-build-failed")
    assert "week.yml" in broken and "__moocforge/version" in broken

    week.write_text(good.replace("Welcome", "Welcome back"), "utf-8")
    fixed = wait_for(url + "/en/weeks/01-bienvenue/index.html", "Welcome back")
    assert "mf-build-failed" not in fixed


def test_home_shows_course_level_summary(server):
    _, url = server
    home = wait_for(url + "/en/index.html", "Course diagnostics")
    assert "mf-lint" in home


def test_the_preview_writes_into_the_build_folder_moocforge_build_uses(
        make_course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --out, the preview's folders go where `moocforge build` writes (the course's
    build/, or its catalogue's), not into whatever folder it was started from."""
    from typer.testing import CliRunner

    from moocforge.app import preview as preview_module
    from moocforge.cli import app

    course = make_course()
    made: list[Path] = []

    class Stop(Exception):
        pass

    def no_server(state: preview_module.Preview, *args: object) -> object:
        made.append(state.out)
        raise Stop

    monkeypatch.setattr(preview_module.Preview, "rebuild", lambda self, changed=None: None)
    monkeypatch.setattr(preview_module, "make_server", no_server)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(app, ["preview", str(course)])
    assert isinstance(result.exception, Stop), result.output
    assert made and made[0].parent == (course / "build").resolve()
    assert not (elsewhere / "build").exists()


def test_a_stopped_preview_is_resumed_by_the_next(make_course, tmp_path: Path) -> None:
    """Stopping the preview (Ctrl+C, a tool's SIGTERM, a closed terminal's SIGHUP) keeps its
    site; the next preview of the course starts from it."""
    import signal

    course = make_course()
    outputs = []
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        port = free_port()
        process = preview_process(course, port, tmp_path / "build")
        try:
            wait_for(f"http://127.0.0.1:{port}{PAGE}", "<html", seconds=60)
            process.send_signal(stop)
            outputs.append(process.communicate(timeout=30)[0])
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    first, second, third = outputs
    assert "from the site the last preview left" in third, third
    from moocforge import cache

    # the build folder's cache took the loads' facts when the preview stopped
    assert cache.Cache(tmp_path / "build" / cache.CACHE_DIR).stored() > 0
    assert "Kept the preview for the next one" in first, first
    assert "from the site the last preview left" not in first
    assert "from the site the last preview left" in second, second
    assert "Kept the preview for the next one" in second
