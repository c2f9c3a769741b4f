"""The sandbox's weaker levels, forced with MOOCFORGE_SANDBOX: what each still guarantees.

`bwrap-root` (no user namespace) must stop the same attacks as `bwrap`; `none` (no namespace)
is reported as NOT ISOLATED and still kills survivors, removes IPC objects and files, and
limits memory. Without the status reporter (no C compiler on the grader), signals are read
back from bubblewrap's exit status and bubblewrap's own init is reaped.
"""

from __future__ import annotations

import os
import shutil

import pytest
from exercises import attacks
from exercises.traces import leftovers
from exercises.world import attack_world, exercise_in, source, untouched

from moocforge.exercises import check_course, grade_report, isolation, namespaces
from moocforge.exercises import grader as g

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or os.geteuid() != 0,
                                reason="needs gcc and root (the CI grader's setting)")


@pytest.fixture(scope="module")
def world():
    with attack_world() as root:
        yield root


def _use(monkeypatch: pytest.MonkeyPatch, mode: str) -> namespaces.Isolation:
    monkeypatch.setenv(namespaces.MODE_VARIABLE, mode)
    isolation.cache_clear()
    iso = isolation()
    if iso.mode != mode:
        pytest.skip(f"{mode} is not available here: {iso.describe()}")
    return iso


@pytest.fixture
def forced(monkeypatch):
    """Call with a mode; the machine's own level comes back after the test."""
    yield lambda mode: _use(monkeypatch, mode)
    isolation.cache_clear()


ATTACKS = [  # (exercise, submission, fields, expected verdicts of the three tests)
    ("plus", attacks.SURVIVOR, {"TARGET": "secret"}, [g.PASS] * 3),
    ("plus", attacks.READ_EXERCISE, {"DIR": "plus"}, [g.WRONG_OUTPUT] * 3),
    ("checked", attacks.REPLACE_CHECKER, {}, [g.WRONG_OUTPUT] * 3),
    ("plus", attacks.SYSV_IPC, {}, [g.PASS] * 3),
    ("plus", attacks.FILL_SHARED_MEMORY, {}, [g.PASS] * 3),
]


@pytest.mark.parametrize(("name", "attack", "fields", "verdicts"), ATTACKS,
                         ids=["survivor", "read-exercise", "replace-checker", "sysv-ipc",
                              "dev-shm"])
def test_bwrap_without_user_namespace_stops_the_same_attacks(world, forced, name, attack,
                                                            fields, verdicts):
    iso = forced("bwrap-root")
    assert iso.namespaces and iso.separate_user
    filled = {k: str(world / v) for k, v in fields.items()}
    with untouched(world):
        report = grade_report(exercise_in(world, name), source(attack, **filled))
    assert [t.verdict for t in report.tests] == verdicts


def test_no_namespace_is_reported_and_still_limits_and_cleans(world, forced):
    iso = forced("none")
    assert "NOT ISOLATED" in iso.describe() and not iso.namespaces
    exercise = exercise_in(world)
    with untouched(world):  # survivors killed after each run, IPC objects and files removed
        survivor = grade_report(exercise, source(attacks.SURVIVOR,
                                                 TARGET=str(world / "secret")))
        grade_report(exercise, source(attacks.SYSV_IPC))
        huge = grade_report(exercise, source(attacks.HUGE_MALLOC))
    assert survivor.correct
    assert huge.tests[0].verdict == g.MEMORY_LIMIT


def test_check_warns_when_programs_are_not_isolated(forced, make_course, load_ok):
    forced("none")
    course = load_ok(make_course())
    diagnostics, _ = check_course(course, only="no-such-exercise")  # the notes, no run
    notes = [d for d in diagnostics if d.code == "MF811"]
    assert any(d.severity == "warning" and "NOT isolated" in d.message for d in notes)


def test_without_the_status_reporter_signals_and_orphans_are_handled(world, forced,
                                                                    monkeypatch):
    monkeypatch.setattr(namespaces, "_build_init", lambda: None)
    iso = forced("bwrap")
    assert iso.init is None and "exit code above 128" in iso.describe()
    exercise = exercise_in(world)
    crash = grade_report(exercise, "int main(void) { *(volatile int *) 0 = 1; return 0; }\n")
    assert crash.tests[0].verdict == g.CRASH and crash.tests[0].signal == "SIGSEGV"
    exit_code = grade_report(exercise, "int main(void) { return 3; }\n")
    assert exit_code.tests[0].exit_code == 3
    with untouched(world):
        survivor = grade_report(exercise, source(attacks.SURVIVOR,
                                                 TARGET=str(world / "secret")))
    assert survivor.correct
    assert leftovers() == {}
