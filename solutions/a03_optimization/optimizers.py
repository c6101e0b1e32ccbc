"""Parameter-update rules (매개변수 갱신) and gradient clipping (그래디언트 클리핑).

This module holds the optimizers (옵티마이저) of the course:

- ``SGD``       stochastic gradient descent (확률적 경사 하강법)
- ``Momentum``  momentum (모멘텀)
- ``Nesterov``  Nesterov accelerated gradient (네스테로프 가속 경사)
- ``AdaGrad``   adaptive gradient (아다그라드)
- ``RMSprop``   root-mean-square propagation (RMSProp)
- ``Adam``      adaptive moment estimation (아담)

and ``clip_grad_norm``, gradient clipping by the global norm (기울기 폭주를 막는 그래디언트 클리핑).

Sources: document 000 "1. 매개변수 갱신" (SGD, Momentum, AdaGrad, Adam update rules),
document 001 part 3 "옵티마이저" (momentum, AdaGrad, RMSProp, Adam with their Keras defaults) and
part 5 "2. 그래디언트 클리핑" (``clipnorm``), document 004 "Optimization Method" (the test function
f(x, y) = x²/20 + y² on which the optimizers are compared).

Common interface (the book's style, "Deep Learning from Scratch" ch. 6):

- ``params`` is a dict ``name -> numpy array`` (for example ``{'W1': ..., 'b1': ...}``) and ``grads`` a dict with
  the same keys holding dL/d(param) of the same shapes.
- ``update(params, grads)`` changes every array of ``params`` IN PLACE (``params[key] -= ...``), so a network whose
  layers hold references to these arrays sees the new values. It returns ``None`` and never changes ``grads``.
- State that an optimizer carries between steps (velocities, squared-gradient sums, moments) is created lazily,
  on the first ``update`` that sees a key, as zeros shaped like that parameter, and is kept per key.

Notation in the docstrings: W a parameter array, g = dL/dW its gradient, η (eta) the learning rate ``lr``,
⊙ the element-wise product; every operation is element-wise.

요약: 확률적 경사 하강법부터 Adam까지의 매개변수 갱신 규칙과 그래디언트 클리핑을 구현하는 모듈.
"""

import numpy as np


class SGD:
    """Stochastic gradient descent (확률적 경사 하강법, SGD).

    Update rule (document 000, "Stochastic Gradient Descent"):

        W ← W − η·g

    It walks a fixed multiple of the gradient downhill; on an anisotropic (비등방성) function such as
    f(x, y) = x²/20 + y² (document 004) its path zig-zags (지그재그).

    Parameters
    ----------
    lr : float
        Learning rate η (학습률), default 0.01.

    요약: W ← W − η·g, 가장 단순한 경사 하강법.
    """

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        """Apply one SGD step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, each array updated in place: ``params[key] -= lr * grads[key]``.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes as ``params`` (not modified).

        Returns
        -------
        None

        요약: 모든 매개변수에 W ← W − η·g 를 제자리(in place)에서 적용한다.
        """
        ### BEGIN SOLUTION
        for key in params:
            params[key] -= self.lr * grads[key]
        ### END SOLUTION


