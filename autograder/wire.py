"""Plain-data wire format between the grader and the sandboxed student process.

Nothing here ever unpickles. A message is::

    4-byte big-endian length of the JSON header | JSON header | npy blob 0 | npy blob 1 | ...

Arrays travel as their raw bytes with dtype and shape in the header; only plain numeric dtypes (bool, integers,
floats, complex) are accepted on both sides, so an object array (or anything else that would need pickle) is
refused. Values that are not plain data (a custom object, a function, ...) are sent as :class:`Opaque` with their
type name, so a check can say "you returned a Foo, expected an array" instead of trusting the object.
:class:`Raised` carries an exception a driver caught in one stage of a call (so a crash in ``backward`` is reported
by the checks that need ``backward``, not by the ones that only need ``forward``).
"""
from __future__ import annotations

import json
import math
import re
import struct

import numpy as np

MAX_DEPTH = 20
MAX_ITEMS = 100_000
_ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex
_DTYPE_RE = re.compile(r"^[<>|=][biufc](1|2|4|8|16)$")
MAX_NDIM = 32


class WireError(ValueError):
    """The data cannot be sent or received as plain data."""


class Opaque:
    """Stands for a value that is not plain data (only its type name travels)."""

    def __init__(self, type_name: str, text: str = ""):
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.type_name == self.type_name

    __hash__ = None


class Raised:
    """An exception raised by the student's code in one stage of a driver (sent as data, never re-raised there).

    ``kind`` is ``"not_implemented"``, ``"exit"``, ``"memory"`` or ``"exception"``; ``where`` is "file.py line N in f"
    of the innermost frame in the student's folder.
    """

    def __init__(self, kind: str, type_name: str, message: str, where: str = ""):
        self.kind, self.type_name, self.message, self.where = kind, type_name, message, where

    def __repr__(self) -> str:
        return f"<raised {self.type_name}: {self.message[:60]}>"


def _type_name(value) -> str:
    t = type(value)
    return f"{t.__module__}.{t.__qualname__}" if t.__module__ not in ("builtins", None) else t.__qualname__


def _encode(value, blobs: list, depth: int, counter: list):
    counter[0] += 1
    if counter[0] > MAX_ITEMS:
        raise WireError("too many items in the value")
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    # exact type checks: subclasses of int/float/str/list/dict could lie about themselves
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        if abs(value) > 2**63:
            return {"__bigint__": str(value)}
        return value
    if t is float:
        if math.isfinite(value):
            return value
        return {"__float__": repr(value)}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        if type(arr) is not np.ndarray:
            arr = np.array(arr, subok=False)
        if arr.dtype.kind not in _ALLOWED_KINDS or arr.dtype.fields is not None or arr.dtype.subdtype is not None:
            return {"__opaque__": f"numpy array of dtype {arr.dtype}", "text": ""}
        if arr.ndim > MAX_NDIM:
            raise WireError("the array has too many dimensions")
        blobs.append(arr.tobytes())
        key = "__ndarray__" if isinstance(value, np.ndarray) else "__npscalar__"
        return {key: len(blobs) - 1, "dtype": arr.dtype.str, "shape": list(arr.shape)}
    if t is list or t is tuple:
        return {"__seq__": t.__name__, "items": [_encode(v, blobs, depth + 1, counter) for v in value]}
    if t is dict:
        items = []
        for k, v in value.items():
            if type(k) is not str:
                k = str(k) if type(k) in (int, float, bool) else repr(k)
            items.append([k, _encode(v, blobs, depth + 1, counter)])
        return {"__dict__": items}
    if t is Raised:
        return {"__raised__": [str(value.kind), str(value.type_name), str(value.message)[:2000], str(value.where)]}
    return {"__opaque__": _type_name(value), "text": ""}


MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_STRING = 4096           # longer strings from the student's process are cut (a message never needs more)
MAX_BIGINT_DIGITS = 400


def _text(value, limit: int = MAX_STRING) -> str:
    """A string from the other side, made safe to keep: bounded, and valid UTF-8 (lone surrogates replaced)."""
    if type(value) is not str:
        raise WireError("a text field is not a string")
    if len(value) > limit:
        value = value[:limit] + f" … ({len(value) - limit} more characters cut)"
    return value.encode("utf-8", "replace").decode("utf-8")


