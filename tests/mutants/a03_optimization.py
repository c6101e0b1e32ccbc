from . import Mutant

EXACT = True

# test names of the optimizer exercises
V = "update values: 6 updates of three arrays"
IP = "updates the caller's arrays in place"
G = "leaves grads unchanged"
P = "path on f(x, y) = x²/20 + y² (Advanced Topic lecture)"
K = "a key first seen in a later update"
E = "uses its eps argument (tiny gradients, non-default eps)"
H = "fresh shapes and hyperparameters"
S = "step count: t grows once per update, before the bias correction"
# clip_grad_norm
C_RET = "returns the global norm before clipping"
C_VAL = "norm above max_norm: every array scaled by one factor"
C_BELOW = "norm below max_norm: gradients left as they are"
C_IN_PLACE = "scales the caller's arrays in place"
C_FRESH = "fresh shapes: clipped values"
# fan_in_fan_out
F_MAT = "Affine matrices (in, out)"
F_KER = "conv kernels (FN, C, FH, FW)"
F_FRESH = "fresh shapes"
# initializers
I_SHAPE = "returns an array of the requested shape (with and without rng)"
I_SCALE = "scale: std of a square matrix"
I_MEAN = "mean 0"
I_NORMAL = "distribution: normal"
I_UNIFORM = "distribution: uniform"
I_FANS = "fans: the scale follows fan_in / fan_out (non-square matrix, kernel)"
I_REPRO = "reproducible with a seeded rng"
I_FRESH = "scale on a fresh square matrix"
# schedules
EXP_VALUES = "values at steps 0 … 25·decay_steps (continuous, no staircase)"
COS_VALUES = "values within the decay period"
COS_PAST = "past decay_steps the rate stays at its final value"
STEP_VALUES = "values at steps 0 … 10·every (a staircase)"
FRESH = "fresh steps and parameters"

INITS = ("initializers.lecun_normal", "initializers.lecun_uniform", "initializers.xavier_normal",
         "initializers.xavier_uniform", "initializers.he_normal", "initializers.he_uniform")


