"""Layers for regularization and normalization (정규화 계층과 규제 기법).

Exercises of this assignment (you implement them):

- ``BatchNormalization``  batch normalization (배치 정규화), per feature for (N, D) and per channel for
  (N, C, H, W), with running statistics for test mode
- ``LayerNormalization``  layer normalization (층 정규화), per sample over its features
- ``Dropout``             inverted dropout (드롭아웃)

Provided complete at the end of the file (from a02_backprop, no exercise here): ``Relu``, ``Sigmoid``,
``Affine``, ``SoftmaxWithLoss``, so that ``network.py`` can build a whole network.

Sources: document 000 "3. 배치 정규화" and "4. 바른 학습을 위해" (dropout); document 001 part 4 "4. 드롭아웃" and
part 5 "배치 정규화" (the four equations μ_B, σ_B², x̂, y = γx̂ + β; 미니 배치 크기에 의존적, RNN 에 적용하기
어려움) and "5. 층 정규화"; document 003 "드롭아웃"; document 004 "Batch Normalization".

Layer interface (the book's style): ``forward(...)`` returns the output and remembers what ``backward`` needs;
``backward(dout)`` takes dL/d(output), returns dL/d(input) with the input's shape and stores the gradients of
the layer's parameters as attributes (``dgamma``, ``dbeta``, ``dW``, ``db``). Layers never modify their inputs.
Parameter arrays (``gamma``, ``beta``, ``W``, ``b``) are kept by reference, not copied: an optimizer that updates
a network's ``params`` in place updates the layers too.

요약: 배치 정규화, 층 정규화, 드롭아웃 계층 (과제)과 a02 에서 가져온 Relu, Sigmoid, Affine, SoftmaxWithLoss (제공).
"""

import numpy as np


class BatchNormalization:
    """Batch normalization (배치 정규화, Ioffe & Szegedy 2015).

    Normalizes each feature over the mini-batch, then scales and shifts it with learned γ (scale, 스케일 조정)
    and β (shift, 시프트) (documents 001 and 004):

        μ_B  = (1/m) Σ_i x_i                       mini-batch mean (미니 배치 평균)
        σ_B² = (1/m) Σ_i (x_i − μ_B)²              BIASED mini-batch variance (divide by m, not m − 1)
        x̂_i  = (x_i − μ_B) / √(σ_B² + eps)          normalization (정규화)
        y_i  = γ · x̂_i + β

    What is "one feature" depends on the input:

    - x of shape (N, D): statistics per column over the N samples (m = N); γ, β have shape (D,).
    - x of shape (N, C, H, W) (conv feature maps): statistics per channel over N, H and W (m = N·H·W);
      γ, β have shape (C,). (The book's code flattens to (N, C·H·W) instead; the kit normalizes per channel.)

    Training mode (``train_flg=True``) uses the batch statistics and updates the running statistics:

        running_mean ← momentum · running_mean + (1 − momentum) · μ_B
        running_var  ← momentum · running_var  + (1 − momentum) · σ_B²     (the biased σ_B²)

    Test mode (``train_flg=False``) uses the running statistics instead of μ_B, σ_B² and does not change them.
    When ``running_mean`` / ``running_var`` are not given they start at 0 and 1, so test mode before any
    training is (almost) the affine map γ·x + β.

    Parameters
    ----------
    gamma : numpy.ndarray, shape (D,) or (C,)
        Scale γ (usually ones). Kept by reference.
    beta : numpy.ndarray, same shape as gamma
        Shift β (usually zeros). Kept by reference.
    momentum : float
        Weight of the old running statistics, default 0.9.
    running_mean, running_var : numpy.ndarray or None
        Initial running statistics (shape like gamma); ``None`` → zeros and ones.
    eps : float
        Added to the variance before the square root, default 1e-5.

    Attributes
    ----------
    running_mean, running_var : numpy.ndarray
        Running statistics (replaced by new arrays on each training forward; the given arrays are not modified).
    dgamma, dbeta : numpy.ndarray or None
        Gradients set by ``backward``, same shapes as gamma and beta.

    요약: 미니 배치의 평균·분산(편향 분산)으로 정규화한 뒤 γ, β 로 스케일·시프트하는 계층.
    """

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        # running statistics start at mean 0 and variance 1 (kit convention)
        self.running_mean = np.zeros(np.shape(gamma)) if running_mean is None else running_mean
        self.running_var = np.ones(np.shape(gamma)) if running_var is None else running_var
        # gradients of the parameters, set by backward
        self.dgamma = None
        self.dbeta = None
        # values remembered by forward for backward (use any names you like)
        self.cache = None

    def forward(self, x, train_flg=True):
        """Normalize ``x`` with batch statistics (training) or running statistics (test).

        Parameters
        ----------
        x : numpy.ndarray, shape (N, D) or (N, C, H, W)
            Input. In training mode N ≥ 2 is needed for the statistics to mean anything.
        train_flg : bool
            True: use μ_B, σ_B² of this batch and update the running statistics.
            False: use ``running_mean``, ``running_var`` (unchanged).

        Returns
        -------
        numpy.ndarray, same shape as x
            y = γ · x̂ + β, with γ, β broadcast per feature (2-D) or per channel (4-D).

        Raises
        ------
        ValueError
            If ``x`` is neither 2-D nor 4-D.

        요약: 학습 시 배치 통계로, 추론 시 이동 평균 통계로 정규화하고 γx̂ + β 를 돌려준다.
        """
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        """Backpropagate through the last ``forward``; set ``dgamma`` and ``dbeta``.

        Parameter gradients (sums over the same axes as the statistics):

            dβ = Σ dout            dγ = Σ dout · x̂

        Input gradient:

        - after a training-mode forward, μ_B and σ_B² are functions of every x_i of the batch: follow the
          computational graph x → (x − μ_B) → σ_B² → x̂ → y backwards and include the paths through μ_B and σ_B².
          (Check: the result sums to 0 over the batch axes for every feature.)
        - after a test-mode forward the statistics are constants, so dx = dout · γ / √(running_var + eps).

        Parameters
        ----------
        dout : numpy.ndarray, same shape as the forward output
            Upstream gradient dL/dy.

        Returns
        -------
        numpy.ndarray, same shape as x
            dL/dx. Also sets ``self.dgamma`` and ``self.dbeta`` (shapes of gamma and beta).

        요약: dγ = Σ dout·x̂, dβ = Σ dout 를 저장하고, 평균과 분산을 거치는 경로까지 포함한 dx 를 돌려준다.
        """
        # YOUR CODE HERE
        raise NotImplementedError()


