"""Data augmentation for image batches (데이터 증강, data augmentation).

Source: document 002 ("CNN #3", 📌 Data Augmentation): when data are scarce the model overfits (과적합); augmented
samples must stay realistic (현실적) while varying the data, and the document lists shift and crop, flip
(vertical / horizontal), rotation, resize, color jitter and adding noise. This module implements four of them on
numpy batches:

* ``horizontal_flip`` — mirror images left–right (좌우 반전);
* ``random_shift`` — move each image by a few pixels, filling with zeros (이동, shift);
* ``add_noise`` — add Gaussian noise (잡음 추가);
* ``rotate90`` — rotate by multiples of 90° (회전).

Conventions (the checks rely on them):

* A batch is (N, C, H, W) or (N, H, W); images are the last two axes (H rows, W columns).
* Shapes and dtypes are preserved (rotate90 by an odd k on non-square images swaps H and W, necessarily).
  Labels are not touched: augmentation changes the images only, so the labels of a batch stay valid.
* Inputs are never modified: every function returns a new array.
* Randomness comes only from ``rng``, a ``numpy.random.Generator`` (None → ``np.random.default_rng()``), so the
  same seed gives the same result. The docstrings say how the reference draws its numbers, but the checks never
  depend on the draw order — only on statistics, invariants and determinism under the same seed.
* Vectorized over the batch: no Python loop over samples or pixels.

요약: 좌우 반전, 무작위 이동, 가우시안 잡음, 90도 회전으로 이미지 배치를 증강합니다 (레이블은 그대로).
"""
import operator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def horizontal_flip(x, p=0.5, rng=None):
    """Flip each image of a batch left–right with probability p (좌우 반전; document 002, "flip").

    Parameters
    ----------
    x : ndarray (N, C, H, W) or (N, H, W)
    p : float in [0, 1]   probability that a given sample is flipped; samples are decided independently
                          (p = 0: nothing flips, p = 1: every sample flips)
    rng : numpy.random.Generator or None

    Returns
    -------
    ndarray, same shape and dtype: out[n] = x[n][..., ::-1] (the last axis reversed, for every channel of that
    sample at once) for the chosen samples, out[n] = x[n] for the others. A new array; x is not modified.

    Raises ValueError when p is outside [0, 1].

    rng use (reference; the checks do not rely on it): one draw ``rng.random(N)``; sample n flips when its draw
    is < p.

    요약: 각 샘플을 확률 p로 좌우(마지막 축) 반전합니다.
    """
    rng = np.random.default_rng() if rng is None else rng
    ### BEGIN SOLUTION
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    x = np.asarray(x)
    flip = rng.random(x.shape[0]) < p
    out = x.copy()
    out[flip] = x[flip][..., ::-1]
    return out
    ### END SOLUTION


