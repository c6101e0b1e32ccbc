"""Alternative style: one table of (weights, bias) per gate and a one-line matrix-product perceptron.

The table holds perceptron PARAMETERS, not outputs: every gate still computes w·x + b and thresholds it.
XOR is the two-layer network NAND/OR → AND of this module's gates.
"""
import numpy as np

# gate name -> (weights, bias); the separating lines of document 001's gates, written with other numbers
GATE_PARAMETERS = {
    "AND": (np.array([0.4, 0.4]), -0.6),
    "NAND": (np.array([-0.4, -0.4]), 0.6),
    "OR": (np.array([0.3, 0.3]), -0.1),
}


def perceptron(x, w, b):
    """Threshold unit: int(x @ w + b > 0)."""
    z = np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b
    return int(z > 0)


def _gate(name, x1, x2):
    w, b = GATE_PARAMETERS[name]
    return perceptron(np.array([x1, x2], dtype=np.float64), w, b)


def AND(x1, x2):
    """AND: 1 only for (1, 1)."""
    return _gate("AND", x1, x2)


def NAND(x1, x2):
    """NAND: 0 only for (1, 1)."""
    return _gate("NAND", x1, x2)


def OR(x1, x2):
    """OR: 1 when any input is 1."""
    return _gate("OR", x1, x2)


def XOR(x1, x2):
    """XOR = AND(NAND(x1, x2), OR(x1, x2))."""
    return AND(NAND(x1, x2), OR(x1, x2))
