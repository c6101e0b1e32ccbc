"""Cheats of a01_perceptron: code that tries to earn the gates' points without building them."""
from pathlib import Path

from . import Cheat

ALL = ("gates.AND", "gates.NAND", "gates.OR", "gates.XOR", "gates.perceptron")

ZEROS = '''
def perceptron(x, w, b):
    return 0


def AND(x1, x2):
    return 0


def NAND(x1, x2):
    return 0


def OR(x1, x2):
    return 0


def XOR(x1, x2):
    return 0
'''

# Honest gates written out by hand (they do not use perceptron), so only the cheating objects are at stake.
HONEST_GATES = '''
def _gate(x1, x2, w1, w2, b):
    return 1 if w1 * x1 + w2 * x2 + b > 0 else 0


def AND(x1, x2):
    return _gate(x1, x2, 0.5, 0.5, -0.7)


def NAND(x1, x2):
    return _gate(x1, x2, -0.5, -0.5, 0.7)


def OR(x1, x2):
    return _gate(x1, x2, 0.6, 0.6, -0.5)
'''

HONEST_PERCEPTRON = '''
def perceptron(x, w, b):
    return 1 if sum(float(a) * float(c) for a, c in zip(w, x)) + float(b) > 0 else 0
'''

# The driver that replaces the gates by the grader's fake gates is replaced by one that answers what the
# composition AND(NAND(x1, x2), OR(x1, x2)) of the fake truth tables gives, while XOR itself is a lookup table.
FAKE_COMPOSITION = '''
import autograder.drivers.a01_perceptron as _d


def _fake_driver(mods, tables, pairs):
    f = lambda t, a, b: t[2 * int(a) + int(b)]
    return [[f(t["AND"], f(t["NAND"], a, b), f(t["OR"], a, b)) for a, b in pairs] for t in tables]


_d.drive_xor_with_fake_gates = _fake_driver
'''

LOOKUP_XOR = HONEST_GATES + HONEST_PERCEPTRON + FAKE_COMPOSITION + '''

_TABLE = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}


def XOR(x1, x2):
    return _TABLE[(int(x1), int(x2))]
'''

# The source looks right (XOR returns AND(NAND(…), OR(…))), but the name is rebound at run time through globals(),
# and the driver is faked as above.
REBOUND_XOR = HONEST_GATES + HONEST_PERCEPTRON + FAKE_COMPOSITION + '''

def XOR(x1, x2):
    return AND(NAND(x1, x2), OR(x1, x2))


globals()["X" + "OR"] = lambda x1, x2: int(x1) ^ int(x2)
'''

# perceptron always answers 0, and the driver that calls it is replaced by one that returns nothing (graders that
# zip the reply with the expected values would then compare nothing).
ALWAYS_ZERO_PERCEPTRON = HONEST_GATES + '''
import autograder.drivers.a01_perceptron as _d

_d.drive_perceptron = lambda mods, cases: []


def perceptron(x, w, b):
    return 0


def XOR(x1, x2):
    return AND(NAND(x1, x2), OR(x1, x2))
'''

CHEATS = [
    Cheat("zeros everywhere", {"gates.py": ZEROS}, zero=ALL),
    Cheat("lookup-table XOR with a replaced driver that fakes the composition", {"gates.py": LOOKUP_XOR},
          zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron")),
    Cheat("XOR rebound at run time through globals(), driver faked", {"gates.py": REBOUND_XOR},
          zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron")),
    Cheat("always-0 perceptron with drive_perceptron replaced", {"gates.py": ALWAYS_ZERO_PERCEPTRON},
          zero=("gates.perceptron",), honest=("gates.AND", "gates.NAND", "gates.OR")),
]

# The same two cheats with the driver replaced from a helper module of the submission (gates.py itself looks clean).
HELPER_FAKE = FAKE_COMPOSITION
HELPER_REBIND = FAKE_COMPOSITION + '''
import sys as _sys

_sys.modules["gates"].XOR = lambda x1, x2: int(x1) ^ int(x2)
'''
LOOKUP_XOR_HELPER = HONEST_GATES + HONEST_PERCEPTRON + '''
import helper  # noqa: F401  (replaces the grader's driver)

_TABLE = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}


def XOR(x1, x2):
    return _TABLE[(int(x1), int(x2))]
'''
REBOUND_XOR_HELPER = HONEST_GATES + HONEST_PERCEPTRON + '''

def XOR(x1, x2):
    return AND(NAND(x1, x2), OR(x1, x2))


import helper  # noqa: E402,F401  (rebinds XOR and replaces the grader's driver)
'''

CHEATS += [
    Cheat("lookup-table XOR, driver faked from a helper module", {"gates.py": LOOKUP_XOR_HELPER},
          zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron"),
          extra_files={"helper.py": HELPER_FAKE}),
    Cheat("XOR rebound and driver faked from a helper module", {"gates.py": REBOUND_XOR_HELPER},
          zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron"),
          extra_files={"helper.py": HELPER_REBIND}),
]


# Found in review: a lookup table behind a gate call (the value returned is a gate call, so a shallow source check
# passes) and the grader's driver replaced through pkgutil (no name on the reflection deny-list). The grader now
# evaluates XOR's body itself.
TABLE_BEHIND_A_GATE = HONEST_GATES + HONEST_PERCEPTRON + '''

def XOR(x1, x2):
    return AND(OR(1, 1), [0, 1, 1, 0][2 * int(x1) + int(x2)])


import pkgutil as _pk


def _fake_xor_driver(mods, tables, pairs):
    f = lambda t, a, b: t[2 * int(a) + int(b)]
    return [[f(t["AND"], f(t["NAND"], a, b), f(t["OR"], a, b)) for a, b in pairs] for t in tables]


_pk.resolve_name("autograder.drivers.a01_perceptron").drive_xor_with_fake_gates = _fake_xor_driver
'''
CHEATS.append(Cheat("a table behind a gate call, driver replaced through pkgutil", {"gates.py": TABLE_BEHIND_A_GATE},
                    zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron")))

# Found in the second review: a composition of the gates that is not XOR (it is OR) earned "composed from the other
# gates" (2 of 5). The composition is now evaluated with the documented gates and must give XOR's truth table.
_REFERENCE_GATES = (Path(__file__).resolve().parents[2] / "solutions" / "a01_perceptron" / "gates.py").read_text(
    encoding="utf-8")
NOT_XOR_COMPOSITION = _REFERENCE_GATES.replace("    return AND(NAND(x1, x2), OR(x1, x2))",
                                               "    s1 = OR(x1, x2)\n    s2 = OR(x2, x1)\n    return AND(s1, s2)", 1)
assert NOT_XOR_COMPOSITION != _REFERENCE_GATES
CHEATS.append(Cheat("a composition of the gates that computes OR, not XOR", {"gates.py": NOT_XOR_COMPOSITION},
                    zero=("gates.XOR",), honest=("gates.AND", "gates.NAND", "gates.OR", "gates.perceptron")))
