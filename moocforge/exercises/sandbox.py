"""Run an untrusted program with limits, and leave nothing behind.

Every run goes through the same wrapper chain of util-linux tools (no `preexec_fn`, so it is
safe from the worker threads of `moocforge check -j N`):

    unshare --net  →  prlimit (CPU, memory, file size, processes, no core)  →
    setpriv (a dedicated unprivileged uid, no supplementary groups, no new privileges)  →
    the program

Why each piece:
- **A uid per sandbox.** RLIMIT_NPROC counts the processes of a *user* and root ignores it,
  so the program runs as a fresh uid (never shared by two live sandboxes); the process limit
  then really stops a fork bomb, and every process the program left behind can be found by
  its uid and killed, even one that escaped the process group with `setsid()`.
- **A network namespace** (`unshare --net`): only a loopback interface, down. When the kernel
  or the privileges do not allow it, `isolation().network` is False and `moocforge check`
  says so (MF811).
- **Child subreaper**: orphaned grandchildren are re-parented to this process, so they can be
  reaped after they are killed instead of lingering as zombies.
The program's own files live in a fresh temporary folder owned by its uid; files it created
in the world-writable temporary folders are removed when the sandbox closes.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import math
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

WORKDIR_PREFIX = "moocforge-ex-"
UID_BASE = 1_000_000  # far above normal users and the usual /etc/subuid ranges
_UIDS_PER_PROCESS = 64
_PID_SPACE = 4_194_304  # the kernel's largest pid_max
_SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm")
_PR_SET_CHILD_SUBREAPER = 36
_READ_CHUNK = 65536
_STDERR_KEEP = 64 * 1024
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    cpu_s: float  # CPU seconds; RLIMIT_CPU is rounded up to whole seconds
    wall_s: float
    memory_mb: int | None  # address space; None for sanitizer builds (they reserve terabytes)
    output_bytes: int  # stdout (and separately stderr) beyond this kills the program
    file_bytes: int  # RLIMIT_FSIZE
    processes: int


@dataclass(slots=True)
class RunOutcome:
    exit_code: int | None  # None when killed by a signal
    signal: int | None
    stdout: bytes
    stderr: bytes
    cpu_s: float
    wall_s: float
    max_rss_kb: int
    timed_out: bool = False
    output_exceeded: bool = False
    peak_processes: int = 1
    error: str = ""  # the sandbox itself failed (tool missing, …)

    @property
    def signal_name(self) -> str:
        if self.signal is None:
            return ""
        try:
            return signal.Signals(self.signal).name
        except ValueError:
            return f"signal {self.signal}"


@dataclass(frozen=True, slots=True)
class Isolation:
    """What this machine lets the sandbox do (probed once per process)."""

    separate_user: bool  # runs as a dedicated uid: process limit and kill-by-uid effective
    network: bool  # a new, empty network namespace
    netns_argv: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        return "; ".join(self.notes)


def _run_quietly(argv: Sequence[str]) -> bool:
    try:
        return subprocess.run(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.cache
def isolation() -> Isolation:
    notes: list[str] = []
    have_tools = all(shutil.which(t, path=SAFE_PATH) for t in ("unshare", "prlimit", "setpriv"))
    root = os.geteuid() == 0
    separate_user = root and have_tools and _run_quietly(
        ["setpriv", f"--reuid={UID_BASE}", f"--regid={UID_BASE}", "--clear-groups", "true"])
    if separate_user:
        notes.append("programs run as a dedicated unprivileged uid (process limit enforced)")
    else:
        notes.append("programs run as the grader's own user: the process limit counts all of "
                     "this user's processes and nothing stops the program from reading files "
                     "this user can read")
    netns: tuple[str, ...] = ()
    for candidate in (("unshare", "--net"), ("unshare", "--user", "--net")):
        if have_tools and _run_quietly([*candidate, "true"]):
            netns = candidate
            break
    notes.append("network isolated (new network namespace)" if netns else
                 "NETWORK NOT ISOLATED: no network namespace available here")
    if not have_tools:
        notes.append("util-linux unshare/prlimit/setpriv missing: limits not enforced")
    _become_subreaper()
    return Isolation(separate_user, bool(netns), netns, tuple(notes))


def _become_subreaper() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # orphans then go to init, which reaps them a little later


_uid_counter = itertools.count()
_uid_lock = threading.Lock()


def _allocate_uid() -> int:
    """A uid no other live sandbox uses: derived from our pid (unique among live processes)."""
    with _uid_lock:
        slot = next(_uid_counter) % _UIDS_PER_PROCESS
    return UID_BASE + (os.getpid() % _PID_SPACE) * _UIDS_PER_PROCESS + slot


# --------------------------------------------------------------------------- /proc scanning


@dataclass(frozen=True, slots=True)
class ProcInfo:
    pid: int
    ppid: int
    session: int
    state: str
    uid: int


def _proc_info(pid: int) -> ProcInfo | None:
    try:
        fd = os.open(f"/proc/{pid}/status", os.O_RDONLY)
        try:
            status = os.read(fd, 4096).decode("ascii", "replace")
        finally:
            os.close(fd)
    except OSError:
        return None
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("State", "PPid", "Uid", "NSsid"):
            values[key] = rest.split()
    try:
        return ProcInfo(pid, int(values["PPid"][0]), int(values.get("NSsid", ["0"])[0]),
                        values["State"][0], int(values["Uid"][0]))
    except (KeyError, IndexError, ValueError):
        return None


def processes(uid: int | None = None, session: int | None = None) -> list[ProcInfo]:
    """Processes (zombies included) of a uid and/or a session, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        info = _proc_info(int(entry))
        if info is None:
            continue
        if uid is not None and info.uid != uid:
            continue
        if session is not None and info.session != session:
            continue
        found.append(info)
    return found


