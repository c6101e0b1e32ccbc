"""a04 regularization, LOOPS style: the penalties and their gradients visit every weight one element at a time;
EarlyStopping keeps the whole history of validation losses and recounts the bad steps in a loop.

Same results as DESIGN §3 (½λΣW², λW, λΣ|W|, λ·sign W with sign(0) = 0; stop after `patience` consecutive steps
that do not beat best − min_delta).
"""

import numpy as np


def l2_penalty(weights, lam):
    total = 0.0
    for W in weights:
        for w in np.asarray(W).flat:
            total += float(w) * float(w)
    return 0.5 * lam * total


def l2_grad(W, lam):
    W = np.asarray(W)
    grad = np.empty(W.shape, dtype=np.result_type(W.dtype, float))
    for index in np.ndindex(*W.shape):
        grad[index] = lam * W[index]
    return grad


def l1_penalty(weights, lam):
    total = 0.0
    for W in weights:
        for w in np.asarray(W).flat:
            total += abs(float(w))
    return float(lam * total)


def l1_grad(W, lam):
    W = np.asarray(W)
    grad = np.zeros(W.shape, dtype=np.result_type(W.dtype, float))
    for index in np.ndindex(*W.shape):
        if W[index] > 0:
            grad[index] = lam
        elif W[index] < 0:
            grad[index] = -lam
        # exactly 0: the subgradient 0 (grad stays 0)
    return grad


class EarlyStopping:
    """Early stopping that recomputes its state from the full history of losses at every step."""

    def __init__(self, patience, min_delta=0.0):
        self.patience = patience
        self.min_delta = min_delta
        self.history = []
        self.best = None
        self.counter = 0
        self.stopped = False

    def step(self, val_loss):
        self.history.append(float(val_loss))
        best, counter = None, 0
        for loss in self.history:
            if best is None or loss < best - self.min_delta:
                best, counter = loss, 0
            else:
                counter += 1
        self.best, self.counter = best, counter
        if counter >= self.patience:
            self.stopped = True        # once stopped, stay stopped
        return self.stopped
