"""Landlock (Linux ≥ 5.13) through its three system calls, for the child process (student side).

The PyPI binding ``landlock`` covers only the file-system rights of ABI 1–5; the kit also needs ABI 4's TCP rights and
ABI 6's scoping of signals and abstract Unix sockets, so this module speaks to the kernel interface directly
(``landlock_create_ruleset``, ``landlock_add_rule``, ``landlock_restrict_self``; see the kernel's
Documentation/userspace-api/landlock.rst). Everything is opt-in by ABI: rights the running kernel does not know are
left out, and :func:`abi_version` says what it knows (0: no Landlock).
"""
from __future__ import annotations

import ctypes
import os

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# file-system rights (ABI in brackets when > 1)
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR, MAKE_REG = 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8
MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER = 1 << 13       # [2]
TRUNCATE = 1 << 14    # [3]
IOCTL_DEV = 1 << 15   # [5]
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1          # [4]
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1  # [6]

FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ = READ_FILE | READ_DIR
WRITE = (READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | TRUNCATE)


class LandlockError(OSError):
    pass


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = None


def _syscall(*args) -> int:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
    return _libc.syscall(*args)


def abi_version() -> int:
    """The Landlock ABI of the running kernel (0 when Landlock is absent or disabled)."""
    try:
        value = _syscall(ctypes.c_long(SYS_CREATE_RULESET), None, ctypes.c_size_t(0),
                         ctypes.c_uint32(CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(int(value), 0)


def handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def restrict(read_paths, write_paths, abi: int | None = None) -> int:
    """Confine this process (and everything it starts) to reading ``read_paths`` and writing ``write_paths``.

    Every file-system right the kernel knows is handled, so anything not granted here is denied: no reading
    elsewhere, no writing, truncating, linking or renaming elsewhere, no device ioctls. With ABI ≥ 4 every TCP bind
    and connect is denied; with ABI ≥ 6 signals and abstract Unix sockets cannot reach a process outside this
    Landlock domain. Paths that do not exist are skipped. Returns the ABI used.
    """
    abi = abi_version() if abi is None else abi
    if abi < 1:
        raise LandlockError("Landlock is not available in this kernel")
    fs = handled_fs(abi)
    attr = _RulesetAttr(fs, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    fd = _syscall(ctypes.c_long(SYS_CREATE_RULESET), ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        err = ctypes.get_errno()
        raise LandlockError(err, f"landlock_create_ruleset failed: {os.strerror(err)}")
    try:
        for paths, rights in ((read_paths, READ), (write_paths, WRITE)):
            for path in paths:
                _add_path(fd, path, rights & fs)
        no_new_privs()
        if _syscall(ctypes.c_long(SYS_RESTRICT_SELF), ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
            err = ctypes.get_errno()
            raise LandlockError(err, f"landlock_restrict_self failed: {os.strerror(err)}")
    finally:
        os.close(fd)
    return abi


def no_new_privs():
    """Set no_new_privs: nothing this process runs can gain privileges (required by Landlock and seccomp)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise LandlockError(err, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(err)}")


def _add_path(ruleset_fd: int, path, rights: int):
    try:
        pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # absent paths need no rule
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = _PathBeneath(rights, pfd)
        if _syscall(ctypes.c_long(SYS_ADD_RULE), ctypes.c_int(ruleset_fd), ctypes.c_int(RULE_PATH_BENEATH),
                    ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            err = ctypes.get_errno()
            raise LandlockError(err, f"landlock_add_rule({path}) failed: {os.strerror(err)}")
    finally:
        os.close(pfd)
