"""Checks of a01_perceptron: AND, NAND, OR, XOR gates and the perceptron (the study-group slides, 001: perceptron,
single-layer and multi-layer perceptrons).

Grader side. The drivers (:mod:`autograder.drivers.a01_perceptron`) only call the student's code; every reply is
validated here and every verdict is computed here. XOR must be composed from the other gates: the grader reads the
source of ``XOR`` (its syntax tree: the value it returns must come from a gate call) and, in the student's process,
replaces the gates by gates with truth tables the grader draws and checks that XOR follows them like a composition
of gates would.
"""
from __future__ import annotations

import ast
import os
import stat

import numpy as np

from .. import expect
from ..drivers.a01_perceptron import GATES, drive_gate, drive_perceptron, drive_xor_with_fake_gates
from ..misconceptions import mistake
from ..registry import Assignment, Fail, T

A = Assignment("a01_perceptron", title=T("Perceptron and logic gates", "퍼셉트론과 논리 게이트"), files=("gates.py",))

PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1)]
TRUTH = {"AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}
KO_NAME = {"AND": "AND 게이트", "NAND": "NAND 게이트", "OR": "OR 게이트", "XOR": "XOR 게이트"}
MAX_SOURCE_BYTES = 1 << 20

mistake("gate_is_other_gate", "the gate computes another gate", "다른 게이트를 계산함",
        "Your truth table is the one of another gate: check the weights and the bias (their signs and size).",
        "진리표가 다른 게이트의 것과 같습니다: 가중치와 편향(부호와 크기)을 확인하세요.")
mistake("threshold_inclusive", "y = 1 when the sum is exactly 0", "가중합이 정확히 0일 때 1을 출력",
        "The rule is y = 0 when w·x + b ≤ 0: a weighted sum of exactly 0 is on the 0 side (the comparison is strict).",
        "규칙은 w·x + b ≤ 0이면 y = 0입니다: 가중합이 정확히 0이면 0 쪽입니다 (비교는 엄격한 부등호).")
mistake("xor_lookup", "XOR not composed from the gates", "게이트를 조합하지 않은 XOR",
        "XOR must be a two-layer perceptron: its first layer is NAND and OR of the inputs, its second layer the AND "
        "of those two outputs. A lookup table or a formula of its own does not count.",
        "XOR은 2층 퍼셉트론이어야 합니다: 첫 층은 입력의 NAND와 OR, 둘째 층은 그 두 출력의 AND입니다. 진리표 조회나 "
        "별도의 식은 인정되지 않습니다.")


# ------------------------------------------------------------------------------------------ replies
def _ints(got, n: int, what, labels) -> list[int]:
    """A reply that must be a list of ``n`` ints (one per call)."""
    got = expect.unwrap(got)
    if not isinstance(got, list) or len(got) != n:
        kind = f"a list of {len(got)}" if isinstance(got, list) else type(got).__name__
        raise Fail(T(f"{what.en}: expected {n} results (one per call), got {kind}",
                     f"{what.ko}: 호출마다 하나씩 결과 {n}개가 와야 하는데 {kind}을(를) 받았습니다"))
    return [expect.integer(v, label) for v, label in zip(got, labels)]


def _pairs_for(ctx, base):
    """The fixed pairs, and in every run more of them in a random order (no call sequence can be memorized)."""
    extra = [base[i] for i in ctx.rng.integers(0, len(base), size=len(base))]
    seq = list(base) + extra
    order = ctx.rng.permutation(len(seq))
    return [seq[i] for i in order]


def _table_of(outs, pairs, name):
    """The gate's truth table (in PAIRS order) from outputs on pairs; a Fail when one input got two answers."""
    seen = {}
    for p, v in zip(pairs, outs):
        key = tuple(int(bool(a)) for a in p)
        if key in seen and seen[key] != v:
            raise Fail(T(f"{name}{key} gave {seen[key]} once and {v} another time: a gate is a function of its inputs",
                         f"{KO_NAME[name]}{key}이(가) 한 번은 {seen[key]}, 다른 때는 {v}을(를) 출력했습니다: 게이트의 "
                         f"출력은 입력만으로 정해져야 합니다"))
        seen[key] = v
    return [seen[p] for p in PAIRS]


def _truth_table(ctx, name):
    pairs = _pairs_for(ctx, PAIRS)
    outs = _ints(ctx.call(drive_gate, name, pairs), len(pairs), T(name, KO_NAME[name]),
                 [T(f"{name}{p}", f"{KO_NAME[name]}{p}") for p in pairs])
    if name == "XOR":
        _xor_source_verdict(ctx)
    got = _table_of(outs, pairs, name)
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
    """Inputs given as numpy integers and floats still give the right answers."""
    variants = [tuple(np.int64(v) for v in p) for p in PAIRS] + [tuple(float(v) for v in p) for p in PAIRS] + \
               [tuple(np.float64(v) for v in p) for p in PAIRS]
    pairs = _pairs_for(ctx, variants)
    outs = _ints(ctx.call(drive_gate, name, pairs), len(pairs), T(name, KO_NAME[name]),
                 [T(f"{name}{tuple(float(v) for v in p)}") for p in pairs])
    if name == "XOR":
        _xor_source_verdict(ctx)
    want = [TRUTH[name][PAIRS.index(tuple(int(v) for v in p))] for p in pairs]
    if outs != want:
        i = next(i for i, (g, w) in enumerate(zip(outs, want)) if g != w)
        desc = ", ".join(f"{type(v).__name__}({int(v)})" for v in pairs[i])
        raise Fail(T(f"{name}({desc}) returned {outs[i]}, expected {want[i]}: inputs given as numpy integers or floats "
                     f"must give the same answers as 0 and 1",
                     f"{KO_NAME[name]}({desc})이(가) {outs[i]}을(를) 반환했는데 {want[i]}이어야 합니다: numpy 정수나 실수로 "
                     f"준 입력도 0, 1과 같은 답을 내야 합니다"))


def _gate_exercise(name, title_ko, hint):
    ex = A.exercise(f"gates.{name}", targets=[f"gates.{name}"], title=T(f"{name} gate", title_ko), hint=hint)

    @ex.test(T("truth table", "진리표"), points=2)
    def _(ctx):
        _truth_table(ctx, name)

    @ex.test(T("numpy and float inputs", "numpy 및 실수 입력"), points=1, hidden=True)
    def _(ctx):
        _input_types(ctx, name)

    return ex


_GATE_HINT = T("A gate is one perceptron: y is 1 when w₁·x₁ + w₂·x₂ + b > 0 and 0 otherwise. Draw the four inputs "
               "in the plane and choose a straight line (where w₁·x₁ + w₂·x₂ + b is zero) that puts the inputs whose "
               "output is 1 on its positive side; the study-group slides (001, single-layer perceptron) show one "
               "choice per gate.",
               "게이트는 퍼셉트론 하나입니다: w₁·x₁ + w₂·x₂ + b > 0이면 1, 아니면 0. 네 입력을 평면에 그리고 출력이 1인 "
               "입력이 양수 쪽에 오도록 직선(w₁·x₁ + w₂·x₂ + b가 0인 곳)을 고르세요. 스터디 발표 자료(001, 단층 퍼셉트론)에 "
               "게이트마다 한 가지 예가 있습니다.")
AND = _gate_exercise("AND", "AND 게이트", _GATE_HINT)
NAND = _gate_exercise("NAND", "NAND 게이트", T(_GATE_HINT.en + " NAND is AND with every output flipped: what happens to "
                                                              "the line when w₁, w₂ and b all change sign?",
                                              _GATE_HINT.ko + " NAND는 AND의 출력을 모두 뒤집은 것입니다: w₁, w₂, b의 부호를 "
                                                              "모두 바꾸면 직선의 어느 쪽이 양수가 될까요?"))
OR = _gate_exercise("OR", "OR 게이트", _GATE_HINT)


# ------------------------------------------------------------------------------------------ XOR: the source
def _read_source(ctx) -> str:
    """The student's gates.py as text, read here in the grader: never through a link, never more than 1 MB."""
    folder = ctx.runner.folder
    path = folder / "gates.py"
    try:
        info = os.lstat(path)
    except OSError:
        raise Fail(T("gates.py could not be read", "gates.py를 읽을 수 없습니다")) from None
    if stat.S_ISLNK(info.st_mode):
        raise Fail(T("gates.py is a symbolic link; submit the file itself", "gates.py가 심볼릭 링크입니다; 파일 자체를 제출하세요"))
    if not stat.S_ISREG(info.st_mode):
        raise Fail(T("gates.py is not a regular file", "gates.py가 일반 파일이 아닙니다"))
    if info.st_size > MAX_SOURCE_BYTES:
        raise Fail(T(f"gates.py is {info.st_size} bytes; a source file larger than 1 MB is not read",
                     f"gates.py가 {info.st_size}바이트입니다; 1 MB보다 큰 소스 파일은 읽지 않습니다"))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        raise Fail(T("gates.py could not be read", "gates.py를 읽을 수 없습니다")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
            raise Fail(T("gates.py is not a regular file of at most 1 MB", "gates.py가 1 MB 이하의 일반 파일이 아닙니다"))
        data = os.read(fd, MAX_SOURCE_BYTES + 1)
    finally:
        os.close(fd)
    return data.decode("utf-8", errors="replace")


# What a gates.py never needs, but code that rewrites the module (or the grader's drivers) at run time does.
_INTROSPECTION_MODULES = {"autograder", "importlib", "builtins", "inspect", "gc", "ctypes", "types", "runpy",
                          "marshal", "imp"}
_INTROSPECTION_NAMES = {"globals", "locals", "vars", "getattr", "setattr", "delattr", "exec", "eval", "compile",
                        "__import__", "__builtins__", "__loader__", "__spec__"}
_INTROSPECTION_ATTRS = {"__dict__", "__code__", "__globals__", "__setattr__", "__getattribute__", "__builtins__",
                        "__subclasses__", "__bases__", "__mro__", "__class__", "modules", "_getframe", "f_globals",
                        "f_locals", "f_back", "tb_frame", "gi_frame"}


def _xor_problem(en: str, ko: str) -> Fail:
    return Fail(T(f"XOR, as written in gates.py, is not composed from the gates: {en}. It matches a known mistake: XOR "
                  f"not composed from the gates. XOR must be a two-layer perceptron: its first layer is NAND and OR of "
                  f"the inputs, its second layer the AND of those two outputs. An XOR that is not built from the gates "
                  f"is not graded (a lookup table or a formula of its own does not count).",
                  f"gates.py에 작성된 XOR이 게이트들의 조합이 아닙니다: {ko}. 알려진 실수와 일치합니다: 게이트를 조합하지 "
                  f"않은 XOR. XOR은 2층 퍼셉트론이어야 합니다: 첫 층은 입력의 NAND와 OR, 둘째 층은 그 두 출력의 AND입니다. "
                  f"게이트로 만들지 않은 XOR은 채점하지 않습니다 (진리표 조회나 별도의 식은 인정되지 않습니다)."),
                "xor_lookup")


def _gate_call(node, bound) -> bool:
    """``node`` gives the value of a gate call: AND(…)/NAND(…)/OR(…), int() of one, or a name bound only to them."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in GATES:
            return True
        if node.func.id == "int" and len(node.args) == 1 and not node.keywords:
            return _gate_call(node.args[0], bound)
    if isinstance(node, ast.Name):
        values = bound.get(node.id)
        return bool(values) and all(v is not None and _gate_call(v, {}) for v in values)
    return False


def _own_nodes(func):
    """The nodes of a function body, without descending into nested functions, lambdas or classes."""
    stack = list(func.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)


def _bindings(func) -> dict:
    """name → the values assigned to it in the function (None where the value cannot be told)."""
    bound: dict = {}

    def bind(target, value):
        if isinstance(target, ast.Name):
            bound.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            same = isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            for i, t in enumerate(target.elts):
                bind(t, value.elts[i] if same else None)
        elif isinstance(target, ast.Starred):
            bind(target.value, None)

    for node in _own_nodes(func):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                bind(t, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            bind(node.target, node.value)
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor)):
            bind(node.target, None)
        elif isinstance(node, ast.NamedExpr):
            bind(node.target, node.value)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, None)
    return bound


def _local_modules(folder) -> set:
    """Names a module of the submission folder could be imported by (helper.py, a package folder, numpy.py …)."""
    names = set()
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith(".py"):
                names.add(entry.name[:-3])
            elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith((".", "__")):
                names.add(entry.name)
    except OSError:
        pass
    names.discard("gates")
    return names


def _check_xor_source(text: str, local_modules=frozenset()):
    """Raise Fail unless the module defines XOR once, never rebinds it, and XOR returns the result of a gate call.

    gates.py must not reach into the interpreter (globals(), sys.modules, importlib, autograder …) nor import modules
    of the submission: code that can rewrite XOR or the grader's drivers at run time cannot be verified."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise _xor_problem("gates.py could not be parsed", "gates.py를 구문 분석할 수 없습니다") from None
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "XOR"]
    if len(defs) != 1:
        raise _xor_problem("gates.py must define XOR exactly once, with def at the top level of the module",
                           "gates.py는 모듈 최상위에서 def로 XOR을 정확히 한 번 정의해야 합니다")
    func = defs[0]
    for node in ast.walk(tree):
        reach = None
        if isinstance(node, ast.Import):
            reach = next((a.name for a in node.names
                          if a.name.split(".")[0] in _INTROSPECTION_MODULES | set(local_modules)), None)
        elif isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").split(".")[0]
                                                   in _INTROSPECTION_MODULES | set(local_modules)):
            reach = "." * node.level + (node.module or "") if node.level else node.module
        elif isinstance(node, ast.Name) and node.id in _INTROSPECTION_NAMES:
            reach = node.id
        elif isinstance(node, ast.Attribute) and node.attr in _INTROSPECTION_ATTRS:
            reach = node.attr
        if reach and (reach.split(".")[0] in local_modules or reach.startswith(".")):
            raise _xor_problem(f"gates.py imports {reach} (line {getattr(node, 'lineno', '?')}), another module of the "
                               f"submission; the gates and XOR must be written in gates.py itself",
                               f"gates.py가 제출물의 다른 모듈 {reach}을(를) import합니다 ({getattr(node, 'lineno', '?')}번째 "
                               f"줄); 게이트와 XOR은 gates.py 안에 작성해야 합니다")
        if reach:
            raise _xor_problem(f"gates.py uses {reach} (line {getattr(node, 'lineno', '?')}), which can rewrite the "
                               f"module or the grader at run time, so its XOR cannot be verified; gates.py needs only "
                               f"arithmetic and the gates",
                               f"gates.py가 {reach}을(를) 사용합니다 ({getattr(node, 'lineno', '?')}번째 줄). 실행 중에 모듈이나 "
                               f"채점기를 바꿀 수 있어 XOR을 검증할 수 없습니다; gates.py에는 산술과 게이트만 필요합니다")
    if func.decorator_list:
        raise _xor_problem("XOR must not be decorated", "XOR에 데코레이터를 붙이면 안 됩니다")
    for node in ast.walk(tree):
        rebinds = (
            (isinstance(node, ast.Name) and node.id == "XOR" and not isinstance(node.ctx, ast.Load))
            or (isinstance(node, ast.Attribute) and node.attr == "XOR" and not isinstance(node.ctx, ast.Load))
            or (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == "XOR"
                and node is not func)
            or (isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == "XOR")
            or (isinstance(node, (ast.Global, ast.Nonlocal)) and "XOR" in node.names)
        )
        if rebinds:
            line = getattr(node, "lineno", "?")
            raise _xor_problem(f"the name XOR is bound again at line {line}; XOR must be the function defined with "
                               f"def",
                               f"{line}번째 줄에서 XOR 이름을 다시 정의합니다; XOR은 def로 정의한 그 함수여야 합니다")
    params = {a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs}
    if func.args.vararg:
        params.add(func.args.vararg.arg)
    if func.args.kwarg:
        params.add(func.args.kwarg.arg)
    bound = _bindings(func)
    shadowed = sorted((params | set(bound)) & set(GATES))
    if shadowed:
        raise _xor_problem(f"inside XOR the name {shadowed[0]} is rebound; call the module's gates",
                           f"XOR 안에서 {shadowed[0]} 이름을 다시 정의합니다; 모듈의 게이트를 호출하세요")
    nodes = list(_own_nodes(func))
    returns = [n for n in nodes if isinstance(n, ast.Return)]
    if not returns:
        raise _xor_problem("XOR has no return statement", "XOR에 return 문이 없습니다")
    for r in returns:
        if r.value is None or not _gate_call(r.value, bound):
            raise _xor_problem(f"the value XOR returns at line {r.lineno} is not the output of a gate (a call of AND, "
                               f"NAND or OR): the last layer of the two-layer perceptron is a gate",
                               f"{r.lineno}번째 줄에서 XOR이 반환하는 값이 게이트(AND, NAND, OR 호출)의 출력이 아닙니다: "
                               f"2층 퍼셉트론의 마지막 층은 게이트입니다")
    uses = sum(1 for n in nodes if isinstance(n, ast.Name) and n.id in GATES and isinstance(n.ctx, ast.Load))
    if uses < 2:
        raise _xor_problem("XOR calls only one gate; a two-layer perceptron feeds the outputs of gates into a gate",
                           "XOR이 게이트를 하나만 호출합니다; 2층 퍼셉트론은 게이트의 출력을 다른 게이트에 넣습니다")
    return _evaluate_composition(func, [a.arg for a in func.args.posonlyargs + func.args.args])


