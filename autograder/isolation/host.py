"""The sandbox host: one per student submission, started by the grader (inside bubblewrap's namespaces when the
machine has them). It never runs student code. It preloads numpy and the drivers, then, on the grader's request,
forks one confined child process per set of student modules and hands the grader that child's end of a fresh
socket (SCM_RIGHTS), so replies go straight to the grader. It also kills children on request and kills all of them
when the grader goes away.

Control messages (one JSON object per SOCK_SEQPACKET message): ``{"op": "open", "config": {...}}`` →
``{"ok": true, "worker": n, "pid": p}`` with the socket attached; ``{"op": "kill", "worker": n}`` → ``{"ok": true}``;
``{"op": "exit"}``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sys


def _die_with_parent(parent: int):
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if parent and os.getppid() != parent:
        os._exit(1)  # the grader is already gone


def _preload(modules):
    """Import modules before any fork, so every student process starts with them loaded (``pkg.*``: a package and
    all its modules)."""
    import importlib
    import pkgutil

    names = []
    for name in modules:
        if name.endswith(".*"):
            package = name[:-2]
            names.append(package)
            try:
                names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(importlib.import_module(package).__path__)]
            except Exception:  # noqa: BLE001
                pass
        else:
            names.append(name)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a driver module that fails to import fails later, readably
            pass


def main(argv=None):
    args = json.loads((argv or sys.argv[1:])[0])
    _die_with_parent(args.get("parent", 0))
    for fd in args.get("cgroup_fds", []):  # join the sandbox's control group before anything is forked
        try:
            os.write(fd, b"0")
        except OSError as exc:
            sys.stderr.write(f"sandbox host: could not join its control group ({exc})\n")
            os._exit(5)
        os.close(fd)
    ctl = socket.socket(fileno=args["fd"])
    _preload(["numpy", "autograder.wire", "autograder.isolation.seccomp", "autograder.isolation.child", "autograder.isolation.confine",
              "autograder.isolation.guard", "autograder.isolation.landlock", *args.get("preload", [])])
    if args.get("seccomp"):
        from .seccomp import load

        load(args.get("libseccomp"))  # loaded now: the children only build and install the filter
        from .seccomp import known_syscalls

        known_syscalls()
    children: dict[int, list] = {}  # worker number -> [pid, scratch folder, still running]
    counter = 0
    while True:
        _reap(children)
        try:
            data = ctl.recv(1 << 16)
        except InterruptedError:
            continue
        except OSError:
            data = b""
        if not data:
            break
        try:
            msg = json.loads(data)
        except ValueError:
            break
        op = msg.get("op")
        if op == "open":
            counter += 1
            scratch = os.path.join(args["scratch"], f"w{counter}")
            os.makedirs(scratch, exist_ok=True)
            mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            pid = os.fork()
            if pid == 0:  # the child: keep only its end of the new socket
                try:
                    if theirs.fileno() != 3:
                        os.dup2(theirs.fileno(), 3)
                    os.closerange(4, 1 << 16)
                    devnull = os.open(os.devnull, os.O_RDWR)
                    for i in (0, 1, 2):
                        os.dup2(devnull, i)
                    if devnull > 3:
                        os.close(devnull)
                    config = dict(msg["config"], scratch=scratch)
                    config["write_paths"] = [scratch]
                    from .child import run

                    run(3, 3, config)
                finally:
                    os._exit(4)
            theirs.close()
            children[counter] = [pid, scratch, True]
            try:
                socket.send_fds(ctl, [json.dumps({"ok": True, "worker": counter, "pid": pid}).encode()],
                                [mine.fileno()])
            finally:
                mine.close()
        elif op == "kill":
            _kill(children, msg.get("worker"))
            ctl.send(json.dumps({"ok": True}).encode())
        else:
            break
    for worker in list(children):
        _kill(children, worker)
    os._exit(0)


def _kill(children, worker):
    entry = children.pop(worker, None)
    if entry is None:
        return
    pid, scratch, running = entry
    if running:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    shutil.rmtree(scratch, ignore_errors=True)


def _reap(children):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for entry in children.values():
            if entry[0] == pid:
                entry[2] = False


if __name__ == "__main__":
    main()
