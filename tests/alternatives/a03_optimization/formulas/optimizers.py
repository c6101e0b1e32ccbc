"""Alternative style: other but equal update formulas, written with in-place numpy operations.

- Momentum / Nesterov keep v in place (v *= μ; v -= η·g) and Nesterov applies W ← W − (1 + μ)·η·g + μ²·v_old
  BEFORE updating v (algebraically the same as v ← μv − ηg; W ← W + μv − ηg);
- RMSprop and Adam use the "move toward" form of an exponential average: h += (1 − ρ)(g² − h), which equals
  ρh + (1 − ρ)g²;
- Adam divides by (√v̂ + eps) written as √v / √(1 − β2^t) + eps (PyTorch's placement of eps);
- clip_grad_norm takes the global norm with np.linalg.norm of all gradients concatenated and has no epsilon.
State is created per key the first time that key is met, via dict.setdefault.
"""
import numpy as np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key, p in params.items():
            np.subtract(p, self.lr * grads[key], out=p)


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        for key, p in params.items():
            v = self.v.setdefault(key, np.zeros_like(p))
            v *= self.momentum
            v -= self.lr * grads[key]
            p += v


class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        mu, eta = self.momentum, self.lr
        for key, p in params.items():
            g = grads[key]
            v = self.v.setdefault(key, np.zeros_like(p))
            p += mu * mu * v - (1.0 + mu) * eta * g        # uses the velocity of the previous step
            v *= mu
            v -= eta * g


class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, p in params.items():
            g = grads[key]
            h = self.h.setdefault(key, np.zeros_like(p))
            h += np.square(g)
            p -= self.lr * np.divide(g, np.sqrt(h) + self.eps)


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, p in params.items():
            g = grads[key]
            h = self.h.setdefault(key, np.zeros_like(p))
            h += (1.0 - self.decay_rate) * (np.square(g) - h)
            p -= self.lr * g / (np.sqrt(h) + self.eps)


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
        self.t += 1
        scale_m = 1.0 / (1.0 - self.beta1 ** self.t)
        sqrt_corr_v = np.sqrt(1.0 - self.beta2 ** self.t)
        for key, p in params.items():
            g = grads[key]
            m = self.m.setdefault(key, np.zeros_like(p))
            v = self.v.setdefault(key, np.zeros_like(p))
            m += (1.0 - self.beta1) * (g - m)
            v += (1.0 - self.beta2) * (g * g - v)
            p -= self.lr * (m * scale_m) / (np.sqrt(v) / sqrt_corr_v + self.eps)


def clip_grad_norm(grads, max_norm):
    if not grads:
        return 0.0
    norm = float(np.linalg.norm(np.concatenate([np.ravel(g) for g in grads.values()])))
    if norm > max_norm:
        for g in grads.values():
            np.multiply(g, max_norm / norm, out=g)
    return norm
