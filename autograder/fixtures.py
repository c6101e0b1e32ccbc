"""Stored expected values of the public tests (``autograder/public_data/<assignment>.json``).

Public checks ship to students without the reference solutions, so the values they compare against are recorded
by ``python -m autograder release`` from ``solutions/`` and stored here as plain JSON (arrays as dtype, shape and
a flat list of numbers; floats written with ``repr``, so they round-trip exactly).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).parent / "public_data"


def to_jsonable(value):
    if isinstance(value, np.ndarray):
        flat = value.ravel().tolist()
        if value.dtype.kind == "f":
            flat = [v if math.isfinite(v) else repr(v) for v in flat]
        return {"__nd__": str(value.dtype), "shape": list(value.shape), "data": flat}
    if isinstance(value, np.generic):
        return {"__np__": str(value.dtype), "value": to_jsonable(value.item())}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [to_jsonable(v) for v in value]}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {"__dict__": [[k, to_jsonable(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a fixture")


def from_jsonable(node):
    if isinstance(node, list):
        return [from_jsonable(v) for v in node]
    if isinstance(node, dict):
        if "__nd__" in node:
            data = [float(v) if isinstance(v, str) else v for v in node["data"]]
            return np.array(data, dtype=node["__nd__"]).reshape(node["shape"])
        if "__np__" in node:
            return np.dtype(node["__np__"]).type(from_jsonable(node["value"]))
        if "__float__" in node:
            return float(node["__float__"])
        if "__tuple__" in node:
            return tuple(from_jsonable(v) for v in node["__tuple__"])
        if "__dict__" in node:
            return {k: from_jsonable(v) for k, v in node["__dict__"]}
    return node


class FixtureStore:
    """Expected values keyed by ``"<exercise id>::<test name>#<n>"``."""

    def __init__(self, assignment_id: str, data: dict | None = None):
        self.assignment_id = assignment_id
        self.data = {} if data is None else data

    @classmethod
    def load(cls, assignment_id: str) -> "FixtureStore":
        path = DATA_DIR / f"{assignment_id}.json"
        if not path.exists():
            return cls(assignment_id)
        return cls(assignment_id, json.loads(path.read_text(encoding="utf-8")))

    def get(self, key: str):
        if key not in self.data:
            raise KeyError(key)
        return from_jsonable(self.data[key])

    def put(self, key: str, value):
        self.data[key] = to_jsonable(value)

    def dumps(self) -> str:
        return json.dumps(self.data, indent=0, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, directory: Path = DATA_DIR):
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{self.assignment_id}.json").write_text(self.dumps(), encoding="utf-8")
