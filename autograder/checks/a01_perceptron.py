"""Checks of a01_perceptron: AND, NAND, OR, XOR gates and the perceptron (document 001 §1–3)."""
from __future__ import annotations

import numpy as np

from .. import expect
from ..misconceptions import mistake
from ..registry import Assignment, Fail, T

A = Assignment("a01_perceptron", title=T("Perceptron and logic gates", "퍼셉트론과 논리 게이트"), files=("gates.py",))

PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1)]
TRUTH = {"AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}
KO_NAME = {"AND": "AND 게이트", "NAND": "NAND 게이트", "OR": "OR 게이트", "XOR": "XOR 게이트"}

mistake("gate_is_other_gate", "the gate computes another gate", "다른 게이트를 계산함",
        "Your truth table is the one of {other}: check the weights and the bias (their signs and size).",
        "진리표가 {other}의 것과 같습니다: 가중치와 편향(부호와 크기)을 확인하세요.")
mistake("threshold_inclusive", "y = 1 when the sum is exactly 0", "가중합이 정확히 0일 때 1을 출력",
        "The rule is y = 0 when w·x + b <= 0: a sum of exactly 0 gives 0 (use > 0, not >= 0).",
        "규칙은 w·x + b <= 0이면 y = 0입니다: 정확히 0이면 0을 출력하세요 (>= 0이 아니라 > 0).")
mistake("xor_lookup", "XOR written as a lookup table", "XOR을 진리표 조회로 작성",
        "XOR must be built from the NAND, OR and AND gates of the module (a two-layer perceptron).",
        "XOR은 모듈의 NAND, OR, AND 게이트를 조합한 2층 퍼셉트론으로 만들어야 합니다.")


# ------------------------------------------------------------------------------------------ drivers (child side)
def drive_gate(mods, name, pairs):
    gate = getattr(mods.gates, name)
    return [gate(*p) for p in pairs]


def drive_xor_with_fake_gates(mods, constant):
    """Replace AND/NAND/OR by counting constant gates, run XOR on the four inputs, restore the module."""
    g = mods.gates
    saved = {n: getattr(g, n) for n in ("AND", "NAND", "OR")}
    calls = {"n": 0}

    def fake(*args):
        calls["n"] += 1
        return constant

    try:
        for n in saved:
            setattr(g, n, fake)
        outs = [g.XOR(*p) for p in PAIRS]
    finally:
        for n, f in saved.items():
            setattr(g, n, f)
    return {"outputs": outs, "calls": calls["n"]}


def drive_perceptron(mods, cases):
    return [mods.gates.perceptron(x, w, b) for x, w, b in cases]


# ------------------------------------------------------------------------------------------ checks (grader side)
def _outputs(ctx, name, pairs):
    got = ctx.call(drive_gate, name, pairs)
    if not isinstance(got, list):
        raise Fail(T("the gate did not return values", "게이트가 값을 반환하지 않았습니다"))
    return [expect.integer(v, T(f"{name}{p}", f"{KO_NAME[name]}{p}")) for v, p in zip(got, pairs)]


def _truth_table(ctx, name):
    got = _outputs(ctx, name, PAIRS)
    if got == TRUTH[name]:
        return
    for other, table in TRUTH.items():
        if other != name and got == table:
            raise Fail(T(f"{name}: outputs {got} for inputs {PAIRS}, expected {TRUTH[name]}. It matches a known "
                         f"mistake: the gate computes another gate. Your truth table is the one of {other}: check the "
                         f"weights and the bias (their signs and size).",
                         f"{KO_NAME[name]}: 입력 {PAIRS}에 대해 {got}을(를) 출력했는데 {TRUTH[name]}이어야 합니다. "
                         f"알려진 실수와 일치합니다: 진리표가 {other}의 것과 같습니다. 가중치와 편향(부호와 크기)을 확인하세요."),
                       "gate_is_other_gate")
    raise Fail(T(f"{name}: outputs {got} for inputs {PAIRS}, expected {TRUTH[name]}",
                 f"{KO_NAME[name]}: 입력 {PAIRS}에 대해 {got}을(를) 출력했는데 {TRUTH[name]}이어야 합니다"))


def _input_types(ctx, name):
    """Inputs given as numpy integers, floats and bools still give the right answers (hidden)."""
    variants = [tuple(np.int64(v) for v in p) for p in PAIRS] + [tuple(float(v) for v in p) for p in PAIRS]
    got = _outputs(ctx, name, variants)
    want = TRUTH[name] * 2
    if got != want:
        raise Fail(T(f"{name}: with inputs as numpy ints and floats the outputs are {got}, expected {want}",
                     f"{KO_NAME[name]}: numpy 정수/실수 입력에서 {got}을(를) 출력했는데 {want}이어야 합니다"))


def _gate_exercise(name, title_ko):
    ex = A.exercise(f"gates.{name}", targets=[f"gates.{name}"], title=T(f"{name} gate", title_ko),
                    hint=T("A perceptron: y = 1 if w1·x1 + w2·x2 + b > 0 else 0; pick w1, w2, b by hand from the "
                           "truth table (document 001 §2).",
                           "퍼셉트론: w1·x1 + w2·x2 + b > 0이면 1, 아니면 0. 진리표를 보고 w1, w2, b를 직접 정하세요 (문서 001 §2)."))

    @ex.test("truth table", points=2)
    def _(ctx):
        _truth_table(ctx, name)

    @ex.test("numpy and float inputs", points=1, hidden=True)
    def _(ctx):
        _input_types(ctx, name)

    return ex


AND = _gate_exercise("AND", "AND 게이트")
NAND = _gate_exercise("NAND", "NAND 게이트")
OR = _gate_exercise("OR", "OR 게이트")

xor = A.exercise("gates.XOR", targets=["gates.XOR", "gates.AND", "gates.NAND", "gates.OR"],
                 title=T("XOR gate from NAND, OR and AND", "NAND, OR, AND로 만든 XOR 게이트"),
                 hint=T("XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)) (document 001 §2–3).",
                        "XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)) (문서 001 §2–3)."))


@xor.test("truth table", points=2)
def _(ctx):
    _truth_table(ctx, "XOR")


@xor.test("composed from the other gates", points=2)
def _(ctx):
    runs = [ctx.call(drive_xor_with_fake_gates, c) for c in (0, 1)]
    for c, run in zip((0, 1), runs):
        if not isinstance(run, dict):
            raise Fail(T("XOR could not be run with replaced gates", "게이트를 바꾼 상태로 XOR을 실행할 수 없습니다"))
        outs = [expect.integer(v, T("XOR output", "XOR 출력")) for v in run["outputs"]]
        # the last step of a composition is a gate call, so with every gate answering c, XOR answers c
        if run["calls"] == 0 or outs != [c] * 4:
            raise Fail(T("XOR does not follow the gates: when AND, NAND and OR are replaced by gates that always "
                         f"output {c}, XOR still gives {outs}. Build XOR by calling NAND, OR and AND "
                         "(a two-layer perceptron), not from a lookup table or its own formula.",
                         f"XOR이 게이트를 따르지 않습니다: AND, NAND, OR을 항상 {c}을(를) 출력하는 게이트로 바꿔도 XOR이 "
                         f"{outs}을(를) 출력합니다. 진리표나 별도의 식이 아니라 NAND, OR, AND를 호출해 2층 퍼셉트론으로 만드세요."),
                       "xor_lookup")


@xor.test("numpy and float inputs", points=1, hidden=True)
def _(ctx):
    _input_types(ctx, "XOR")


perc = A.exercise("gates.perceptron", targets=["gates.perceptron"],
                  title=T("perceptron on a vector", "벡터 입력 퍼셉트론"),
                  hint=T("Compute Σ w_i·x_i + b (np.dot or np.sum(w * x)) and return 1 if it is > 0, else 0.",
                         "Σ w_i·x_i + b를 계산하고 (np.dot 또는 np.sum(w * x)) 0보다 크면 1, 아니면 0을 반환하세요."))


def _perceptron_cases(rng, n_cases, max_dim):
    cases = []
    for _ in range(n_cases):
        n = int(rng.integers(1, max_dim + 1))
        x = rng.integers(-3, 4, size=n).astype(float)
        w = np.round(rng.uniform(-1, 1, size=n), 2)
        b = float(np.round(rng.uniform(-1, 1), 2))
        cases.append((x, w, b))
    return cases


def _check_perceptron(ctx, cases, want=None):
    got = ctx.call(drive_perceptron, cases)
    want = ctx.expected(drive_perceptron, cases) if want is None else want
    for i, ((x, w, b), g, e) in enumerate(zip(cases, got, want)):
        g = expect.integer(g, T(f"perceptron(case {i})", f"perceptron(경우 {i})"))
        if g != e:
            s = float(np.dot(w, x) + b)
            key = "threshold_inclusive" if abs(s) < 1e-12 and g == 1 else None
            extra = T(" (w·x + b is exactly 0 here: the output must be 0)", " (여기서 w·x + b가 정확히 0이므로 출력은 0이어야 합니다)") \
                if key else T("")
            raise Fail(T(f"perceptron(x={x.tolist()}, w={w.tolist()}, b={b}) returned {g}, expected {e}; "
                         f"w·x + b = {s:.6g}", f"perceptron(x={x.tolist()}, w={w.tolist()}, b={b})이(가) {g}을(를) "
                         f"반환했는데 {e}이어야 합니다; w·x + b = {s:.6g}") + extra, key)


@perc.test("random vectors", points=1)
def _(ctx):
    _check_perceptron(ctx, _perceptron_cases(ctx.rng, 12, 5))


@perc.test("a weighted sum of exactly 0 gives 0", points=1)
def _(ctx):
    cases = [(np.array([1.0, 1.0]), np.array([0.5, -0.5]), 0.0), (np.array([2.0, 0.0, 1.0]), np.array([0.25, 3.0, 0.5]), -1.0),
             (np.array([1.0]), np.array([1.0]), -1.0), (np.array([1.0, 1.0]), np.array([0.5, 0.5]), 1e-9)]
    _check_perceptron(ctx, cases, want=[0, 0, 0, 1])


@perc.test("fresh random vectors", points=1, hidden=True)
def _(ctx):
    _check_perceptron(ctx, _perceptron_cases(ctx.rng, 30, 10))
