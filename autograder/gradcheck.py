"""Numeric gradient checks (float64 central differences), computed in the grader.

The student's process only evaluates forward passes at the points the grader asks for (in one round trip);
the differences, the comparison and the verdict happen here. Two modes:

* **full vector–Jacobian product** for small arrays: for every entry i of an input x,
  ``num_i = (f(x + h·e_i) − f(x − h·e_i)) / 2h`` with ``f(x) = Σ forward(x) ⊙ dout``
  (``dout`` a random upstream gradient), compared with the analytic ``dx`` returned by ``backward(dout)``;
* **random directions** for larger arrays: for unit directions d_k, ``(f(x + h·d_k) − f(x − h·d_k)) / 2h``
  compared with ``⟨dx, d_k⟩``.

Relative error: ``‖analytic − numeric‖₂ / max(‖analytic‖₂ + ‖numeric‖₂, 1e-12)``; both vectors tiny
(``‖·‖ < 1e-10``) counts as a pass. The threshold is stated in every failure message.
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


def compare(name: str, analytic, numeric_entry, *, threshold: float = DEFAULT_THRESHOLD, what: Text | None = None,
            batch_size: int | None = None):
    """Raise :class:`Fail` when the analytic gradient disagrees with the numeric one (names common mistakes)."""
    what = what or T(name)
    mode = numeric_entry[0]
    analytic = np.asarray(analytic, dtype=np.float64)
    if mode == "full":
        numeric = numeric_entry[1]
        if analytic.shape != numeric.shape:
            if analytic.ndim == 2 and analytic.T.shape == numeric.shape and relative_error(analytic.T, numeric) < threshold:
                _raise(what, "transposed", 0.0, threshold, "full")
            raise Fail(T(f"{what.en}: shape {analytic.shape}, expected {numeric.shape} (the gradient has the shape of "
                         f"the array it is taken with respect to)",
                         f"{what.ko}: 형상이 {analytic.shape}인데 {numeric.shape}이어야 합니다 (기울기는 해당 배열과 같은 형상)"),
                       "wrong_shape")
        a_vec, n_vec = analytic.ravel(), numeric.ravel()
    else:
        _, dirs, numeric = numeric_entry
        if analytic.size != dirs.shape[1]:
            raise Fail(T(f"{what.en}: {analytic.size} values, expected {dirs.shape[1]}",
                         f"{what.ko}: 값이 {analytic.size}개인데 {dirs.shape[1]}개여야 합니다"), "wrong_shape")
        a_vec, n_vec = dirs @ analytic.ravel(), numeric
    if not np.all(np.isfinite(a_vec)):
        raise Fail(T(f"{what.en}: contains NaN or infinite values", f"{what.ko}: NaN 또는 무한대 값이 있습니다"), "not_finite")
    err = relative_error(a_vec, n_vec)
    if err <= threshold:
        return err
    key = _diagnose(analytic, a_vec, n_vec, numeric_entry, threshold, batch_size)
    _raise(what, key, err, threshold, mode)


def _diagnose(analytic, a_vec, n_vec, entry, threshold, batch_size):
    if relative_error(-a_vec, n_vec) < threshold:
        return "sign_flipped"
    if entry[0] == "full" and analytic.ndim == 2 and analytic.shape[0] == analytic.shape[1]:
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
    return None


def _raise(what: Text, key, err, threshold, mode):
    from .misconceptions import describe

    how = (T("full numeric vector–Jacobian product", "전체 수치 벡터-야코비안 곱") if mode == "full"
           else T(f"{N_DIRECTIONS} random directions", f"무작위 방향 {N_DIRECTIONS}개"))
    rule = (f"relative error ‖analytic − numeric‖/(‖analytic‖ + ‖numeric‖) = {err:.2e} > threshold {threshold:g}; "
            f"numeric: float64 central differences, {how.en}")
    rule_ko = (f"상대 오차 ‖해석적 − 수치‖/(‖해석적‖ + ‖수치‖) = {err:.2e} > 기준 {threshold:g}; "
               f"수치 미분: float64 중앙 차분, {how.ko}")
    msg = T(f"{what.en} disagrees with the numeric gradient ({rule})",
            f"{what.ko}이(가) 수치 기울기와 다릅니다 ({rule_ko})")
    if key:
        name, advice = describe(key)
        msg = msg + T(f". It looks like a known mistake: {name.en}. {advice.en}",
                      f". 알려진 실수로 보입니다: {name.ko}. {advice.ko}")
    raise Fail(msg, key)
