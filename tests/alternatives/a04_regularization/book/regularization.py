"""a04 regularization, BOOK/KERAS style: the penalties are one-line formulas over a generator, and EarlyStopping
follows the Keras callback's bookkeeping (`wait` counts the bad epochs, `best` starts at +inf, the improvement test
is written as `val_loss + min_delta < best`).

Same results as DESIGN §3: ½λΣW², λW, λΣ|W|, λ·sign W (sign(0) = 0); a step improves when
val_loss < best − min_delta (the first always does) and True is returned once `patience` consecutive steps have not
improved.
"""

import numpy as np


def l2_penalty(weights, lam):
    return float(0.5 * lam * sum(np.sum(W ** 2) for W in map(np.asarray, weights)))


def l2_grad(W, lam):
    return lam * np.asarray(W)


def l1_penalty(weights, lam):
    return float(lam * sum(np.abs(W).sum() for W in map(np.asarray, weights)))


def l1_grad(W, lam):
    W = np.asarray(W)
    return lam * ((W > 0).astype(float) - (W < 0).astype(float))


class EarlyStopping:
    def __init__(self, patience, min_delta=0.0):
        self.patience = patience
        self.min_delta = abs(min_delta)
        self.best = np.inf
        self.wait = 0
        self.stopped = False

    @property
    def counter(self):
        return self.wait

    def step(self, val_loss):
        if self.stopped:
            return True
        if val_loss + self.min_delta < self.best or self.best == np.inf:
            self.best = val_loss
            self.wait = 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped = True
        return self.stopped
