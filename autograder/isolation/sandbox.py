"""The grader's side of the sandbox: one :class:`Sandbox` per student submission, one :class:`Worker` (a confined
student process) per set of student modules.

    with Sandbox({"a02_backprop": folder}, limits, isolation="auto") as box:
        worker = box.worker("a02_backprop")
        worker.import_modules(["layers"])
        value = worker.call("autograder.drivers.a02_backprop:drive_layer", inputs)

The runner never learns which mechanism is underneath (:mod:`.plans`). With a forking plan the sandbox starts one
host process (inside bubblewrap when available) that forks each worker; otherwise each worker is a fresh
interpreter. A worker that times out, dies or breaks the protocol is killed and replaced on the next request.
Replies are decoded with :mod:`autograder.wire` (plain data only) and never trusted beyond that.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import site
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import wire
from . import frames
from .errors import (IsolationError, StudentCrash, StudentException, StudentNotImplemented, StudentTimeout)
from .plans import Plan, choose

PACKAGE_DIR = Path(__file__).resolve().parent.parent          # .../autograder
KIT_PARENT = PACKAGE_DIR.parent
MAX_REPLY_BYTES = 64 * 1024 * 1024
PRELOAD = ["autograder.drivers.*"]  # the drivers only: the checks (the grader's side) never load in a sandbox
BOOT = ("import sys; sys.path.insert(0, {kit!r}); sys.path += [p for p in {roots!r} if p not in sys.path]; "
        "sys.dont_write_bytecode = True; from autograder.isolation.{module} import main; main()")


def boot(module: str) -> str:
    """The ``-c`` program of a sandbox process: the autograder package and the packages it needs on ``sys.path``."""
    return BOOT.format(kit=str(KIT_PARENT), roots=import_roots(), module=module)


SANDBOX_FOLDER = "/submission"
PIDS_MAX = 128  # processes and threads of one sandbox (the host and its student processes), where cgroups allow
SANDBOX_SCRATCH = "/scratch"


@dataclass(frozen=True)
class Limits:
    timeout: float = float(os.environ.get("AUTOGRADER_TIMEOUT", "5"))   # seconds per call (wall clock)
    memory_mb: int = int(os.environ.get("AUTOGRADER_MEMORY_MB", "2048"))  # address space per student process
    cpu_seconds: int = 600       # CPU time per student process
    file_mb: int = 64            # largest file the student's code may write
    scratch_mb: int = 64         # the whole scratch folder (namespaces only)
    nofile: int = 256            # open files


def import_roots() -> list[str]:
    """Where the packages the student's process needs (numpy, pyseccomp) were found, when that is outside the
    installation (e.g. ``PYTHONPATH``): those folders go on the sandbox's ``sys.path`` and are readable there."""
    roots = []
    for name in ("numpy", "pyseccomp"):
        try:
            module = __import__(name)
        except Exception:  # noqa: BLE001
            continue
        path = os.path.dirname(os.path.abspath(module.__file__))
        roots.append(path if name == "pyseccomp" else os.path.dirname(path))
    return sorted(set(roots))


