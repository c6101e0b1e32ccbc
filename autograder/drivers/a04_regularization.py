"""Drivers of a04_regularization (student side: this runs in the student's process).

Each driver builds the student's object, calls it and returns what it got: outputs, the arguments as they are after
the calls (to see mutation), attributes read from the object. Nothing here decides anything: the grader
(:mod:`autograder.checks.a04_regularization`) validates every reply and computes every verdict.

Stages after the first are wrapped in :func:`stage`: an exception comes back as a :class:`~autograder.wire.Raised`
record in that stage's slot, so it costs the checks that read that stage only. When the exception was raised inside
one of the layers that layers.py provides complete (Relu, Sigmoid, Affine, SoftmaxWithLoss), the record also says
which call it was (the arguments' shapes, the layer's W and b, and the line of the student's code that made the
call), so that the grader can tell the student the cause is in their code that called the provided layer.
"""
from __future__ import annotations

import json
import os
import traceback

import numpy as np

from .common import _copy, attempt, describe_args

PROVIDED_LAYERS = ("Relu", "Sigmoid", "Affine", "SoftmaxWithLoss")
PROVIDED_MARK = "\n[provided-layer] "


# ------------------------------------------------------------------------------------------ stage capture
def _student_folder() -> str:
    try:
        from ..isolation import child

        return child.FOLDER or ""
    except Exception:  # noqa: BLE001
        return ""


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array {tuple(value.shape)}"
    text = repr(value) if not isinstance(value, (list, tuple)) or len(value) <= 6 else f"{type(value).__name__}"
    return text[:40]


def provided_layer_call(exc: BaseException):
    """If ``exc`` was raised inside forward/backward of a layer that layers.py provides complete, describe that
    call: {"layer", "method", "args", "attrs", "caller"}; otherwise None."""
    try:
        frames = list(traceback.walk_tb(exc.__traceback__))
        folder = _student_folder()
        for i in range(len(frames) - 1, -1, -1):
            frame = frames[i][0]
            code = frame.f_code
            if code.co_name not in ("forward", "backward"):
                continue
            obj = frame.f_locals.get("self")
            cls = type(obj)
            if cls.__name__ not in PROVIDED_LAYERS or getattr(cls, "__module__", "") != "layers":
                continue
            names = code.co_varnames[1:code.co_argcount]
            args = [[n, _describe(frame.f_locals.get(n))] for n in names]
            attrs = [[a, _describe(getattr(obj, a))] for a in ("W", "b") if isinstance(getattr(obj, a, None), np.ndarray)]
            caller = ""
            for outer, lineno in reversed(frames[:i]):
                path = os.path.abspath(outer.f_code.co_filename)
                if folder and path.startswith(folder + os.sep):
                    caller = f"{os.path.basename(path)} line {lineno} in {outer.f_code.co_name}"
                    break
            return {"layer": cls.__name__, "method": code.co_name, "args": args, "attrs": attrs, "caller": caller}
    except Exception:  # noqa: BLE001 - a description, never a reason to fail
        return None
    return None


