"""a05 conv, LOOPS style: im2col, col2im, Convolution and Pooling written with explicit Python loops over the
output positions (i, j) — each step handles one window position for the whole batch and every channel / filter.
Convolution does not use im2col at all: it is the direct sum over each window. Slow but plain.

Conventions of DESIGN §3: cross-correlation; im2col rows (n, i, j) and columns (c, u, v); col2im is its adjoint;
Pooling stride None = (pool_h, pool_w), an int or a pair; max pooling pads with −inf, average pooling counts the
padded zeros; float32 in → float32 out; nothing modifies its arguments.
"""
import numpy as np


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    for name, value in (("input_size", input_size), ("filter_size", filter_size), ("stride", stride), ("pad", pad)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"conv_output_size: {name} must be an integer, got {value!r}")
    if input_size < 1 or filter_size < 1 or stride < 1 or pad < 0:
        raise ValueError(f"conv_output_size: invalid arguments input_size={input_size}, filter_size={filter_size}, "
                         f"stride={stride}, pad={pad}")
    padded = input_size + 2 * pad
    if filter_size > padded:
        raise ValueError(f"conv_output_size: filter_size {filter_size} is larger than the padded input "
                         f"(input_size {input_size} + 2*pad {pad} = {padded})")
    steps, leftover = divmod(padded - filter_size, stride)
    if leftover:
        raise ValueError(f"conv_output_size: input_size {input_size} + 2*pad {pad} - filter_size {filter_size} = "
                         f"{padded - filter_size} is not a multiple of stride {stride}")
    return int(steps) + 1


def _pair(value, name):
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {value!r}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _pad(x, pad, fill=0):
    """x (N, C, H, W) with `pad` pixels of value `fill` around H and W (a new array of x's dtype)."""
    n, c, h, w = x.shape
    out = np.full((n, c, h + 2 * pad, w + 2 * pad), fill, dtype=x.dtype)
    out[:, :, pad:pad + h, pad:pad + w] = x
    return out


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    x = np.asarray(x)
    n, c, h, w = x.shape
    out_h = conv_output_size(h, filter_h, stride, pad)
    out_w = conv_output_size(w, filter_w, stride, pad)
    img = _pad(x, pad)
    col = np.empty((n, out_h, out_w, c * filter_h * filter_w), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = img[:, :, top:top + filter_h, left:left + filter_w]     # (N, C, FH, FW)
            col[:, i, j, :] = window.reshape(n, -1)                             # columns in (c, u, v) order
    return col.reshape(n * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    col = np.asarray(col)
    n, c, h, w = input_shape
    out_h = conv_output_size(h, filter_h, stride, pad)
    out_w = conv_output_size(w, filter_w, stride, pad)
    if col.shape != (n * out_h * out_w, c * filter_h * filter_w):
        raise ValueError(f"col has shape {col.shape}, expected {(n * out_h * out_w, c * filter_h * filter_w)}")
    rows = col.reshape(n, out_h, out_w, c, filter_h, filter_w)
    img = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            img[:, :, top:top + filter_h, left:left + filter_w] += rows[:, i, j]   # overlaps add up
    return img[:, :, pad:pad + h, pad:pad + w].copy()


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.x_padded = None
        self.x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        fn, c, fh, fw = self.W.shape
        n, xc, h, w = x.shape
        if xc != c:
            raise ValueError(f"x has {xc} channels but W {self.W.shape} expects {c}")
        s = self.stride
        out_h = conv_output_size(h, fh, s, self.pad)
        out_w = conv_output_size(w, fw, s, self.pad)
        img = _pad(x, self.pad)
        dtype = np.result_type(x.dtype, self.W.dtype, self.b.dtype)
        out = np.empty((n, fn, out_h, out_w), dtype=dtype)
        w_rows = self.W.reshape(fn, -1)
        for i in range(out_h):
            for j in range(out_w):
                window = img[:, :, i * s:i * s + fh, j * s:j * s + fw].reshape(n, -1)   # (N, C·FH·FW)
                out[:, :, i, j] = window @ w_rows.T + self.b
        self.x_padded, self.x_shape = img, x.shape
        return out

    def backward(self, dout):
        dout = np.asarray(dout)
        fn, c, fh, fw = self.W.shape
        n, _, h, w = self.x_shape
        s, p = self.stride, self.pad
        out_h, out_w = dout.shape[2], dout.shape[3]
        w_rows = self.W.reshape(fn, -1)
        dtype = np.result_type(dout.dtype, self.W.dtype)
        dW = np.zeros((fn, c * fh * fw), dtype=dtype)
        db = np.zeros(fn, dtype=dtype)
        dimg = np.zeros(self.x_padded.shape, dtype=dtype)
        for i in range(out_h):
            for j in range(out_w):
                g = dout[:, :, i, j]                                                    # (N, FN)
                window = self.x_padded[:, :, i * s:i * s + fh, j * s:j * s + fw].reshape(n, -1)
                dW += g.T @ window
                db += g.sum(axis=0)
                dimg[:, :, i * s:i * s + fh, j * s:j * s + fw] += (g @ w_rows).reshape(n, c, fh, fw)
        self.dW = dW.reshape(self.W.shape)
        self.db = db
        return dimg[:, :, p:p + h, p:p + w].copy()


class Pooling:
    def __init__(self, pool_h, pool_w, stride=None, pad=0, mode='max'):
        if mode not in ('max', 'avg'):
            raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = (pool_h, pool_w) if stride is None else _pair(stride, "stride")
        self.pad = pad
        self.mode = mode
        self.x_shape = None
        self.arg_max = None

    def forward(self, x):
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        ph, pw, p = self.pool_h, self.pool_w, self.pad
        sh, sw = self.stride
        n, c, h, w = x.shape
        out_h = conv_output_size(h, ph, sh, p)
        out_w = conv_output_size(w, pw, sw, p)
        img = _pad(x, p, fill=-np.inf if self.mode == 'max' else 0)
        out = np.empty((n, c, out_h, out_w), dtype=x.dtype)
        arg_max = np.zeros((n, c, out_h, out_w), dtype=np.int64)
        for i in range(out_h):
            for j in range(out_w):
                window = img[:, :, i * sh:i * sh + ph, j * sw:j * sw + pw].reshape(n, c, ph * pw)
                if self.mode == 'max':
                    arg_max[:, :, i, j] = np.argmax(window, axis=2)
                    out[:, :, i, j] = np.max(window, axis=2)
                else:
                    out[:, :, i, j] = np.sum(window, axis=2) / (ph * pw)   # padded zeros count
        self.x_shape, self.arg_max = x.shape, arg_max
        return out

    def backward(self, dout):
        dout = np.asarray(dout)
        ph, pw, p = self.pool_h, self.pool_w, self.pad
        sh, sw = self.stride
        n, c, h, w = self.x_shape
        out_h, out_w = dout.shape[2], dout.shape[3]
        dimg = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=dout.dtype)
        positions = np.arange(ph * pw)
        for i in range(out_h):
            for j in range(out_w):
                g = dout[:, :, i, j][:, :, None]                                        # (N, C, 1)
                if self.mode == 'max':
                    share = np.where(positions == self.arg_max[:, :, i, j][:, :, None], g, 0)
                else:
                    share = np.broadcast_to(g / (ph * pw), (n, c, ph * pw))
                dimg[:, :, i * sh:i * sh + ph, j * sw:j * sw + pw] += share.reshape(n, c, ph, pw)
        return dimg[:, :, p:p + h, p:p + w].copy()