def random_shift(x, max_shift, rng=None):
    """Shift each image by a random whole number of pixels, filling vacated pixels with 0 (무작위 이동; document 002,
    "shift and crop").

    Parameters
    ----------
    x : ndarray (N, C, H, W) or (N, H, W)
    max_shift : int >= 0   each sample n gets its own dy_n, dx_n, drawn uniformly from the integers
                           −max_shift … max_shift (both ends included); all channels of a sample move together
    rng : numpy.random.Generator or None

    Returns
    -------
    ndarray, same shape and dtype:
        out[n, ..., i, j] = x[n, ..., i − dy_n, j − dx_n]   when 0 <= i − dy_n < H and 0 <= j − dx_n < W,
                          = 0                                otherwise.
    So the content moves exactly by (dy_n, dx_n): down and right for positive values, up and left for negative
    ones; what leaves the image is lost and what enters is zero (no wrap-around, unlike np.roll). max_shift = 0
    returns a copy of x. A new array; x is not modified.

    Raises ValueError when max_shift is negative (TypeError when it is not an integer).

    rng use (reference; the checks do not rely on it): ``dy = rng.integers(-max_shift, max_shift + 1, N)`` then
    ``dx`` the same way.

    요약: 샘플마다 정수 (dy, dx) ∈ [−max_shift, max_shift]만큼 이동하고 빈 곳은 0으로 채웁니다.
    """
    rng = np.random.default_rng() if rng is None else rng
    ### BEGIN SOLUTION
    m = operator.index(max_shift)
    if m < 0:
        raise ValueError(f"max_shift must be >= 0, got {max_shift}")
    x = np.asarray(x)
    n, h, w = x.shape[0], x.shape[-2], x.shape[-1]
    dy = rng.integers(-m, m + 1, size=n)
    dx = rng.integers(-m, m + 1, size=n)
    padded = np.zeros(x.shape[:-2] + (h + 2 * m, w + 2 * m), dtype=x.dtype)
    padded[..., m:m + h, m:m + w] = x
    # Pad by m zeros, view every H × W window of the padded images at once and pick, for sample n, the window
    # starting at (m − dy_n, m − dx_n): windows[n, ..., a, b, i, j] = padded[n, ..., a + i, b + j], so that window
    # is x[n] moved by (dy_n, dx_n) with zeros coming in. One fancy-index gather, no loop over samples.
    windows = sliding_window_view(padded, (h, w), axis=(-2, -1))
    middle = (slice(None),) * (x.ndim - 3)     # the channel axis of (N, C, H, W); nothing for (N, H, W)
    return windows[(np.arange(n),) + middle + (m - dy, m - dx)]
    ### END SOLUTION


def add_noise(x, std, rng=None):
    """Add independent Gaussian noise to every element (가우시안 잡음 추가; document 002, "adding noise").

    Parameters
    ----------
    x : ndarray of a floating dtype (float16/32/64), any shape (usually (N, C, H, W) or (N, H, W))
    std : float >= 0   standard deviation σ of the noise
    rng : numpy.random.Generator or None

    Returns
    -------
    ndarray, same shape and dtype: out = x + σ·ε with ε ~ N(0, 1) independently per element (mean 0, variance σ²);
    σ = 0 returns a copy of x. No clipping: values may leave the original range (clip yourself if you need to).
    A new array; x is not modified.

    Raises ValueError when std < 0, TypeError when x is not floating point (adding noise to integers would need
    rounding; convert with ``x.astype(np.float32)`` first).

    rng use (reference; the checks do not rely on it): one draw ``rng.standard_normal(x.shape)`` (in float32 for
    float32 input).

    요약: 각 원소에 평균 0, 표준편차 std인 정규분포 잡음을 더합니다.
    """
    rng = np.random.default_rng() if rng is None else rng
    ### BEGIN SOLUTION
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"add_noise needs a floating-point array, got dtype {x.dtype}; "
                        f"convert it first, e.g. x.astype(np.float32)")
    noise_dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.float64
    noise = rng.standard_normal(x.shape, dtype=noise_dtype)
    return (x + std * noise).astype(x.dtype, copy=False)
    ### END SOLUTION


def rotate90(x, k=1):
    """Rotate every image by k·90° counter-clockwise over the last two axes (90도 회전; document 002, "rotation").

    Parameters
    ----------
    x : ndarray (N, C, H, W) or (N, H, W)
    k : int   number of quarter turns; negative k turns clockwise; k is taken modulo 4 (k = 4 is the identity)

    Returns
    -------
    ndarray, the same as ``np.rot90(x, k, axes=(-2, -1))`` but always a new array (not a view of x). For k = 1 and
    an image displayed with row 0 at the top, the top row becomes the left column read bottom-to-top:
    out[..., i, j] = x[..., j, W − 1 − i]. Square images keep their shape; for H ≠ W an odd k gives (…, W, H).
    Deterministic: no randomness (choose k with your own rng for random rotations).

    요약: 마지막 두 축에 대해 반시계 방향으로 k × 90도 회전합니다 (np.rot90과 같음).
    """
    ### BEGIN SOLUTION
    return np.rot90(np.asarray(x), k, axes=(-2, -1)).copy()
    ### END SOLUTION
