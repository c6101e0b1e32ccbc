"""Layers with forward and backward passes (순전파와 역전파를 하는 계층).

Sources: document 001 §2 (활성화 함수), §3 (행렬의 곱셈을 이용한 순전파), §6 (역전파); the layer design follows
"Deep Learning from Scratch" (밑바닥부터 시작하는 딥러닝) ch. 5.

Every layer is a class with
* ``forward(x)`` — computes the output and keeps what backward needs;
* ``backward(dout)`` — takes ∂L/∂out (the upstream gradient, 상류 기울기) and returns ∂L/∂x; layers with
  parameters also store ∂L/∂W and ∂L/∂b as attributes (``dW``, ``db``).
Arrays are batch first: x has shape (N, ...) for N samples. Neither method modifies its arguments.
"""
import numpy as np


class Relu:
    """ReLU layer (렐루 계층): out = max(0, x).

    backward: dx = dout where x > 0, else 0 (at x = 0 the gradient is taken as 0).

    요약: 순전파에서 x <= 0인 위치를 기억해 두고, 역전파에서 그 위치의 기울기를 0으로.
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        """x: ndarray (N, ...). Returns max(0, x), same shape."""
        ### BEGIN SOLUTION
        self.mask = x <= 0
        out = np.array(x, dtype=float, copy=True)
        out[self.mask] = 0.0
        return out
        ### END SOLUTION

    def backward(self, dout):
        """dout: ndarray like the forward output. Returns dx (same shape)."""
        ### BEGIN SOLUTION
        dx = np.array(dout, dtype=float, copy=True)
        dx[self.mask] = 0.0
        return dx
        ### END SOLUTION


class LeakyRelu:
    """Leaky ReLU layer (리키 렐루 계층): out = x where x > 0, alpha·x elsewhere.

    backward: dx = dout where x > 0, alpha·dout elsewhere. Default alpha 0.01 (document 003; document 001 uses 0.1).

    요약: 음수 구간의 기울기가 alpha인 ReLU.
    """

    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        """x: ndarray (N, ...). Returns the leaky ReLU of x, same shape."""
        ### BEGIN SOLUTION
        self.mask = x > 0
        return np.where(self.mask, x, self.alpha * x).astype(float)
        ### END SOLUTION

    def backward(self, dout):
        """Returns dx = dout · (1 if x > 0 else alpha)."""
        ### BEGIN SOLUTION
        return np.where(self.mask, dout, self.alpha * dout).astype(float)
        ### END SOLUTION


class Sigmoid:
    """Sigmoid layer (시그모이드 계층): out = σ(x) = 1 / (1 + exp(−x)).

    backward: dx = dout · out · (1 − out) — the derivative written with the forward output, so keep ``out``.
    Compute σ without overflow for large |x| (see functions.sigmoid).

    요약: 역전파는 dout × y(1 − y) (y는 순전파 출력).
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        """x: ndarray (N, ...). Returns σ(x), same shape."""
        ### BEGIN SOLUTION
        self.out = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))
        return self.out
        ### END SOLUTION

    def backward(self, dout):
        """Returns dx = dout · out · (1 − out)."""
        ### BEGIN SOLUTION
        return dout * self.out * (1.0 - self.out)
        ### END SOLUTION


