"""Isolation of student code: a sandbox per student submission, enforced by the kernel where the machine allows.

Interface (grader side): :class:`Sandbox` (start it for a submission's folders, get a :class:`Worker` per set of
student modules, send requests, close it). :mod:`.plans` decides the mechanism (bubblewrap namespaces, Landlock,
seccomp, or a plain process); :mod:`.host` and :mod:`.child` run in the sandbox; :mod:`.confine`,
:mod:`.landlock`, :mod:`.seccomp` and :mod:`.guard` confine the student's process. See SECURITY.md.
"""
from .errors import (IsolationError, StudentCrash, StudentError, StudentException, StudentNotImplemented,
                     StudentTimeout)
from .plans import MODES, IsolationUnavailable, Plan, available, choose, describe
from .sandbox import Limits, Sandbox, Worker

__all__ = ["IsolationError", "IsolationUnavailable", "Limits", "MODES", "Plan", "Sandbox", "StudentCrash",
           "StudentError", "StudentException", "StudentNotImplemented", "StudentTimeout", "Worker", "available",
           "choose", "describe"]
