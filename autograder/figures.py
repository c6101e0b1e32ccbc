"""The plots of the guided notebooks, drawn from the students' own code (노트북 그림).

Every function takes the student's module objects (``figures.optimizer_paths(optimizers)``) or arrays and returns
a :class:`matplotlib.figure.Figure`. They use matplotlib's object-oriented API only (no pyplot state, no GUI
backend): a notebook shows the returned figure inline, and :func:`render_all` saves it with the Agg renderer, so
nothing needs a display. Labels are in English (the default fonts have no Hangul glyphs).

``python -m autograder figures OUTDIR [--full]`` calls :func:`render_all`, which draws every figure with the
reference solutions and writes ``OUTDIR/<assignment>_<name>.png``.

요약: 학생 코드로 그리는 노트북 그림 함수들과, 참조 해답으로 모든 그림을 PNG로 저장하는 render_all.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

# The matrices here are small: one BLAS thread is fastest, and several threads on a busy machine (a shared
# server, CI, the sandboxed student processes) can be a hundred times slower. Only effective before numpy is imported
# (as in ``python -m autograder figures``); an explicit setting is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import data as kit_data  # noqa: E402
from .training import fit  # noqa: E402

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _np_sigmoid(x):
    # σ(x) = exp(−log(1 + e^(−x))), overflow-free (the a02 exercise asks students for their own stable form)
    return np.exp(-np.logaddexp(0.0, -x))


# ==============================================================================================================
# a01 — perceptron
# ==============================================================================================================

def logic_gates(gates, resolution: int = 61, points=None) -> Figure:
    """The regions where AND, NAND, OR and XOR of ``gates`` output 1 (shaded) over [−0.5, 1.5]², with the four
    binary inputs marked (● output 1, ✕ output 0). ``points``: optional (x, t) of extra noisy points (e.g.
    :func:`autograder.data.make_xor`) drawn on the XOR panel. A single straight boundary for AND, NAND and OR;
    XOR's region is not a half-plane, which is why it needs two layers."""
    grid = np.linspace(-0.5, 1.5, resolution)
    fig = _figure(13, 3.5)
    axes = fig.subplots(1, 4)
    for ax, name in zip(axes, ("AND", "NAND", "OR", "XOR")):
        gate = getattr(gates, name)
        z = np.array([[gate(float(a), float(b)) for a in grid] for b in grid], dtype=float)
        ax.contourf(grid, grid, z, levels=[-0.5, 0.5, 1.5], colors=["#f4f4f4", "#9ecae1"])
        if name == "XOR" and points is not None:
            px, pt = points
            ax.scatter(px[:, 0], px[:, 1], c=[COLORS[int(v)] for v in pt], s=8, alpha=0.5)
        for a in (0, 1):
            for b in (0, 1):
                y = gate(a, b)
                ax.scatter([a], [b], s=130, marker="o" if y == 1 else "X", c=COLORS[1] if y == 1 else "k",
                           zorder=3)
                ax.annotate(f"{y}", (a, b), textcoords="offset points", xytext=(9, 7))
        ax.set_title(f"{name}(x1, x2)")
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_aspect("equal")
    fig.suptitle("Perceptron gates: shaded = output 1")
    return fig


# ==============================================================================================================
# a02 — activations, worked example, training
# ==============================================================================================================

def activation_functions(functions, layers=None, alpha: float = 0.1) -> Figure:
    """Step, sigmoid, tanh, ReLU and leaky ReLU (slope ``alpha`` = 0.1 as drawn in document 001) of the student's
    ``functions`` module (left) and their derivatives (right). The derivatives come from the student's
    ``layers`` (``backward`` with dout = 1) when given, else from central differences of ``functions``."""
    x = np.linspace(-5, 5, 401)
    curves = {
        "step": functions.step_function(x).astype(float),
        "sigmoid": functions.sigmoid(x),
        "tanh": functions.tanh(x),
        "ReLU": functions.relu(x).astype(float),
        f"leaky ReLU (a={alpha})": functions.leaky_relu(x, alpha),
    }
    if layers is not None:
        ones = np.ones((1, x.size))
        grads = {"step": np.zeros_like(x)}
        for key, layer in (("sigmoid", layers.Sigmoid()), ("tanh", layers.Tanh()), ("ReLU", layers.Relu()),
                           (f"leaky ReLU (a={alpha})", layers.LeakyRelu(alpha))):
            layer.forward(x.reshape(1, -1))
            grads[key] = np.asarray(layer.backward(ones)).reshape(-1)
        source = "layers' backward (dout = 1)"
    else:
        h = 1e-4
        grads = {}
        for key, fn in (("step", lambda v: functions.step_function(v).astype(float)),
                        ("sigmoid", functions.sigmoid), ("tanh", functions.tanh),
                        ("ReLU", lambda v: functions.relu(v).astype(float)),
                        (f"leaky ReLU (a={alpha})", lambda v: functions.leaky_relu(v, alpha))):
            grads[key] = (fn(x + h) - fn(x - h)) / (2 * h)
        grads["step"] = np.where(np.abs(x) < 2 * h, np.nan, grads["step"])
        source = "central differences"
    fig = _figure(12, 4.2)
    ax1, ax2 = fig.subplots(1, 2)
    for i, (key, y) in enumerate(curves.items()):
        style = dict(color=COLORS[i], label=key, lw=2 if key != "step" else 1.5,
                     ls="--" if key.startswith("leaky") else "-")
        ax1.plot(x, y, **style)
        ax2.plot(x, grads[key], **style)
    ax1.set_title("activation functions h(x)")
    ax1.set_ylim(-1.3, 2.0)
    ax2.set_title(f"derivatives h'(x), from {source}")
    ax2.set_ylim(-0.1, 1.2)
    for ax in (ax1, ax2):
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return fig


