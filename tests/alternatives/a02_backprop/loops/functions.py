"""Alternative style: explicit Python loops over the elements (or rows) instead of vectorized numpy.

Each function walks its input with np.ndindex (element by element) or row by row, using the scalar functions of
the math module. The numerics are the safe ones: the sigmoid branches on the sign of x so that exp never sees a
large positive number, softmax subtracts each row's maximum, the losses are exact (no 1e-7 guard).
"""
import math

import numpy as np


def _elementwise(x, scalar_fn, dtype=np.float64):
    """Apply scalar_fn to every element of x in a Python loop; returns a new array of x's shape."""
    x = np.asarray(x)
    out = np.empty(x.shape, dtype=dtype)
    for idx in np.ndindex(x.shape):
        out[idx] = scalar_fn(x[idx])
    return out


def step_function(x):
    """1 where x > 0, else 0 (int array)."""
    return _elementwise(x, lambda v: 1 if v > 0 else 0, dtype=int)


def _sigmoid_scalar(v):
    v = float(v)
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)            # v < 0, so e is in (0, 1): no overflow
    return e / (1.0 + e)


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), one element at a time, never exponentiating a large positive number."""
    return _elementwise(x, _sigmoid_scalar)


def tanh(x):
    """tanh, one element at a time (math.tanh is stable)."""
    return _elementwise(x, lambda v: math.tanh(float(v)))


def relu(x):
    """max(0, x) element by element; keeps the dtype of x."""
    x = np.asarray(x)
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        out[idx] = x[idx] if x[idx] > 0 else 0
    return out


def leaky_relu(x, alpha=0.01):
    """x where x > 0, alpha·x elsewhere, element by element."""
    return _elementwise(x, lambda v: float(v) if v > 0 else alpha * float(v))


def softmax(x):
    """Softmax over the last axis, one row (vector of the last axis) at a time."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty(x.shape)
    for lead in np.ndindex(x.shape[:-1]):
        row = x[lead]
        top = max(row)
        exps = [math.exp(v - top) for v in row]   # every exponent is <= 0
        total = sum(exps)
        for k in range(len(exps)):
            out[lead + (k,)] = exps[k] / total
    return out


def mean_squared_error(y, t):
    """Mean over every element of (y − t)²."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    total = 0.0
    count = 0
    for idx in np.ndindex(y.shape):
        diff = y[idx] - t[idx]
        total += diff * diff
        count += 1
    return total / count


def sum_squared_error(y, t):
    """½ Σ (y − t)² over every element."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    total = 0.0
    for idx in np.ndindex(y.shape):
        diff = y[idx] - t[idx]
        total += diff * diff
    return 0.5 * total


def _labels(t, n_samples, n_classes):
    """Class index of every sample, from labels or one-hot rows."""
    t = np.asarray(t)
    if t.size == n_samples * n_classes:          # one-hot rows (with one class both readings give 0)
        rows = t.reshape(n_samples, n_classes)
        labels = []
        for n in range(n_samples):
            best = 0
            for k in range(1, n_classes):
                if rows[n, k] > rows[n, best]:
                    best = k
            labels.append(best)
        return labels
    return [int(v) for v in t.reshape(-1)]


def cross_entropy_error(y, t):
    """−(1/N) Σ_n log y[n, label_n], summed in a loop over the samples (exact log, no guard)."""
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == 1:
        y = y.reshape(1, -1)
    n_samples, n_classes = y.shape
    labels = _labels(t, n_samples, n_classes)
    total = 0.0
    for n in range(n_samples):
        total -= math.log(y[n, labels[n]])
    return total / n_samples


def binary_cross_entropy(y, t):
    """Mean over every element of −[t log y + (1 − t) log(1 − y)]."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    total = 0.0
    count = 0
    for idx in np.ndindex(y.shape):
        p, target = y[idx], t[idx]
        total -= target * math.log(p) + (1.0 - target) * math.log(1.0 - p)
        count += 1
    return total / count
