"""Cheats against a04_regularization: each must earn nothing on the exercises it targets, while the exercises of the
files it leaves alone keep full marks (tests/test_gaming.py::test_assignment_cheat_earns_nothing).

A cheat file is the reference file with the cheating classes or functions appended: a later definition replaces the
earlier one, so the rest of the file (the provided layers of layers.py, which network.py imports) stays intact."""
import importlib.util
from pathlib import Path

from autograder.checks.a04_regularization import ES_CASES

from . import Cheat

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "a04_regularization"
AID = "a04_regularization"

LAYERS = ("layers.BatchNormalization", "layers.LayerNormalization", "layers.Dropout")
REGULARIZATION = ("regularization.l2_penalty", "regularization.l2_grad", "regularization.l1_penalty",
                  "regularization.l1_grad", "regularization.EarlyStopping")
NETWORK = ("network.MultiLayerNetExtend",)


def _with(file: str, extra: str) -> str:
    return (SOLUTION / file).read_text(encoding="utf-8") + "\n\n# ---- the cheat\n" + extra


ZERO_LAYERS = '''
class BatchNormalization:
    """Zeros of the right shapes everywhere."""

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma, self.beta = gamma, beta
        self.running_mean = np.zeros(np.shape(gamma))
        self.running_var = np.zeros(np.shape(gamma))
        self.dgamma = np.zeros(np.shape(gamma))
        self.dbeta = np.zeros(np.shape(beta))

    def forward(self, x, train_flg=True):
        return np.zeros(np.shape(x))

    def backward(self, dout):
        return np.zeros(np.shape(dout))


class LayerNormalization(BatchNormalization):
    def __init__(self, gamma, beta, eps=1e-5):
        super().__init__(gamma, beta)


class Dropout:
    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        self.mask = np.zeros(np.shape(x), dtype=bool)
        return np.zeros(np.shape(x))

    def backward(self, dout):
        return np.zeros(np.shape(dout))
'''

ZERO_REGULARIZATION = '''
def l2_penalty(weights, lam):
    return 0.0


def l2_grad(W, lam):
    return np.zeros(np.shape(W))


def l1_penalty(weights, lam):
    return 0.0


def l1_grad(W, lam):
    return np.zeros(np.shape(W))


class EarlyStopping:
    def __init__(self, patience, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta

    def step(self, val_loss):
        return False
'''

ZERO_NETWORK = '''
class MultiLayerNetExtend:
    """The right parameter keys and shapes, zeros everywhere else."""

    def __init__(self, input_size, hidden_size_list, output_size, activation='relu', weight_init_std='relu',
                 weight_decay_lambda=0, use_dropout=False, dropout_ratio=0.5, use_batchnorm=False, rng=None):
        sizes = [input_size] + list(hidden_size_list) + [output_size]
        self.output_size = output_size
        self.params = {}
        for i in range(1, len(sizes)):
            self.params[f'W{i}'] = np.zeros((sizes[i - 1], sizes[i]))
            self.params[f'b{i}'] = np.zeros(sizes[i])
        if use_batchnorm:
            for i in range(1, len(sizes) - 1):
                self.params[f'gamma{i}'] = np.zeros(sizes[i])
                self.params[f'beta{i}'] = np.zeros(sizes[i])
        self.layers = {}

    def predict(self, x, train_flg=False):
        return np.zeros((len(x), self.output_size))

    def loss(self, x, t, train_flg=False):
        return 0.0

    def accuracy(self, x, t):
        return 0.0

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''

# forward: a constant function of its input (the output computed once per shape from an input of its own, then
# served from the cache), backward: zeros. Wrong, but its backward agrees with numeric differences of its forward.
CACHING_NORMS = '''
_CACHE = {}


