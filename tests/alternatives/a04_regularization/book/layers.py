"""a04 layers, BOOK style ("Deep Learning from Scratch" ch. 6 structure): BatchNormalization keeps xc, std and the
batch size and backpropagates through the computational graph step by step (x̂ ← xc/std ← var ← xc ← μ); its
running statistics are created lazily on the first forward when not given, starting at mean 0 and VARIANCE 0 as in
the book (DESIGN §3 accepts this start). 4-D inputs are normalized per channel (the kit's rule) by moving the
channel axis last and flattening to (N·H·W, C). Dropout is the book's layer made inverted (mask from
rng.random(...) > ratio, kept units scaled by 1/(1 − ratio), identity at test time).

The provided layers at the end (Relu, Sigmoid, Affine, SoftmaxWithLoss) are copied unchanged from the kit.
"""

import numpy as np


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.input_shape = None      # (N, D) or (N, C, H, W), for reshaping back

        # test-mode statistics; None until the first forward creates them (book: mean 0, variance 0)
        self.running_mean = running_mean
        self.running_var = running_var

        # intermediate values for backward
        self.train_flg = None
        self.batch_size = None
        self.xc = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    @staticmethod
    def _to_2d(x):
        if x.ndim == 2:
            return x
        if x.ndim == 4:
            n, c, h, w = x.shape
            return x.transpose(0, 2, 3, 1).reshape(-1, c)
        raise ValueError(f"BatchNormalization expects a 2-D or 4-D input, got shape {x.shape}")

    def _from_2d(self, y):
        if len(self.input_shape) == 2:
            return y
        n, c, h, w = self.input_shape
        return y.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def forward(self, x, train_flg=True):
        x = np.asarray(x)
        self.input_shape = x.shape
        out = self.__forward(self._to_2d(x), train_flg)
        return self._from_2d(out)

    def __forward(self, x, train_flg):
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1])
        if self.running_var is None:
            self.running_var = np.zeros(x.shape[1])
        gamma = np.reshape(self.gamma, -1)
        beta = np.reshape(self.beta, -1)

        self.train_flg = bool(train_flg)
        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc ** 2, axis=0)
            std = np.sqrt(var + self.eps)
            xn = xc / std

            self.batch_size = x.shape[0]
            self.xc = xc
            self.xn = xn
            self.std = std
            shape = np.shape(self.running_mean)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu.reshape(shape)
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var.reshape(shape)
        else:
            xc = x - np.reshape(self.running_mean, -1)
            std = np.sqrt(np.reshape(self.running_var, -1) + self.eps)
            xn = xc / std
            self.xn = xn
            self.std = std

        return gamma * xn + beta

    def backward(self, dout):
        dout = self._to_2d(np.asarray(dout))
        dx = self.__backward(dout)
        return self._from_2d(dx)

    def __backward(self, dout):
        gamma = np.reshape(self.gamma, -1)
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(self.xn * dout, axis=0)
        self.dgamma = dgamma.reshape(np.shape(self.gamma))
        self.dbeta = dbeta.reshape(np.shape(self.beta))

        dxn = gamma * dout
        if not self.train_flg:
            return dxn / self.std               # statistics are constants in test mode
        # through x̂ = xc / std
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        # through std = √(var + eps), var = mean(xc²)
        dvar = 0.5 * dstd / self.std
        dxc = dxc + (2.0 / self.batch_size) * self.xc * dvar
        # through xc = x − μ, μ = mean(x)
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / self.batch_size


class LayerNormalization:
    """Layer norm with the same step-by-step backward as the book's batch norm, along each row."""

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps
        self.xc = None
        self.std = None
        self.xn = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        x = np.asarray(x)
        mu = np.mean(x, axis=-1, keepdims=True)
        self.xc = x - mu
        self.std = np.sqrt(np.mean(self.xc ** 2, axis=-1, keepdims=True) + self.eps)
        self.xn = self.xc / self.std
        return self.gamma * self.xn + self.beta

    def backward(self, dout):
        dout = np.asarray(dout)
        d = dout.shape[-1]
        self.dbeta = dout.reshape(-1, d).sum(axis=0)
        self.dgamma = (self.xn * dout).reshape(-1, d).sum(axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc / (self.std * self.std), axis=-1, keepdims=True)
        dvar = 0.5 * dstd / self.std
        dxc = dxc + (2.0 / d) * self.xc * dvar
        dmu = np.sum(dxc, axis=-1, keepdims=True)
        return dxc - dmu / d


class Dropout:
    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(np.shape(x)) > self.dropout_ratio
            return x * self.mask / (1.0 - self.dropout_ratio)
        self.mask = None
        return x                               # inverted dropout: nothing to do at test time

    def backward(self, dout):
        if self.mask is None:
            return dout
        return dout * self.mask / (1.0 - self.dropout_ratio)


# The provided layers (Relu, Sigmoid, Affine, SoftmaxWithLoss) are not repeated here: complete_folder() appends
# them from the student release, as they stand in every student's copy of this file.