# --------------------------------------------------------------------------- the sandbox


class Sandbox:
    """A temporary folder and a uid for one submission; `with Sandbox() as box: box.run(…)`."""

    def __init__(self) -> None:
        self.iso = isolation()
        self.uid = _allocate_uid() if self.iso.separate_user else os.geteuid()
        self.root = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
        self._own(self.root)
        self._dirs = itertools.count(1)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _own(self, path: Path) -> None:
        if self.iso.separate_user:
            os.chown(path, self.uid, self.uid)

    def write(self, rel: str, data: str | bytes, executable: bool = False) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        path.chmod(0o755 if executable else 0o644)
        return path

    def fresh_dir(self, name: str = "run") -> Path:
        path = self.root / f"{name}-{next(self._dirs)}"
        path.mkdir(mode=0o700)
        self._own(path)
        return path

    # ------------------------------------------------------------------ running

    def wrapper(self, limits: SandboxLimits) -> list[str]:
        cpu = max(1, math.ceil(limits.cpu_s))
        argv = [*self.iso.netns_argv]
        if shutil.which("prlimit", path=SAFE_PATH):
            argv += ["prlimit", f"--cpu={cpu}:{cpu + 1}", f"--fsize={limits.file_bytes}",
                     f"--nproc={limits.processes}", "--core=0"]
            if limits.memory_mb is not None:
                argv.append(f"--as={limits.memory_mb * 1024 * 1024}")
            argv.append("--")
        if self.iso.separate_user:
            argv += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}",
                     "--clear-groups", "--no-new-privs", "--"]
        return argv

    def run(self, argv: Sequence[str], cwd: Path, limits: SandboxLimits,
            stdin: bytes = b"", env: Mapping[str, str] | None = None) -> RunOutcome:
        stdin_path = cwd / ".stdin"
        stdin_path.write_bytes(stdin)
        stdin_path.chmod(0o644)
        environment = {"PATH": SAFE_PATH, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                       "HOME": str(cwd), "TMPDIR": str(cwd), **(env or {})}
        started = time.monotonic()
        try:
            with open(stdin_path, "rb") as stdin_file:
                proc = subprocess.Popen(
                    [*self.wrapper(limits), *argv], cwd=cwd, env=environment, stdin=stdin_file,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                    close_fds=True)
        except OSError as exc:
            return RunOutcome(None, None, b"", b"", 0.0, 0.0, 0, error=str(exc))
        monitor = _Monitor(proc, self, limits, started)
        try:
            return monitor.watch()
        finally:
            if monitor.status is None:  # only when watch() itself failed
                monitor.kill()
                monitor.wait()

    # ------------------------------------------------------------------ cleaning up

    def _leftovers(self, session: int | None) -> list[ProcInfo]:
        if self.iso.separate_user:
            return processes(uid=self.uid)
        return processes(session=session) if session else []

    def kill_all(self, session: int | None = None) -> None:
        """SIGKILL every process of this sandbox until none is alive, then reap our orphans."""
        for _ in range(200):
            alive = [p for p in self._leftovers(session) if p.state not in ("Z", "X")]
            if not alive:
                break
            for info in alive:
                with contextlib.suppress(OSError):
                    os.kill(info.pid, signal.SIGKILL)
            time.sleep(0.005)
        me = os.getpid()
        for info in self._leftovers(session):
            if info.ppid == me and info.pid != session:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(info.pid, 0)

    def close(self) -> None:
        self.kill_all()
        if self.iso.separate_user:
            _remove_files_of(self.uid)
        shutil.rmtree(self.root, ignore_errors=True)


