"""Gaming submissions for a05_cnn: each must earn 0 on the exercises it targets (``zero``), while the honest files of
the same folder keep full marks (``honest``). See tests/gaming/__init__.py."""
from pathlib import Path

from . import Cheat

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_CONV = (ROOT / "solutions" / "a05_cnn" / "conv.py").read_text(encoding="utf-8")

CONV = ("conv.conv_output_size", "conv.im2col", "conv.col2im", "conv.Convolution", "conv.Pooling")
AUG = ("augmentation.horizontal_flip", "augmentation.random_shift", "augmentation.add_noise", "augmentation.rotate90")
NET = ("network.SimpleConvNet",)

_SHAPES = '''
import numpy as np


def _size(n, f, s, p):
    return (n + 2 * p - f) // s + 1


def _pair(stride, ph, pw):
    if stride is None:
        return (ph, pw)
    return tuple(stride) if isinstance(stride, (tuple, list)) else (stride, stride)
'''

# ------------------------------------------------------------------------------------------ zeros everywhere
ZERO_CONV = _SHAPES + '''

def conv_output_size(input_size, filter_size, stride=1, pad=0):
    return 0


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = np.shape(x)
    oh, ow = _size(h, filter_h, stride, pad), _size(w, filter_w, stride, pad)
    return np.zeros((n * oh * ow, c * filter_h * filter_w), dtype=np.asarray(x).dtype)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    return np.zeros(tuple(input_shape), dtype=np.asarray(col).dtype)


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad
        self.dW = self.db = None

    def forward(self, x):
        n, c, h, w = np.shape(x)
        fn, _, fh, fw = self.W.shape
        self.x_shape = np.shape(x)
        return np.zeros((n, fn, _size(h, fh, self.stride, self.pad), _size(w, fw, self.stride, self.pad)),
                        dtype=np.asarray(x).dtype)

    def backward(self, dout):
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        return np.zeros(self.x_shape, dtype=np.asarray(dout).dtype)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=None, pad=0, mode='max'):
        self.pool_h, self.pool_w, self.pad, self.mode = pool_h, pool_w, pad, mode
        self.stride = _pair(stride, pool_h, pool_w)

    def forward(self, x):
        n, c, h, w = np.shape(x)
        self.x_shape = np.shape(x)
        return np.zeros((n, c, _size(h, self.pool_h, self.stride[0], self.pad),
                         _size(w, self.pool_w, self.stride[1], self.pad)), dtype=np.asarray(x).dtype)

    def backward(self, dout):
        return np.zeros(self.x_shape, dtype=np.asarray(dout).dtype)
'''

ZERO_AUG = '''
import numpy as np


def horizontal_flip(x, p=0.5, rng=None):
    return np.zeros_like(x)


def random_shift(x, max_shift, rng=None):
    return np.zeros_like(x)


def add_noise(x, std, rng=None):
    return np.zeros_like(x)


def rotate90(x, k=1):
    x = np.asarray(x)
    shape = x.shape if k % 2 == 0 else x.shape[:-2] + (x.shape[-1], x.shape[-2])
    return np.zeros(shape, dtype=x.dtype)
'''

ZERO_NET = _SHAPES + '''

class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), conv_param=None, hidden_size=100, output_size=10,
                 weight_init_std=0.01, rng=None):
        cp = {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1, **(conv_param or {})}
        c, h, w = input_dim
        fn, f = cp['filter_num'], cp['filter_size']
        oh, ow = _size(h, f, cp['stride'], cp['pad']), _size(w, f, cp['stride'], cp['pad'])
        self.params = {'W1': np.zeros((fn, c, f, f)), 'b1': np.zeros(fn),
                       'W2': np.zeros((fn * (oh // 2) * (ow // 2), hidden_size)), 'b2': np.zeros(hidden_size),
                       'W3': np.zeros((hidden_size, output_size)), 'b3': np.zeros(output_size)}

    def predict(self, x):
        return np.zeros((np.shape(x)[0], self.params['b3'].shape[0]))

    def loss(self, x, t):
        return 0.0

    def accuracy(self, x, t, batch_size=100):
        return 0.0

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''

# ------------------------------------------------------------------------------------------ caching forward + zero backward
# The reference layers' forward, run once per (layer, input shape, dtype) and then replayed from a cache whatever the
# input: the output no longer depends on the input, so a zero backward agrees with numeric differences of this forward.
CACHING_CONV = REFERENCE_CONV + '''

_CACHE = {}
_RealConvolution, _RealPooling = Convolution, Pooling


