"""Hostile submissions graded through the real `grade` path, with real gcc (issue 13, 1–4).

Each attack must end with the right verdict, leave nothing behind (no process, folder,
cgroup, file of a box, no SysV IPC object), and change no file outside the box. The
exercise lives in a world-readable folder, as courses on a grading server usually do.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from exercises import attacks
from exercises.traces import Watcher, box_processes, ipc_objects
from exercises.world import attack_world, exercise_in, source, untouched

from moocforge.exercises import grade_report, isolation
from moocforge.exercises import grader as g
from moocforge.exercises.feedback import feedback_element, feedback_text
from moocforge.exercises.sandbox import Sandbox, SandboxLimits

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")

SANITIZED_BUDGET = (64 * 3 + 512) << 20  # what a rerun may use with `memory: 64`


@pytest.fixture(scope="module")
def world():
    # not a skip: a grading machine without namespaces is what these tests must reveal
    assert isolation().namespaces, f"NOT ISOLATED here: {isolation().describe()}"
    with attack_world() as root:
        yield root


@pytest.fixture
def guard(world):
    with untouched(world):
        yield


def _feedback(report, exercise) -> str:
    return feedback_text(feedback_element(report, exercise, "en"))


# --------------------------------------------------------------------------- item 1


def test_double_forked_survivor_dies_with_its_run_and_plants_nothing(world, guard):
    exercise = exercise_in(world)
    submission = source(attacks.SURVIVOR, TARGET=str(world / "secret"))
    report = grade_report(exercise, submission)
    # every run is correct only if no run saw a survivor of an earlier one
    assert report.correct, [t.stdout for t in report.tests]


def test_a_setsid_survivor_is_dead_as_soon_as_its_run_returns():
    limits = SandboxLimits(cpu_s=1, wall_s=3, memory_mb=256, output_bytes=4096,
                           file_bytes=1 << 20, processes=8)
    script = "(setsid sleep 60 >/dev/null 2>&1 &); echo started"
    with Sandbox() as box:
        outcome = box.run(["sh", "-c", script], limits)
        assert outcome.stdout == b"started\n"
        assert box_processes() == []  # not only once the sandbox closes


# --------------------------------------------------------------------------- item 2


def test_reading_the_exercise_folder_by_its_path_scores_nothing(world, guard):
    exercise = exercise_in(world)
    report = grade_report(exercise, source(attacks.READ_EXERCISE, DIR=str(world / "plus")))
    assert report.compiled and report.passed == 0
    assert not report.correct


def test_the_grader_command_line_does_not_lead_to_theexercise_in(world, guard, tmp_path):
    """`moocforge grade` as an external grader runs it: /proc/<ppid>/cmdline names the folder."""
    submission = tmp_path / "submission.c"
    submission.write_text(source(attacks.READ_EXERCISE, DIR="/nonexistent"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "moocforge", "grade", str(world / "plus"),
                           str(submission), "--lang", "en"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    reply = json.loads(done.stdout)
    assert done.returncode == 1 and reply["correct"] is False and reply["score"] == 0
    assert str(world) not in reply["msg"]


def test_including_the_reference_solution_by_absolute_path_does_not_compile(world, guard):
    exercise = exercise_in(world)
    report = grade_report(exercise, source(attacks.INCLUDE_SOLUTION, DIR=str(world / "plus")))
    assert not report.compiled and not report.correct
    assert "No such file or directory" in report.build.raw


def test_the_submission_cannot_replace_the_checker(world, guard):
    exercise = exercise_in(world, "checked")
    report = grade_report(exercise, source(attacks.REPLACE_CHECKER))
    assert report.compiled and report.passed == 0
    assert all(t.verdict == g.WRONG_OUTPUT for t in report.tests)


def test_the_box_shows_no_path_of_the_course(world, guard):
    exercise = exercise_in(world)
    report = grade_report(exercise, source(attacks.SHOW_SURROUNDINGS))
    seen = report.tests[0].stdout
    assert "argv ./prog" in seen and "cwd /box" in seen
    assert str(world) not in seen and "plus/" not in seen


# --------------------------------------------------------------------------- item 3


def test_a_10_gb_malloc_under_asan_gets_a_memory_verdict_not_the_hosts_memory(world, guard):
    exercise = exercise_in(world)
    with Watcher() as watch:
        report = grade_report(exercise, source(attacks.HUGE_MALLOC))
    first = report.tests[0]
    assert first.verdict == g.MEMORY_LIMIT and first.finding is not None
    assert first.finding.kind == "memory"
    assert "uses too much memory (limit: 64 mb)" in _feedback(report, exercise)
    assert watch.peak_rss < SANITIZED_BUDGET


def test_the_sanitizer_rerun_of_a_passing_program_has_a_memory_limit(world, guard):
    exercise = exercise_in(world)
    submission = source(attacks.GREEDY, WHEN="1", ANSWER_OFFSET="1")
    with Watcher() as watch:
        report = grade_report(exercise, submission)
    assert not report.correct
    assert report.tests[0].verdict == g.MEMORY_LIMIT
    assert watch.peak_rss < SANITIZED_BUDGET + (64 << 20)
    assert g.sanitized_memory_mb(64) << 20 == SANITIZED_BUDGET


def test_the_valgrind_rerun_has_a_memory_limit(world, guard):
    if shutil.which("valgrind") is None:
        pytest.skip("needs valgrind")
    exercise = exercise_in(world)
    # wrong answer, nothing for ASan or gcc to explain: valgrind runs, and only there
    # (no ASAN_OPTIONS) does the program allocate
    submission = source(attacks.GREEDY, WHEN='!getenv("ASAN_OPTIONS")', ANSWER_OFFSET="0")
    with Watcher() as watch:
        report = grade_report(exercise, submission)
    assert report.tests[0].verdict == g.WRONG_OUTPUT
    assert watch.peak_rss < SANITIZED_BUDGET + (64 << 20)


# --------------------------------------------------------------------------- item 4


def test_a_unix_socket_on_the_host_file_system_is_unreachable(world, guard):
    folder = Path(tempfile.mkdtemp(prefix="mf-socket-", dir="/tmp"))
    folder.chmod(0o777)
    path = folder / "s"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    path.chmod(0o777)
    listener.listen(8)
    listener.settimeout(0.1)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            received.append(connection.recv(100))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        report = grade_report(exercise_in(world), source(attacks.UNIX_SOCKET, SOCKET=str(path)))
    finally:
        stop.set()
        thread.join()
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
    assert received == []
    assert report.correct
    assert "No such file or directory" in report.tests[0].stderr


def test_dev_shm_cannot_be_filled_and_run_lock_keeps_nothing(world, guard):
    before = set(os.listdir("/run/lock")) if os.path.isdir("/run/lock") else set()
    with Watcher() as watch:
        report = grade_report(exercise_in(world), source(attacks.FILL_SHARED_MEMORY))
    assert report.correct
    assert watch.shm_growth < 16 << 20
    assert not [n for n in os.listdir("/dev/shm") if n.startswith("mf-fill-")]
    if os.path.isdir("/run/lock"):
        assert set(os.listdir("/run/lock")) - before == set()


def test_sysv_ipc_objects_die_with_the_box(world, guard):
    before = ipc_objects()
    report = grade_report(exercise_in(world), source(attacks.SYSV_IPC))
    assert report.correct
    assert ipc_objects() - before == set()


# --------------------------------------------------------------------------- the report


def test_isolation_reports_what_this_machine_gives():
    iso = isolation()
    text = iso.describe()
    if iso.namespaces:
        assert "bubblewrap" in text
    else:  # pragma: no cover - machines without namespaces
        assert "NOT ISOLATED" in text
    assert ("cgroup v" in text) == (iso.hierarchy is not None)


# --------------------------------------------------------------------------- the box itself

BOX_LIMITS = SandboxLimits(cpu_s=2, wall_s=5, memory_mb=256, output_bytes=1 << 16,
                           file_bytes=1 << 20, processes=8)


def test_what_a_compile_leaves_in_out_is_read_back_only_if_it_is_a_regular_file():
    script = "ln -s /etc/shadow out/prog; mkfifo out/fifo; echo ok > out/file"
    with Sandbox() as box:
        outcome = box.run(["sh", "-c", script], BOX_LIMITS, outputs=["prog", "fifo", "file"])
        assert sorted(outcome.files) == ["file"]
        copy = outcome.files["file"]
        assert copy.read_bytes() == b"ok\n" and copy.stat().st_uid == os.geteuid()


def test_a_course_stored_under_a_system_folder_is_masked():
    hidden = Path("/usr/share/doc")
    with Sandbox(hide=[hidden]) as box:
        outcome = box.run(["ls", "-A", str(hidden)], BOX_LIMITS)
    assert outcome.exit_code == 0 and outcome.stdout == b""
    assert any(hidden.iterdir())  # the host's folder is untouched


def test_stdin_comes_through_a_pipe_even_when_large():
    data = b"x" * (3 << 20)  # more than a pipe holds: fed while the program reads
    with Sandbox() as box:
        outcome = box.run(["sh", "-c", "ls -l /proc/self/fd/0; wc -c"], BOX_LIMITS, stdin=data)
    assert b"pipe:" in outcome.stdout and outcome.stdout.endswith(b"3145728\n")