def runtime_paths() -> list[str]:
    """Folders the Python runtime needs to read: its installation, site-packages, the autograder package."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, str(PACKAGE_DIR),
                  os.path.dirname(os.path.realpath(sys.executable)), *import_roots()}
    try:
        candidates.update(site.getsitepackages())
    except AttributeError:  # pragma: no cover - old virtualenv
        pass
    out = set()
    for p in candidates:
        for q in (p, os.path.realpath(p)):
            if os.path.isdir(q):
                out.add(os.path.normpath(q))
    return sorted(out)


SYSTEM_READ = ["/usr", "/lib", "/lib64", "/lib32", "/libx32", "/etc/ld.so.cache", "/etc/ld.so.conf",
               "/etc/ld.so.conf.d", "/etc/localtime", "/sys/devices/system/cpu", "/dev/null", "/dev/zero",
               "/dev/urandom", "/dev/random"]


def _minimal_env(scratch: str) -> dict:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": scratch, "TMPDIR": scratch,
           "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    if os.name == "nt":  # pragma: no cover
        env.update({k: v for k, v in os.environ.items() if k.upper() in ("SYSTEMROOT", "WINDIR", "COMSPEC")})
    return env


class Sandbox:
    """Isolation for one student submission. ``folders`` maps assignment ids to the student's folders."""

    def __init__(self, folders: dict, limits: Limits | None = None, isolation: str = "auto",
                 plan: Plan | None = None):
        self.folders = {k: Path(v).resolve() for k, v in folders.items() if v is not None}
        self.limits = limits or Limits()
        self.plan = plan or choose(isolation)
        self.mechanism = self.plan.name
        self._lock = threading.Lock()
        self._host: subprocess.Popen | None = None
        self._ctl: socket.socket | None = None
        self._scratch: str | None = None
        self._workers: list[Worker] = []
        self._closed = False
        self.group = None  # the sandbox's control group, where the machine allows one (see .cgroups)

    # ---------------------------------------------------------------------------------------------- host
    def start(self):
        """Start the host now (it preloads numpy while the grader gets ready). Idempotent."""
        if self.plan.fork:
            with self._lock:
                self._ensure_host()
        return self

    def _inside(self, aid: str) -> str:
        """The path of an assignment folder as the student's process sees it."""
        return f"{SANDBOX_FOLDER}/{aid}" if self.plan.namespaces else str(self.folders[aid])

    def _check_solutions_hidden(self):
        """Refuse a configuration in which the reference solutions would be readable from the sandbox."""
        from ..reference import solutions_dir

        sol = solutions_dir()
        if sol is None or not self.plan.kernel:
            return
        sol = os.path.realpath(sol)
        for path in runtime_paths() + [p for p in SYSTEM_READ if os.path.exists(p)]:
            real = os.path.realpath(path)
            if sol == real or sol.startswith(real.rstrip("/") + "/"):
                raise IsolationError(f"the reference solutions ({sol}) lie inside {real}, which student code may "
                                     f"read; move them (or the Python installation) elsewhere")

    def _ensure_host(self):
        if self._closed:
            raise IsolationError("the sandbox is closed")
        if self._host is not None and self._host.poll() is None:
            return
        self._stop_host()
        self._check_solutions_hidden()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        scratch = SANDBOX_SCRATCH if self.plan.namespaces else tempfile.mkdtemp(prefix="autograder-sandbox-")
        if not self.plan.namespaces:
            self._scratch = scratch
        libseccomp = None
        if self.plan.seccomp:
            from .seccomp import library_name

            libseccomp = library_name()
        if self.group is None and self.plan.fork and self.plan.kernel:
            from . import cgroups

            lim = self.limits
            self.group = cgroups.create(pids_max=PIDS_MAX, memory_bytes=(2 * lim.memory_mb + 512) * 1024 * 1024)
            if self.group is not None:
                self.mechanism = self.plan.name + "+cgroups"
        join = self.group.join_fds() if self.group is not None else []
        args = {"fd": theirs.fileno(), "scratch": scratch, "preload": PRELOAD, "seccomp": self.plan.seccomp,
                "libseccomp": libseccomp, "cgroup_fds": join,
                "parent": 0 if self.plan.namespaces else os.getpid()}
        cmd = [sys.executable, "-I", "-c", boot("host"), json.dumps(args)]
        if self.plan.namespaces:
            cmd = self._bwrap_command(theirs.fileno()) + cmd
        debug = os.environ.get("AUTOGRADER_DEBUG_SANDBOX") == "1"
        try:
            self._host = subprocess.Popen(cmd, pass_fds=[theirs.fileno(), *join], env=_minimal_env(scratch),
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=None if debug else subprocess.DEVNULL, close_fds=True,
                                          cwd=scratch if not self.plan.namespaces else "/")
        except OSError as exc:
            mine.close()
            raise IsolationError(f"the sandbox could not be started ({exc})") from None
        finally:
            theirs.close()
            for fd in join:
                os.close(fd)
        self._ctl = mine

    def _bwrap_command(self, fd: int) -> list[str]:
        lim = self.limits
        cmd = [self.plan.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]
        done = set()
        for path in [p for p in SYSTEM_READ if not p.startswith("/dev/")] + runtime_paths():
            if path in done or not os.path.exists(path):
                continue
            done.add(path)
            if os.path.islink(path):  # e.g. /lib -> usr/lib on a merged-/usr system
                real = os.path.realpath(path)
                if real not in done:
                    cmd += ["--ro-bind", real, real]
                    done.add(real)
                cmd += ["--symlink", os.readlink(path), path]
            else:
                cmd += ["--ro-bind", path, path]
        for aid, folder in sorted(self.folders.items()):
            cmd += ["--ro-bind", str(folder), f"{SANDBOX_FOLDER}/{aid}"]
        cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(lim.scratch_mb * 1024 * 1024),
                "--tmpfs", SANDBOX_SCRATCH, "--chdir", SANDBOX_SCRATCH, "--"]
        return cmd

    def _control(self, msg: dict, *, want_fd: bool = False, timeout: float = 20.0):
        """One request to the host and its reply (with the attached socket when ``want_fd``)."""
        self._ctl.send(json.dumps(msg).encode())
        deadline = time.monotonic() + timeout
        import select

        poller = select.poll()
        poller.register(self._ctl, select.POLLIN | select.POLLHUP)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise IsolationError(f"the sandbox host did not answer within {timeout:g} s")
            if poller.poll(int(remaining * 1000) + 1):
                break
        if want_fd:
            data, fds, _, _ = socket.recv_fds(self._ctl, 1 << 16, 1)
        else:
            data, fds = self._ctl.recv(1 << 16), []
        if not data:
            raise IsolationError("the sandbox host stopped" + self._host_status())
        reply = json.loads(data)
        return reply, (fds[0] if fds else None)

    def _host_status(self) -> str:
        code = self._host.poll() if self._host is not None else None
        return f" (exit code {code})" if code is not None else ""

    def _stop_host(self):
        host, ctl = self._host, self._ctl
        self._host = self._ctl = None
        if ctl is not None:
            try:
                ctl.send(b'{"op": "exit"}')
            except OSError:
                pass
            ctl.close()
        if host is not None:
            try:
                host.wait(timeout=2)
            except subprocess.TimeoutExpired:
                host.kill()
                host.wait()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    # ---------------------------------------------------------------------------------------------- workers
    def child_config(self, aid: str) -> dict:
        lim = self.limits
        folder = self._inside(aid)
        read = [folder] + runtime_paths() + [p for p in SYSTEM_READ if os.path.exists(p)]
        return {"folder": folder, "read_paths": read, "memory_mb": lim.memory_mb, "cpu_seconds": lim.cpu_seconds,
                "file_mb": lim.file_mb, "nofile": lim.nofile, "kernel": self.plan.kernel or self.plan.namespaces,
                "landlock": self.plan.landlock, "seccomp": self.plan.seccomp,
                # the readable-refusal hook; $AUTOGRADER_SANDBOX_GUARD=0 leaves the kernel alone in charge (tests)
                "guard": os.environ.get("AUTOGRADER_SANDBOX_GUARD", "1") != "0"}

    def worker(self, aid: str) -> "Worker":
        """A new (lazily started) student process for the folder of assignment ``aid``."""
        if aid not in self.folders:
            raise KeyError(aid)
        w = Worker(self, aid)
        self._workers.append(w)
        return w

    def _open(self, aid: str) -> "_Channel":
        config = self.child_config(aid)
        if not self.plan.fork:
            return _SpawnChannel(config, self.limits)
        with self._lock:
            self._ensure_host()
            try:
                reply, fd = self._control({"op": "open", "config": config}, want_fd=True)
            except (OSError, ValueError) as exc:
                self._stop_host()
                raise IsolationError(f"the sandbox host failed ({exc})") from None
        if not reply.get("ok") or fd is None:
            raise IsolationError(f"the sandbox host refused to start a student process: {reply}")
        return _ForkChannel(self, fd, reply["worker"])

    def _kill(self, number: int):
        with self._lock:
            if self._ctl is None:
                return
            try:
                self._control({"op": "kill", "worker": number}, timeout=10)
            except (OSError, ValueError, IsolationError):
                self._stop_host()  # an unresponsive host: everything in it goes

    def close(self):
        for w in self._workers:
            w.close()
        self._workers.clear()
        with self._lock:
            self._closed = True
            self._stop_host()
            if self.group is not None:
                self.group.remove()  # anything still in the group dies here
                self.group = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Channel:
    scratch: str | None = None   # the student process's scratch folder as the grader sees it (None: a capped tmpfs)

    def send(self, data: bytes): ...
    def recv(self, deadline: float) -> bytes: ...
    def kill(self): ...