class _NotComposed(Exception):
    def __init__(self, node):
        super().__init__()
        self.node = node


_DOCUMENTED = {"AND": lambda a, b: int(a and b), "NAND": lambda a, b: int(not (a and b)),
               "OR": lambda a, b: int(a or b)}


def _evaluate_composition(func, params: list) -> list:
    """XOR's outputs on the four input pairs, computed HERE from its source with the documented gates.

    The body may only assign and return compositions of gate calls: the parameters, the constants 0 and 1, calls of
    AND/NAND/OR (and int()/bool() around a value), names assigned earlier, tuples or lists of those and constant
    indices into them. Anything else (a table indexed by the inputs, arithmetic, a branch) means XOR is not a
    composition of the gates, whatever a driver in the student's process reports.
    """
    body = [st for st in func.body
            if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str))]
    if len(params) < 2 or not body or not isinstance(body[-1], ast.Return) or body[-1].value is None:
        raise _xor_problem("XOR's body must end with return, after assignments of gate outputs",
                           "XOR의 본문은 게이트 출력을 대입한 뒤 return으로 끝나야 합니다")

    def ev(node, env):
        if isinstance(node, ast.Constant) and type(node.value) in (int, bool) and node.value in (0, 1):
            return int(node.value)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in env:
            return env[node.id]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            if node.func.id in _DOCUMENTED and len(node.args) == 2:
                a, b = (ev(x, env) for x in node.args)
                if type(a) is int and type(b) is int:
                    return _DOCUMENTED[node.func.id](a, b)
            if node.func.id in ("int", "bool") and len(node.args) == 1:
                v = ev(node.args[0], env)
                if type(v) is int:
                    return v
        if isinstance(node, (ast.Tuple, ast.List)) and isinstance(node.ctx, ast.Load):
            return tuple(ev(e, env) for e in node.elts)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and type(node.slice.value) is int:
            seq = ev(node.value, env)
            if type(seq) is tuple and -len(seq) <= node.slice.value < len(seq):
                return seq[node.slice.value]
        raise _NotComposed(node)

    def bind(target, value, env):
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)) and type(value) is tuple and len(value) == len(target.elts):
            for t, v in zip(target.elts, value):
                bind(t, v, env)
        else:
            raise _NotComposed(target)

    outputs = []
    try:
        for x1, x2 in PAIRS:
            env = {params[0]: x1, params[1]: x2}
            for st in body[:-1]:
                if isinstance(st, ast.Assign) and len(st.targets) == 1:
                    bind(st.targets[0], ev(st.value, env), env)
                elif isinstance(st, ast.AnnAssign) and st.value is not None:
                    bind(st.target, ev(st.value, env), env)
                else:
                    raise _NotComposed(st)
            out = ev(body[-1].value, env)
            if type(out) is not int:
                raise _NotComposed(body[-1])
            outputs.append(out)
    except _NotComposed as exc:
        line = getattr(exc.node, "lineno", "?")
        raise _xor_problem(f"XOR is not a composition of the gates: line {line} ({ast.unparse(exc.node)[:60]}) is not "
                           f"a gate call on the inputs, on constants or on other gates' outputs. The grader evaluates "
                           f"XOR's body itself, so build it only from AND, NAND and OR",
                           f"XOR이 게이트의 조합이 아닙니다: {line}번째 줄({ast.unparse(exc.node)[:60]})은 입력, 상수, 다른 "
                           f"게이트 출력에 대한 게이트 호출이 아닙니다. 채점기는 XOR 본문을 직접 계산하므로 AND, NAND, OR만으로 "
                           f"만드세요") from None
    except RecursionError:
        raise _xor_problem("XOR's body is nested too deeply to be checked", "XOR 본문이 너무 깊게 중첩되어 있습니다") from None
    return outputs


