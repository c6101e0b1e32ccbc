"""Cheats of a02_backprop: functions, layers and networks that return the right shapes without computing anything,
layers that are wrong but agree with themselves (a forward that caches its outputs and a zero backward: the numeric
gradient of such a forward is zero too), and a layer set that recognises the worked example's numbers."""
from . import Cheat

FUNCTIONS = ("functions.step_function", "functions.sigmoid", "functions.tanh", "functions.relu",
             "functions.leaky_relu", "functions.softmax", "functions.mean_squared_error", "functions.sum_squared_error",
             "functions.cross_entropy_error", "functions.binary_cross_entropy")
LAYERS = ("layers.Relu", "layers.LeakyRelu", "layers.Sigmoid", "layers.Tanh", "layers.Affine",
          "layers.SoftmaxWithLoss", "layers.SumSquaredLoss")
NETWORK = ("network.TwoLayerNet",)

ZERO_FUNCTIONS = '''
import numpy as np


def _zeros(x, *args, **kwargs):
    return np.zeros(np.shape(x))


step_function = sigmoid = tanh = relu = leaky_relu = softmax = _zeros


def _zero_loss(y, t):
    return 0.0


mean_squared_error = sum_squared_error = cross_entropy_error = binary_cross_entropy = _zero_loss
'''

ZERO_LAYERS = '''
import numpy as np


class _Zero:
    def __init__(self, *args, **kwargs):
        self.shape = None

    def forward(self, x, *args, **kwargs):
        self.shape = np.shape(x)
        return np.zeros(self.shape)

    def backward(self, dout=1):
        return np.zeros(self.shape)


class Relu(_Zero):
    pass


class LeakyRelu(_Zero):
    pass


class Sigmoid(_Zero):
    pass


class Tanh(_Zero):
    pass


class Affine(_Zero):
    def __init__(self, W, b):
        super().__init__()
        self.W, self.b = W, b
        self.dW, self.db = np.zeros(np.shape(W)), np.zeros(np.shape(b))

    def forward(self, x):
        self.shape = np.shape(x)
        return np.zeros((np.shape(x)[0], np.shape(self.W)[1]))


class SoftmaxWithLoss(_Zero):
    def forward(self, x, t):
        self.shape = np.shape(x)
        return 0.0


class SumSquaredLoss(SoftmaxWithLoss):
    pass
'''

# Forward: an output remembered per input (any input within 1e-5 of one seen before gets the same output), so the
# numeric gradient of the forward is 0 and agrees with the zero backward. The first output for an input is drawn
# at random, so the forward is not the layer's function either.
CACHING_LAYERS = '''
import numpy as np

_RNG = np.random.default_rng(7)
_CACHE = []


def _cached(key, make):
    key = [np.asarray(k, dtype=float) for k in key]
    for seen, value in _CACHE:
        if len(seen) == len(key) and all(a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-5)
                                         for a, b in zip(seen, key)):
            return value
    value = make()
    _CACHE.append((key, value))
    return value


class _Cached:
    def __init__(self, *args, **kwargs):
        self.shape = None

    def forward(self, x, *args, **kwargs):
        self.shape = np.shape(x)
        return _cached([x, *args], lambda: _RNG.standard_normal(np.shape(x)))

    def backward(self, dout=1):
        return np.zeros(self.shape)


class Relu(_Cached):
    pass


class LeakyRelu(_Cached):
    pass


class Sigmoid(_Cached):
    pass


class Tanh(_Cached):
    pass


class Affine(_Cached):
    def __init__(self, W, b):
        super().__init__()
        self.W, self.b = W, b
        self.dW, self.db = np.zeros(np.shape(W)), np.zeros(np.shape(b))

    def forward(self, x):
        self.shape = np.shape(x)
        return _cached([x, self.W, self.b], lambda: _RNG.standard_normal((np.shape(x)[0], np.shape(self.W)[1])))


class SoftmaxWithLoss(_Cached):
    def forward(self, x, t):
        self.shape = np.shape(x)
        return float(_cached([x, t], lambda: _RNG.uniform(0.1, 3.0)))


class SumSquaredLoss(SoftmaxWithLoss):
    pass
'''