# the 2-2-2 network of document 001 §6: weights W1..W8, inputs, targets, learning rate
WORKED = {"x": (0.1, 0.2), "target": (0.4, 0.6), "lr": 0.5,
          "W": (0.3, 0.25, 0.4, 0.35, 0.45, 0.4, 0.7, 0.6)}


def _worked_matrices(w):
    # Affine weights are (in, out): column j holds the weights into unit j.
    # z1 = W1·x1 + W2·x2, z2 = W3·x1 + W4·x2, z3 = W5·h1 + W6·h2, z4 = W7·h1 + W8·h2
    hidden = np.array([[w[0], w[2]], [w[1], w[3]]], dtype=float)
    output = np.array([[w[4], w[6]], [w[5], w[7]]], dtype=float)
    return hidden, output


def _worked_unpack(hidden, output):
    return (hidden[0, 0], hidden[1, 0], hidden[0, 1], hidden[1, 1],
            output[0, 0], output[1, 0], output[0, 1], output[1, 1])


def worked_example_numbers(layers) -> dict:
    """The backprop worked example of document 001 §6 computed with the student's ``Affine``, ``Sigmoid`` and
    ``SumSquaredLoss`` (biases zero): forward values, ∂E/∂W1..W8, the weights after one SGD step of learning rate
    0.5 and the loss after it. Keys: z1 z2 h1 h2 z3 z4 o1 o2 E_o1 E_o2 E_total, dE/do1 dE/do2 (from the loss
    layer's backward), do1/dz3 do2/dz4 (from Sigmoid's backward), dW1..dW8, W1+..W8+, E_total_after."""
    x = np.array([WORKED["x"]])
    t = np.array([WORKED["target"]])

    def forward(hidden, output):
        net = [layers.Affine(hidden, np.zeros(2)), layers.Sigmoid(), layers.Affine(output, np.zeros(2)),
               layers.Sigmoid()]
        values = [x]
        for layer in net:
            values.append(layer.forward(values[-1]))
        loss_layer = layers.SumSquaredLoss()
        loss = loss_layer.forward(values[-1], t)
        return net, values, loss_layer, float(loss)

    hidden, output = _worked_matrices(WORKED["W"])
    net, values, loss_layer, loss = forward(hidden.copy(), output.copy())
    d = loss_layer.backward(1)
    de_do = np.asarray(d, dtype=float).reshape(-1)
    for layer in reversed(net):
        d = layer.backward(d)
    probe = layers.Sigmoid()
    probe.forward(values[3])
    do_dz = np.asarray(probe.backward(np.ones((1, 2))), dtype=float).reshape(-1)
    grads = _worked_unpack(np.asarray(net[0].dW), np.asarray(net[2].dW))
    new_hidden = hidden - WORKED["lr"] * np.asarray(net[0].dW)
    new_output = output - WORKED["lr"] * np.asarray(net[2].dW)
    _, _, _, loss_after = forward(new_hidden, new_output)
    z, h, z2, o = (np.asarray(v).reshape(-1) for v in values[1:])
    out = {"z1": z[0], "z2": z[1], "h1": h[0], "h2": h[1], "z3": z2[0], "z4": z2[1], "o1": o[0], "o2": o[1],
           "E_o1": 0.5 * (t[0, 0] - o[0]) ** 2, "E_o2": 0.5 * (t[0, 1] - o[1]) ** 2, "E_total": loss,
           "dE/do1": de_do[0], "dE/do2": de_do[1], "do1/dz3": do_dz[0], "do2/dz4": do_dz[1]}
    out.update({f"dW{i + 1}": g for i, g in enumerate(grads)})
    out.update({f"W{i + 1}+": w for i, w in enumerate(_worked_unpack(new_hidden, new_output))})
    out["E_total_after"] = loss_after
    return {k: float(v) for k, v in out.items()}


