"""Which isolation this machine offers, and the plan ``--isolation auto|strict|process`` picks (grader side).

Mechanisms, strongest first:

* ``namespaces`` — bubblewrap (``bwrap``): new user, mount, PID, network, IPC and UTS namespaces; the student's
  process sees only the Python runtime and its assignment folder (read-only) and a size-capped scratch tmpfs, no
  other process, no network; everything in the sandbox dies with it;
* ``landlock`` — the kernel's file-system (and, by ABI, TCP and signal) access control, which needs no namespaces
  and so also works inside Docker or Gradescope;
* ``seccomp`` — a system-call filter: no new programs or processes, no signals or tracing outside itself;
* ``process`` — a plain child process with resource limits and an audit hook (readable refusals only).

A plan combines what is available: ``namespaces+landlock+seccomp``, ``landlock+seccomp``, ``namespaces+seccomp``, or
``process``. ``strict`` refuses a plan whose file-system confinement or system-call filter is not kernel-enforced.
``$AUTOGRADER_ISOLATION_DISABLE`` (comma-separated: namespaces, landlock, seccomp, fork) hides mechanisms, for
tests and for machines where one misbehaves; ``fork`` disabled (and on Windows and macOS) starts a fresh interpreter
per student process instead of forking from a host.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

MODES = ("auto", "strict", "process")


class IsolationUnavailable(RuntimeError):
    """``--isolation strict`` on a machine without kernel-enforced isolation."""


@dataclass(frozen=True)
class Plan:
    namespaces: bool = False
    landlock: bool = False
    seccomp: bool = False
    fork: bool = True
    bwrap: str = ""

    @property
    def kernel(self) -> bool:
        """File system and system calls confined by the kernel."""
        return (self.namespaces or self.landlock) and self.seccomp

    @property
    def name(self) -> str:
        parts = [p for p, on in (("namespaces", self.namespaces), ("landlock", self.landlock),
                                 ("seccomp", self.seccomp)) if on]
        return "+".join(parts) if parts else "process"


def _disabled() -> set[str]:
    return {p.strip() for p in os.environ.get("AUTOGRADER_ISOLATION_DISABLE", "").split(",") if p.strip()}


@functools.lru_cache(maxsize=None)
def _bwrap_works(path: str) -> bool:
    true = shutil.which("true") or "/bin/true"
    cmd = [path, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", os.path.realpath(true)]
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def available() -> dict:
    """What this machine offers: {"namespaces": bwrap path or "", "landlock": ABI, "seccomp": bool, "fork": bool}."""
    off = _disabled()
    linux = sys.platform.startswith("linux")
    # forking a host that has imported numpy is only done on Linux (macOS's Accelerate BLAS is not fork-safe)
    found = {"namespaces": "", "landlock": 0, "seccomp": False,
             "fork": linux and hasattr(os, "fork") and "fork" not in off}
    if not linux:
        return found
    if "namespaces" not in off:
        path = shutil.which("bwrap") or ""
        if path and _bwrap_works(path):
            found["namespaces"] = path
    if "landlock" not in off:
        from .landlock import abi_version

        found["landlock"] = abi_version()
    if "seccomp" not in off:
        from .seccomp import available as seccomp_available

        found["seccomp"] = seccomp_available()
    return found


def choose(mode: str = "auto") -> Plan:
    if mode not in MODES:
        raise ValueError(f"unknown isolation {mode!r}; choose one of {', '.join(MODES)}")
    have = available()
    if mode == "process" or not have["fork"]:
        plan = Plan(fork=have["fork"])
    else:
        plan = Plan(namespaces=bool(have["namespaces"]), landlock=have["landlock"] >= 1,
                    seccomp=bool(have["seccomp"]), fork=True, bwrap=have["namespaces"])
    if mode == "strict" and not plan.kernel:
        missing = []
        if not (have["namespaces"] or have["landlock"]):
            missing.append("bubblewrap (Debian package bubblewrap) or Landlock (Linux ≥ 5.13)")
        if not have["seccomp"]:
            missing.append("seccomp (the libseccomp library and the pyseccomp package)")
        if not have["fork"]:
            missing.append("a Unix system")
        raise IsolationUnavailable("--isolation strict: this machine lacks " + " and ".join(missing) +
                                   "; install them, or use --isolation auto")
    return plan


def describe(plan: Plan) -> str:
    """One line for the console: which mechanism confines the student's code."""
    if plan.kernel:
        return f"isolation: {plan.name} (kernel-enforced)"
    if plan.fork:
        return "isolation: process (no kernel confinement available: resource limits and an audit hook only)"
    return "isolation: process (a fresh interpreter per student process; resource limits where the system has them)"
