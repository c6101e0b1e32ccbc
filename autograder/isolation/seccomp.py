"""The seccomp filter of the child process (student side), built with libseccomp (``pyseccomp`` binding).

An allow-list: every system call libseccomp knows by name is allowed, except those below; a system call it does not
know (one added by a newer kernel, such as ``setxattrat``) fails with ENOSYS. Refused with EPERM, so Python raises a
readable ``PermissionError``:

* starting programs or processes: ``execve``/``execveat``, ``fork``/``vfork``, ``clone`` unless it creates a thread
  (threads stay allowed: BLAS and ``threading`` use them), ``clone3`` (ENOSYS, so the C library falls back to
  ``clone``, whose flags can be inspected);
* touching other processes: ``ptrace``, ``process_vm_readv/writev``, ``process_madvise``, ``kcmp``, pidfds, ``tkill``,
  ``kill``/``tgkill``/``rt_sigqueueinfo``/``rt_tgsigqueueinfo`` unless aimed at itself, ``prlimit64`` and the
  scheduler and priority calls unless on itself, ``migrate_pages``/``move_pages``, ``ioprio_set``;
* escaping the confinement: ``prctl(PR_SET_PDEATHSIG)`` (it must die with its parent), namespaces, mounts, ``chroot``,
  ``io_uring`` (whose operations seccomp cannot see), ``bpf``, ``perf_event_open``, ``userfaultfd``, kernel keyrings,
  file handles;
* memory and objects that outlive the process or escape its limits: System V shared memory, message queues and
  semaphores, POSIX message queues, ``memfd_create``/``memfd_secret``;
* the network: ``socket`` and ``socketpair`` (the one connection to the grader is inherited);
* file metadata that Landlock does not cover: the ``chmod``/``chown`` families, ``utime*``, extended attributes, and
  every ``ioctl`` but a few harmless terminal and descriptor queries;
* what only administrators may do anyway (modules, reboot, swap, quotas, accounting …), and ``listmount``/
  ``statmount`` (the grader machine's mounts are none of its business).

Syscalls from another architecture's ABI kill the process (libseccomp's default for a foreign architecture).
"""
from __future__ import annotations

import errno
import functools
import os

CLONE_THREAD = 0x00010000
PR_SET_PDEATHSIG = 1
# ioctl requests a Python program legitimately makes: isatty (TCGETS), terminal size, bytes available, O_NONBLOCK,
# close-on-exec flags
ALLOWED_IOCTLS = (0x5401, 0x5413, 0x541B, 0x5421, 0x5450, 0x5451)

DENY = {
    "execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev",
    "process_madvise", "kcmp", "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "tkill", "unshare", "setns",
    "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
    "mount_setattr", "listmount", "statmount", "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf",
    "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key", "open_by_handle_at", "name_to_handle_at",
    "socket", "socketpair", "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "utime", "utimes", "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
    "fremovexattr", "ioprio_set", "migrate_pages", "move_pages", "acct", "swapon", "swapoff", "reboot", "kexec_load",
    "kexec_file_load", "init_module", "finit_module", "delete_module", "quotactl", "quotactl_fd", "lookup_dcookie",
    "vhangup", "syslog", "shmget", "shmat", "shmctl", "shmdt", "msgget", "msgsnd", "msgrcv", "msgctl", "semget",
    "semop", "semctl", "semtimedop", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
    "mq_getsetattr", "memfd_create", "memfd_secret", "uselib", "nfsservctl", "create_module", "get_kernel_syms",
    "query_module", "iopl", "ioperm", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname",
    "setdomainname", "pkey_alloc", "set_mempolicy_home_node",
}
# allowed only with these argument conditions (pid means this process's id)
CONDITIONAL = {"kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "clone", "prlimit64", "sched_setaffinity",
               "sched_setparam", "sched_setscheduler", "sched_setattr", "setpriority", "prctl", "ioctl"}


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


@functools.lru_cache(maxsize=None)
def known_syscalls() -> tuple[str, ...]:
    """Every system call name libseccomp knows for this machine's architecture."""
    import pyseccomp as sc

    arch = sc.system_arch()
    names = []
    for nr in range(1024):
        try:
            name = sc.resolve_syscall(arch, nr)
        except (OSError, ValueError, RuntimeError):
            continue
        if name:
            names.append(name.decode() if isinstance(name, bytes) else str(name))
    return tuple(names)


def install():
    """Load the filter into this process (irreversible; inherited by its threads)."""
    import pyseccomp as sc

    pid = os.getpid()
    allow, eperm = sc.ALLOW, sc.ERRNO(errno.EPERM)
    f = sc.SyscallFilter(sc.ERRNO(errno.ENOSYS))
    for name in known_syscalls():
        if name == "clone3":
            continue  # the default, ENOSYS: the C library then falls back to clone, whose flags are checked
        if name in DENY:
            f.add_rule(eperm, name)
        elif name not in CONDITIONAL:
            f.add_rule(allow, name)
    for name in ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        f.add_rule(allow, name, sc.Arg(0, sc.EQ, pid))
        f.add_rule(eperm, name, sc.Arg(0, sc.NE, pid))
    f.add_rule(allow, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, CLONE_THREAD))
    f.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
    for name in ("prlimit64", "sched_setaffinity", "sched_setparam", "sched_setscheduler", "sched_setattr"):
        f.add_rule(allow, name, sc.Arg(0, sc.EQ, 0))  # 0: this process (the C library passes 0 for setrlimit)
        f.add_rule(eperm, name, sc.Arg(0, sc.NE, 0))
    f.add_rule(allow, "setpriority", sc.Arg(0, sc.EQ, 0), sc.Arg(1, sc.EQ, 0))  # PRIO_PROCESS of itself only
    f.add_rule(eperm, "setpriority", sc.Arg(0, sc.NE, 0))
    f.add_rule(eperm, "setpriority", sc.Arg(1, sc.NE, 0))
    f.add_rule(allow, "prctl", sc.Arg(0, sc.NE, PR_SET_PDEATHSIG))
    f.add_rule(eperm, "prctl", sc.Arg(0, sc.EQ, PR_SET_PDEATHSIG))
    for request in ALLOWED_IOCTLS:
        f.add_rule(allow, "ioctl", sc.Arg(1, sc.EQ, request))
    f.load()
