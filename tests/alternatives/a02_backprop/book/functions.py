"""Textbook style ("Deep Learning from Scratch", ch. 3–4), kept within what DESIGN §3 accepts.

Vectorized numpy as in the book; softmax handles a batch by working on the transposed array (so the maximum and
the sum are taken along axis 0); cross_entropy_error keeps the book's log(y + 1e-7) guard, which §3 accepts
("the book's log(y + 1e-7) guard must still be accepted"). The sigmoid is written sign-aware so that it stays
finite and silent for |x| up to 1000 (the book's 1 / (1 + np.exp(-x)) would warn for x = -1000).
"""
import numpy as np


def step_function(x):
    y = np.array(x) > 0
    return y.astype(np.int64)


def sigmoid(x):
    x = np.array(x, dtype=np.float64)
    z = np.exp(-np.abs(x))                   # in (0, 1], never overflows
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def tanh(x):
    return np.tanh(np.array(x, dtype=np.float64))


def relu(x):
    return np.maximum(0, x)


def leaky_relu(x, alpha=0.01):
    x = np.array(x, dtype=np.float64)
    return np.maximum(alpha * x, x) if alpha <= 1 else np.where(x > 0, x, alpha * x)


def softmax(x):
    x = np.array(x, dtype=np.float64)
    if x.ndim >= 2:
        x = x.T                              # classes on axis 0
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def mean_squared_error(y, t):
    return np.mean((np.array(y, dtype=np.float64) - t) ** 2)


def sum_squared_error(y, t):
    return 0.5 * np.sum((np.array(y, dtype=np.float64) - t) ** 2)


def cross_entropy_error(y, t):
    y = np.array(y, dtype=np.float64)
    t = np.array(t)
    if y.ndim == 1:
        y = y.reshape(1, y.size)
        t = t.reshape(1, t.size)
    batch_size = y.shape[0]
    delta = 1e-7                              # the book's guard against log(0)
    if t.size == y.size:                      # one-hot: −Σ t·log y
        return -np.sum(t * np.log(y + delta)) / batch_size
    return -np.sum(np.log(y[np.arange(batch_size), t.reshape(-1)] + delta)) / batch_size


def binary_cross_entropy(y, t):
    y = np.array(y, dtype=np.float64)
    return -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
