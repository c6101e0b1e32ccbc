"""Convolution and pooling layers built on im2col (합성곱 계층과 풀링 계층, im2col로 구현).

Source: document 000, Chapter 7 (합성곱 신경망, CNN) §1–3: the output size formula
OH = (H + 2P − FH)/S + 1, the shapes (N, C, H, W) ⊙ (FN, C, FH, FW) → (N, FN, OH, OW) + (FN, 1, 1), padding
(패딩), stride (스트라이드), max and average pooling (최대 풀링, 평균 풀링); the im2col design follows
"Deep Learning from Scratch" (밑바닥부터 시작하는 딥러닝) §7.4.

What the module holds:

* ``conv_output_size`` — the output size of a convolution or pooling window along one axis;
* ``im2col`` / ``col2im`` — unfold every filter window of a batch into one row of a matrix, and the exact reverse
  (adjoint) operation that sums a matrix of window gradients back into image positions;
* ``Convolution`` — the convolution layer (합성곱 계층): one matrix product on the im2col matrix;
* ``Pooling`` — the max / average pooling layer (풀링 계층).

Conventions (the checks rely on them):

* Arrays are batch first and channels first: images (N, C, H, W), filters (FN, C, FH, FW), biases (FN,).
* "Convolution" is cross-correlation, as in the book and every deep-learning library: the filter is NOT flipped,
  out[n, f, i, j] = Σ_{c,u,v} W[f, c, u, v] · x_pad[n, c, i·S + u, j·S + v] + b[f].
* Padding P adds P zeros on each side of H and W (max pooling pads with −inf instead, so padding never wins).
* Only shapes whose windows tile the padded input exactly are accepted: ``conv_output_size`` raises ValueError
  otherwise (there is no silent floor division that would drop the last rows or columns).
* No function modifies its inputs. Floating dtypes are kept (float32 in → float32 out).
* Implementation rule of the kit: no Python loops over pixels or samples; build windows with
  ``np.lib.stride_tricks.sliding_window_view`` and let matrix products (BLAS) do the arithmetic.

요약: 합성곱/풀링 계층을 im2col 방식으로 구현합니다. 출력 크기 OH = (H + 2P − FH)/S + 1.
"""
import operator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """Output size of a convolution or pooling along one axis (출력 크기 계산).

    Parameters
    ----------
    input_size : int    H (or W), the input size along the axis, >= 1
    filter_size : int   FH (or FW), the window size along the axis, >= 1
    stride : int        S, the step between two windows (스트라이드), >= 1
    pad : int           P, zeros added on EACH side (패딩), >= 0

    Returns
    -------
    int : OH = (H + 2P − FH) / S + 1   (document 000, Chapter 7 §1)

    Raises
    ------
    ValueError, with the numbers in the message, when
      * H + 2P − FH is not divisible by S (the windows would not tile the padded input exactly: the book's code
        silently floors and drops the last rows; the kit refuses such shapes instead), or
      * the result would be < 1 (the window is larger than the padded input), or
      * an argument is out of range (size or stride < 1, pad < 0).
    TypeError when an argument is not an integer (numpy integers are fine, 28.0 is not).

    Examples: conv_output_size(28, 5) == 24; conv_output_size(7, 3, stride=2, pad=1) == 4;
    conv_output_size(28, 2, stride=3) raises ValueError ((28 − 2) = 26 is not divisible by 3).

    요약: OH = (H + 2P − FH)/S + 1; 나누어떨어지지 않거나 1보다 작으면 ValueError.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    """Unfold every filter window of a batch of images into one row of a matrix (이미지 → 행렬 전개, im2col).

    Source: "Deep Learning from Scratch" §7.4 (the im2col trick), with the shapes of document 000, Chapter 7.

    Parameters
    ----------
    x : ndarray (N, C, H, W)   the images (any real dtype; the result has the same dtype)
    filter_h, filter_w : int   FH, FW, the window size
    stride : int               S
    pad : int                  P zeros added on each side of H and W before the windows are taken

    Returns
    -------
    col : ndarray (N·OH·OW, C·FH·FW) with OH = conv_output_size(H, FH, S, P), OW = conv_output_size(W, FW, S, P).
        Row  r = (n·OH + i)·OW + j        is the window whose top-left corner is at (i·S, j·S) of padded image n;
        column k = (c·FH + u)·FW + v      is channel c, window row u, window column v; i.e.
        col[r, k] = x_pad[n, c, i·S + u, j·S + v].
        So the rows are ordered (n, i, j) and the columns (c, u, v): the column order is that of a filter
        W (FN, C, FH, FW) flattened per filter, and ``col @ W.reshape(FN, -1).T`` is the convolution, one row per
        output position, one column per filter.

    Raises ValueError (from conv_output_size) when the windows do not tile the padded input exactly.

    Notes
    -----
    Only the values, the shape and the dtype are checked; the memory layout of the result is free (a transposed
    view is fine). The input is not modified. Build the windows with sliding_window_view (or one slice per filter
    offset (u, v)), not with a loop over output positions.

    요약: 모든 필터 창(window)을 한 행으로 펼친 (N·OH·OW, C·FH·FW) 행렬; 열 순서는 (C, FH, FW).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """Fold a matrix of window values back into images, summing overlaps (행렬 → 이미지, col2im).

    Source: "Deep Learning from Scratch" §7.4; used by the backward pass of Convolution (the book's Pooling uses it too).

    The exact adjoint (transpose, 전치) of ``im2col``: for every x and every matrix c of the right shapes,
    ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩. So when c = ∂L/∂col, col2im(c) = ∂L/∂x — this is how Convolution.backward
    turns the gradient of the im2col matrix into the gradient of the input.

    Parameters
    ----------
    col : ndarray (N·OH·OW, C·FH·FW)   rows (n, i, j) and columns (c, u, v) exactly as im2col returns them
    input_shape : tuple (N, C, H, W)   the shape of the (unpadded) images
    filter_h, filter_w, stride, pad    as for im2col

    Returns
    -------
    img : ndarray (N, C, H, W), dtype of col, with
        img_pad[n, c, y, z] = Σ over every (i, j, u, v) with i·S + u = y and j·S + v = z of col[(n,i,j), (c,u,v)],
        then the P-wide border is cut off (img = img_pad[:, :, P:P+H, P:P+W]).
    A pixel covered by several windows receives the SUM of their entries (not the last one written, not the
    mean); a pixel covered by none (possible when S > FH) receives 0; entries that fall on padding are dropped.

    Raises ValueError when the windows do not tile the padded input exactly or col has the wrong shape.

    Notes
    -----
    Overlapping windows make this a sum, not an assignment: a fancy-index assignment such as ``img[idx] = values``
    keeps only one of the values written to the same pixel. A loop over the FH·FW filter offsets, each step adding
    a whole strided block at once, is fine; a loop over pixels is not. The result may be a view of a larger
    (padded) array.

    요약: im2col의 수반(adjoint) 연산; 겹치는 위치의 값은 더하고 패딩 부분은 버립니다.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


class Convolution:
    """Convolution layer (합성곱 계층), computed as one matrix product on the im2col matrix.

    Parameters
    ----------
    W : ndarray (FN, C, FH, FW)   FN filters (필터) of C channels and size FH × FW
    b : ndarray (FN,)             one bias (편향) per filter
    stride : int                  S (스트라이드)
    pad : int                     P zeros on each side of H and W (패딩)
    The layer keeps W and b themselves (not copies), so an optimizer that updates them in place trains it.

    forward(x): x (N, C, H, W) → out (N, FN, OH, OW), OH = (H + 2P − FH)/S + 1 (document 000, Ch. 7):
        out[n, f, i, j] = Σ_{c,u,v} W[f, c, u, v] · x_pad[n, c, i·S + u, j·S + v] + b[f]
    (cross-correlation: the filter is not flipped). With col = im2col(x, FH, FW, S, P) and Wm = W.reshape(FN, −1)
    this is col @ Wm.T + b, one row per output position, reshaped to (N, OH, OW, FN) and moved to (N, FN, OH, OW).

    backward(dout): dout (N, FN, OH, OW) = ∂L/∂out. With D the (N·OH·OW, FN) matrix of dout (rows (n, i, j)):
        self.db = Σ_{n,i,j} dout[n, :, i, j]                      shape (FN,)
        self.dW = (colᵀ @ D)ᵀ reshaped to (FN, C, FH, FW)          i.e. dW[f] = Σ over positions of dout · window
        dx      = col2im(D @ Wm, x.shape, FH, FW, S, P)           shape (N, C, H, W), returned
    Must be called after forward (it uses the im2col matrix kept by forward).

    Shapes whose windows do not tile the padded input raise ValueError (see conv_output_size).
    dtype: the usual numpy promotion of x and W (float32 x with float32 W and b stays float32).

    요약: im2col로 펼친 행렬과 필터 행렬의 곱으로 합성곱을 계산; 역전파는 행렬 곱과 col2im.
    """

    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        # kept by forward for backward
        self.x_shape = None
        self.col = None
        # gradients, set by backward
        self.dW = None
        self.db = None

    def forward(self, x):
        """x: ndarray (N, C, H, W). Returns out (N, FN, OH, OW) = conv(x, W) + b (see the class docstring)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        """dout: ndarray (N, FN, OH, OW). Sets self.dW (FN, C, FH, FW), self.db (FN,); returns dx (N, C, H, W)."""
        # YOUR CODE HERE
        raise NotImplementedError()


