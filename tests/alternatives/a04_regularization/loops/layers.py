"""a04 layers, LOOPS style: batch norm loops over the features (or channels), layer norm loops over the samples,
dropout draws its mask one unit at a time. Same API and results as DESIGN §3; only the way of computing differs.

The provided layers at the end (Relu, Sigmoid, Affine, SoftmaxWithLoss) are copied unchanged from the kit.
"""

import numpy as np


def _features_first(x):
    """View x as a 2-D array (features, values of that feature): (N, D) -> (D, N); (N, C, H, W) -> (C, N·H·W)."""
    if x.ndim == 2:
        return x.T
    if x.ndim == 4:
        return x.transpose(1, 0, 2, 3).reshape(x.shape[1], -1)
    raise ValueError(f"BatchNormalization expects a 2-D (N, D) or 4-D (N, C, H, W) input, got shape {x.shape}")


def _back_to_input_shape(rows, shape):
    """Undo _features_first: rows (features, values) -> an array of the input's shape."""
    if len(shape) == 2:
        return rows.T.copy()
    n, c, h, w = shape
    return rows.reshape(c, n, h, w).transpose(1, 0, 2, 3).copy()


def _normalize_row(values, eps):
    """Mean, biased variance, 1/std and the normalized values of one feature, with explicit sums."""
    m = len(values)
    total = 0.0
    for v in values:
        total += v
    mean = total / m
    square_sum = 0.0
    for v in values:
        square_sum += (v - mean) * (v - mean)
    var = square_sum / m
    inv_std = 1.0 / np.sqrt(var + eps)
    return mean, var, inv_std, (values - mean) * inv_std


class BatchNormalization:
    """Batch normalization, one feature (or channel) at a time."""

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros(np.shape(gamma)) if running_mean is None else running_mean
        self.running_var = np.ones(np.shape(gamma)) if running_var is None else running_var
        self.dgamma = None
        self.dbeta = None
        # remembered by forward for backward
        self.shape = None
        self.xn_rows = None
        self.inv_std = None
        self.train = None

    def forward(self, x, train_flg=True):
        x = np.asarray(x)
        rows = _features_first(x)
        n_features = rows.shape[0]
        gamma = np.ravel(self.gamma)
        beta = np.ravel(self.beta)
        xn_rows = np.empty(rows.shape)
        inv_std = np.empty(n_features)
        if train_flg:
            new_mean = np.array(np.ravel(self.running_mean), dtype=float)
            new_var = np.array(np.ravel(self.running_var), dtype=float)
            for j in range(n_features):
                mean, var, inv_std[j], xn_rows[j] = _normalize_row(rows[j], self.eps)
                new_mean[j] = self.momentum * new_mean[j] + (1.0 - self.momentum) * mean
                new_var[j] = self.momentum * new_var[j] + (1.0 - self.momentum) * var
            self.running_mean = new_mean.reshape(np.shape(self.running_mean))
            self.running_var = new_var.reshape(np.shape(self.running_var))
        else:
            running_mean = np.ravel(self.running_mean)
            running_var = np.ravel(self.running_var)
            for j in range(n_features):
                inv_std[j] = 1.0 / np.sqrt(running_var[j] + self.eps)
                xn_rows[j] = (rows[j] - running_mean[j]) * inv_std[j]
        out_rows = np.empty(rows.shape)
        for j in range(n_features):
            out_rows[j] = gamma[j] * xn_rows[j] + beta[j]
        self.shape, self.xn_rows, self.inv_std, self.train = x.shape, xn_rows, inv_std, bool(train_flg)
        return _back_to_input_shape(out_rows, x.shape)

    def backward(self, dout):
        dout_rows = _features_first(np.asarray(dout))
        gamma = np.ravel(self.gamma)
        n_features, m = dout_rows.shape
        dgamma = np.empty(n_features)
        dbeta = np.empty(n_features)
        dx_rows = np.empty(dout_rows.shape)
        for j in range(n_features):
            g, xn = dout_rows[j], self.xn_rows[j]
            dbeta[j] = np.sum(g)
            dgamma[j] = np.sum(g * xn)
            dxn = g * gamma[j]
            if self.train:
                # y = γ·x̂, x̂ = (x − μ)/σ: dL/dx_i = (dx̂_i − mean(dx̂) − x̂_i·mean(dx̂·x̂)) / σ
                dx_rows[j] = (dxn - np.sum(dxn) / m - xn * (np.sum(dxn * xn) / m)) * self.inv_std[j]
            else:
                dx_rows[j] = dxn * self.inv_std[j]
        self.dgamma = dgamma.reshape(np.shape(self.gamma))
        self.dbeta = dbeta.reshape(np.shape(self.beta))
        return _back_to_input_shape(dx_rows, self.shape)


