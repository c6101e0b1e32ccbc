"""a05 layers.py: the PROVIDED layers (Relu, Affine, SoftmaxWithLoss), no exercise in this file. The code below is
copied unchanged from the kit (solutions/a05_cnn/layers.py), only this docstring is new.
"""
import numpy as np


class Relu:
    """ReLU layer (렐루 계층): out = max(0, x); backward dx = dout where x > 0, else 0.

    요약: 순전파에서 x > 0인 위치를 기억하고, 역전파에서 그 위치로만 기울기를 전달합니다.
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        """x: ndarray of any shape. Returns max(0, x), same shape and dtype."""
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, dout):
        """dout: ndarray like the forward output. Returns dx = dout where x > 0, else 0."""
        return dout * self.mask


class Affine:
    """Affine (fully connected) layer (Affine 계층): out = x · W + b.

    W : ndarray (D, M), weights (in, out); b : ndarray (M,). The layer keeps these arrays themselves (not copies),
    so an optimizer that updates them in place trains the layer.
    forward(x): x (N, D), or (N, d1, d2, ...) flattened per sample to (N, D) with D = d1·d2·…; returns (N, M).
    backward(dout): dout (N, M). Sets self.dW = xᵀ · dout (D, M) and self.db = Σ_n dout[n] (M,);
    returns dx = dout · Wᵀ reshaped back to the original shape of x.

    요약: 순전파 x·W + b (다차원 입력은 샘플별로 펼침), 역전파 dx = dout·Wᵀ, dW = xᵀ·dout, db = 배치 합.
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        """x: (N, D) or (N, ...) flattened to (N, D). Returns x·W + b, shape (N, M)."""
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        """dout: (N, M). Sets self.dW (D, M) and self.db (M,); returns dx in the original shape of x."""
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return (dout @ self.W.T).reshape(self.original_x_shape)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss (Softmax-with-Loss 계층).

    forward(x, t): x the scores (logits, 점수) of shape (N, K) (a 1-D x is one sample); t the labels, either
    class indices (N,) or one-hot / probability rows (N, K). Returns the mean cross-entropy loss as a float:
        log_softmax(x)_nk = x_nk − m_n − log Σ_k exp(x_nk − m_n),  m_n = max_k x_nk   (log-sum-exp)
        loss = −(1/N) Σ_n Σ_k t_nk · log_softmax(x)_nk
    which is exact even for huge logits (no overflow, no log(0), no 1e-7 guard).
    backward(dout=1): returns dx = dout · (softmax(x) − t) / N, the shape of x (dout scales the gradient; the book
    ignores it, the kit does not).

    요약: 소프트맥스 + 교차 엔트로피 (log-sum-exp로 안정적으로 계산); 역전파는 dout × (y − t)/N.
    """

    def __init__(self):
        self.loss = None
        self.y = None       # softmax probabilities, (N, K)
        self.t = None       # targets as probability rows (one-hot), (N, K)
        self.x_shape = None

    def forward(self, x, t):
        """x: logits (N, K) or (K,); t: labels (N,) or one-hot (N, K). Returns the mean loss (float)."""
        x = np.asarray(x)
        self.x_shape = x.shape
        x = x.reshape(-1, x.shape[-1])
        t = np.asarray(t)
        if t.size == x.size:                       # one-hot (or probability) rows
            t_rows = t.reshape(x.shape).astype(x.dtype, copy=False)
        else:                                      # class indices
            t_rows = np.zeros_like(x)
            t_rows[np.arange(x.shape[0]), t.reshape(-1).astype(np.intp)] = 1
        shifted = x - x.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.y = np.exp(log_probs)
        self.t = t_rows
        self.loss = float(-(t_rows * log_probs).sum() / x.shape[0])
        return self.loss

    def backward(self, dout=1):
        """Returns dx = dout · (y − t) / N, with the shape of the forward input x."""
        n = self.y.shape[0]
        return ((self.y - self.t) * (dout / n)).reshape(self.x_shape)
