"""Alternative style: other but equal formulas for the layers.

- Relu / LeakyRelu keep the local derivative (a 0/1 or 1/alpha array) and multiply dout by it;
- Sigmoid uses the log-add-exp form and the derivative σ(x)·σ(−x) (= σ(x)(1 − σ(x)));
- Tanh's derivative is written (1 − y)(1 + y);
- Affine uses np.einsum for all three products;
- SoftmaxWithLoss takes the log-sum-exp with np.logaddexp.reduce and builds the one-hot target with np.eye.
"""
import numpy as np


def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


class Relu:
    def __init__(self):
        self.gate = None

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        self.gate = (x > 0).astype(np.float64)
        return x * self.gate + 0.0

    def backward(self, dout):
        return np.asarray(dout, dtype=np.float64) * self.gate


class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.slope = None

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        self.slope = np.where(x > 0, 1.0, self.alpha)
        return self.slope * x

    def backward(self, dout):
        return self.slope * dout


class Sigmoid:
    def __init__(self):
        self.out = None
        self.out_neg = None      # σ(−x) = 1 − σ(x), computed directly

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        self.out = _sigmoid(x)
        self.out_neg = _sigmoid(-x)
        return self.out

    def backward(self, dout):
        return dout * self.out * self.out_neg


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(np.asarray(x, dtype=np.float64))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * (1.0 + self.out)


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        self.x_shape = x.shape
        self.x = x.reshape(len(x), -1)
        return np.einsum("nd,dm->nm", self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.einsum("nd,nm->dm", self.x, dout)
        self.db = np.einsum("nm->m", dout)
        return np.einsum("nm,dm->nd", dout, self.W).reshape(self.x_shape)


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None            # one-hot targets (N, K)
        self.x_shape = None

    def forward(self, x, t):
        x = np.asarray(x, dtype=np.float64)
        self.x_shape = x.shape
        x = np.atleast_2d(x)
        n, k = x.shape
        t = np.asarray(t)
        self.t = t.reshape(n, k).astype(np.float64) if t.size == n * k else np.eye(k)[t.reshape(-1).astype(int)]
        lse = np.logaddexp.reduce(x, axis=1, keepdims=True)          # log Σ_k exp(x_k), stable
        self.y = np.exp(x - lse)
        self.loss = float(np.sum(self.t * (lse - x)) / n)           # Σ_k t_k (lse − x_k) = lse − x_label
        return self.loss

    def backward(self, dout=1):
        n = self.y.shape[0]
        return ((self.y - self.t) * (dout / n)).reshape(self.x_shape)


class SumSquaredLoss:
    def __init__(self):
        self.residual = None

    def forward(self, y, t):
        self.residual = np.asarray(y, dtype=np.float64) - np.asarray(t, dtype=np.float64)
        r = self.residual.ravel()
        return float(0.5 * np.dot(r, r))

    def backward(self, dout=1):
        return self.residual * dout