class LayerNormalization:
    """Layer normalization, one sample (row) at a time."""

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps
        self.dgamma = None
        self.dbeta = None
        self.xn = None
        self.inv_std = None

    def forward(self, x, train_flg=True):
        x = np.asarray(x)
        rows = x.reshape(-1, x.shape[-1])
        xn = np.empty(rows.shape)
        inv_std = np.empty(rows.shape[0])
        for i in range(rows.shape[0]):
            _, _, inv_std[i], xn[i] = _normalize_row(rows[i], self.eps)
        self.xn, self.inv_std = xn, inv_std
        out = np.empty(rows.shape)
        for i in range(rows.shape[0]):
            out[i] = self.gamma * xn[i] + self.beta
        return out.reshape(x.shape)

    def backward(self, dout):
        dout = np.asarray(dout)
        rows = dout.reshape(-1, dout.shape[-1])
        d = rows.shape[1]
        dgamma = np.zeros(d)
        dbeta = np.zeros(d)
        dx = np.empty(rows.shape)
        for i in range(rows.shape[0]):
            dgamma += rows[i] * self.xn[i]
            dbeta += rows[i]
            dxn = rows[i] * self.gamma
            dx[i] = (dxn - np.sum(dxn) / d - self.xn[i] * (np.sum(dxn * self.xn[i]) / d)) * self.inv_std[i]
        self.dgamma = dgamma.reshape(np.shape(self.gamma))
        self.dbeta = dbeta.reshape(np.shape(self.beta))
        return dx.reshape(dout.shape)


def _float_dtype(a):
    """The dtype of a floating array (float32 stays float32), float64 for anything else."""
    return a.dtype if np.issubdtype(a.dtype, np.floating) else np.dtype(np.float64)


class Dropout:
    """Inverted dropout; the mask is drawn unit by unit (keep when the uniform draw is below 1 − ratio)."""

    def __init__(self, dropout_ratio=0.5, rng=None):
        if not 0.0 <= dropout_ratio < 1.0:
            raise ValueError(f"dropout_ratio must be in [0, 1), got {dropout_ratio}")
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None

    def forward(self, x, train_flg=True):
        x = np.asarray(x)
        if not train_flg:
            self.mask = None
            return x.copy()
        keep_probability = 1.0 - self.dropout_ratio
        mask = np.empty(x.size, dtype=bool)
        for k in range(x.size):
            mask[k] = self.rng.random() < keep_probability
        self.mask = mask.reshape(x.shape)
        out = np.zeros(x.shape, dtype=_float_dtype(x))
        for k in range(x.size):
            if mask[k]:
                out.flat[k] = x.flat[k] / keep_probability
        return out

    def backward(self, dout):
        dout = np.asarray(dout)
        if self.mask is None:
            return dout.copy()
        keep_probability = 1.0 - self.dropout_ratio
        dx = np.zeros(dout.shape, dtype=_float_dtype(dout))
        for index in zip(*np.nonzero(self.mask)):
            dx[index] = dout[index] / keep_probability
        return dx


# The provided layers (Relu, Sigmoid, Affine, SoftmaxWithLoss) are not repeated here: complete_folder() appends
# them from the student release, as they stand in every student's copy of this file.
