"""Run an untrusted program in a box with limits, and leave nothing behind.

Every compile and every run is its own **box** (`Sandbox.run`): a bubblewrap sandbox (see
`namespaces.py` for the levels) whose root is an empty read-only tmpfs holding only

- the system folders, read-only (`/usr` and its links, the dynamic loader's files);
- a private `/proc` (own PID namespace), a minimal `/dev`, and size-limited private tmpfs
  for `/tmp`, `/dev/shm` and the working folder `/box`;
- the files this run needs (the source, or the built program), bound read-only at
  `/box/<name>`, and for a compile an `/box/out` folder it may write into.

Never inside: the course or exercise folder (a course stored under `/usr` is masked), hidden
tests, expected outputs, the reference or wrong solutions, exercise.yml, the checker (it runs
in a box of its own). Standard input comes through a pipe. The box's PID 1 is the status
reporter (`namespaces.py`); bwrap's options, which name host paths, reach it through a
descriptor rather than its command line.

Without namespaces (level "none") the same runs happen in a folder on the host, as the
dedicated uid, whose every process is killed after each run.

The grader only writes into folders it made and no box can write (the run's inputs), before
the box exists; what a compile produced is read back through `O_NOFOLLOW` descriptors, after
every process of the box is dead, and copied. Each run also gets a cgroup (memory and
process count of the whole tree) when `cgroups.probe()` found one, rlimits always (CPU, file
size, processes, address space), and a wall clock; a run ends with the death of its PID
namespace and the removal of its cgroup, so a double-forked, `setsid()` survivor dies with it.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import math
import os
import selectors
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moocforge.exercises import cgroups
from moocforge.exercises.namespaces import (
    BOX_DIR,
    INIT_PATH,
    SAFE_PATH,
    UID_BASE,
    Isolation,
    isolation,
    namespace_args,
    setpriv_args,
    visible_system_paths,
)

WORKDIR_PREFIX = "moocforge-ex-"
OUTPUT_DIR = "out"  # a compile writes here (`/box/out` in the box)
_UIDS_PER_PROCESS = 64
_PID_SPACE = 4_194_304  # the kernel's largest pid_max
_SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")  # cleaned in mode "none" only
_PR_SET_CHILD_SUBREAPER = 36
_READ_CHUNK = 65536
_STDERR_KEEP = 64 * 1024
_TREE_SLACK_MB = 64  # bwrap, the status reporter, page tables: on top of the program's limit
_JOIN_CGROUPS = 'for p do [ "$p" = -- ] && break; echo $$ > "$p" || exit 125; shift; done; ' \
                'shift; exec "$@"'
_NO_FOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC

__all__ = ["SAFE_PATH", "UID_BASE", "WORKDIR_PREFIX", "Isolation", "RunOutcome", "Sandbox",
           "SandboxLimits", "isolation", "processes"]


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    cpu_s: float  # CPU seconds; RLIMIT_CPU is rounded up to whole seconds
    wall_s: float
    memory_mb: int | None  # RLIMIT_AS per process; None for sanitizer and valgrind runs
    output_bytes: int  # stdout (and separately stderr) beyond this kills the program
    file_bytes: int  # RLIMIT_FSIZE, and the size of each of the box's tmpfs
    processes: int
    tree_memory_mb: int | None = None  # the whole tree (cgroup); default memory_mb + slack
    fallback_memory_mb: int | None = None  # RLIMIT_AS when no cgroup limits the tree

    @property
    def tree_bytes(self) -> int:
        megabytes = self.tree_memory_mb or (self.memory_mb or 1024) + _TREE_SLACK_MB
        return megabytes << 20


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
    memory_exceeded: bool = False  # the cgroup's OOM killer stopped a process of the run
    process_limit_hit: bool = False  # a fork failed on the tree's process limit
    memory_peak: int = 0  # bytes, the whole tree (0 when no cgroup measured it)
    files: dict[str, Path] = field(default_factory=dict)  # collected outputs (safe copies)

    @property
    def signal_name(self) -> str:
        if self.signal is None:
            return ""
        try:
            return signal.Signals(self.signal).name
        except ValueError:
            return f"signal {self.signal}"


def _become_subreaper() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # orphans then go to init, which reaps them a little later


_uid_counter = itertools.count()
_uid_lock = threading.Lock()


def uid_range(pid: int | None = None) -> range:
    """The uids the sandboxes of process `pid` (default: this one) run as."""
    first = UID_BASE + ((os.getpid() if pid is None else pid) % _PID_SPACE) * _UIDS_PER_PROCESS
    return range(first, first + _UIDS_PER_PROCESS)


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
    nested: bool = False  # lives in a PID namespace below ours (a box)


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
        if key in ("State", "PPid", "Uid", "NSsid", "NSpid"):
            values[key] = rest.split()
    try:
        return ProcInfo(pid, int(values["PPid"][0]), int(values.get("NSsid", ["0"])[0]),
                        values["State"][0], int(values["Uid"][0]),
                        len(values.get("NSpid", [])) > 1)
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


def _descendants(root: int) -> list[int]:
    """`root`'s descendants (a box without cgroup: they all stay under bwrap's init)."""
    children: dict[int, list[int]] = {}
    for info in processes():
        children.setdefault(info.ppid, []).append(info.pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _our_children() -> list[ProcInfo]:
    pids: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError):
                pids.update(map(int, Path(f"/proc/self/task/{task}/children").read_text()
                                .split()))
    return [info for info in map(_proc_info, pids) if info is not None]


def _sweep_orphaned_boxes() -> None:
    """Reap (killing first) box inits re-parented to us because their bwrap exited first."""
    for _ in range(400):
        orphans = [p for p in _our_children() if p.nested]
        if not orphans:
            return
        for info in orphans:
            if info.state in ("Z", "X"):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(info.pid, os.WNOHANG)
            else:
                with contextlib.suppress(OSError):
                    os.kill(info.pid, signal.SIGKILL)
        time.sleep(0.005)


# --------------------------------------------------------------------------- files


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create `path` (never through an existing name or a symlink) holding `data`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, mode)
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _read_regular(folder: Path, name: str, limit: int) -> bytes | None:
    """The bytes of `folder/name` if both are what they seem: no symlink, a regular file."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NO_FOLLOW)
    except OSError:
        return None
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW, dir_fd=dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, size = [], 0
        while chunk := os.read(fd, _READ_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None
        return b"".join(chunks)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- the sandbox


@dataclass(slots=True)
class _Launch:
    """One started run: the process we wait for, and what it was started with."""

    proc: subprocess.Popen
    group: cgroups.BoxGroup | None
    status_fd: int | None  # read end of the status reporter's pipe
    overhead: int  # processes of the box that are not the program's (bwrap, reporter)
    started: float


class Sandbox:
    """The runs of one submission: `with Sandbox() as box: box.run(…)`; all removed at close.

    `hide`: host folders (the course) to mask if they lie under a system folder the box sees.
    """

    def __init__(self, hide: Sequence[str | Path] = ()) -> None:
        self.iso = isolation()
        if not self.iso.namespaces or self.iso.init is None:
            _become_subreaper()  # orphans to reap: escaped processes, or bwrap's own init
        self.uid = _allocate_uid() if self.iso.separate_user else os.geteuid()
        self.root = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        self.inputs = self.root / "inputs"
        self.inputs.mkdir(mode=0o755)
        if self.iso.separate_user:  # the box's uid may cross the root folder, not list it
            os.chown(self.root, 0, self.uid)
            self.root.chmod(0o710)
        self.hide = [Path(p).resolve() for p in hide]
        self._numbers = itertools.count(1)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, data: str | bytes, executable: bool = False) -> Path:
        """A new input file, in a folder no box can write; bind it into runs with `files=`."""
        path = self.inputs / f"f{next(self._numbers)}"
        _write_new(path, data.encode("utf-8") if isinstance(data, str) else data,
                   0o755 if executable else 0o644)
        return path

    # ------------------------------------------------------------------ running

    def run(self, argv: Sequence[str], limits: SandboxLimits,
            files: Mapping[str, Path] | None = None, stdin: bytes = b"",
            env: Mapping[str, str] | None = None, outputs: Sequence[str] = ()) -> RunOutcome:
        """Run `argv` in a new box, in a working folder holding `files` (name → `put` path).

        `outputs`: names the run writes into `out/`, returned as safe copies in `.files`.
        """
        run_dir = self.root / f"run-{next(self._numbers)}"
        run_dir.mkdir(mode=0o755)
        try:
            return self._run_in(run_dir, list(argv), limits, dict(files or {}), stdin,
                                dict(env or {}), outputs)
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)

    def _run_in(self, run_dir: Path, argv: list[str], limits: SandboxLimits,
                files: dict[str, Path], stdin: bytes, env: dict[str, str],
                outputs: Sequence[str]) -> RunOutcome:
        out_dir = self._private_dir(run_dir / OUTPUT_DIR) if outputs else None
        try:
            group = self._group(limits)
        except OSError as exc:
            return RunOutcome(None, None, b"", b"", 0.0, 0.0, 0,
                              error=f"cannot make the run's cgroup: {exc}")
        try:
            launch = self._start(run_dir, argv, limits, files, out_dir, group, env)
        except OSError as exc:
            if group is not None:
                group.remove()
            return RunOutcome(None, None, b"", b"", 0.0, 0.0, 0, error=str(exc))
        monitor = _Monitor(launch, self, limits, stdin)
        try:
            outcome = monitor.watch()
        finally:
            if monitor.status is None:  # only when watch() itself failed
                monitor.kill()
                monitor.wait()
            self._finish(launch, killed=monitor.killed_or_signalled())
        if out_dir is not None:
            outcome.files = self._collect(out_dir, outputs, limits.file_bytes)
        return outcome

    def _private_dir(self, path: Path) -> Path:
        """A folder only the box's uid can write (the grader never writes into it)."""
        path.mkdir(mode=0o700)
        if self.iso.separate_user:
            os.chown(path, self.uid, self.uid)
        return path

    def _group(self, limits: SandboxLimits) -> cgroups.BoxGroup | None:
        if self.iso.hierarchy is None:
            return None
        overhead = self._overhead()
        return cgroups.BoxGroup(self.iso.hierarchy, cgroups.TreeLimits(
            limits.tree_bytes, limits.processes + overhead))

    def _overhead(self) -> int:
        """Processes of a box that are not the program's: bwrap and the box's PID 1."""
        return 2 if self.iso.namespaces else 0

    def _start(self, run_dir: Path, argv: list[str], limits: SandboxLimits,
               files: dict[str, Path], out_dir: Path | None, group: cgroups.BoxGroup | None,
               env: dict[str, str]) -> _Launch:
        environment = {"PATH": SAFE_PATH, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **env}
        keep: list[int] = []
        status_read = None
        if self.iso.namespaces:
            environment.update(HOME=BOX_DIR, TMPDIR="/tmp")
            command, cwd, keep, status_read = self._box_command(argv, limits, files, out_dir)
        else:
            scratch = self._private_dir(run_dir / "tmp")
            environment.update(HOME=str(scratch), TMPDIR=str(scratch))
            for name, source in files.items():
                os.symlink(source, run_dir / name)
            command, cwd = [*self._user_switch(), *argv], run_dir
        command = [*self._rlimits(limits), *command]
        if group is not None:
            command = ["/bin/sh", "-c", _JOIN_CGROUPS, "sh",
                       *map(str, group.procs_files), "--", *command]
        try:
            proc = subprocess.Popen(
                command, cwd=cwd, env=environment, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                close_fds=True, pass_fds=tuple(keep))
        except OSError:
            if status_read is not None:
                os.close(status_read)
            raise
        finally:
            for fd in keep:
                os.close(fd)
        return _Launch(proc, group, status_read, self._overhead(), time.monotonic())

    def _box_command(self, argv: list[str], limits: SandboxLimits, files: dict[str, Path],
                     out_dir: Path | None) -> tuple[list[str], str, list[int], int | None]:
        args = namespace_args(self.iso.mode, limits.file_bytes)
        args += self._masks()
        for name, source in files.items():
            args += ["--ro-bind", str(source), f"{BOX_DIR}/{name}"]
        if out_dir is not None:
            args += ["--bind", str(out_dir), f"{BOX_DIR}/{OUTPUT_DIR}"]
        keep: list[int] = []
        status_read = None
        inner = list(argv)
        if self.iso.init is not None:
            status_read, status_write = os.pipe()
            keep.append(status_write)
            args += ["--as-pid-1", "--ro-bind", str(self.iso.init), INIT_PATH]
            inner = [INIT_PATH, str(status_write), *inner]
        if self.iso.mode == "bwrap-root":
            inner = [*setpriv_args(self.uid), *inner]
        args += ["--remount-ro", "/", "--chdir", BOX_DIR]
        args_fd = os.memfd_create("bwrap-args")
        os.write(args_fd, b"".join(a.encode("utf-8") + b"\0" for a in args))
        os.lseek(args_fd, 0, os.SEEK_SET)
        keep.append(args_fd)
        # the host paths of the binds go through a descriptor, not bwrap's command line
        command = ["bwrap", "--args", str(args_fd), "--", *inner]
        if self.iso.mode == "bwrap" and self.iso.separate_user:
            command = [*setpriv_args(self.uid), *command]
        return command, "/", keep, status_read

    def _masks(self) -> list[str]:
        visible = visible_system_paths()
        masks = []
        for path in self.hide:
            if any(path == v or v in path.parents for v in visible):
                masks += ["--tmpfs", str(path)]
        return masks

    def _user_switch(self) -> list[str]:
        return setpriv_args(self.uid) if self.iso.separate_user else []

    def _rlimits(self, limits: SandboxLimits) -> list[str]:
        if not shutil.which("prlimit", path=SAFE_PATH):
            return []
        cpu = max(1, math.ceil(limits.cpu_s))
        # RLIMIT_NPROC counts the uid's processes: in mode bwrap, bwrap's too
        overhead = {"bwrap": self._overhead(), "bwrap-root": 1}.get(self.iso.mode, 0)
        argv = ["prlimit", f"--cpu={cpu}:{cpu + 1}", f"--fsize={limits.file_bytes}",
                f"--nproc={limits.processes + overhead}", "--core=0"]
        memory = limits.memory_mb
        if memory is None and not self.iso.tree_memory:
            memory = limits.fallback_memory_mb
        if memory is not None:
            argv.append(f"--as={memory << 20}")
        return [*argv, "--"]

    def _finish(self, launch: _Launch, killed: bool) -> None:
        """After the run: nothing of the box may remain (processes, cgroup)."""
        if launch.group is not None:
            launch.group.remove()
        if not self.iso.namespaces:
            self.kill_all()  # by uid: what escaped the run's session dies with the run
        elif killed or self.iso.init is None:
            _sweep_orphaned_boxes()  # bwrap exits before its own init: reap that orphan
        if launch.status_fd is not None:
            os.close(launch.status_fd)

    def _collect(self, out_dir: Path, names: Sequence[str], limit: int) -> dict[str, Path]:
        collected = {}
        for name in names:
            data = _read_regular(out_dir, name, limit)
            if data is not None:
                collected[name] = self.put(data, executable=True)
        return collected

    # ------------------------------------------------------------------ cleaning up

    def leftovers(self, session: int | None) -> list[ProcInfo]:
        """Processes of this sandbox outside any box (mode "none")."""
        if self.iso.separate_user:
            return processes(uid=self.uid)
        return processes(session=session) if session else []

    def kill_all(self, session: int | None = None) -> None:
        """Mode "none": SIGKILL every process of this sandbox, then reap our orphans."""
        for _ in range(200):
            alive = [p for p in self.leftovers(session) if p.state not in ("Z", "X")]
            if not alive:
                break
            for info in alive:
                with contextlib.suppress(OSError):
                    os.kill(info.pid, signal.SIGKILL)
            time.sleep(0.005)
        me = os.getpid()
        for info in self.leftovers(session):
            if info.ppid == me and info.pid != session:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(info.pid, 0)

    def close(self) -> None:
        if not self.iso.namespaces:
            self.kill_all()
            if self.iso.separate_user:
                _remove_traces_of(self.uid)
        shutil.rmtree(self.root, ignore_errors=True)