def _remove_files_of(uid: int) -> None:
    for folder in _SHARED_TMP:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass


class _Monitor:
    """Read both pipes with a cap while watching the wall clock; kill on any limit."""

    def __init__(self, proc: subprocess.Popen, box: Sandbox, limits: SandboxLimits,
                 started: float) -> None:
        self.proc, self.box, self.limits, self.started = proc, box, limits, started
        self.out = bytearray()
        self.err = bytearray()
        self.status: int | None = None
        self.rusage = None
        self.timed_out = False
        self.exceeded = False
        self.err_total = 0
        self.peak = 1

    def watch(self) -> RunOutcome:
        selector = selectors.DefaultSelector()
        assert self.proc.stdout is not None and self.proc.stderr is not None
        selector.register(self.proc.stdout, selectors.EVENT_READ, self.out)
        selector.register(self.proc.stderr, selectors.EVENT_READ, self.err)
        deadline = self.started + self.limits.wall_s
        stopped_at: float | None = None  # when the program exited or was killed
        swept = False
        while selector.get_map():
            now = time.monotonic()
            if stopped_at is None and now >= deadline:
                self.timed_out = True
                stopped_at, swept = self.kill(), True
            elif stopped_at is not None and now - stopped_at > 0.5 and not swept:
                self.kill()  # something outside the group holds the pipes open
                swept = True
            elif stopped_at is not None and now - stopped_at > 2.5:
                break  # a pipe is held open by something we cannot kill: stop reading
            for key, _ in selector.select(timeout=0.05):
                self._read(selector, key)
            if stopped_at is None and self._over_output():
                self.exceeded = True
                stopped_at, swept = self.kill(), True
            if self.status is None:
                self._poll()
                if self.status is not None and stopped_at is None:
                    stopped_at = time.monotonic()
        selector.close()
        self.proc.stdout.close()
        self.proc.stderr.close()
        if self.status is None:
            self.wait()
        return self._outcome()

    def _read(self, selector: selectors.BaseSelector, key: selectors.SelectorKey) -> None:
        try:
            chunk = os.read(key.fd, _READ_CHUNK)
        except OSError:
            chunk = b""
        if not chunk:
            selector.unregister(key.fileobj)
            return
        buffer: bytearray = key.data
        keep = self.limits.output_bytes + 1
        if buffer is self.err:
            self.err_total += len(chunk)
            keep = min(keep, _STDERR_KEEP)
        if len(buffer) < keep:
            buffer += chunk[:keep - len(buffer)]

    def _over_output(self) -> bool:
        limit = self.limits.output_bytes
        return len(self.out) > limit or self.err_total > limit

    def kill(self) -> float:
        self.peak = max(self.peak, self._count())
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.box.kill_all(self.proc.pid)
        return time.monotonic()

    def _count(self) -> int:
        return len(self.box._leftovers(self.proc.pid))

    def _poll(self) -> None:
        """Reap the program once it has exited, after killing what is left of its group.

        WNOWAIT keeps the exited program as a zombie meanwhile, so its pid (= the group id)
        cannot be reused by an unrelated process before `killpg`.
        """
        try:
            exited = os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            exited = None
        if exited is None:
            return
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.wait()

    def wait(self) -> None:
        try:
            _, status, rusage = os.wait4(self.proc.pid, 0)
        except ChildProcessError:
            status, rusage = 0, None
        self.status, self.rusage = status, rusage
        self.proc.returncode = os.waitstatus_to_exitcode(status)

    def _outcome(self) -> RunOutcome:
        status = self.status or 0
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        cpu = (self.rusage.ru_utime + self.rusage.ru_stime) if self.rusage else 0.0
        rss = self.rusage.ru_maxrss if self.rusage else 0
        # SIGXCPU comes only from RLIMIT_CPU's soft limit; SIGKILL near the hard one
        cpu_limit_hit = sig == signal.SIGXCPU or (
            sig == signal.SIGKILL and cpu >= math.ceil(self.limits.cpu_s) - 0.2)
        return RunOutcome(
            exit_code=code, signal=sig, stdout=bytes(self.out), stderr=bytes(self.err),
            cpu_s=cpu, wall_s=time.monotonic() - self.started, max_rss_kb=rss,
            timed_out=self.timed_out or cpu_limit_hit or cpu > self.limits.cpu_s,
            output_exceeded=self.exceeded, peak_processes=self.peak)
