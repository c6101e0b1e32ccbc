"""Drivers of a05_cnn (student side: this runs in the student's process, where it can be replaced).

Every driver only calls the student's code and returns plain data: values, the arguments as they are after the
call (to see whether they were modified), or an exception as a :class:`~autograder.wire.Raised` record for the stage
that raised it, so that a failure costs the checks that read that stage and no other. No driver decides anything;
:mod:`autograder.checks.a05_cnn` validates every reply and computes every verdict in the grader.

The network drivers also make the errors raised INSIDE the provided ``layers.py`` (Relu, Affine, SoftmaxWithLoss)
readable: such an error is caused by the student's code that called the provided layer with wrongly shaped arrays,
so it is re-raised from the calling line with the call, its arguments' shapes and the layer's parameter shapes.
"""
from __future__ import annotations

import functools

import numpy as np

from .common import _copy, describe_args, drive_layer

PROVIDED_MARK = "[inside the provided layers.py]"
PROVIDED_LAYERS = ("Relu", "Affine", "SoftmaxWithLoss")
NET_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _stage(label: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or a Raised record naming ``label`` when it raises."""
    from ..isolation.child import raised

    try:
        return fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: it is the student's code's doing
        record = raised(exc)
        record.message = f"in {label}: {record.message}"
        return record


def _is_raised(value) -> bool:
    from ..wire import Raised

    return isinstance(value, Raised)


# ------------------------------------------------------------------------------------------ conv_output_size
def drive_conv_size(mods, cases):
    """conv_output_size(H, FH, S, P) for every case: {"value": v}, or the exception's type, class MRO and message
    (data only: whether it is a ValueError is decided in the grader from the MRO). NotImplementedError propagates."""
    out = []
    for h, f, s, p in cases:
        try:
            out.append({"value": mods.conv.conv_output_size(h, f, s, p)})
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - the type and message are the data being checked
            out.append({"raised": type(exc).__name__,
                        "mro": [[str(getattr(c, "__module__", "")), str(getattr(c, "__qualname__", ""))]
                                for c in type(exc).__mro__],
                        "message": str(exc)[:1000]})
    return out


# ------------------------------------------------------------------------------------------ im2col / col2im
def drive_im2col_items(mods, items):
    """im2col(x, FH, FW, S, P) for every item [x, FH, FW, S, P]: {"col": result or Raised, "x_after": x}."""
    out = []
    for x, fh, fw, s, p in items:
        col = _stage(f"im2col({describe_args(x, fh, fw, stride=s, pad=p)})", mods.conv.im2col, x, fh, fw, s, p)
        out.append({"col": col, "x_after": x})
    return out


def drive_im2col_col(mods, x, fh, fw, stride, pad):
    """Reference only (through ctx.expected)."""
    return mods.conv.im2col(x, fh, fw, stride, pad)


def drive_col2im_items(mods, items):
    """col2im(col, shape, FH, FW, S, P) for every item: {"img": result or Raised, "col_after": col}."""
    out = []
    for col, shape, fh, fw, s, p in items:
        img = _stage(f"col2im({describe_args(col, tuple(shape), fh, fw, stride=s, pad=p)})", mods.conv.col2im,
                     col, tuple(shape), fh, fw, s, p)
        out.append({"img": img, "col_after": col})
    return out


def drive_col2im_img(mods, col, input_shape, fh, fw, stride, pad):
    """Reference only (through ctx.expected)."""
    return mods.conv.col2im(col, tuple(input_shape), fh, fw, stride, pad)


# ------------------------------------------------------------------------------------------ Convolution / Pooling
def _ctor_text(spec, inputs) -> str:
    args = [inputs[a] for a in spec.get("ctor", [])]
    kwargs = {k: inputs[a] for k, a in spec.get("ctor_kw", {}).items()}
    return f"{spec['cls']}({describe_args(*args, **kwargs)})"


def drive_layer_stages(mods, inputs):
    """Construct (the constructor gets the arrays themselves, so a change to them is visible as ``ctor_after``),
    forward, then backward when ``dout`` is given. Each stage that raises comes back as a Raised record (the later
    stages then carry the same record). Returns out, dx, the requested attributes, and the arguments after the calls."""
    spec = inputs["__spec__"]
    cls = getattr(getattr(mods, spec["module"]), spec["cls"])
    ctor = _ctor_text(spec, inputs)
    fwd_names = list(spec.get("fwd", []))
    res = {"ctor_after": {a: inputs[a] for a in spec.get("ctor", [])},
           "inputs_after": {a: inputs[a] for a in fwd_names}}
    layer = _stage(ctor, cls, *[inputs[a] for a in spec.get("ctor", [])],
                   **{k: inputs[a] for k, a in spec.get("ctor_kw", {}).items()})
    keys = ["out"] + (["dx"] + list(spec.get("attrs", [])) if "dout" in inputs else [])
    if _is_raised(layer):
        res.update({k: layer for k in keys})
        return res
    fwd_args = [inputs[a] for a in fwd_names]
    out = _stage(f"{ctor}.forward({describe_args(*fwd_args)})", layer.forward, *fwd_args)
    res["out"] = out
    if "dout" not in inputs:
        return res
    if _is_raised(out):
        res.update({k: out for k in keys})
        return res
    dout = inputs["dout"]
    res["dx"] = _stage(f"{ctor}.backward({describe_args(dout)})", layer.backward, dout)
    res["dout_after"] = dout
    for attr in spec.get("attrs", []):
        res[attr] = _stage(f"reading {spec['cls']}.{attr}", getattr, layer, attr, None)
    return res


def drive_layer_items(mods, inputs_list):
    """drive_layer_stages for every layer spec of the list (one round trip)."""
    return [drive_layer_stages(mods, inp) for inp in inputs_list]


def drive_layer_keys(mods, inputs, keys):
    """Reference only: drive_layer, returning only the given keys (keeps the stored expected values small)."""
    res = drive_layer(mods, inputs)
    return {k: res.get(k) for k in keys}


def drive_conv_twice(mods, inputs):
    """Layer A: forward(x1), forward(x), backward(dout); layer B: forward(x), backward(dout) only. The grader
    compares A with B (the second forward must replace what the first one kept)."""
    conv = mods.conv.Convolution
    kw = {"stride": inputs["stride"], "pad": inputs["pad"]}
    a = conv(_copy(inputs["W"]), _copy(inputs["b"]), **kw)
    first = a.forward(inputs["x1"].copy())
    second = a.forward(inputs["x"].copy())
    dx_a = _stage("Convolution.backward after two forwards", a.backward, inputs["dout"].copy())
    b = conv(_copy(inputs["W"]), _copy(inputs["b"]), **kw)
    alone = b.forward(inputs["x"].copy())
    dx_b = _stage("Convolution.backward after one forward", b.backward, inputs["dout"].copy())
    return {"first": first, "second": second, "alone": alone, "dx_a": dx_a, "dx_b": dx_b,
            "dW_a": _stage("reading Convolution.dW", getattr, a, "dW", None),
            "dW_b": _stage("reading Convolution.dW", getattr, b, "dW", None),
            "db_a": _stage("reading Convolution.db", getattr, a, "db", None),
            "db_b": _stage("reading Convolution.db", getattr, b, "db", None)}


def drive_conv_inplace(mods, inputs):
    """Convolution(W, b): forward(x); then W and b are overwritten in place with W2, b2 and forward(x) runs again;
    a new layer built from W2, b2 gives the value the second forward must have."""
    conv = mods.conv.Convolution
    kw = {"stride": inputs["stride"], "pad": inputs["pad"]}
    W, b = inputs["W"].copy(), inputs["b"].copy()
    layer = conv(W, b, **kw)
    before = np.array(layer.forward(inputs["x"].copy()), copy=True)
    W[...] = inputs["W2"]
    b[...] = inputs["b2"]
    after = layer.forward(inputs["x"].copy())
    fresh = conv(inputs["W2"].copy(), inputs["b2"].copy(), **kw).forward(inputs["x"].copy())
    return {"before": before, "after": after, "fresh": fresh}


# ------------------------------------------------------------------------------------------ augmentation
def drive_aug_items(mods, items):
    """augmentation.<name>(x, arg, np.random.default_rng(seed)) for every item [name, x, arg, seed]:
    {"out": result or Raised, "x_after": x}."""
    out = []
    for name, x, arg, seed in items:
        fn = getattr(mods.augmentation, name)
        res = _stage(f"{name}({describe_args(x, arg)}, rng=np.random.default_rng({seed}))", fn, x, arg,
                     np.random.default_rng(seed))
        out.append({"out": res, "x_after": x})
    return out


def drive_aug_seeds(mods, name, x, arg, seeds):
    """The outputs of ``name`` on copies of x with a generator of each seed (for reproducibility)."""
    return [getattr(mods.augmentation, name)(x.copy(), arg, np.random.default_rng(s)) for s in seeds]


def drive_rotate_items(mods, items):
    """rotate90(x, k) for every item [x, k]: {"out": result or Raised, "x_after": x}."""
    return [{"out": _stage(f"rotate90({describe_args(x, k)})", mods.augmentation.rotate90, x, k), "x_after": x}
            for x, k in items]


def drive_rotate_out(mods, x, k):
    """Reference only (through ctx.expected)."""
    return mods.augmentation.rotate90(x, k)


# ------------------------------------------------------------------------------------------ SimpleConvNet
def _shapes_text(layer) -> str:
    parts = []
    for attr in ("W", "b"):
        value = getattr(layer, attr, None)
        if isinstance(value, np.ndarray):
            parts.append(f"self.{attr} {tuple(value.shape)}")
    return f" with {', '.join(parts)}" if parts else ""


def _explained(cls_name: str, method: str, fn):
    """``fn`` (a method of a provided layer), re-raising an error that comes from inside layers.py from the calling
    line, with the call, the shapes of its arguments and of the layer's parameters."""
    from ..isolation.child import where

    @functools.wraps(fn)
    def wrapped(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001
            loc = where(exc.__traceback__)
            if not loc.startswith("layers.py"):
                raise
            message = (f"{cls_name}.{method}({describe_args(*args, **kwargs)}){_shapes_text(self)} raised "
                       f"{type(exc).__name__}: {exc} {PROVIDED_MARK} ({loc})")
            try:
                new = type(exc)(message)
            except Exception:  # noqa: BLE001 - exception types that need other arguments
                new = RuntimeError(message)
            raise new from None

    wrapped._a05_explained = True
    return wrapped


def _explain_provided_layers(mods):
    """In the student's process only: wrap forward/backward of the provided layers once (see :func:`_explained`)."""
    from ..isolation.child import StudentModules

    if not isinstance(mods, StudentModules):
        return
    try:
        layers = mods.layers
    except Exception:  # noqa: BLE001 - no layers.py: the network's own import reports it
        return
    for cls_name in PROVIDED_LAYERS:
        cls = getattr(layers, cls_name, None)
        if not isinstance(cls, type):
            continue
        for method in ("forward", "backward"):
            fn = cls.__dict__.get(method)
            if callable(fn) and not getattr(fn, "_a05_explained", False):
                setattr(cls, method, _explained(cls_name, method, fn))


def _make_net(mods, spec, seed=0, std=None):
    kw = {"input_dim": tuple(spec["input_dim"]), "conv_param": spec.get("conv_param"),
          "hidden_size": spec["hidden"], "output_size": spec["out"], "rng": np.random.default_rng(seed)}
    if std is not None:
        kw["weight_init_std"] = std
    return mods.network.SimpleConvNet(**kw)


def drive_net_shapes(mods, spec):
    """The keys of net.params, the shape of each value and its first 64 values."""
    net = _make_net(mods, spec)
    return {"keys": [str(k) for k in net.params],
            "shapes": {str(k): list(np.shape(v)) for k, v in net.params.items()},
            "head": {str(k): np.array(v, dtype=np.float64).ravel()[:64] for k, v in net.params.items()}}


def drive_net_eval(mods, spec, params, x, t, what, batch_size):
    """Build a net, copy the given values INTO net.params one key at a time, recording predict(x) before and after
    every key (the grader finds the keys whose change does not change predict: layers holding copies), then run the
    stages asked for, each on its own copies of x and t (returned afterwards as x_after / t_after). Data only."""
    _explain_provided_layers(mods)
    net = _make_net(mods, spec)
    out = {"traces": [], "x_after": {}, "t_after": {}}
    if params is not None:
        out["traces"].append(_stage(f"SimpleConvNet.predict(x {tuple(x.shape)})", _predict_copy, net, x))
        for k in NET_KEYS:
            written = _stage(f"net.params[{k!r}][...] = value of shape {np.shape(params[k])}", _write, net, k,
                             params[k])
            if _is_raised(written):
                out["traces"].append(written)
                break
            out["traces"].append(_stage(f"SimpleConvNet.predict(x {tuple(x.shape)})", _predict_copy, net, x))
    xs, ts = f"x {tuple(x.shape)}", f"t {tuple(t.shape)}"
    calls = {"predict": (f"predict({xs})", lambda xc, tc: net.predict(xc)),
             "loss": (f"loss({xs}, {ts})", lambda xc, tc: net.loss(xc, tc)),
             "accuracy": (f"accuracy({xs}, {ts}, batch_size={batch_size})",
                          lambda xc, tc: net.accuracy(xc, tc, batch_size)),
             "gradient": (f"gradient({xs}, {ts})", lambda xc, tc: net.gradient(xc, tc))}
    for name in what:
        label, fn = calls[name]
        xc, tc = x.copy(), t.copy()
        out[name] = _stage(f"SimpleConvNet.{label}", fn, xc, tc)
        out["x_after"][name], out["t_after"][name] = xc, tc
    return out


def drive_net_reference(mods, spec, params, x, t, what, batch_size):
    """Reference only (through ctx.expected): the stages asked for, with the given weights (nothing else, so the
    stored values stay small)."""
    net = _make_net(mods, spec)
    for k in NET_KEYS:
        net.params[k][...] = params[k]
    calls = {"predict": lambda: net.predict(x.copy()), "loss": lambda: net.loss(x.copy(), t.copy()),
             "accuracy": lambda: net.accuracy(x.copy(), t.copy(), batch_size),
             "gradient": lambda: net.gradient(x.copy(), t.copy())}
    return {name: calls[name]() for name in what}


def _predict_copy(net, x):
    return np.array(net.predict(x.copy()), dtype=np.float64, copy=True)


def _write(net, key, value):
    net.params[key][...] = value
    return True


def drive_net_loss(mods, inputs):
    """Forward only (for the feedback of the gradient check): loss with the given weights."""
    net = _make_net(mods, inputs["spec"])
    for k in NET_KEYS:
        net.params[k][...] = inputs[k]
    return net.loss(inputs["x"].copy(), inputs["t"].copy())


def drive_net_init(mods, spec, std, seed):
    net = _make_net(mods, spec, seed=seed, std=std)
    return {str(k): v for k, v in net.params.items()}


def drive_net_margins(mods, spec, params, x):
    """Reference only (through ctx.expected): distances of the test point from the kinks of SimpleConvNet — the
    smallest |conv pre-activation|, the smallest gap between the two largest positive values of a pooling window,
    the smallest |hidden pre-activation|."""
    cp = spec["conv_param"]
    conv = mods.conv.Convolution(params["W1"], params["b1"], stride=cp["stride"], pad=cp["pad"])
    a1 = conv.forward(x)
    r1 = np.maximum(a1, 0)
    n, c, h, w = r1.shape
    win = r1.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(-1, 4)
    top = np.sort(win, axis=1)[:, ::-1]
    gaps = np.where(top[:, 0] > 0, top[:, 0] - top[:, 1], np.inf)
    pooled = mods.conv.Pooling(2, 2, stride=2).forward(r1)
    a2 = pooled.reshape(n, -1) @ params["W2"] + params["b2"]
    return {"conv": float(np.min(np.abs(a1))), "pool": float(np.min(gaps)), "hidden": float(np.min(np.abs(a2)))}