def _cached(kind, shape):
    key = (kind, tuple(shape))
    if key not in _CACHE:
        z = np.cos(np.arange(int(np.prod(shape)), dtype=float)).reshape(shape)
        axes = (-1,) if kind == "ln" else ((0,) if len(shape) == 2 else (0, 2, 3))
        _CACHE[key] = (z - z.mean(axis=axes, keepdims=True)) / np.sqrt(z.var(axis=axes, keepdims=True) + 1e-5)
    return _CACHE[key].copy()


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma, self.beta = gamma, beta
        self.running_mean = np.zeros(np.shape(gamma)) if running_mean is None else running_mean
        self.running_var = np.ones(np.shape(gamma)) if running_var is None else running_var
        self.dgamma = self.dbeta = None

    def forward(self, x, train_flg=True):
        return _cached("bn", np.shape(x))

    def backward(self, dout):
        self.dgamma = np.zeros(np.shape(self.gamma))
        self.dbeta = np.zeros(np.shape(self.beta))
        return np.zeros(np.shape(dout))


class LayerNormalization:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta = gamma, beta
        self.dgamma = self.dbeta = None

    def forward(self, x, train_flg=True):
        return _cached("ln", np.shape(x))

    def backward(self, dout):
        self.dgamma = np.zeros(np.shape(self.gamma))
        self.dbeta = np.zeros(np.shape(self.beta))
        return np.zeros(np.shape(dout))
'''

# identity in training as well, with a mask that looks right (drawn, stored, never used)
IDENTITY_DROPOUT = '''
class Dropout:
    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(np.shape(x)) >= self.dropout_ratio
        return np.array(x, copy=True)

    def backward(self, dout):
        return np.array(dout, copy=True)
'''


def _reference_regularization():
    spec = importlib.util.spec_from_file_location("_a04_reference_regularization", SOLUTION / "regularization.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stored_answers():
    """The answers to every public early-stopping case, as a student can work them out from the public checks."""
    ref = _reference_regularization()
    table = []
    for cases in ES_CASES.values():
        for patience, min_delta, losses in cases:
            es = ref.EarlyStopping(patience, min_delta)
            table.append((patience, min_delta, list(losses), [bool(es.step(v)) for v in losses]))
    return table


LOOKUP_EARLY_STOPPING = '''
_TABLE = {table!r}


class EarlyStopping:
    """Answers from a table of the public cases: the losses seen so far pick the case."""

    def __init__(self, patience, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.seen = []

    def step(self, val_loss):
        self.seen.append(float(val_loss))
        n = len(self.seen)
        for patience, min_delta, losses, answers in _TABLE:
            if (patience, min_delta) == (self.patience, self.min_delta) and losses[:n] == self.seen:
                return answers[n - 1]
        return False
'''

CHEATS = [
    Cheat("zeros everywhere (layers)", {"layers.py": _with("layers.py", ZERO_LAYERS)}, zero=LAYERS,
          honest=REGULARIZATION),
    Cheat("zeros everywhere (regularization)", {"regularization.py": _with("regularization.py", ZERO_REGULARIZATION)},
          zero=REGULARIZATION, honest=LAYERS + NETWORK),
    Cheat("zeros everywhere (network)", {"network.py": _with("network.py", ZERO_NETWORK)}, zero=NETWORK,
          honest=LAYERS + REGULARIZATION),
    Cheat("caching forward (a constant of the input) + zero backward (batch norm, layer norm)",
          {"layers.py": _with("layers.py", CACHING_NORMS)},
          zero=("layers.BatchNormalization", "layers.LayerNormalization"),
          honest=("layers.Dropout",) + REGULARIZATION),
    Cheat("dropout that is the identity in training and keeps a fake mask", {"layers.py": _with("layers.py", IDENTITY_DROPOUT)},
          zero=("layers.Dropout",), honest=("layers.BatchNormalization", "layers.LayerNormalization") + REGULARIZATION),
    Cheat("early stopping that answers from a table of the public cases",
          {"regularization.py": _with("regularization.py", LOOKUP_EARLY_STOPPING.format(table=_stored_answers()))},
          zero=("regularization.EarlyStopping",), honest=REGULARIZATION[:4] + LAYERS + NETWORK),
]

# Found in the second review (each earned points before the fix):
# - a Dropout whose training forward returns the random mask itself (x never reaches the output): the mask read
#   from the output's zeros passed "kept fraction" and everything gated on it (3.5 of 6); a kept unit must now be
#   x times one common factor;
# - a BatchNormalization with a hard-coded test mode γ·x/√(1 + eps) + β and no statistics at all passed "default
#   running statistics" (1 of 13); it now counts once test mode uses given running statistics;
# - a MultiLayerNetExtend with no layers (predict a hash of x and every parameter; loss and accuracy consistent
#   with it) passed "the layers use these very arrays", loss, accuracy and "does not modify" (4 of 15); they now
#   count once predict is the reference's.
MASK_ONLY_LAYERS = '''
class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x, train_flg=True):
        return self.gamma * x / np.sqrt(1.0 + self.eps) + self.beta

    def backward(self, dout):
        return dout


