"""Track every process a command starts (for the "nothing outlives its grading" tests).

A :class:`Tracker` polls ``/proc`` in a thread while the command runs and remembers every descendant of the root
process it ever saw (with its start time, so a reused process id is not mistaken for it). ``survivors()`` lists those
still alive afterwards. Descendants that were reparented to init after their parent died are still found, because
they were recorded while their parent was alive.
"""
from __future__ import annotations

import os
import threading
import time


def _stat(pid: int):
    """(ppid, start time, state) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read().decode(errors="replace")
    except OSError:
        return None
    rest = data[data.rindex(")") + 2:].split()
    return int(rest[1]), int(rest[19]), rest[0]


def children_map() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st is not None:
                out.setdefault(st[0], []).append(int(name))
    return out


class Tracker:
    def __init__(self, root_pid: int, interval: float = 0.02):
        self.root = root_pid
        self.interval = interval
        self.seen: dict[int, int] = {}   # pid -> start time
        self.preexisting: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        # processes that already exist (left over by an earlier test, still dying) are not this run's
        self.poll()
        self.preexisting = set(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.poll()
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.poll()
            time.sleep(self.interval)

    def poll(self):
        kids = children_map()
        frontier = [self.root] + list(self.seen)
        while frontier:
            pid = frontier.pop()
            for child in kids.get(pid, []):
                if child not in self.seen:
                    st = _stat(child)
                    if st is not None:
                        self.seen[child] = st[1]
                        frontier.append(child)

    def survivors(self) -> list[int]:
        alive = []
        for pid, start in self.seen.items():
            if pid in getattr(self, "preexisting", ()):
                continue
            st = _stat(pid)
            if st is not None and st[1] == start and st[2] != "Z":
                alive.append(pid)
        return alive


def wait_for_no_survivors(tracker: Tracker, timeout: float = 10.0) -> list[int]:
    """Survivors after giving dying processes a moment to go."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        alive = tracker.survivors()
        if not alive:
            return []
        time.sleep(0.1)
    return tracker.survivors()
