"""Drivers of a01_perceptron (student side: this runs in the student's process and decides nothing).

Each driver calls the student's ``gates`` module and returns what it got. The grader validates every reply (a
replaced driver can return anything) and computes every verdict itself (:mod:`autograder.checks.a01_perceptron`).
"""
from __future__ import annotations

GATES = ("AND", "NAND", "OR")


def drive_gate(mods, name, pairs):
    """``name(*pair)`` for every pair, in order."""
    gate = getattr(mods.gates, name)
    return [gate(*p) for p in pairs]


def _fake_gate(name, table):
    """A gate answering ``table[2·a + b]`` for inputs a, b in {0, 1} (the truth table the grader drew)."""

    def fake(*args):
        if len(args) != 2:
            raise TypeError(f"{name} takes 2 inputs, XOR called it with {len(args)}")
        a, b = args
        if a not in (0, 1) or b not in (0, 1):
            raise ValueError(f"XOR called {name}({a!r}, {b!r}); a gate's inputs are 0 or 1")
        return table[2 * int(a) + int(b)]

    fake.__name__ = name
    return fake


def drive_xor_with_fake_gates(mods, tables, pairs):
    """For each set of truth tables ({"AND": [4 outputs], "NAND": [...], "OR": [...]}), replace the module's gates by
    gates with those tables, run ``XOR`` on every pair and record its outputs; the gates are restored afterwards.

    Returns one list of outputs per set of tables. What those outputs must be is computed by the grader.
    """
    g = mods.gates
    saved = {n: getattr(g, n) for n in GATES}
    outputs = []
    try:
        for tables_k in tables:
            for n in GATES:
                setattr(g, n, _fake_gate(n, list(tables_k[n])))
            outputs.append([g.XOR(*p) for p in pairs])
    finally:
        for n, f in saved.items():
            setattr(g, n, f)
    return outputs


def drive_perceptron(mods, cases):
    """``perceptron(x, w, b)`` for every case (x, w, b), in order."""
    return [mods.gates.perceptron(x, w, b) for x, w, b in cases]