def _xor_source_verdict(ctx) -> list:
    """The source check of XOR, computed once per exercise (the same file for every test): raises its Fail, or
    returns what XOR's composition gives on PAIRS with the documented gates."""
    cache = ctx.runner.shared
    if "a01:xor-source" not in cache:
        try:
            cache["a01:xor-source"] = _check_xor_source(_read_source(ctx), _local_modules(ctx.runner.folder))
        except Fail as exc:
            cache["a01:xor-source"] = exc
    if isinstance(cache["a01:xor-source"], Fail):
        raise cache["a01:xor-source"]
    return cache["a01:xor-source"]


# ------------------------------------------------------------------------------------------ XOR: the behaviour
N_TABLE_SETS = 16
_X1, _X2 = 0b0011, 0b0101   # bit i of a signature is the output for PAIRS[i] (x1 = 0, 0, 1, 1; x2 = 0, 1, 0, 1)


def _bits(outs) -> int:
    return sum(int(v) << (3 - i) for i, v in enumerate(outs))


_IDX = None


def _apply_tables(tables):
    """L[g, k, a, b]: the signature of gate g (table set k) applied to signatures a and b."""
    global _IDX
    if _IDX is None:
        a = np.arange(16)[:, None, None]
        b = np.arange(16)[None, :, None]
        shift = 3 - np.arange(4)[None, None, :]
        _IDX = 2 * ((a >> shift) & 1) + ((b >> shift) & 1)        # (16, 16, 4): the table entry per output bit
    tabs = np.array([[tabs_k[g] for g in GATES] for tabs_k in tables], dtype=np.int64)   # (K, 3, 4)
    bits = tabs.transpose(1, 0, 2)[:, :, _IDX]                                          # (3, K, 16, 16, 4)
    return np.sum(bits << (3 - np.arange(4)), axis=-1)                                   # (3, K, 16, 16)