def scratch_usage(folder: str, max_entries: int = 20000) -> tuple[int, int]:
    """(bytes, entries) under a scratch folder, counting at most ``max_entries`` entries."""
    total, entries, stack = 0, 0, [folder]
    while stack and entries < max_entries:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    entries += 1
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        pass
        except OSError:
            pass
    return total, entries


class _ForkChannel(_Channel):
    def __init__(self, box: Sandbox, fd: int, number: int):
        self.box, self.fd, self.number = box, fd, number
        if not box.plan.namespaces and box._scratch:
            self.scratch = os.path.join(box._scratch, f"w{number}")

    def send(self, data: bytes):
        frames.write_frame(self.fd, data)

    def recv(self, deadline: float) -> bytes:
        return frames.read_frame(self.fd, deadline=deadline, max_bytes=MAX_REPLY_BYTES)

    def kill(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            self.box._kill(self.number)


class _SpawnChannel(_Channel):
    """A fresh interpreter with frames on its stdin/stdout (no fork: Windows, macOS, or forced)."""

    def __init__(self, config: dict, limits: Limits):
        self.scratch = tempfile.mkdtemp(prefix="autograder-child-")
        config = dict(config, scratch=self.scratch, write_paths=[self.scratch])
        cmd = [sys.executable, "-I", "-c", boot("child"), json.dumps(config)]
        flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=_minimal_env(self.scratch), cwd=self.scratch, creationflags=flags,
                                     start_new_session=os.name != "nt")
        self.frames: queue.Queue = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                self.frames.put(frames.read_frame(fd, max_bytes=MAX_REPLY_BYTES))
            except frames.FrameError as exc:
                self.frames.put(exc)
                return

    def send(self, data: bytes):
        frames.write_frame(self.proc.stdin.fileno(), data)

    def recv(self, deadline: float) -> bytes:
        try:
            item = self.frames.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise frames.FrameTimeout("time-out") from None
        if isinstance(item, Exception):
            raise item
        return item

    def kill(self):
        if self.proc is not None:
            try:
                if os.name != "nt":
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:  # pragma: no cover
                    self.proc.kill()
            except OSError:
                pass
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.proc = None
            shutil.rmtree(self.scratch, ignore_errors=True)