def _decode(node, blobs: list, depth: int = 0, counter=None):
    counter = counter if counter is not None else [0]
    counter[0] += 1
    if counter[0] > MAX_ITEMS or depth > MAX_DEPTH + 2:
        raise WireError("the message is too large or nested too deeply")
    if isinstance(node, dict):
        if "__ndarray__" in node or "__npscalar__" in node:
            idx = node.get("__ndarray__", node.get("__npscalar__"))
            if type(idx) is not int or not 0 <= idx < len(blobs):
                raise WireError("bad array reference")
            arr = _array(node.get("dtype"), node.get("shape"), blobs[idx])
            return arr if "__ndarray__" in node else arr[()]
        if "__raised__" in node:
            fields = node["__raised__"]
            if type(fields) is not list or len(fields) != 4 or not all(type(f) is str for f in fields):
                raise WireError("bad exception record")
            return Raised(*[_text(f) for f in fields])
        if "__float__" in node:
            return float(_text(node["__float__"], 40))
        if "__bigint__" in node:
            digits = node["__bigint__"]
            if type(digits) is not str or len(digits) > MAX_BIGINT_DIGITS:
                raise WireError("bad integer")
            return int(digits)
        if "__seq__" in node:
            items = node.get("items")
            if type(items) is not list:
                raise WireError("bad sequence")
            out = [_decode(v, blobs, depth + 1, counter) for v in items]
            return tuple(out) if node["__seq__"] == "tuple" else out
        if "__dict__" in node:
            pairs = node["__dict__"]
            if type(pairs) is not list or not all(type(p) is list and len(p) == 2 for p in pairs):
                raise WireError("bad mapping")
            return {_text(str(k), 200): _decode(v, blobs, depth + 1, counter) for k, v in pairs}
        if "__opaque__" in node:
            return Opaque(_text(str(node["__opaque__"]), 200), _text(str(node.get("text", "")), 200))
        raise WireError("unknown node in message")
    if isinstance(node, list):
        raise WireError("bare list in message")
    if type(node) is str:
        return _text(node)
    return node


def _array(dtype, shape, blob) -> np.ndarray:
    if type(dtype) is not str or not _DTYPE_RE.match(dtype):
        raise WireError(f"array of dtype {dtype!r} refused")
    if type(shape) is not list or len(shape) > MAX_NDIM or not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("bad array shape")
    dt = np.dtype(dtype)
    count = math.prod(shape)
    if count * dt.itemsize != len(blob):
        raise WireError("the array's data does not match its shape")
    return np.frombuffer(blob, dtype=dt, count=count).reshape(shape).copy()


def dumps(value) -> bytes:
    """Encode ``value`` (plain data, arrays) into bytes."""
    blobs: list[bytes] = []
    tree = _encode(value, blobs, 0, [0])
    head = json.dumps({"v": tree, "sizes": [len(b) for b in blobs]}, allow_nan=False).encode()
    return struct.pack(">I", len(head)) + head + b"".join(blobs)


def loads(data: bytes):
    """Decode bytes made by :func:`dumps`. Raises :class:`WireError` on anything malformed."""
    try:
        if len(data) < 4:
            raise WireError("truncated message")
        (n,) = struct.unpack(">I", data[:4])
        if n > MAX_HEADER_BYTES:
            raise WireError(f"the message header is larger than {MAX_HEADER_BYTES} bytes")
        head = json.loads(bytes(data[4 : 4 + n]).decode())
        sizes = head["sizes"]
        if type(sizes) is not list or len(sizes) > MAX_ITEMS:
            raise WireError("too many arrays in the message")
        blobs, pos, view = [], 4 + n, memoryview(data)
        for s in sizes:
            if type(s) is not int or s < 0 or pos + s > len(data):
                raise WireError("bad blob size")
            blobs.append(view[pos : pos + s])
            pos += s
        return _decode(head["v"], blobs)
    except WireError:
        raise
    except Exception as exc:  # malformed JSON, bad npy header, ...
        raise WireError(f"malformed message: {exc}") from None