def _unique_rows(rows: np.ndarray) -> np.ndarray:
    codes = np.sum(rows.astype(np.uint64) << (4 * np.arange(rows.shape[1], dtype=np.uint64)), axis=1)
    _, first = np.unique(codes, return_index=True)
    return rows[np.sort(first)]


def _grow(level: np.ndarray, L) -> np.ndarray:
    """Signatures (rows: one 4-bit value per table set) of the level, and of every gate applied to two of them."""
    n, k = level.shape[0], L.shape[1]
    new = [level]
    ks = np.arange(k)
    for gi in range(L.shape[0]):
        out = L[gi][ks[None, None, :], level[:, None, :], level[None, :, :]]   # (n, n, k)
        new.append(out.reshape(n * n, k))
    return _unique_rows(np.concatenate(new))


def _is_composition(target: np.ndarray, L) -> bool:
    """Whether some formula of the gates (up to three gates deep on x1, x2; two deep with constants too) gives
    ``target`` (one signature per table set) under the drawn tables."""
    k = L.shape[1]
    found = lambda s: bool(np.any(np.all(s == target, axis=1)))  # noqa: E731
    s2 = _grow(_grow(np.array([[_X1] * k, [_X2] * k]), L), L)
    if found(s2):
        return True
    if found(_grow(_grow(np.array([[_X1] * k, [_X2] * k, [0] * k, [15] * k]), L), L)):
        return True
    ks = np.arange(k)
    for gi in range(L.shape[0]):
        i, j = np.nonzero(L[gi, 0][s2[:, 0][:, None], s2[:, 0][None, :]] == target[0])
        for kk in ks[1:]:
            keep = L[gi, kk][s2[i, kk], s2[j, kk]] == target[kk]
            i, j = i[keep], j[keep]
            if i.size == 0:
                break
        if i.size:
            return True
    return False


