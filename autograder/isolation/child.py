"""The student's process: it confines itself, then runs drivers on the student's modules and sends back data.

Everything in this module runs in the process where the student's code runs, so the student's code can replace any
of it (and any driver) at import time. That is why nothing here decides a verdict: a reply is only data, which the
grader validates and compares with what it computed itself. The protection of everything outside this process
comes from the kernel (see :mod:`.confine`), applied before the first student module is imported.

A request is ``{"op": "import", "modules": [...]}`` or ``{"op": "call", "driver": "autograder.drivers.x:f",
"calls": [[args...], ...]}``; the reply is ``{"id", "ok": True, "value"}`` or ``{"id", "ok": False, "kind", "type",
"message", "where"}``, plus ``"printed"`` (the first few KiB of what the student's code printed).
"""
from __future__ import annotations

import importlib
import os
import sys
import traceback

from .. import wire
from . import frames

PRINT_LIMIT = 4096
FOLDER = ""  # the student's folder, for locating their frames in tracebacks
DRIVER_PACKAGES = ("autograder.drivers.",)


class _BoundedWriter:
    """A text stream that keeps the first ``limit`` characters and drops the rest."""

    def __init__(self, limit: int = PRINT_LIMIT):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self) -> str:
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n... ({self.dropped} more characters not shown)"
        self.parts, self.size, self.dropped = [], 0, 0
        return out


class StudentModules:
    """``mods.layers`` imports and returns the student's ``layers.py`` (plain import from the folder)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return importlib.import_module(name)


def where(tb) -> str:
    """The innermost frame of a traceback in the student's folder, as 'file.py line N in func'."""
    found = ""
    for frame in traceback.extract_tb(tb):
        try:
            inside = os.path.abspath(frame.filename).startswith(FOLDER + os.sep)
        except Exception:  # noqa: BLE001
            inside = False
        if inside:
            found = f"{os.path.basename(frame.filename)} line {frame.lineno} in {frame.name}"
    return found


def describe(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except BaseException:  # noqa: BLE001
        return "<the exception could not be printed>"


def kind_of(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return "not_implemented"
    if isinstance(exc, SystemExit):
        return "exit"
    if isinstance(exc, MemoryError):
        return "memory"
    return "exception"


def raised(exc: BaseException) -> wire.Raised:
    return wire.Raised(kind_of(exc), type(exc).__name__, describe(exc), where(exc.__traceback__))


def _run(req: dict, mods: StudentModules):
    op = req.get("op")
    if op == "import":
        for name in req["modules"]:
            importlib.import_module(name)
        return None
    if op == "call":
        module_name, _, func_name = str(req["driver"]).partition(":")
        if not module_name.startswith(DRIVER_PACKAGES):
            raise ValueError("drivers must live in autograder.drivers")
        driver = getattr(importlib.import_module(module_name), func_name)
        return [driver(mods, *args) for args in req["calls"]]
    raise ValueError(f"unknown request {op!r}")


def serve(fd_in: int, fd_out: int, folder: str):
    """Answer requests until the grader closes the connection (or asks to exit)."""
    global FOLDER
    FOLDER = os.path.abspath(folder)
    out = _BoundedWriter()
    sys.stdout = sys.stderr = out
    sys.stdin = open(os.devnull)  # noqa: SIM115
    sys.path.insert(0, FOLDER)
    sys.dont_write_bytecode = True
    mods = StudentModules()
    read, write, dumps, loads = frames.read_frame, frames.write_frame, wire.dumps, wire.loads  # bound before import
    while True:
        try:
            req = loads(read(fd_in))
        except (frames.FrameError, wire.WireError):
            break
        if not isinstance(req, dict) or req.get("op") == "exit":
            break
        try:
            reply = {"id": req.get("id"), "ok": True, "value": _run(req, mods)}
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included on purpose
            r = raised(exc)
            reply = {"id": req.get("id"), "ok": False, "kind": r.kind, "type": r.type_name, "message": r.message,
                     "where": r.where}
        reply["printed"] = out.take()
        try:
            data = dumps(reply)
        except BaseException as exc:  # noqa: BLE001
            data = dumps({"id": req.get("id"), "ok": False, "kind": "bad_output", "type": type(exc).__name__,
                          "message": f"the result could not be sent back as plain data: {describe(exc)}",
                          "where": "", "printed": ""})
        try:
            write(fd_out, data)
        except frames.FrameError:
            break
    os._exit(0)


def run(fd_in: int, fd_out: int, config: dict):
    """Confine this process as ``config`` says, then serve. Never returns."""
    from . import confine

    try:
        os.chdir(config["scratch"])
        confine.apply(config)
    except BaseException as exc:  # noqa: BLE001 - fail closed: never run student code unconfined
        try:
            frames.write_frame(fd_out, wire.dumps({"hello": "failed", "type": type(exc).__name__,
                                                   "message": describe(exc)}))
        finally:
            os._exit(3)
    # The greeting comes before any student code can run, so only this code can say whether confinement worked;
    # anything the student's code sends later is just a reply, checked as one.
    frames.write_frame(fd_out, wire.dumps({"hello": "ready"}))
    serve(fd_in, fd_out, config["folder"])


def main(argv=None):
    """Portable entry point (a fresh interpreter per student process; Windows, macOS, or forced):
    ``python -m autograder.isolation.child CONFIG_JSON`` with frames on stdin/stdout."""
    import json

    config = json.loads((argv or sys.argv[1:])[0])
    fd_in = os.dup(0)
    fd_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if os.name == "nt":  # pragma: no cover - binary pipes on Windows
        import msvcrt

        msvcrt.setmode(fd_in, os.O_BINARY)
        msvcrt.setmode(fd_out, os.O_BINARY)
    run(fd_in, fd_out, config)


if __name__ == "__main__":
    main()
