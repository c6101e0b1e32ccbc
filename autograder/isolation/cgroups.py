"""A control group per sandbox, where the machine lets the grader make one (grader side).

Resource limits (``setrlimit``) are per process, and the process-count limit does not apply to root at all, so a
student could still start thousands of threads (exhausting the machine's process ids) or hold memory outside its
address space. A control group caps the whole sandbox instead: ``pids.max`` (processes and threads) and the memory
limit, and it lets the grader kill everything in it at once.

Both cgroup versions are handled: v1 (a ``pids`` and a ``memory`` hierarchy, as on this kit's CI machines) and v2
(the unified hierarchy, when the grader runs in the root cgroup). Where neither is writable — an unprivileged user,
most containers — :func:`create` returns None and the sandbox runs without one (``SECURITY.md`` says what that
leaves). The sandbox host joins the group itself, first thing, through file descriptors the grader passes it, so that
every process it forks afterwards is inside.
"""
from __future__ import annotations

import os
import signal
import time
import uuid

ROOT = "/sys/fs/cgroup"


def _own_path(controller: str | None) -> str | None:
    """This process's cgroup path for a v1 controller (or the v2 path for None)."""
    try:
        with open("/proc/self/cgroup", encoding="ascii") as fh:
            for line in fh:
                _, names, path = line.rstrip("\n").split(":", 2)
                if controller is None and names == "":
                    return path
                if controller is not None and controller in names.split(","):
                    return path
    except OSError:
        return None
    return None


def _write(path: str, text: str):
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


class Group:
    """One sandbox's control group(s): ``dirs`` are the cgroup folders (one per v1 hierarchy, or one for v2)."""

    def __init__(self, dirs: list[str], version: int):
        self.dirs = dirs
        self.version = version

    def join_fds(self) -> list[int]:
        """Descriptors of the ``cgroup.procs`` files: writing "0" to each moves the writer into the group."""
        return [os.open(os.path.join(d, "cgroup.procs"), os.O_WRONLY | os.O_CLOEXEC) for d in self.dirs]

    def pids(self) -> list[int]:
        out = set()
        for d in self.dirs:
            try:
                with open(os.path.join(d, "cgroup.procs"), encoding="ascii") as fh:
                    out.update(int(x) for x in fh.read().split())
            except OSError:
                pass
        return sorted(out)

    def kill_all(self):
        if self.version == 2 and os.path.exists(os.path.join(self.dirs[0], "cgroup.kill")):
            try:
                _write(os.path.join(self.dirs[0], "cgroup.kill"), "1")
            except OSError:
                pass
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    def remove(self):
        self.kill_all()
        for d in self.dirs:
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def create(pids_max: int, memory_bytes: int) -> Group | None:
    """A new group for one sandbox, or None when this machine does not let the grader make one."""
    if os.environ.get("AUTOGRADER_CGROUPS", "1") == "0" or not os.path.isdir(ROOT):
        return None
    name = f"autograder-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    if os.path.exists(os.path.join(ROOT, "cgroup.controllers")):
        return _create_v2(name, pids_max, memory_bytes)
    return _create_v1(name, pids_max, memory_bytes)


def _create_v1(name: str, pids_max: int, memory_bytes: int) -> Group | None:
    made = []
    try:
        for controller, limits in (("pids", {"pids.max": str(pids_max)}),
                                   ("memory", {"memory.limit_in_bytes": str(memory_bytes)})):
            base = os.path.join(ROOT, controller)
            own = _own_path(controller)
            if own is None or not os.path.isdir(base):
                if controller == "pids":
                    return None
                continue
            d = os.path.join(base, own.lstrip("/"), name)
            os.mkdir(d)
            made.append(d)
            for key, value in limits.items():
                _write(os.path.join(d, key), value)
        return Group(made, 1)
    except OSError:
        Group(made, 1).remove()
        return None


def _create_v2(name: str, pids_max: int, memory_bytes: int) -> Group | None:
    own = _own_path(None)
    if own != "/":  # a cgroup with processes in it cannot give its children controllers (v2's "no internal processes")
        return None
    d = os.path.join(ROOT, name)
    try:
        with open(os.path.join(ROOT, "cgroup.subtree_control"), encoding="ascii") as fh:
            enabled = fh.read().split()
        for controller in ("pids", "memory"):
            if controller not in enabled:
                _write(os.path.join(ROOT, "cgroup.subtree_control"), f"+{controller}")
        os.mkdir(d)
        _write(os.path.join(d, "pids.max"), str(pids_max))
        _write(os.path.join(d, "memory.max"), str(memory_bytes))
        return Group([d], 2)
    except OSError:
        Group([d], 2).remove() if os.path.isdir(d) else None
        return None