def _draw_tables(rng) -> list:
    """Random truth tables for the fake gates; never the real ones (so a fixed XOR table cannot follow them)."""
    sets = []
    while len(sets) < N_TABLE_SETS:
        tabs = {g: [int(v) for v in rng.integers(0, 2, size=4)] for g in GATES}
        if any(tabs[g] != TRUTH[g] for g in GATES):
            sets.append(tabs)
    return sets


def _composition_of_reference(tabs) -> list:
    """What XOR = AND(NAND(x1, x2), OR(x1, x2)) gives with the gates' truth tables ``tabs``."""
    f = lambda g, a, b: tabs[g][2 * a + b]  # noqa: E731
    return [f("AND", f("NAND", a, b), f("OR", a, b)) for a, b in PAIRS]


xor = A.exercise("gates.XOR", targets=["gates.XOR", "gates.AND", "gates.NAND", "gates.OR"],
                 title=T("XOR gate from NAND, OR and AND", "NAND, OR, AND로 만든 XOR 게이트"),
                 hint=T("XOR is not linearly separable, so one perceptron cannot compute it: stack two layers. The "
                        "first layer computes NAND and OR of the inputs; the second layer is the AND of those two "
                        "outputs (the study-group slides, 001: multi-layer perceptron). Call the module's gates, so "
                        "that XOR follows them.",
                        "XOR은 선형 분리가 불가능해 퍼셉트론 하나로는 만들 수 없습니다: 층을 두 개 쌓으세요. 첫 층은 입력의 "
                        "NAND와 OR, 둘째 층은 그 두 출력의 AND입니다 (스터디 발표 자료 001, 다층 퍼셉트론). XOR이 모듈의 "
                        "게이트를 따르도록 그 게이트들을 호출하세요."))


