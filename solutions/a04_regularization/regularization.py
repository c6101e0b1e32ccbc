"""Weight penalties and early stopping (가중치 규제와 조기 종료).

This module holds the regularization strategies (과적합 방지 방법, Regularization Strategies) that are not layers:

- ``l2_penalty``, ``l2_grad``  L2 regularization (L2 규제, 가중치 감소 weight decay): ½λΣW² and its gradient λW
- ``l1_penalty``, ``l1_grad``  L1 regularization (L1 규제): λΣ|W| and its (sub)gradient λ·sign(W)
- ``EarlyStopping``            early stopping (조기 종료) on a validation loss (검증 손실)

Sources: document 000 "4. 바른 학습을 위해" (weight decay L ← L + ½λW², dL/dW ← dL/dW + λW; early stopping);
document 001 part 4 "3. 가중치 규제" (L1 vs L2 table, λ = 규제의 강도); document 003 "조기 종료 (Early Stopping)"
and "가중치 감소 (Weight Decay)" (L1 = Lasso, L2 = Ridge); document 004 "L2 Regularization" (the L1 vs L2 example:
the squares punish large weights more).

Conventions: the penalties take an iterable (e.g. a list) of weight arrays and return one Python float for all
of them together; the gradients take a single array and return a new array of the same shape. Biases, γ and β are
usually not penalized: pass only the weight matrices. Nothing here modifies its inputs.

요약: L1/L2 가중치 규제 항과 그 기울기, 그리고 조기 종료를 구현하는 모듈.
"""

import numpy as np


def l2_penalty(weights, lam):
    """L2 penalty (L2 규제, 가중치 감소 항) added to the loss.

        penalty = ½ · λ · Σ_W Σ_elements W²

    The ½ makes the gradient exactly λW (document 000: L(W) ← L(W) + ½λW²). The sum runs over every array in
    ``weights`` and every element of each.

    Parameters
    ----------
    weights : iterable of numpy.ndarray
        The weight arrays, e.g. ``[W1, W2, W3]`` (any shapes). An empty list gives 0.0.
    lam : float
        Regularization strength λ (≥ 0).

    Returns
    -------
    float
        The penalty as a Python float.

    요약: ½λ × (모든 가중치 원소의 제곱합).
    """
    ### BEGIN SOLUTION
    total = 0.0
    for W in weights:
        total += float(np.sum(np.square(W)))
    return float(0.5 * lam * total)
    ### END SOLUTION


def l2_grad(W, lam):
    """Gradient of the L2 penalty with respect to one weight array: d(½λΣW²)/dW = λW.

    Add it to the data-loss gradient: dL/dW ← dL/dW + λW (document 000).

    Parameters
    ----------
    W : numpy.ndarray
        One weight array.
    lam : float
        Regularization strength λ.

    Returns
    -------
    numpy.ndarray
        λ·W, a new array with the shape of W.

    요약: λW.
    """
    ### BEGIN SOLUTION
    return lam * np.asarray(W)
    ### END SOLUTION


def l1_penalty(weights, lam):
    """L1 penalty (L1 규제) added to the loss.

        penalty = λ · Σ_W Σ_elements |W|

    (No ½ here, as in document 003's Lasso form.) L1 pushes small weights to exactly 0, so it selects features;
    L2 shrinks the large weights most (documents 001, 003, 004).

    Parameters
    ----------
    weights : iterable of numpy.ndarray
        The weight arrays (any shapes). An empty list gives 0.0.
    lam : float
        Regularization strength λ (≥ 0).

    Returns
    -------
    float
        The penalty as a Python float.

    요약: λ × (모든 가중치 원소의 절댓값 합).
    """
    ### BEGIN SOLUTION
    total = 0.0
    for W in weights:
        total += float(np.sum(np.abs(W)))
    return float(lam * total)
    ### END SOLUTION


def l1_grad(W, lam):
    """(Sub)gradient of the L1 penalty with respect to one weight array: λ·sign(W).

    |w| has no derivative at w = 0; the kit uses sign(0) = 0 there (numpy's ``np.sign``).

    Parameters
    ----------
    W : numpy.ndarray
        One weight array.
    lam : float
        Regularization strength λ.

    Returns
    -------
    numpy.ndarray
        λ·sign(W), a new array with the shape of W (entries −λ, 0 or λ).

    요약: λ·sign(W) (0 에서는 0).
    """
    ### BEGIN SOLUTION
    return lam * np.sign(np.asarray(W))
    ### END SOLUTION


class EarlyStopping:
    """Early stopping (조기 종료): stop training when the validation loss stops improving.

    Feed it the validation loss once per epoch; it says when to stop (document 003: training loss keeps falling
    but validation loss rises → stop; document 000: stop before overfitting, 과적합이 되기 전에 학습을 멈춤).

    Rules:

    - a step IMPROVES when ``val_loss < best − min_delta``; the first step always improves.
      An improvement sets ``best = val_loss`` and ``counter = 0``.
    - any other step increases ``counter`` (the number of consecutive steps without improvement) by 1 and leaves
      ``best`` unchanged.
    - once ``counter`` reaches ``patience``, ``stopped`` becomes True, and from then on ``step`` returns True.

    Example with patience = 2, min_delta = 0: losses 1.0, 0.8, 0.9, 0.85 → step returns False, False, False, True
    (0.9 and 0.85 are both not below the best 0.8).

    Parameters
    ----------
    patience : int
        Number of consecutive non-improving steps that triggers the stop (≥ 1).
    min_delta : float
        Minimum decrease that counts as an improvement, default 0.0.

    Attributes
    ----------
    best : float or None
        Best (lowest) validation loss seen so far; None before the first step.
    counter : int
        Consecutive steps without improvement (the number of bad epochs).
    stopped : bool
        True once training should stop.

    요약: 검증 손실이 patience 번 연속으로 (best − min_delta 보다) 작아지지 않으면 True 를 돌려준다.
    """

    def __init__(self, patience, min_delta=0.0):
        self.patience = patience
        self.min_delta = min_delta
        self.best = None
        self.counter = 0
        self.stopped = False

    def step(self, val_loss):
        """Record one validation loss; return True when training should stop.

        Parameters
        ----------
        val_loss : float
            Validation loss of the epoch just finished.

        Returns
        -------
        bool
            True once ``patience`` consecutive steps have not improved (and on every call after that),
            False otherwise. Updates ``best``, ``counter`` and ``stopped``.

        요약: 개선되면 best 갱신·counter 0, 아니면 counter+1; counter ≥ patience 이면 True.
        """
        ### BEGIN SOLUTION
        val_loss = float(val_loss)
        if self.best is None or val_loss < self.best - self.min_delta:
            self.best = val_loss
            self.counter = 0
        else:
            self.counter += 1
            if self.counter >= self.patience:
                self.stopped = True
        return self.stopped
        ### END SOLUTION