def _cached(layer, real_forward, x):
    key = (type(layer).__name__, np.shape(x), str(np.asarray(x).dtype))
    if key not in _CACHE:
        _CACHE[key] = np.array(real_forward(layer, x), copy=True)
    layer.x_shape = np.shape(x)
    return _CACHE[key].copy()


class Convolution(_RealConvolution):
    def forward(self, x):
        return _cached(self, _RealConvolution.forward, x)

    def backward(self, dout):
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        return np.zeros(self.x_shape, dtype=np.asarray(dout).dtype)


class Pooling(_RealPooling):
    def forward(self, x):
        return _cached(self, _RealPooling.forward, x)

    def backward(self, dout):
        return np.zeros(self.x_shape, dtype=np.asarray(dout).dtype)
'''

# ------------------------------------------------------------------------------------------ conv_output_size lookup
# Every case the checks module names (public and hidden constants), answered from a table; any other size is refused
# with a ValueError naming the numbers (the answer that would pass every rejection test). The other functions of the
# file use a private, correct size function, so they stay honest.
def _size_table() -> dict:
    from autograder.checks import a05_cnn as checks

    table = {}
    for h, w, fh, fw, s, p in checks.SIZE_CASES:
        table[(h, fh, s, p)] = (h + 2 * p - fh) // s + 1
        table[(w, fw, s, p)] = (w + 2 * p - fw) // s + 1
    for case in checks.TILING_CASES + checks.EXACT_FIT_CASES:
        h, f, s, p = case
        table[case] = (h + 2 * p - f) // s + 1
    for case in checks.NONTILING_CASES + checks.TOO_LARGE_CASES:
        table[case] = None
    return table


def _lookup_conv() -> str:
    body = REFERENCE_CONV.replace("def conv_output_size(", "def _real_size(", 1)
    body = body.replace("conv_output_size(h,", "_real_size(h,").replace("conv_output_size(w,", "_real_size(w,")
    body = body.replace("conv_output_size(H,", "_real_size(H,").replace("conv_output_size(W,", "_real_size(W,")
    return body + f'''

_TABLE = {_size_table()!r}


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    key = (input_size, filter_size, stride, pad)
    if _TABLE.get(key) is not None:
        return _TABLE[key]
    raise ValueError(f"conv_output_size({{input_size}}, {{filter_size}}, stride={{stride}}, pad={{pad}}) is refused")
'''


# ------------------------------------------------------------------------------------------ stored values by shape
# The public stored values (autograder/public_data/a05_cnn.json, copied next to the file): every array function
# answers with the first stored array of the shape it has to return (zeros when there is none).
LOOKUP_SHAPES = _SHAPES + '''
import json as _json
import pathlib as _pathlib

_BY_SHAPE = {}


def _walk(node):
    if isinstance(node, dict):
        if "__nd__" in node:
            data = [float(v) for v in node["data"]]
            arr = np.array(data, dtype=node["__nd__"]).reshape(node["shape"])
            _BY_SHAPE.setdefault(arr.shape, arr)
            return
        for v in node.values():
            _walk(v)
    elif isinstance(node, list):
        for v in node:
            _walk(v)


_walk(_json.loads((_pathlib.Path(__file__).with_name("table.json")).read_text(encoding="utf-8")))


def _stored(shape, dtype):
    arr = _BY_SHAPE.get(tuple(shape))
    return np.zeros(shape, dtype=dtype) if arr is None else arr.astype(dtype)


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    return 1


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = np.shape(x)
    oh, ow = _size(h, filter_h, stride, pad), _size(w, filter_w, stride, pad)
    return _stored((n * oh * ow, c * filter_h * filter_w), np.asarray(x).dtype)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    return _stored(tuple(input_shape), np.asarray(col).dtype)


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad
        self.dW = self.db = None

    def forward(self, x):
        n, c, h, w = np.shape(x)
        fn, _, fh, fw = self.W.shape
        self.x_shape = np.shape(x)
        return _stored((n, fn, _size(h, fh, self.stride, self.pad), _size(w, fw, self.stride, self.pad)),
                       np.asarray(x).dtype)

    def backward(self, dout):
        self.dW = _stored(self.W.shape, self.W.dtype)
        self.db = _stored(self.b.shape, self.b.dtype)
        return _stored(self.x_shape, np.asarray(dout).dtype)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=None, pad=0, mode='max'):
        self.pool_h, self.pool_w, self.pad, self.mode = pool_h, pool_w, pad, mode
        self.stride = _pair(stride, pool_h, pool_w)

    def forward(self, x):
        n, c, h, w = np.shape(x)
        self.x_shape = np.shape(x)
        return _stored((n, c, _size(h, self.pool_h, self.stride[0], self.pad),
                        _size(w, self.pool_w, self.stride[1], self.pad)), np.asarray(x).dtype)

    def backward(self, dout):
        return _stored(self.x_shape, np.asarray(dout).dtype)