@xor.test(T("truth table", "진리표"), points=2)
def _(ctx):
    _truth_table(ctx, "XOR")


@xor.test(T("composed from the other gates", "다른 게이트들의 조합"), points=2)
def _(ctx):
    tables = _draw_tables(ctx.rng)
    got = expect.unwrap(ctx.call(drive_xor_with_fake_gates, tables, PAIRS))
    what = T("XOR with replaced gates", "게이트를 바꾼 XOR")
    if not isinstance(got, list) or len(got) != len(tables):
        raise Fail(T(f"{what.en}: expected {len(tables)} lists of outputs, got "
                     f"{len(got) if isinstance(got, list) else type(got).__name__}",
                     f"{what.ko}: 출력 목록 {len(tables)}개가 와야 하는데 다른 값을 받았습니다"))
    outs = [_ints(o, len(PAIRS), what, [T(f"XOR{p}") for p in PAIRS]) for o in got]
    composed = _xor_source_verdict(ctx)
    if composed != TRUTH["XOR"]:
        # judged with the documented gates, so a mistake in the student's own AND/NAND/OR does not cost this test
        raise Fail(T(f"XOR is built from the gates, but not as XOR: evaluated with the correct AND, NAND and OR, its "
                     f"composition gives {composed} for the inputs {PAIRS}, XOR's truth table is {TRUTH['XOR']}. "
                     f"Which gates make the first layer, and which gate combines their outputs?",
                     f"XOR이 게이트로 만들어졌지만 XOR이 아닙니다: 올바른 AND, NAND, OR로 계산하면 그 조합은 입력 {PAIRS}에 "
                     f"대해 {composed}을(를) 주는데 XOR의 진리표는 {TRUTH['XOR']}입니다. 첫 층은 어떤 게이트들이고, 그 "
                     f"출력을 어떤 게이트가 합치나요?"))
    if any(v not in (0, 1) for o in outs for v in o):
        raise Fail(T(f"{what.en}: the outputs {outs[0]} are not all 0 or 1", f"{what.ko}: 출력 {outs[0]}이(가) 0, 1이 아닙니다"),
                   "xor_lookup")
    target = np.array([_bits(o) for o in outs])
    if _is_composition(target, _apply_tables(tables)):
        return
    k = next((i for i, o in enumerate(outs) if o != _composition_of_reference(tables[i])), 0)
    tabs = ", ".join(f"{g}→{tables[k][g]}" for g in GATES)
    raise Fail(T(f"XOR does not follow the gates: with AND, NAND and OR replaced by gates with other truth tables "
                 f"({tabs}, outputs for inputs {PAIRS}), XOR gave {outs[k]}, which no composition of those gates gives "
                 f"(AND(NAND(x1, x2), OR(x1, x2)) gives {_composition_of_reference(tables[k])}). It matches a known "
                 f"mistake: XOR not composed from the gates. Build XOR by feeding the outputs of NAND and OR into AND, "
                 f"not from a lookup table or a formula of its own.",
                 f"XOR이 게이트를 따르지 않습니다: AND, NAND, OR을 다른 진리표의 게이트({tabs}, 입력 {PAIRS}에 대한 출력)로 "
                 f"바꾸었더니 XOR이 {outs[k]}을(를) 출력했는데, 그 게이트들을 어떻게 조합해도 이 값이 나오지 않습니다 "
                 f"(AND(NAND(x1, x2), OR(x1, x2))는 {_composition_of_reference(tables[k])}). 알려진 실수와 일치합니다: "
                 f"게이트를 조합하지 않은 XOR. 진리표나 별도의 식이 아니라 NAND와 OR의 출력을 AND에 넣어 만드세요."),
               "xor_lookup")


