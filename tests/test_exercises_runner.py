"""The sandboxed runner with real gcc: each kind of broken program gets the right verdict and
message, and leaves no process or file behind."""

from __future__ import annotations

import os
import socket
import textwrap
import threading
from pathlib import Path

import pytest
from exercises.traces import leftovers

from moocforge.exercises import grade_report, isolation, load_exercise
from moocforge.exercises import grader as g
from moocforge.exercises.feedback import feedback_element, feedback_text
from moocforge.exercises.sandbox import Sandbox, SandboxLimits

EXERCISE = """\
title: {fr: Écho, en: Echo}
language: c
statement: statement.md
solution: solution.c
tests:
  - name: one
    stdin: "7\\n"
    expected: "7\\n"
    feedback: {fr: "Relisez l'énoncé.", en: "Read the statement again."}
limits: {time: 1, memory: 64, output: 64, processes: 8}
"""
SOLUTION = """\
#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    printf("%d\\n", n);
    return 0;
}
"""


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ex") / "echo"
    folder.mkdir()
    (folder / "exercise.yml").write_text(EXERCISE, "utf-8")
    (folder / "statement.md").write_text("# Écho\n\nRecopiez un entier.\n", "utf-8")
    (folder / "solution.c").write_text(SOLUTION, "utf-8")
    loaded = load_exercise(folder)
    assert loaded.exercise is not None, loaded.diagnostics
    return loaded.exercise


def grade_c(exercise, body: str, lang: str = "en"):
    source = "#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n" + textwrap.dedent(
        body)
    report = grade_report(exercise, source)
    text = feedback_text(feedback_element(report, exercise, lang))
    assert leftovers() == {}, "the sandbox left processes or folders behind"
    return report, text


def test_correct_program_passes(echo):
    report, text = grade_c(echo, SOLUTION)
    assert report.correct and report.score == 1.0
    assert "passes all 1 tests" in text


def test_compile_error_names_the_line_and_the_missing_semicolon(echo):
    report, text = grade_c(echo, """
        int main(void) {
            int n
            scanf("%d", &n);
            return 0;
        }
        """)
    assert not report.compiled and not report.correct
    assert report.tests[0].verdict == g.COMPILE_ERROR
    assert "does not compile" in text and "semicolon" in text and "line 6" in text


def test_segfault_is_explained_as_a_null_pointer(echo):
    report, text = grade_c(echo, """
        int main(void) {
            int *p = NULL;
            *p = 42;
            printf("%d\\n", *p);
            return 0;
        }
        """)
    outcome = report.tests[0]
    assert outcome.verdict == g.CRASH and outcome.signal == "SIGSEGV"
    assert outcome.finding is not None and outcome.finding.kind == "null_pointer"
    assert outcome.finding.line == 7
    assert "segmentation fault" in text and "null pointer used on line 7" in text


def test_out_of_bounds_write_is_caught_by_the_sanitizer(echo):
    report, text = grade_c(echo, """
        int table[4];
        int main(void) {
            int n;
            if (scanf("%d", &n) != 1) return 1;
            for (int i = 0; i <= 4; i++)
                table[i] = n;
            printf("%d\\n", table[0]);
            return 0;
        }
        """)
    outcome = report.tests[0]
    assert not report.correct
    assert outcome.finding is not None and outcome.finding.kind == "out_of_bounds"
    assert outcome.finding.tool in ("asan", "ubsan") and outcome.finding.line == 10
    assert "out-of-bounds array access on line 10" in text
    assert "AddressSanitizer" in outcome.finding.raw or "runtime error" in outcome.finding.raw


def test_division_by_zero(echo):
    report, text = grade_c(echo, """
        int main(void) {
            int n, zero = 0;
            if (scanf("%d", &n) != 1) return 1;
            printf("%d\\n", n / zero);
            return 0;
        }
        """, lang="fr")
    outcome = report.tests[0]
    assert outcome.verdict == g.CRASH and outcome.signal == "SIGFPE"
    assert "division par zéro ligne 8" in text


def test_uninitialised_variable_is_named(echo):
    report, text = grade_c(echo, """
        int main(void) {
            int n, total;
            if (scanf("%d", &n) != 1) return 1;
            total = total + n;
            printf("%d\\n", total);
            return 0;
        }
        """)
    outcome = report.tests[0]
    assert outcome.finding is not None and outcome.finding.kind == "uninitialised"
    assert "uninitialised variable" in text
    # the value happens to be right here (a zero on the stack): it still must not pass
    assert not report.correct and "works here by luck" in text


