"""Alternative style: every update walks the parameter array element by element (np.ndindex) in a Python loop.

The per-key state (velocities, squared-gradient sums, moments) is created the first time a key is met, as float64
zeros, so a key that only shows up in a later update works. Each element is written back into the caller's
array (params[key][idx] = ...), which is an in-place update. Adam adds eps to √v̂ (the PyTorch form).
"""
import math

import numpy as np


def _zeros_for(store, key, param):
    """The state array of ``key`` in ``store``, created as zeros the first time the key is seen."""
    if key not in store:
        store[key] = np.zeros(np.shape(param))
    return store[key]


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key, p in params.items():
            g = grads[key]
            for idx in np.ndindex(p.shape):
                p[idx] = p[idx] - self.lr * g[idx]


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        for key, p in params.items():
            g = grads[key]
            v = _zeros_for(self.v, key, p)
            for idx in np.ndindex(p.shape):
                v[idx] = self.momentum * v[idx] - self.lr * g[idx]
                p[idx] = p[idx] + v[idx]


class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        mu, eta = self.momentum, self.lr
        for key, p in params.items():
            g = grads[key]
            v = _zeros_for(self.v, key, p)
            for idx in np.ndindex(p.shape):
                v[idx] = mu * v[idx] - eta * g[idx]           # new velocity first
                p[idx] = p[idx] + mu * v[idx] - eta * g[idx]  # then the look-ahead step with it


class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, p in params.items():
            g = grads[key]
            h = _zeros_for(self.h, key, p)
            for idx in np.ndindex(p.shape):
                h[idx] = h[idx] + g[idx] * g[idx]
                p[idx] = p[idx] - self.lr * g[idx] / (math.sqrt(h[idx]) + self.eps)


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        rho = self.decay_rate
        for key, p in params.items():
            g = grads[key]
            h = _zeros_for(self.h, key, p)
            for idx in np.ndindex(p.shape):
                h[idx] = rho * h[idx] + (1.0 - rho) * g[idx] * g[idx]
                p[idx] = p[idx] - self.lr * g[idx] / (math.sqrt(h[idx]) + self.eps)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self.m = {}
        self.v = {}

    def update(self, params, grads):
        self.t += 1                                  # one step per call, before the moments
        b1, b2 = self.beta1, self.beta2
        correction1 = 1.0 - b1 ** self.t
        correction2 = 1.0 - b2 ** self.t
        for key, p in params.items():
            g = grads[key]
            m = _zeros_for(self.m, key, p)
            v = _zeros_for(self.v, key, p)
            for idx in np.ndindex(p.shape):
                m[idx] = b1 * m[idx] + (1.0 - b1) * g[idx]
                v[idx] = b2 * v[idx] + (1.0 - b2) * g[idx] * g[idx]
                m_hat = m[idx] / correction1
                v_hat = v[idx] / correction2
                p[idx] = p[idx] - self.lr * m_hat / (math.sqrt(v_hat) + self.eps)


def clip_grad_norm(grads, max_norm):
    """Global L2 norm over every element of every array; if it exceeds max_norm, each element is multiplied by
    max_norm / norm in place. Returns the norm before clipping."""
    squares = 0.0
    for g in grads.values():
        for idx in np.ndindex(np.shape(g)):
            squares += float(g[idx]) ** 2
    norm = math.sqrt(squares)
    if norm > max_norm:
        factor = max_norm / norm
        for g in grads.values():
            for idx in np.ndindex(g.shape):
                g[idx] = g[idx] * factor
    return norm