@xor.test(T("numpy and float inputs", "numpy 및 실수 입력"), points=1, hidden=True)
def _(ctx):
    _input_types(ctx, "XOR")


# ------------------------------------------------------------------------------------------ perceptron
perc = A.exercise("gates.perceptron", targets=["gates.perceptron"],
                  title=T("perceptron on a vector", "벡터 입력 퍼셉트론"),
                  hint=T("A perceptron computes the weighted sum Σᵢ wᵢ·xᵢ plus the bias b and outputs 1 when that sum "
                         "is positive, 0 otherwise (a sum of exactly 0 gives 0). The vector may have any length: "
                         "the sum runs over all of its entries.",
                         "퍼셉트론은 가중합 Σᵢ wᵢ·xᵢ에 편향 b를 더해, 그 값이 양수이면 1, 아니면 0을 출력합니다 (정확히 0이면 "
                         "0). 벡터의 길이는 임의이며 모든 원소에 대해 더합니다."))


def _perceptron_cases(rng, n_cases, max_dim):
    """Random cases whose weighted sum is clearly away from 0 (so no rounding decides), both outputs present."""
    while True:
        cases, signs = [], []
        while len(cases) < n_cases:
            n = int(rng.integers(1, max_dim + 1))
            x = rng.integers(-3, 4, size=n).astype(float)
            w = np.round(rng.uniform(-1, 1, size=n), 2)
            b = float(np.round(rng.uniform(-1, 1), 2))
            s = float(np.dot(w, x) + b)
            if abs(s) > 1e-6:
                cases.append((x, w, b))
                signs.append(s > 0)
        if any(signs) and not all(signs):
            return cases


