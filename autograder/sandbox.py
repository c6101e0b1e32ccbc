"""Run student code in a separate process that can only send back plain data.

The grader talks to one child process per assignment folder. The child is forked from a clean fork server that
has imported numpy and the checks (never the reference solutions, never the grader's state), so starting or
restarting one costs a few milliseconds. Inside the child:

* the student's folder is first on ``sys.path``; the working directory is a fresh temporary folder;
* memory (address space), file size and core dumps are capped with ``resource`` limits;
* anything printed goes to a bounded buffer (the first few KiB are kept and returned), never to the grader;
* each request runs a *driver* (a function of a checks module) on the student's modules and sends the result
  back with :mod:`autograder.wire` (JSON + npy, pickle disabled).

On the grader side every request has a time limit. A child that overruns it, dies (``sys.exit`` is caught in the
child; ``os._exit``, a segfault or the out-of-memory killer are not) or sends garbage is killed together with its
process group; the next request starts a fresh child. Comparisons and scores are never computed here.
"""
from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback

from . import wire

DEFAULT_TIMEOUT = float(os.environ.get("AUTOGRADER_TIMEOUT", "5"))
DEFAULT_MEMORY_MB = int(os.environ.get("AUTOGRADER_MEMORY_MB", "2048"))
MAX_REPLY_BYTES = 64 * 1024 * 1024
PRINT_LIMIT = 4096
_PRELOAD = ["numpy", "autograder.sandbox", "autograder.checks"]


# ----------------------------------------------------------------------------------------------- errors
class StudentError(Exception):
    """Something went wrong in the student's process. ``kind`` maps to an exercise status."""

    kind = "error"

    def __init__(self, message: str, *, exc_type: str = "", where: str = "", printed: str = ""):
        super().__init__(message)
        self.message = message
        self.exc_type = exc_type
        self.where = where
        self.printed = printed


class StudentNotImplemented(StudentError):
    kind = "not_implemented"


class StudentException(StudentError):
    kind = "error"


class StudentTimeout(StudentError):
    kind = "timeout"


class StudentCrash(StudentError):
    """The child process died (os._exit, segfault, killed for memory) or broke the protocol."""

    kind = "error"


# ----------------------------------------------------------------------------------------------- child side
class _BoundedWriter:
    """A text stream that keeps the first ``limit`` characters and silently drops the rest."""

    def __init__(self, limit: int = PRINT_LIMIT):
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self) -> str:
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n... ({self.dropped} more characters not shown)"
        self.parts, self.size, self.dropped = [], 0, 0
        return out


class StudentModules:
    """``mods.layers`` imports and returns the student's ``layers.py`` (plain import from the folder)."""

    def __init__(self, folder: str):
        object.__setattr__(self, "_folder", folder)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return importlib.import_module(name)


def _where(tb, folder: str) -> str:
    """The innermost frame of the traceback that lies in the student's folder, as 'file.py line N in func'."""
    found = ""
    for frame in traceback.extract_tb(tb):
        try:
            inside = os.path.abspath(frame.filename).startswith(folder + os.sep)
        except Exception:
            inside = False
        if inside:
            found = f"{os.path.basename(frame.filename)} line {frame.lineno} in {frame.name}"
    return found


def _describe(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:
        text = "<the exception could not be printed>"
    return text[:2000]


def _run_request(req: dict, mods: StudentModules, folder: str):
    op = req.get("op")
    if op == "import":
        for name in req["modules"]:
            importlib.import_module(name)
        return None
    if op == "call":
        module_name, _, func_name = req["driver"].partition(":")
        if not module_name.startswith("autograder."):
            raise ValueError("drivers must live in the autograder package")
        driver = getattr(importlib.import_module(module_name), func_name)
        return [driver(mods, *args) for args in req["calls"]]
    raise ValueError(f"unknown request {op!r}")


def _apply_limits(memory_mb: int):
    import resource

    def cap(which, value):
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass

    cap(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_FSIZE, 64 * 1024 * 1024)
    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with an error instead of killing
    except (ValueError, OSError):
        pass


_BLOCKED_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "pty.spawn", "socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function", "ctypes.addressof", "ctypes.cdata",
    "ctypes.string_at", "ctypes.wstring_at", "os.kill", "os.killpg", "signal.pthread_kill", "resource.setrlimit",
    "os.chmod", "os.chown", "os.link", "os.symlink", "os.truncate", "sys.settrace", "sys.setprofile",
}
_WRITE_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "shutil.rmtree", "shutil.move", "os.utime"}
_LIST_EVENTS = {"os.listdir", "os.scandir", "glob.glob", "os.chdir"}


