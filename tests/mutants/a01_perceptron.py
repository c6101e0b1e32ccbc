from . import Mutant

EXACT = True

GATE_TESTS = ("truth table", "numpy and float inputs")
XOR_ALL = ("truth table", "composed from the other gates", "numpy and float inputs")
PERCEPTRON_ALL = ("random vectors", "a weighted sum of exactly 0 gives 0", "fresh random vectors")

MUTANTS = [
    # a wrong gate is also XOR's wrong truth table (XOR is made of it); its composition is still right
    Mutant("AND with the OR bias", "gates.py", "return perceptron((x1, x2), (0.5, 0.5), -0.7)",
           "return perceptron((x1, x2), (0.5, 0.5), -0.2)", ("gates.AND", "gates.XOR"), names="gate_is_other_gate",
           fails=GATE_TESTS),
    Mutant("NAND with AND's signs", "gates.py", "return perceptron((x1, x2), (-0.5, -0.5), 0.7)",
           "return perceptron((x1, x2), (0.5, 0.5), -0.7)", ("gates.NAND", "gates.XOR"), names="gate_is_other_gate",
           fails=GATE_TESTS),
    Mutant("OR bias too negative", "gates.py", "return perceptron((x1, x2), (0.6, 0.6), -0.5)",
           "return perceptron((x1, x2), (0.6, 0.6), -0.7)", ("gates.OR", "gates.XOR"), names="gate_is_other_gate",
           fails=GATE_TESTS),
    # an XOR that is not built from the gates is not graded at all (DESIGN §3: no truth-table lookup)
    Mutant("XOR as a lookup table", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}[(int(x1), int(x2))]", ("gates.XOR",),
           names="xor_lookup", fails=XOR_ALL),
    Mutant("XOR by arithmetic", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return int(x1 != x2)", ("gates.XOR",), names="xor_lookup", fails=XOR_ALL),
    Mutant("XOR as OR minus AND", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return OR(x1, x2) - AND(x1, x2)", ("gates.XOR",), names="xor_lookup", fails=XOR_ALL),
    Mutant("XOR calls the gates but returns its own formula", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "s1, s2 = NAND(x1, x2), OR(x1, x2)\n    return int(s1 + s2 == 2)", ("gates.XOR",), names="xor_lookup",
           fails=XOR_ALL),
    Mutant("XOR defined twice, the second one a lookup", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return AND(NAND(x1, x2), OR(x1, x2))\n\n\nXOR = lambda x1, x2: int(x1) ^ int(x2)", ("gates.XOR",),
           names="xor_lookup", fails=XOR_ALL),
    Mutant("XOR composed with a gate's output overridden for (1, 1)", "gates.py",
           "return AND(NAND(x1, x2), OR(x1, x2))",
           "s = NAND(x1, x2) if (x1, x2) != (1, 1) else 0\n    return AND(s, OR(x1, x2))", ("gates.XOR",),
           names="xor_lookup", fails=("truth table", "composed from the other gates", "numpy and float inputs")),
    # a composition of the gates that is not XOR (evaluated with the correct gates): it does not compose XOR either
    Mutant("XOR composed wrongly (OR on top)", "gates.py", "return AND(NAND(x1, x2), OR(x1, x2))",
           "return OR(NAND(x1, x2), OR(x1, x2))", ("gates.XOR",), fails=XOR_ALL),
    Mutant("perceptron fires at a sum of exactly 0", "gates.py", "return 1 if total > 0 else 0",
           "return 1 if total >= 0 else 0", ("gates.perceptron",), names="threshold_inclusive",
           fails=("a weighted sum of exactly 0 gives 0",)),
    # OR (0.6, 0.6) without its bias is still OR; AND, NAND and XOR (made of them) break
    Mutant("perceptron ignores the bias", "gates.py",
           "total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + float(b)",
           "total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)))",
           ("gates.perceptron", "gates.AND", "gates.NAND", "gates.XOR"), fails=PERCEPTRON_ALL),
    Mutant("gate returns a float", "gates.py", "return 1 if total > 0 else 0", "return 1.0 if total > 0 else 0.0",
           ("gates.perceptron", "gates.AND", "gates.NAND", "gates.OR", "gates.XOR"), names="float_not_int",
           fails=PERCEPTRON_ALL),
    Mutant("perceptron uses only the first two inputs", "gates.py",
           "total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + float(b)",
           "total = float(w[0]) * float(x[0]) + (float(w[1]) * float(x[1]) if len(x) > 1 else 0.0) + float(b)",
           ("gates.perceptron",), fails=PERCEPTRON_ALL),
]