def _zero_sum_cases(rng):
    """Cases whose weighted sum is exactly 0 in floating point (dyadic numbers), and tiny positive / negative sums.

    The fixed cases are always there; every run adds fresh ones, shuffled in."""
    cases = [(np.array([1.0, 1.0]), np.array([0.5, -0.5]), 0.0, 0),
             (np.array([2.0, 0.0, 1.0]), np.array([0.25, 3.0, 0.5]), -1.0, 0),
             (np.array([1.0]), np.array([1.0]), -1.0, 0),
             (np.array([1.0, 1.0]), np.array([0.5, 0.5]), 1e-9, 1)]
    for _ in range(6):
        n = int(rng.integers(1, 7))
        x = rng.integers(-3, 4, size=n).astype(float)
        x[int(rng.integers(n))] = float(rng.choice([-2.0, -1.0, 1.0, 2.0]))
        w = rng.integers(-16, 17, size=n) / 8.0
        w[w == 0] = 0.125
        b = -float(np.dot(w, x))           # exact: small multiples of 1/8
        cases.append((x, w, b, 0))
    for _ in range(2):
        n = int(rng.integers(1, 5))
        x = rng.integers(1, 4, size=n).astype(float)
        w = rng.integers(1, 9, size=n) / 8.0
        tiny = float(rng.choice([1e-9, 1e-7, 1e-5]))
        sign = int(rng.integers(2))
        cases.append((x, w, -float(np.dot(w, x)) + (tiny if sign else -tiny), sign))
    order = rng.permutation(len(cases))
    return [cases[i] for i in order]


def _check_perceptron(ctx, cases, want=None):
    got = ctx.call(drive_perceptron, cases)
    want = ctx.expected(drive_perceptron, cases) if want is None else want
    labels = [T(f"perceptron(case {i})", f"perceptron(경우 {i})") for i in range(len(cases))]
    got = _ints(got, len(cases), T("perceptron"), labels)
    want = [int(v) for v in want]
    for (x, w, b), g, e in zip(cases, got, want):
        if g != e:
            s = float(np.dot(w, x) + b)
            key = "threshold_inclusive" if s == 0 and g == 1 else None
            extra = T(" (w·x + b is exactly 0 here: the output must be 0)", " (여기서 w·x + b가 정확히 0이므로 출력은 0이어야 합니다)") \
                if key else T("")
            raise Fail(T(f"perceptron(x={x.tolist()}, w={w.tolist()}, b={b!r}) returned {g}, expected {e}; "
                         f"w·x + b = {s:.6g}", f"perceptron(x={x.tolist()}, w={w.tolist()}, b={b!r})이(가) {g}을(를) "
                         f"반환했는데 {e}이어야 합니다; w·x + b = {s:.6g}") + extra, key)


@perc.test(T("random vectors", "무작위 벡터"), points=1)
def _(ctx):
    _check_perceptron(ctx, _perceptron_cases(ctx.rng, 12, 5))


@perc.test(T("a weighted sum of exactly 0 gives 0", "가중합이 정확히 0이면 0"), points=1)
def _(ctx):
    cases = _zero_sum_cases(ctx.rng)
    _check_perceptron(ctx, [c[:3] for c in cases], want=[c[3] for c in cases])


@perc.test(T("fresh random vectors", "새 무작위 벡터"), points=1, hidden=True)
def _(ctx):
    _check_perceptron(ctx, _perceptron_cases(ctx.rng, 30, 10))