def _install_guard(folder: str, workdir: str):
    """An audit hook that keeps student code to its own folder and a scratch folder.

    Reading is allowed in the student's folder, the scratch folder, Python's own installation (stdlib and
    site-packages) and a few system files; writing only in the scratch folder. Starting processes, opening
    sockets, sending signals, loading native code with ctypes and raising resource limits are refused with
    PermissionError. Audit hooks cannot be removed from Python code; what they cannot stop (native code that
    was already loaded) is documented in SECURITY.md — run the grader in a container for full isolation.
    """
    import site

    def norm(p):
        return os.path.realpath(p)

    own = [norm(folder), norm(workdir)]
    readable = own + [norm(p) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                                        *site.getsitepackages(), os.path.dirname(__file__)}]
    readable += ["/usr/lib", "/usr/local/lib", "/usr/share", "/lib", "/lib64", "/etc/localtime", "/dev/null",
                 "/dev/urandom", "/proc/self", "/sys/devices/system/cpu"]

    def inside(path, roots):
        try:
            if isinstance(path, int):
                return True
            p = norm(os.fsdecode(path))
        except Exception:
            return False
        return any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)

    def hook(event, args):
        if event == "open":
            path, mode = args[0], args[1] or "r"
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writing = any(c in str(mode) for c in "wax+") or (flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if writing and not inside(path, [own[1], "/dev/null"]):
                raise PermissionError(f"the grader does not allow writing {path!r} (write only in the current folder)")
            if not writing and not inside(path, readable):
                raise PermissionError(f"the grader does not allow reading {path!r} outside your assignment folder")
        elif event in _BLOCKED_EVENTS:
            raise PermissionError(f"the grader does not allow {event} in student code")
        elif event in _WRITE_EVENTS:
            if not all(inside(a, [own[1]]) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))):
                raise PermissionError(f"the grader does not allow {event} outside the current folder")
        elif event in _LIST_EVENTS:
            target = args[0] if args else "."
            if target is not None and not inside(target, readable):
                raise PermissionError(f"the grader does not allow {event} on {target!r}")

    sys.addaudithook(hook)


def child_main(conn, folder: str, memory_mb: int, workdir: str):
    """Entry point of the student process (runs in the forked child)."""
    try:
        os.setpgid(0, 0)  # own process group: the grader can kill grandchildren too
    except OSError:
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    out = _BoundedWriter()
    sys.stdout = sys.stderr = out
    sys.stdin = open(os.devnull)
    os.chdir(workdir)
    folder = os.path.abspath(folder)
    sys.path.insert(0, folder)
    sys.dont_write_bytecode = True
    _apply_limits(memory_mb)
    _install_guard(folder, workdir)
    mods = StudentModules(folder)
    send, recv = conn.send_bytes, conn.recv_bytes  # bound now: later monkeypatching cannot reroute replies
    dumps, loads = wire.dumps, wire.loads
    while True:
        try:
            req = loads(recv())
        except (EOFError, OSError):
            break
        if req.get("op") == "exit":
            break
        reply = {"id": req.get("id")}
        try:
            reply["ok"] = True
            reply["value"] = _run_request(req, mods, folder)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included on purpose
            kind = "exception"
            if isinstance(exc, NotImplementedError):
                kind = "not_implemented"
            elif isinstance(exc, SystemExit):
                kind = "exit"
            elif isinstance(exc, MemoryError):
                kind = "memory"
            reply = {"id": req.get("id"), "ok": False, "kind": kind, "type": type(exc).__name__,
                     "message": _describe(exc), "where": _where(exc.__traceback__, folder)}
        reply["printed"] = out.take()
        try:
            data = dumps(reply)
        except BaseException as exc:  # noqa: BLE001
            data = dumps({"id": req.get("id"), "ok": False, "kind": "bad_output", "type": type(exc).__name__,
                          "message": f"the result could not be sent back as plain data: {_describe(exc)}",
                          "where": "", "printed": ""})
        try:
            send(data)
        except (OSError, ValueError):
            break
    os._exit(0)


# ----------------------------------------------------------------------------------------------- grader side
_context = None


_CONTEXT_LOCK = threading.Lock()


def _mp_context():
    """The fork-server context, started once per grader process with numpy and the checks preloaded."""
    with _CONTEXT_LOCK:
        return _context or _make_context()


def warm_up():
    """Start the fork server now (in the background while the grader does other work)."""
    def start():
        try:
            ctx = _mp_context()
            if ctx.get_start_method() == "forkserver":
                from multiprocessing import forkserver

                forkserver.ensure_running()
        except Exception:  # noqa: BLE001 - it will be started (and fail loudly) on first use instead
            pass

    thread = threading.Thread(target=start, daemon=True)
    thread.start()
    return thread


def _make_context():
    global _context
    if _context is None:
        # single-threaded BLAS in every child: predictable timing, no oversubscription with --jobs
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        method = os.environ.get("AUTOGRADER_START_METHOD", "forkserver")
        if method == "spawn":  # a fresh interpreter per child: slower, used as the benchmarks' baseline
            ctx = multiprocessing.get_context("spawn")
        elif "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
        else:  # pragma: no cover - platforms without fork
            ctx = multiprocessing.get_context("spawn")
        _context = ctx
    return _context


