"""Accepted conventions of a02_backprop, each a single edit of one file of solutions/a02_backprop/.

Only conventions DESIGN §3 accepts: the book's log(y + 1e-7) guard in cross_entropy_error (NOT in
SoftmaxWithLoss, whose loss §3 requires exact from the logits), other numerically stable sigmoids, document 001's
max(αx, x) form of Leaky ReLU, a ReLU backward that masks a copy of dout, an exact log-sum-exp written another way.
"""
from . import Variant

CE_GUARD = ("DESIGN §3: `cross_entropy_error` is exact −log y; the book's `log(y + 1e-7)` guard must still be "
            "accepted (checks use probabilities ≥ 1e-3 and a matching tolerance).")
STABLE = ("DESIGN §3: `sigmoid`, `Sigmoid`, `softmax`, `SoftmaxWithLoss` are finite and emit no RuntimeWarning for "
          "|x| up to 1000 — any formula with that property is right.")

VARIANTS = [
    Variant(
        assignment="a02_backprop",
        name="cross entropy with the book's log(y + 1e-7) guard",
        file="functions.py",
        find="    return float(-np.sum(np.log(y[np.arange(n), t.astype(int)])) / n)\n",
        replace="    delta = 1e-7  # the book's guard against log(0)\n"
                "    return float(-np.sum(np.log(y[np.arange(n), t.astype(int)] + delta)) / n)\n",
        why=CE_GUARD,
    ),
    Variant(
        assignment="a02_backprop",
        name="cross entropy of one-hot labels as −Σ t·log(y + 1e-7) / N (the book's one-hot form)",
        file="functions.py",
        find="    if t.shape == y.shape:\n        t = np.argmax(t, axis=1)\n",
        replace="    if t.shape == y.shape:  # one-hot: sum t·log y over every entry, with the book's guard\n"
                "        return float(-np.sum(t * np.log(y + 1e-7)) / y.shape[0])\n",
        why=CE_GUARD,
    ),
    Variant(
        assignment="a02_backprop",
        name="sigmoid split by the sign of x (exp of −|x| only)",
        file="functions.py",
        find="    return 0.5 * (1.0 + np.tanh(0.5 * x))\n",
        replace="    z = np.exp(-np.abs(x))  # never exp of a positive number\n"
                "    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))\n",
        why=STABLE,
    ),
    Variant(
        assignment="a02_backprop",
        name="sigmoid as exp(−logaddexp(0, −x))",
        file="functions.py",
        find="    return 0.5 * (1.0 + np.tanh(0.5 * x))\n",
        replace="    return np.exp(-np.logaddexp(0.0, -x))\n",
        why=STABLE,
    ),
    Variant(
        assignment="a02_backprop",
        name="Sigmoid layer split by the sign of x",
        file="layers.py",
        find="        self.out = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))\n",
        replace="        x = np.asarray(x, dtype=float)\n"
                "        z = np.exp(-np.abs(x))\n"
                "        self.out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))\n",
        why=STABLE,
    ),
    Variant(
        assignment="a02_backprop",
        name="leaky_relu as document 001's max(αx, x)",
        file="functions.py",
        find="    return np.where(x > 0, x, alpha * x)\n",
        replace="    return np.maximum(alpha * x, x)  # document 001: max(0.1x, x); equal for 0 <= alpha <= 1\n",
        why="DESIGN §3: `leaky_relu(x, alpha=0.01)`; seeds/README: document 001 writes Leaky ReLU as max(0.1x, x) "
            "and 003 uses slope 0.01 — the kit takes the slope as a parameter.",
    ),
    Variant(
        assignment="a02_backprop",
        name="Relu.backward masks a copy of dout (the book's form on a copy)",
        file="layers.py",
        find="        dx = np.array(dout, dtype=float, copy=True)\n        dx[self.mask] = 0.0\n        return dx\n",
        replace="        dout = dout.copy()\n        dout[self.mask] = 0\n        dx = dout\n        return dx\n",
        why="DESIGN §3: Nothing mutates its arguments, `backward(dout)` included: a layer that needs a masked dout "
            "makes a copy.",
    ),
    Variant(
        assignment="a02_backprop",
        name="SoftmaxWithLoss log-sum-exp with np.logaddexp.reduce",
        file="layers.py",
        find="        log_z = np.log(np.sum(np.exp(shifted), axis=1))\n",
        replace="        log_z = np.logaddexp.reduce(shifted, axis=1)\n",
        why="DESIGN §3: `SoftmaxWithLoss` (`forward(x, t)` → loss from logits by log-sum-exp, so the loss is exact "
            "for large logits) — any exact log-sum-exp.",
    ),
]