class LayerNormalization:
    """Layer normalization (층 정규화, Ba, Kiros & Hinton 2016).

    Normalizes each SAMPLE over its own features, so it does not depend on the batch size and behaves the same
    in training and test (document 001 "5. 층 정규화"; batch norm's limits — small batches, RNNs — are the reason
    for it). For x of shape (N, D), for every row n:

        μ_n  = (1/D) Σ_j x_nj
        σ_n² = (1/D) Σ_j (x_nj − μ_n)²               (biased)
        x̂_nj = (x_nj − μ_n) / √(σ_n² + eps)
        y_nj = γ_j · x̂_nj + β_j

    γ and β have shape (D,) and are shared by all samples. (Inputs with more dimensions are normalized over the
    last axis; the checks use (N, D).) No running statistics.

    Parameters
    ----------
    gamma : numpy.ndarray, shape (D,)
        Scale, kept by reference.
    beta : numpy.ndarray, shape (D,)
        Shift, kept by reference.
    eps : float
        Added to the variance before the square root, default 1e-5.

    Attributes
    ----------
    dgamma, dbeta : numpy.ndarray or None
        Gradients set by ``backward``, shape (D,).

    요약: 샘플마다 특성 축으로 평균·분산을 구해 정규화하고 γ, β 를 적용하는 계층 (배치 크기와 무관).
    """

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps
        self.dgamma = None
        self.dbeta = None
        self.cache = None

    def forward(self, x, train_flg=True):
        """Normalize every sample of ``x`` over its features.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, D)
            Input.
        train_flg : bool
            Accepted for the same call signature as BatchNormalization and Dropout; ignored (layer norm is the
            same in training and test).

        Returns
        -------
        numpy.ndarray, shape (N, D)
            y = γ · x̂ + β.

        요약: 각 행을 평균 0, 분산 1 로 정규화한 뒤 γx̂ + β.
        """
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        """Backpropagate through the last ``forward``; set ``dgamma`` and ``dbeta``.

            dβ_j = Σ_n dout_nj          dγ_j = Σ_n dout_nj · x̂_nj

        dx: as for batch normalization in training mode, but the mean and variance are taken along each row, so
        every x_nj influences μ_n and σ_n² of its own row only.

        Parameters
        ----------
        dout : numpy.ndarray, shape (N, D)
            Upstream gradient dL/dy.

        Returns
        -------
        numpy.ndarray, shape (N, D)
            dL/dx. Also sets ``self.dgamma``, ``self.dbeta`` (shape (D,)).

        요약: dγ, dβ 를 저장하고 행마다 평균·분산 경로를 포함한 dx 를 돌려준다.
        """
        # YOUR CODE HERE
        raise NotImplementedError()


