"""Cheats specific to a03_optimization: optimizers that never update (or write NaN), initializers that return
zeros, schedules that return the initial rate or 0, an optimizer that replays the stored public values (lookup), and
drivers replaced by ones that report the parameters unchanged."""
import hashlib
import json

import numpy as np

from ..conftest import ASSIGNMENTS, SOLUTIONS
from . import Cheat

AID = "a03_optimization"
OPTIMIZERS = ("optimizers.SGD", "optimizers.Momentum", "optimizers.Nesterov", "optimizers.AdaGrad",
              "optimizers.RMSprop", "optimizers.Adam", "optimizers.clip_grad_norm")
INITIALIZERS = ("initializers.fan_in_fan_out", "initializers.lecun_normal", "initializers.lecun_uniform",
                "initializers.xavier_normal", "initializers.xavier_uniform", "initializers.he_normal",
                "initializers.he_uniform")
SCHEDULES = ("schedules.exponential_decay", "schedules.cosine_decay", "schedules.step_decay")


def _stub(name):
    return (ASSIGNMENTS / AID / name).read_text(encoding="utf-8")


def _optimizers(update_body: str, clip_body: str, head: str = "") -> str:
    classes = "".join(f'''
class {cls}:
    def __init__(self, lr=0.01, **kw):
        self.lr = lr
        self.kw = dict(kw, lr=lr)

    def update(self, params, grads):
{update_body}
''' for cls in ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"))
    return f"import numpy as np\n{head}\n{classes}\n\ndef clip_grad_norm(grads, max_norm):\n{clip_body}\n"


NEVER_UPDATE = _optimizers("        return None", "    return 0.0")
NAN_UPDATE = _optimizers("        for k in params:\n            params[k][...] = np.nan",
                         "    for g in grads.values():\n        g[...] = np.nan\n    return float('nan')")

ZERO_INITIALIZERS = "import numpy as np\n\ndef fan_in_fan_out(shape):\n    return 0, 0\n" + "".join(
    f"\n\ndef {name}(shape, rng=None):\n    return np.zeros(tuple(shape))\n"
    for name in ("lecun_normal", "lecun_uniform", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform"))


def _schedules(value: str) -> str:
    return (f"def exponential_decay(step, initial_lr, decay_steps, decay_rate):\n    return {value}\n\n\n"
            f"def cosine_decay(step, initial_lr, decay_steps, alpha=0.0):\n    return {value}\n\n\n"
            f"def step_decay(step, initial_lr, drop, every):\n    return {value}\n")


# ------------------------------------------------------------------------------------------ the lookup optimizer
# One key per (kind, hyperparameters, arrays): the same function builds the table here and looks it up in the cheat.
KEY_SRC = '''
import hashlib as _hashlib
def _key(kind, kw, arrays):
    h = _hashlib.sha256(kind.encode() + repr(sorted(kw.items())).encode())
    for name in sorted(arrays):
        a = np.ascontiguousarray(np.asarray(arrays[name], dtype=np.float64))
        h.update(name.encode() + repr(a.shape).encode() + a.tobytes())
    return h.hexdigest()
'''
_ns = {"np": np, "hashlib": hashlib}
exec(KEY_SRC, _ns)  # noqa: S102 - our own constant
_key = _ns["_key"]

LOOKUP = _optimizers(
    "        hit = _TABLE['opt'].get(_key(type(self).__name__, self.kw, {**{'p:' + k: v for k, v in params.items()},"
    " **{'g:' + k: v for k, v in grads.items()}}))\n"
    "        for k, v in (hit or {}).items():\n"
    "            params[k][...] = np.asarray(v).reshape(np.shape(params[k]))",
    "    hit = _TABLE['clip'].get(_key('clip', {'max_norm': max_norm}, grads))\n"
    "    if hit is None:\n        return 0.0\n"
    "    for k, v in hit['grads'].items():\n        grads[k][...] = np.asarray(v).reshape(np.shape(grads[k]))\n"
    "    return hit['ret']",
    head="import json, pathlib\n" + KEY_SRC +
         "_TABLE = json.loads(pathlib.Path(__file__).with_name('lookup.json').read_text())\n")


def _lookup_table() -> bytes:
    """Every optimizer step and clipping the public checks store: run them in the students' mode (stored values) and
    record, for each reference value they read, the step it describes."""
    from autograder.runner import Context
    from autograder.submission import grade

    table = {"opt": {}, "clip": {}}
    original = Context.expected

    def spy(self, driver, *args):
        value = original(self, driver, *args)
        name = getattr(driver, "__name__", "")
        if name == "drive_optimizer":
            cls, kw, params0, grads_seq = args
            traj = value["held"]
            before = {k: np.asarray(v, dtype=np.float64) for k, v in params0.items()}
            for i, g in enumerate(grads_seq):
                present = {k: before[k] for k in g}
                after = {k: np.asarray(traj[k][i]) for k in g}
                key = _key(cls, kw, {**{"p:" + k: v for k, v in present.items()}, **{"g:" + k: v for k, v in g.items()}})
                table["opt"][key] = {k: v.ravel().tolist() for k, v in after.items()}
                before = {k: np.asarray(traj[k][i]) for k in params0}
        elif name == "drive_descent_path":
            cls, kw, start, steps = args
            path = np.asarray(value, dtype=np.float64)
            for i in range(len(path) - 1):
                x, y = path[i]
                arrays = {"p:x": np.array([x]), "p:y": np.array([y]), "g:x": np.array([x / 10.0]),
                          "g:y": np.array([2.0 * y])}
                table["opt"][_key(cls, kw, arrays)] = {"x": [float(path[i + 1][0])], "y": [float(path[i + 1][1])]}
        elif name == "drive_clip":
            grads, max_norm = args
            table["clip"][_key("clip", {"max_norm": max_norm}, grads)] = {
                "ret": float(value["ret"]), "grads": {k: np.asarray(v).ravel().tolist() for k, v in value["grads"].items()}}
        return value

    Context.expected = spy
    try:
        grade(SOLUTIONS / AID, assignment=AID, public_only=True, fresh=False, seed=0)
    finally:
        Context.expected = original
    return json.dumps(table).encode()


class _LazyFiles(dict):
    """Extra files computed when the cheat is used (the table needs a grading run: not at collection time)."""

    def __init__(self, **makers):
        super().__init__()
        self._makers = makers

    def items(self):
        for name, make in self._makers.items():
            if name not in self:
                self[name] = make()
        return super().items()


# ------------------------------------------------------------------------------------------ replaced drivers
ECHO_DRIVERS = '''
import numpy as _np
import autograder.drivers.a03_optimization as _d


def _echo_optimizer(mods, cls, kwargs, params0, grads_seq, *rest):
    n = len(grads_seq)
    held = {k: _np.array([_np.asarray(v, dtype=float)] * n) for k, v in params0.items()}
    grads = {k: _np.array([_np.asarray(g.get(k, _np.zeros_like(v)), dtype=float) for g in grads_seq])
             for k, v in params0.items()}
    return {"held": held, "in_dict": {k: a.copy() for k, a in held.items()}, "grads_after": grads, "t": n,
            "raised": None, "steps": n}


def _echo_path(mods, cls, kwargs, start, steps):
    return _np.array([[float(start[0]), float(start[1])]] * (steps + 1))


def _echo_clip(mods, grads, max_norm):
    return {"ret": float(max_norm), "grads": dict(grads), "held": dict(grads)}


_d.drive_optimizer = _d.drive_optimizer_eps_steps = _echo_optimizer
_d.drive_descent_path = _echo_path
_d.drive_clip = _echo_clip
'''

CHEATS = [
    Cheat("optimizers that never update, clipping that does nothing", {"optimizers.py": NEVER_UPDATE},
          zero=OPTIMIZERS, honest=INITIALIZERS + SCHEDULES),
    Cheat("optimizers and clipping that write NaN", {"optimizers.py": NAN_UPDATE},
          zero=OPTIMIZERS, honest=INITIALIZERS + SCHEDULES),
    Cheat("initializers returning zeros, fans (0, 0)", {"initializers.py": ZERO_INITIALIZERS},
          zero=INITIALIZERS, honest=OPTIMIZERS + SCHEDULES),
    Cheat("schedules returning the initial learning rate", {"schedules.py": _schedules("float(initial_lr)")},
          zero=SCHEDULES, honest=OPTIMIZERS + INITIALIZERS),
    Cheat("schedules returning 0", {"schedules.py": _schedules("0.0")},
          zero=SCHEDULES, honest=OPTIMIZERS + INITIALIZERS),
    Cheat("optimizers replaying the stored public values (lookup)", {"optimizers.py": LOOKUP},
          zero=OPTIMIZERS, honest=INITIALIZERS + SCHEDULES, extra_files=_LazyFiles(**{"lookup.json": _lookup_table})),
    Cheat("drivers replaced by ones reporting the parameters unchanged",
          {"optimizers.py": ECHO_DRIVERS + "\n" + _stub("optimizers.py")},
          zero=OPTIMIZERS, honest=INITIALIZERS + SCHEDULES),
]

# Found in review: a replaced optimizer driver that reports a plausible, self-consistent run (parameters that move,
# gradients kept, a late key handled) with no optimizer written at all. The properties it reports can only be seen
# inside the student's process, so they count only once the update values match the reference.
PLAUSIBLE_RUN = '''
import numpy as _np
import autograder.drivers.a03_optimization as _d


def _plausible(mods, cls, kwargs, params0, grads_seq):
    n = len(grads_seq)
    traj = {k: _np.stack([_np.asarray(v, dtype=float) - 0.01 * (i + 1) for i in range(n)])
            for k, v in params0.items()}
    kept = {k: _np.stack([_np.asarray(g[k], dtype=float) if k in g else _np.zeros_like(_np.asarray(params0[k], float))
                          for g in grads_seq]) for k in params0}
    return {"held": traj, "in_dict": traj, "grads_after": kept, "t": None, "raised": None, "steps": n}


_d.drive_optimizer = _plausible
'''
CHEATS.append(Cheat("a replaced driver reporting a plausible run, no optimizer written",
                    {"optimizers.py": _stub("optimizers.py") + "\n" + PLAUSIBLE_RUN},
                    zero=OPTIMIZERS[:6], honest=INITIALIZERS + SCHEDULES))

# Found in the second review: one stateless normalized step, W -= lr·g/(|g| + eps), for every class earned Adam's
# "step count" (with a constant gradient every correct Adam step is that) and "uses its eps argument" for AdaGrad,
# RMSprop and Adam (the step scales with eps). Both now count once the update values are the reference's.
SIGN_STEP = '''
import numpy as np


class _SignStep:
    def __init__(self, lr=0.01, eps=1e-8, **kw):
        self.lr, self.eps = lr, eps

    def update(self, params, grads):
        for k in grads:
            params[k] -= self.lr * grads[k] / (np.abs(grads[k]) + self.eps)


class SGD(_SignStep):
    pass


class Momentum(_SignStep):
    pass


class Nesterov(_SignStep):
    pass


class AdaGrad(_SignStep):
    pass


class RMSprop(_SignStep):
    pass


class Adam(_SignStep):
    pass


def clip_grad_norm(grads, max_norm):
    raise NotImplementedError
'''
CHEATS.append(Cheat("one stateless sign-like step for every optimizer", {"optimizers.py": SIGN_STEP},
                    zero=OPTIMIZERS, honest=INITIALIZERS + SCHEDULES))
