"""Alternative style: explicit loops and other (equally valid) weights.

The perceptron adds w_i * x_i one term at a time in a Python loop, and the gates use weights and biases that
differ from the ones printed in document 001 but draw the same separating lines on {0, 1}².
XOR is still the two-layer composition AND(NAND, OR) of the gates of this module.
"""


def perceptron(x, w, b):
    """1 when the bias plus the weighted sum of the inputs is > 0, else 0 (a sum of exactly 0 gives 0)."""
    weights = list(w)
    inputs = list(x)
    if len(weights) != len(inputs):
        raise ValueError(f"x has {len(inputs)} entries but w has {len(weights)}")
    activation = 0.0
    for i in range(len(inputs)):
        activation += float(weights[i]) * float(inputs[i])
    activation += float(b)
    if activation > 0:
        return 1
    return 0


def AND(x1, x2):
    """AND with w = (1, 1), b = -1.5: only (1, 1) gives a positive sum (0.5)."""
    return perceptron([x1, x2], [1.0, 1.0], -1.5)


def NAND(x1, x2):
    """NAND with w = (-2, -2), b = 3: only (1, 1) gives a sum <= 0 (-1)."""
    return perceptron([x1, x2], [-2.0, -2.0], 3.0)


def OR(x1, x2):
    """OR with w = (1, 1), b = -0.5: every input with a 1 in it gives a positive sum."""
    return perceptron([x1, x2], [1.0, 1.0], -0.5)


def XOR(x1, x2):
    """Two layers: hidden units NAND and OR, output unit AND."""
    hidden = [NAND(x1, x2), OR(x1, x2)]
    return AND(hidden[0], hidden[1])