class Dropout:
    """Inverted dropout (드롭아웃, Srivastava et al. 2014).

    During training every unit is dropped (set to 0) independently with probability ``dropout_ratio``
    (뉴런을 임의로 삭제하면서 학습); the kept units are scaled by 1/(1 − ratio), so the expected value of every
    output equals its input and nothing has to change at test time ("inverted" dropout). In test mode the layer
    is the identity (신경망 학습 시에만 사용, 예측 시 사용 X). Documents 000, 001 (Keras ``Dropout(0.5)``: 0.5 is the
    fraction dropped), 003.

    Training forward:

        mask = rng.random(x.shape) >= ratio          (True = kept, with probability 1 − ratio)
        y    = x · mask / (1 − ratio)

    Backward uses the SAME mask and scale: dx = dout · mask / (1 − ratio); after a test-mode forward dx = dout.

    (The book's Dropout keeps units unscaled in training and multiplies by (1 − ratio) at test time; the
    expected outputs agree, but the kit uses the inverted form.)

    Parameters
    ----------
    dropout_ratio : float
        Probability of dropping a unit, 0 ≤ ratio < 1, default 0.5.
    rng : numpy.random.Generator or None
        Source of the masks; ``None`` → ``np.random.default_rng()``. The same seeded generator gives the same
        masks.

    Attributes
    ----------
    mask : numpy.ndarray of bool or None
        Mask of the last training forward (True where kept); None after a test-mode forward.

    요약: 학습 때 확률 ratio 로 뉴런을 끄고 남은 값을 1/(1−ratio) 배, 추론 때는 그대로 통과시키는 계층.
    """

    def __init__(self, dropout_ratio=0.5, rng=None):
        if not 0.0 <= dropout_ratio < 1.0:
            raise ValueError(f"dropout_ratio must be in [0, 1), got {dropout_ratio}")
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None

    def forward(self, x, train_flg=True):
        """Apply dropout (training) or the identity (test).

        Parameters
        ----------
        x : numpy.ndarray, any shape
            Input.
        train_flg : bool
            True: draw a new mask with ``self.rng`` and return x · mask / (1 − ratio).
            False: return the input values unchanged (a copy), no mask.

        Returns
        -------
        numpy.ndarray, same shape and dtype as x

        요약: 학습 시 새 마스크를 뽑아 x·mask/(1−ratio), 추론 시 x 를 그대로 돌려준다.
        """
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        """Backpropagate through the last ``forward``.

        Parameters
        ----------
        dout : numpy.ndarray, same shape as the forward output

        Returns
        -------
        numpy.ndarray
            dout · mask / (1 − ratio) after a training forward (the same mask as in forward), or dout (a copy)
            after a test-mode forward.

        요약: 순전파와 같은 마스크와 배율로 기울기를 흘려보낸다.
        """
        # YOUR CODE HERE
        raise NotImplementedError()


# =====================================================================================================================
# Provided layers (완성되어 제공: from a02_backprop)
#
# These are the layers you wrote in a02_backprop, given here complete so that network.py can use them.
# They are not exercises of this assignment and are not graded here.
# =====================================================================================================================


class Relu:
    """ReLU layer: y = max(0, x); backward passes dout where x > 0 and 0 elsewhere. (제공)"""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        return np.where(self.mask, dout, 0.0)


class Sigmoid:
    """Sigmoid layer: y = 1 / (1 + e^(−x)); backward dx = dout · y · (1 − y). (제공)

    Computed as ½(1 + tanh(x/2)), which equals the sigmoid and never overflows.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x)))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class Affine:
    """Affine (fully connected) layer: y = x @ W + b, W of shape (in, out), b of shape (out,). (제공)

    Inputs with more than 2 dimensions, e.g. (N, C, H, W), are flattened per sample to (N, in) and dx is reshaped
    back to the input's shape. ``backward`` sets ``dW`` = xᵀ @ dout and ``db`` = Σ_n dout and returns
    dx = dout @ Wᵀ. W and b are kept by reference.
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dx.reshape(self.original_x_shape)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss, from logits. (제공)

    ``forward(x, t)``: x logits of shape (N, K) (a single (K,) vector is treated as N = 1), t either integer
    labels of shape (N,) or one-hot rows of shape (N, K). The loss is the batch mean of −log softmax(x)[t],
    computed with log-sum-exp (log softmax = x − max − log Σ exp(x − max)), so it is exact even for very large
    logits. ``backward(dout=1)`` returns (y − t_onehot) · dout / N, y the softmax probabilities.
    """

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None
        self.x_shape = None

    def forward(self, x, t):
        x = np.asarray(x)
        t = np.asarray(t)
        self.x_shape = x.shape
        if x.ndim == 1:
            x = x.reshape(1, -1)
            t = t.reshape(1, -1) if t.size == x.size else t.reshape(1)
        n, k = x.shape
        shifted = x - np.max(x, axis=1, keepdims=True)
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        self.y = np.exp(log_y)
        if t.shape == x.shape:
            t_onehot = t.astype(log_y.dtype)
        else:
            t_onehot = np.zeros_like(log_y)
            t_onehot[np.arange(n), t.astype(int)] = 1.0
        self.t = t_onehot
        self.loss = float(-np.sum(t_onehot * log_y) / n)
        return self.loss

    def backward(self, dout=1):
        n = self.y.shape[0]
        dx = (self.y - self.t) * dout / n
        return dx.reshape(self.x_shape)