'''

# ------------------------------------------------------------------------------------------ augmentation that does nothing
IDENTITY_AUG = '''
import numpy as np


def horizontal_flip(x, p=0.5, rng=None):
    return np.array(x, copy=True)


def random_shift(x, max_shift, rng=None):
    return np.array(x, copy=True)


def add_noise(x, std, rng=None):
    return np.array(x, copy=True)


def rotate90(x, k=1):
    return np.array(x, copy=True)
'''


def _public_values() -> bytes:
    return (ROOT / "autograder" / "public_data" / "a05_cnn.json").read_bytes()


CHEATS = [
    Cheat("zeros everywhere (conv.py)", {"conv.py": ZERO_CONV}, zero=CONV, honest=AUG),
    Cheat("zeros everywhere (augmentation.py)", {"augmentation.py": ZERO_AUG}, zero=AUG, honest=CONV + NET),
    Cheat("zeros everywhere (network.py)", {"network.py": ZERO_NET}, zero=NET, honest=CONV + AUG),
    Cheat("caching forward + zero backward (Convolution, Pooling)", {"conv.py": CACHING_CONV},
          zero=("conv.Convolution", "conv.Pooling"),
          honest=("conv.conv_output_size", "conv.im2col", "conv.col2im") + AUG),
    Cheat("conv_output_size looks up the stored cases and refuses the others", {"conv.py": _lookup_conv()},
          zero=("conv.conv_output_size",), honest=CONV[1:] + AUG),
    Cheat("array functions answer with the stored public values of the right shape", {"conv.py": LOOKUP_SHAPES},
          zero=CONV, honest=AUG, extra_files={"table.json": _public_values()}),
    Cheat("augmentation functions return their input unchanged", {"augmentation.py": IDENTITY_AUG}, zero=AUG,
          honest=CONV + NET),
]

# Found in the second review (each earned points before the fix):
# - a "Convolution" returning one number (the sum of x, W and b) with a backward that returns None passed the two
#   hidden tests that compare the layer with a new layer of the same class (2 points); they now count once the
#   forward values are the reference's;
# - a horizontal_flip that flips the sign of the chosen samples passed the flip-rate, independence and gated tests
#   (3 of 6): they now count once every changed sample is its mirror image.
NOT_A_CONVOLUTION = '''

class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b = W, b

    def forward(self, x):
        return np.array([float(np.sum(x)) + float(np.sum(self.W)) + float(np.sum(self.b))])

    def backward(self, dout):
        return None
'''
SIGN_FLIP = '''

def horizontal_flip(x, p, rng):
    x = np.asarray(x)
    out = x.copy()
    hit = rng.random(x.shape[0]) < p
    out[hit] = -out[hit]
    return out
'''
_REFERENCE_AUG = (ROOT / "solutions" / "a05_cnn" / "augmentation.py").read_text(encoding="utf-8")
CHEATS += [
    Cheat("a Convolution that returns one number and no gradient", {"conv.py": REFERENCE_CONV + NOT_A_CONVOLUTION},
          zero=("conv.Convolution",), honest=("conv.conv_output_size", "conv.im2col", "conv.col2im", "conv.Pooling") + AUG),
    Cheat("horizontal_flip that flips the sign instead of mirroring", {"augmentation.py": _REFERENCE_AUG + SIGN_FLIP},
          zero=("augmentation.horizontal_flip",), honest=CONV + AUG[1:]),
]

# Found while closing the above: one-element weight arrays have std 0, which one sample's tolerance cannot reject, so a
# network of such arrays earned "initial std" and, behind it, "initial biases are 0" (2 points). A std is now judged
# only on arrays large enough for it.
TINY_NET = '''
import numpy as np


class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), conv_param=None, hidden_size=100, output_size=10,
                 weight_init_std=0.01, rng=None):
        self.params = {k: (np.ones(1) if k.startswith('W') else np.zeros(1)) for k in ('W1', 'b1', 'W2', 'b2', 'W3', 'b3')}

    def predict(self, x):
        return np.zeros((np.shape(x)[0], 1))

    def loss(self, x, t):
        return 0.0

    def accuracy(self, x, t, batch_size=100):
        return 0.0

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''
CHEATS.append(Cheat("a network of one-element weight arrays", {"network.py": TINY_NET}, zero=NET, honest=CONV + AUG))
