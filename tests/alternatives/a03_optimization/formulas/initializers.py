"""Alternative style: other but equal ways to draw the weights.

- normal draws as standard normals divided by √(1/variance) (e.g. lecun: z / √fan_in);
- uniform draws as a·(2u − 1) with u ~ U[0, 1) (rng.random);
- the fans through products of slices of the shape (math.prod).
lecun_uniform uses the variance-consistent bound √(3/fan_in).
"""
import math

import numpy as np


def fan_in_fan_out(shape):
    shape = tuple(int(d) for d in shape)
    if len(shape) not in (2, 4):
        raise ValueError(f"fan_in_fan_out needs a 2-D or 4-D shape, got {len(shape)}-D {shape}")
    if any(d < 1 for d in shape):
        raise ValueError(f"fan_in_fan_out needs positive dimensions, got {shape}")
    receptive = math.prod(shape[2:])           # 1 for a matrix, FH·FW for a kernel
    if len(shape) == 2:
        return shape[0], shape[1]
    return math.prod(shape[1:]), shape[0] * receptive


def _gen(rng):
    return rng if rng is not None else np.random.default_rng()


def _normal(shape, variance, rng):
    return _gen(rng).standard_normal(tuple(shape)) / math.sqrt(1.0 / variance)


def _uniform(shape, variance, rng):
    a = math.sqrt(3.0 * variance)              # U(−a, a) has variance a²/3
    return a * (2.0 * _gen(rng).random(tuple(shape)) - 1.0)


def lecun_normal(shape, rng=None):
    fi, _ = fan_in_fan_out(shape)
    return _normal(shape, 1.0 / fi, rng)


def lecun_uniform(shape, rng=None):
    fi, _ = fan_in_fan_out(shape)
    return _uniform(shape, 1.0 / fi, rng)


def xavier_normal(shape, rng=None):
    fi, fo = fan_in_fan_out(shape)
    return _normal(shape, 2.0 / (fi + fo), rng)


def xavier_uniform(shape, rng=None):
    fi, fo = fan_in_fan_out(shape)
    return _uniform(shape, 2.0 / (fi + fo), rng)


def he_normal(shape, rng=None):
    fi, _ = fan_in_fan_out(shape)
    return _normal(shape, 2.0 / fi, rng)


def he_uniform(shape, rng=None):
    fi, _ = fan_in_fan_out(shape)
    return _uniform(shape, 2.0 / fi, rng)
