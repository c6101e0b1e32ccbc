"""An audit hook in the student's process that turns refusals into readable messages.

It is not a protection — code in the same process can work around it, and the kernel (Landlock, seccomp,
namespaces) is what enforces the rules. It only makes the common case clear: a student who opens a file outside
their folder or starts a program gets "the grader does not allow …" instead of a bare ``PermissionError``. In the
plain-process mode (a student's own laptop) it is the only barrier, which is enough for a self-check.
"""
from __future__ import annotations

import os
import sys

_REFUSED = {
    "subprocess.Popen": "starting programs", "os.system": "starting programs", "os.exec": "starting programs",
    "os.posix_spawn": "starting processes", "os.spawn": "starting processes", "os.fork": "starting processes",
    "os.forkpty": "starting processes", "pty.spawn": "starting programs", "socket.connect": "network access",
    "socket.bind": "network access", "socket.sendto": "network access", "socket.getaddrinfo": "network access",
    "socket.__new__": "network access", "os.kill": "sending signals", "os.killpg": "sending signals",
    "signal.pthread_kill": "sending signals", "resource.prlimit": "changing another process's limits",
    "ctypes.dlopen": "loading native code with ctypes", "ctypes.dlsym": "loading native code with ctypes",
    "ctypes.call_function": "calling native code with ctypes", "ctypes.string_at": "reading raw memory",
    "ctypes.wstring_at": "reading raw memory", "sys.settrace": "tracing", "sys.setprofile": "tracing",
    "os.chmod": "changing file permissions", "os.chown": "changing file owners",
}
_WRITE_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "shutil.rmtree", "shutil.move", "os.utime",
                 "os.truncate", "os.link", "os.symlink"}


def install(read_paths, write_paths):
    norm = os.path.realpath
    writable = [norm(p) for p in write_paths] + ["/dev/null"]
    readable = [norm(p) for p in read_paths] + writable + ["/dev/urandom", "/dev/random", "/dev/zero"]
    own_pid = os.getpid()

    def inside(path, roots):
        if isinstance(path, int):
            return True
        try:
            p = norm(os.fsdecode(path))
        except Exception:  # noqa: BLE001
            return False
        return any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)

    def hook(event, args):
        if event == "open":
            path, mode = args[0], args[1] or "r"
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writing = any(c in str(mode) for c in "wax+") or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT
                                                                            | getattr(os, "O_TRUNC", 0)))
            if writing and not inside(path, writable):
                raise PermissionError(f"the grader does not allow writing {path!r} (write only in the current folder)")
            if not writing and read_paths and not inside(path, readable):
                raise PermissionError(f"the grader does not allow reading {path!r} outside your assignment folder")
        elif event in ("os.kill", "os.killpg") and args and args[0] == own_pid:
            return
        elif event in _REFUSED:
            raise PermissionError(f"the grader does not allow {_REFUSED[event]} ({event}) in student code")
        elif event in _WRITE_EVENTS:
            if not all(inside(a, writable) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))):
                raise PermissionError(f"the grader does not allow {event} outside the current folder")

    sys.addaudithook(hook)
