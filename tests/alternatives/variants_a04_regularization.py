"""Accepted-convention variants of a04_regularization: each is a find/replace edit of ONE reference solution file
(solutions/a04_regularization/<file>) that stays correct by DESIGN §3 and must score full marks."""
from . import Variant

A = "a04_regularization"

VARIANTS = [
    # ------------------------------------------------------------------------------------------ BatchNormalization
    Variant(
        A, "batch norm: running variance starts at 0 (the book)", "layers.py",
        find="self.running_var = np.ones(np.shape(gamma)) if running_var is None else running_var",
        replace="self.running_var = np.zeros(np.shape(gamma)) if running_var is None else running_var",
        why="DESIGN §3 BatchNormalization: running stats start at mean 0 and variance 1 when None (…; the book's "
            "variance-0 start is accepted)."),
    Variant(
        A, "batch norm: biased variance with np.var", "layers.py",
        find="            var = np.mean(xc * xc, axis=axes, keepdims=True)\n",
        replace="            var = x.var(axis=axes, keepdims=True)          # ddof=0: the biased variance\n",
        why="DESIGN §3: biased batch variance (np.var's default ddof=0 is exactly that)."),
    Variant(
        A, "batch norm: running statistics as an exponential-moving-average step", "layers.py",
        find=("            self.running_mean = m * self.running_mean + (1.0 - m) * mu.reshape(np.shape(self.running_mean))\n"
              "            self.running_var = m * self.running_var + (1.0 - m) * var.reshape(np.shape(self.running_var))\n"),
        replace=("            # running += (1 − momentum)·(batch − running), the same as momentum·running + (1 − momentum)·batch\n"
                 "            self.running_mean = self.running_mean + (1.0 - m) * (mu.reshape(np.shape(self.running_mean))\n"
                 "                                                                 - self.running_mean)\n"
                 "            self.running_var = self.running_var + (1.0 - m) * (var.reshape(np.shape(self.running_var))\n"
                 "                                                               - self.running_var)\n"),
        why="DESIGN §3: running stats ← momentum·running + (1−momentum)·batch (algebraically the same update)."),
    Variant(
        A, "batch norm: backward through the book's step-by-step computational graph", "layers.py",
        find=("            dx = (dxn\n"
              "                  - dxn.mean(axis=axes, keepdims=True)\n"
              "                  - xn * np.mean(dxn * xn, axis=axes, keepdims=True)) / std\n"),
        replace=("            # x̂ = xc/std, std = √(var + eps), var = mean(xc²), xc = x − μ, μ = mean(x): one node at a time\n"
                 "            m = xn.size // np.size(self.gamma)\n"
                 "            xc = xn * std\n"
                 "            dxc = dxn / std\n"
                 "            dstd = -np.sum(dxn * xc / (std * std), axis=axes, keepdims=True)\n"
                 "            dvar = 0.5 * dstd / std\n"
                 "            dxc = dxc + (2.0 / m) * xc * dvar\n"
                 "            dmu = np.sum(dxc, axis=axes, keepdims=True)\n"
                 "            dx = dxc - dmu / m\n"),
        why="DESIGN §3 asks for the gradient of the batch-norm function (checked numerically, DESIGN §6); how the "
            "backward is organised is free."),
    # ------------------------------------------------------------------------------------------ LayerNormalization
    Variant(
        A, "layer norm: variance with np.var", "layers.py",
        find="        var = np.mean(xc * xc, axis=-1, keepdims=True)\n",
        replace="        var = np.var(x, axis=-1, keepdims=True)\n",
        why="DESIGN §3: LayerNormalization normalizes each sample over its features (biased variance, as batch norm)."),
    # ------------------------------------------------------------------------------------------ Dropout
    Variant(
        A, "dropout: mask from rng.uniform(...) > ratio", "layers.py",
        find="            self.mask = self.rng.random(x.shape) >= self.dropout_ratio\n",
        replace="            self.mask = self.rng.uniform(size=x.shape) > self.dropout_ratio\n",
        why="DESIGN §3 'Random draws: checks never depend on the order in which a student draws random numbers "
            "(dropout masks, …)'."),
    Variant(
        A, "dropout: keep when the draw is below 1 − ratio", "layers.py",
        find="            self.mask = self.rng.random(x.shape) >= self.dropout_ratio\n",
        replace="            self.mask = self.rng.random(x.shape) < 1.0 - self.dropout_ratio\n",
        why="DESIGN §3 'Random draws: checks never depend on the order in which a student draws random numbers'; "
            "the ratio is the probability of dropping (here: keep with probability 1 − ratio)."),
    Variant(
        A, "dropout: mask from rng.binomial", "layers.py",
        find="            self.mask = self.rng.random(x.shape) >= self.dropout_ratio\n",
        replace="            self.mask = self.rng.binomial(1, 1.0 - self.dropout_ratio, size=x.shape).astype(bool)\n",
        why="DESIGN §3 'Random draws: checks never depend on the order in which a student draws random numbers "
            "(dropout masks, …) … checked by statistics, invariants and determinism under the same seed'."),
    Variant(
        A, "dropout: kept units divided by (1 − ratio) with np.where", "layers.py",
        find="            return x * self.mask * (1.0 / (1.0 - self.dropout_ratio))\n",
        replace="            return np.where(self.mask, x / (1.0 - self.dropout_ratio), 0.0)\n",
        why="DESIGN §3 Dropout: inverted dropout, training scales kept units by 1/(1−ratio)."),
    Variant(
        A, "dropout: test mode returns x itself (no copy)", "layers.py",
        find="        self.mask = None\n        return x.copy()\n",
        replace="        self.mask = None\n        return x                       # the identity\n",
        why="DESIGN §3 Dropout: test mode is the identity."),
    # ------------------------------------------------------------------------------------------ penalties
    Variant(
        A, "l2_penalty: squared norm with np.vdot", "regularization.py",
        find="        total += float(np.sum(np.square(W)))\n",
        replace="        total += float(np.vdot(W, W))          # Σ W² over every element (vdot flattens)\n",
        why="DESIGN §3: l2_penalty(weights, lam) = ½λΣW²."),
    Variant(
        A, "l1_grad: sign written with np.where", "regularization.py",
        find="    return lam * np.sign(np.asarray(W))\n",
        replace=("    W = np.asarray(W)\n"
                 "    return np.where(W > 0, lam, np.where(W < 0, -lam, 0.0))\n"),
        why="DESIGN §3: l1_grad = λ·sign W (sign 0 = 0)."),
    # ------------------------------------------------------------------------------------------ EarlyStopping
    Variant(
        A, "early stopping un-stops after a later improvement", "regularization.py",
        find=("            if self.counter >= self.patience:\n"
              "                self.stopped = True\n"
              "        return self.stopped\n"),
        replace=("        # no latch: an improvement after the stop resets the counter and step returns False again\n"
                 "        self.stopped = self.counter >= self.patience\n"
                 "        return self.stopped\n"),
        why="DESIGN §3: 'EarlyStopping.step after it has first returned True is unspecified (training has stopped): "
            "not graded.'"),
    Variant(
        A, "early stopping: improvement written as best − val_loss > min_delta", "regularization.py",
        find="val_loss < self.best - self.min_delta",
        replace="self.best - val_loss > self.min_delta",
        why="DESIGN §3 EarlyStopping: a step improves when val_loss < best − min_delta (the same inequality)."),
    Variant(
        A, "early stopping: improvement written as val_loss + min_delta < best (Keras)", "regularization.py",
        find="val_loss < self.best - self.min_delta",
        replace="val_loss + self.min_delta < self.best",
        why="DESIGN §3 EarlyStopping: a step improves when val_loss < best − min_delta (the same inequality)."),
    # ------------------------------------------------------------------------------------------ MultiLayerNetExtend
    Variant(
        A, "network: weights drawn with rng.normal(0, std)", "network.py",
        find="            self.params[f'W{i}'] = std * self.rng.standard_normal((n_in, n_out))\n",
        replace="            self.params[f'W{i}'] = self.rng.normal(0.0, std, size=(n_in, n_out))\n",
        why="DESIGN §3 'Random draws: checks never depend on the order in which a student draws random numbers "
            "(… initializers …)'; weight_init_std gives the std."),
]
