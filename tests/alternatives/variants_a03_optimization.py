"""Accepted conventions of a03_optimization, each a single edit of one file of solutions/a03_optimization/.

Adam's two eps placements, Nesterov in the algebraically equal "old velocity" form, clip_grad_norm with and without
an epsilon in the denominator, document 002's LeCun-uniform bound, fans computed another way, and the schedules
written with other but equal formulas.
"""
from . import Variant

ADAM_EPS = ("DESIGN §3: Adam's eps may be added to √v̂ (PyTorch) or to √v with a bias-corrected step size (the "
            "paper's ε̂ form, used by TensorFlow and the book): both pass; an ignored eps does not.")
NESTEROV = ("DESIGN §3: `Nesterov`: v ← μv − ηg; W ← W + μv − ηg with the updated v (equals the corrected book "
            "version and torch's `nesterov=True`; the Korean edition's older order is a different update).")
CLIP = ("DESIGN §3: `clip_grad_norm(grads, max_norm)`: `grads` is a dict of arrays (as `params`); factor "
        "max_norm/norm (a tiny epsilon in the denominator is accepted).")
FANS = ("DESIGN §3: Kernels (FN, C, FH, FW): fan_in = C·FH·FW, fan_out = FN·FH·FW; `fan_in_fan_out(shape)` for "
        "(in, out) matrices and (FN, C, FH, FW) kernels — how the products are formed is free.")
SCHED = ("DESIGN §3: `step_decay` = lr·drop^⌊step/every⌋; `cosine_decay` clips step at `decay_steps`, then "
         "lr·((1−α)·½(1+cos(π·step/decay_steps)) + α); `exponential_decay` is continuous (no staircase) — "
         "equal formulas are equally right.")

VARIANTS = [
    # ------------------------------------------------------------------ optimizers.py
    Variant(
        assignment="a03_optimization",
        name="Adam with eps added to √v and a bias-corrected step size (paper / TensorFlow / book ε̂ form)",
        file="optimizers.py",
        find=("            m_hat = self.m[key] / corr1\n"
              "            v_hat = self.v[key] / corr2\n"
              "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"),
        replace=("            lr_t = self.lr * np.sqrt(corr2) / corr1      # both corrections folded into the step\n"
                 "            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps)\n"),
        why=ADAM_EPS,
    ),
    Variant(
        assignment="a03_optimization",
        name="Adam moments as m += (1 − β1)(g − m), v += (1 − β2)(g² − v) (the book's form)",
        file="optimizers.py",
        find=("            self.m[key] = b1 * self.m[key] + (1.0 - b1) * g\n"
              "            self.v[key] = b2 * self.v[key] + (1.0 - b2) * g * g\n"),
        replace=("            self.m[key] += (1.0 - b1) * (g - self.m[key])\n"
                 "            self.v[key] += (1.0 - b2) * (g ** 2 - self.v[key])\n"),
        why="DESIGN §3: Adam(...) (t ← t+1 first, then bias-corrected m̂, v̂ ...) — m ← m + (1 − β1)(g − m) is "
            "β1·m + (1 − β1)·g rearranged.",
    ),
    Variant(
        assignment="a03_optimization",
        name="Nesterov as W ← W + μ²·v_old − (1 + μ)·η·g, then v ← μv − ηg",
        file="optimizers.py",
        find=("            self.v[key] = self.momentum * self.v[key] - self.lr * g\n"
              "            params[key] += self.momentum * self.v[key] - self.lr * g\n"),
        replace=("            params[key] += self.momentum ** 2 * self.v[key] - (1.0 + self.momentum) * self.lr * g\n"
                 "            self.v[key] *= self.momentum\n"
                 "            self.v[key] -= self.lr * g\n"),
        why=NESTEROV,
    ),
    Variant(
        assignment="a03_optimization",
        name="RMSprop average as h += (1 − ρ)(g² − h)",
        file="optimizers.py",
        find="            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g\n",
        replace="            self.h[key] += (1.0 - rho) * (g * g - self.h[key])\n",
        why="DESIGN §3: `RMSprop(lr=0.01, decay_rate=0.99, eps=1e-7)` — h + (1 − ρ)(g² − h) is ρh + (1 − ρ)g² "
            "rearranged.",
    ),
    Variant(
        assignment="a03_optimization",
        name="clip_grad_norm with no epsilon: factor max_norm / norm",
        file="optimizers.py",
        find="        factor = max_norm / (norm + 1e-12)\n",
        replace="        factor = max_norm / norm\n",
        why=CLIP,
    ),
    Variant(
        assignment="a03_optimization",
        name="clip_grad_norm with the textbook's usual epsilon 1e-7 in the denominator",
        file="optimizers.py",
        find="        factor = max_norm / (norm + 1e-12)\n",
        replace="        factor = max_norm / (norm + 1e-7)\n",
        why=CLIP + " The book's constant for such guards is 1e-7 (its cross entropy, AdaGrad, Adam).",
    ),
    # ------------------------------------------------------------------ initializers.py
    Variant(
        assignment="a03_optimization",
        name="lecun_uniform with document 002's bound √(1/n_in)",
        file="initializers.py",
        find="    bound = np.sqrt(3.0 / fan_in)\n",
        replace="    bound = np.sqrt(1.0 / fan_in)   # document 002 as printed\n",
        why="DESIGN §3: `lecun_uniform` is U(±√(3/fan_in)) (variance 1/fan_in, consistent with `lecun_normal`); "
            "document 002 prints √(1/n_in) — accept both, explain the clash.",
    ),
    Variant(
        assignment="a03_optimization",
        name="fan_in_fan_out of a kernel through the receptive field np.prod(shape[2:])",
        file="initializers.py",
        find=("        fn, c, fh, fw = dims\n"
              "        fan_in = c * fh * fw\n"
              "        fan_out = fn * fh * fw\n"),
        replace=("        receptive_field = int(np.prod(dims[2:]))   # FH·FW\n"
                 "        fan_in = int(np.prod(dims[1:]))            # C·FH·FW\n"
                 "        fan_out = dims[0] * receptive_field        # FN·FH·FW\n"),
        why=FANS,
    ),
    # ------------------------------------------------------------------ schedules.py
    Variant(
        assignment="a03_optimization",
        name="exponential_decay as initial_lr · exp((step / decay_steps) · ln rate)",
        file="schedules.py",
        find="    return float(initial_lr * decay_rate ** (step / decay_steps))\n",
        replace="    return float(initial_lr * math.exp(step / decay_steps * math.log(decay_rate)))\n",
        why=SCHED,
    ),
    Variant(
        assignment="a03_optimization",
        name="cosine_decay with the half-angle identity ½(1 + cos θ) = cos²(θ/2)",
        file="schedules.py",
        find="    cosine = 0.5 * (1.0 + math.cos(math.pi * s / decay_steps))\n",
        replace="    cosine = math.cos(0.5 * math.pi * s / decay_steps) ** 2\n",
        why=SCHED,
    ),
    Variant(
        assignment="a03_optimization",
        name="step_decay with int(step // every) drops",
        file="schedules.py",
        find="    n_drops = math.floor(step // every)\n",
        replace="    n_drops = int(step // every)\n",
        why=SCHED,
    ),
]
