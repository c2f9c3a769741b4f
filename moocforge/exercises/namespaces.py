"""What this machine lets the sandbox do, probed once per process, and the box's command line.

Three levels, best first (`MOOCFORGE_SANDBOX=bwrap|bwrap-root|none` asks for one; `auto`,
the default, takes the best that works):

- **bwrap**: bubblewrap in a new user namespace, run as a dedicated unprivileged uid when
  the grader is root (as the grader's own user otherwise), with new PID, IPC, network,
  mount, UTS and cgroup namespaces; the box never holds a privilege.
- **bwrap-root**: the same namespaces but no user namespace (unprivileged ones are refused,
  as on Ubuntu 24.04): bubblewrap runs as root, keeps only CAP_SETUID/SETGID/SETPCAP for
  `setpriv`, which switches to the dedicated uid before the program starts.
- **none**: no namespace at all (a container whose seccomp profile refuses them): rlimits
  and the dedicated uid only. `moocforge check` warns (MF811).

Independently, `cgroups.probe()` finds a cgroup (v2, else v1) for the tree-wide memory and
process limits, or explains why there is none (then rlimits are the floor).
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.exercises import cgroups

SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
UID_BASE = 1_000_000  # far above normal users and the usual /etc/subuid ranges
MODES = ("bwrap", "bwrap-root", "none")
MODE_VARIABLE = "MOOCFORGE_SANDBOX"
BOX_DIR = "/box"  # the program's working folder inside the box
INIT_PATH = "/.moocforge-init"  # where the status reporter is mounted in the box
_MIN_BWRAP = (0, 6)  # --size and --perms
_INIT_PREFIX = "moocforge-init-"
_TOP_DIRS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_SYSTEM_DIRS = ("/usr",)
_ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives")
_ROOT_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP")  # what setpriv needs, nothing more
# The box's PID 1: it runs the program, reaps every orphan, and when the program ends writes
# its raw wait status on a descriptor and exits, which kills whatever is left in the box.
# bubblewrap's own init only returns 128 + signal (an exit(139) could imitate a crash), and
# exits after its bwrap parent, leaving the namespace's death unobserved.
_INIT_SOURCE = r"""
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 127;
    int report = atoi(argv[1]);
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 126; }
    if (child == 0) {
        close(report);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    for (;;) {
        int status;
        pid_t done = waitpid(-1, &status, 0);
        if (done == child) {
            dprintf(report, "%d\n", status);
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (done < 0 && errno != EINTR) return 126;
    }
}
"""


@dataclass(frozen=True, slots=True)
class Isolation:
    """What this machine lets the sandbox do (probed once per process)."""

    mode: str  # one of MODES
    separate_user: bool  # programs run as a dedicated uid: process limit and kill-by-uid hold
    network: bool  # a new, empty network namespace
    namespaces: bool  # PID, IPC, mount, UTS namespaces: the box sees only what is bound
    hierarchy: cgroups.Hierarchy | None = None  # tree-wide memory and process limits
    init: Path | None = None  # the status reporter (None: 128 + signal is decoded instead)
    notes: tuple[str, ...] = field(default=())

    @property
    def cgroup(self) -> str:
        return f"v{self.hierarchy.version}" if self.hierarchy else ""

    @property
    def tree_memory(self) -> bool:
        return self.hierarchy is not None and "memory" in self.hierarchy.parents

    def describe(self) -> str:
        return "; ".join(self.notes)


# --------------------------------------------------------------------------- the box's argv


def system_binds() -> list[str]:
    """The read-only system folders a compiler, an interpreter and valgrind need."""
    args: list[str] = []
    for folder in _SYSTEM_DIRS:
        args += ["--ro-bind", folder, folder]
    for top in _TOP_DIRS:
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in _ETC_FILES:
        args += ["--ro-bind-try", path, path]
    return args


def visible_system_paths() -> list[Path]:
    """Host paths the box can read (a course stored under one of them is masked)."""
    paths = [Path(p) for p in _SYSTEM_DIRS]
    paths += [Path(p) for p in _TOP_DIRS if os.path.isdir(p) and not os.path.islink(p)]
    return paths + [Path(p) for p in _ETC_FILES if os.path.exists(p)]


def namespace_args(mode: str, scratch_bytes: int) -> list[str]:
    """bwrap options common to every box of `mode` (the files come after)."""
    size = str(max(scratch_bytes, 1 << 20))
    args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "box", "--die-with-parent", "--new-session"]
    if mode == "bwrap":
        args += ["--unshare-user", "--disable-userns"]
    else:
        args += ["--cap-drop", "ALL"]
        for cap in _ROOT_CAPS:
            args += ["--cap-add", cap]
    args += [*system_binds(), "--proc", "/proc", "--dev", "/dev"]
    for folder in ("/tmp", "/dev/shm", BOX_DIR):
        args += ["--perms", "1777", "--size", size, "--tmpfs", folder]
    return args


def setpriv_args(uid: int) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]


# --------------------------------------------------------------------------- probing


def _bwrap_version() -> tuple[int, ...] | None:
    if not shutil.which("bwrap", path=SAFE_PATH):
        return None
    try:
        text = subprocess.run(["bwrap", "--version"], capture_output=True, text=True,
                              timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)", text)
    return (int(match[1]), int(match[2])) if match else None


def _runs(argv: Sequence[str]) -> tuple[bool, str]:
    try:
        done = subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=20, cwd="/")
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    lines = done.stderr.strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


def _probe_box(mode: str, root: bool) -> tuple[bool, str]:
    """Run `true` in a box of `mode`, as a run would start it (with a PID 1 bwrap waits
    for, so that no orphaned init is left to whoever reaps orphans)."""
    args = namespace_args(mode, 1 << 20) + ["--as-pid-1", "--remount-ro", "/",
                                            "--chdir", BOX_DIR, "--"]
    if mode == "bwrap-root":
        args += setpriv_args(UID_BASE)
    chain = ["bwrap", *args, "true"]
    if mode == "bwrap" and root:
        chain = [*setpriv_args(UID_BASE), *chain]
    return _runs(chain)


def _separate_user_works() -> bool:
    if not shutil.which("setpriv", path=SAFE_PATH):
        return False
    return _runs([*setpriv_args(UID_BASE), "true"])[0]


def _wanted_modes() -> tuple[list[str], str]:
    wanted = os.environ.get(MODE_VARIABLE, "auto").strip() or "auto"
    if wanted == "auto":
        return list(MODES), ""
    if wanted not in MODES:
        return list(MODES), f"{MODE_VARIABLE}={wanted} is not one of auto, {', '.join(MODES)}"
    return list(MODES[MODES.index(wanted):]), ""


def _choose_mode(root: bool, notes: list[str]) -> str:
    candidates, problem = _wanted_modes()
    if problem:
        notes.append(problem)
    version = _bwrap_version()
    if version is None:
        notes.append("bubblewrap (bwrap) is not installed")
    elif version < _MIN_BWRAP:
        notes.append(f"bubblewrap {'.'.join(map(str, version))} is too old (0.6 needed)")
    for mode in candidates:
        if mode == "none":
            return mode
        if version is None or version < _MIN_BWRAP or (mode == "bwrap-root" and not root):
            continue
        works, why = _probe_box(mode, root)
        if works:
            return mode
        notes.append(f"{mode} box refused here: {why or 'unknown error'}")
    return "none"


def _mode_notes(mode: str, separate_user: bool) -> list[str]:
    if mode == "bwrap":
        return ["programs run in a bubblewrap box (user, PID, IPC, network, mount, UTS "
                "namespaces; private /tmp, /dev/shm; only /usr and the run's files visible)"]
    if mode == "bwrap-root":
        return ["programs run in a bubblewrap box without user namespace (PID, IPC, network, "
                "mount, UTS namespaces; private /tmp, /dev/shm; only /usr and the run's files "
                "visible)"]
    notes = ["NOT ISOLATED: no namespace available here: programs see the grader's files, "
             "/proc and network (NETWORK NOT ISOLATED)"]
    if not separate_user:
        notes.append("programs run as the grader's own user: the process limit counts all "
                     "of this user's processes and nothing stops the program from reading "
                     "files this user can read")
    return notes


def _cgroup_notes(hierarchy: cgroups.Hierarchy | None, why: str) -> list[str]:
    if hierarchy is None:
        return [f"no cgroup for the whole tree ({why}): memory and processes are limited per "
                "process only (RLIMIT_AS, RLIMIT_NPROC, AddressSanitizer's hard_rss_limit_mb)"]
    controllers = " and ".join(hierarchy.controllers)
    return [f"cgroup v{hierarchy.version} limits {controllers} for the whole tree of every run"]


@functools.cache
def isolation() -> Isolation:
    root = os.geteuid() == 0
    notes: list[str] = []
    mode = _choose_mode(root, notes)
    separate_user = root and _separate_user_works()
    hierarchy, why = cgroups.probe() if root or mode != "none" else (None, "not root")
    init = _build_init() if mode != "none" else None
    notes = [*_mode_notes(mode, separate_user), *notes, *_cgroup_notes(hierarchy, why)]
    if mode != "none" and init is None:
        notes.append("no C compiler for the status reporter: a program's exit code above 128 "
                     "is read as a signal")
    return Isolation(mode, separate_user, mode != "none", mode != "none", hierarchy, init,
                     tuple(notes))


def _remove_stale_inits() -> None:
    """Reporters left by graders killed before their exit handlers ran."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_INIT_PREFIX}*-*"):
        owner = folder.name.removeprefix(_INIT_PREFIX).split("-")[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists() and \
                folder.stat().st_uid == os.geteuid():
            shutil.rmtree(folder, ignore_errors=True)


def _build_init() -> Path | None:
    if not shutil.which("gcc", path=SAFE_PATH):
        return None
    _remove_stale_inits()
    folder = Path(tempfile.mkdtemp(prefix=f"{_INIT_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    folder.chmod(0o755)
    source, binary = folder / "init.c", folder / "init"
    source.write_text(_INIT_SOURCE, "utf-8")
    try:
        subprocess.run(["gcc", "-O2", "-o", str(binary), str(source)], check=True,
                       capture_output=True, timeout=60,
                       env={"PATH": SAFE_PATH, "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    binary.chmod(0o755)
    return binary
