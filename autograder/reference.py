"""The reference solutions, imported in the grader's own process (trusted code).

Every assignment folder uses plain imports between its modules (``from layers import Affine``) and two
assignments both have a ``layers.py``, so each folder is imported with its own modules temporarily first on
``sys.path`` and then removed again from ``sys.modules``: the loaded modules keep working, nothing leaks into the
next folder's imports.
"""
from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

_LOCK = threading.Lock()
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def solutions_dir() -> Path | None:
    """``$AUTOGRADER_SOLUTIONS``, else ``solutions/`` beside the autograder package or in the current folder."""
    env = os.environ.get("AUTOGRADER_SOLUTIONS")
    candidates = [Path(env)] if env else [PACKAGE_ROOT / "solutions", Path.cwd() / "solutions"]
    return next((p for p in candidates if p.is_dir()), None)


class FolderModules:
    """Attribute access to the modules of one folder, imported in this process: ``mods.layers``."""

    def __init__(self, folder: Path):
        self._folder = Path(folder).resolve()
        self._modules: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._modules:
            self._load_all()
        try:
            return self._modules[name]
        except KeyError:
            raise AttributeError(f"{self._folder} has no module {name}") from None

    def _load_all(self):
        names = sorted(p.stem for p in self._folder.glob("*.py"))
        with _LOCK:
            saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
            sys.path.insert(0, str(self._folder))
            importlib.invalidate_caches()
            try:
                for n in names:
                    self._modules[n] = importlib.import_module(n)
            finally:
                sys.path.remove(str(self._folder))
                for n in names:
                    sys.modules.pop(n, None)
                sys.modules.update(saved)


_CACHE: dict[str, FolderModules] = {}


def reference_modules(assignment_id: str) -> FolderModules | None:
    """The reference modules of an assignment, or None when the solutions are not available."""
    root = solutions_dir()
    if root is None or not (root / assignment_id).is_dir():
        return None
    key = str((root / assignment_id).resolve())
    if key not in _CACHE:
        _CACHE[key] = FolderModules(root / assignment_id)
    return _CACHE[key]
