"""a05 augmentation, LOOPS style: one Python loop over the samples, drawing each sample's random numbers when its
turn comes (so the draw order differs from the kit's reference: flip decision per sample, (dy, dx) as one pair per
sample, noise per sample). rotate90 applies k quarter turns one after the other.

DESIGN §3: shapes and dtypes preserved, labels untouched, deterministic given rng, inputs never modified.
"""
import operator

import numpy as np


def horizontal_flip(x, p=0.5, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    x = np.asarray(x)
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        if rng.random() < p:
            out[n] = x[n][..., ::-1]
        else:
            out[n] = x[n]
    return out


def random_shift(x, max_shift, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    m = operator.index(max_shift)
    if m < 0:
        raise ValueError(f"max_shift must be >= 0, got {max_shift}")
    x = np.asarray(x)
    h, w = x.shape[-2], x.shape[-1]
    out = np.zeros_like(x)
    for n in range(x.shape[0]):
        dy, dx = rng.integers(-m, m + 1, size=2)
        # rows i of the output take rows i − dy of the input, where both lie inside the image
        for i in range(h):
            src_i = i - dy
            if not 0 <= src_i < h:
                continue
            for j in range(w):
                src_j = j - dx
                if 0 <= src_j < w:
                    out[n, ..., i, j] = x[n, ..., src_i, src_j]
    return out


def add_noise(x, std, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"add_noise needs a floating-point array, got dtype {x.dtype}")
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        out[n] = x[n] + std * rng.standard_normal(x[n].shape)    # computed in float64, stored in x's dtype
    return out


def rotate90(x, k=1):
    out = np.asarray(x)
    for _ in range(k % 4):
        # one quarter turn counter-clockwise: out[..., i, j] = before[..., j, W − 1 − i]
        out = out.swapaxes(-2, -1)[..., ::-1, :]
    return out.copy()
