"""Textbook style (the "weight initial value" experiments of ch. 6): a standard normal draw times a scale, e.g.
rng.standard_normal(shape) * np.sqrt(2.0 / node_num), the scale worked out from the number of incoming nodes.

lecun_uniform uses document 002's printed bound U(±√(1/n_in)), which DESIGN §3 accepts ("accept both").
"""
import numpy as np


def fan_in_fan_out(shape):
    shape = tuple(shape)
    if len(shape) not in (2, 4) or min(shape) < 1:
        raise ValueError(f"fan_in_fan_out: expected a 2-D (in, out) or 4-D (FN, C, FH, FW) shape, got {shape}")
    if len(shape) == 2:
        node_in, node_out = shape
        return int(node_in), int(node_out)
    FN, C, FH, FW = shape
    return int(C * FH * FW), int(FN * FH * FW)


def _rng(rng):
    return np.random.default_rng() if rng is None else rng


def lecun_normal(shape, rng=None):
    node_num, _ = fan_in_fan_out(shape)
    return _rng(rng).standard_normal(tuple(shape)) * np.sqrt(1.0 / node_num)


def lecun_uniform(shape, rng=None):
    n_in, _ = fan_in_fan_out(shape)
    limit = np.sqrt(1.0 / n_in)                       # document 002's bound
    return _rng(rng).uniform(-limit, limit, tuple(shape))


def xavier_normal(shape, rng=None):
    n_in, n_out = fan_in_fan_out(shape)
    return _rng(rng).standard_normal(tuple(shape)) * np.sqrt(2.0 / (n_in + n_out))


def xavier_uniform(shape, rng=None):
    n_in, n_out = fan_in_fan_out(shape)
    limit = np.sqrt(6.0 / (n_in + n_out))
    return _rng(rng).uniform(-limit, limit, tuple(shape))


def he_normal(shape, rng=None):
    node_num, _ = fan_in_fan_out(shape)
    return _rng(rng).standard_normal(tuple(shape)) * np.sqrt(2.0 / node_num)


def he_uniform(shape, rng=None):
    n_in, _ = fan_in_fan_out(shape)
    limit = np.sqrt(6.0 / n_in)
    return _rng(rng).uniform(-limit, limit, tuple(shape))