def worked_example(layers) -> Figure:
    """The 2-2-2 network of document 001 §6 drawn with the values the student's layers compute: activations on
    the nodes, every weight before → after one SGD step on its edge, and the loss before and after."""
    nums = worked_example_numbers(layers)
    pos = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0)}
    node_text = {"x1": f"x1\n{WORKED['x'][0]}", "x2": f"x2\n{WORKED['x'][1]}",
                 "h1": f"h1\n{nums['h1']:.5f}", "h2": f"h2\n{nums['h2']:.5f}",
                 "o1": f"o1\n{nums['o1']:.5f}", "o2": f"o2\n{nums['o2']:.5f}"}
    edges = [("x1", "h1", 1), ("x2", "h1", 2), ("x1", "h2", 3), ("x2", "h2", 4),
             ("h1", "o1", 5), ("h2", "o1", 6), ("h1", "o2", 7), ("h2", "o2", 8)]
    fig = _figure(11, 5.2)
    ax = fig.subplots()
    for a, b, i in edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="0.55", lw=1.2, zorder=1)
        frac = 0.28 if ya == yb else (0.22 if ya > yb else 0.62)
        lx, ly = xa + frac * (xb - xa), ya + frac * (yb - ya)
        ax.text(lx, ly, f"W{i}: {WORKED['W'][i - 1]} → {nums[f'W{i}+']:.5f}", fontsize=8, ha="center",
                va="center", bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.8"), zorder=2)
    for name, (px, py) in pos.items():
        ax.scatter([px], [py], s=2600, c="#deebf7" if name[0] != "o" else "#fde0dd", edgecolors="k", zorder=3)
        ax.text(px, py, node_text[name], ha="center", va="center", fontsize=9, zorder=4)
    for k, tgt in enumerate(WORKED["target"]):
        ax.text(2.3, 1 - k, f"target {tgt}", va="center", fontsize=9)
    ax.text(1.0, -0.55, (f"E_total = ½Σ(target − o)² = {nums['E_total']:.8f}   →   after one step (lr 0.5): "
                         f"{nums['E_total_after']:.8f}\n∂E/∂W5 = {nums['dW5']:.8f}   ∂E/∂W1 = {nums['dW1']:.8f}"),
            ha="center", va="center", fontsize=9)
    ax.set_xlim(-0.4, 2.7)
    ax.set_ylim(-0.8, 1.35)
    ax.axis("off")
    ax.set_title("Backpropagation worked example (document 001 §6), computed with your layers")
    return fig


def decision_boundary(predict, x, t, title: str = "", resolution: int = 200) -> Figure:
    """Regions of the class ``argmax predict(points)`` over the range of 2-D data ``x``, with the points ``x``
    coloured by label ``t``. ``predict`` maps (M, 2) points to (M, K) scores (e.g. ``net.predict``)."""
    pad = 0.3
    (x0, y0), (x1, y1) = x.min(axis=0) - pad, x.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    scores = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()])))
    regions = scores.argmax(axis=1).reshape(gx.shape)
    k = int(max(regions.max(), np.max(t))) + 1
    fig = _figure(5.5, 5)
    ax = fig.subplots()
    ax.contourf(gx, gy, regions, levels=np.arange(-0.5, k), colors=[COLORS[i] for i in range(k)], alpha=0.25)
    ax.scatter(x[:, 0], x[:, 1], c=[COLORS[int(v)] for v in t], s=14, edgecolors="k", linewidths=0.3)
    ax.set_title(title or "decision regions")
    ax.set_aspect("equal")
    return fig


def learning_curves(history: dict, title: str = "") -> Figure:
    """Loss and accuracy per epoch of a :func:`autograder.training.fit` history (train and test)."""
    fig = _figure(11, 4)
    ax1, ax2 = fig.subplots(1, 2)
    ep = history["epoch"]
    ax1.plot(ep, history["train_loss"], "o-", ms=3, label="train")
    if history.get("test_loss"):
        ax1.plot(ep, history["test_loss"], "s-", ms=3, label="test")
    ax2.plot(ep, history["train_acc"], "o-", ms=3, label="train")
    if history.get("test_acc"):
        ax2.plot(ep, history["test_acc"], "s-", ms=3, label="test")
        ax2.set_title(f"accuracy (final test accuracy {history['test_acc'][-1]:.3f})")
    else:
        ax2.set_title("accuracy")
    ax1.set_title("loss")
    ax2.set_ylim(0, 1.02)
    for ax in (ax1, ax2):
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return fig


# ==============================================================================================================
# a03 — optimizers, initializers, schedules
# ==============================================================================================================

# the optimizers of the comparison of document 004 (f(x, y) = x²/20 + y² from (−7, 2)) with the learning rates of
# "Deep Learning from Scratch" §6.1.7, plus RMSprop and Nesterov
PATH_OPTIMIZERS = (("SGD", {"lr": 0.95}), ("Momentum", {"lr": 0.1}), ("Nesterov", {"lr": 0.1}),
                   ("AdaGrad", {"lr": 1.5}), ("RMSprop", {"lr": 0.1}), ("Adam", {"lr": 0.3}))


def _bowl(x, y):
    return x ** 2 / 20.0 + y ** 2


def optimizer_path(optimizer, start=(-7.0, 2.0), steps: int = 30) -> np.ndarray:
    """The points (steps + 1, 2) visited by ``optimizer.update`` on f(x, y) = x²/20 + y² from ``start``."""
    params = {"x": np.array([float(start[0])]), "y": np.array([float(start[1])])}
    path = [(params["x"][0], params["y"][0])]
    for _ in range(steps):
        grads = {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}
        optimizer.update(params, grads)
        path.append((float(params["x"][0]), float(params["y"][0])))
    return np.array(path)


