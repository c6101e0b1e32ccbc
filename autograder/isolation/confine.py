"""Confinement of the child process (student side), applied after fork and before any student code runs.

Order matters: resource limits; then, when the plan is kernel-enforced, the capabilities are dropped, Landlock
restricts the file system (and TCP and signals, by ABI) and the seccomp filter is loaded — from then on the kernel
refuses whatever the rules do not allow, whatever Python code (or native code) the student runs. Last, an audit hook
turns the common refusals into readable messages; it is a courtesy, not a protection.
"""
from __future__ import annotations

import os
import sys


def apply(config: dict):
    set_limits(config)
    read_paths, write_paths = list(config.get("read_paths", [])), list(config.get("write_paths", []))
    if config.get("kernel"):
        if sys.platform.startswith("linux"):
            _die_with_parent()
        drop_capabilities()
        from . import landlock

        if config.get("landlock"):
            landlock.restrict(read_paths, write_paths)
        else:
            landlock.no_new_privs()
        if config.get("seccomp"):
            from . import seccomp

            seccomp.install()
    if config.get("guard", True):
        from .guard import install

        install(read_paths, write_paths)


def set_limits(config: dict):
    try:
        import resource
    except ImportError:  # Windows: no resource limits (the grader still enforces the time limit)
        return
    mb = 1024 * 1024
    wanted = {"RLIMIT_AS": config.get("memory_mb", 2048) * mb, "RLIMIT_CORE": 0,
              "RLIMIT_FSIZE": config.get("file_mb", 64) * mb, "RLIMIT_CPU": config.get("cpu_seconds", 600),
              "RLIMIT_NOFILE": config.get("nofile", 256), "RLIMIT_MEMLOCK": 0, "RLIMIT_MSGQUEUE": 0}
    for name, value in wanted.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))  # hard = soft: it cannot be raised again
        except (ValueError, OSError):
            pass
    import signal

    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with an error instead of killing
    except (ValueError, OSError, AttributeError):
        pass


def _die_with_parent():
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG


def drop_capabilities():
    """Give up every capability (root in the grader's container is no one special in here)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    for cap in range(64):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP (EINVAL past the last capability)
            break

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed: the capabilities could not be dropped")
