"""Accepted conventions of a01_perceptron, as single edits of solutions/a01_perceptron/gates.py.

DESIGN §3 fixes the threshold rule (``w·x + b <= 0 → 0``) but not the weights: any weights and bias that
separate the truth table are right, including ones whose weighted sum is exactly 0 on a 0-output row.
"""
from . import Variant

THRESHOLD = "DESIGN §3: gates.py: AND(x1, x2), NAND, OR → int 0/1 via a weighted sum and bias (`w·x + b <= 0 → 0`)"

VARIANTS = [
    Variant(
        assignment="a01_perceptron",
        name="AND with w = (1, 1), b = -1 (sum exactly 0 on (0, 1) and (1, 0))",
        file="gates.py",
        find="    return perceptron((x1, x2), (0.5, 0.5), -0.7)\n",
        replace="    return perceptron((x1, x2), (1.0, 1.0), -1.0)   # one active input sums to exactly 0 → 0\n",
        why=THRESHOLD + " — a sum of exactly 0 gives 0, so (1, 1, −1) is a valid AND.",
    ),
    Variant(
        assignment="a01_perceptron",
        name="OR with w = (1, 1), b = 0 (sum exactly 0 on (0, 0))",
        file="gates.py",
        find="    return perceptron((x1, x2), (0.6, 0.6), -0.5)\n",
        replace="    return perceptron((x1, x2), (1.0, 1.0), 0.0)    # (0, 0) sums to exactly 0 → 0\n",
        why=THRESHOLD + " — a sum of exactly 0 gives 0, so (1, 1, 0) is a valid OR.",
    ),
    Variant(
        assignment="a01_perceptron",
        name="perceptron written as an explicit sum with an if/else",
        file="gates.py",
        find=("    total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + float(b)\n"
              "    return 1 if total > 0 else 0\n"),
        replace=("    total = float(b)\n"
                 "    for wi, xi in zip(w, x):\n"
                 "        total += float(wi) * float(xi)\n"
                 "    if total <= 0:\n"
                 "        return 0\n"
                 "    return 1\n"),
        why="DESIGN §3: perceptron(x, w, b) → 0/1 for one input vector (`w·x + b <= 0 → 0`); how the sum is "
            "formed is free.",
    ),
]