class Momentum:
    """SGD with momentum (모멘텀).

    Update rule (document 000, "Momentum"; α is ``momentum``):

        v ← α·v − η·g
        W ← W + v

    v is a velocity (속도), one array per parameter key, created as zeros shaped like the parameter on the first
    ``update`` that sees the key. Like a ball rolling in a bowl (그릇 바닥을 구르는 공), it keeps moving in the
    direction it already had, which damps the zig-zag of plain SGD.

    Parameters
    ----------
    lr : float
        Learning rate η, default 0.01.
    momentum : float
        Momentum coefficient α (0 ≤ α < 1), default 0.9.

    Attributes
    ----------
    v : dict[str, numpy.ndarray]
        Velocity per key (empty until the first ``update``).

    요약: v ← αv − ηg, W ← W + v.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        """Apply one momentum step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, updated in place.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes (not modified).

        Returns
        -------
        None

        Notes
        -----
        For a key seen for the first time, ``self.v[key]`` starts as ``np.zeros_like(params[key])``; then
        v ← α·v − η·g and W ← W + v.

        요약: 속도 v 를 갱신한 뒤 W 에 더한다 (키마다 따로, 처음에는 0).
        """
        ### BEGIN SOLUTION
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]
        ### END SOLUTION


class Nesterov:
    """Nesterov accelerated gradient (네스테로프 가속 경사, NAG).

    Update rule used by the kit (μ is ``momentum``):

        v ← μ·v − η·g
        W ← W + μ·v − η·g          (v here is the value just updated)

    This "look-ahead" form is the momentum step followed by a second, corrective step along the new velocity.
    It equals the corrected code of "Deep Learning from Scratch" and PyTorch's ``SGD(nesterov=True)``.
    The Korean edition's older code applies the terms in a different order and gives a different update;
    the kit does NOT use that version.

    Parameters
    ----------
    lr : float
        Learning rate η, default 0.01.
    momentum : float
        Momentum coefficient μ, default 0.9.

    Attributes
    ----------
    v : dict[str, numpy.ndarray]
        Velocity per key, zeros shaped like the parameter on first use.

    요약: v ← μv − ηg 다음에 W ← W + μv − ηg (갱신된 v 사용).
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        """Apply one Nesterov step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, updated in place.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes (not modified).

        Returns
        -------
        None

        Notes
        -----
        Order matters: first v ← μ·v − η·g, then W ← W + μ·v − η·g with that new v.

        요약: 먼저 속도를 갱신하고, 새 속도로 W 를 한 번 더 내다보며 갱신한다.
        """
        ### BEGIN SOLUTION
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            g = grads[key]
            self.v[key] = self.momentum * self.v[key] - self.lr * g
            params[key] += self.momentum * self.v[key] - self.lr * g
        ### END SOLUTION


class AdaGrad:
    """Adaptive gradient (아다그라드, AdaGrad).

    Update rule (document 000, "AdaGrad"; the kit adds ``eps`` outside the square root):

        h ← h + g ⊙ g
        W ← W − η · g / (√h + eps)

    h accumulates the squares of all past gradients, one array per key (zeros on first use), so the elements
    that have moved a lot get a smaller effective learning rate (학습률 감소, 매개변수마다 맞춤형 학습률).
    The update is computed after h has been increased, so the first step is about ±η per element.

    Parameters
    ----------
    lr : float
        Learning rate η, default 0.01.
    eps : float
        Small constant that keeps the division finite where h is 0, default 1e-7.

    Attributes
    ----------
    h : dict[str, numpy.ndarray]
        Running sum of squared gradients per key.

    요약: h ← h + g⊙g, W ← W − η g / (√h + eps).
    """

    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        """Apply one AdaGrad step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, updated in place.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes (not modified).

        Returns
        -------
        None

        요약: 기울기 제곱을 누적한 h 로 원소마다 학습률을 나누어 갱신한다.
        """
        ### BEGIN SOLUTION
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            g = grads[key]
            self.h[key] += g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
        ### END SOLUTION


class RMSprop:
    """RMSProp (root mean square propagation).

    Update rule (document 001, "RMSProp"; ρ is ``decay_rate``):

        h ← ρ·h + (1 − ρ)·g ⊙ g
        W ← W − η · g / (√h + eps)

    Unlike AdaGrad, old squared gradients are forgotten exponentially (지수이동평균), so the effective learning
    rate does not shrink to zero. h is one array per key, zeros on first use.
    (Keras, quoted in 001, uses ρ = 0.9; the kit's default follows the book: 0.99.)

    Parameters
    ----------
    lr : float
        Learning rate η, default 0.01.
    decay_rate : float
        Forgetting factor ρ, default 0.99.
    eps : float
        Small constant added to √h, default 1e-7.

    Attributes
    ----------
    h : dict[str, numpy.ndarray]
        Exponential moving average of squared gradients per key.

    요약: h ← ρh + (1−ρ)g⊙g, W ← W − η g / (√h + eps).
    """

    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        """Apply one RMSProp step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, updated in place.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes (not modified).

        Returns
        -------
        None

        요약: 기울기 제곱의 지수이동평균 h 로 나누어 갱신한다.
        """
        ### BEGIN SOLUTION
        rho = self.decay_rate
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            g = grads[key]
            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
        ### END SOLUTION


