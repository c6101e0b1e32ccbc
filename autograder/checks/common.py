"""Drivers and test builders shared by the checks modules.

Drivers run in the student's process: they get the student's modules (``mods.layers`` …) and plain data, call the
student's code and return plain data. Everything else here runs in the grader.

A *layer spec* describes one layer call so that the same dict can be evaluated by the student, by the reference
and, with perturbed inputs, by the gradient checker::

    {"__spec__": {"module": "layers", "cls": "Affine", "ctor": ["W", "b"], "fwd": ["x"],
                  "fwd_kw": {}, "attrs": ["dW", "db"]},
     "x": ..., "W": ..., "b": ..., "dout": ...}

``ctor``/``fwd`` name entries of the dict (passed positionally, as copies); ``ctor_kw``/``fwd_kw`` map keyword
names to entries; ``dout`` (optional) is passed to ``backward``; ``attrs`` are read from the layer afterwards.
"""
from __future__ import annotations

import numpy as np

from .. import expect
from ..registry import Fail, T, Text


# ------------------------------------------------------------------------------------------ drivers (child side)
def _copy(v):
    return v.copy() if isinstance(v, np.ndarray) else v


def drive_function(mods, module, name, args, kwargs=None):
    """Call ``module.name(*args, **kwargs)``; also return the arguments afterwards (to detect mutation)."""
    func = getattr(getattr(mods, module), name)
    out = func(*args, **(kwargs or {}))
    return {"out": out, "args_after": list(args)}


def drive_function_out(mods, inputs):
    """Forward-only form for the gradient checker: inputs = {"__call__": (module, name, arg names), ...}."""
    module, name, arg_names = inputs["__call__"]
    return getattr(getattr(mods, module), name)(*[_copy(inputs[a]) for a in arg_names])


def _build(mods, inputs):
    spec = inputs["__spec__"]
    cls = getattr(getattr(mods, spec["module"]), spec["cls"])
    layer = cls(*[_copy(inputs[a]) for a in spec.get("ctor", [])],
                **{k: _copy(inputs[a]) for k, a in spec.get("ctor_kw", {}).items()})
    return layer, spec


def drive_layer(mods, inputs):
    """Construct, forward, optionally backward; returns out, dx, the requested attributes and the inputs after."""
    layer, spec = _build(mods, inputs)
    fwd_args = [inputs[a] for a in spec.get("fwd", [])]
    before = {a: inputs[a] for a in spec.get("fwd", [])}
    out = layer.forward(*fwd_args, **{k: _copy(inputs[a]) for k, a in spec.get("fwd_kw", {}).items()})
    res = {"out": out, "inputs_after": before}
    if "dout" in inputs:
        dout = inputs["dout"]
        res["dx"] = layer.backward(_copy(dout))
        res["dout_after"] = dout
        for attr in spec.get("attrs", []):
            res[attr] = getattr(layer, attr, None)
    for attr in spec.get("state", []):
        res[attr] = getattr(layer, attr, None)
    return res


def drive_layer_out(mods, inputs):
    """Forward output only (for the gradient checker)."""
    layer, spec = _build(mods, inputs)
    return layer.forward(*[_copy(inputs[a]) for a in spec.get("fwd", [])],
                         **{k: _copy(inputs[a]) for k, a in spec.get("fwd_kw", {}).items()})


# ------------------------------------------------------------------------------------------ grader side helpers
def layer_inputs(module: str, cls: str, *, ctor=(), fwd=("x",), attrs=(), ctor_kw=None, fwd_kw=None, state=(),
                 **arrays) -> dict:
    spec = {"module": module, "cls": cls, "ctor": list(ctor), "fwd": list(fwd), "attrs": list(attrs),
            "ctor_kw": dict(ctor_kw or {}), "fwd_kw": dict(fwd_kw or {}), "state": list(state)}
    return {"__spec__": spec, **arrays}


def as_dict(value, what: Text) -> dict:
    if not isinstance(value, dict):
        raise Fail(T(f"{what.en}: expected a dict, got {type(value).__name__}",
                     f"{what.ko}: dict이어야 하는데 {type(value).__name__}입니다"))
    return value


def check_not_mutated(res: dict, inputs: dict, names, what: Text):
    """The forward arguments must come back unchanged."""
    after = res.get("inputs_after", {})
    for n in names:
        if n in after and isinstance(inputs.get(n), np.ndarray):
            expect.unchanged(inputs[n], after[n], T(f"{what.en}: argument {n}", f"{what.ko}: 인자 {n}"))


def away_from_zero(rng, shape, margin=0.05, scale=1.0):
    """Standard normal samples with |x| >= margin (keeps ReLU-like kinks out of finite differences)."""
    x = rng.standard_normal(shape) * scale
    small = np.abs(x) < margin
    x[small] = np.sign(x[small] + 1e-12) * (margin + rng.random(int(small.sum())) * margin)
    return x


def distinct(rng, shape, gap=1e-3):
    """Random values whose pairwise gaps exceed ``gap`` (no ties for max-type operations)."""
    n = int(np.prod(shape))
    vals = (rng.permutation(n) + rng.uniform(gap, 1 - gap, size=n) * 0.5) / n * 4 - 2
    return vals.reshape(shape)


def run_gradient_check(ctx, inputs: dict, res: dict, wrt: dict, *, dout_key="dout", threshold=1e-6,
                       batch_size=None, forward_driver=drive_layer_out, max_full=64):
    """Numeric check of the gradients the student's backward returned.

    ``wrt`` maps input names to (result key, display name): e.g. {"x": ("dx", T("dx")), "W": ("dW", T("dW"))}.
    """
    analytic, names = {}, {}
    for name, (key, disp) in wrt.items():
        grad = res.get(key)
        if grad is None:
            raise Fail(T(f"{disp.en} is None: backward must set it", f"{disp.ko}이(가) None입니다: backward에서 설정해야 합니다"))
        analytic[name] = expect.array(grad, disp)
        names[name] = disp
    dout = inputs.get(dout_key)
    inputs_nodout = {k: v for k, v in inputs.items() if k != dout_key}
    ctx.check_gradients(forward_driver, inputs_nodout, analytic, dout=dout, threshold=threshold, names=names,
                        batch_size=batch_size, max_full=max_full)
