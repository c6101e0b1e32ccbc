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
    ### BEGIN SOLUTION
    input_size, filter_size = operator.index(input_size), operator.index(filter_size)
    stride, pad = operator.index(stride), operator.index(pad)
    call = f"conv_output_size(input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad})"
    if input_size < 1 or filter_size < 1:
        raise ValueError(f"{call}: input_size and filter_size must be >= 1")
    if stride < 1:
        raise ValueError(f"{call}: stride must be >= 1")
    if pad < 0:
        raise ValueError(f"{call}: pad must be >= 0")
    span = input_size + 2 * pad - filter_size
    formula = f"input_size + 2*pad - filter_size = {input_size} + 2*{pad} - {filter_size} = {span}"
    if span < 0:
        raise ValueError(f"{call}: {formula} < 0, the window ({filter_size}) is larger than the padded input "
                         f"({input_size + 2 * pad}), so the output size would be < 1")
    if span % stride != 0:
        raise ValueError(f"{call}: {formula} is not divisible by the stride {stride}, so the windows do not "
                         f"tile the padded input exactly (output size would be {span}/{stride} + 1 = "
                         f"{span / stride + 1:g})")
    return span // stride + 1
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x = np.asarray(x)
    n, c, h, w = x.shape
    out_h = conv_output_size(h, filter_h, stride, pad)
    out_w = conv_output_size(w, filter_w, stride, pad)
    if pad:
        padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=x.dtype)
        padded[:, :, pad:pad + h, pad:pad + w] = x
    else:
        padded = x
    # windows[n, c, i, j, u, v] = padded[n, c, i*S + u, j*S + v]   (a view: no copy yet)
    windows = sliding_window_view(padded, (filter_h, filter_w), axis=(2, 3))[:, :, ::stride, ::stride]
    # One copy, into (C, FH, FW, N, OH, OW) order, and the transpose of that (C·FH·FW, N·OH·OW) matrix is returned:
    # the innermost axis of the copy is a run along an image row, so the copy is several times faster than one
    # into (N, OH, OW, C, FH, FW) order, and col2im / the matrix products of Convolution read it efficiently.
    # Use np.ascontiguousarray(col) for row-major memory.
    unfolded = np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))
    return unfolded.reshape(c * filter_h * filter_w, n * out_h * out_w).T
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    n, c, h, w = input_shape
    out_h = conv_output_size(h, filter_h, stride, pad)
    out_w = conv_output_size(w, filter_w, stride, pad)
    col = np.asarray(col)
    expected = (n * out_h * out_w, c * filter_h * filter_w)
    if col.shape != expected:
        raise ValueError(f"col has shape {col.shape}; input_shape {tuple(input_shape)} with a "
                         f"{filter_h}x{filter_w} window, stride {stride}, pad {pad} needs {expected}")
    # blocks[c, u, v, n, i, j] = col[(n, i, j), (c, u, v)]  (a view; contiguous when col came from im2col)
    blocks = col.T.reshape(c, filter_h, filter_w, n, out_h, out_w)
    img = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    if stride >= filter_h and stride >= filter_w:
        # Windows do not overlap: every padded pixel is written at most once, so one assignment does it all.
        target = sliding_window_view(img, (filter_h, filter_w), axis=(2, 3), writeable=True)
        target[:, :, ::stride, ::stride] = blocks.transpose(3, 0, 4, 5, 1, 2)
    else:
        # Overlapping windows: add the block of each filter offset (u, v) to its shifted, strided position —
        # FH·FW whole-array additions, no loop over pixels. (Fully vectorized alternatives were measured and
        # rejected: np.add.at through a writeable window view is 4–10x slower; np.bincount on flat pixel indices
        # is 1.4–3x slower even with its index array cached, and always returns float64.)
        img_c = img.transpose(1, 0, 2, 3)  # (C, N, Hp, Wp) view, matching the block order
        rows = stride * out_h
        cols = stride * out_w
        for u in range(filter_h):
            for v in range(filter_w):
                img_c[:, :, u:u + rows:stride, v:v + cols:stride] += blocks[:, u, v]
    return img[:, :, pad:pad + h, pad:pad + w]
    ### END SOLUTION


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
        ### BEGIN SOLUTION
        x = np.asarray(x)
        fn, c, fh, fw = self.W.shape
        n, xc, h, w = x.shape
        if xc != c:
            raise ValueError(f"x has {xc} channels but the filters W {self.W.shape} expect {c}")
        out_h = conv_output_size(h, fh, self.stride, self.pad)
        out_w = conv_output_size(w, fw, self.stride, self.pad)
        col = im2col(x, fh, fw, self.stride, self.pad)          # (N·OH·OW, C·FH·FW)
        w_mat = self.W.reshape(fn, -1)                           # (FN, C·FH·FW)
        out_t = w_mat @ col.T                                    # (FN, N·OH·OW): rows are filters
        out_t += self.b.reshape(fn, 1)
        self.x_shape = x.shape
        self.col = col
        # (FN, N, OH, OW) memory seen as (N, FN, OH, OW): a view, no copy
        return out_t.reshape(fn, n, out_h, out_w).transpose(1, 0, 2, 3)
        ### END SOLUTION

    def backward(self, dout):
        """dout: ndarray (N, FN, OH, OW). Sets self.dW (FN, C, FH, FW), self.db (FN,); returns dx (N, C, H, W)."""
        ### BEGIN SOLUTION
        fn, c, fh, fw = self.W.shape
        dout_t = np.asarray(dout).transpose(1, 0, 2, 3).reshape(fn, -1)   # (FN, N·OH·OW)
        # db = row sums of dout_t, as a matrix-vector product: BLAS runs it on every core, several times
        # faster than dout_t.sum(axis=1) for these long rows
        self.db = dout_t @ np.ones(dout_t.shape[1], dtype=dout_t.dtype)
        self.dW = (dout_t @ self.col).reshape(self.W.shape)
        dcol_t = self.W.reshape(fn, -1).T @ dout_t                          # (C·FH·FW, N·OH·OW)
        return col2im(dcol_t.T, self.x_shape, fh, fw, self.stride, self.pad)
        ### END SOLUTION


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
        ### BEGIN SOLUTION
        x = np.asarray(x)
        ph, pw, p = self.pool_h, self.pool_w, self.pad
        sh, sw = self.stride
        n, c, h, w = x.shape
        conv_output_size(h, ph, sh, p)   # validates the shape (raises ValueError)
        conv_output_size(w, pw, sw, p)
        if p:
            fill = -np.inf if self.mode == 'max' else 0
            padded = np.full((n, c, h + 2 * p, w + 2 * p), fill, dtype=x.dtype)
            padded[:, :, p:p + h, p:p + w] = x
        else:
            padded = x
        windows = sliding_window_view(padded, (ph, pw), axis=(2, 3))[:, :, ::sh, ::sw]  # (N, C, OH, OW, PH, PW)
        self.x_shape = x.shape
        # Loop over the PH·PW window offsets, each step vectorized over every window at once (no loop over
        # pixels). Reducing the two small trailing axes directly (windows.max(axis=(4, 5))) is many times slower.
        out = windows[..., 0, 0].copy()
        if self.mode == 'avg':
            for k in range(1, ph * pw):
                out += windows[..., k // pw, k % pw]
            out /= ph * pw
            return out
        # Running maximum with the offset of the winner: an offset replaces the current best only when strictly
        # greater, so ties keep the first offset in row-major window order (as np.argmax). Offsets only grow, so
        # "arg = k where better" is arg = max(arg, k·better): branch-free, much faster than masked assignment.
        arg = np.zeros(out.shape, dtype=np.min_scalar_type(ph * pw - 1))
        for k in range(1, ph * pw):
            candidate = windows[..., k // pw, k % pw]
            better = candidate > out
            np.maximum(out, candidate, out=out)
            np.maximum(arg, better * arg.dtype.type(k), out=arg)
        self.arg_max = arg
        return out
        ### END SOLUTION

    def backward(self, dout):
        """dout: ndarray (N, C, OH, OW). Returns dx (N, C, H, W) (see the class docstring)."""
        ### BEGIN SOLUTION
        dout = np.asarray(dout)
        ph, pw, p = self.pool_h, self.pool_w, self.pad
        sh, sw = self.stride
        n, c, h, w = self.x_shape
        out_h, out_w = dout.shape[2], dout.shape[3]
        dx = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=dout.dtype)
        overlapping = sh < ph or sw < pw
        share = dout / (ph * pw) if self.mode == 'avg' else None
        for k in range(ph * pw):
            u, v = divmod(k, pw)
            target = dx[:, :, u:u + sh * out_h:sh, v:v + sw * out_w:sw]   # pixel at offset (u, v) of every window
            if self.mode == 'max':
                share = dout * (self.arg_max == k)     # dout where offset k won, else 0 (branch-free)
            if overlapping:
                target += share
            else:
                target[...] = share                    # each pixel lies in at most one window
        return dx[:, :, p:p + h, p:p + w]
        ### END SOLUTION
