"""a05 conv, BOOK style ("Deep Learning from Scratch" §7.4): im2col fills a (N, C, FH, FW, OH, OW) array with one
strided slice per filter offset (y, x) — the book's index arithmetic y_max = y + stride·out_h — and transposes it
to (N·OH·OW, C·FH·FW); col2im adds the slices back into a padded image; Convolution is np.dot(col, col_W) + b;
Pooling runs im2col on the window size, reshapes to one window per row and takes argmax/max (or the mean), and its
backward scatters dout into a (rows, PH·PW) matrix and folds it with col2im.

Differences from the printed book, required by DESIGN §3: float dtypes are kept (no float64 np.zeros), shapes that
do not tile raise ValueError, max pooling pads with −inf (average pooling with 0, counted), Pooling's stride may be
a pair and None means (pool_h, pool_w), and col2im/Pooling take a pair stride internally (_unfold/_fold).
"""
import operator

import numpy as np


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    # operator.index accepts Python and numpy integers and raises TypeError for anything else (e.g. 28.0)
    input_size, filter_size = operator.index(input_size), operator.index(filter_size)
    stride, pad = operator.index(stride), operator.index(pad)
    numbers = f"(input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad})"
    if input_size < 1 or filter_size < 1 or stride < 1 or pad < 0:
        raise ValueError(f"conv_output_size{numbers}: sizes and stride must be >= 1 and pad >= 0")
    if input_size + 2 * pad < filter_size:
        raise ValueError(f"conv_output_size{numbers}: the window is larger than the padded input "
                         f"{input_size + 2 * pad}, the output size would be < 1")
    if (input_size + 2 * pad - filter_size) % stride != 0:
        raise ValueError(f"conv_output_size{numbers}: {input_size} + 2*{pad} - {filter_size} is not divisible by "
                         f"the stride {stride}")
    return int((input_size + 2 * pad - filter_size) // stride + 1)


def _unfold(img, filter_h, filter_w, stride_h, stride_w):
    """im2col of an already padded image, with separate vertical and horizontal strides."""
    N, C, H, W = img.shape
    out_h = conv_output_size(H, filter_h, stride_h)
    out_w = conv_output_size(W, filter_w, stride_w)
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=img.dtype)
    for y in range(filter_h):
        y_max = y + stride_h * out_h
        for x in range(filter_w):
            x_max = x + stride_w * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride_h, x:x_max:stride_w]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def _fold(col, padded_shape, filter_h, filter_w, stride_h, stride_w):
    """Adjoint of _unfold: add every row of col back into an image of the padded shape."""
    N, C, H, W = padded_shape
    out_h = conv_output_size(H, filter_h, stride_h)
    out_w = conv_output_size(W, filter_w, stride_w)
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H, W), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride_h * out_h
        for x in range(filter_w):
            x_max = x + stride_w * out_w
            img[:, :, y:y_max:stride_h, x:x_max:stride_w] += col[:, :, y, x, :, :]
    return img


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    input_data = np.asarray(input_data)
    N, C, H, W = input_data.shape
    conv_output_size(H, filter_h, stride, pad)       # validate with the unpadded numbers
    conv_output_size(W, filter_w, stride, pad)
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], 'constant')
    return _unfold(img, filter_h, filter_w, stride, stride)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    col = np.asarray(col)
    N, C, H, W = input_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    if col.shape != (N * out_h * out_w, C * filter_h * filter_w):
        raise ValueError(f"col has shape {col.shape}, expected {(N * out_h * out_w, C * filter_h * filter_w)}")
    img = _fold(col, (N, C, H + 2 * pad, W + 2 * pad), filter_h, filter_w, stride, stride)
    return img[:, :, pad:H + pad, pad:W + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

        # intermediate data (used in backward)
        self.x = None
        self.col = None
        self.col_W = None

        # gradients of the weights and biases
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = conv_output_size(H, FH, self.stride, self.pad)
        out_w = conv_output_size(W, FW, self.stride, self.pad)

        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T

        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

        self.x = x
        self.col = col
        self.col_W = col_W
        return out

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = np.asarray(dout).transpose(0, 2, 3, 1).reshape(-1, FN)

        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout)
        self.dW = self.dW.transpose(1, 0).reshape(FN, C, FH, FW)

        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=None, pad=0, mode='max'):
        if mode not in ('max', 'avg'):
            raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
        self.pool_h = pool_h
        self.pool_w = pool_w
        if stride is None:
            stride = (pool_h, pool_w)
        self.stride = tuple(stride) if isinstance(stride, (tuple, list)) else (stride, stride)
        self.pad = pad
        self.mode = mode

        self.x = None
        self.arg_max = None

    def forward(self, x):
        x = np.asarray(x)
        N, C, H, W = x.shape
        sh, sw = self.stride
        out_h = conv_output_size(H, self.pool_h, sh, self.pad)
        out_w = conv_output_size(W, self.pool_w, sw, self.pad)

        # the book pads with zeros inside im2col; max pooling must pad with −inf so that padding never wins
        fill = -np.inf if self.mode == 'max' else 0
        p = self.pad
        img = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], 'constant', constant_values=fill)
        col = _unfold(img, self.pool_h, self.pool_w, sh, sw)
        col = col.reshape(-1, self.pool_h * self.pool_w)

        if self.mode == 'max':
            arg_max = np.argmax(col, axis=1)
            out = np.max(col, axis=1)
            self.arg_max = arg_max
        else:
            out = np.mean(col, axis=1)
        out = out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

        self.x = x
        return out

    def backward(self, dout):
        dout = np.asarray(dout).transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        if self.mode == 'max':
            dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
            dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        else:
            dmax = np.repeat(dout.reshape(-1, 1) / pool_size, pool_size, axis=1)
        dmax = dmax.reshape(dout.shape + (pool_size,))

        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        N, C, H, W = self.x.shape
        p = self.pad
        img = _fold(dcol, (N, C, H + 2 * p, W + 2 * p), self.pool_h, self.pool_w, *self.stride)
        return img[:, :, p:H + p, p:W + p]