MUTANTS = [
    # ------------------------------------------------------------------ optimizers.py: SGD
    Mutant("SGD moves uphill", "optimizers.py", "            params[key] -= self.lr * grads[key]\n",
           "            params[key] += self.lr * grads[key]\n", ("optimizers.SGD",), names="opt_uphill", fails=(V, P, H)),
    Mutant("SGD rebinds params[key] instead of updating in place", "optimizers.py",
           "            params[key] -= self.lr * grads[key]\n",
           "            params[key] = params[key] - self.lr * grads[key]\n", ("optimizers.SGD",),
           names="optimizer_rebinds_params", fails=(IP,)),
    Mutant("SGD with a hard-coded learning rate", "optimizers.py", "            params[key] -= self.lr * grads[key]\n",
           "            params[key] -= 0.01 * grads[key]\n", ("optimizers.SGD",), names="opt_hyperparams_ignored",
           fails=(V, P, H)),
    Mutant("SGD scales grads in place", "optimizers.py", "            params[key] -= self.lr * grads[key]\n",
           "            grads[key] *= self.lr\n            params[key] -= grads[key]\n", ("optimizers.SGD",),
           names="optimizer_modifies_grads", fails=(G,)),
    # ------------------------------------------------------------------ Momentum
    Mutant("momentum sign flipped", "optimizers.py",
           "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n            params[key] += self.v[key]\n",
           "            self.v[key] = self.momentum * self.v[key] + self.lr * grads[key]\n            params[key] += self.v[key]\n",
           ("optimizers.Momentum",), names="opt_uphill", fails=(V, P, H)),
    Mutant("momentum rebinds params[key]", "optimizers.py", "            params[key] += self.v[key]\n",
           "            params[key] = params[key] + self.v[key]\n", ("optimizers.Momentum",),
           names="optimizer_rebinds_params", fails=(IP,)),
    Mutant("momentum velocity reset at every update", "optimizers.py",
           "            if key not in self.v:\n                self.v[key] = np.zeros_like(params[key])\n"
           "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n",
           "            self.v[key] = np.zeros_like(params[key])\n"
           "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n",
           ("optimizers.Momentum",), names="momentum_state_not_kept", fails=(V, P, H)),
    Mutant("momentum velocities created on the first call only (the book's pattern)", "optimizers.py",
           "        for key in params:\n            if key not in self.v:\n                self.v[key] = np.zeros_like(params[key])\n"
           "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n",
           "        if not self.v:\n            for key in params:\n                self.v[key] = np.zeros_like(params[key])\n"
           "        for key in params:\n"
           "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n",
           ("optimizers.Momentum",), names="opt_state_first_call_only", fails=(K,)),
    # ------------------------------------------------------------------ Nesterov
    Mutant("Nesterov with the Korean edition's older order", "optimizers.py",
           "            params[key] += self.momentum * self.v[key] - self.lr * g\n",
           "            params[key] += self.momentum * self.momentum * self.v[key] - (1 + self.momentum) * self.lr * g\n",
           ("optimizers.Nesterov",), names="nesterov_old_order", fails=(V, P, H)),
    Mutant("Nesterov as plain momentum", "optimizers.py",
           "            params[key] += self.momentum * self.v[key] - self.lr * g\n",
           "            params[key] += self.v[key]\n", ("optimizers.Nesterov",), names="nesterov_is_momentum",
           fails=(V, P, H)),
    Mutant("Nesterov velocities created on the first call only (the book's pattern)", "optimizers.py",
           "        for key in params:\n            if key not in self.v:\n                self.v[key] = np.zeros_like(params[key])\n"
           "            g = grads[key]\n            self.v[key] = self.momentum * self.v[key] - self.lr * g\n",
           "        if not self.v:\n            for key in params:\n                self.v[key] = np.zeros_like(params[key])\n"
           "        for key in params:\n"
           "            g = grads[key]\n            self.v[key] = self.momentum * self.v[key] - self.lr * g\n",
           ("optimizers.Nesterov",), names="opt_state_first_call_only", fails=(K,)),
    # ------------------------------------------------------------------ AdaGrad
    Mutant("AdaGrad without eps", "optimizers.py",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)\n",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / np.sqrt(self.h[key])\n",
           ("optimizers.AdaGrad",), names="opt_no_eps", fails=(E,)),
    Mutant("AdaGrad with the book's hard-coded 1e-7 instead of eps", "optimizers.py",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)\n",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + 1e-7)\n",
           ("optimizers.AdaGrad",), names="opt_eps_ignored", fails=(E,)),
    Mutant("AdaGrad with eps inside the square root", "optimizers.py",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)\n",
           "            self.h[key] += g * g\n            params[key] -= self.lr * g / np.sqrt(self.h[key] + self.eps)\n",
           ("optimizers.AdaGrad",), names="opt_eps_misplaced", fails=(E,)),
    Mutant("AdaGrad h not accumulated", "optimizers.py", "            self.h[key] += g * g\n",
           "            self.h[key] = g * g\n", ("optimizers.AdaGrad",), names="adagrad_no_accumulation", fails=(V, P, H)),
    Mutant("AdaGrad sums created on the first call only (the book's pattern)", "optimizers.py",
           "        for key in params:\n            if key not in self.h:\n                self.h[key] = np.zeros_like(params[key])\n"
           "            g = grads[key]\n            self.h[key] += g * g\n",
           "        if not self.h:\n            for key in params:\n                self.h[key] = np.zeros_like(params[key])\n"
           "        for key in params:\n            g = grads[key]\n            self.h[key] += g * g\n",
           ("optimizers.AdaGrad",), names="opt_state_first_call_only", fails=(K,)),
    # ------------------------------------------------------------------ RMSprop
    Mutant("RMSprop without decay (AdaGrad's sum)", "optimizers.py",
           "            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g\n",
           "            self.h[key] = self.h[key] + g * g\n", ("optimizers.RMSprop",), names="rmsprop_no_decay",
           fails=(V, P, H)),
    Mutant("RMSprop without (1 - rho)", "optimizers.py",
           "            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g\n",
           "            self.h[key] = rho * self.h[key] + g * g\n", ("optimizers.RMSprop",),
           names="rmsprop_missing_one_minus_rho", fails=(V, P, H)),
    Mutant("RMSprop with the book's hard-coded 1e-7 instead of eps", "optimizers.py",
           "            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g\n"
           "            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)\n",
           "            self.h[key] = rho * self.h[key] + (1.0 - rho) * g * g\n"
           "            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + 1e-7)\n",
           ("optimizers.RMSprop",), names="opt_eps_ignored", fails=(E,)),
    Mutant("RMSprop averages created on the first call only (the book's pattern)", "optimizers.py",
           "        for key in params:\n            if key not in self.h:\n                self.h[key] = np.zeros_like(params[key])\n"
           "            g = grads[key]\n            self.h[key] = rho",
           "        if not self.h:\n            for key in params:\n                self.h[key] = np.zeros_like(params[key])\n"
           "        for key in params:\n            g = grads[key]\n            self.h[key] = rho",
           ("optimizers.RMSprop",), names="opt_state_first_call_only", fails=(K,)),
    # ------------------------------------------------------------------ Adam
    Mutant("Adam without bias correction", "optimizers.py",
           "            m_hat = self.m[key] / corr1\n            v_hat = self.v[key] / corr2\n",
           "            m_hat = self.m[key]\n            v_hat = self.v[key]\n", ("optimizers.Adam",),
           names="adam_no_bias_correction", fails=(V, P, H, S)),
    Mutant("Adam with t incremented late", "optimizers.py",
           "        self.t += 1\n        b1, b2 = self.beta1, self.beta2\n        corr1 = 1.0 - b1 ** self.t\n"
           "        corr2 = 1.0 - b2 ** self.t\n",
           "        b1, b2 = self.beta1, self.beta2\n        corr1 = 1.0 - b1 ** self.t\n"
           "        corr2 = 1.0 - b2 ** self.t\n        self.t += 1\n",
           ("optimizers.Adam",), names="adam_t_late", fails=(V, IP, G, P, K, E, H, S)),   # NaN everywhere
    Mutant("Adam with t incremented per key", "optimizers.py",
           "        self.t += 1\n        b1, b2 = self.beta1, self.beta2\n        corr1 = 1.0 - b1 ** self.t\n"
           "        corr2 = 1.0 - b2 ** self.t\n        for key in params:\n",
           "        b1, b2 = self.beta1, self.beta2\n        for key in params:\n            self.t += 1\n"
           "            corr1 = 1.0 - b1 ** self.t\n            corr2 = 1.0 - b2 ** self.t\n",
           ("optimizers.Adam",), names="adam_t_per_key", fails=(V, P, K, H, S)),
    Mutant("Adam without eps", "optimizers.py", "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
           "            params[key] -= self.lr * m_hat / np.sqrt(v_hat)\n", ("optimizers.Adam",), names="opt_no_eps",
           fails=(E,)),
    Mutant("Adam with the book's hard-coded 1e-7 instead of eps", "optimizers.py",
           "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
           "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-7)\n", ("optimizers.Adam",),
           names="opt_eps_ignored", fails=(E,)),
    Mutant("Adam's book form (eps on √v, corrected step size) with a hard-coded 1e-7", "optimizers.py",
           "            m_hat = self.m[key] / corr1\n            v_hat = self.v[key] / corr2\n"
           "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
           "            lr_t = self.lr * np.sqrt(corr2) / corr1\n"
           "            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)\n", ("optimizers.Adam",),
           names="opt_eps_ignored", fails=(E,)),
    Mutant("Adam with beta1 and beta2 swapped in the moments", "optimizers.py",
           "            self.m[key] = b1 * self.m[key] + (1.0 - b1) * g\n            self.v[key] = b2 * self.v[key] + (1.0 - b2) * g * g\n",
           "            self.m[key] = b2 * self.m[key] + (1.0 - b2) * g\n            self.v[key] = b1 * self.v[key] + (1.0 - b1) * g * g\n",
           ("optimizers.Adam",), fails=(V, P, H, S)),   # the bias correction no longer matches the moments
    Mutant("Adam moments created on the first call only (the book's pattern)", "optimizers.py",
           "        for key in params:\n            if key not in self.m:\n                self.m[key] = np.zeros_like(params[key])\n"
           "                self.v[key] = np.zeros_like(params[key])\n",
           "        if not self.m:\n            for key in params:\n                self.m[key] = np.zeros_like(params[key])\n"
           "                self.v[key] = np.zeros_like(params[key])\n        for key in params:\n",
           ("optimizers.Adam",), names="opt_state_first_call_only", fails=(K,)),
    # ------------------------------------------------------------------ clip_grad_norm
    Mutant("clipping each array by its own norm", "optimizers.py",
           "    if norm > max_norm:\n        factor = max_norm / (norm + 1e-12)\n        for g in grads.values():\n            g *= factor\n",
           "    for g in grads.values():\n        n_g = float(np.sqrt(np.sum(g * g)))\n        if n_g > max_norm:\n"
           "            g *= max_norm / n_g\n",
           ("optimizers.clip_grad_norm",), names="clip_per_array", fails=(C_VAL, C_FRESH)),
    Mutant("clipping always rescales", "optimizers.py",
           "    if norm > max_norm:\n        factor = max_norm / (norm + 1e-12)\n",
           "    if True:\n        factor = max_norm / (norm + 1e-12)\n", ("optimizers.clip_grad_norm",),
           names="clip_always_rescales", fails=(C_BELOW,)),
    Mutant("clipping returns the clipped norm", "optimizers.py",
           "        for g in grads.values():\n            g *= factor\n    return norm\n",
           "        for g in grads.values():\n            g *= factor\n        norm = max_norm\n    return norm\n",
           ("optimizers.clip_grad_norm",), names="clip_returns_clipped_norm", fails=(C_RET,)),
    Mutant("clip_grad_norm rebinds grads[k]", "optimizers.py", "        for g in grads.values():\n            g *= factor\n",
           "        for k in grads:\n            grads[k] = grads[k] * factor\n", ("optimizers.clip_grad_norm",),
           names="clip_rebinds_grads", fails=(C_IN_PLACE,)),
    # ------------------------------------------------------------------ initializers.py
    Mutant("fan_in and fan_out swapped for matrices", "initializers.py", "        fan_in, fan_out = dims\n",
           "        fan_out, fan_in = dims\n",
           ("initializers.fan_in_fan_out", "initializers.lecun_normal", "initializers.lecun_uniform",
            "initializers.he_normal", "initializers.he_uniform"), names="fans_swapped", fails=(F_MAT, F_FRESH)),
    Mutant("kernel fans without the receptive field", "initializers.py",
           "        fan_in = c * fh * fw\n        fan_out = fn * fh * fw\n", "        fan_in = c\n        fan_out = fn\n",
           ("initializers.fan_in_fan_out",) + INITS, names="conv_fans_without_kernel", fails=(F_KER, F_FRESH)),
    Mutant("He normal using fan_out", "initializers.py",
           "    fan_in, _ = fan_in_fan_out(shape)\n    std = np.sqrt(2.0 / fan_in)\n",
           "    _, fan_out = fan_in_fan_out(shape)\n    std = np.sqrt(2.0 / fan_out)\n", ("initializers.he_normal",),
           names="init_uses_fan_out", fails=(I_FANS,)),
    Mutant("He normal without the factor 2", "initializers.py", "    std = np.sqrt(2.0 / fan_in)\n",
           "    std = np.sqrt(1.0 / fan_in)\n", ("initializers.he_normal",), names="init_he_missing_factor_2",
           fails=(I_SCALE, I_FRESH)),
    Mutant("He uniform bound from the normal std", "initializers.py", "    bound = np.sqrt(6.0 / fan_in)\n",
           "    bound = np.sqrt(2.0 / fan_in)\n", ("initializers.he_uniform",), names="init_uniform_bound_is_std",
           fails=(I_SCALE, I_FRESH)),
    Mutant("He uniform drawn from a normal distribution", "initializers.py",
           "    bound = np.sqrt(6.0 / fan_in)\n    return rng.uniform(-bound, bound, size=tuple(shape)).astype(np.float64, copy=False)\n",
           "    bound = np.sqrt(6.0 / fan_in)\n    return rng.normal(0.0, bound / np.sqrt(3.0), size=tuple(shape))\n",
           ("initializers.he_uniform",), names="init_wrong_distribution", fails=(I_UNIFORM,)),
    Mutant("Xavier normal with the variance as std", "initializers.py", "    std = np.sqrt(2.0 / (fan_in + fan_out))\n",
           "    std = 2.0 / (fan_in + fan_out)\n", ("initializers.xavier_normal",), names="init_variance_as_std",
           fails=(I_SCALE, I_FANS, I_FRESH)),
    Mutant("Xavier normal with the book's 1/sqrt(n)", "initializers.py", "    std = np.sqrt(2.0 / (fan_in + fan_out))\n",
           "    std = np.sqrt(1.0 / fan_in)\n", ("initializers.xavier_normal",), names="xavier_book_std",
           fails=(I_FANS,)),
    Mutant("Xavier uniform with the book's 1/sqrt(n)", "initializers.py", "    bound = np.sqrt(6.0 / (fan_in + fan_out))\n",
           "    bound = np.sqrt(3.0 / fan_in)\n", ("initializers.xavier_uniform",), names="xavier_book_std",
           fails=(I_FANS,)),
    Mutant("LeCun normal drawn from a uniform distribution", "initializers.py",
           "    std = np.sqrt(1.0 / fan_in)\n    return rng.normal(0.0, std, size=tuple(shape)).astype(np.float64, copy=False)\n",
           "    std = np.sqrt(1.0 / fan_in)\n    return rng.uniform(-std * np.sqrt(3), std * np.sqrt(3), size=tuple(shape))\n",
           ("initializers.lecun_normal",), names="init_wrong_distribution", fails=(I_NORMAL,)),
    Mutant("LeCun normal returning zeros", "initializers.py",
           "    std = np.sqrt(1.0 / fan_in)\n    return rng.normal(0.0, std, size=tuple(shape)).astype(np.float64, copy=False)\n",
           "    return np.zeros(tuple(shape))\n",
           ("initializers.lecun_normal",), fails=(I_SHAPE, I_SCALE, I_MEAN, I_NORMAL, I_FANS, I_REPRO, I_FRESH)),
    Mutant("LeCun uniform ignores rng", "initializers.py",
           "    bound = np.sqrt(3.0 / fan_in)\n    return rng.uniform(-bound, bound, size=tuple(shape)).astype(np.float64, copy=False)\n",
           "    bound = np.sqrt(3.0 / fan_in)\n    return np.random.uniform(-bound, bound, size=tuple(shape))\n",
           ("initializers.lecun_uniform",), names="init_ignores_rng", fails=(I_REPRO,)),
    Mutant("LeCun uniform bound using fan_out", "initializers.py",
           "    fan_in, _ = fan_in_fan_out(shape)\n    bound = np.sqrt(3.0 / fan_in)\n",
           "    _, fan_in = fan_in_fan_out(shape)\n    bound = np.sqrt(3.0 / fan_in)\n", ("initializers.lecun_uniform",),
           names="init_uses_fan_out", fails=(I_FANS,)),
    Mutant("LeCun uniform with the variance as the bound", "initializers.py", "    bound = np.sqrt(3.0 / fan_in)\n",
           "    bound = 3.0 / fan_in\n", ("initializers.lecun_uniform",), names="init_variance_as_std",
           fails=(I_SCALE, I_FANS, I_FRESH)),
    # ------------------------------------------------------------------ schedules.py
    Mutant("exponential decay as a staircase", "schedules.py", "    return float(initial_lr * decay_rate ** (step / decay_steps))\n",
           "    return float(initial_lr * decay_rate ** (step // decay_steps))\n", ("schedules.exponential_decay",),
           names="exp_decay_staircase", fails=(EXP_VALUES, FRESH)),
    Mutant("exponential decay applied at every step", "schedules.py",
           "    return float(initial_lr * decay_rate ** (step / decay_steps))\n",
           "    return float(initial_lr * decay_rate ** step)\n", ("schedules.exponential_decay",),
           names="exp_decay_per_step", fails=(EXP_VALUES, FRESH)),
    Mutant("cosine decay without clipping past decay_steps", "schedules.py", "    s = min(step, decay_steps)\n",
           "    s = step\n", ("schedules.cosine_decay",), names="cosine_not_clipped", fails=(COS_PAST,)),
    Mutant("cosine decay ignores alpha", "schedules.py",
           "    return float(initial_lr * ((1.0 - alpha) * cosine + alpha))\n", "    return float(initial_lr * cosine)\n",
           ("schedules.cosine_decay",), names="cosine_alpha_ignored", fails=(COS_VALUES, FRESH)),
    Mutant("step decay without floor", "schedules.py", "    n_drops = math.floor(step // every)\n",
           "    n_drops = step / every\n", ("schedules.step_decay",), names="step_decay_no_floor",
           fails=(STEP_VALUES, FRESH)),
    Mutant("step decay drops one step early", "schedules.py", "    n_drops = math.floor(step // every)\n",
           "    n_drops = math.floor((step + 1) // every)\n", ("schedules.step_decay",), names="step_decay_off_by_one",
           fails=(STEP_VALUES, FRESH)),
]