def optimizer_paths(optimizers, steps: int = 30, configs=PATH_OPTIMIZERS) -> Figure:
    """Paths of the student's optimizers on f(x, y) = x²/20 + y² from (−7, 2) (document 004): SGD (lr 0.95),
    Momentum (0.1), Nesterov (0.1), AdaGrad (1.5), RMSprop (0.1) and Adam (0.3), ``steps`` updates each."""
    gx, gy = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 200))
    fig = _figure(13, 6.5)
    axes = fig.subplots(2, 3).ravel()
    for ax, (name, kw) in zip(axes, configs):
        path = optimizer_path(getattr(optimizers, name)(**kw), steps=steps)
        ax.contour(gx, gy, _bowl(gx, gy), levels=np.geomspace(0.05, 25, 12), colors="0.7", linewidths=0.8)
        ax.plot(path[:, 0], path[:, 1], "o-", color=COLORS[1], ms=3, lw=1.2)
        ax.plot([0], [0], "+", color="k", ms=12)
        fx = _bowl(path[-1, 0], path[-1, 1])
        ax.set_title(f"{name} ({', '.join(f'{k}={v}' for k, v in kw.items())}): f = {fx:.2g}", fontsize=10)
        ax.set_xlim(-10, 10)
        ax.set_ylim(-5, 5)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    fig.suptitle(f"f(x, y) = x²/20 + y² from (−7, 2), {steps} updates")
    return fig


_ACTIVATIONS = {"sigmoid": (_np_sigmoid, (0.0, 1.0)), "tanh": (np.tanh, (-1.0, 1.0)),
                "relu": (lambda v: np.maximum(v, 0.0), (0.0, 1.0))}