class Dropout:
    def __init__(self, dropout_ratio=0.5, rng=None):
        self.ratio = dropout_ratio
        self.rng = rng if rng is not None else np.random.default_rng()
        self.train = False

    def forward(self, x, train_flg=True):
        self.train = train_flg
        if not train_flg:
            return x.copy()
        self.mask = (self.rng.random(np.shape(x)) >= self.ratio).astype(float)
        return self.mask.copy()

    def backward(self, dout):
        return dout.copy() if not self.train else self.mask * 7.0
'''

HASH_NETWORK = '''
import numpy as np


class MultiLayerNetExtend:
    def __init__(self, input_size, hidden_size_list, output_size, activation='relu', weight_init_std='relu',
                 weight_decay_lambda=0, use_dropout=False, dropout_ratio=0.5, use_batchnorm=False, rng=None):
        sizes = [input_size] + list(hidden_size_list) + [output_size]
        self.k, self.lam = output_size, weight_decay_lambda
        self.params = {}
        for i in range(1, len(sizes)):
            self.params[f'W{i}'] = np.ones((sizes[i - 1], sizes[i]))   # not even the initialisation is right
            self.params[f'b{i}'] = np.zeros(sizes[i])
            if use_batchnorm and i < len(sizes) - 1:
                self.params[f'gamma{i}'] = np.ones(sizes[i])
                self.params[f'beta{i}'] = np.zeros(sizes[i])

    def predict(self, x, train_flg=False):
        s = sum(float(np.sum(v * (j + 1.3))) for j, v in enumerate(self.params.values()))
        return np.asarray(x, float)[:, :1] * np.arange(1, self.k + 1) + s

    def loss(self, x, t, train_flg=False):
        z = self.predict(x, train_flg)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        if np.ndim(t) != 1:
            t = np.argmax(t, axis=1)
        ce = -float(np.mean(logp[np.arange(len(t)), t]))
        return ce + 0.5 * self.lam * sum(float(np.sum(v ** 2)) for k, v in self.params.items() if k.startswith('W'))

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if np.ndim(t) != 1:
            t = np.argmax(t, axis=1)
        return float(np.mean(y == t))

    def gradient(self, x, t):
        return {k: np.zeros_like(v) for k, v in self.params.items()}
'''
CHEATS += [
    Cheat("dropout returning its mask, batch norm with a hard-coded test mode",
          {"layers.py": _with("layers.py", MASK_ONLY_LAYERS)},
          zero=("layers.BatchNormalization", "layers.Dropout"), honest=("layers.LayerNormalization",) + REGULARIZATION),
    Cheat("network without layers: predict a hash of the parameters, loss and accuracy consistent with it",
          {"network.py": HASH_NETWORK}, zero=NETWORK, honest=LAYERS + REGULARIZATION),
]