ZERO_NETWORK = '''
import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        self.params = {"W1": np.zeros((input_size, hidden_size)), "b1": np.zeros(hidden_size),
                       "W2": np.zeros((hidden_size, output_size)), "b2": np.zeros(output_size)}

    def predict(self, x):
        return np.zeros((np.shape(x)[0], self.params["W2"].shape[1]))

    def loss(self, x, t):
        return 0.0

    def accuracy(self, x, t):
        return 0.0

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''


def _doc_recogniser(reference_layers: str) -> str:
    """The reference layers, working only while the last Affine built had the worked example's weights (before or
    after its SGD step); zeros otherwise."""
    body = reference_layers.replace("import numpy as np\n", '''import numpy as np

_DOC_WEIGHTS = [np.array([[0.3, 0.4], [0.25, 0.35]]), np.array([[0.45, 0.7], [0.4, 0.6]]),
                np.array([[0.29959556, 0.39964496], [0.24919112, 0.34928991]]),
                np.array([[0.43703857, 0.69629578], [0.38685205, 0.59624247]])]
_STATE = {"doc": False}


def _recognise(W):
    W = np.asarray(W, dtype=float)
    _STATE["doc"] = any(W.shape == d.shape and np.allclose(W, d, rtol=0, atol=1e-6) for d in _DOC_WEIGHTS)


def _gate(fn):
    def wrapped(self, *args, **kwargs):
        out = fn(self, *args, **kwargs)
        if _STATE["doc"]:
            return out
        for name in ("dW", "db"):
            if getattr(self, name, None) is not None:
                setattr(self, name, np.zeros(np.shape(getattr(self, name))))
        return 0.0 if np.ndim(out) == 0 else np.zeros(np.shape(out))
    return wrapped
''', 1)
    body += '''

_affine_init = Affine.__init__


def _init(self, W, b):
    _recognise(W)
    _affine_init(self, W, b)


Affine.__init__ = _init
for _cls in (Relu, LeakyRelu, Sigmoid, Tanh, Affine, SoftmaxWithLoss, SumSquaredLoss):
    _cls.forward = _gate(_cls.forward)
    _cls.backward = _gate(_cls.backward)
'''
    return body


def _reference_layers() -> str:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "solutions" / "a02_backprop" / "layers.py"
    return path.read_text(encoding="utf-8")


CHEATS = [
    Cheat("functions: zeros everywhere", {"functions.py": ZERO_FUNCTIONS}, zero=FUNCTIONS,
          honest=LAYERS + ("worked_example",) + NETWORK),
    Cheat("layers: zeros everywhere (forward, backward, dW, db)", {"layers.py": ZERO_LAYERS},
          zero=LAYERS + ("worked_example",), honest=FUNCTIONS),
    Cheat("layers: caching forward + zero backward", {"layers.py": CACHING_LAYERS},
          zero=LAYERS + ("worked_example",), honest=FUNCTIONS),
    Cheat("network: zeros everywhere", {"network.py": ZERO_NETWORK}, zero=NETWORK,
          honest=FUNCTIONS + LAYERS + ("worked_example",)),
    Cheat("layers that recognise the worked example's weights", {"layers.py": _doc_recogniser(_reference_layers())},
          zero=LAYERS + ("worked_example",), honest=FUNCTIONS),
]

# Found in the second review: "training on a small batch lowers the loss" read only the losses the student's process
# reports; a loss that counts down earned it with no network at all. It now counts once loss and gradient are right.
COUNTDOWN_NETWORK = '''
import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        self.params = {k: np.ones(1) for k in ("W1", "b1", "W2", "b2")}   # nothing of the network's shapes either
        self._calls = 0

    def predict(self, x):
        return np.zeros((len(x), 1))

    def loss(self, x, t):
        self._calls += 1
        return 1.0 / self._calls

    def accuracy(self, x, t):
        return 0.0

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''
CHEATS.append(Cheat("network: no network, a loss that counts down", {"network.py": COUNTDOWN_NETWORK}, zero=NETWORK,
                    honest=FUNCTIONS + LAYERS + ("worked_example",)))
