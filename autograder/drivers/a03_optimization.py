"""Drivers of a03_optimization (student side: this runs in the student's process).

They call the student's optimizers, ``clip_grad_norm``, initializers and schedules and send back what they observed,
as plain data. They decide nothing: whether ``params`` was updated in place, whether ``grads`` was modified, whether a
draw is reproducible … is computed by the grader (:mod:`autograder.checks.a03_optimization`) from these replies.
"""
from __future__ import annotations

import numpy as np

from ..wire import Raised
from .common import attempt


def _copy_params(d):
    return {k: np.array(v, dtype=np.float64, copy=True) for k, v in d.items()}


def _plain(v):
    return v.copy() if isinstance(v, np.ndarray) else v


def _stacked(values):
    """One array (steps, *shape) per key, so that a trajectory travels as a few arrays; None if they do not stack."""
    try:
        return np.array([np.asarray(v, dtype=np.float64) for v in values])
    except (TypeError, ValueError):
        return None


def drive_optimizer(mods, cls, kwargs, params0, grads_seq):
    """Construct ``optimizers.<cls>(**kwargs)`` and call ``update(params, grads)`` once per entry of ``grads_seq``.

    ``params`` is one dict kept across the updates; a key enters it (as a copy of ``params0[key]``) at the first
    update whose gradient dict has that key, so a key can first appear in a later update. Each update gets fresh
    copies of its gradients. After every update the driver records, per key of ``params0``:

    * ``held``: the array the CALLER put in the dict (the object a network's layer would hold);
    * ``in_dict``: whatever ``params[key]`` is after the update (None if it cannot be read as numbers);
    * ``grads_after``: the gradient arrays it passed, as they are after the update.

    If an update raises, the driver stops: ``raised`` is the exception as data and ``steps`` the number of updates
    that completed. ``t`` is the optimizer's ``t`` attribute at the end (None if it has none).
    """
    return _run_optimizer(mods, cls, kwargs, params0, grads_seq, None)


def drive_trajectory(mods, cls, kwargs, params0, grads_seq, eps_steps=None):
    """The caller's arrays after every update as one matrix (updates, all entries in the order of ``params0``).

    Used on the reference (in the grader) for expected values. With ``eps_steps`` the optimizer's ``eps`` attribute
    is set to ``eps_steps[i]`` before update i: Adam with eps added to √v and the bias-corrected step size
    η·√(1 − β2^t)/(1 − β1^t) equals Adam with eps/√(1 − β2^t) added to √v̂, so this gives that accepted form.
    """
    held = _run_optimizer(mods, cls, kwargs, params0, grads_seq, eps_steps)["held"]
    n = len(grads_seq)
    return np.concatenate([np.asarray(held[k], dtype=np.float64).reshape(n, -1) for k in params0], axis=1)


def _run_optimizer(mods, cls, kwargs, params0, grads_seq, eps_steps):
    opt = getattr(mods.optimizers, cls)(**kwargs)
    keys = list(params0)
    start = _copy_params(params0)
    params, held = {}, {}
    held_traj = {k: [] for k in keys}
    dict_traj = {k: [] for k in keys}
    grads_after = {k: [] for k in keys}
    raised, steps = None, 0
    for i, g in enumerate(grads_seq):
        for k in g:
            if k not in held:
                held[k] = start[k].copy()
                params[k] = held[k]
        grads = _copy_params(g)
        if eps_steps is not None:
            opt.eps = eps_steps[i]
        shapes = ", ".join(f"'{k}': {tuple(v.shape) if isinstance(v, np.ndarray) else type(v).__name__}"
                           for k, v in params.items())
        out = attempt(f"update {i + 1} of {len(grads_seq)} (params shapes {{{shapes}}}): {cls}.update",
                      lambda: opt.update(params, grads))
        if isinstance(out, Raised):
            raised = out
            break
        steps += 1
        for k in keys:
            if k in held:
                held_traj[k].append(held[k].copy())
                dict_traj[k].append(_plain(params.get(k)))
            else:
                held_traj[k].append(start[k].copy())
                dict_traj[k].append(start[k].copy())
            grads_after[k].append(grads[k] if k in grads else np.zeros_like(start[k]))
    t = getattr(opt, "t", None)
    return {"held": {k: _stacked(v) for k, v in held_traj.items()},
            "in_dict": {k: _stacked(v) for k, v in dict_traj.items()},
            "grads_after": {k: _stacked(v) for k, v in grads_after.items()},
            "t": t if isinstance(t, (int, np.integer)) else None, "raised": raised, "steps": steps}


def drive_descent_path(mods, cls, kwargs, start, steps):
    """The optimizer on f(x, y) = x²/20 + y² (gradient (x/10, 2y)), as in the lecture's comparison; returns the
    path (steps + 1, 2) read from ``params`` after every update."""
    opt = getattr(mods.optimizers, cls)(**kwargs)
    params = {"x": np.array([float(start[0])]), "y": np.array([float(start[1])])}
    path = [[float(start[0]), float(start[1])]]
    for _ in range(steps):
        x = float(np.asarray(params["x"], dtype=float).reshape(-1)[0])
        y = float(np.asarray(params["y"], dtype=float).reshape(-1)[0])
        opt.update(params, {"x": np.array([x / 10.0]), "y": np.array([2.0 * y])})
        path.append([float(np.asarray(params["x"], dtype=float).reshape(-1)[0]),
                     float(np.asarray(params["y"], dtype=float).reshape(-1)[0])])
    return np.array(path)


def drive_clip(mods, grads, max_norm):
    """Call ``clip_grad_norm`` on a dict of copies; return its return value, the dict's entries afterwards
    (``grads``) and the caller's original arrays afterwards (``held``)."""
    g = _copy_params(grads)
    held = dict(g)
    ret = mods.optimizers.clip_grad_norm(g, max_norm)
    return {"ret": ret, "grads": {k: _plain(g.get(k)) for k in grads}, "held": {k: held[k].copy() for k in grads}}


def drive_fans(mods, shapes):
    out = []
    for s in shapes:
        r = mods.initializers.fan_in_fan_out(tuple(s))
        out.append(list(r) if isinstance(r, (tuple, list)) else r)
    return out


def drive_inits(mods, name, calls):
    """``initializers.<name>(shape, rng=default_rng(seed))`` for each (shape, seed); seed None → rng not passed."""
    f = getattr(mods.initializers, name)
    out = []
    for shape, seed in calls:
        if seed is None:
            out.append(f(tuple(shape)))
        else:
            out.append(f(tuple(shape), rng=np.random.default_rng(seed)))
    return out


def drive_init_repro(mods, name, shape, seed):
    """Three real calls: two with generators seeded ``seed``, one with ``seed + 1``."""
    f = getattr(mods.initializers, name)
    return [f(tuple(shape), rng=np.random.default_rng(seed)), f(tuple(shape), rng=np.random.default_rng(seed)),
            f(tuple(shape), rng=np.random.default_rng(seed + 1))]


def drive_schedule(mods, name, steps, args):
    f = getattr(mods.schedules, name)
    return [f(s, *args) for s in steps]
