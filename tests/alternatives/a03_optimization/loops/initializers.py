"""Alternative style: explicit loops. The fans are multiplied out one dimension at a time, and every weight is
drawn on its own (one rng call per element, filled in with np.ndindex).

lecun_uniform uses the variance-consistent bound √(3/fan_in).
"""
import math

import numpy as np


def fan_in_fan_out(shape):
    dims = [int(d) for d in shape]
    for d in dims:
        if d < 1:
            raise ValueError(f"every dimension must be >= 1, got shape {tuple(dims)}")
    if len(dims) == 2:
        return dims[0], dims[1]                # (in, out)
    if len(dims) == 4:
        receptive_field = 1
        for d in dims[2:]:                     # FH, FW
            receptive_field *= d
        fan_in = dims[1] * receptive_field     # C · FH · FW
        fan_out = dims[0] * receptive_field    # FN · FH · FW
        return fan_in, fan_out
    raise ValueError(f"expected a 2-D (in, out) or 4-D (FN, C, FH, FW) shape, got {len(dims)}-D {tuple(dims)}")


def _fill(shape, draw):
    out = np.empty(tuple(int(d) for d in shape), dtype=np.float64)
    for idx in np.ndindex(out.shape):
        out[idx] = draw()
    return out


def _normal(shape, std, rng):
    rng = np.random.default_rng() if rng is None else rng
    return _fill(shape, lambda: std * rng.standard_normal())


def _uniform(shape, bound, rng):
    rng = np.random.default_rng() if rng is None else rng
    return _fill(shape, lambda: rng.uniform(-bound, bound))


def lecun_normal(shape, rng=None):
    fan_in, _ = fan_in_fan_out(shape)
    return _normal(shape, math.sqrt(1.0 / fan_in), rng)


def lecun_uniform(shape, rng=None):
    fan_in, _ = fan_in_fan_out(shape)
    return _uniform(shape, math.sqrt(3.0 / fan_in), rng)


def xavier_normal(shape, rng=None):
    fan_in, fan_out = fan_in_fan_out(shape)
    return _normal(shape, math.sqrt(2.0 / (fan_in + fan_out)), rng)


def xavier_uniform(shape, rng=None):
    fan_in, fan_out = fan_in_fan_out(shape)
    return _uniform(shape, math.sqrt(6.0 / (fan_in + fan_out)), rng)


def he_normal(shape, rng=None):
    fan_in, _ = fan_in_fan_out(shape)
    return _normal(shape, math.sqrt(2.0 / fan_in), rng)


def he_uniform(shape, rng=None):
    fan_in, _ = fan_in_fan_out(shape)
    return _uniform(shape, math.sqrt(6.0 / fan_in), rng)