def _remove_traces_of(uid: int) -> None:
    """Mode "none": files and SysV IPC objects a uid left in the shared places."""
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
    _remove_ipc_of(uid)


_IPC_KINDS = {"shm": "-m", "sem": "-s", "msg": "-q"}


def _remove_ipc_of(uid: int) -> None:
    for kind, flag in _IPC_KINDS.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split() if lines else []
        if "uid" not in header or not shutil.which("ipcrm", path=SAFE_PATH):
            continue
        column, id_column = header.index("uid"), 1
        for line in lines[1:]:
            cells = line.split()
            if len(cells) > column and cells[column] == str(uid):
                subprocess.run(["ipcrm", flag, cells[id_column]], capture_output=True,
                               timeout=10, check=False)


class _Monitor:
    """Feed stdin and read both pipes with a cap while watching the wall clock; kill on any
    limit."""

    def __init__(self, launch: _Launch, box: Sandbox, limits: SandboxLimits,
                 stdin: bytes) -> None:
        self.launch, self.proc, self.box, self.limits = launch, launch.proc, box, limits
        self.started = launch.started
        self.pending = memoryview(stdin)
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
        exit_fd = _exit_notifier(self.proc.pid)
        if exit_fd is not None:  # readable once the process exits: no polling delay
            selector.register(exit_fd, selectors.EVENT_READ, _EXITED)
        self._start_feeding(selector)
        deadline = self.started + self.limits.wall_s
        stopped_at: float | None = None  # when the program exited or was killed
        swept = False
        while self.status is None or _reading(selector):
            now = time.monotonic()
            if stopped_at is None and now >= deadline:
                self.timed_out = True
                stopped_at, swept = self.kill(), True
            elif stopped_at is not None and now - stopped_at > 0.5 and not swept:
                self.kill()  # something outside the group holds the pipes open
                swept = True
            elif stopped_at is not None and now - stopped_at > 2.5:
                break  # a pipe is held open by something we cannot kill: stop reading
            for key, events in selector.select(timeout=0.05):
                if key.data is _EXITED:
                    selector.unregister(key.fileobj)
                elif events & selectors.EVENT_WRITE:
                    self._feed(selector, key)
                else:
                    self._read(selector, key)
            if stopped_at is None and self._over_output():
                self.exceeded = True
                stopped_at, swept = self.kill(), True
            if self.status is None:
                self._poll()
                if self.status is not None and stopped_at is None:
                    stopped_at = time.monotonic()
        self._stop_feeding(selector)
        selector.close()
        if exit_fd is not None:
            os.close(exit_fd)
        self.proc.stdout.close()
        self.proc.stderr.close()
        if self.status is None:
            self.wait()
        return self._outcome()

    # ------------------------------------------------------------------ pipes

    def _start_feeding(self, selector: selectors.BaseSelector) -> None:
        assert self.proc.stdin is not None
        if not self.pending:
            self.proc.stdin.close()
            return
        os.set_blocking(self.proc.stdin.fileno(), False)
        selector.register(self.proc.stdin, selectors.EVENT_WRITE)

    def _feed(self, selector: selectors.BaseSelector, key: selectors.SelectorKey) -> None:
        try:
            written = os.write(key.fd, self.pending[:_READ_CHUNK])
        except BlockingIOError:
            return
        except OSError:  # the program closed its stdin or exited: it read what it wanted
            written = len(self.pending)
        self.pending = self.pending[written:]
        if not self.pending:
            self._stop_feeding(selector)

    def _stop_feeding(self, selector: selectors.BaseSelector) -> None:
        stdin = self.proc.stdin
        if stdin is not None and not stdin.closed:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(stdin)
            with contextlib.suppress(OSError):
                stdin.close()

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

    # ------------------------------------------------------------------ stopping

    def kill(self) -> float:
        self.peak = max(self.peak, self._count())
        group = self.launch.group
        if self.box.iso.namespaces:
            if group is not None:
                group.kill(spare=self.proc.pid)
            box_init = _descendants(self.proc.pid)[:1]
            for pid in box_init or [self.proc.pid]:  # bwrap's init: the namespace dies with it
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        else:
            if group is not None:
                group.kill()
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.box.kill_all(self.proc.pid)
        return time.monotonic()

    def _count(self) -> int:
        if self.launch.group is not None:
            members = len(self.launch.group.pids())
        elif self.box.iso.namespaces:
            members = len(_descendants(self.proc.pid)) + 1
        else:
            return len(self.box.leftovers(self.proc.pid))
        return max(1, members - self.launch.overhead)

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

    def killed_or_signalled(self) -> bool:
        return self.timed_out or self.exceeded or self.status is None or \
            os.WIFSIGNALED(self.status)

    def wait(self) -> None:
        try:
            _, status, rusage = os.wait4(self.proc.pid, 0)
        except ChildProcessError:
            status, rusage = 0, None
        self.status, self.rusage = status, rusage
        self.proc.returncode = os.waitstatus_to_exitcode(status)

    # ------------------------------------------------------------------ the outcome

    def _program_status(self) -> tuple[int | None, int | None, str]:
        """(exit code, signal, sandbox error) of the program itself, not of bwrap."""
        status = self.status or 0
        if not self.box.iso.namespaces:
            return _decode(status) + ("",)
        reported = self._reported_status()
        if reported is not None:
            return _decode(reported) + ("",)
        code, sig = _decode(status)
        if self._box_failed(code):
            stderr = bytes(self.err).decode("utf-8", "replace").strip()
            return None, None, stderr or f"the box could not start (exit {code})"
        if sig is None and code is not None and 128 < code <= 128 + 64:
            return None, code - 128, ""  # the program's signal, as bwrap reports it
        return code, sig, ""

    def _box_failed(self, code: int | None) -> bool:
        """bwrap (or joining the cgroup) failed before the program ran."""
        if self.timed_out or self.exceeded or code is None:
            return False
        joined = self.launch.group is None or code != 125
        return not joined or (code == 1 and bytes(self.err).startswith(b"bwrap:"))

    def _reported_status(self) -> int | None:
        fd = self.launch.status_fd
        if fd is None:
            return None
        os.set_blocking(fd, False)
        try:
            text = os.read(fd, 64).decode("ascii", "replace").strip()
        except OSError:
            return None
        return int(text) if text.lstrip("-").isdigit() else None

    def _outcome(self) -> RunOutcome:
        code, sig, error = self._program_status()
        cpu = (self.rusage.ru_utime + self.rusage.ru_stime) if self.rusage else 0.0
        rss = self.rusage.ru_maxrss if self.rusage else 0
        usage = self.launch.group.usage() if self.launch.group is not None else None
        peak = self.peak
        if usage is not None and usage.processes_peak:
            peak = max(peak, usage.processes_peak - self.launch.overhead)
        # SIGXCPU comes only from RLIMIT_CPU's soft limit; SIGKILL near the hard one
        cpu_limit_hit = sig == signal.SIGXCPU or (
            sig == signal.SIGKILL and cpu >= math.ceil(self.limits.cpu_s) - 0.2)
        return RunOutcome(
            exit_code=code, signal=sig, stdout=bytes(self.out), stderr=bytes(self.err),
            cpu_s=cpu, wall_s=time.monotonic() - self.started, max_rss_kb=rss,
            timed_out=self.timed_out or cpu_limit_hit or cpu > self.limits.cpu_s,
            output_exceeded=self.exceeded, peak_processes=peak, error=error,
            memory_exceeded=bool(usage and usage.oom_killed),
            process_limit_hit=bool(usage and usage.processes_refused),
            memory_peak=usage.memory_peak if usage else 0)


_EXITED = object()  # selector data of the process's exit descriptor


def _exit_notifier(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None  # kernel before 5.3: the loop polls every 50 ms instead


def _reading(selector: selectors.BaseSelector) -> bool:
    return any(k.events == selectors.EVENT_READ and k.data is not _EXITED
               for k in selector.get_map().values())


def _decode(status: int) -> tuple[int | None, int | None]:
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status)
    return (os.WEXITSTATUS(status) if os.WIFEXITED(status) else None), None
