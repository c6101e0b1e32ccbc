"""Drivers shared by the assignments (student side: this runs in the student's process).

A *layer spec* describes one layer call so that the same dict can be evaluated by the student, by the reference
and, with perturbed inputs, by the gradient checker::

    {"__spec__": {"module": "layers", "cls": "Affine", "ctor": ["W", "b"], "fwd": ["x"],
                  "fwd_kw": {}, "attrs": ["dW", "db"]},
     "x": ..., "W": ..., "b": ..., "dout": ...}

``ctor``/``fwd`` name entries of the dict (constructor arguments are passed as copies; forward arguments as the
received arrays, which come back as ``inputs_after`` so the grader can see whether they were modified);
``ctor_kw``/``fwd_kw`` map keyword names to entries; ``dout`` (optional) is passed to ``backward`` and comes back
as ``dout_after``; ``attrs`` are read from the layer afterwards.

Stages after the first are wrapped in :func:`attempt`: an exception in ``backward`` comes back as a
:class:`~autograder.wire.Raised` record in ``dx`` (and the attributes), so it costs the checks that need the backward
pass and not the check of the forward pass.
"""
from __future__ import annotations

import warnings

import numpy as np


def _copy(v):
    return v.copy() if isinstance(v, np.ndarray) else v


def describe_args(*args, **kwargs) -> str:
    """'x: array (4, 3) float64, alpha=0.1' — how a call looked, for error messages."""
    def one(v):
        if isinstance(v, np.ndarray):
            return f"array {tuple(v.shape)} {v.dtype}"
        if isinstance(v, (list, tuple)) and len(v) > 6:
            return f"{type(v).__name__} of {len(v)}"
        text = repr(v)
        return text if len(text) <= 40 else text[:37] + "..."
    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def attempt(label: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or a Raised record (the exception as data, naming the call) if it raises."""
    from ..isolation.child import raised

    try:
        return fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: it is the student's code's doing
        record = raised(exc)
        record.message = f"in {label}({describe_args(*args, **kwargs)}): {record.message}"
        return record


def with_warnings(fn, *args, **kwargs):
    """(result, [warning messages]) — numerical warnings (overflow in exp …) raised while ``fn`` ran."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, [f"{w.category.__name__}: {w.message}" for w in caught
                 if issubclass(w.category, (RuntimeWarning, FloatingPointError))]


def drive_function(mods, module, name, args, kwargs=None):
    """Call ``module.name(*args, **kwargs)``; also return the arguments afterwards (to detect mutation) and the
    numerical warnings it raised."""
    func = getattr(getattr(mods, module), name)
    out, warned = with_warnings(func, *args, **(kwargs or {}))
    return {"out": out, "args_after": list(args), "warnings": warned}


def drive_function_out(mods, inputs):
    """Forward-only form for the gradient checker: inputs = {"__call__": (module, name, arg names), ...}."""
    module, name, arg_names = inputs["__call__"]
    return getattr(getattr(mods, module), name)(*[_copy(inputs[a]) for a in arg_names])


def build_layer(mods, inputs):
    spec = inputs["__spec__"]
    cls = getattr(getattr(mods, spec["module"]), spec["cls"])
    layer = cls(*[_copy(inputs[a]) for a in spec.get("ctor", [])],
                **{k: _copy(inputs[a]) for k, a in spec.get("ctor_kw", {}).items()})
    return layer, spec


def drive_layer(mods, inputs):
    """Construct, forward, then (when ``dout`` is given) backward; returns out, dx, the requested attributes, the
    forward arguments and dout as they are after the calls, and the numerical warnings of the forward pass."""
    layer, spec = build_layer(mods, inputs)
    fwd_args = [inputs[a] for a in spec.get("fwd", [])]
    fwd_kw = {k: _copy(inputs[a]) for k, a in spec.get("fwd_kw", {}).items()}
    out, warned = with_warnings(layer.forward, *fwd_args, **fwd_kw)
    res = {"out": out, "inputs_after": {a: inputs[a] for a in spec.get("fwd", [])}, "warnings": warned}
    if "dout" in inputs:
        dout = inputs["dout"]
        res["dx"] = attempt(f"{spec['cls']}.backward", layer.backward, dout)
        res["dout_after"] = dout
        for attr in spec.get("attrs", []):
            res[attr] = attempt(f"reading {spec['cls']}.{attr}", getattr, layer, attr, None)
    for attr in spec.get("state", []):
        res[attr] = attempt(f"reading {spec['cls']}.{attr}", getattr, layer, attr, None)
    return res


def drive_layer_out(mods, inputs):
    """Forward output only (for the gradient checker)."""
    layer, spec = build_layer(mods, inputs)
    return layer.forward(*[_copy(inputs[a]) for a in spec.get("fwd", [])],
                         **{k: _copy(inputs[a]) for k, a in spec.get("fwd_kw", {}).items()})