def stage(label: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or a Raised record naming the call (and, for an error inside a provided layer,
    the description of :func:`provided_layer_call` after :data:`PROVIDED_MARK`)."""
    try:
        return fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - the student's code's doing, reported as data
        from ..isolation.child import raised

        record = raised(exc)
        record.message = f"in {label}: {record.message}"[:1500]
        info = provided_layer_call(exc)
        if info is not None:
            record.message += PROVIDED_MARK + json.dumps(info)[:450]
        return record


# ------------------------------------------------------------------------------------------ BatchNormalization
def _bn_stats(bn):
    return {name: attempt(f"reading BatchNormalization.{name}", lambda n=name: _copy(getattr(bn, n, None)))
            for name in ("running_mean", "running_var")}


def drive_bn_sequence(mods, gamma, beta, ctor_kw, batches, x_test):
    """Training forwards on ``batches`` (running statistics read after each), then a test-mode forward on
    ``x_test`` (running statistics read again)."""
    bn = mods.layers.BatchNormalization(gamma.copy(), beta.copy(), **{k: _copy(v) for k, v in ctor_kw.items()})
    res = {"train_out": [], "stats": []}
    for xb in batches:
        res["train_out"].append(attempt("BatchNormalization.forward", bn.forward, xb.copy(), train_flg=True))
        res["stats"].append(_bn_stats(bn))
    if x_test is not None:
        res["test_out"] = attempt("BatchNormalization.forward", bn.forward, x_test.copy(), train_flg=False)
        res["after_test"] = _bn_stats(bn)
    return res


# ------------------------------------------------------------------------------------------ LayerNormalization
def drive_ln_rows(mods, gamma, beta, x):
    """Layer norm on the whole batch and on every sample alone (a new layer each time)."""
    L = mods.layers.LayerNormalization
    out = [L(gamma.copy(), beta.copy()).forward(x.copy())]
    for i in range(x.shape[0]):
        out.append(attempt("LayerNormalization.forward", L(gamma.copy(), beta.copy()).forward, x[i:i + 1].copy()))
    return out


# ------------------------------------------------------------------------------------------ Dropout
def drive_dropout(mods, ratio, seed, x, dout, train):
    """Dropout(ratio, rng=default_rng(seed)): forward(x, train_flg=train) then backward(dout), on the received
    arrays (returned afterwards as x_after and dout_after)."""
    d = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    out = d.forward(x, train_flg=train)
    res = {"out": _copy(out)}
    res["dx"] = attempt("Dropout.backward", d.backward, dout)
    res["x_after"] = x
    res["dout_after"] = dout
    return res


def drive_dropout_modes(mods, ratio, seed, x, dout):
    """One layer: a training forward, then a test-mode forward, then backward (after the test-mode forward)."""
    d = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    res = {"train_out": _copy(d.forward(x.copy(), train_flg=True))}
    res["test_out"] = attempt("Dropout.forward", lambda: _copy(d.forward(x.copy(), train_flg=False)))
    res["dx"] = attempt("Dropout.backward", d.backward, dout.copy())
    return res


def drive_dropout_masks(mods, ratio, seed, x):
    """Two training forwards of one layer, and one of a second layer built with the same seed."""
    d1 = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    a = _copy(d1.forward(x.copy(), train_flg=True))
    b = attempt("Dropout.forward", lambda: _copy(d1.forward(x.copy(), train_flg=True)))
    d2 = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    c = attempt("Dropout.forward", lambda: _copy(d2.forward(x.copy(), train_flg=True)))
    return [a, b, c]


# ------------------------------------------------------------------------------------------ EarlyStopping
def drive_early_stopping(mods, patience, min_delta, losses):
    """EarlyStopping(patience, min_delta).step(v) for every v, in order (each step's reply or error)."""
    es = mods.regularization.EarlyStopping(patience, min_delta)
    return [attempt(f"EarlyStopping.step", es.step, v) for v in losses]


# ------------------------------------------------------------------------------------------ MultiLayerNetExtend
def _layout(net):
    params = getattr(net, "params", None)
    if not isinstance(params, dict):
        return None
    return {str(k): list(np.shape(v)) for k, v in params.items()}


def _set(net, params):
    for k, v in params.items():
        net.params[k][...] = v


def _build(mods, ctor, seed, params):
    """The network built with ``rng=default_rng(seed)``; ``params`` (if given) copied INTO its params arrays when
    its layout has those keys and shapes. Returns (net, reply so far, whether the values were set)."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    layout = _layout(net)
    res = {"layout": layout}
    if not params:
        return net, res, True
    if layout is None or any(layout.get(k) != list(np.shape(v)) for k, v in params.items()):
        return net, res, False
    res["set"] = stage("writing into net.params[key][...]", _set, net, params)
    return net, res, not isinstance(res["set"], BaseException) and res["set"] is None


def _evaluate(net, w, x, t, t_alt):
    if w == "params":
        return {k: _copy(v) for k, v in net.params.items()}
    if w == "predict":
        return stage(f"predict({describe_args(x)}, train_flg=False)", net.predict, x.copy(), train_flg=False)
    if w == "predict_train":
        return stage(f"predict({describe_args(x)}, train_flg=True)", net.predict, x.copy(), train_flg=True)
    if w == "loss":
        return stage(f"loss({describe_args(x, t)})", net.loss, x.copy(), t.copy())
    if w == "loss_train":
        return stage(f"loss({describe_args(x, t)}, train_flg=True)", net.loss, x.copy(), t.copy(), train_flg=True)
    if w == "accuracy":
        return stage(f"accuracy({describe_args(x, t)})", net.accuracy, x.copy(), t.copy())
    if w == "accuracy_alt":
        return stage(f"accuracy({describe_args(x, t_alt)})", net.accuracy, x.copy(), t_alt.copy())
    if w == "gradient":
        g = stage(f"gradient({describe_args(x, t)})", net.gradient, x.copy(), t.copy())
        return {str(k): _copy(v) for k, v in g.items()} if type(g) is dict else g
    raise ValueError(f"unknown evaluation {w!r}")


def drive_mlne(mods, ctor, seed, params, x, t, what, t_alt=None):
    """Build the network (seeded), write ``params`` into net.params, then evaluate ``what`` in order on that one
    network (``accuracy_alt``: accuracy with the labels ``t_alt``)."""
    net, res, ok = _build(mods, ctor, seed, params)
    if ok:
        for w in what:
            res[w] = _evaluate(net, w, x, t, t_alt)
    return res


def drive_mlne_masked(mods, ctor, seed, params, x, t):
    """Two networks built with the same seed (so the same dropout masks at their first training forward): the
    training-mode logits of the first, ``gradient(x, t)`` of the second."""
    net, res, ok = _build(mods, ctor, seed, params)
    if not ok:
        return res
    res["predict_train"] = _evaluate(net, "predict_train", x, t, None)
    net2, res2, ok2 = _build(mods, ctor, seed, params)
    if ok2:
        res["gradient"] = _evaluate(net2, "gradient", x, t, None)
    return res


def drive_mlne_probe(mods, ctor, seed, x, delta):
    """Add ``delta`` in place to each array of net.params in turn (and take it away again), recording the test-mode
    prediction each time."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    res = {"layout": _layout(net)}
    res["base"] = stage(f"predict({describe_args(x)})", net.predict, x.copy(), train_flg=False)
    changed = {}
    for k in list(getattr(net, "params", {}) or {}):
        net.params[k] += delta
        changed[str(k)] = stage(f"predict({describe_args(x)})", net.predict, x.copy(), train_flg=False)
        net.params[k] -= delta
    res["changed"] = changed
    return res


def drive_mlne_init(mods, ctor, seed, x, t):
    """A freshly built network: its params (copies), then one training-mode loss of that network."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    params = getattr(net, "params", None)
    res = {"params": {str(k): _copy(v) for k, v in params.items()} if isinstance(params, dict) else params}
    res["loss_train"] = stage(f"loss({describe_args(x, t)}, train_flg=True)", net.loss, x.copy(), t.copy(),
                              train_flg=True)
    return res


def drive_mlne_args(mods, ctor, seed, params, x, t):
    """predict (both modes), loss (both modes), accuracy and gradient, all on the SAME received x and t, which come
    back afterwards."""
    net, res, ok = _build(mods, ctor, seed, params)
    if ok:
        res["predict"] = stage("predict(x, train_flg=False)", net.predict, x, train_flg=False)
        res["predict_train"] = stage("predict(x, train_flg=True)", net.predict, x, train_flg=True)
        res["loss"] = stage("loss(x, t)", net.loss, x, t)
        res["loss_train"] = stage("loss(x, t, train_flg=True)", net.loss, x, t, train_flg=True)
        res["accuracy"] = stage("accuracy(x, t)", net.accuracy, x, t)
        res["gradient"] = stage("gradient(x, t)", lambda: type(net.gradient(x, t)).__name__)
    res["x_after"] = x
    res["t_after"] = t
    return res


def drive_mlne_loss(mods, inputs):
    """Training-mode loss for the gradient checker's explanation (the same seed, so the same dropout masks at every
    evaluation): inputs = {parameter name: array, ..., "__fixed__": {"ctor", "seed", "x", "t"}}."""
    f = inputs["__fixed__"]
    net = mods.network.MultiLayerNetExtend(**f["ctor"], rng=np.random.default_rng(f["seed"]))
    _set(net, {k: np.asarray(v, dtype=float) for k, v in inputs.items() if k != "__fixed__"})
    return net.loss(np.asarray(f["x"], dtype=float).copy(), np.asarray(f["t"]).copy(), train_flg=True)


def drive_mlne_train(mods, ctor, seed, x, t, lr, steps):
    """Plain SGD on net.params in place with the network's own gradient; the test-mode loss before and after each
    step."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))

    def train():
        losses = [net.loss(x.copy(), t.copy())]
        for _ in range(steps):
            grads = net.gradient(x.copy(), t.copy())
            for k in net.params:
                net.params[k] -= lr * grads[k]
            losses.append(net.loss(x.copy(), t.copy()))
        return losses
    return stage(f"training with gradient({describe_args(x, t)}) and loss", train)
