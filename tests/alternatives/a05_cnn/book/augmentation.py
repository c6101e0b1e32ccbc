"""a05 augmentation, MASK-AND-GATHER style (the book has no augmentation code; this is the second style of the
a05 catalogue): horizontal_flip picks the mirrored or original image with np.where on a per-sample mask drawn with
rng.uniform; random_shift pads with np.pad and gathers the shifted window with index arrays, (dy, dx) drawn as one
(N, 2) array with rng.integers(..., endpoint=True); add_noise uses rng.normal(0, std, shape); rotate90 composes
flips and transposes case by case.

DESIGN §3: shapes and dtypes preserved, labels untouched, deterministic given rng, inputs never modified.
"""
import operator

import numpy as np


def horizontal_flip(x, p=0.5, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    x = np.asarray(x)
    flip = rng.uniform(size=x.shape[0]) < p
    flip = flip.reshape((-1,) + (1,) * (x.ndim - 1))      # broadcast over every other axis
    return np.where(flip, x[..., ::-1], x)


def random_shift(x, max_shift, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    m = operator.index(max_shift)
    if m < 0:
        raise ValueError(f"max_shift must be >= 0, got {max_shift}")
    x = np.asarray(x)
    n, h, w = x.shape[0], x.shape[-2], x.shape[-1]
    shifts = rng.integers(-m, m, size=(n, 2), endpoint=True)
    dy, dx = shifts[:, 0], shifts[:, 1]

    widths = [(0, 0)] * (x.ndim - 2) + [(m, m), (m, m)]
    padded = np.pad(x, widths, mode='constant')                       # zeros come in
    # image axes next to the sample axis: (N, H + 2m, W + 2m, ...channels)
    padded = np.moveaxis(padded, (-2, -1), (1, 2))
    rows = np.arange(h)[None, :] - dy[:, None] + m                     # (N, H): source row of output row i
    cols = np.arange(w)[None, :] - dx[:, None] + m                     # (N, W)
    out = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]   # (N, H, W, ...)
    return np.moveaxis(out, (1, 2), (-2, -1)).copy()


def add_noise(x, std, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"add_noise needs a floating-point array, got dtype {x.dtype}")
    noise = rng.normal(0.0, std, size=x.shape)
    return (x + noise).astype(x.dtype)


def rotate90(x, k=1):
    x = np.asarray(x)
    k %= 4
    if k == 0:
        return x.copy()
    if k == 1:
        return np.flip(np.swapaxes(x, -2, -1), axis=-2).copy()
    if k == 2:
        return np.flip(x, axis=(-2, -1)).copy()
    return np.swapaxes(np.flip(x, axis=-2), -2, -1).copy()