def activation_histograms(activation: str = "sigmoid", initializers=None, layers: int = 5, units: int = 100,
                          samples: int = 1000, seed: int = 0) -> Figure:
    """Histograms of the activations of ``layers`` hidden layers of ``units`` units each, fed ``samples`` random
    inputs (document 004: 1000 inputs, 5 layers of 100 nodes), for four initial weight scales: std 1, std 0.01,
    Xavier and He. With the student's ``initializers`` module, Xavier is ``xavier_normal`` and He ``he_normal``
    (for 100 → 100 layers Glorot's √(2/(n_in+n_out)) equals the book's 1/√n); without it, the formulas."""
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}")
    act, hist_range = _ACTIVATIONS[activation]
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal((samples, units))
    if initializers is not None:
        xavier = lambda shape, r: initializers.xavier_normal(shape, rng=r)  # noqa: E731
        he = lambda shape, r: initializers.he_normal(shape, rng=r)  # noqa: E731
    else:
        xavier = lambda shape, r: r.standard_normal(shape) / np.sqrt(shape[0])  # noqa: E731
        he = lambda shape, r: r.standard_normal(shape) * np.sqrt(2.0 / shape[0])  # noqa: E731
    schemes = (("std = 1", lambda shape, r: r.standard_normal(shape)),
               ("std = 0.01", lambda shape, r: 0.01 * r.standard_normal(shape)),
               ("Xavier", xavier), ("He", he))
    fig = Figure(figsize=(13, 9))  # a fixed grid: no layout engine (it costs more than the drawing here)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.04, top=0.92, hspace=0.3, wspace=0.1)
    axes = fig.subplots(len(schemes), layers, sharey="row")
    for row, (label, init) in enumerate(schemes):
        r = np.random.default_rng(seed + 1 + row)
        a = x0
        for col in range(layers):
            a = act(a @ np.asarray(init((units, units), r)))
            ax = axes[row, col]
            values = a[a > 0] if activation == "relu" else a.ravel()
            counts, edges = np.histogram(values, bins=30, range=hist_range)
            ax.stairs(counts, edges, fill=True, color=COLORS[row])
            ax.text(0.5, 0.95, f"std {a.std():.2g}", transform=ax.transAxes, ha="center", va="top", fontsize=7,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
            if row == 0:
                ax.set_title(f"layer {col + 1}")
            if col == 0:
                ax.set_ylabel(label)
            ax.tick_params(labelsize=7)
    note = " (zeros not counted)" if activation == "relu" else ""
    fig.suptitle(f"{activation} activations{note}: {samples} inputs, {layers} layers × {units} units")
    return fig


def lr_schedules(schedules, steps: int = 100, initial_lr: float = 0.1) -> Figure:
    """The student's learning-rate schedules over ``steps`` steps from ``initial_lr``: exponential decay
    (decay_steps 25, rate 0.5), cosine decay over 80 steps with α = 0 and α = 0.1, and step decay (×0.5 every 25
    steps)."""
    s = np.arange(steps + 1)
    curves = {
        "exponential_decay(decay_steps=25, decay_rate=0.5)":
            [schedules.exponential_decay(int(k), initial_lr, 25, 0.5) for k in s],
        "cosine_decay(decay_steps=80, alpha=0)": [schedules.cosine_decay(int(k), initial_lr, 80) for k in s],
        "cosine_decay(decay_steps=80, alpha=0.1)":
            [schedules.cosine_decay(int(k), initial_lr, 80, alpha=0.1) for k in s],
        "step_decay(drop=0.5, every=25)": [schedules.step_decay(int(k), initial_lr, 0.5, 25) for k in s],
    }
    fig = _figure(8, 4.5)
    ax = fig.subplots()
    for i, (label, ys) in enumerate(curves.items()):
        ax.plot(s, np.asarray(ys, dtype=float), color=COLORS[i], lw=2, label=label,
                drawstyle="steps-post" if label.startswith("step") else "default")
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.set_title(f"learning-rate schedules from initial_lr = {initial_lr}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


class SmallMLP:
    """A plain fully connected ReLU network with softmax cross-entropy (provided, for comparing optimizers):
    ``params`` W1, b1, …, ``loss(x, t)``, ``accuracy(x, t)``, ``gradient(x, t)``. He-initialized from ``seed``."""

    def __init__(self, sizes, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.n = len(sizes) - 1
        self.params = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out))
            self.params[f"b{i}"] = np.zeros(fan_out)

    def _forward(self, x):
        acts = [x.reshape(len(x), -1)]
        for i in range(1, self.n + 1):
            z = acts[-1] @ self.params[f"W{i}"] + self.params[f"b{i}"]
            acts.append(np.maximum(z, 0.0) if i < self.n else z)
        return acts

    def predict(self, x):
        return self._forward(x)[-1]

    @staticmethod
    def _log_softmax(z):
        shifted = z - z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def loss(self, x, t):
        logp = self._log_softmax(self.predict(x))
        return float(-logp[np.arange(len(t)), t].mean())

    def accuracy(self, x, t):
        return float((self.predict(x).argmax(axis=1) == t).mean())

    def gradient(self, x, t):
        acts = self._forward(x)
        delta = np.exp(self._log_softmax(acts[-1]))
        delta[np.arange(len(t)), t] -= 1.0
        delta /= len(t)
        grads = {}
        for i in range(self.n, 0, -1):
            grads[f"W{i}"] = acts[i - 1].T @ delta
            grads[f"b{i}"] = delta.sum(axis=0)
            if i > 1:
                delta = (delta @ self.params[f"W{i}"].T) * (acts[i - 1] > 0)
        return grads


# the comparison of "Deep Learning from Scratch" §6.1.8 (a 5-layer ReLU network), plus RMSprop and Nesterov
CURVE_OPTIMIZERS = (("SGD", {"lr": 0.01}), ("Momentum", {"lr": 0.01}), ("Nesterov", {"lr": 0.01}),
                    ("AdaGrad", {"lr": 0.01}), ("RMSprop", {"lr": 0.001}), ("Adam", {"lr": 0.001}))


def optimizer_loss_curves(optimizers, x, t, iterations: int = 300, batch_size: int = 128, seed: int = 0,
                          hidden=(100, 100, 100, 100), configs=CURVE_OPTIMIZERS, smooth: int = 10) -> Figure:
    """Training loss per iteration of a ReLU network (``hidden`` layers, :class:`SmallMLP`, the same initial
    weights and the same mini-batches for everyone) trained on (x, t) with each of the student's optimizers."""
    x = x.reshape(len(x), -1)
    sizes = (x.shape[1], *hidden, int(t.max()) + 1)
    batches = np.random.default_rng(seed).integers(0, len(x), size=(iterations, batch_size))
    fig = _figure(8, 4.8)
    ax = fig.subplots()
    for i, (name, kw) in enumerate(configs):
        net = SmallMLP(sizes, seed=seed)
        opt = getattr(optimizers, name)(**kw)
        losses = []
        for idx in batches:
            grads = net.gradient(x[idx], t[idx])
            losses.append(net.loss(x[idx], t[idx]))
            opt.update(net.params, grads)
        losses = np.asarray(losses)
        if smooth > 1 and len(losses) >= smooth:
            losses = np.convolve(losses, np.ones(smooth) / smooth, mode="valid")
        ax.plot(np.arange(len(losses)) + (smooth - 1 if smooth > 1 else 0), losses, color=COLORS[i],
                label=f"{name} (lr {kw['lr']})")
    ax.set_xlabel("iteration")
    ax.set_ylabel(f"training loss (moving average of {smooth})" if smooth > 1 else "training loss")
    ax.set_title(f"optimizers on the digits: {len(sizes) - 1}-layer ReLU network, batch {batch_size}")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


# ==============================================================================================================
# a04 — batch norm, overfitting, early stopping
# ==============================================================================================================

def batchnorm_comparison(network, x, t, scales=None, epochs: int = 20, train_size: int = 1000,
                         hidden=(100, 100, 100, 100, 100), lr: float = 0.1, batch_size: int = 100,
                         seed: int = 0) -> Figure:
    """Training accuracy per epoch with and without batch normalization for several weight scales (the initial
    std of every weight), as in "Deep Learning from Scratch" §6.3.2: ``network.MultiLayerNetExtend`` with
    ``hidden`` ReLU layers, plain SGD, ``train_size`` training samples. (Without batch norm the largest scales
    overflow: their losses become inf/NaN, which is part of the lesson, so numpy's warnings are silenced.)"""
    scales = np.logspace(0, -4, 5) if scales is None else np.asarray(scales, dtype=float)
    x = x.reshape(len(x), -1)[:train_size]
    t = t[:train_size]
    n = len(scales)
    cols = min(4, n)
    rows = -(-n // cols)
    fig = _figure(3.2 * cols, 2.6 * rows + 0.6)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True)).ravel()
    for ax, w in zip(axes, scales):
        for use_bn, color, label in ((True, COLORS[1], "with BN"), (False, COLORS[0], "without BN")):
            net = network.MultiLayerNetExtend(x.shape[1], list(hidden), int(t.max()) + 1, weight_init_std=float(w),
                                              use_batchnorm=use_bn, rng=np.random.default_rng(seed))
            with np.errstate(all="ignore"):
                hist = fit(net, x, t, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, eval_loss=False)
            ax.plot(hist["epoch"], hist["train_acc"], color=color, label=label,
                    ls="-" if use_bn else "--")
        ax.set_title(f"W std = {w:.2g}", fontsize=9)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    for ax in axes[n:]:
        ax.axis("off")
    axes[0].legend(fontsize=8)
    fig.supxlabel("epoch")
    fig.supylabel("training accuracy")
    fig.suptitle(f"Batch normalization: {len(hidden)} hidden layers, SGD lr {lr}, {len(x)} samples")
    return fig


