"""Gradient checks, computed in the grader: the student's gradient against the gradient of the CORRECT function.

A backward pass earns its points only when it matches the gradient of the reference solution on the same inputs —
the reference's own analytic gradient (``mode "exact"``), or float64 central differences of the reference's forward
pass computed here in the grader — never merely its own forward pass (a layer that is wrong but self-consistent, all
zeros say, would pass that). Numeric modes:

* **full vector–Jacobian product** for small arrays: for every entry i of an input x,
  ``num_i = (f(x + h·e_i) − f(x − h·e_i)) / 2h`` with ``f(x) = Σ forward(x) ⊙ dout``
  (``dout`` a random upstream gradient);
* **random directions** for larger arrays: for unit directions d_k, ``(f(x + h·d_k) − f(x − h·d_k)) / 2h``
  compared with ``⟨dx, d_k⟩``.

Relative error: ``‖analytic − reference‖₂ / max(‖analytic‖₂ + ‖reference‖₂, 1e-12)``; both vectors tiny
(``‖·‖ < 1e-10``) counts as a pass. The threshold is stated in every failure message. The same numeric machinery,
run on the student's own forward pass, only explains a failure (:meth:`autograder.runner.Context.consistency_note`).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .registry import Fail, T, Text

DEFAULT_EPS = 1e-6
DEFAULT_THRESHOLD = 1e-6
MAX_FULL = 64       # arrays up to this many entries get the full check
N_DIRECTIONS = 8    # random directions for larger arrays


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na < 1e-10 and nb < 1e-10:
        return 0.0
    return float(np.linalg.norm(a - b) / max(na + nb, 1e-12))


def _scalarize(out, dout) -> float:
    """f = Σ out ⊙ dout (or the scalar output). Anything that is not numeric data of the right shape fails."""
    ok_type = isinstance(out, (np.ndarray, np.generic, int, float)) and not isinstance(out, (bool, np.bool_))
    if ok_type:
        out = np.asarray(out)
        ok_type = out.dtype.kind in "iuf"
    if not ok_type:
        raise Fail(T(f"the forward output used for the numeric gradient is not numeric data (got {type(out).__name__})",
                     f"수치 미분에 쓰는 순전파 출력이 숫자 데이터가 아닙니다 ({type(out).__name__})"))
    out = out.astype(np.float64)
    if dout is None:
        if out.size != 1:
            raise Fail(T(f"the forward output should be one number, got shape {out.shape}",
                         f"순전파 출력은 숫자 하나여야 하는데 형상이 {out.shape}입니다"), "wrong_shape")
        return float(out.reshape(()))
    if out.shape != np.shape(dout):
        raise Fail(T(f"the forward output has shape {out.shape}, expected {np.shape(dout)}",
                     f"순전파 출력의 형상이 {out.shape}인데 {np.shape(dout)}이어야 합니다"), "wrong_shape")
    return float(np.sum(out * dout))


def numeric_gradients(evaluate: Callable[[list[dict]], list], inputs: dict, wrt: list[str], *, dout=None,
                      eps: float = DEFAULT_EPS, rng: np.random.Generator | None = None, max_full: int = MAX_FULL,
                      n_directions: int = N_DIRECTIONS) -> dict:
    """Numeric gradients of ``f = Σ evaluate(inputs) ⊙ dout`` (or the scalar output when ``dout`` is None).

    Returns ``{name: ("full", grad_array) | ("dirs", directions (k, size), derivatives (k,))}``.
    ``evaluate`` maps a list of input dicts to the list of forward outputs (one round trip to the student).
    """
    rng = rng or np.random.default_rng(0)
    points, plan = [], {}
    for name in wrt:
        x = np.asarray(inputs[name], dtype=np.float64)
        if x.size <= max_full:
            dirs = None
            n = x.size
        else:
            dirs = rng.standard_normal((n_directions, x.size))
            dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
            n = n_directions
        plan[name] = (len(points), n, dirs, x.shape)
        for i in range(n):
            step = np.zeros(x.size)
            if dirs is None:
                step[i] = eps
            else:
                step = dirs[i] * eps
            for sign in (1.0, -1.0):
                p = dict(inputs)
                p[name] = x + sign * step.reshape(x.shape)
                points.append(p)
    outs = evaluate(points)
    if not isinstance(outs, list) or len(outs) != len(points):
        raise Fail(T("the forward evaluations did not come back", "순전파 계산 결과가 돌아오지 않았습니다"))
    values = np.array([_scalarize(o, dout) for o in outs])
    if not np.all(np.isfinite(values)):
        raise Fail(T("the forward output is NaN or infinite near the test point", "시험 지점 근처에서 순전파 출력이 NaN 또는 무한대입니다"),
                   "not_finite")
    result = {}
    for name, (start, n, dirs, shape) in plan.items():
        v = values[start:start + 2 * n]
        deriv = (v[0::2] - v[1::2]) / (2 * eps)
        result[name] = ("full", deriv.reshape(shape)) if dirs is None else ("dirs", dirs, deriv)
    return result


def reference_numeric(mods, forward_driver: str, inputs: dict, wrt: list, dout, eps: float, seed: int,
                      max_full: int = MAX_FULL) -> dict:
    """Numeric gradients of the REFERENCE forward pass (``mods`` are the reference modules, in the grader).

    Shaped like a driver so that :meth:`Context.expected` can compute it live (graded runs) or store it (``check``).
    """
    import importlib

    module_name, _, func_name = forward_driver.partition(":")
    forward = getattr(importlib.import_module(module_name), func_name)
    evaluate = lambda points: [forward(mods, p) for p in points]  # noqa: E731
    return numeric_gradients(evaluate, inputs, list(wrt), dout=dout, eps=eps, rng=np.random.default_rng(seed),
                             max_full=max_full)


def _vectors(analytic: np.ndarray, entry) -> tuple[np.ndarray, np.ndarray]:
    """(analytic, reference) as comparable vectors (projected on the directions in "dirs" mode)."""
    if entry[0] == "dirs":
        return entry[1] @ analytic.ravel(), np.asarray(entry[2], dtype=np.float64)
    return analytic.ravel(), np.asarray(entry[1], dtype=np.float64).ravel()


def agreement(analytic, entry) -> float:
    """Relative error between an analytic gradient and a reference entry (inf when the shapes cannot match)."""
    analytic = np.asarray(analytic, dtype=np.float64)
    size = entry[1].shape[1] if entry[0] == "dirs" else np.size(entry[1])
    if analytic.size != size:
        return float("inf")
    a, r = _vectors(analytic, entry)
    return relative_error(a, r) if np.all(np.isfinite(a)) else float("inf")


def _how(entry) -> Text:
    if entry[0] == "exact":
        return T("the reference solution's analytic gradient", "참조 답안의 해석적 기울기")
    if entry[0] == "full":
        return T("float64 central differences of the reference forward pass, full vector–Jacobian product",
                 "참조 답안 순전파의 float64 중앙 차분, 전체 벡터-야코비안 곱")
    return T(f"float64 central differences of the reference forward pass along {len(entry[2])} random directions",
             f"참조 답안 순전파의 float64 중앙 차분, 무작위 방향 {len(entry[2])}개")


def compare(name: str, analytic, entry, *, threshold: float = DEFAULT_THRESHOLD, what: Text | None = None,
            batch_size: int | None = None, note: "Text | callable | None" = None):
    """Raise :class:`Fail` unless ``analytic`` matches the correct gradient ``entry``.

    ``entry`` is ``("exact", array)`` (the reference's analytic gradient), or a numeric entry of
    :func:`numeric_gradients` computed on the reference. Common mistakes are named; ``note`` (a Text, or a function
    returning one, called only on failure) is appended, e.g. what the student's own forward pass says.
    """
    what = what or T(name)
    analytic = np.asarray(analytic, dtype=np.float64)
    ref_shape = np.shape(entry[1]) if entry[0] != "dirs" else None
    if ref_shape is not None and analytic.shape != ref_shape:
        if analytic.ndim == 2 and analytic.T.shape == ref_shape:
            err = relative_error(analytic.T, entry[1])
            if err <= threshold:
                _raise(what, "transposed", err, threshold, entry, note)
        raise Fail(T(f"{what.en}: shape {analytic.shape}, expected {ref_shape} (a gradient has the shape of the array "
                     f"it is taken with respect to)",
                     f"{what.ko}: 형상이 {analytic.shape}인데 {ref_shape}이어야 합니다 (기울기는 해당 배열과 같은 형상)"),
                   "wrong_shape")
    if entry[0] == "dirs" and analytic.size != entry[1].shape[1]:
        raise Fail(T(f"{what.en}: {analytic.size} values, expected {entry[1].shape[1]}",
                     f"{what.ko}: 값이 {analytic.size}개인데 {entry[1].shape[1]}개여야 합니다"), "wrong_shape")
    a_vec, r_vec = _vectors(analytic, entry)
    if not np.all(np.isfinite(a_vec)):
        raise Fail(T(f"{what.en}: contains NaN or infinite values", f"{what.ko}: NaN 또는 무한대 값이 있습니다"), "not_finite")
    err = relative_error(a_vec, r_vec)
    if err <= threshold:
        return err
    key = _diagnose(analytic, a_vec, r_vec, entry, threshold, batch_size)
    _raise(what, key, err, threshold, entry, note)


def _diagnose(analytic, a_vec, n_vec, entry, threshold, batch_size):
    if relative_error(-a_vec, n_vec) < threshold:
        return "sign_flipped"
    if entry[0] != "dirs" and analytic.ndim == 2 and analytic.shape[0] == analytic.shape[1]:
        if relative_error(analytic.T, entry[1]) < threshold:
            return "transposed"
    denom = float(np.dot(a_vec, a_vec))
    if denom > 1e-20:
        c = float(np.dot(a_vec, n_vec) / denom)  # n ≈ c·a ?
        if c > 0 and relative_error(c * a_vec, n_vec) < threshold:
            if batch_size and abs(c * batch_size - 1) < 1e-6:
                return "not_averaged_over_batch"
            if batch_size and abs(c - batch_size) < 1e-6 * batch_size:
                return "averaged_twice"
            return "gradient_scaled"
    if np.linalg.norm(a_vec) < 1e-10:
        return "gradient_zero"
    return None


def _raise(what: Text, key, err, threshold, entry, note):
    from .misconceptions import describe

    if key == "transposed" and err <= threshold:  # the shapes differ: the transpose is right, say just that
        name, advice = describe(key)
        raise Fail(T(f"{what.en} has the transposed shape; its transpose equals the correct gradient. It matches a known "
                     f"mistake: {name.en}. {advice.en}",
                     f"{what.ko}의 형상이 전치되어 있습니다; 전치하면 올바른 기울기와 같습니다. 알려진 실수와 일치합니다: "
                     f"{name.ko}. {advice.ko}"), key)
    how = _how(entry)
    rule = f"relative error ‖yours − correct‖/(‖yours‖ + ‖correct‖) = {err:.2e} > threshold {threshold:g}"
    rule_ko = f"상대 오차 ‖제출 − 정답‖/(‖제출‖ + ‖정답‖) = {err:.2e} > 기준 {threshold:g}"
    msg = T(f"{what.en} differs from the gradient of the correct function ({rule}; correct gradient: {how.en})",
            f"{what.ko}이(가) 올바른 함수의 기울기와 다릅니다 ({rule_ko}; 정답 기울기: {how.ko})")
    if key:
        name, advice = describe(key)
        msg = msg + T(f". It looks like a known mistake: {name.en}. {advice.en}",
                      f". 알려진 실수로 보입니다: {name.ko}. {advice.ko}")
    else:
        msg = msg + T(".")
    if note is not None:
        extra = note() if callable(note) else note
        if extra is not None:
            msg = msg + extra
    raise Fail(msg, key)
