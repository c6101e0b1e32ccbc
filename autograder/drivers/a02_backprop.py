"""Drivers of a02_backprop (student side: this runs in the student's process and decides nothing).

Functions and single layers are driven by :func:`autograder.drivers.common.drive_function` and
:func:`~autograder.drivers.common.drive_layer`. The drivers here build the worked example's 2-2-2 network and the
two-layer network from the student's classes and return every intermediate value; each stage that can fail on its
own is wrapped in :func:`~autograder.drivers.common.attempt`, so a crash in a later stage (a backward pass, the
accuracy) comes back as data and costs only the checks that read that stage. The grader validates every reply and
computes every verdict (:mod:`autograder.checks.a02_backprop`).
"""
from __future__ import annotations

import numpy as np

from .common import attempt
from ..wire import Raised


def _stage(label, fn, *args, **kwargs):
    """``attempt`` that also passes a Raised argument on (a stage fed by a failed stage fails with the same error)."""
    for a in args:
        if isinstance(a, Raised):
            return a
    return attempt(label, fn, *args, **kwargs)


def drive_worked_example(mods, x, t, Wa, Wb, lr):
    """The 2-2-2 sigmoid network of the worked example built from the student's layers, one SGD step.

    x → Affine(Wa, 0) → Sigmoid → Affine(Wb, 0) → Sigmoid → SumSquaredLoss(·, t); Affine weights are (in, out), so
    column j holds the weights into unit j. Returns the forward values, the losses, the gradients the layers give,
    and the loss after the step W ← W − lr·dW (the updated weights themselves are computed by the grader).
    """
    L = mods.layers
    zeros = np.zeros(np.shape(Wa)[1])

    a1, s1 = L.Affine(np.array(Wa, dtype=float), zeros.copy()), L.Sigmoid()
    a2, s2, loss = L.Affine(np.array(Wb, dtype=float), np.zeros(np.shape(Wb)[1])), L.Sigmoid(), L.SumSquaredLoss()
    z = a1.forward(x.copy())
    h = s1.forward(z)
    zz = a2.forward(h)
    o = s2.forward(zz)
    res = {"z": z, "h": h, "zz": zz, "o": o}
    o_arr = np.asarray(o, dtype=float)
    res["E_total"] = _stage("SumSquaredLoss.forward", loss.forward, o, t.copy())
    res["E_o1"] = _stage("SumSquaredLoss.forward", lambda: L.SumSquaredLoss().forward(o_arr[:, :1], t[:, :1].copy()))
    res["E_o2"] = _stage("SumSquaredLoss.forward", lambda: L.SumSquaredLoss().forward(o_arr[:, 1:], t[:, 1:].copy()))
    de_do = _stage("SumSquaredLoss.backward", loss.backward, 1.0)
    dz_out = _stage("Sigmoid.backward", s2.backward, de_do)
    dh = _stage("Affine.backward", a2.backward, dz_out)
    dz_hidden = _stage("Sigmoid.backward", s1.backward, dh)
    dx = _stage("Affine.backward", a1.backward, dz_hidden)
    res["dE_do"] = de_do
    res["dWb"] = _stage("reading Affine.dW", lambda: a2.dW) if not isinstance(dh, Raised) else dh
    res["dWa"] = _stage("reading Affine.dW", lambda: a1.dW) if not isinstance(dx, Raised) else dx
    res["do_dz"] = _stage("Sigmoid.backward", s2.backward, np.ones(np.shape(o_arr)))

    def after(dWa, dWb):
        b1 = L.Affine(np.array(Wa, dtype=float) - lr * np.asarray(dWa, dtype=float), zeros.copy())
        b2 = L.Affine(np.array(Wb, dtype=float) - lr * np.asarray(dWb, dtype=float), np.zeros(np.shape(Wb)[1]))
        return L.SumSquaredLoss().forward(L.Sigmoid().forward(b2.forward(L.Sigmoid().forward(b1.forward(x.copy())))),
                                          t.copy())

    res["E_after"] = _stage("the forward pass after the SGD step", after, res["dWa"], res["dWb"])
    return res


def _net(mods, sizes, std=None, seed=None, *, rng="seeded"):
    kwargs = {}
    if std is not None:
        kwargs["weight_init_std"] = std
    if rng == "seeded":
        kwargs["rng"] = np.random.default_rng(seed)
    return mods.network.TwoLayerNet(*sizes, **kwargs)


def _params_info(net) -> dict:
    params = net.params
    return {"keys": sorted(params), "shapes": {k: list(np.shape(v)) for k, v in params.items()}}


def drive_net(mods, sizes, params, x, t, what):
    """Build a TwoLayerNet, copy the given parameter values INTO its params arrays, then call each method in
    ``what`` (predict, loss, accuracy, gradient) on copies of x and t; each call's error comes back as data."""
    net = _net(mods, sizes, seed=0)
    out = _params_info(net)
    out["initial"] = {k: np.array(v, copy=True) for k, v in net.params.items()}
    if params is not None:
        for k, v in params.items():
            net.params[k][...] = v
    for name in ("predict", "loss", "accuracy", "gradient"):
        if name in what:
            args = (x.copy(),) if name == "predict" else (x.copy(), t.copy())
            out[name] = attempt(f"TwoLayerNet.{name}", getattr(net, name), *args)
    return out


def drive_net_loss(mods, inputs):
    """The network's loss as a function of its parameters (for the numeric check that explains a failure)."""
    net = _net(mods, inputs["sizes"], seed=0)
    for k in ("W1", "b1", "W2", "b2"):
        net.params[k][...] = inputs[k]
    return net.loss(inputs["x"].copy(), inputs["t"].copy())


def drive_net_train(mods, sizes, x, t, lr, steps, std):
    """Plain SGD on params (in place) with the network's own gradient; the loss after every step."""
    net = _net(mods, sizes, std, seed=1)
    losses = []
    for _ in range(steps):
        grads = net.gradient(x, t)
        for k in ("W1", "b1", "W2", "b2"):
            net.params[k] -= lr * grads[k]
        losses.append(net.loss(x, t))
    return losses


def drive_net_inits(mods, sizes, std, seeds, x):
    """One network per seed (``rng=np.random.default_rng(seed)``): its params, and its predict(x) (a network whose
    forward pass does not run is not judged on its parameters)."""
    out = []
    for seed in seeds:
        net = _net(mods, sizes, std, seed)
        info = _params_info(net)
        info["params"] = {k: np.array(v, copy=True) for k, v in net.params.items()}
        info["predict"] = attempt("TwoLayerNet.predict", net.predict, x.copy())
        out.append(info)
    return out


def drive_net_default_rng(mods, sizes, x):
    """TwoLayerNet built without an rng (rng=None must draw from a fresh default generator), and its predict(x)."""
    net = _net(mods, sizes, rng=None)
    info = _params_info(net)
    info["params"] = {k: np.array(v, copy=True) for k, v in net.params.items()}
    info["predict"] = attempt("TwoLayerNet.predict", net.predict, x.copy())
    return info