def test_infinite_loop_is_killed_within_the_limit(echo):
    report, text = grade_c(echo, """
        int main(void) {
            unsigned long i = 0;
            while (1) { i++; }
            printf("%lu\\n", i);
            return 0;
        }
        """)
    outcome = report.tests[0]
    assert outcome.verdict == g.TIMEOUT
    assert outcome.wall_s < echo.limits.time_s * 2 + 1 + 1.0  # the wall limit, not forever
    assert "infinite loop" in text and "(1 s)" in text


def test_fork_bomb_is_stopped_by_the_process_limit(echo):
    report, text = grade_c(echo, """
        int main(void) {
            while (1) { fork(); }
            return 0;
        }
        """)
    assert report.tests[0].verdict == g.PROCESS_LIMIT
    assert "too many processes" in text and "fork()" in text


def test_gigabytes_of_output_are_stopped_by_the_output_limit(echo):
    report, text = grade_c(echo, """
        int main(void) {
            static char block[1 << 16];
            for (long i = 0; i < 65536L * 16; i++)  /* 64 GB */
                fwrite(block, 1, sizeof block, stdout);
            return 0;
        }
        """)
    outcome = report.tests[0]
    assert outcome.verdict == g.OUTPUT_LIMIT
    assert len(outcome.stdout.encode()) <= 16 * 1024 + 8  # only what we keep
    assert "far too much text" in text


def test_network_connection_is_refused_in_the_sandbox(echo):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        report, _ = grade_c(echo, f"""
            #include <arpa/inet.h>
            #include <sys/socket.h>
            int main(void) {{
                int s = socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in a = {{0}};
                a.sin_family = AF_INET;
                a.sin_port = htons({port});
                a.sin_addr.s_addr = htonl(0x7f000001);
                if (connect(s, (struct sockaddr *) &a, sizeof a) == 0) printf("connected\\n");
                else perror("connect");
                return 0;
            }}
            """)
    finally:
        stop.set()
        thread.join()
        listener.close()
    outcome = report.tests[0]
    if isolation().network:
        assert accepted == []
        assert "connected" not in outcome.stdout
        # the box's own loopback (bwrap brings it up): nobody listens there
        assert "Connection refused" in outcome.stderr or "unreachable" in outcome.stderr
        assert outcome.verdict == g.WRONG_OUTPUT
    else:  # pragma: no cover - machines without network namespaces
        assert "NOT ISOLATED" in isolation().describe()


def test_files_written_to_shared_tmp_are_removed(echo):
    marker = f"moocforge-test-{os.getpid()}"
    grade_c(echo, f"""
        int main(void) {{
            FILE *f = fopen("/tmp/{marker}", "w");
            if (f) {{ fputs("left behind", f); fclose(f); }}
            printf("7\\n");
            return 0;
        }}
        """)
    assert not Path("/tmp", marker).exists()


def test_background_process_escaping_the_group_is_killed():
    limits = SandboxLimits(cpu_s=1, wall_s=3, memory_mb=256, output_bytes=4096,
                           file_bytes=1 << 20, processes=8)
    with Sandbox() as box:
        outcome = box.run(["sh", "-c", "setsid sleep 60 >/dev/null 2>&1 & echo started"],
                          limits)
        assert outcome.stdout == b"started\n"
        root = box.root
    assert not root.exists()
    assert leftovers() == {}


def test_python_runtime_error_and_timeout(tmp_path):
    folder = tmp_path / "py"
    folder.mkdir()
    (folder / "exercise.yml").write_text(EXERCISE.replace("language: c", "language: python")
                                         .replace("solution.c", "solution.py"), "utf-8")
    (folder / "statement.md").write_text("# Écho\n", "utf-8")
    (folder / "solution.py").write_text("print(int(input()))\n", "utf-8")
    exercise = load_exercise(folder).exercise
    assert exercise is not None
    assert grade_report(exercise, "print(int(input()))\n").correct
    report = grade_report(exercise, "n = int(input())\nprint(n // 0)\n")
    outcome = report.tests[0]
    assert outcome.verdict == g.RUNTIME_ERROR and outcome.finding is not None
    assert outcome.finding.kind == "division_by_zero" and outcome.finding.line == 2
    text = feedback_text(feedback_element(report, exercise, "fr"))
    assert "division par zéro ligne 2" in text
    assert grade_report(exercise, "while True:\n    pass\n").tests[0].verdict == g.TIMEOUT
    syntax = grade_report(exercise, "print(int(input())\n")
    assert not syntax.compiled
    assert "erreur de syntaxe python ligne 1" in feedback_text(
        feedback_element(syntax, exercise, "fr"))
    assert leftovers() == {}