class Tanh:
    """Tanh layer (하이퍼볼릭탄젠트 계층): out = tanh(x); backward dx = dout · (1 − out²).

    요약: 역전파는 dout × (1 − y²).
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        """x: ndarray (N, ...). Returns tanh(x)."""
        ### BEGIN SOLUTION
        self.out = np.tanh(np.asarray(x, dtype=float))
        return self.out
        ### END SOLUTION

    def backward(self, dout):
        """Returns dx = dout · (1 − out²)."""
        ### BEGIN SOLUTION
        return dout * (1.0 - self.out ** 2)
        ### END SOLUTION


class Affine:
    """Affine (fully connected) layer (Affine 계층, 완전연결 계층): out = x · W + b.

    W : ndarray (D, M) — input size D, output size M (weights are (in, out)); b : ndarray (M,).
    forward(x): x of shape (N, D), or (N, d1, d2, ...) which is flattened per sample to (N, D) first.
    Returns (N, M).
    backward(dout): dout (N, M). Sets
        self.dW = xᵀ · dout            shape (D, M)
        self.db = Σ_n dout[n]          shape (M,)   (sum over the batch)
    and returns dx = dout · Wᵀ reshaped back to the original shape of x.

    요약: 순전파 x·W + b, 역전파 dx = dout·Wᵀ, dW = xᵀ·dout, db = dout의 배치 합.
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
        ### BEGIN SOLUTION
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b
        ### END SOLUTION

    def backward(self, dout):
        """dout: (N, M). Sets self.dW (D, M), self.db (M,); returns dx in the original shape of x."""
        ### BEGIN SOLUTION
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        dx = dout @ self.W.T
        return dx.reshape(self.original_x_shape)
        ### END SOLUTION


class SoftmaxWithLoss:
    """Softmax followed by cross-entropy loss (Softmax-with-Loss 계층).

    forward(x, t): x the scores (logits, 점수) of shape (N, K) (a 1-D x is a batch of one); t the labels, either
    class indices (N,) or one-hot (N, K). Returns the mean cross-entropy loss, a float, computed from the logits
    with the log-sum-exp trick:  loss_n = log Σ_k exp(x_nk) − x_n,t_n,  log Σ exp(x) = m + log Σ exp(x − m) with
    m = max_k x_nk. This is exact even for huge logits (no overflow, no log(0), no 1e-7 guard).
    Keep y = softmax(x) for backward.
    backward(dout=1): returns dx = dout · (y − t_onehot) / N, shape of x (dout scales the gradient; the book
    ignores it, the kit does not).

    요약: 소프트맥스와 교차 엔트로피를 합친 계층; 역전파는 (y − t)/N × dout.
    """

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        """x: logits (N, K); t: labels (N,) or one-hot (N, K). Returns the mean loss (float)."""
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            x = x.reshape(1, -1)
        t = np.asarray(t)
        if t.size == x.size:
            t = t.reshape(x.shape).argmax(axis=1)
        t = t.reshape(-1).astype(int)
        m = np.max(x, axis=1, keepdims=True)
        shifted = x - m
        log_z = np.log(np.sum(np.exp(shifted), axis=1))
        n = x.shape[0]
        self.y = np.exp(shifted - log_z[:, None])
        self.t = t
        self.loss = float(np.mean(log_z - shifted[np.arange(n), t]))
        return self.loss
        ### END SOLUTION

    def backward(self, dout=1):
        """Returns dx = dout · (y − t_onehot) / N (shape (N, K))."""
        ### BEGIN SOLUTION
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1.0
        return dx * (dout / n)
        ### END SOLUTION


class SumSquaredLoss:
    """Sum-of-squares loss layer (오차제곱합 손실 계층): E = ½ Σ (y − t)² over every element.

    The loss of the backprop worked example of document 001 §6 (E_total = Σ ½(target − output)²); note that it is
    a sum, not a mean over the batch.
    forward(y, t): y, t arrays of the same shape; returns E (float).
    backward(dout=1): returns dE/dy = dout · (y − t).

    요약: E = ½ Σ (y − t)²; 역전파는 dout × (y − t).
    """

    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, y, t):
        """Returns ½ Σ (y − t)² (float)."""
        ### BEGIN SOLUTION
        self.y = np.asarray(y, dtype=float)
        self.t = np.asarray(t, dtype=float)
        return float(0.5 * np.sum((self.y - self.t) ** 2))
        ### END SOLUTION

    def backward(self, dout=1):
        """Returns dout · (y − t)."""
        ### BEGIN SOLUTION
        return dout * (self.y - self.t)
        ### END SOLUTION
