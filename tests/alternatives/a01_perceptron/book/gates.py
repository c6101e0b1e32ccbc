"""Textbook style ("Deep Learning from Scratch", ch. 2): numpy weight vectors, np.sum(w * x) + b.

Each gate writes out its own weighted sum with the weights of document 001 instead of calling perceptron(),
and the result is compared with 0 using an if/else as in the book.
"""
import numpy as np


def perceptron(x, w, b):
    """One perceptron on one input vector: 1 if sum(w * x) + b > 0, otherwise 0."""
    x = np.array(x, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    tmp = np.sum(w * x) + b
    if tmp <= 0:
        return 0
    else:
        return 1


def AND(x1, x2):
    """AND gate, w = (0.5, 0.5), b = -0.7."""
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.7
    tmp = np.sum(w * x) + b
    if tmp <= 0:
        return 0
    else:
        return 1


def NAND(x1, x2):
    """NAND gate: the AND weights and bias with the sign flipped."""
    x = np.array([x1, x2])
    w = np.array([-0.5, -0.5])
    b = 0.7
    tmp = np.sum(w * x) + b
    if tmp <= 0:
        return 0
    else:
        return 1


def OR(x1, x2):
    """OR gate, w = (0.5, 0.5), b = -0.2."""
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.2
    tmp = np.sum(w * x) + b
    if tmp <= 0:
        return 0
    else:
        return 1


def XOR(x1, x2):
    """XOR as a two-layer perceptron: s1 = NAND, s2 = OR, y = AND(s1, s2)."""
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    y = AND(s1, s2)
    return y