class Pooling:
    """Pooling layer (풀링 계층): max pooling (최대 풀링) or average pooling (평균 풀링) over PH × PW windows.

    Parameters
    ----------
    pool_h, pool_w : int   PH, PW, the window size
    stride : int, pair or None
                           the step between two windows: one int S for both directions, or a pair (SH, SW)
                           (vertical, horizontal); None (the default) means the pool size, (SH, SW) = (PH, PW), so
                           the windows do not overlap (the usual 2 × 2 / stride 2 case). ``__init__`` stores it as
                           the pair ``self.stride = (SH, SW)`` whatever form it was given in.
    pad : int              P on each side of H and W; keep P smaller than the window (a max window lying entirely
                           in the padding would give −inf)
    mode : 'max' or 'avg'

    forward(x): x (N, C, H, W) → out (N, C, OH, OW), OH = (H + 2P − PH)/SH + 1 and OW = (W + 2P − PW)/SW + 1 (the
        same formula as convolution, each direction with its own step).
        Each channel is pooled on its own (the channel count does not change; pooling has no parameters —
        document 000, Ch. 7 "Pooling Layer").
        'max': out[n, c, i, j] = max of the window;   padding is −inf, so a padded position never wins.
        'avg': out[n, c, i, j] = (sum of the window) / (PH·PW);   padding is 0 and IS counted in PH·PW.
    backward(dout): dout (N, C, OH, OW) → dx (N, C, H, W).
        'max': each dout[n, c, i, j] goes entirely to the position of the maximum of its window; when several
               positions tie for the maximum, the FIRST in row-major window order gets it (as np.argmax);
               overlapping windows add up.
        'avg': each dout[n, c, i, j] is spread evenly, dout / (PH·PW), over its window; overlaps add up.
        Gradients that land on padding are dropped.
    Shapes whose windows do not tile the padded input raise ValueError (see conv_output_size); a mode other than
    'max' or 'avg' raises ValueError. Floating dtypes are kept.

    요약: 창마다 최댓값(또는 평균)을 취하는 계층; 최대 풀링의 역전파는 최댓값 위치(동점이면 첫 위치)로만 전달.
    """

    def __init__(self, pool_h, pool_w, stride=None, pad=0, mode='max'):
        if mode not in ('max', 'avg'):
            raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
        self.pool_h = pool_h
        self.pool_w = pool_w
        if stride is None:
            stride = (pool_h, pool_w)      # the pool size in each direction
        elif not isinstance(stride, (tuple, list)):
            stride = (stride, stride)      # one int: the same step in both directions
        self.stride = (operator.index(stride[0]), operator.index(stride[1]))   # (SH, SW)
        self.pad = pad
        self.mode = mode
        # kept by forward for backward
        self.x_shape = None
        self.arg_max = None

    def forward(self, x):
        """x: ndarray (N, C, H, W). Returns the pooled array (N, C, OH, OW) (see the class docstring)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        """dout: ndarray (N, C, OH, OW). Returns dx (N, C, H, W) (see the class docstring)."""
        # YOUR CODE HERE
        raise NotImplementedError()
