"""Test builders shared by the checks modules (grader side: nothing here runs in the student's process).

The drivers they use live in :mod:`autograder.drivers.common` (student side) and are re-exported here for the
checks modules' convenience; see there for the layer-spec format.
"""
from __future__ import annotations

import numpy as np

from .. import expect
from ..registry import Fail, T, Text


from ..drivers.common import (_copy, attempt, build_layer, describe_args, drive_function,  # noqa: F401  (re-exported)
                              drive_function_out, drive_layer, drive_layer_out, with_warnings)

_build = build_layer


# ------------------------------------------------------------------------------------------ grader side helpers
def layer_inputs(module: str, cls: str, *, ctor=(), fwd=("x",), attrs=(), ctor_kw=None, fwd_kw=None, state=(),
                 **arrays) -> dict:
    spec = {"module": module, "cls": cls, "ctor": list(ctor), "fwd": list(fwd), "attrs": list(attrs),
            "ctor_kw": dict(ctor_kw or {}), "fwd_kw": dict(fwd_kw or {}), "state": list(state)}
    return {"__spec__": spec, **arrays}


def as_dict(value, what: Text) -> dict:
    value = expect.unwrap(value)
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
    """The gradients the student's backward returned must equal the reference's on the same inputs (and ``dout``).

    ``wrt`` maps input names to (result key, display name): e.g. {"x": ("dx", T("dx")), "W": ("dW", T("dW"))}.
    The reference runs the same layer spec (forward, then backward with the same ``dout``) in the grader.
    """
    analytic, names = {}, {}
    for name, (key, disp) in wrt.items():
        grad = expect.unwrap(res.get(key))
        if grad is None:
            raise Fail(T(f"{disp.en} is None: backward must set it", f"{disp.ko}이(가) None입니다: backward에서 설정해야 합니다"))
        analytic[name] = expect.array(grad, disp)
        names[name] = disp
    want = ctx.expected(drive_layer, inputs)
    reference = {name: want[key] for name, (key, _) in wrt.items()}
    dout = inputs.get(dout_key)
    inputs_nodout = {k: v for k, v in inputs.items() if k != dout_key}
    ctx.check_gradients(forward_driver, inputs_nodout, analytic, dout=dout, reference=reference, threshold=threshold,
                        names=names, batch_size=batch_size, max_full=max_full)
