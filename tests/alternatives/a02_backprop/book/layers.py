"""Textbook style ("Deep Learning from Scratch", ch. 5): one class per layer with the book's attribute names
(mask, out, x, original_x_shape, dW, db, loss, y, t), np.dot for the matrix products.

Where the book differs from DESIGN §3, §3 wins: backward copies dout before masking it (the book masks dout in
place), the sigmoid never overflows, and SoftmaxWithLoss takes its loss from the logits with log-sum-exp (the
book computes cross_entropy_error(softmax(x), t) with the 1e-7 guard) and multiplies its gradient by dout.
SoftmaxWithLoss keeps a one-hot t as the book does and uses (y − t) / N for it.
"""
import numpy as np


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy().astype(np.float64)
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        dx = dout
        return dx


class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy().astype(np.float64)
        out[self.mask] *= self.alpha
        return out

    def backward(self, dout):
        dx = dout.copy().astype(np.float64)
        dx[self.mask] *= self.alpha
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        z = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = np.tanh(x)
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out ** 2)
        return dx


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(*self.original_x_shape)
        return dx


def _log_softmax(x):
    """log softmax over the last axis: x − max − log Σ exp(x − max)."""
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None   # the loss
        self.y = None      # softmax output
        self.t = None      # labels (indices or one-hot, as given)

    def forward(self, x, t):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 1:
            x = x.reshape(1, x.size)
        t = np.asarray(t)
        if t.size == x.size:
            t = t.reshape(x.shape)
        else:
            t = t.reshape(-1)
        self.t = t
        log_y = _log_softmax(x)
        self.y = np.exp(log_y)
        batch_size = x.shape[0]
        if self.t.size == self.y.size:
            self.loss = -np.sum(self.t * log_y) / batch_size
        else:
            self.loss = -np.sum(log_y[np.arange(batch_size), self.t]) / batch_size
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:   # one-hot labels
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx * dout


class SumSquaredLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, y, t):
        self.y = y
        self.t = t
        self.loss = 0.5 * np.sum((y - t) ** 2)
        return self.loss

    def backward(self, dout=1):
        dx = (self.y - self.t) * dout
        return dx