@contextlib.contextmanager
def _without_main_module():
    """Start a child without re-running the grader's ``__main__`` in it.

    multiprocessing normally tells a new process to import the parent's main script (so that pickled functions
    defined there resolve). The child only needs :func:`child_main`, and importing the caller's script there would
    be slow at best (a benchmark, a notebook) and fail at worst (``python - <<EOF``), so that part of the
    preparation data is dropped.
    """
    from multiprocessing import spawn

    original = spawn.get_preparation_data

    def prepare(name):
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    with _START_LOCK:
        spawn.get_preparation_data = prepare
        try:
            yield
        finally:
            spawn.get_preparation_data = original


_START_LOCK = threading.Lock()


class Sandbox:
    """One student folder, one child process at a time; restarts the child after it dies or hangs."""

    def __init__(self, folder, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB):
        self.folder = os.path.abspath(str(folder))
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._proc = None
        self._conn = None
        self._next_id = 0
        self.restarts = 0

    # -- lifecycle
    def _start(self):
        ctx = _mp_context()
        parent, child = ctx.Pipe(duplex=True)
        self._workdir = tempfile.mkdtemp(prefix="autograder-child-")  # the child's scratch folder, removed on kill
        proc = ctx.Process(target=child_main, args=(child, self.folder, self.memory_mb, self._workdir), daemon=True)
        with _without_main_module():
            proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def kill(self):
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass
        if proc is not None:
            pid = proc.pid
            for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    target()
                except (ProcessLookupError, PermissionError, OSError):
                    pass
            proc.join(timeout=5)
            self.restarts += 1
        if getattr(self, "_workdir", None):
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def close(self):
        """Stop the child (it holds no state worth a graceful exit)."""
        restarts = self.restarts
        self.kill()
        self.restarts = restarts

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- requests
    def _request(self, req: dict, timeout: float | None):
        if not self.alive():
            if self._proc is not None:
                self.kill()
            self._start()
        self._next_id += 1
        req = dict(req, id=self._next_id)
        limit = self.timeout if timeout is None else timeout
        start = time.perf_counter()
        try:
            self._conn.send_bytes(wire.dumps(req))
        except (OSError, ValueError):
            code = self._exit_code()
            self.kill()
            raise StudentCrash(_crash_message(code)) from None
        timeout_msg = (f"did not finish within the time limit of {limit:g} s "
                       f"(infinite loop, or far too slow?)")
        if not self._conn.poll(limit):
            self.kill()
            raise StudentTimeout(timeout_msg)
        # The first byte has arrived, but the rest of the reply may never come (a child can write a partial frame
        # and stop): a watchdog kills the child's process group at the deadline, which ends the blocking read.
        remaining = max(0.05, limit - (time.perf_counter() - start))
        fired = threading.Event()
        pid = self._proc.pid

        def watchdog():
            fired.set()
            for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    target()
                except OSError:
                    pass

        timer = threading.Timer(remaining, watchdog)
        timer.daemon = True
        timer.start()
        try:
            data = self._conn.recv_bytes(MAX_REPLY_BYTES)
        except (EOFError, OSError):
            timer.cancel()
            code = self._exit_code()
            self.kill()
            if fired.is_set():
                raise StudentTimeout(timeout_msg) from None
            raise StudentCrash(_crash_message(code)) from None
        timer.cancel()
        if fired.is_set():
            self.kill()
            raise StudentTimeout(timeout_msg)
        self.last_seconds = time.perf_counter() - start
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
            raise StudentException(f"ran out of memory (limit {self.memory_mb} MB)", **args)
        raise StudentException(f"{exc_type}: {message}" if exc_type else message, **args)

    def _exit_code(self):
        if self._proc is None:
            return None
        self._proc.join(timeout=1)
        return self._proc.exitcode

    def import_modules(self, names, timeout: float | None = None):
        """Import the student's modules; raises a StudentError describing the first failure."""
        return self._request({"op": "import", "modules": list(names)}, timeout)

    def call(self, driver: str, *args, timeout: float | None = None):
        """Run ``driver(student_modules, *args)`` in the child and return its plain-data result."""
        return self._request({"op": "call", "driver": driver, "calls": [list(args)]}, timeout)[0]

    def call_many(self, driver: str, arg_lists, timeout: float | None = None):
        """Run the driver on each argument list in one round trip; returns the list of results."""
        return self._request({"op": "call", "driver": driver, "calls": [list(a) for a in arg_lists]}, timeout)


def _crash_message(code) -> str:
    if code is None:
        return "the student process stopped unexpectedly"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (memory limit?)" if name == "SIGKILL" else " (segmentation fault)" if name == "SIGSEGV" else ""
        return f"the student process was killed by {name}{hint}"
    return f"the student process exited with code {code} (os._exit or a crash)"