def overfitting_curves(network, x_train, t_train, x_test, t_test, epochs: int = 100, train_size: int = 300,
                       hidden=(100, 100, 100, 100, 100, 100), lr: float = 0.1, batch_size: int = 25,
                       weight_decay: float = 0.01, dropout: float = 0.2, seed: int = 0) -> Figure:
    """Train and test accuracy of ``network.MultiLayerNetExtend`` (``hidden`` ReLU layers, plain SGD) on only
    ``train_size`` samples, as in "Deep Learning from Scratch" §6.4: without regularization, with weight decay
    λ = ``weight_decay`` and with dropout ``dropout``. The gap between the curves is the overfitting (과적합)."""
    x_train = x_train.reshape(len(x_train), -1)[:train_size]
    t_train = t_train[:train_size]
    x_test = x_test.reshape(len(x_test), -1)
    configs = (("no regularization", {}), (f"weight decay λ = {weight_decay}", {"weight_decay_lambda": weight_decay}),
               (f"dropout ratio {dropout}", {"use_dropout": True, "dropout_ratio": dropout}))
    fig = _figure(13, 3.8)
    axes = fig.subplots(1, 3, sharey=True)
    for ax, (label, kw) in zip(axes, configs):
        net = network.MultiLayerNetExtend(x_train.shape[1], list(hidden), int(t_train.max()) + 1,
                                          rng=np.random.default_rng(seed), **kw)
        hist = fit(net, x_train, t_train, x_test, t_test, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed,
                   eval_loss=False)
        ax.plot(hist["epoch"], hist["train_acc"], color=COLORS[0], label="train")
        ax.plot(hist["epoch"], hist["test_acc"], color=COLORS[1], label="test")
        gap = hist["train_acc"][-1] - hist["test_acc"][-1]
        ax.set_title(f"{label}\ntrain − test = {gap:.3f}", fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("accuracy")
    axes[0].legend()
    fig.suptitle(f"Overfitting with {len(x_train)} training samples, {len(hidden)} hidden layers")
    return fig


def early_stopping_curves(network, regularization, x_train, t_train, x_val, t_val, epochs: int = 60,
                          patience: int = 10, train_size: int = 300, hidden=(100, 100, 100, 100, 100, 100),
                          lr: float = 0.1, batch_size: int = 25, seed: int = 0) -> Figure:
    """Training and validation loss of an overfitting network with the student's ``EarlyStopping(patience)``
    fed the validation loss after every epoch. Training continues to the end to show what early stopping
    avoids; the epoch at which ``step`` first returned True and the best epoch are marked."""
    x_train = x_train.reshape(len(x_train), -1)[:train_size]
    t_train = t_train[:train_size]
    x_val = x_val.reshape(len(x_val), -1)
    stopper = regularization.EarlyStopping(patience)
    marks = {"stop": None}

    def on_epoch(epoch, hist):
        if stopper.step(hist["test_loss"][-1]) and marks["stop"] is None:
            marks["stop"] = epoch

    net = network.MultiLayerNetExtend(x_train.shape[1], list(hidden), int(t_train.max()) + 1,
                                      rng=np.random.default_rng(seed))
    hist = fit(net, x_train, t_train, x_val, t_val, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed,
               on_epoch=on_epoch)
    best = int(np.argmin(hist["test_loss"]))
    fig = _figure(9, 4.5)
    ax = fig.subplots()
    ax.plot(hist["epoch"], hist["train_loss"], color=COLORS[0], label="training loss")
    ax.plot(hist["epoch"], hist["test_loss"], color=COLORS[1], label="validation loss")
    ax.axvline(best, color="0.5", ls=":", label=f"lowest validation loss (epoch {best})")
    if marks["stop"] is not None:
        ax.axvline(marks["stop"], color="k", ls="--",
                   label=f"EarlyStopping(patience={patience}) stops at epoch {marks['stop']}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_title("Early stopping: stop when the validation loss stops improving")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


# ==============================================================================================================
# a05 — CNN
# ==============================================================================================================

def conv_filters(W_before, W_after=None, columns: int = 10) -> Figure:
    """The first-layer filters (FN, C, FH, FW) as grey images (channel 0), before and, if given, after training
    (each filter scaled to its own min..max, as in "Deep Learning from Scratch" §7.6)."""
    sets = [("before training", np.asarray(W_before))]
    if W_after is not None:
        sets.append(("after training", np.asarray(W_after)))
    fn = sets[0][1].shape[0]
    rows_each = -(-fn // columns)
    fig = _figure(columns * 0.9, len(sets) * (rows_each * 0.95 + 0.45))
    subfigs = np.atleast_1d(fig.subfigures(len(sets), 1))
    for sub, (label, W) in zip(subfigs, sets):
        axes = np.atleast_1d(sub.subplots(rows_each, columns)).ravel()
        for i, ax in enumerate(axes):
            ax.set_xticks([])
            ax.set_yticks([])
            if i < fn:
                ax.imshow(W[i, 0], cmap="gray_r", interpolation="nearest")
            else:
                ax.axis("off")
        sub.suptitle(f"{fn} filters {W.shape[2]}×{W.shape[3]}, {label}", fontsize=10)
    return fig


def feature_maps(conv, W, b, image, stride: int = 1, pad: int = 0, count: int = 16, relu: bool = True) -> Figure:
    """One input image and the first ``count`` feature maps (특징 맵) the student's ``conv.Convolution(W, b, stride,
    pad)`` makes of it (after ReLU when ``relu``)."""
    image = np.asarray(image, dtype=float)
    x = image.reshape(1, *image.shape) if image.ndim == 3 else image.reshape(1, 1, *image.shape)
    maps = np.asarray(conv.Convolution(np.asarray(W), np.asarray(b), stride=stride, pad=pad).forward(x))[0]
    if relu:
        maps = np.maximum(maps, 0.0)
    count = min(count, maps.shape[0])
    cols = min(count, 8)
    rows = -(-count // cols)
    fig = _figure(2.2 + cols * 1.2, max(2.4, rows * 1.3))
    left, right = fig.subfigures(1, 2, width_ratios=[1.6, cols * 1.2])
    ax = left.subplots()
    ax.imshow(x[0, 0], cmap="gray_r", interpolation="nearest")
    ax.set_title("input")
    ax.axis("off")
    axes = np.atleast_1d(right.subplots(rows, cols)).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < count:
            ax.imshow(maps[i], cmap="viridis", interpolation="nearest")
            ax.set_title(f"map {i + 1}", fontsize=7)
    right.suptitle(f"feature maps {maps.shape[1]}×{maps.shape[2]}" + (" after ReLU" if relu else ""), fontsize=10)
    return fig


def augmentation_examples(augmentation, images, seed: int = 0) -> Figure:
    """Rows of images (N, 1, H, W) and what the student's augmentation functions make of them: horizontal flip
    (p = 1), random shift (max_shift 1), Gaussian noise (std 0.1) and a 90° rotation (k = 1); document 002."""
    images = np.asarray(images, dtype=float)
    rng = np.random.default_rng(seed)
    columns = (("original", images),
               ("horizontal_flip(p=1)", augmentation.horizontal_flip(images, 1.0, rng)),
               ("random_shift(max_shift=1)", augmentation.random_shift(images, 1, rng)),
               ("add_noise(std=0.1)", augmentation.add_noise(images, 0.1, rng)),
               ("rotate90(k=1)", augmentation.rotate90(images, 1)))
    n = len(images)
    fig = _figure(len(columns) * 1.9, n * 1.6 + 0.4)
    axes = fig.subplots(n, len(columns), squeeze=False)
    for c, (label, batch) in enumerate(columns):
        batch = np.asarray(batch)
        for r in range(n):
            ax = axes[r, c]
            ax.imshow(batch[r, 0], cmap="gray_r", interpolation="nearest", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(label, fontsize=8)
    fig.suptitle("Data augmentation (document 002)")
    return fig


# ==============================================================================================================
# render_all
# ==============================================================================================================

# a SimpleConvNet for 8×8 digits: 5×5 filters with padding 2 keep 8×8, the 2×2 pooling gives 4×4
DIGITS_CONV_PARAM = {"filter_num": 30, "filter_size": 5, "pad": 2, "stride": 1}


def train_digits_convnet(network, *, epochs: int = 20, lr: float = 0.1, batch_size: int = 50, seed: int = 0,
                         weight_init_std: float = 0.1, train=None, test=None, augment=None):
    """Train ``network.SimpleConvNet`` on the 8×8 digits (conv 30 × 5×5, pad 2; hidden 100) with plain SGD
    (learning rate ``lr``, mini-batches of ``batch_size``; ``augment(x_batch, rng)`` is applied to every training
    batch when given). Returns ``(net, W1 before training, history)``."""
    if train is None or test is None:
        train, test = kit_data.load_digits_split(seed=0)
    net = network.SimpleConvNet(input_dim=(1, 8, 8), conv_param=dict(DIGITS_CONV_PARAM), hidden_size=100,
                                output_size=10, weight_init_std=weight_init_std, rng=np.random.default_rng(seed))
    w_before = np.array(net.params["W1"], copy=True)
    hist = fit(net, train[0], train[1], test[0], test[1], epochs=epochs, batch_size=batch_size, lr=lr, seed=seed,
               augment=augment)
    return net, w_before, hist


def render_all(outdir, full: bool = False) -> list[Path]:
    """Draw every notebook figure with the reference solutions and save ``outdir/<assignment>_<name>.png``.

    ``full`` uses the full-size runs (more epochs and weight scales); the default is the quick version.
    Returns the paths written, in order. Raises ``RuntimeError`` when the reference solutions are unavailable.
    """
    from .reference import reference_modules

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def mods(aid):
        m = reference_modules(aid)
        if m is None:
            raise RuntimeError(f"the reference solutions of {aid} are not available (solutions/ or "
                               "$AUTOGRADER_SOLUTIONS)")
        return m

    def save(aid, name, fig):
        path = outdir / f"{aid}_{name}.png"
        fig.savefig(path, dpi=90)
        written.append(path)

    (x_tr, t_tr), (x_te, t_te) = kit_data.load_digits_split(seed=0, flatten=True)

    m1 = mods("a01_perceptron")
    save("a01_perceptron", "logic_gates", logic_gates(m1.gates, points=kit_data.make_xor(200, seed=0)))

    m2 = mods("a02_backprop")
    save("a02_backprop", "activations", activation_functions(m2.functions, m2.layers))
    save("a02_backprop", "worked_example", worked_example(m2.layers))
    xs, ts = kit_data.make_spiral(100, 3, seed=0)
    net = m2.network.TwoLayerNet(2, 50, 3, weight_init_std=1.0, rng=np.random.default_rng(0))
    fit(net, xs, ts, epochs=300 if full else 150, batch_size=30, lr=1.0, seed=0)
    save("a02_backprop", "spiral", decision_boundary(net.predict, xs, ts, "TwoLayerNet on the spiral set"))
    net = m2.network.TwoLayerNet(64, 50, 10, weight_init_std=0.1, rng=np.random.default_rng(0))
    hist = fit(net, x_tr, t_tr, x_te, t_te, epochs=40 if full else 15, batch_size=100, lr=0.5, seed=0)
    save("a02_backprop", "digits_training", learning_curves(hist, "TwoLayerNet on the 8×8 digits"))

    m3 = mods("a03_optimization")
    save("a03_optimization", "optimizer_paths", optimizer_paths(m3.optimizers))
    for act in ("sigmoid", "tanh", "relu"):
        save("a03_optimization", f"histograms_{act}", activation_histograms(act, m3.initializers))
    save("a03_optimization", "lr_schedules", lr_schedules(m3.schedules))
    save("a03_optimization", "optimizer_loss", optimizer_loss_curves(m3.optimizers, x_tr, t_tr,
                                                                     iterations=1000 if full else 200))

    m4 = mods("a04_regularization")
    scales = np.logspace(0, -4, 16) if full else np.logspace(0, -4, 5)
    save("a04_regularization", "batchnorm", batchnorm_comparison(m4.network, x_tr, t_tr, scales=scales,
                                                                  epochs=20 if full else 8))
    save("a04_regularization", "overfitting", overfitting_curves(m4.network, x_tr, t_tr, x_te, t_te,
                                                                  epochs=100 if full else 30))
    save("a04_regularization", "early_stopping",
         early_stopping_curves(m4.network, m4.regularization, x_tr, t_tr, x_te, t_te, epochs=60 if full else 40))

    m5 = mods("a05_cnn")
    train, test = kit_data.load_digits_split(seed=0)
    start = time.perf_counter()
    net, w_before, hist = train_digits_convnet(m5.network, epochs=30 if full else 3,
                                               augment=lambda xb, rng: m5.augmentation.random_shift(xb, 1, rng))
    elapsed = time.perf_counter() - start
    save("a05_cnn", "filters", conv_filters(w_before, net.params["W1"]))
    save("a05_cnn", "feature_maps", feature_maps(m5.conv, net.params["W1"], net.params["b1"], test[0][0],
                                                 pad=DIGITS_CONV_PARAM["pad"]))
    save("a05_cnn", "augmentation", augmentation_examples(m5.augmentation, test[0][:4]))
    save("a05_cnn", "test_accuracy", learning_curves(
        hist, f"SimpleConvNet on the 8×8 digits ({elapsed:.0f} s of training and evaluation)"))
    return written