class Adam:
    """Adam, adaptive moment estimation (아담).

    Momentum (이동 관점) and per-element adaptive learning rates (학습률 감소 관점) together, with bias
    correction (편향 보정) of both moments (documents 000 "Adam", 001, 004):

        t ← t + 1                                   (once per call of update, BEFORE the moments)
        m ← β1·m + (1 − β1)·g
        v ← β2·v + (1 − β2)·g ⊙ g
        m̂ = m / (1 − β1^t)
        v̂ = v / (1 − β2^t)
        W ← W − η · m̂ / (√v̂ + eps)

    m and v are one array per key, zeros on first use; t is a single step counter of the optimizer, starting at
    0, so the first update uses t = 1 (and then m̂ = g, v̂ = g⊙g, a step of about η per element).

    Parameters
    ----------
    lr : float
        Learning rate η, default 0.001.
    beta1 : float
        Decay of the first moment m, default 0.9.
    beta2 : float
        Decay of the second moment v, default 0.999.
    eps : float
        Small constant added to √v̂, default 1e-8.

    Attributes
    ----------
    t : int
        Number of updates done so far.
    m, v : dict[str, numpy.ndarray]
        First and second moment estimates per key.

    요약: t 를 먼저 1 늘리고, 편향 보정한 m̂, v̂ 로 W ← W − η m̂ / (√v̂ + eps).
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self.m = {}
        self.v = {}

    def update(self, params, grads):
        """Apply one Adam step to every array of ``params`` in place.

        Parameters
        ----------
        params : dict[str, numpy.ndarray]
            Parameters, updated in place.
        grads : dict[str, numpy.ndarray]
            Gradients with the same keys and shapes (not modified).

        Returns
        -------
        None

        Notes
        -----
        ``self.t`` grows by exactly 1 per call (not per key).

        요약: 1차·2차 모멘트를 갱신하고 편향 보정 후 매개변수를 갱신한다.
        """
        ### BEGIN SOLUTION
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        corr1 = 1.0 - b1 ** self.t
        corr2 = 1.0 - b2 ** self.t
        for key in params:
            if key not in self.m:
                self.m[key] = np.zeros_like(params[key])
                self.v[key] = np.zeros_like(params[key])
            g = grads[key]
            self.m[key] = b1 * self.m[key] + (1.0 - b1) * g
            self.v[key] = b2 * self.v[key] + (1.0 - b2) * g * g
            m_hat = self.m[key] / corr1
            v_hat = self.v[key] / corr2
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        ### END SOLUTION


def clip_grad_norm(grads, max_norm):
    """Clip gradients by their global L2 norm (그래디언트 클리핑, Keras ``clipnorm``).

    Gradient clipping keeps exploding gradients (기울기 폭주) from throwing the parameters far away
    (document 001, part 5 "2. 그래디언트 클리핑").

        norm = √( Σ_keys Σ_elements g² )          (one norm over ALL arrays together)
        if norm > max_norm:  every g ← g · max_norm / norm

    All arrays are scaled by the same factor, so the direction of the full gradient is kept and its norm
    becomes ``max_norm``. When norm ≤ max_norm nothing changes. (A tiny epsilon such as 1e-12 in the
    denominator is allowed; it changes the result by a negligible amount.)

    Parameters
    ----------
    grads : dict[str, numpy.ndarray]
        Gradients (same layout as ``params``); modified IN PLACE when clipping happens.
    max_norm : float
        Largest allowed global norm (> 0).

    Returns
    -------
    float
        The global L2 norm BEFORE clipping, as a Python float.

    요약: 전체 기울기의 L2 노름이 max_norm 을 넘으면 모든 기울기에 같은 비율 max_norm/norm 을 곱한다.
    """
    ### BEGIN SOLUTION
    total = 0.0
    for g in grads.values():
        total += float(np.sum(np.square(g)))
    norm = float(np.sqrt(total))
    if norm > max_norm:
        factor = max_norm / (norm + 1e-12)
        for g in grads.values():
            g *= factor
    return norm
    ### END SOLUTION
