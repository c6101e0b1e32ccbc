"""What can go wrong in the student's process, as seen by the grader. ``kind`` maps to an exercise status."""
from __future__ import annotations


class StudentError(Exception):
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
    """The student process died (os._exit, a segfault, the memory limit) or broke the protocol."""

    kind = "error"


class IsolationError(RuntimeError):
    """The sandbox itself could not be set up (never the student's fault)."""