class Worker:
    """One confined student process (started on the first request, replaced after a time-out or crash)."""

    def __init__(self, box: Sandbox, aid: str):
        self.box, self.aid = box, aid
        self.timeout = box.limits.timeout
        self._channel: _Channel | None = None
        self._next_id = 0
        self.restarts = 0
        self.last_seconds = 0.0

    def kill(self):
        if self._channel is not None:
            channel, self._channel = self._channel, None
            channel.kill()
            self.restarts += 1

    def close(self):
        restarts = self.restarts
        self.kill()
        self.restarts = restarts

    def _greet(self):
        """Start the student process and read its greeting: sent after confinement, before any student code runs."""
        self._channel = self.box._open(self.aid)
        try:
            hello = wire.loads(self._channel.recv(time.monotonic() + max(30.0, self.timeout)))
        except (frames.FrameError, wire.WireError) as exc:
            self.kill()
            raise IsolationError(f"the student process did not start ({exc})") from None
        if not isinstance(hello, dict) or hello.get("hello") != "ready":
            self.kill()
            detail = f"{hello.get('type')}: {hello.get('message')}" if isinstance(hello, dict) else repr(hello)
            raise IsolationError(f"the student process could not be confined: {detail}")

    def _request(self, req: dict, timeout: float | None):
        if self._channel is None:
            self._greet()
        self._next_id += 1
        req = dict(req, id=self._next_id)
        limit = self.timeout if timeout is None else timeout
        start = time.monotonic()
        try:
            self._channel.send(wire.dumps(req))
            data = self._channel.recv(start + limit)
        except frames.FrameTimeout:
            self.kill()
            raise StudentTimeout(f"did not finish within the time limit of {limit:g} s "
                                 f"(infinite loop, or far too slow?)") from None
        except frames.FrameError as exc:
            self.kill()
            raise StudentCrash(f"the student process stopped unexpectedly ({exc})") from None
        self.last_seconds = time.monotonic() - start
        self._check_scratch()
        try:
            reply = wire.loads(data)
        except wire.WireError as exc:
            self.kill()
            raise StudentCrash(f"the student process sent back something that is not plain data ({exc})") from None
        if not isinstance(reply, dict) or reply.get("id") != req["id"]:
            self.kill()
            raise StudentCrash("the student process broke the reply protocol")
        if reply.get("ok") is True:
            return reply.get("value")
        kind = reply.get("kind")
        exc_type, message = str(reply.get("type", "")), str(reply.get("message", ""))
        where, printed = str(reply.get("where", "")), str(reply.get("printed", ""))
        args = dict(exc_type=exc_type, where=where, printed=printed)
        if kind == "not_implemented":
            raise StudentNotImplemented(message or "NotImplementedError", **args)
        if kind == "exit":
            raise StudentException(f"the code called sys.exit({message})", **args)
        if kind == "memory":
            raise StudentException(f"ran out of memory (limit {self.box.limits.memory_mb} MB)", **args)
        raise StudentException(f"{exc_type}: {message}" if exc_type else message, **args)

    MAX_SCRATCH_ENTRIES = 10000

    def _check_scratch(self):
        """Without a mount namespace the scratch folder is a plain folder of the grader's machine: after every call,
        a process that filled it beyond the limit (size or number of files) is stopped and the folder removed."""
        folder = getattr(self._channel, "scratch", None)
        if not folder:
            return
        size, entries = scratch_usage(folder, self.MAX_SCRATCH_ENTRIES + 1)
        limit = self.box.limits.scratch_mb * 1024 * 1024
        if size > limit or entries > self.MAX_SCRATCH_ENTRIES:
            self.kill()
            raise StudentException(f"the code wrote {size / 2**20:.0f} MB in {entries} files to its scratch folder "
                                   f"(limit {self.box.limits.scratch_mb} MB and {self.MAX_SCRATCH_ENTRIES} files)")

    def import_modules(self, names, timeout: float | None = None):
        """Import the student's modules; raises a StudentError describing the first failure."""
        return self._request({"op": "import", "modules": list(names)}, timeout)

    def call(self, driver: str, *args, timeout: float | None = None):
        """Run ``driver(student_modules, *args)`` in the student's process; its plain-data result."""
        return self.call_many(driver, [list(args)], timeout=timeout)[0]

    def call_many(self, driver: str, arg_lists, timeout: float | None = None) -> list:
        """Run the driver on each argument list in one round trip. The reply must be one result per call."""
        calls = [list(a) for a in arg_lists]
        values = self._request({"op": "call", "driver": driver, "calls": calls}, timeout)
        if type(values) is not list or len(values) != len(calls):
            got = f"{len(values)} results" if type(values) is list else type(values).__name__
            raise StudentCrash(f"the student process answered {len(calls)} call(s) with {got}: "
                               f"the grader's drivers were tampered with")
        return values
