"""The seccomp filter of the child process (student side), built with libseccomp (``pyseccomp`` binding).

Default: allow. Denied with EPERM (so Python raises a readable ``PermissionError``):

* starting programs or processes: ``execve``/``execveat``, ``fork``/``vfork``, ``clone`` without ``CLONE_THREAD``
  (threads stay allowed: BLAS and ``threading`` use them), ``clone3`` (ENOSYS, so the C library falls back to
  ``clone``, whose flags can be inspected);
* touching other processes: ``ptrace``, ``process_vm_readv/writev``, ``process_madvise``, ``kcmp``, pidfds,
  ``kill``/``tgkill``/``rt_sigqueueinfo``/``rt_tgsigqueueinfo`` aimed at any process but itself, ``tkill``,
  ``prlimit64`` on another process, scheduling and I/O priority of other processes, ``migrate_pages``/``move_pages``;
* escaping the confinement: ``prctl(PR_SET_PDEATHSIG)`` (it must die with its parent), namespaces
  (``unshare``, ``setns``), mounts, ``chroot``, ``pivot_root``, ``io_uring`` (whose operations seccomp cannot see),
  ``bpf``, ``perf_event_open``, ``userfaultfd``, kernel keyrings, ``open_by_handle_at``;
* the network: ``socket`` and ``socketpair`` (the one connection to the grader is inherited);
* file metadata that Landlock does not cover: ``chmod``/``chown`` families, ``utime*``, extended attributes;
* ``ioctl(TIOCSTI)`` (typing into a terminal).

Syscalls from another architecture's ABI kill the process (libseccomp's default for a foreign architecture).
"""
from __future__ import annotations

import errno
import functools
import os

CLONE_THREAD = 0x00010000
TIOCSTI = 0x5412
PR_SET_PDEATHSIG = 1

DENY_ALWAYS = [
    "execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise",
    "kcmp", "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "tkill", "unshare", "setns", "mount", "umount2",
    "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd", "keyctl",
    "add_key", "request_key", "open_by_handle_at", "name_to_handle_at", "socket", "socketpair", "chmod", "fchmod",
    "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat", "utime", "utimes", "utimensat", "futimesat",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr", "ioprio_set",
    "migrate_pages", "move_pages", "acct", "swapon", "swapoff", "reboot", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "quotactl", "lookup_dcookie", "vhangup", "syslog",
]
# syscalls whose first argument is a process id: allowed on itself (pid, or 0 where 0 means "this process")
SELF_ONLY = {"kill": False, "tgkill": False, "rt_sigqueueinfo": False, "rt_tgsigqueueinfo": False,
             "prlimit64": True, "sched_setaffinity": True, "sched_setparam": True, "sched_setscheduler": True,
             "sched_setattr": True}


def load(library: str | None = None):
    """Import the pyseccomp binding. Inside a sandbox the usual library search (``ldconfig -p``, a compiler) cannot
    run, so the grader passes the library name it found (e.g. ``libseccomp.so.2``) and the dynamic loader does the
    rest."""
    import sys

    if "pyseccomp" in sys.modules or not library:
        import pyseccomp

        return pyseccomp
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: library if name == "seccomp" else original(name)
    try:
        import pyseccomp
    finally:
        ctypes.util.find_library = original
    return pyseccomp


@functools.lru_cache(maxsize=None)
def library_name() -> str | None:
    import ctypes.util

    return ctypes.util.find_library("seccomp")


def available() -> bool:
    """True when libseccomp can be loaded and the kernel has seccomp filters."""
    try:
        import pyseccomp  # noqa: F401  (loads libseccomp.so)
    except Exception:  # noqa: BLE001 - ImportError, or RuntimeError when libseccomp is absent
        return False
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            return any(line.startswith("Seccomp:") for line in fh)
    except OSError:
        return False


def install():
    """Load the filter into this process (irreversible; inherited by threads)."""
    import pyseccomp as sc

    pid = os.getpid()
    eperm = sc.ERRNO(errno.EPERM)
    f = sc.SyscallFilter(sc.ALLOW)

    def rule(action, name, *args):
        try:
            f.add_rule(action, name, *args)
        except (OSError, ValueError, RuntimeError):
            if name not in ("fchmodat2", "mount_setattr", "process_madvise", "pidfd_getfd"):  # newer than libseccomp
                raise

    for name in DENY_ALWAYS:
        rule(eperm, name)
    rule(sc.ERRNO(errno.ENOSYS), "clone3")
    rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
    for name, zero_is_self in SELF_ONLY.items():
        if zero_is_self:
            # the argument must be 0 (this process); the C library passes 0 for getrlimit/setrlimit
            rule(eperm, name, sc.Arg(0, sc.NE, 0))
        else:
            rule(eperm, name, sc.Arg(0, sc.NE, pid))
    rule(eperm, "setpriority", sc.Arg(0, sc.NE, 0))  # only PRIO_PROCESS …
    rule(eperm, "setpriority", sc.Arg(1, sc.NE, 0))  # … of this process
    rule(eperm, "prctl", sc.Arg(0, sc.EQ, PR_SET_PDEATHSIG))
    rule(eperm, "ioctl", sc.Arg(1, sc.EQ, TIOCSTI))
    f.load()
