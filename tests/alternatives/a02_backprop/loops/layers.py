"""Alternative style: explicit Python loops — element by element for the activations, sample by sample for
Affine and the losses.

Every layer remembers what its backward needs in forward, and backward builds a NEW array for dx (the upstream
gradient ``dout`` is only read). SoftmaxWithLoss computes each sample's loss with its own log-sum-exp, so the
loss is exact for huge logits.
"""
import math

import numpy as np


def _stable_sigmoid(v):
    v = float(v)
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


class Relu:
    """out = max(0, x); the gradient passes where x > 0 and is 0 elsewhere (x = 0 included)."""

    def __init__(self):
        self.mask = None          # True where the input was <= 0

    def forward(self, x):
        x = np.asarray(x)
        self.mask = np.zeros(x.shape, dtype=bool)
        out = np.empty(x.shape, dtype=np.float64)
        for idx in np.ndindex(x.shape):
            if x[idx] > 0:
                out[idx] = x[idx]
            else:
                self.mask[idx] = True
                out[idx] = 0.0
        return out

    def backward(self, dout):
        dx = np.empty(self.mask.shape, dtype=np.float64)
        for idx in np.ndindex(self.mask.shape):
            dx[idx] = 0.0 if self.mask[idx] else dout[idx]
        return dx


class LeakyRelu:
    """out = x where x > 0, alpha·x elsewhere; the local slope is 1 or alpha."""

    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.slope = None         # the local derivative, element by element

    def forward(self, x):
        x = np.asarray(x)
        self.slope = np.empty(x.shape, dtype=np.float64)
        out = np.empty(x.shape, dtype=np.float64)
        for idx in np.ndindex(x.shape):
            self.slope[idx] = 1.0 if x[idx] > 0 else self.alpha
            out[idx] = self.slope[idx] * x[idx]
        return out

    def backward(self, dout):
        dx = np.empty(self.slope.shape, dtype=np.float64)
        for idx in np.ndindex(self.slope.shape):
            dx[idx] = self.slope[idx] * dout[idx]
        return dx


class Sigmoid:
    """out = σ(x), computed per element without overflow; dx = dout · out · (1 − out)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x)
        self.out = np.empty(x.shape, dtype=np.float64)
        for idx in np.ndindex(x.shape):
            self.out[idx] = _stable_sigmoid(x[idx])
        return self.out.copy()

    def backward(self, dout):
        dx = np.empty(self.out.shape, dtype=np.float64)
        for idx in np.ndindex(self.out.shape):
            s = self.out[idx]
            dx[idx] = dout[idx] * s * (1.0 - s)
        return dx


class Tanh:
    """out = tanh(x); dx = dout · (1 − out²)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x)
        self.out = np.empty(x.shape, dtype=np.float64)
        for idx in np.ndindex(x.shape):
            self.out[idx] = math.tanh(float(x[idx]))
        return self.out.copy()

    def backward(self, dout):
        dx = np.empty(self.out.shape, dtype=np.float64)
        for idx in np.ndindex(self.out.shape):
            dx[idx] = dout[idx] * (1.0 - self.out[idx] * self.out[idx])
        return dx


class Affine:
    """out = x · W + b, one sample at a time. W (D, M), b (M,); x (N, D) or (N, ...) flattened per sample."""

    def __init__(self, W, b):
        self.W = W                # the very arrays given (an optimizer updates them in place)
        self.b = b
        self.x = None
        self.input_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        self.input_shape = x.shape
        n = x.shape[0]
        self.x = x.reshape(n, -1).astype(np.float64)       # a private copy
        out = np.empty((n, self.W.shape[1]))
        for i in range(n):
            out[i] = np.dot(self.x[i], self.W) + self.b
        return out

    def backward(self, dout):
        n = self.x.shape[0]
        dW = np.zeros(self.W.shape)
        db = np.zeros(self.W.shape[1])
        dx = np.empty(self.x.shape)
        for i in range(n):
            dW += np.outer(self.x[i], dout[i])     # ∂L/∂W = Σ_i x_iᵀ dout_i
            db += dout[i]                          # ∂L/∂b = Σ_i dout_i
            dx[i] = np.dot(self.W, dout[i])        # ∂L/∂x_i = W dout_i
        self.dW = dW
        self.db = db
        return dx.reshape(self.input_shape)


class SoftmaxWithLoss:
    """Mean cross entropy of softmax(x) against labels t, computed per sample from the logits:
    loss_i = logsumexp(x_i) − x_i[t_i] with logsumexp(v) = max v + log Σ exp(v − max v)."""

    def __init__(self):
        self.loss = None
        self.y = None             # softmax probabilities (N, K)
        self.labels = None        # class index per sample
        self.input_shape = None

    def forward(self, x, t):
        x = np.asarray(x, dtype=np.float64)
        self.input_shape = x.shape
        x2 = x.reshape(1, -1) if x.ndim == 1 else x
        n, k = x2.shape
        t = np.asarray(t)
        if t.size == n * k:                     # one-hot rows
            rows = t.reshape(n, k)
            self.labels = [int(np.argmax(rows[i])) for i in range(n)]
        else:
            self.labels = [int(v) for v in t.reshape(-1)]
        self.y = np.empty((n, k))
        total = 0.0
        for i in range(n):
            top = float(np.max(x2[i]))
            log_sum = top + math.log(sum(math.exp(v - top) for v in x2[i]))
            total += log_sum - x2[i, self.labels[i]]
            for j in range(k):
                self.y[i, j] = math.exp(x2[i, j] - log_sum)
        self.loss = total / n
        return self.loss

    def backward(self, dout=1):
        n, k = self.y.shape
        dx = np.empty((n, k))
        for i in range(n):
            for j in range(k):
                target = 1.0 if j == self.labels[i] else 0.0
                dx[i, j] = dout * (self.y[i, j] - target) / n
        return dx.reshape(self.input_shape)


class SumSquaredLoss:
    """E = ½ Σ (y − t)² over every element; dE/dy = dout · (y − t)."""

    def __init__(self):
        self.diff = None

    def forward(self, y, t):
        y = np.asarray(y, dtype=np.float64)
        t = np.asarray(t, dtype=np.float64)
        self.diff = np.empty(y.shape)
        total = 0.0
        for idx in np.ndindex(y.shape):
            self.diff[idx] = y[idx] - t[idx]
            total += self.diff[idx] ** 2
        return 0.5 * total

    def backward(self, dout=1):
        dy = np.empty(self.diff.shape)
        for idx in np.ndindex(self.diff.shape):
            dy[idx] = dout * self.diff[idx]
        return dy
