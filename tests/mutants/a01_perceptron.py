from . import Mutant

MUTANTS = [
    Mutant("AND with the OR bias", "gates.py", "return perceptron((x1, x2), (0.5, 0.5), -0.7)",
           "return perceptron((x1, x2), (0.5, 0.5), -0.2)", ("gates.AND",), names="gate_is_other_gate"),
    Mutant("NAND with AND's signs", "gates.py", "return perceptron((x1, x2), (-0.5, -0.5), 0.7)",
           "return perceptron((x1, x2), (0.5, 0.5), -0.7)", ("gates.NAND",), names="gate_is_other_gate"),
    Mutant("OR bias too negative", "gates.py", "return perceptron((x1, x2), (0.6, 0.6), -0.5)",
           "return perceptron((x1, x2), (0.6, 0.6), -0.7)", ("gates.OR",), names="gate_is_other_gate"),
    Mutant("XOR as a lookup table", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}[(int(x1), int(x2))]", ("gates.XOR",), names="xor_lookup"),
    Mutant("XOR by arithmetic", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return int(x1 != x2)", ("gates.XOR",), names="xor_lookup"),
    Mutant("XOR composed wrongly (OR on top)", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return OR(NAND(x1, x2), OR(x1, x2))", ("gates.XOR",)),
    Mutant("perceptron fires at a sum of exactly 0", "gates.py", "return 1 if total > 0 else 0",
           "return 1 if total >= 0 else 0", ("gates.perceptron",), names="threshold_inclusive"),
    Mutant("perceptron ignores the bias", "gates.py",
           "total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + float(b)",
           "total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)))", ("gates.perceptron",)),
    Mutant("gate returns a float", "gates.py", "return 1 if total > 0 else 0", "return 1.0 if total > 0 else 0.0",
           ("gates.AND", "gates.perceptron"), names="float_not_int"),
]
